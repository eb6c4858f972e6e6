"""The enrolment form with the real models: photo verdicts, consent, save, look-alikes, re-enrolment, live capture."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from sqlalchemy import event

from core.config import AppConfig, DetectorSettings, RecognizerSettings
from gui.context import GuiContext
from gui.employees_page import EmployeesPage
from gui.enrol_page import EnrolPage
from pipeline.quality import FaceQuality, QualityThresholds
from services.capture import ATTACK_ENDED, CHECKING_TEXT, CapturePlan, LiveCapture, ShotCollector, guidance
from services.enrolment import PhotoAssessment
from services.runtime import Runtime
from tests.conftest import shared_path
from tests.media import EXAMPLES, shared_liveness

WAIT_MS = 60_000


@pytest.fixture
def context(tmp_path: Path) -> Iterator[GuiContext]:
    config = AppConfig(
        data_dir=tmp_path,
        detector=DetectorSettings(kind="yolo", weights=str(shared_path("models/yolov8n-face_int8.tflite"))),
        recognizer=RecognizerSettings(
            arch="edgeface_xs_q", weights=str(shared_path("models/edgeface_xs_q.pt")), device="cpu"
        ),
        liveness=shared_liveness(),
    )
    runtime = Runtime(config)
    yield GuiContext(runtime, tmp_path / "kiosk.toml", source="0")
    runtime.database.close()


def open_page(qtbot, context: GuiContext) -> EnrolPage:
    page = EnrolPage(context)
    qtbot.addWidget(page)
    page.show()
    page.refresh()  # as the main window does when it shows a page
    return page


def add_photos(qtbot, page: EnrolPage, *relative: str) -> None:
    paths = [shared_path(r) for r in relative]
    with qtbot.waitSignal(page.photosAssessed, timeout=WAIT_MS):
        page.add_files(paths)


def fill(page: EnrolPage, name: str, code: str, department: str) -> None:
    page.name_edit.setText(name)
    page.code_edit.setText(code)
    page.department_edit.setCurrentText(department)


def enrol_obama(qtbot, page: EnrolPage) -> None:
    """Barack Obama enrolled as OB1 from one photo, through the form."""
    fill(page, "Barack Obama", "OB1", "")
    add_photos(qtbot, page, f"{EXAMPLES}/obama.jpg")
    page.consent_box.setChecked(True)
    with qtbot.waitSignal(page.enrolled, timeout=WAIT_MS):
        page.save()


def item_texts(page: EnrolPage) -> list[str]:
    return [page.photos.index(row).data() for row in range(page.photos.rowCount())]


def tick(page: EnrolPage, row: int, ticked: bool) -> None:
    """What clicking the row's check box does."""
    state = Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked
    assert page.photos.setData(page.photos.index(row), state, Qt.ItemDataRole.CheckStateRole)


def test_enrol_from_files_then_listed(qtbot, context):
    page = open_page(qtbot, context)
    fill(page, "Barack Obama", "OB1", "Office")
    add_photos(
        qtbot, page, f"{EXAMPLES}/obama.jpg", f"{EXAMPLES}/obama2.jpg", "media/deepface_dataset/selfie-many-people.jpg"
    )
    texts = item_texts(page)
    assert texts[0].startswith("obama.jpg\naccepted: face") and texts[1].startswith("obama2.jpg\naccepted")
    assert texts[2].startswith("selfie-many-people.jpg\nrejected:") and "faces and none clearly dominant" in texts[2]
    rejected = page.photos.index(2)
    assert not page.photos.flags(rejected) & Qt.ItemFlag.ItemIsUserCheckable
    assert not rejected.data(Qt.ItemDataRole.DecorationRole).isNull()
    assert rejected.data(Qt.ItemDataRole.CheckStateRole) is None
    tick(page, 2, True)  # a rejected photo cannot be ticked
    assert page.photos.index(0).data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked
    assert [c.title for c in page.draft.selected()] == ["obama.jpg", "obama2.jpg"]
    assert not page.warning_label.isVisibleTo(page)  # nobody enrolled yet, one person in the photos

    assert not page.save_button.isEnabled() and "consent" in page.hint_label.text()
    assert page.save() is False and "the employee's consent" in page.status.text()
    page.consent_box.setChecked(True)
    assert page.save_button.isEnabled() and "Ready to save with 2 photos" in page.hint_label.text()
    assert "Consent recorded at" in page.consent_label.text()
    tick(page, 1, False)  # reject one accepted photo by hand
    assert "with 1 photo." in page.hint_label.text()
    tick(page, 1, True)

    with qtbot.waitSignal(page.enrolled, timeout=WAIT_MS) as saved:
        assert page.save()
    assert saved.args == ["OB1"]
    assert "Enrolled Barack Obama (OB1): 2 face template(s)" in page.status.text()
    assert page.photos.rowCount() == 0 and not page.consent_box.isChecked()  # ready for the next person

    store = context.runtime.store
    employee = store.get_employee_by_code("OB1")
    assert (employee.name, employee.department, employee.template_count) == ("Barack Obama", "Office", 2)
    assert employee.consent_at is not None
    assert not any(t.has_photo for t in store.list_templates(employee.id))  # no photos unless asked
    employees = EmployeesPage(context)
    qtbot.addWidget(employees)
    employees.refresh()
    qtbot.waitUntil(lambda: not employees.loading, timeout=WAIT_MS)
    assert [(e.code, e.name, e.template_count) for e in employees.model.rows] == [("OB1", "Barack Obama", 2)]

    page.code_edit.setText("OB1")
    assert "taken by Barack Obama" in page.hint_label.text()


