"""PostgreSQL specifics on a throwaway server: session settings, time zones, reconnects, the CLI.

The store, migration and writer tests run on PostgreSQL too (``database_url`` in tests/conftest.py).
"""
from __future__ import annotations

import csv
import os
import subprocess
import sys
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import numpy as np
import pytest
from sqlalchemy import make_url, text

from attendance.db import Database, open_database
from attendance.events import AttendanceEvent
from attendance.records import EventFilter
from attendance.store import AttendanceStore
from cli.app import main
from tests.conftest import POSTGRES_TIMEZONE

ROOT = Path(__file__).resolve().parents[1]
BERLIN = ZoneInfo("Europe/Berlin")


@pytest.fixture
def db(postgres_url: str) -> Iterator[Database]:
    with open_database(postgres_url, busy_timeout_ms=250) as database:
        yield database


def show(db: Database, setting: str) -> str:
    with db.session() as session:
        return session.connection().exec_driver_sql(f"SHOW {setting}").scalar_one()


def test_connections_get_a_lock_timeout_that_survives_rollbacks(db: Database) -> None:
    db.engine.dispose()  # the next connection is new, and its first transaction is rolled back
    with pytest.raises(ZeroDivisionError), db.session() as session:
        session.execute(text("SELECT 1"))
        raise ZeroDivisionError
    assert show(db, "lock_timeout") == "250ms"
    assert show(db, "TimeZone") == POSTGRES_TIMEZONE  # not UTC: the round trips below mean something


def test_times_come_back_aware_and_equal_whatever_the_server_zone(db: Database) -> None:
    store = AttendanceStore(db)
    ann = store.enrol("E1", "Ann", None, "r", np.eye(1, 4, dtype=np.float32), np.ones(1),  # the store logs enrolled people only
                      consent_at=datetime(2024, 3, 31, 1, 30, tzinfo=BERLIN))
    # across Berlin's spring-forward night, and in a zone with a half-hour offset
    times = [datetime(2024, 3, 31, 1, 59, tzinfo=BERLIN), datetime(2024, 3, 31, 3, 1, tzinfo=BERLIN),
             datetime(2024, 3, 31, 12, 0, tzinfo=ZoneInfo("Asia/Kolkata"))]
    for at in times:
        store.add_event(AttendanceEvent(ann.id, "in", at, 0.8, 0.1, "door", 1, "r"))
    stored = store.events()
    assert [e.at for e in stored] == sorted(times)
    assert [e.at.utcoffset() for e in stored] == [t.utcoffset() for t in sorted(times)]
    assert store.get_employee(ann.id).consent_at == datetime(2024, 3, 31, 0, 30, tzinfo=timezone.utc)  # type: ignore[union-attr]
    assert all(e.created.tzinfo == timezone.utc for e in stored)
    # from_ <= at < to, bounds in UTC: 03:01 in Berlin is 01:01 UTC, 12:00 in Kolkata 06:30 UTC
    window = store.events(EventFilter(datetime(2024, 3, 31, 1, 1, tzinfo=timezone.utc), datetime(2024, 3, 31, 6, 30, tzinfo=timezone.utc)))
    assert [e.at for e in window] == [times[1]]


def test_a_dropped_server_connection_is_replaced(db: Database, postgres_url: str) -> None:
    import psycopg

    store = AttendanceStore(db)
    store.add_employee("E1", "Ann")
    admin = make_url(postgres_url).set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(admin, autocommit=True) as conn:  # what a server restart does to pooled connections
        conn.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
    assert [e.code for e in store.list_employees()] == ["E1"]


# -- the command line with database_url in the settings file -------------------------------------


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    env = os.environ | {"COLUMNS": "200", "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run([sys.executable, "main.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)


