"""The tamper-evident record: every edit made with sqlite3 (an event, a void, an audit row, a deletion, an
insertion, cutting the end off) is found by `audit verify`, which names the first row that does not match;
the program's own writes, from several threads at once, keep the chain intact; reports carry its head."""
from __future__ import annotations

import csv
import sqlite3
import threading
from datetime import datetime, timedelta, timezone
from pathlib import Path

import numpy as np
import pytest

from attendance.chain import ChainHead
from attendance.db import open_database
from attendance.events import AttendanceEvent, PresentationAttack
from attendance.store import AttendanceStore
from cli.app import main

T0 = datetime(2026, 12, 1, 8, 0, tzinfo=timezone(timedelta(hours=1)))


@pytest.fixture
def data(tmp_path: Path) -> Path:
    """A data folder whose record holds events (one voided, one by hand), an attack and audit rows."""
    folder = tmp_path / "data"
    store = AttendanceStore(open_database(folder / "kiosk.db"))
    for code in ("ann", "bob"):
        store.enrol(code, code.title(), None, "r", np.eye(1, 4, dtype=np.float32), np.ones(1, np.float32))
    ann = store.get_employee_by_code("ann").id
    for minutes in (0, 30, 60):
        store.add_event(AttendanceEvent(ann, "in", T0 + timedelta(minutes=minutes), np.float32(0.8125), 0.25, "door", 1, "r"))
    store.void_event(2, reason="double punch", actor="admin")
    store.add_manual_event("bob", "out", T0 + timedelta(hours=9), reason="forgot", actor="admin")
    store.add_attack(PresentationAttack(T0, "door", 7, 0.1, 5, ann, 0.7))
    assert store.verify_record().intact
    store.close()
    return folder


def verify(data: Path, capsys: pytest.CaptureFixture[str], *extra: str) -> tuple[int, str]:
    code = main(["--data-dir", str(data), "audit", "verify", *extra])
    return code, capsys.readouterr().out


def sql(data: Path, statement: str) -> None:
    with sqlite3.connect(data / "kiosk.db") as connection:
        connection.execute(statement)


def test_an_untouched_record_verifies(data, capsys):
    code, output = verify(data, capsys)
    assert code == 0 and "attendance record intact: " in output


@pytest.mark.parametrize(
    ("edit", "named"),
    [
        ("UPDATE attendance_events SET similarity = 0.99 WHERE id = 3", "attendance event 3 was changed after it was written"),
        ("UPDATE attendance_events SET at = '2026-12-01 06:00:00.000000' WHERE id = 4", "attendance event 4 was changed"),
        ("UPDATE attendance_events SET voided = 0 WHERE id = 2", "attendance event 2 was un-voided outside the app"),
        ("UPDATE attendance_events SET voided = 1 WHERE id = 1", "attendance event 1 was voided outside the app"),
        ("DELETE FROM attendance_events WHERE id = 1", "attendance event 1 was deleted outside the app"),
        ("INSERT INTO attendance_events (employee_id, kind, at, utc_offset_min, kiosk_id, voided, source, created) "
         "SELECT employee_id, 'in', at, 0, 'door', 0, 'manual', created FROM attendance_events WHERE id = 1",
         "attendance event 5 is not in the chain (added outside the app)"),
        ("UPDATE audit_log SET actor = 'nobody' WHERE action = 'void_event'", "audit row"),
        ("UPDATE presentation_attacks SET live_score = 0.9", "presentation attack 1 was changed"),
        ("UPDATE record_chain SET digest = (SELECT digest FROM record_chain WHERE seq = 1) WHERE seq = 2", "link 2"),
        ("DELETE FROM record_chain WHERE seq = 3", "links 3 to 3 of the chain are missing"),
        ("UPDATE kiosk_meta SET value = '1:' || substr(value, 3) WHERE name = 'chain_head'", "chain head record was edited"),
    ],
)
def test_an_edit_outside_the_app_is_named(data, capsys, edit, named):
    sql(data, edit)
    code, output = verify(data, capsys)
    assert code == 2 and "attendance record TAMPERED" in output and named in output


