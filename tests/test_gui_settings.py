"""The settings page and the model files: TOML written back and read again, validation, downloads with
progress and cancel, the first-run check for missing models, and saved settings reaching the running app."""
from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from core.config import (
    AppConfig,
    AttendanceSettings,
    DetectorSettings,
    RecognizerSettings,
    VideoSettings,
    config_toml,
    load_config,
    save_config,
)
from gui.context import GuiContext
from gui.first_run import ModelsDialog, file_choices, with_model_file
from gui.main_window import MainWindow
from gui.models import ModelDownloads, ModelsTable
from gui.settings_page import SettingsPage
from pipeline.registry import ModelRegistry, ModelSpec
from services.runtime import Runtime
from tests.conftest import shared_path
from tests.http_fake import PAYLOAD, FakeServer, Reply, make_spec, no_proxy, serve

WAIT_MS = 10_000


@pytest.fixture(autouse=True)
def _no_extra_model_folders(monkeypatch):
    monkeypatch.delenv("KIOSK_MODEL_PATH", raising=False)


@pytest.fixture
def context(tmp_path: Path) -> Iterator[GuiContext]:
    runtime = Runtime(AppConfig(data_dir=tmp_path / "data", models_dir=tmp_path / "models"))
    yield GuiContext(runtime, tmp_path / "kiosk.toml", "0")


@pytest.fixture
def page(qtbot, context: GuiContext, tmp_path: Path) -> SettingsPage:
    page = SettingsPage(context, context.runtime.pins, ModelDownloads())
    qtbot.addWidget(page)
    page.show()
    return page


def test_toml_round_trip(tmp_path):
    config = AppConfig(
        data_dir=tmp_path / "data dir",
        database_url="sqlite:///C:\\kiosk\\att.db",
        detector=DetectorSettings(kind="yunet", confidence=0.65, weights='C:\\models\\"fast" yunet.onnx'),
        recognizer=RecognizerSettings(arch="edgeface_xs_q", threshold=0.31, device="cuda:1"),
        video=VideoSettings(embed_every=5),
        attendance=AttendanceSettings(kiosk_id="hall B.2 Zürich", cooldown_minutes=2.5, timezone="Europe/Zurich"),
    )
    path = tmp_path / "conf" / "kiosk.toml"
    save_config(config, path)
    assert load_config(path) == config
    assert "null" not in config_toml(config) and "[recognizer]" in config_toml(config)
    assert not list(path.parent.glob("*.tmp"))


def test_saving_writes_the_file_and_announces_the_config(qtbot, page, context):
    page.field("attendance.cooldown_minutes").setValue(12.5)
    page.field("attendance.kiosk_id").setText("front-door")
    page.calibrated.setChecked(False)
    page.threshold.setValue(0.42)
    page.field("video.embed_every").setValue(4)
    page.device.setCurrentText("cpu")
    page.precision.setCurrentText("bf16")
    page.field("attendance.mode").setCurrentText("in")
    page.field("enrolment.keep_photos").setChecked(True)
    with qtbot.waitSignal(page.saved, timeout=WAIT_MS) as saved:
        assert page.save()
    written = load_config(context.config_path)
    assert saved.args[0] == written
    assert written.attendance.cooldown_minutes == 12.5 and written.attendance.kiosk_id == "front-door"
    assert written.attendance.mode == "in" and written.enrolment.keep_photos
    assert written.recognizer.threshold == pytest.approx(0.42) and written.recognizer.device == "cpu"
    assert written.recognizer.precision == "bf16"
    assert written.video.embed_every == 4
    assert "Saved to" in page.status.text()


def test_the_liveness_switch_and_threshold_are_saved(qtbot, page, context):
    assert page.field("liveness.enabled").isChecked() and page.field("liveness.border").isChecked()  # on by default
    page.liveness_threshold.setValue(0.8)
    page.field("liveness.enabled").setChecked(False)
    assert not page.liveness_threshold.isEnabled() and not page.field("liveness.border").isEnabled()
    with qtbot.waitSignal(page.saved, timeout=WAIT_MS):
        assert page.save()
    written = load_config(context.config_path).liveness
    assert not written.enabled and written.threshold == pytest.approx(0.8)
    assert written.sure_live >= 0.8 >= written.sure_attack  # kept in order around the new threshold


@pytest.mark.parametrize(
    "edit, message",
    [
        (lambda p: p.device.setCurrentText("gpu"), "device 'gpu'"),
        (lambda p: p.field("attendance.kiosk_id").setText("  "), "kiosk_id: String should have at least 1 character"),
        (lambda p: p.field("attendance.kiosk_id").setText("../../x"), "kiosk id '../../x': use letters"),
        (lambda p: p.detector_weights.setCurrentText("/nowhere/face.onnx"), "neither a known model nor an existing file"),
    ],
)
def test_invalid_settings_are_not_saved(qtbot, page, context, edit, message):
    edit(page)
    with qtbot.assertNotEmitted(page.saved):
        assert not page.save()
    assert message in page.status.text()
    assert not context.config_path.exists()