def test_lookalike_warning_and_reenrol_keeping_photos(qtbot, context, monkeypatch):
    page = open_page(qtbot, context)
    enrol_obama(qtbot, page)

    fill(page, "Someone Else", "OB2", "")
    add_photos(qtbot, page, f"{EXAMPLES}/obama2.jpg")
    page.consent_box.setChecked(True)
    assert page.warning_label.isVisibleTo(page)
    assert "already match Barack Obama (OB1) (0." in page.warning_label.text()
    asked = []
    monkeypatch.setattr(QMessageBox, "question", lambda *a: asked.append(a[1]) or QMessageBox.StandardButton.No)
    assert page.save() is False and asked == ["Check before saving"]
    assert context.runtime.store.get_employee_by_code("OB2") is None

    page.start_reenrol("OB1")  # from the employees page's reenrolRequested
    assert page.name_edit.text() == "Barack Obama" and page.name_edit.isReadOnly()
    assert page.replace_box.isVisibleTo(page) and page.photos.rowCount() == 0
    add_photos(qtbot, page, f"{EXAMPLES}/obama2.jpg", f"{EXAMPLES}/obama.jpg")
    assert not page.warning_label.isVisibleTo(page)  # matching oneself is no warning
    page.keep_photos_box.setChecked(True)
    page.consent_box.setChecked(True)
    with qtbot.waitSignal(page.enrolled, timeout=WAIT_MS):
        page.save()
    store = context.runtime.store
    employee = store.get_employee_by_code("OB1")
    templates = store.list_templates(employee.id)
    assert len(templates) == 2 and all(t.has_photo for t in templates)  # replaced, with the aligned crops
    assert store.template_photo(templates[0].id)[:8] == b"\x89PNG\r\n\x1a\n"
    assert [a.action for a in store.audit_log()[:3]] == ["update_employee", "enrol", "delete_templates"]


def test_photos_checked_with_other_models_are_not_saved(qtbot, context):
    page = open_page(qtbot, context)
    fill(page, "Barack Obama", "OB1", "")
    add_photos(qtbot, page, f"{EXAMPLES}/obama.jpg")
    page.consent_box.setChecked(True)
    config = context.runtime.config.model_copy(deep=True)  # the settings page chose another recognizer
    config.recognizer.arch = "edgeface_xxs_q"
    config.recognizer.weights = str(shared_path("models/edgeface_xxs_q.pt"))
    context.runtime = Runtime(config)
    with qtbot.waitSignal(page._tasks.idle, timeout=WAIT_MS):
        assert page.save()
    assert page.status.text() == (
        "Not saved: the face models changed since these photos were checked: remove them and add them again"
    )
    assert context.runtime.store.get_employee_by_code("OB1") is None


def test_photos_of_two_people_are_flagged(qtbot, context):
    page = open_page(qtbot, context)
    add_photos(qtbot, page, f"{EXAMPLES}/obama.jpg", f"{EXAMPLES}/biden.jpg")
    assert page.warning_label.isVisibleTo(page)
    assert "may show different people: obama.jpg and biden.jpg" in page.warning_label.text()
    tick(page, 1, False)
    assert not page.warning_label.isVisibleTo(page)