@pytest.mark.parametrize(
    ("edit", "named"),
    [
        ("UPDATE attendance_events SET similarity = 0.99 WHERE id = 3", "attendance event 3 was changed after it was written"),
        ("UPDATE attendance_events SET voided = 0 WHERE id = 2", "attendance event 2 was un-voided outside the app"),
        ("DELETE FROM attendance_events WHERE id = 1", "attendance event 1 was deleted outside the app"),
        ("INSERT INTO attendance_events (employee_id, kind, at, utc_offset_min, kiosk_id, voided, source, created) "
         "SELECT employee_id, 'in', at, 0, 'door', 0, 'manual', created FROM attendance_events WHERE id = 1",
         "attendance event 5 is not in the chain (added outside the app)"),
        ("UPDATE presentation_attacks SET live_score = 0.9", "presentation attack 1 was changed"),
        ("", ""),  # nothing edited: intact
    ],
)
def test_a_large_record_digests_its_rows_in_a_second_process_and_names_the_same(data, capsys, monkeypatch, edit, named):
    """From PARALLEL_FROM links the rows are digested by a second process (the other core); what it finds is
    confirmed in the verifying session's own snapshot, so the verdicts are those of one process."""
    from attendance import chain as chain_module

    monkeypatch.setattr(chain_module, "PARALLEL_FROM", 1)
    calls: list[str] = []
    real = chain_module.Chain._row_helper
    monkeypatch.setattr(chain_module.Chain, "_row_helper", staticmethod(lambda session: calls.append("helper") or real(session)))
    if edit:
        sql(data, edit)
    code, output = verify(data, capsys)
    assert calls == ["helper"]
    if edit:
        assert code == 2 and named in output
    else:
        assert code == 0 and "attendance record intact" in output


def test_cutting_the_end_off_the_record_shows(data, capsys):
    with sqlite3.connect(data / "kiosk.db") as connection:  # the last event and its link, gone without a trace
        (last,) = connection.execute("SELECT MAX(seq) FROM record_chain WHERE target_table = 'presentation_attacks'").fetchone()
        connection.execute(f"DELETE FROM record_chain WHERE seq >= {last}")
        connection.execute("DELETE FROM presentation_attacks")
    code, output = verify(data, capsys)
    assert code == 2 and "links were cut off" in output


def test_the_first_problem_in_chain_order_is_named_first(data, capsys):
    sql(data, "UPDATE attendance_events SET margin = 0.5 WHERE id = 3")
    sql(data, "UPDATE attendance_events SET margin = 0.5 WHERE id = 1")
    code, output = verify(data, capsys)
    assert code == 2 and "attendance event 1 was changed" in output and "(1 more problems)" in output


