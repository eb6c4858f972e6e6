"""Retention, enforced: `purge` deletes what [retention] keeps no longer, counting whole local days across DST,
destroys the face data of employees gone too long (they stay), keeps the record verifiable, writes one audit
record, and `--dry-run` changes nothing; `privacy policy` states the schedule."""
from __future__ import annotations

import io
import json
import sqlite3
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import numpy as np

from attendance.events import AttendanceEvent, PresentationAttack
from attendance.records import EventFilter
from attendance.spool import RejectedFile
from cli.app import main
from cli.pin_gate import PIN_ENV
from core.config import AppConfig, AttendanceSettings, RetentionSettings
from services.retention import cutoffs, purge
from services.runtime import Runtime

BERLIN = ZoneInfo("Europe/Berlin")
NOW = datetime(2026, 3, 30, 10, 0, tzinfo=BERLIN)  # the day after the clocks went forward (29 March, 02:00 -> 03:00)


def runtime_with(data: Path, **retention: int) -> Runtime:
    return Runtime(AppConfig(data_dir=data, attendance=AttendanceSettings(timezone="Europe/Berlin"), retention=RetentionSettings(**retention)))


def punch(runtime: Runtime, code: str, at: datetime) -> None:
    employee = runtime.store.get_employee_by_code(code)
    runtime.store.add_event(AttendanceEvent(employee.id, "in", at, 0.8, 0.2, "door", 1, "r"))


def enrol(runtime: Runtime, code: str) -> None:
    vectors = np.random.default_rng(len(code)).normal(size=(2, 512)).astype(np.float32)
    runtime.store.enrol(code, code.title(), None, "r", vectors, np.ones(2, np.float32))


def test_a_day_counts_as_a_local_day_across_the_clock_change():
    limits = cutoffs(RetentionSettings(events_days=1, audit_days=0, inactive_employee_days=0, rejected_spool_days=0), BERLIN, NOW)
    assert limits.events == datetime(2026, 3, 28, 23, 0, tzinfo=timezone.utc)  # local midnight starting 29 March (+01:00)
    assert limits.audit is None and limits.faces is None and limits.rejected is None
    summer = cutoffs(RetentionSettings(events_days=1), BERLIN, datetime(2026, 3, 31, 10, tzinfo=BERLIN))
    assert summer.events == datetime(2026, 3, 29, 22, 0, tzinfo=timezone.utc)  # local midnight starting 30 March (+02:00)


def test_purge_removes_exactly_what_is_too_old_and_keeps_the_record_verifiable(tmp_path):
    runtime = runtime_with(tmp_path / "data", events_days=1, audit_days=0, inactive_employee_days=0)
    enrol(runtime, "ann")
    punch(runtime, "ann", datetime(2026, 3, 28, 22, 59, tzinfo=timezone.utc))  # 23:59 on the 28th, Berlin: goes
    punch(runtime, "ann", datetime(2026, 3, 28, 23, 0, tzinfo=timezone.utc))  # 00:00 on the 29th: stays
    ann = runtime.store.get_employee_by_code("ann").id
    runtime.store.add_attack(PresentationAttack(datetime(2026, 3, 20, 9, tzinfo=BERLIN), "door", 5, 0.05, 6, ann, 0.7))
    dry = purge(runtime, dry_run=True, now=NOW)
    assert (dry.counts.events, dry.counts.attacks) == (1, 1) and dry.lines[0].startswith("would remove 1 attendance event(s)")
    assert runtime.store.count_events() == 2 and len(runtime.store.attacks()) == 1  # a dry run changes nothing
    report = purge(runtime, now=NOW)
    assert (report.counts.events, report.counts.attacks) == (1, 1)
    assert [e.at for e in runtime.store.events()] == [datetime(2026, 3, 28, 23, 0, tzinfo=timezone.utc)]
    assert runtime.store.attacks() == []
    state = runtime.store.verify_record()
    assert state.intact, state.problem
    [entry] = [e for e in runtime.store.audit_log() if e.action == "purge"]
    assert (entry.actor, entry.details["events"], entry.details["attacks"]) == ("retention", 1, 1)
    runtime.close()