def test_typing_runs_no_query_and_a_code_taken_meanwhile_is_refused_at_save(qtbot, context):
    page = open_page(qtbot, context)
    statements: list[str] = []

    def record(_conn, _cursor, statement, *_args) -> None:
        statements.append(statement)

    engine = context.runtime.database.engine
    event.listen(engine, "before_cursor_execute", record)
    try:
        fill(page, "Barack Obama", "OB1", "Office")
    finally:
        event.remove(engine, "before_cursor_execute", record)
    assert statements == []
    context.runtime.store.add_employee("OB1", "Someone Else")  # another admin, since the page was shown
    add_photos(qtbot, page, f"{EXAMPLES}/obama.jpg")
    page.consent_box.setChecked(True)
    with qtbot.waitSignal(page._tasks.idle, timeout=WAIT_MS):
        assert page.save()
    assert page.status.text() == "Not saved: employee code 'OB1' is already taken by Someone Else"
    assert context.runtime.store.get_employee_by_code("OB1").template_count == 0


def test_photos_checked_for_a_form_since_reset_are_dropped(qtbot, context):
    page = open_page(qtbot, context)
    with qtbot.waitSignal(page._tasks.idle, timeout=WAIT_MS):
        page.add_files([shared_path(f"{EXAMPLES}/obama.jpg")])
        page.reset()  # the models are still loading: the result belongs to the old form
    assert page.photos.rowCount() == 0 and page.draft.candidates == []
    add_photos(qtbot, page, f"{EXAMPLES}/obama.jpg")
    assert page.photos.rowCount() == 1


def test_reenrolment_photos_of_someone_else_are_flagged(qtbot, context):
    page = open_page(qtbot, context)
    enrol_obama(qtbot, page)
    page.start_reenrol("OB1")
    add_photos(qtbot, page, f"{EXAMPLES}/biden.jpg")
    assert "do not match the enrolled Barack Obama (OB1): best similarity" in page.warning_label.text()


def test_live_capture_takes_varied_shots(qtbot, context, tmp_path):
    folder = tmp_path / "camera"
    folder.mkdir()
    # a "camera" that shows one person's photos, one per second; this set's poses lie within 0.18 of each other,
    # so the order leaves three poses 0.08 apart after the live check (decided on the third photo)
    for index, name in enumerate(("img1", "img10", "img11", "img6", "img4", "img5", "img2", "img7")):
        (folder / f"{index}-{name}.jpg").symlink_to(shared_path(f"media/deepface_dataset/{name}.jpg"))
    page = open_page(qtbot, context)
    page.camera_edit.setText(str(folder))
    page.shots_spin.setValue(3)
    with qtbot.waitSignal(page.cameraStopped, timeout=WAIT_MS) as stopped:
        page.start_camera()
        assert page.camera_running and not page.add_files_button.isEnabled()
    assert stopped.args == ["3 shots taken"]
    assert not page.camera_running and page.add_files_button.isEnabled()
    shots = page.draft.candidates
    assert [c.title for c in shots] == ["camera shot 1", "camera shot 2", "camera shot 3"]
    assert all(c.assessment.accepted for c in shots)
    step = CapturePlan().pose_step
    poses = [(c.assessment.quality.yaw, c.assessment.quality.pitch) for c in shots]
    assert all(
        abs(a[0] - b[0]) >= step or abs(a[1] - b[1]) >= step for i, a in enumerate(poses) for b in poses[i + 1:]
    )
    assert page.shots_label.text() == "Shots: 3 of 3"


def test_live_capture_refuses_a_phone_held_up(qtbot, context):
    page = open_page(qtbot, context)
    page.camera_edit.setText(str(shared_path("media/spoof/videos/Apfol__fake2.webm")))
    with qtbot.waitSignal(page.cameraStopped, timeout=WAIT_MS) as stopped:
        page.start_camera()
    assert stopped.args == [ATTACK_ENDED] and page.draft.candidates == []


def test_live_capture_keeps_no_shot_before_the_person_is_judged_live(context):
    runtime = context.runtime
    capture = LiveCapture(
        str(shared_path("media/spoof/videos/Apfol__real2.webm")), runtime.quality_limits, CapturePlan(shots=2)
    )
    happened: list[str] = []
    why = capture.run(
        runtime.new_engine(),
        on_view=lambda view: happened.append(view.guidance),
        on_shot=lambda shot: happened.append("SHOT"),
        on_status=lambda text: None,
        liveness=runtime.new_liveness_judge(),
    )
    assert why == "2 shots taken" and happened.count("SHOT") == 2
    first_shot = happened.index("SHOT")
    assert CHECKING_TEXT in happened[:first_shot]  # the face passed the gate, but was not yet judged live
    assert CHECKING_TEXT not in happened[first_shot:]


