"""'Not me': a face kept as a rejected look of the employee it was taken for is not taken for them again."""
from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np

from core.config import AppConfig, DetectorSettings, RecognizerSettings
from pipeline.alignment import align_faces
from services.runtime import Runtime
from tests.conftest import shared_path

# Two people of the deepface photos (identities.csv groups G01 and G07), the closest pair of strangers there:
# G01 enrolled from img5; G07's img21 scores 0.26 against it, img20 0.06 (img20 and img21 score 0.77).
FIRST = ["img5.jpg", "img1.jpg", "img2.jpg", "img11.jpg"]
SECOND = ["img21.jpg", "img20.jpg"]


def _runtime(tmp_path: Path) -> Runtime:
    """Real models, and a threshold low enough (0.03, no margin) that the stranger's two photos are both taken
    for the one enrolled person: at the kiosk's real thresholds nobody in these photos is."""
    return Runtime(AppConfig(
        data_dir=tmp_path, models_dir=shared_path("models"),
        detector=DetectorSettings(kind="yolo", weights="yolov8n-face-int8"),
        recognizer=RecognizerSettings(arch="edgeface_xs_q", threshold=0.03, margin=0.0),
    ))


def _embed(runtime: Runtime, names: list[str]) -> np.ndarray:
    crops = []
    for name in names:
        image = cv2.imread(str(shared_path(f"media/deepface_dataset/{name}")))
        faces = runtime.detector.detect(image)
        best = int(np.argmax(faces.scores))
        crops.append(align_faces(image, faces.landmarks[best : best + 1]).crops[0])
    return runtime.recognizer.embed(np.stack(crops)).vectors


def test_after_one_not_me_the_second_person_is_no_longer_taken_for_the_first(tmp_path: Path) -> None:
    runtime = _runtime(tmp_path)
    first, second = _embed(runtime, FIRST), _embed(runtime, SECOND)
    employee = runtime.store.enrol("G01", "First Person", None, "edgeface_xs_q", first[:1], np.ones(1, np.float32))
    before = runtime.gallery().decide(np.concatenate([first[1:], second]), runtime.threshold, runtime.margin)
    assert [m.employee_id for m in before] == [employee.id] * 5  # at this threshold the stranger passes for them

    # the stranger, greeted as the first person, says "not me": that look of theirs is kept
    runtime.store.add_rejected_look(employee.id, "edgeface_xs_q", second[0], face=b"jpeg", event_uid="e" * 32,
                                    kiosk_id="door-1", actor="kiosk")
    after = runtime.gallery().decide(np.concatenate([first[1:], second[1:]]), runtime.threshold, runtime.margin)
    assert [m.employee_id for m in after] == [employee.id] * 3 + [None]  # the first still is; another photo of the stranger is nobody

    audit = [row for row in runtime.store.audit_log() if row.action == "reject_look"]
    assert len(audit) == 1 and audit[0].reason == "not me at the kiosk"


def test_an_erasure_destroys_the_rejected_looks_too(tmp_path: Path) -> None:
    runtime = _runtime(tmp_path)
    store = runtime.store
    employee = store.enrol("G01", "First Person", None, "edgeface_xs_q", np.eye(1, 512, dtype=np.float32), np.ones(1, np.float32))
    store.add_rejected_look(employee.id, "edgeface_xs_q", np.eye(1, 512, 5, dtype=np.float32)[0], face=None, event_uid=None,
                            kiosk_id="door-1", actor="kiosk")
    assert len(store.load_rejected_looks("edgeface_xs_q")) == 1
    receipt = store.withdraw_consent("G01", actor="admin", reason="asked")
    assert receipt.rejected_looks == 1 and '1 "not me" face(s)' in " ".join(receipt.lines)
    assert len(store.load_rejected_looks("edgeface_xs_q")) == 0


