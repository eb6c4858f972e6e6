"""Every CLI command through ``cli.app.main``, with real models from ../shared where a face is needed."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from attendance.db import open_database
from attendance.store import AttendanceStore
from cli.app import main
from tests.conftest import shared_path
from tests.media import EXAMPLES, model_args


def test_help_lists_every_command(capsys):
    with pytest.raises(SystemExit) as info:
        main(["--help"])
    assert info.value.code == 0
    text = capsys.readouterr().out
    for command in ("enroll", "import", "identify", "embed", "evaluate", "employees", "models", "bench"):
        assert command in text


@pytest.mark.parametrize("command", ["enroll", "import", "identify", "embed", "evaluate", "employees", "models", "bench"])
def test_each_command_has_help(command, capsys):
    with pytest.raises(SystemExit):
        main([command, "--help"])
    assert "usage:" in capsys.readouterr().out


def test_bad_config_is_one_line_error(tmp_path, capsys):
    config = tmp_path / "kiosk.toml"
    config.write_text("[detector]\nconfidence = 0.5\ncolour = 'red'\n")
    assert main(["--config", str(config), "--data-dir", str(tmp_path), "employees", "list"]) == 1
    err = capsys.readouterr().err
    assert "colour" in err and "Traceback" not in err
    config.write_text(f"[attendance]\nkiosk_id = '{'k' * 101}'\n")  # longer than the events column
    assert main(["--config", str(config), "--data-dir", str(tmp_path), "employees", "list"]) == 1
    assert "kiosk_id" in capsys.readouterr().err


def test_unknown_employee_and_missing_weights(tmp_path, capsys):
    assert main(["--data-dir", str(tmp_path), "employees", "show", "nobody"]) == 1
    assert "no employee with code 'nobody'" in capsys.readouterr().err
    args = ["--data-dir", str(tmp_path), "--models-dir", str(tmp_path / "empty"), "--recognizer", "adaface_ir_101"]
    assert main([*args, "identify", str(tmp_path / "x.jpg")]) == 1
    err = capsys.readouterr().err
    assert "models fetch" in err and "Traceback" not in err


def test_truncated_recognizer_weights(tmp_path, capsys):
    broken = tmp_path / "broken.pt"
    broken.write_bytes(shared_path("models/edgeface_xs_q.pt").read_bytes()[:10_000])
    args = model_args(tmp_path)
    args[args.index("--recognizer-weights") + 1] = str(broken)
    photo = shared_path(f"{EXAMPLES}/obama.jpg")
    assert main([*args, "enroll", "--consent", "--name", "Barack Obama", "--code", "obama", str(photo)]) == 1
    assert str(broken) in capsys.readouterr().err


def test_enroll_identify_show_delete(tmp_path, capsys):
    args = model_args(tmp_path)
    obama, biden = shared_path(f"{EXAMPLES}/obama.jpg"), shared_path(f"{EXAMPLES}/biden.jpg")
    assert main([*args, "enroll", "--consent", "--name", "Barack Obama", "--code", "obama", "--department", "Gov", str(obama)]) == 0
    assert "enrolled Barack Obama (obama) with 1 template" in capsys.readouterr().out

    assert main([*args, "identify", "--json", str(shared_path(f"{EXAMPLES}/obama2.jpg")), str(biden)]) == 0
    results = json.loads(capsys.readouterr().out)["results"]
    assert results[0]["faces"][0]["code"] == "obama" and results[0]["faces"][0]["name"] == "Barack Obama"
    assert results[1]["faces"][0]["code"] is None and results[1]["faces"][0]["similarity"] < 0.3
    assert len(results[0]["faces"][0]["box"]) == 4

    assert main([*args, "employees", "show", "obama"]) == 0
    assert "edgeface_xs_q" in capsys.readouterr().out
    assert main([*args, "employees", "delete", "obama"]) == 0
    assert "destroyed: 1 face template(s)" in capsys.readouterr().out
    assert main([*args, "employees", "list"]) == 0
    assert "obama" not in capsys.readouterr().out
    assert main([*args, "employees", "show", "obama"]) == 1


def test_enroll_rejects_bad_photos_and_writes_nothing(tmp_path, capsys):
    args = model_args(tmp_path)
    corrupt = tmp_path / "corrupt.jpg"
    corrupt.write_bytes(b"\xff\xd8\xff garbage")
    crowd = shared_path("media/deepface_dataset/selfie-many-people.jpg")
    assert main([*args, "enroll", "--consent", "--name", "Nobody", "--code", "n1", str(corrupt), str(crowd)]) == 1
    captured = capsys.readouterr()
    assert "rejected" in captured.out and "not enrolled" in captured.err
    assert main([*args, "employees", "list"]) == 0
    assert "n1" not in capsys.readouterr().out


def test_lookalike_warning(tmp_path, capsys):
    args = model_args(tmp_path)
    assert main([*args, "enroll", "--consent", "--name", "Barack Obama", "--code", "obama", str(shared_path(f"{EXAMPLES}/obama.jpg"))]) == 0
    capsys.readouterr()
    assert main([*args, "enroll", "--consent", "--name", "Someone Else", "--code", "other", str(shared_path(f"{EXAMPLES}/obama2.jpg"))]) == 0
    assert "the chosen photos already match Barack Obama (obama) (0." in capsys.readouterr().out


def test_enroll_needs_consent_and_refuses_two_people_unless_forced(tmp_path, capsys):
    args = model_args(tmp_path)
    obama, biden = shared_path(f"{EXAMPLES}/obama.jpg"), shared_path(f"{EXAMPLES}/biden.jpg")
    assert main([*args, "enroll", "--name", "Barack Obama", "--code", "obama", str(obama)]) == 1
    assert "not enrolled: needs the employee's consent (--consent)" in capsys.readouterr().err
    assert main([*args, "enroll", "--consent", "--name", "Barack Obama", "--code", "obama", str(obama), str(biden)]) == 1
    captured = capsys.readouterr()
    assert "may show different people: obama.jpg and biden.jpg" in captured.out
    assert "not enrolled: mixed people: nothing added" in captured.err
    store = AttendanceStore(open_database(tmp_path / "data" / "kiosk.db"))
    assert store.list_employees() == []
    assert main([*args, "enroll", "--consent", "--force", "--name", "Barack Obama", "--code", "obama", str(obama), str(biden)]) == 0
    employee = store.get_employee_by_code("obama")
    assert employee.template_count == 2 and employee.consent_at is not None
    assert store.audit_log()[0].actor == "cli"


def test_enroll_replace_swaps_the_templates_of_an_existing_code(tmp_path, capsys):
    args = model_args(tmp_path)
    obama, obama2 = shared_path(f"{EXAMPLES}/obama.jpg"), shared_path(f"{EXAMPLES}/obama2.jpg")
    assert main([*args, "enroll", "--consent", "--name", "Barack Obama", "--code", "obama", str(obama)]) == 0
    assert main([*args, "enroll", "--consent", "--name", "ignored", "--code", "obama", str(obama2)]) == 0
    store = AttendanceStore(open_database(tmp_path / "data" / "kiosk.db"))
    assert store.get_employee_by_code("obama").template_count == 2
    assert main([*args, "enroll", "--consent", "--replace", "--name", "ignored", "--code", "obama", str(obama2)]) == 0
    employee = store.get_employee_by_code("obama")
    assert (employee.name, employee.template_count) == ("Barack Obama", 1)


def test_identify_with_nobody_enrolled_says_so(tmp_path, capsys):
    obama = shared_path(f"{EXAMPLES}/obama.jpg")
    assert main([*model_args(tmp_path), "identify", str(obama)]) == 0
    out = capsys.readouterr().out
    assert "nobody is enrolled yet" in out and "-1.000" not in out
    row = out.splitlines()[2]
    assert row.split("\t")[2:] == ["unknown", "", ""]


def test_import_folder_then_identify(tmp_path, capsys):
    train = shared_path(f"{EXAMPLES}/knn_examples/train")
    args = model_args(tmp_path)
    assert main([*args, "import", "--consent", str(train)]) == 0
    out = capsys.readouterr().out
    assert "Person\tCode\tAccepted\tRejected\tResult" in out and "Alex Lacamoire\talex-lacamoire\t" in out
    assert "named 'Alex Lacamoire' after the folder alex_lacamoire/" in out
    store = AttendanceStore(open_database(tmp_path / "data" / "kiosk.db"))
    codes = {e.code: e.template_count for e in store.list_employees()}
    assert set(codes) == {"obama", "biden", "alex-lacamoire", "kit-harington", "rose-leslie"}
    assert {e.name for e in store.list_employees()} >= {"Alex Lacamoire", "Kit Harington", "Obama"}
    assert codes["obama"] == 2
    test_photo = shared_path(f"{EXAMPLES}/knn_examples/test/obama1.jpg")
    assert main([*args, "identify", "--json", str(test_photo)]) == 0
    assert json.loads(capsys.readouterr().out)["results"][0]["faces"][0]["code"] == "obama"


def test_embed_files_and_aligned_crops(tmp_path, capsys):
    args = model_args(tmp_path)
    out = tmp_path / "emb"
    couple = shared_path("media/deepface_dataset/couple.jpg")
    obama = shared_path(f"{EXAMPLES}/obama.jpg")
    assert main([*args, "embed", str(obama), str(couple), "--out", str(out), "--save-crops"]) == 0
    vector = np.load(out / "obama.npy")
    assert vector.dtype == np.float32 and vector.shape == (512,) and abs(np.linalg.norm(vector) - 1) < 1e-4
    assert (out / "couple_0.npy").exists() and (out / "couple_1.npy").exists()
    crops = sorted(out.glob("obama*.png"))
    assert crops, "aligned crops were not saved"
    aligned_out = tmp_path / "emb2"
    assert main([*args, "embed", "--aligned", str(crops[0]), "--out", str(aligned_out)]) == 0
    again = np.load(aligned_out / f"{crops[0].stem}.npy")
    assert float(again @ vector) > 0.95  # PNG crop round trip gives (almost) the same embedding
    assert main([*args, "embed", "--aligned", str(obama), "--out", str(aligned_out)]) == 1
    assert "112x112" in capsys.readouterr().out


def test_evaluate_writes_roc_and_threshold(tmp_path, capsys):
    train = shared_path(f"{EXAMPLES}/knn_examples/train")
    roc, report = tmp_path / "roc.png", tmp_path / "eval.json"
    assert main([*model_args(tmp_path), "evaluate", str(train), "--roc", str(roc), "--json", str(report)]) == 0
    assert roc.stat().st_size > 1000
    data = json.loads(report.read_text())
    assert data["recognizer"] == "edgeface_xs_q" and min(data["genuine"]) > max(data["impostor"])
    assert "recommended threshold" in capsys.readouterr().out


def test_models_path_and_list(tmp_path, capsys, monkeypatch):
    models = tmp_path / "models"
    models.mkdir()
    shutil.copy(shared_path("models/yunet_s_640_640.onnx"), models / "yunet_s_640_640.onnx")
    monkeypatch.delenv("KIOSK_MODEL_PATH", raising=False)
    assert main(["--models-dir", str(models), "models", "path", "yunet_s"]) == 0
    assert "yunet_s_640_640.onnx" in capsys.readouterr().out
    assert main(["--models-dir", str(models), "models", "verify", "yunet_s"]) == 0
    assert main(["--models-dir", str(models), "models", "path", "edgeface_xs_q"]) == 1
    assert "edgeface_xs_q" in capsys.readouterr().err


def test_models_dir_from_config_file(tmp_path, capsys, monkeypatch):
    models = tmp_path / "from-config"
    models.mkdir()
    shutil.copy(shared_path("models/yunet_s_640_640.onnx"), models / "yunet_s_640_640.onnx")
    config = tmp_path / "kiosk.toml"
    config.write_text(f'models_dir = "{models}"\n')
    monkeypatch.delenv("KIOSK_MODEL_PATH", raising=False)
    monkeypatch.delenv("KIOSK_MODELS_DIR", raising=False)
    assert main(["--config", str(config), "models", "path", "yunet_s"]) == 0
    assert str(models) in capsys.readouterr().out


def test_templates_of_another_recognizer_are_never_compared(tmp_path, capsys):
    args = model_args(tmp_path)
    obama = str(shared_path(f"{EXAMPLES}/obama.jpg"))
    assert main([*args, "enroll", "--consent", "--name", "Barack Obama", "--code", "obama", obama]) == 0
    other = list(args)
    other[other.index("--recognizer") + 1] = "edgeface_xxs_q"
    other[other.index("--recognizer-weights") + 1] = str(shared_path("models/edgeface_xxs_q.pt"))
    capsys.readouterr()
    assert main([*other, "identify", obama]) == 1
    err = capsys.readouterr().err
    assert "no templates for edgeface_xxs_q" in err and "edgeface_xs_q (1 templates)" in err


def test_command_line_reads_the_apps_settings_file(tmp_path, capsys):
    """Settings saved by the app (DATA_DIR/config.toml) apply to the command line too."""
    data = tmp_path / "data"
    data.mkdir()
    (data / "config.toml").write_text("[detector]\nconfidence = 2.0\n")  # invalid: proves the file is read
    assert main(["--data-dir", str(data), "employees", "list"]) == 1
    assert "detector.confidence" in capsys.readouterr().err


def test_option_out_of_range_is_one_line(tmp_path, capsys):
    clip = tmp_path / "clip.mp4"
    clip.write_bytes(b"x")
    assert main(["--data-dir", str(tmp_path), "process", str(clip), "--every", "0"]) == 1
    err = capsys.readouterr().err
    assert "embed_every" in err and "Traceback" not in err


def test_precision_the_device_cannot_run_is_one_line_error(tmp_path, capsys):
    import torch

    from pipeline.recognizers.iresnet import IResNet

    checkpoint = tmp_path / "ir18.ckpt"
    torch.save({"state_dict": {f"model.{k}": v for k, v in IResNet("ir_18").state_dict().items()}}, checkpoint)
    photo = str(shared_path(f"{EXAMPLES}/obama.jpg"))
    args = model_args(tmp_path)
    args[args.index("--recognizer") + 1] = "adaface_ir_18"
    args[args.index("--recognizer-weights") + 1] = str(checkpoint)
    assert main([*args, "--precision", "fp16", "identify", photo]) == 1
    err = capsys.readouterr().err
    assert "fp16 needs a CUDA or MPS device" in err and "Traceback" not in err


def _person_folder(root: Path, name: str, *photos: Path) -> Path:
    folder = root / name
    folder.mkdir(parents=True)
    for photo in photos:
        shutil.copy(photo, folder / photo.name)
    return folder


def test_import_refuses_folders_that_derive_one_code_and_merges_nobody(tmp_path, capsys):
    args = model_args(tmp_path)
    staff = tmp_path / "staff"
    _person_folder(staff, "Barack Obama", shared_path(f"{EXAMPLES}/obama.jpg"))
    _person_folder(staff, "barack_obama", shared_path(f"{EXAMPLES}/biden.jpg"))  # another person, same derived code
    _person_folder(staff, "!!!", shared_path(f"{EXAMPLES}/obama2.jpg"))
    _person_folder(staff, "???", shared_path(f"{EXAMPLES}/biden.jpg"))
    assert main([*args, "import", "--consent", str(staff)]) == 1
    out = capsys.readouterr().out
    assert "give the same employee code 'barack-obama'" in out and "give the same employee code 'person'" in out
    store = AttendanceStore(open_database(tmp_path / "data" / "kiosk.db"))
    assert store.list_employees() == []


def test_import_adds_to_an_existing_employee_only_when_asked_and_only_matching_photos(tmp_path, capsys):
    args = model_args(tmp_path)
    assert main([*args, "enroll", "--consent", "--name", "Barack Obama", "--code", "barack-obama", str(shared_path(f"{EXAMPLES}/obama.jpg"))]) == 0
    staff = tmp_path / "staff"
    _person_folder(staff, "Barack Obama", shared_path(f"{EXAMPLES}/obama2.jpg"))
    capsys.readouterr()
    assert main([*args, "import", "--consent", str(staff)]) == 1
    assert "pass --add-to-existing" in capsys.readouterr().out
    assert main([*args, "import", "--consent", "--add-to-existing", str(staff)]) == 0
    store = AttendanceStore(open_database(tmp_path / "data" / "kiosk.db"))
    assert store.get_employee_by_code("barack-obama").template_count == 2
    impostor = tmp_path / "impostor"
    _person_folder(impostor, "Barack Obama", shared_path(f"{EXAMPLES}/biden.jpg"))
    capsys.readouterr()
    assert main([*args, "import", "--consent", "--add-to-existing", str(impostor)]) == 1
    assert "do not match the enrolled Barack Obama" in capsys.readouterr().out
    assert store.get_employee_by_code("barack-obama").template_count == 2


def test_embed_aligned_needs_only_the_recognizer(tmp_path, capsys):
    crop = tmp_path / "crop.png"
    Image.fromarray(np.full((112, 112, 3), 128, np.uint8)).save(crop)
    empty_models = tmp_path / "no-models"
    empty_models.mkdir()
    args = ["--data-dir", str(tmp_path / "data"), "--models-dir", str(empty_models), "--recognizer", "edgeface_xs_q",
            "--recognizer-weights", str(shared_path("models/edgeface_xs_q.pt")), "--device", "cpu"]
    assert main([*args, "embed", "--aligned", str(crop), "--out", str(tmp_path / "emb")]) == 0
    assert np.load(tmp_path / "emb" / "crop.npy").shape == (512,)


class _UnpluggedCamera:
    """A capture that sends a few frames, then is gone for good (read fails, reopening fails)."""

    opened = 0

    def __init__(self, _index: object) -> None:
        _UnpluggedCamera.opened += 1
        self._frames = 5 if _UnpluggedCamera.opened == 1 else 0

    def isOpened(self) -> bool:  # noqa: N802 - cv2.VideoCapture's name
        return self._frames > 0

    def read(self) -> tuple[bool, np.ndarray | None]:
        if self._frames <= 0:
            return False, None
        self._frames -= 1
        return True, np.zeros((120, 160, 3), np.uint8)

    def get(self, _prop: int) -> float:
        return 30.0

    def set(self, _prop: int, _value: float) -> bool:
        return True

    def release(self) -> None:
        self._frames = 0


def test_max_seconds_holds_when_the_camera_is_gone(tmp_path, monkeypatch, capsys):
    import threading

    import cli.process_run as process_cmd
    from pipeline.sources import CameraSource

    monkeypatch.setattr(process_cmd, "open_source", lambda _s, **_options: CameraSource(0, opener=_UnpluggedCamera, backoff=(0.05,)))
    # the camera was plugged in at the start: without this, a slow machine sees the fake one already gone and,
    # finding no /dev/video0, fails at once (the other path this test does not cover)
    monkeypatch.setattr(process_cmd, "missing_camera", lambda _index: None)
    args = [*model_args(tmp_path), "process", "0", "--max-seconds", "1.5"]  # skips here without ../shared, not in the thread
    codes: list[int] = []
    run = threading.Thread(target=lambda: codes.append(main(args)), daemon=True)
    run.start()
    run.join(timeout=60)  # before the fix it never returned: the deadline was only checked when a frame arrived
    assert not run.is_alive() and codes == [0]


def test_shifts_on_the_command_line_pair_a_night_worker_s_punches(tmp_path, capsys):
    """Shifts are added, assigned (own or by department), listed, and the kiosk's policy pairs by them; each change
    is audited."""
    from datetime import datetime, time

    from attendance.events import CheckInMethod
    from core.config import AppConfig
    from services.runtime import Runtime

    data = ["--data-dir", str(tmp_path)]
    runtime = Runtime(AppConfig(data_dir=tmp_path))
    runtime.store.add_employee("ann", "Ann Lee", "Night desk")
    runtime.close()
    assert main([*data, "shifts", "add", "night", "--start", "22:00", "--end", "06:00", "--break-minutes", "30", "--days", "mon-sun"]) == 0
    assert main([*data, "shifts", "add", "day", "--start", "08:00", "--end", "16:30", "--days", "mon-fri"]) == 0
    assert main([*data, "shifts", "add", "day", "--start", "09:00", "--end", "17:00"]) == 1  # the name is taken
    assert main([*data, "shifts", "department", "Night desk", "night"]) == 0
    capsys.readouterr()
    assert main([*data, "shifts", "list"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[1:] == ["day\t08:00\t16:30\t0\t0\tmon-fri\t\t", "night\t22:00\t06:00 (next day)\t30\t0\tevery day\t\tNight desk (department)"]
    # a flexible shift: both --hours and --core, then edited, then fixed again
    assert main([*data, "shifts", "add", "flex", "--start", "07:00", "--end", "19:00", "--hours", "8"]) == 1
    assert main([*data, "shifts", "add", "flex", "--start", "07:00", "--end", "19:00", "--hours", "8", "--core", "10:00-15:00"]) == 0
    assert main([*data, "shifts", "edit", "flex", "--hours", "7:30"]) == 0
    assert main([*data, "shifts", "edit", "flex", "--core", "06:00-12:00"]) == 1  # the core outside the day: refused
    capsys.readouterr()
    assert main([*data, "shifts", "list"]) == 0
    assert "flex\t07:00\t19:00\t0\t0\tmon-fri\t7:30 h, core 10:00-15:00\t" in capsys.readouterr().out.splitlines()
    assert main([*data, "shifts", "edit", "flex", "--fixed"]) == 0
    assert main([*data, "shifts", "delete", "flex"]) == 0
    runtime = Runtime(AppConfig(data_dir=tmp_path))
    runtime.config.attendance.timezone = "Europe/Berlin"
    ann = runtime.store.get_employee_by_code("ann")
    evening = datetime(2026, 12, 3, 22, 0, tzinfo=runtime.config.attendance.zone)
    morning = datetime(2026, 12, 4, 6, 5, tzinfo=runtime.config.attendance.zone)
    assert [runtime.desk.punch(ann.id, t, CheckInMethod.CODE).event.kind for t in (evening, morning)] == ["in", "out"]
    actions = [entry.action for entry in runtime.store.audit_log()]
    assert {"add_shift", "department_shift"} <= set(actions)
    assert runtime.store.shift_of(ann.id) is not None and runtime.store.shift_of(ann.id).start == time(22)
    runtime.close()


def test_leave_holidays_exceptions_and_who_is_in_on_the_command_line(tmp_path, capsys):
    from datetime import datetime, timedelta, timezone

    from core.config import AppConfig
    from services.runtime import Runtime

    data = ["--data-dir", str(tmp_path)]
    runtime = Runtime(AppConfig(data_dir=tmp_path))
    runtime.store.add_employee("bob", "Bob Ray", "Sales")
    now = datetime.now(timezone.utc)
    runtime.store.add_manual_event("bob", "in", now - timedelta(hours=1), reason="test", actor="admin")
    runtime.close()
    calendar = tmp_path / "holidays.ics"
    calendar.write_bytes(b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nBEGIN:VEVENT\r\nUID:1\r\nDTSTART;VALUE=DATE:20261225\r\n"
                         b"SUMMARY:Christmas Day\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")
    assert main([*data, "holidays", "import", str(calendar)]) == 0
    assert main([*data, "leave", "add", "bob", "--from", "2026-12-28", "--to", "2026-12-30", "--kind", "vacation"]) == 0
    assert main([*data, "leave", "add", "bob", "--from", "2026-12-30", "--to", "2026-12-28", "--kind", "vacation"]) == 1
    (tmp_path / "bad.ics").write_text("not a calendar")
    assert main([*data, "holidays", "import", str(tmp_path / "bad.ics")]) == 1
    capsys.readouterr()
    assert main([*data, "holidays", "list", "--year", "2026"]) == 0
    assert capsys.readouterr().out.splitlines()[1:] == ["2026-12-25\tChristmas Day"]
    assert main([*data, "attendance", "who-is-in"]) == 0
    assert capsys.readouterr().out.splitlines()[2].startswith("bob\tBob Ray\tSales\t")
    assert main([*data, "attendance", "who-is-in", "--out", str(tmp_path / "roll-call.csv")]) == 0  # the fire warden's list
    roll_call = (tmp_path / "roll-call.csv").read_text(encoding="utf-8-sig").splitlines()
    assert roll_call[0].startswith("Code,Name,Department,In since") and roll_call[1].startswith("bob,Bob Ray,Sales,")
    assert main([*data, "attendance", "exceptions"]) == 0  # bob has no shift and is still in: nothing to correct
    assert "nothing to correct" in capsys.readouterr().out