def test_camera_stops_when_the_page_is_hidden(qtbot, context):
    page = open_page(qtbot, context)
    page.camera_edit.setText(str(shared_path(f"{EXAMPLES}/short_hamilton_clip.mp4")))  # loops like a camera
    page.shots_spin.setValue(10)
    page.start_camera()
    qtbot.waitUntil(lambda: not page.preview_label.pixmap().isNull(), timeout=WAIT_MS)
    assert page.guidance_label.text()
    with qtbot.waitSignal(page.cameraStopped, timeout=WAIT_MS) as stopped:
        page.hide()
    assert stopped.args == ["stopped"]
    assert page.preview_label.text() == "Camera off" and page.camera_button.text() == "Start camera"


def test_camera_that_cannot_open_is_reported(qtbot, context, tmp_path):
    page = open_page(qtbot, context)
    page.camera_edit.setText(str(tmp_path / "missing.mp4"))
    with qtbot.waitSignal(page.cameraStopped, timeout=WAIT_MS):
        page.start_camera()
    assert page.status.is_error and page.status.text() == f"video file not found: {tmp_path / 'missing.mp4'}"


# -- the shot collector and the guidance, without models -----------------------------------------------------


def shot(yaw: float, pitch: float = 0.5, vector: tuple[float, ...] = (1.0, 0.0), size: float = 200) -> PhotoAssessment:
    """A fake camera frame's verdict: accepted unless ``size`` is below the gate."""
    reasons = ("face too small",) if size < QualityThresholds().min_face else ()
    crop = np.zeros((112, 112, 3), np.uint8)
    quality = FaceQuality(size, 500.0, yaw, pitch)
    return PhotoAssessment("camera", reasons, 1, quality, np.array(vector, np.float32), 1.0, crop)


def test_collector_wants_pose_variety_one_person_and_a_pause():
    collector = ShotCollector(CapturePlan(shots=3, pose_step=0.1, min_interval_s=0.5, same_person=0.5))
    assert collector.offer(shot(0.0), at=0.0)
    assert not collector.offer(shot(0.2), at=0.2)  # too soon
    assert not collector.offer(shot(0.05), at=1.0)  # same pose
    assert not collector.offer(shot(0.2, vector=(0.0, 1.0)), at=1.0)  # someone else
    assert not collector.offer(shot(0.2, size=40), at=1.0)  # fails the gate
    assert collector.offer(shot(0.2), at=1.0)
    assert collector.offer(shot(0.1, pitch=0.65), at=2.0)  # new pitch counts as variety
    assert collector.full and not collector.offer(shot(-0.3), at=5.0)


def test_guidance_says_what_to_do():
    limits = QualityThresholds()
    collector = ShotCollector(CapturePlan(shots=3))
    assert guidance(PhotoAssessment("c", ("no face found",), 0), limits, collector) == "No face found: look at the camera"
    crowd = PhotoAssessment("c", ("3 faces and none clearly dominant (crop the photo to one person)",), 3)
    assert guidance(crowd, limits, collector) == "Only one person in front of the camera, please"
    assert guidance(shot(0.0, size=40), limits, collector) == "Come closer to the camera"
    assert guidance(shot(0.6), limits, collector) == "Turn your face towards the camera"
    assert guidance(shot(0.0), limits, collector) == "Good. Look straight at the camera"
    collector.offer(shot(0.0), 0.0)
    assert guidance(shot(0.0), limits, collector) == "Good. Turn your head a little to one side"
    collector.offer(shot(0.2), 1.0)
    assert guidance(shot(0.0), limits, collector) == "Good. Now turn your head a little to the other side"
    assert guidance(shot(0.0, vector=(0.0, 1.0)), limits, collector) == "Only the person being enrolled, please"


def test_enrolment_offers_no_face_data(qtbot, context, monkeypatch):
    from gui.code_checkin import NoFaceEmployeeDialog
    from services.code_checkin import checkin_pins

    page = EnrolPage(context)
    qtbot.addWidget(page)
    page.name_edit.setText("Nora Nofoto")
    page.code_edit.setText("N9")

    def fill(dialog: NoFaceEmployeeDialog) -> int:
        assert (dialog.name.text(), dialog.code.text()) == ("Nora Nofoto", "N9")  # carried over from the form
        dialog.first.setText("864213")
        dialog.second.setText("864213")
        dialog.try_save()
        return dialog.result()

    monkeypatch.setattr(NoFaceEmployeeDialog, "exec", fill)
    with qtbot.waitSignal(page.enrolled, timeout=5000) as enrolled:
        page.enrol_without_face()
    assert enrolled.args == ["N9"] and "without face data" in page.status.text()
    store = context.runtime.store
    nora = store.get_employee_by_code("N9")
    assert nora.template_count == 0 and checkin_pins(store, nora).check("864213").ok