def test_cli_lists_employees_and_reports_from_postgresql(postgres_url: str, tmp_path: Path) -> None:
    with open_database(postgres_url) as database:
        store = AttendanceStore(database)
        ann = store.enrol("E1", "Ann Lee", "Sales", "edgeface_xs_q", np.eye(4, dtype=np.float32)[:2], np.ones(2))
        store.add_employee("E2", "Bob")
        day = datetime(2024, 6, 3, 8, 0, tzinfo=BERLIN)
        store.add_event(AttendanceEvent(ann.id, "in", day, 0.8, 0.1, "door", 1, "edgeface_xs_q"))
        store.add_event(AttendanceEvent(ann.id, "out", day + timedelta(hours=8, minutes=30), 0.8, 0.1, "door", 1, "edgeface_xs_q"))
    config = tmp_path / "kiosk.toml"
    config.write_text(f'data_dir = "{tmp_path / "data"}"\ndatabase_url = "{postgres_url}"\n')

    listed = _cli("--config", str(config), "employees", "list")
    assert listed.returncode == 0, listed.stderr
    assert "Ann Lee" in listed.stdout and "Bob" in listed.stdout

    out = tmp_path / "june.csv"
    report = ["report", "--from", "2024-06-01", "--to", "2024-06-30", "--timezone", "Europe/Berlin", "--out", str(out)]
    assert main(["--config", str(config), *report]) == 0
    with out.open(encoding="utf-8-sig") as file:
        (row,) = list(csv.DictReader(file))
    assert (row["Date"], row["Code"], row["First in (Europe/Berlin)"], row["Last out (Europe/Berlin)"], row["Hours"], row["Punches"]) == (
        "2024-06-03", "E1", "2024-06-03 08:00:00", "2024-06-03 16:30:00", "8:30", "2"
    )
    assert not (tmp_path / "data" / "kiosk.db").exists()  # nothing went to SQLite

    assert main(["--config", str(config), "employees", "delete", "E2"]) == 0
    assert main(["--config", str(config), "employees", "show", "E2"]) == 1
    with open_database(postgres_url) as database:
        assert [e.code for e in AttendanceStore(database).list_employees()] == ["E1"]


def test_cli_says_in_one_line_when_the_server_is_unreachable(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("psycopg", reason="needs the psycopg driver")
    config = tmp_path / "kiosk.toml"
    config.write_text('database_url = "postgresql+psycopg://kiosk@127.0.0.1:1/kiosk"\n')
    assert main(["--config", str(config), "--data-dir", str(tmp_path), "employees", "list"]) == 1
    err = capsys.readouterr().err
    assert "Connection refused" in err and "could not be reached" in err and "Traceback" not in err


def test_two_programs_opening_a_new_database_at_once_agree_on_one_key(postgres_server: str, tmp_path: Path) -> None:
    """Each with its own key folder, released at the same moment, several times: one seals the database, the
    other waits and says in one line that it needs the first one's key; the record verifies."""
    import time
    import uuid

    import psycopg

    admin = make_url(postgres_server).set(drivername="postgresql").render_as_string(hide_password=False)
    script = (
        "import os, sys, time\n"
        "from attendance.db import open_database\nfrom attendance.store import AttendanceStore\nfrom core.errors import KioskError\n"
        "start = float(sys.argv[2])\ntime.sleep(max(0.0, start - time.time()))\n"
        "try:\n    store = AttendanceStore(open_database(sys.argv[1]))\n    print('sealed' if store.verify_record().intact else 'broken')\n"
        "except KioskError as exc:\n    print('refused:', exc)\n"
    )
    root = Path(__file__).resolve().parents[1]
    for round_ in range(4):
        name = f"kiosk_race_{uuid.uuid4().hex[:8]}"
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        url = make_url(postgres_server).set(database=name).render_as_string(hide_password=False)
        start = f"{time.time() + 4:.3f}"
        runs = [
            subprocess.Popen(
                [sys.executable, "-c", script, url, start], cwd=root, text=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                env=os.environ | {"KIOSK_KEY_DIR": str(tmp_path / f"keys-{round_}-{side}")},
            )
            for side in ("a", "b")
        ]
        outcomes = sorted(run.communicate(timeout=120)[0].strip() for run in runs)
        assert outcomes[1] == "sealed", outcomes  # one, and only one, sealed it; the other is refused in one line:
        assert outcomes[0].startswith(("refused: another program sealed", "refused: the data key")), outcomes
        assert all(len(o.splitlines()) == 1 for o in outcomes)
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
