"""The review queue: "not me" reports, check-ins close to the threshold or the margin and look-alike pairs, each with
what the decision rested on (similarity, margin, looks, liveness), resolved by the admin (audited, chained), and the
Attendance page's tab that shows them with the faces side by side."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

import cv2
import numpy as np
import pytest

from attendance.errors import DuplicateError
from attendance.events import AttendanceEvent, CheckInMethod
from attendance.records import EventFilter, Resolution, ReviewKind
from core.config import AppConfig, RecognizerSettings
from services.review import resolve, review_queue
from services.runtime import Runtime

ARCH = "edgeface_xs_q"
# today: a "not me" report is dated when it is said (now), and the queue is asked for the day that holds it
T0 = datetime.now(timezone.utc).replace(hour=8, minute=0, second=0, microsecond=0)
DAY = (T0 - timedelta(hours=8), T0 + timedelta(hours=16))
THRESHOLD, MARGIN = 0.4, 0.05


def unit(rows: np.ndarray) -> np.ndarray:
    return (rows / np.linalg.norm(rows, axis=1, keepdims=True)).astype(np.float32)


@pytest.fixture
def runtime(tmp_path: Path):
    """Ann, and Bob with his look-alike Bobby; a fixed threshold of 0.4 and margin of 0.05."""
    rng = np.random.default_rng(7)
    ann, bob = rng.normal(size=(2, 512))
    settings = RecognizerSettings(arch=ARCH, weights=ARCH, threshold=THRESHOLD, margin=MARGIN)
    runtime = Runtime(AppConfig(data_dir=tmp_path / "data", recognizer=settings))
    store = runtime.store
    photo = cv2.imencode(".jpg", np.full((112, 112, 3), 90, np.uint8))[1].tobytes()
    store.enrol("ann", "Ann", None, ARCH, unit(ann[None]), np.ones(1), photos=[photo])
    store.enrol("bob", "Bob", None, ARCH, unit(bob[None]), np.ones(1))
    store.enrol("bob2", "Bobby", None, ARCH, unit((bob + 0.3 * rng.normal(size=512))[None]), np.ones(1))
    yield runtime
    runtime.close()


def punch(runtime: Runtime, code: str, at: datetime, similarity: float, margin: float, *, looks: int = 4,
          live: float | None = 0.93, thumbnail: bytes | None = None) -> int:
    employee = runtime.store.get_employee_by_code(code)
    assert employee is not None
    event = AttendanceEvent(employee.id, "in", at, similarity, margin, "door-1", 3, ARCH, thumbnail=thumbnail,
                            method=CheckInMethod.FACE, looks=looks, live_score=live)
    return runtime.store.add_event(event)


def test_the_queue_holds_close_calls_not_me_and_look_alikes_with_their_facts(runtime):
    close = punch(runtime, "ann", T0, THRESHOLD + 0.02, 0.30, looks=3, live=0.81)  # just over the threshold
    thin = punch(runtime, "bob", T0 + timedelta(minutes=1), 0.80, MARGIN + 0.01)  # a thin margin over the runner-up
    punch(runtime, "ann", T0 + timedelta(hours=9), 0.80, 0.40)  # clear on both counts: not for review
    ann = runtime.store.get_employee_by_code("ann")
    clear = runtime.store.events(EventFilter(employee_code="ann"))[1].id  # the clear one is taken back by a "not me"
    runtime.store.void_event(clear, reason="not me at the kiosk", actor="kiosk")
    withdrawn = AttendanceEvent(ann.id, "in", T0 + timedelta(hours=9), 0.45, 0.21, "door-2", 9, ARCH, looks=2, live_score=0.7)
    runtime.store.add_rejected_look(ann.id, ARCH, unit(np.ones((1, 512)))[0], face=b"jpeg", event_uid=withdrawn.uid,
                                    kiosk_id="door-2", actor="kiosk", event=withdrawn)  # taken back from the spool: never stored

    queue = review_queue(runtime, *DAY)
    by_kind = {kind: [i for i in queue.items if i.kind is kind] for kind in ReviewKind}
    assert [i.kind for i in queue.items][:1] == [ReviewKind.NOT_ME]  # "not me" first
    assert [int(i.item) for i in by_kind[ReviewKind.NEAR_THRESHOLD]] == [thin, close]  # newest first; the voided one is gone
    near = by_kind[ReviewKind.NEAR_THRESHOLD][1]
    assert (near.similarity, near.margin, near.looks, near.live_score) == pytest.approx((0.42, 0.30, 3, 0.81))
    assert queue.threshold == THRESHOLD and queue.margin == MARGIN
    [pair] = by_kind[ReviewKind.LOOKALIKE]
    assert (pair.who.code, pair.other.code if pair.other else None) == ("bob", "bob2") and pair.similarity > 0.5
    [report] = by_kind[ReviewKind.NOT_ME]
    assert report.who.code == "ann" and report.look_id is not None and report.event is None and report.kiosk_id == "door-2"
    assert (report.similarity, report.margin, report.looks, report.live_score) == pytest.approx((0.45, 0.21, 2, 0.7))


def test_resolutions_are_audited_and_a_void_voids_the_check_in(runtime):
    close = punch(runtime, "ann", T0, THRESHOLD + 0.01, 0.30)
    other = punch(runtime, "bob", T0 + timedelta(minutes=5), THRESHOLD + 0.03, 0.30)
    items = {int(i.item): i for i in review_queue(runtime, *DAY).items if i.kind is ReviewKind.NEAR_THRESHOLD}

    resolve(runtime, items[close], Resolution.VOID, actor="admin", note="that was Cy, not Ann")
    resolve(runtime, items[other], Resolution.CONFIRM, actor="admin")
    [voided] = [e for e in runtime.store.events(EventFilter(include_voided=True)) if e.id == close]
    assert voided.voided
    assert [i for i in review_queue(runtime, *DAY).items if i.kind is ReviewKind.NEAR_THRESHOLD] == []  # both resolved
    audited = [row for row in runtime.store.audit_log() if row.action == "resolve_review"]
    assert sorted(row.details["resolution"] for row in audited) == ["confirm", "void"]
    assert any(row.reason == "that was Cy, not Ann" for row in audited)
    with pytest.raises(DuplicateError):
        runtime.store.resolve_review(ReviewKind.NEAR_THRESHOLD, str(other), Resolution.CONFIRM, actor="admin")
    with pytest.raises(ValueError, match="cannot be resolved"):
        resolve(runtime, items[other], Resolution.LOOKALIKES, actor="admin")
    assert runtime.store.verify_record().intact  # the looks and live score are part of the chained rows


def test_looks_and_live_score_survive_the_spool(runtime, tmp_path):
    from attendance.spool import SpooledEvent

    ann = runtime.store.get_employee_by_code("ann")
    event = AttendanceEvent(ann.id, "in", T0, 0.5, 0.2, "door-1", 1, ARCH, looks=5, live_score=0.77)
    line = SpooledEvent.of(event, runtime.store.key)
    back = SpooledEvent.model_validate_json(line.model_dump_json()).value(runtime.store.key)
    assert (back.looks, back.live_score) == (5, 0.77)


def test_the_attendance_page_reviews_with_the_faces_side_by_side(qtbot, runtime, tmp_path):
    from gui.attendance_page import AttendancePage
    from gui.context import GuiContext

    thumb = cv2.imencode(".jpg", np.full((64, 64, 3), 200, np.uint8))[1].tobytes()
    close = punch(runtime, "ann", datetime.now(timezone.utc) - timedelta(minutes=5), THRESHOLD + 0.02, 0.30, looks=3,
                  live=0.81, thumbnail=thumb)
    page = AttendancePage(GuiContext(runtime, tmp_path / "kiosk.toml", "0"))
    qtbot.addWidget(page)
    page.show()
    page.refresh()
    panel = page.review
    qtbot.waitUntil(lambda: panel.model.rowCount() == 2, timeout=10_000)  # the close call and the look-alike pair
    assert page.tabs.tabText(page.tabs.indexOf(panel)) == "To review (2)"
    row = next(i for i, item in enumerate(panel.model.rows) if item.item == str(close))
    panel.table.selectRow(row)
    assert "Similarity 0.42, threshold 0.40." in panel.why.text() and "Decided on 3 looks." in panel.why.text()
    assert "Liveness: live (score 0.81, threshold 0.50)." in panel.why.text()
    qtbot.waitUntil(lambda: not panel.enrolled_photo.pixmap().isNull() and not panel.face_photo.pixmap().isNull(), timeout=10_000)
    assert [b.isEnabled() for b in panel.buttons.values()] == [True, True, True, False]  # no look-alikes for a check-in
    with qtbot.waitSignal(panel.reenrolRequested, timeout=10_000) as asked:
        panel.buttons[Resolution.REENROL].click()
    assert asked.args == ["ann"]
    qtbot.waitUntil(lambda: panel.model.rowCount() == 1, timeout=10_000)
    panel.table.selectRow(0)
    assert panel.selected_item().kind is ReviewKind.LOOKALIKE
    panel.buttons[Resolution.LOOKALIKES].click()
    qtbot.waitUntil(lambda: panel.model.rowCount() == 0, timeout=10_000)
    assert "marked as look-alikes" in panel.status.text()
    assert page.tabs.tabText(page.tabs.indexOf(panel)) == "To review"


def test_a_not_me_of_a_stored_check_in_takes_its_facts(runtime):
    """Without the punch at hand (an admin's script, a kiosk that restarted), the stored event of its uid says what
    the mistaken check-in rested on."""
    punch(runtime, "bob", T0, 0.47, 0.12, looks=6, live=0.88)
    [event] = runtime.store.events(EventFilter(employee_code="bob"))
    runtime.store.void_event(event.id, reason="not me at the kiosk", actor="kiosk")
    runtime.store.add_rejected_look(event.employee_id, ARCH, unit(np.ones((1, 512)))[0], face=None, event_uid=event.uid,
                                    kiosk_id="door-1", actor="kiosk")
    [report] = runtime.store.not_me_reports()
    assert (report.similarity, report.margin, report.looks, report.live_score) == pytest.approx((0.47, 0.12, 6, 0.88))
    assert report.event is not None and report.event.voided and not report.has_face