def test_face_data_of_employees_gone_too_long_is_destroyed_and_they_stay(tmp_path):
    runtime = runtime_with(tmp_path / "data", inactive_employee_days=1095)
    for code in ("left", "unseen", "recent"):
        enrol(runtime, code)
    runtime.store.set_active("left", False, actor="admin")
    punch(runtime, "recent", NOW - timedelta(days=10))
    four_years_ago = (NOW - timedelta(days=4 * 365)).astimezone(timezone.utc).strftime("%Y-%m-%d %H:%M:%S.000000")
    with sqlite3.connect(tmp_path / "data" / "kiosk.db") as connection:  # as if enrolled four years ago
        connection.execute("UPDATE employees SET created = ?", (four_years_ago,))
        connection.execute("UPDATE templates SET created = ?", (four_years_ago,))
        connection.execute("UPDATE employees SET deactivated_at = ? WHERE code = 'left'", (four_years_ago,))
    report = purge(runtime, now=NOW)
    assert report.faces == ["left", "unseen"]
    store = runtime.store
    assert [(e.code, e.template_count) for e in store.list_employees()] == [("left", 0), ("recent", 2), ("unseen", 0)]
    assert {r.employee_code for r in store.erasure_receipts() if r.action == "retention_erase"} == {"left", "unseen"}
    assert store.verify_record().intact
    assert purge(runtime, now=NOW).faces == []  # nothing left to destroy
    runtime.close()


def test_set_aside_lines_age_out(tmp_path):
    data = tmp_path / "data"
    runtime = runtime_with(data, rejected_spool_days=30)
    rejected = RejectedFile(data)
    rejected.add([{"error": "refused"}])
    lines = (data / "rejected-events.jsonl").read_text().splitlines()
    old = json.loads(lines[0]) | {"set_aside": (NOW - timedelta(days=40)).isoformat()}
    (data / "rejected-events.jsonl").write_text(json.dumps(old) + "\n" + lines[0] + "\n" + "not json\n")
    assert purge(runtime, now=NOW).rejected_lines == 1
    assert len((data / "rejected-events.jsonl").read_text().splitlines()) == 2  # the recent line and the undated one
    runtime.close()


def test_the_commands(tmp_path, monkeypatch, capsys):
    monkeypatch.delenv(PIN_ENV, raising=False)
    data = tmp_path / "data"
    runtime = runtime_with(data)
    enrol(runtime, "ann")
    punch(runtime, "ann", datetime(2020, 1, 6, 8, tzinfo=timezone.utc))
    runtime.close()
    (data / "config.toml").write_text("[retention]\nevents_days = 365\ninactive_employee_days = 0\n")
    assert main(["--data-dir", str(data), "purge", "--dry-run"]) == 0
    assert "would remove 1 attendance event(s)" in capsys.readouterr().out
    assert main(["--data-dir", str(data), "privacy", "policy", "--company", "ACME"]) == 0
    notice = capsys.readouterr().out
    assert notice.startswith("BIOMETRIC DATA RETENTION AND DESTRUCTION POLICY") and "ACME uses" in notice
    assert "Attendance events and attack records are destroyed after 365 days" in notice
    sys.stdin = io.StringIO("246813\n")
    try:
        assert main(["--data-dir", str(data), "admin", "set-pin"]) == 0
    finally:
        sys.stdin = sys.__stdin__
    assert main(["--data-dir", str(data), "purge"]) == 1  # it deletes: the PIN
    monkeypatch.setenv(PIN_ENV, "246813")
    assert main(["--data-dir", str(data), "purge"]) == 0
    assert "removed 1 attendance event(s)" in capsys.readouterr().out
    check = Runtime(AppConfig(data_dir=data))
    assert check.store.count_events(EventFilter(include_voided=True)) == 0
    check.close()
