"""The fleet in view: heartbeats, the flags a kiosk gets (silent, backlog, no liveness, clock off), the punches of a
kiosk whose clock is off flagged in the record, the timesheet and the queue to correct; `kiosks list`."""
from __future__ import annotations

import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

from sqlalchemy import update

from attendance.events import AttendanceEvent, CheckInMethod
from attendance.models import KioskRow
from attendance.records import EventFilter, KioskFlag
from attendance.store import fleet
from attendance.timesheet import ExceptionKind
from cli.app import main
from core.config import AppConfig, AttendanceSettings
from services.heartbeat import HeartbeatThread, heartbeat
from services.reports import time_and_attendance
from services.runtime import Runtime

STARTED = datetime(2026, 12, 7, 6, tzinfo=timezone.utc)


def beat(kiosk_id: str, *, liveness: bool = True, backlog: int = 0):
    return heartbeat(kiosk_id, "yolo + edgeface_xs_q", liveness, backlog, None, 9.5, STARTED)


def test_kiosks_report_in_and_what_needs_a_look_is_flagged(tmp_path, monkeypatch, capsys):
    with Runtime(AppConfig(data_dir=tmp_path)) as runtime:
        store = runtime.store
        assert abs(store.beat(beat("door-1"))) < 1.0  # one computer: the same clock
        store.beat(beat("door-2", liveness=False, backlog=3))
        real_time = fleet.time.time
        monkeypatch.setattr(fleet.time, "time", lambda: real_time() - 3600)  # door-3's clock set an hour back
        assert store.beat(beat("door-3")) < -3500
        monkeypatch.undo()
        store.beat(beat("door-4"))
        with runtime.database.session() as session:  # door-4 went quiet three minutes ago
            session.execute(update(KioskRow).where(KioskRow.kiosk_id == "door-4").values(seen_at=datetime.now(timezone.utc) - timedelta(minutes=3)))
        flags = {k.beat.kiosk_id: set(k.flags) for k in store.kiosks()}
    assert flags == {"door-1": set(), "door-2": {KioskFlag.NO_LIVENESS, KioskFlag.BACKLOG}, "door-3": {KioskFlag.CLOCK_OFF},
                     "door-4": {KioskFlag.SILENT}}
    capsys.readouterr()
    assert main(["--data-dir", str(tmp_path), "kiosks", "list"]) == 0
    listed = {line.split("\t")[0]: line.split("\t") for line in capsys.readouterr().out.splitlines()[1:]}
    assert listed["door-3"][-1] == "clock off" and listed["door-3"][5].startswith("-3")
    assert listed["door-2"][-1] == "backlog, no liveness check" and listed["door-2"][8].endswith(", no liveness")


def test_a_kiosk_whose_clock_is_off_has_its_punches_flagged_for_a_look(tmp_path, monkeypatch):
    config = AppConfig(data_dir=tmp_path, attendance=AttendanceSettings(timezone="UTC"))
    with Runtime(config) as runtime:
        store = runtime.store
        ann = store.add_employee("ann", "Ann Lee").id
        real_time = fleet.time.time
        monkeypatch.setattr(fleet.time, "time", lambda: real_time() - 3600)
        store.beat(beat("door-3"))
        monkeypatch.undo()
        store.beat(beat("door-1"))
        yesterday = datetime.now(timezone.utc).replace(hour=9, minute=0, second=0, microsecond=0) - timedelta(days=1)
        store.add_event(AttendanceEvent(ann, "in", yesterday, None, None, "door-3", None, None, method=CheckInMethod.CODE))
        store.add_event(AttendanceEvent(ann, "out", yesterday + timedelta(hours=8), None, None, "door-1", None, None, method=CheckInMethod.CODE))
        events = store.events(EventFilter(employee_code="ann"))
        assert [(e.kiosk_id, e.clock_off) for e in events] == [("door-3", True), ("door-1", False)]
        assert store.verify_record().intact  # the flag is part of the chained row
        day = yesterday.date()
        found = time_and_attendance(store, day, day, timezone.utc, datetime.now(timezone.utc))
        [row] = found.rows
        assert row.clock_off and row.worked_minutes == 480
        assert [e.kind for e in found.exceptions] == [ExceptionKind.CLOCK_OFF]


def test_the_heartbeat_thread_beats_at_once_and_goes_on_when_the_database_fails(tmp_path):
    with Runtime(AppConfig(data_dir=tmp_path)) as runtime:
        calls: list[int] = []

        def describe():
            calls.append(1)
            if len(calls) == 1:
                raise RuntimeError("the database went away")
            return beat("door-1")

        thread = HeartbeatThread(runtime.store, describe, every_s=0.05).start()
        deadline = time.monotonic() + 5
        while not runtime.store.kiosks() and time.monotonic() < deadline:
            time.sleep(0.02)
        thread.stop()
        assert [k.beat.kiosk_id for k in runtime.store.kiosks()] == ["door-1"] and thread.clock_offset_s is not None


def test_admin_join_makes_a_new_computer_a_door_in_one_command(tmp_path, postgres_url):
    """Door 1 exports its key; the new computer (its own key folder and settings) joins with it after a rotation
    it never saw, and then works on the shared database; a wrong key file is refused in one line."""
    import os
    import subprocess
    import sys

    root = Path(__file__).resolve().parents[1]
    with Runtime(AppConfig(data_dir=tmp_path / "door1", database_url=postgres_url)) as door1:
        door1.store.add_employee("ann", "Ann Lee")
        door1.store.export_key(tmp_path / "key.txt", actor="admin")
        door1.store.rotate_key(actor="admin")  # after the export: the joining door takes it up
    other = {**os.environ, "KIOSK_KEY_DIR": str(tmp_path / "door2-keys"), "XDG_CONFIG_HOME": str(tmp_path / "door2-config")}
    settings = tmp_path / "door2" / "config.toml"  # a new computer: none yet

    def door2(*command: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "main.py", "--data-dir", str(tmp_path / "door2"), *command],
                              cwd=root, env=other, capture_output=True, text=True, timeout=120)

    (tmp_path / "wrong.txt").write_text("not a key\n")
    refused = door2("admin", "join", "--database-url", postgres_url, "--key-file", str(tmp_path / "wrong.txt"))
    assert refused.returncode == 1 and len(refused.stderr.strip().splitlines()) == 1 and "not a key file" in refused.stderr
    joined = door2("admin", "join", "--database-url", postgres_url, "--key-file", str(tmp_path / "key.txt"), "--kiosk-id", "door-2")
    assert joined.returncode == 0, joined.stderr
    assert "as kiosk 'door-2': data key generation 2" in joined.stdout
    assert 'kiosk_id = "door-2"' in settings.read_text() and "database_url" in settings.read_text()
    listed = door2("employees", "list")
    assert listed.returncode == 0 and "ann" in listed.stdout, listed.stderr
