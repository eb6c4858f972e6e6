"""The attendance desk, the one front door of every check-in: face and code check-ins share one history of
today's punches and one spool, so they agree with each other and with the greeting, and neither a locked
database nor a killed process loses a punch or an attack record."""
from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path
from unittest.mock import patch

import numpy as np
import pytest

from attendance.desk import AttendanceDesk
from attendance.events import CheckInMethod
from attendance.policy import PolicyConfig
from attendance.writer import EventWriter
from core.config import AppConfig
from pipeline.types import Frame, FrameResult, IdentityState, Liveness, LivenessVerdict, TrackedFace
from services.code_checkin import CodeCheckIn, checkin_pins
from services.greeting import Greeter
from services.runtime import Runtime
from tests.conftest import enrolled

ROOT = Path(__file__).resolve().parents[1]
PIN = "482913"
T0 = datetime(2026, 12, 1, 8, 0, tzinfo=timezone.utc)
IMAGE = np.full((120, 160, 3), 90, np.uint8)


def face(employee_id: int, track: int = 4, state: Liveness = Liveness.LIVE) -> TrackedFace:
    verdict = LivenessVerdict(state, 0.9 if state is Liveness.LIVE else 0.04, 5)
    return TrackedFace(track, np.array([20, 20, 80, 90], np.float32), IdentityState.RECOGNIZED, "Ann Lee", employee_id,
                       "ann", 0.81, 0.2, 4, liveness=verdict)


@pytest.fixture
def runtime(tmp_path: Path):
    runtime = Runtime(AppConfig(data_dir=tmp_path / "data"))
    runtime.config.attendance.timezone = "UTC"
    ann = enrolled(runtime.store, "ann", "Ann Lee")  # face templates of the tests' recognizers, and a check-in PIN
    checkin_pins(runtime.store, ann).set_pin(PIN, actor="admin")
    yield runtime
    runtime.close()


def test_face_and_code_check_ins_share_one_history(runtime):
    """A face check-in is what the code dialog and the greeting then say, and the other way round."""
    ann = runtime.store.get_employee_by_code("ann")
    desk = runtime.desk
    door = desk.door("edgeface_xs_q", clock=lambda frame: T0)
    [event] = door.observe([face(ann.id)], Frame(IMAGE, 12, 0.4))
    assert (event.kind, event.method, event.track_id, event.frame_index, event.recognizer) == ("in", CheckInMethod.FACE, 4, 12, "edgeface_xs_q")
    by_code = CodeCheckIn(runtime.store, desk).check_in("ann", PIN, T0 + timedelta(minutes=2))  # within the cooldown
    assert by_code.greeting.kind == "already_in" and by_code.greeting.at == T0 and by_code.greeting.event is None
    out = CodeCheckIn(runtime.store, desk).check_in("ann", PIN, T0 + timedelta(hours=8))
    assert out.greeting.event.kind == "out" and out.greeting.event.method is CheckInMethod.CODE
    assert desk.last_punch(ann.id, T0 + timedelta(hours=8, minutes=1)).kind == "out"
    later = T0 + timedelta(hours=8, minutes=2)  # the face, within the cooldown of the code's "out"
    seen = FrameResult(Frame(IMAGE, 13, 0.5), (face(ann.id, track=9),))
    with patch("services.greeting.datetime") as clock:
        clock.now.return_value = later
        [again] = Greeter(runtime.store, desk, timezone.utc).greet(seen, desk.door("r", lambda frame: later).observe(seen.faces, seen.frame))
    assert (again.kind, again.at) == ("already_out", T0 + timedelta(hours=8))
    assert [(e.kind, e.method) for e in runtime.store.events()] == [("in", "face"), ("out", "code")]


def test_a_face_event_carries_a_thumbnail_only_when_the_kiosk_keeps_them(runtime, tmp_path: Path):
    store = runtime.store
    ann = store.get_employee_by_code("ann")
    for keep in (False, True):
        desk = AttendanceDesk(PolicyConfig(kiosk_id="door", keep_thumbnails=keep), store,
                              lambda kiosk, keep=keep: EventWriter(store, tmp_path / f"spool-{keep}", kiosk))
        [event] = desk.door("r", clock=lambda frame, keep=keep: T0 + timedelta(days=keep)).observe([face(ann.id)], Frame(IMAGE, 3, 0.1))
        assert (event.thumbnail is not None) == keep
        assert (event.similarity, event.margin, event.kiosk_id) == (pytest.approx(0.81), pytest.approx(0.2), "door")
        desk.close()


def test_another_kiosk_id_moves_the_desk_to_its_own_spool(runtime):
    desk = runtime.desk
    runtime.config.attendance.kiosk_id = "back-door"
    assert runtime.desk is desk and desk.config.kiosk_id == "back-door"
    ann = runtime.store.get_employee_by_code("ann")
    assert desk.punch(ann.id, T0, CheckInMethod.CODE).event.kiosk_id == "back-door"
    assert [e.kiosk_id for e in runtime.store.events()] == ["back-door"]


CHILD = """
import sys, time
from datetime import datetime, timezone
from pathlib import Path
import numpy as np
from core.config import AppConfig
from pipeline.types import Frame, IdentityState, Liveness, LivenessVerdict, TrackedFace
from services.code_checkin import CodeCheckIn
from services.runtime import Runtime

runtime = Runtime(AppConfig(data_dir=Path(sys.argv[1])))
runtime.config.attendance.timezone = "UTC"
desk = runtime.desk
at = datetime(2026, 12, 1, 8, 0, tzinfo=timezone.utc)
result = CodeCheckIn(runtime.store, desk).check_in("ann", sys.argv[2], at)
attack = TrackedFace(3, np.array([20, 20, 80, 90], np.float32), IdentityState.RECOGNIZED, "Ann Lee", result.greeting.employee_id,
                     "ann", 0.7, 0.2, 4, liveness=LivenessVerdict(Liveness.ATTACK, 0.03, 5))
desk.door("r", clock=lambda frame: at).observe([attack], Frame(np.zeros((120, 160, 3), np.uint8), 0, 0.0))
print(result.greeting.event.kind, desk.status.pending, flush=True)
time.sleep(60)
"""


def test_a_code_check_in_and_an_attack_record_survive_a_locked_database_and_a_kill(runtime, tmp_path):
    """The database is locked by another program; the kiosk process checks Ann in by code, records an attack,
    and is killed before the database takes either: the next start writes both, once."""
    data = tmp_path / "data"
    runtime.close()
    holder = sqlite3.connect(str(data / "kiosk.db"), isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    child = subprocess.Popen([sys.executable, "-c", CHILD, str(data), PIN], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        line = child.stdout.readline()
        assert line.split() == ["in", "2"], child.stderr.read() if not line else line  # both spooled, neither written
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait(30)
        holder.rollback()
        holder.close()
    restarted = Runtime(AppConfig(data_dir=data))
    try:
        assert restarted.desk.status.written == 1 and restarted.desk.status.ok
        [event] = restarted.store.events()
        assert (event.kind, event.method, event.at) == ("in", "code", T0)
        [attack] = restarted.store.attacks()
        assert (attack.employee_code, attack.track_id) == ("ann", 3)
        assert restarted.store.verify_record().intact
    finally:
        restarted.close()
    again = Runtime(AppConfig(data_dir=data))
    assert again.desk.status.written == 0 and len(again.store.events()) == 1  # replayed once
    again.close()