def test_not_me_on_the_banner_takes_the_check_in_back_keeps_the_face_and_offers_the_code(qtbot, tmp_path: Path) -> None:
    """Bob is greeted as Ann (a face taken for her): he presses "Not me" on the banner. Ann's check-in is voided
    (kept as evidence, audited), his face is kept as not being Ann, and the code check-in is offered at once."""
    from datetime import datetime, timedelta, timezone

    from PySide6.QtCore import QSettings

    from attendance.events import CheckInMethod
    from attendance.records import EventFilter
    from gui.context import GuiContext
    from gui.main_window import MainWindow
    from gui.models import ModelDownloads
    from pipeline.types import IdentityState, TrackedFace
    from services.greeting import Greeting

    runtime = Runtime(AppConfig(data_dir=tmp_path / "data"))
    ann = runtime.store.enrol("ann", "Ann Lee", None, "edgeface_xs_q", np.eye(1, 512, dtype=np.float32), np.ones(1, np.float32))
    bob_face = np.eye(1, 512, 7, dtype=np.float32)[0]
    seen = TrackedFace(3, np.array([10, 10, 60, 60], np.float32), IdentityState.RECOGNIZED, "Ann Lee", ann.id, "ann", 0.41, 0.41,
                       vector=bob_face)
    punch = runtime.desk.punch(ann.id, datetime.now(timezone.utc), CheckInMethod.FACE, face=seen, recognizer="edgeface_xs_q")
    greeting = Greeting("in", ann.id, "Ann Lee", punch.event.at, np.full((80, 80, 3), 128, np.uint8), None, punch.event,
                        bob_face, "edgeface_xs_q")
    context = GuiContext(runtime, tmp_path / "kiosk.toml", "0")
    window = MainWindow(context, runtime.pins, ModelDownloads(), QSettings(str(tmp_path / "gui.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    view = window.kiosk_view
    asked: list[str] = []
    view.codeRequested.disconnect()
    view.codeRequested.connect(asked.append)
    view.show_greeting(greeting)
    banner = view.banner
    assert banner.not_me.isVisibleTo(banner) and banner.not_me.accessibleName()
    banner.not_me.click()

    assert asked == [""]  # the code check-in, at once
    assert banner.text.startswith("Sorry! That check-in was taken back.")
    assert runtime.store.events() == []  # void: out of the record's default view...
    [voided] = runtime.store.events(EventFilter(include_voided=True))
    assert voided.voided and voided.employee_code == "ann"  # ...and kept as evidence
    looks = runtime.store.load_rejected_looks("edgeface_xs_q")
    assert looks.employee_ids.tolist() == [ann.id] and np.allclose(looks.vectors[0], bob_face)
    actions = [row.action for row in runtime.store.audit_log()]
    assert "void_event" in actions and "reject_look" in actions
    assert not banner.not_me.isVisibleTo(banner)
    # Ann herself, a minute later: her check-in counts (the one taken back does not hold her as "already in")
    later = punch.event.at + timedelta(minutes=1)
    assert runtime.desk.punch(ann.id, later, CheckInMethod.CODE).event.kind == "in"
    runtime.close()


def test_a_greeting_is_readable_from_two_metres_on_a_24_inch_1080p_screen(qtbot, tmp_path: Path) -> None:
    """Full screen at 1920x1080 the name's capitals are at least 11.6 mm tall (20 minutes of arc at 2 m, ISO
    9241-303) on a 24-inch screen, whose pixels are 0.277 mm."""
    from datetime import datetime, timezone

    from PySide6.QtGui import QFontMetrics

    from gui.context import GuiContext
    from gui.kiosk_view import KioskView
    from services.greeting import Greeting

    runtime = Runtime(AppConfig(data_dir=tmp_path / "data"))
    view = KioskView(GuiContext(runtime, tmp_path / "kiosk.toml", "0"))
    qtbot.addWidget(view)
    view.resize(1920, 1050)  # the screen less the status bar
    view.show()
    qtbot.waitUntil(lambda: view.height() == 1050)
    view.show_greeting(Greeting("in", 1, "Nguyễn Văn An", datetime.now(timezone.utc), None, None))
    capitals_mm = QFontMetrics(view.banner.title.font()).capHeight() * 0.277
    assert capitals_mm >= 11.6
    runtime.close()


def test_a_long_name_in_a_small_window_stays_on_one_line(qtbot, tmp_path: Path) -> None:
    """The greeting's type shrinks for a name that would break across lines, never below the line under it."""
    from datetime import datetime, timezone

    from PySide6.QtGui import QFontMetrics

    from gui.context import GuiContext
    from gui.kiosk_view import KioskView
    from services.greeting import Greeting

    runtime = Runtime(AppConfig(data_dir=tmp_path / "data"))
    view = KioskView(GuiContext(runtime, tmp_path / "kiosk.toml", "0"))
    qtbot.addWidget(view)
    view.resize(1280, 760)
    view.show()
    qtbot.waitUntil(lambda: view.height() == 760)
    name = "Maria del Carmen Fernández"
    view.show_greeting(Greeting("in", 1, name, datetime.now(timezone.utc), None, None))
    qtbot.wait(50)
    title, detail = view.banner.title, view.banner.detail
    assert QFontMetrics(title.font()).horizontalAdvance(name) <= title.contentsRect().width()
    assert detail.font().pixelSize() <= title.font().pixelSize() < 760 // 17
    runtime.close()