def test_program_writes_from_several_threads_keep_the_chain_intact(data):
    store = AttendanceStore(open_database(data / "kiosk.db"), lock_timeout_s=30)
    ann = store.get_employee_by_code("ann").id

    def punch(offset: int) -> None:
        for i in range(8):
            store.add_event(AttendanceEvent(ann, "in", T0 + timedelta(days=1, minutes=offset * 100 + i), 0.9, 0.3, f"k{offset}", i, "r"))

    threads = [threading.Thread(target=punch, args=(n,)) for n in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    store.delete_employee("ann", actor="admin", delete_events=True)  # erasure: deletions are links of their own
    state = store.verify_record()
    assert state.intact, state.problem
    assert state.links == 10 + 24 + 27 + 1  # the fixture's, 24 events, 27 deletions, the erasure's audit row
    store.close()


def test_a_report_carries_the_head_it_was_made_from(data, tmp_path, capsys):
    assert main(["--data-dir", str(data), "report", "--out", str(tmp_path / "r.csv")]) == 0
    assert "attendance record intact" in capsys.readouterr().out
    with (tmp_path / "r_record.csv").open(encoding="utf-8-sig") as handle:
        rows = {row[0]: row[1] for row in csv.reader(handle)}
    head = ChainHead.parse(rows["Chain head"])
    assert rows["Check with"] == f"python main.py audit verify --head {head}"
    code, output = verify(data, capsys, "--head", str(head))
    assert code == 0 and f"chain head {head.seq} is part of this record" in output
    forged = ChainHead(head.seq, "0" * 64)
    code, output = verify(data, capsys, "--head", str(forged))
    assert code == 2 and "is NOT part of this record" in output
    from openpyxl import load_workbook

    assert main(["--data-dir", str(data), "report", "--out", str(tmp_path / "r.xlsx")]) == 0
    sheet = load_workbook(tmp_path / "r.xlsx")["Record"]
    assert ChainHead.parse(sheet["B2"].value) == head


def test_a_link_dated_before_its_predecessor_shows_a_clock_set_back(data, capsys, monkeypatch):
    """A kiosk whose clock was set back logs a check-in at the faked time: the chain is intact link by link,
    but a link dated far before an earlier one names the clock."""
    from datetime import datetime, timedelta, timezone

    from attendance import chain as chain_module

    store = AttendanceStore(open_database(data / "kiosk.db"))
    ann = store.get_employee_by_code("ann")
    slipped = datetime.now(timezone.utc) - timedelta(minutes=3)  # a clock corrected by a few minutes: no alarm
    monkeypatch.setattr(chain_module, "utcnow", lambda: slipped)
    store.add_event(AttendanceEvent(ann.id, "out", slipped, 0.8, 0.2, "door", 1, "r"))
    assert store.verify_record().intact
    faked = datetime.now(timezone.utc) - timedelta(days=35)
    monkeypatch.setattr(chain_module, "utcnow", lambda: faked)
    store.add_event(AttendanceEvent(ann.id, "in", faked, 0.8, 0.2, "door", 1, "r"))
    state = store.verify_record()
    assert not state.intact and "set back" in state.problem and "35 day(s) before an earlier link" in state.problem
    store.close()


def test_a_report_checks_what_is_new_since_the_last_full_verification(data):
    """Incremental: after an intact verification, only later links and the rows they name are checked (a
    month's report on a large record); `audit verify` keeps checking everything."""
    import sqlite3

    store = AttendanceStore(open_database(data / "kiosk.db"))
    assert store.verify_record().intact  # a full one: the checkpoint
    ann = store.get_employee_by_code("ann").id
    new = store.add_event(AttendanceEvent(ann, "out", T0 + timedelta(hours=10), 0.9, 0.3, "door", 2, "r"))
    with sqlite3.connect(data / "kiosk.db") as connection:
        connection.execute("UPDATE attendance_events SET similarity = 0.99 WHERE id = ?", (new,))
    state = store.verify_record(incremental=True)
    assert not state.intact and f"attendance event {new} was changed" in state.problem
    with sqlite3.connect(data / "kiosk.db") as connection:
        connection.execute("UPDATE attendance_events SET similarity = 0.9 WHERE id = ?", (new,))
    state = store.verify_record(incremental=True)
    assert state.intact and state.since > 0 and f"links after {state.since} checked now" in state.line
    with sqlite3.connect(data / "kiosk.db") as connection:
        connection.execute("UPDATE attendance_events SET similarity = 0.5 WHERE id = 1")  # before the checkpoint
    assert store.verify_record(incremental=True).intact  # the incremental one does not look back ...
    full = store.verify_record()
    assert not full.intact and "attendance event 1 was changed" in full.problem  # ... the full one does
    store.close()


def test_a_row_digest_is_the_sha256_of_its_columns_as_json_text():
    """The rule, spelt out: the JSON object of the columns by name (the link's left-out column and an empty
    later column left out), a time as UTC ISO text, bytes as their SHA-256, a float as the text of its repr;
    ORM rows as written and tuples as read back give the same digest."""
    import hashlib
    import json
    from datetime import datetime, timezone

    from attendance.chain import row_digest, table_digest
    from attendance.models import AuditRow, EventRow

    at = datetime(2026, 3, 29, 1, 30, 15, 123456, tzinfo=timezone.utc)
    event = {"id": 7, "employee_id": 3, "kind": "in", "at": at, "utc_offset_min": 120, "similarity": np.float32(0.8125),
             "margin": 1e-7, "kiosk_id": "Tür-1 \"main\"", "track_id": None, "recognizer": "r", "frame_index": np.int64(2**40),
             "thumbnail": b"\x00jpg", "source": "auto", "created": at, "event_uid": "u" * 32, "method": None, "clock_off": None, "looks": None, "live_score": None, "voided": True}
    spelt = {"at": at.isoformat(), "created": at.isoformat(), "employee_id": 3, "event_uid": "u" * 32, "frame_index": 2**40,
             "id": 7, "kind": "in", "kiosk_id": "Tür-1 \"main\"", "margin": "1e-07", "recognizer": "r", "similarity": "0.8125",
             "source": "auto", "thumbnail": hashlib.sha256(b"\x00jpg").hexdigest(), "track_id": None, "utc_offset_min": 120}
    expected = hashlib.sha256(json.dumps(spelt, sort_keys=True).encode()).hexdigest()
    assert row_digest(EventRow(**event)) == expected
    digester = table_digest(EventRow)
    assert digester.digest(tuple(event[name] for name in digester.names)) == expected
    audit = {"id": 1, "at": at, "actor": "admin", "action": "update_employee", "target_table": "employees", "target_id": None,
             "reason": "typo\nfixed \\ 'quoted' \u202e", "details": '{"before": {"name": "Nguyễn"}}'}
    spelt_audit = {**audit, "at": at.isoformat()}
    assert row_digest(AuditRow(**audit)) == hashlib.sha256(json.dumps(spelt_audit, sort_keys=True).encode()).hexdigest()