def test_recognizer_file_needs_its_architecture(page, tmp_path):
    weights = tmp_path / "mine.pt"
    weights.write_bytes(b"x")
    page.recognizer_weights.setCurrentText(str(weights))
    assert not page.save()
    assert "architecture" in page.status.text()
    page.recognizer_arch.setCurrentIndex(page.recognizer_arch.findData("edgeface_xs"))
    assert page.save()


def test_revert_shows_the_running_config_again(page):
    page.field("attendance.kiosk_id").setText("changed")
    page.refresh()
    assert page.field("attendance.kiosk_id").text() == "kiosk-1"


def test_the_devices_line_is_filled_when_the_page_shows(page):
    """Listing the devices needs torch: the page lists them once it is shown, not when it is built."""
    assert page.devices_found.text().startswith("this computer: cpu")


def fake_fetch(spec: ModelSpec, folder: Path, progress: bool = True, cancel: threading.Event | None = None) -> Path:
    """Writes the file in four slow chunks through its .part file, like the real download."""
    part = folder / f"{spec.filename}.part"
    folder.mkdir(parents=True, exist_ok=True)
    size = spec.size or 1000
    with part.open("wb") as handle:
        for _ in range(4):
            handle.write(b"\0" * (size // 4))
            handle.flush()
            time.sleep(0.3)
        handle.write(b"\0" * (size - 4 * (size // 4)))
    return part.rename(folder / spec.filename)


def test_download_shows_progress_then_present(qtbot, monkeypatch, tmp_path):
    monkeypatch.setattr("gui.models.fetch", fake_fetch)
    registry = ModelRegistry.load()
    downloads = ModelDownloads()
    table = ModelsTable(registry, tmp_path / "models", downloads)
    qtbot.addWidget(table)
    assert table.status_text("yunet_s") == "missing"
    seen: list[int] = []
    downloads.progressed.connect(lambda name, done, total: seen.append(done))
    with qtbot.waitSignal(table.changed, timeout=WAIT_MS):
        table.table.cellWidget(table.row_of("yunet_s"), 5).click()
        qtbot.waitUntil(lambda: table.status_text("yunet_s").startswith("downloading"), timeout=WAIT_MS)
    assert table.status_text("yunet_s") == "present"
    assert any(0 < done < registry.get("yunet_s").size for done in seen)


def test_failed_download_says_why(qtbot, monkeypatch, tmp_path):
    from core.errors import ModelError

    def offline(spec, folder, progress=True, cancel=None):
        raise ModelError("could not download yunet_s: no connection")

    monkeypatch.setattr("gui.models.fetch", offline)
    table = ModelsTable(ModelRegistry.load(), tmp_path / "models", ModelDownloads())
    qtbot.addWidget(table)
    with qtbot.waitSignal(table.changed, timeout=WAIT_MS):
        table.table.cellWidget(table.row_of("yunet_s"), 5).click()
    assert table.status_text("yunet_s") == "download failed: could not download yunet_s: no connection"


@pytest.fixture
def server(monkeypatch) -> Iterator[FakeServer]:
    """The download tests' local HTTP server."""
    no_proxy(monkeypatch)
    yield from serve()


def test_cancelled_download_keeps_its_part_file_and_resumes(qtbot, server: FakeServer, tmp_path):
    gate = threading.Event()
    server.routes["/model.pt"] = lambda q: Reply(gate=gate)
    downloads = ModelDownloads()
    table = ModelsTable(ModelRegistry(models=(make_spec(server.url("/model.pt")),)), tmp_path, downloads)
    qtbot.addWidget(table)
    part = tmp_path / "fake_model.pt.part"
    table.table.cellWidget(0, 5).click()
    cancel = table.table.cellWidget(0, 5)
    assert (cancel.objectName(), cancel.text()) == ("cancel-fake-model", "Cancel")
    assert table.status_text("fake-model").startswith("downloading")
    qtbot.waitUntil(lambda: part.is_file() and part.stat().st_size > 0, timeout=WAIT_MS)
    with qtbot.waitSignal(downloads.finished, timeout=WAIT_MS) as finished:
        cancel.click()
        gate.set()  # more bytes arrive after the cancel: the next chunk stops the download
    assert finished.args == ["fake-model", "", True]
    assert table.status_text("fake-model") == "cancelled (partial file kept; Download resumes)"
    kept = part.stat().st_size
    assert 0 < kept < len(PAYLOAD)
    download = table.table.cellWidget(0, 5)
    assert (download.objectName(), download.text()) == ("download-fake-model", "Download")

    with qtbot.waitSignal(table.changed, timeout=WAIT_MS):
        download.click()
    assert table.status_text("fake-model") == "present"
    assert server.seen[-1].headers.get("Range") == f"bytes={kept}-"
    assert (tmp_path / "fake_model.pt").read_bytes() == PAYLOAD


KIT_FILES = ("yolov8n-face_int8.tflite", "edgeface_xs_q.pt", "2.7_80x80_MiniFASNetV2.pth", "4_0_0_80x80_MiniFASNetV1SE.pth")


def test_missing_models_are_named_and_unknown_files_are_named_in_the_settings(tmp_path):
    empty = AppConfig(data_dir=tmp_path, models_dir=tmp_path / "models")
    problems = Runtime(empty).missing_models()
    assert [p.split(":")[0] for p in problems] == ["face detector", "face recognizer", "liveness check"]
    assert "minifasnet_v2 is missing: run `python main.py models fetch minifasnet_v2`" in problems[2]
    own = tmp_path / "my_detector.tflite"
    own.write_bytes(shared_path("models/yolov8n-face_int8.tflite").read_bytes())
    fixed = with_model_file(empty, own, "detector", "yolo")
    assert fixed.detector.weights == str(own) and len(Runtime(fixed).missing_models()) == 2
    off = empty.model_copy(deep=True)
    off.liveness.enabled = False
    assert len(Runtime(off).missing_models()) == 2  # no liveness models needed when it is off
    choices = file_choices(ModelRegistry.load())
    assert "detector: yunet" in choices and not any(c.startswith("liveness") for c in choices)


def test_files_the_admin_has_go_into_the_models_folder_and_every_view_agrees(qtbot, tmp_path, monkeypatch, capsys):
    """The first-run dialog copies known files into the models folder (renamed ones found by sha256): the
    settings file stays as it was, so no guarded setting changes behind a PIN; the dialog, `models list`
    and `models verify` all see the same files."""
    from cli.app import main

    config_path = tmp_path / "kiosk.toml"
    config = AppConfig(data_dir=tmp_path / "data", models_dir=tmp_path / "models")
    save_config(config, config_path)
    Runtime(config).pins.set_pin("246813")
    before = config_path.read_text()
    have = tmp_path / "downloads"
    have.mkdir()
    for name in KIT_FILES:
        (have / name).write_bytes(shared_path(f"models/{name}").read_bytes())
    (have / "2.7_80x80_MiniFASNetV2.pth").rename(have / "liveness-a.pth")  # renamed: known by its sha256

    dialog = ModelsDialog(config, config_path, ModelDownloads())
    qtbot.addWidget(dialog)
    assert [dialog.table.table.item(row, 0).text() for row in range(4)] == [
        "edgeface_xs_q (recommended)", "yunet_s (recommended)", "minifasnet_v2 (recommended)", "minifasnet_v1se (recommended)",
    ]
    assert not dialog.start_button.isEnabled() and dialog.problems.property("error")
    dialog.use_files([have / "yolov8n-face_int8.tflite", have / "edgeface_xs_q.pt", have / "liveness-a.pth", have / "4_0_0_80x80_MiniFASNetV1SE.pth"])
    assert dialog.start_button.isEnabled() and not dialog.problems.property("error")
    assert "every model it needs" in dialog.problems.text()
    assert [dialog.table.status_text(n) for n in ("edgeface_xs_q", "yolov8n-face-int8", "minifasnet_v2", "minifasnet_v1se")] == ["present"] * 4
    assert dialog.table.status_text("adaface_ir101_webface12m") == "missing"
    assert sorted(p.name for p in (tmp_path / "models").iterdir()) == sorted(KIT_FILES)
    assert config_path.read_text() == before and dialog.config is config
    runtime = Runtime(load_config(config_path))
    assert runtime.settings_guard.pending(runtime.config) == [] and runtime.missing_models() == []

    base = ["--config", str(config_path), "models"]
    assert main([*base, "list"]) == 0
    listed = [line.split("\t") for line in capsys.readouterr().out.splitlines()[2:]]
    assert {row[0] for row in listed if row[1] == "yes"} == {"edgeface_xs_q", "yolov8n-face-int8", "minifasnet_v2", "minifasnet_v1se"}
    assert main([*base, "verify"]) == 0
    assert capsys.readouterr().out.count("ok: sha256 matches") == 4


def test_a_file_that_is_not_the_published_model_is_refused(qtbot, tmp_path):
    from core.errors import ModelError
    from pipeline.download import place_file

    registry = ModelRegistry.load()
    fake = tmp_path / "2.7_80x80_MiniFASNetV2.pth"
    fake.write_bytes(b"not the published weights")
    with pytest.raises(ModelError, match="not the published minifasnet_v2"):
        place_file(fake, list(registry.models), tmp_path / "models")
    stray = tmp_path / "notes.txt"
    stray.write_text("hello")
    with pytest.raises(ModelError, match="not a model the kiosk knows"):
        place_file(stray, list(registry.models), tmp_path / "models")
    assert not (tmp_path / "models").exists()
    dialog = ModelsDialog(AppConfig(data_dir=tmp_path, models_dir=tmp_path / "models"), tmp_path / "kiosk.toml", ModelDownloads())
    qtbot.addWidget(dialog)
    dialog.use_files([fake])
    assert "not the published minifasnet_v2" in dialog.problems.text() and not (tmp_path / "kiosk.toml").exists()


def test_first_run_dialog_cannot_start_without_models(qtbot, tmp_path):
    dialog = ModelsDialog(AppConfig(data_dir=tmp_path, models_dir=tmp_path / "models"), tmp_path / "kiosk.toml", ModelDownloads())
    qtbot.addWidget(dialog)
    assert not dialog.start_button.isEnabled()
    assert dialog.problems.text().startswith("Missing: face detector, face recognizer, liveness check.")
    assert "edgeface_xs_q is missing" in dialog.problems.toolTip()  # the light CPU recognizer, not a 1.5 GB AdaFace


def test_saved_settings_reach_the_runtime(qtbot, context, tmp_path):
    settings = QSettings(str(tmp_path / "gui.ini"), QSettings.Format.IniFormat)
    window = MainWindow(context, context.runtime.pins, ModelDownloads(), settings)
    qtbot.addWidget(window)
    runtime = context.runtime
    changed = context.runtime.config.model_copy(deep=True)
    changed.attendance.cooldown_minutes = 1.0
    window.apply_config(changed)
    assert context.runtime is runtime and runtime.config.attendance.cooldown_minutes == 1.0  # same models: same runtime
    other_models = changed.model_copy(deep=True)
    other_models.recognizer.arch = "edgeface_xxs_q"
    window.apply_config(other_models)
    assert context.runtime is not runtime and context.runtime.config.recognizer.arch == "edgeface_xxs_q"
    window.quit()


def test_the_page_says_how_many_strangers_would_pass(qtbot, tmp_path):
    from core.config import RecognizerSettings

    config = AppConfig(data_dir=tmp_path / "data", recognizer=RecognizerSettings(arch="edgeface_xs_q", weights="edgeface_xs_q"))
    context = GuiContext(Runtime(config), tmp_path / "kiosk.toml", "0")
    page = SettingsPage(context, context.runtime.pins, ModelDownloads())
    qtbot.addWidget(page)
    page.refresh()
    assert page.strangers.value() == 200 and page.strangers.isEnabled()
    assert page.fpir_label.text().startswith("With 0 people enrolled, about 1 stranger in 200 would be taken for an employee")
    page.strangers.setValue(1000)
    assert page.edited_config().recognizer.target_fpir == pytest.approx(0.001)


def test_the_recommended_models_download_in_one_click(qtbot, tmp_path, monkeypatch):
    downloads = ModelDownloads()
    started: list[str] = []
    monkeypatch.setattr(downloads, "start", lambda spec, folder: started.append(spec.name))
    (tmp_path / "models").mkdir()
    (tmp_path / "models" / "yunet_s_640_640.onnx").write_bytes(shared_path("models/yunet_s_640_640.onnx").read_bytes())
    dialog = ModelsDialog(AppConfig(data_dir=tmp_path, models_dir=tmp_path / "models"), tmp_path / "kiosk.toml", downloads)
    qtbot.addWidget(dialog)
    dialog.kit_button.click()
    assert started == ["edgeface_xs_q", "minifasnet_v2", "minifasnet_v1se", "facemesh"]  # the kit, less what is there


def test_the_plain_rows_take_their_widgets_and_ranges_from_the_settings_and_round_trip(qtbot):
    """One table binds each plain row to its setting: the range is the setting's own bounds, and what a row shows
    is what it saves."""
    from core.config import MAX_COOLDOWN_MINUTES, CheckInMode
    from gui.setting_fields import setting_fields

    fields = setting_fields()
    cooldown, looks, kiosk = (fields[p].widget for p in ("attendance.cooldown_minutes", "video.min_looks", "attendance.kiosk_id"))
    assert (cooldown.minimum(), cooldown.maximum()) == (0.0, MAX_COOLDOWN_MINUTES)
    assert looks.minimum() == 1 and kiosk.maxLength() == 100
    config = AppConfig()
    config.attendance.kiosk_id, config.attendance.mode, config.video.min_looks = "door-7", CheckInMode.OUT, 4
    config.liveness.border, config.attendance.cooldown_minutes = False, 12.5
    for field in fields.values():
        field.show(config)
    data = AppConfig().model_dump()
    for field in fields.values():
        field.put(data)
    assert AppConfig.model_validate(data) == config
