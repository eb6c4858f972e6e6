"""One check-in across doors: two kiosk processes that punch one person in the same instant, round after round,
store one punch a round (the employee's row is locked while one of them writes); on SQLite and PostgreSQL. A
punch that waited for the database is stored whatever: a second punch, never a lost one."""
from __future__ import annotations

import json
import subprocess
import sys
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

from attendance.events import AttendanceEvent, CheckInMethod
from attendance.records import EventFilter
from attendance.writer import EventWriter
from core.config import AppConfig, AttendanceSettings
from services.runtime import Runtime

ROOT = Path(__file__).resolve().parents[1]
ROUNDS = 25
STEP_S = 0.4
BASE = datetime(2026, 12, 1, 6, tzinfo=timezone.utc)

KIOSK = """
import json, sys, time
from datetime import datetime, timedelta
from attendance.events import CheckInMethod
from core.config import AppConfig, AttendanceSettings
from services.runtime import Runtime

data, url, kiosk, start, rounds, step, base = sys.argv[1:8]
runtime = Runtime(AppConfig(data_dir=data, database_url=url or None, attendance=AttendanceSettings(kiosk_id=kiosk, timezone="UTC")))
ann = runtime.store.get_employee_by_code("ann").id
desk = runtime.desk
for r in range(int(rounds)):
    time.sleep(max(0.0, float(start) + r * float(step) - time.time()))
    desk.punch(ann, datetime.fromisoformat(base) + timedelta(minutes=10 * r), CheckInMethod.CODE)
status = desk.close()
print(json.dumps({"written": status.written, "merged": status.merged, "pending": status.pending}))
"""


def race(data: Path, url: str | None) -> list[dict[str, int]]:
    start = time.time() + 8  # both started and connected by then
    kiosks = [
        subprocess.Popen([sys.executable, "-c", KIOSK, str(data), url or "", kiosk, str(start), str(ROUNDS), str(STEP_S), BASE.isoformat()],
                         cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for kiosk in ("door-1", "door-2")
    ]
    results = []
    for kiosk in kiosks:
        out, err = kiosk.communicate(timeout=120)
        assert kiosk.returncode == 0, err
        results.append(json.loads(out.strip().splitlines()[-1]))
    return results


def check_one_punch_a_round(data: Path, url: str | None) -> None:
    config = AppConfig(data_dir=data, database_url=url, attendance=AttendanceSettings(timezone="UTC"))
    with Runtime(config) as runtime:
        runtime.store.add_employee("ann", "Ann Lee")
    results = race(data, url)
    with Runtime(config) as runtime:
        stored = runtime.store.events(EventFilter(employee_code="ann"))
    assert sum(r["pending"] for r in results) == 0
    assert sorted(e.at for e in stored) == [BASE + timedelta(minutes=10 * r) for r in range(ROUNDS)]  # one a round
    assert sum(r["written"] for r in results) == ROUNDS and sum(r["merged"] for r in results) == ROUNDS
    assert [e.kind for e in sorted(stored, key=lambda e: e.at)] == ["in", "out"] * (ROUNDS // 2) + ["in"] * (ROUNDS % 2)


def test_two_kiosks_punching_one_person_at_once_store_one_punch_sqlite(tmp_path):
    check_one_punch_a_round(tmp_path, None)


def test_two_kiosks_punching_one_person_at_once_store_one_punch_postgresql(tmp_path, postgres_url):
    check_one_punch_a_round(tmp_path, postgres_url)


def test_a_punch_that_waited_for_the_database_is_kept_as_a_second_punch(tmp_path):
    """Door 2 was cut off when it punched Ann: back, it stores its punch although door 1's stands for the same
    minute (the timesheet shows two; nothing is lost); a punch tried at once is merged."""
    config = AppConfig(data_dir=tmp_path, attendance=AttendanceSettings(timezone="UTC"))
    with Runtime(config) as runtime:
        store = runtime.store
        ann = store.add_employee("ann", "Ann Lee").id
        store.add_event(AttendanceEvent(ann, "in", BASE, None, None, "door-1", None, None, method=CheckInMethod.CODE))
        writer = EventWriter(store, tmp_path, "door-2", merge_within=timedelta(minutes=5))
        writer.submit(AttendanceEvent(ann, "in", BASE + timedelta(seconds=1), None, None, "door-2", None, None, method=CheckInMethod.CODE))
        assert (writer.status.merged, writer.status.written) == (1, 0)
        real_add = store.add_punch
        calls = iter([True])

        def away(event, **options):
            if next(calls, False):
                from attendance.errors import DatabaseWriteError

                raise DatabaseWriteError("the server is unreachable")
            return real_add(event, **options)

        store.add_punch = away  # type: ignore[method-assign]
        writer.submit(AttendanceEvent(ann, "in", BASE + timedelta(seconds=2), None, None, "door-2", None, None, method=CheckInMethod.CODE))
        assert writer.status.pending == 1
        status = writer.flush(force=True)
        assert (status.pending, status.written, status.merged) == (0, 1, 1)
        writer.close()
        assert [e.kiosk_id for e in store.events(EventFilter(employee_code="ann"))] == ["door-1", "door-2"]


def test_a_door_cut_off_from_postgresql_decides_alone_and_its_punch_is_kept_when_it_is_back(tmp_path, postgres_url):
    """Door 2 loses the server (its connections cut, new ones refused) while Ann checks in at both doors in the same
    minute: door 1's punch is stored at once, door 2's waits in its spool and is stored when the server takes
    connections again, as a second punch (the timesheet sees both; nothing is lost)."""
    import psycopg
    from sqlalchemy import make_url

    name = make_url(postgres_url).database
    admin = make_url(postgres_url).set(drivername="postgresql", database="postgres").render_as_string(hide_password=False)

    def allow(allowed: bool) -> None:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS {str(allowed).lower()}')
            if not allowed:
                conn.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()", (name,))

    config = AppConfig(data_dir=tmp_path / "door1", database_url=postgres_url, attendance=AttendanceSettings(kiosk_id="door-1", timezone="UTC"))
    door1 = Runtime(config)
    door2 = Runtime(config.model_copy(update={"data_dir": tmp_path / "door2", "attendance": AttendanceSettings(kiosk_id="door-2", timezone="UTC")}))
    try:
        ann = door1.store.add_employee("ann", "Ann Lee").id
        desk1, desk2 = door1.desk, door2.desk
        now = datetime.now(timezone.utc)
        allow(False)
        try:
            cut_off = desk2.punch(ann, now, CheckInMethod.CODE)  # decided alone: nobody to ask
            assert cut_off.event is not None and desk2.status.pending == 1
        finally:
            allow(True)
        assert desk1.punch(ann, now + timedelta(seconds=1), CheckInMethod.CODE).event is not None
        assert desk1.status.written == 1
        status = door2.close_desk()  # back: reconciled (closing retries until everything is written)
        assert (status.pending, status.written, status.merged) == (0, 1, 0)
        stored = door1.store.events(EventFilter(employee_code="ann"))
        assert sorted(e.kiosk_id for e in stored) == ["door-1", "door-2"]
    finally:
        door1.close()
        door2.close()
