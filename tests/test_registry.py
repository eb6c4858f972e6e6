"""Model registry: the TOML validates, shared models are listed with their real checksums, lookups and defaults."""
from __future__ import annotations

import argparse
import hashlib
import os
from pathlib import Path

import platformdirs
import pytest
from pydantic import ValidationError

from cli.models_cmd import register
from core.errors import ModelError, ModelNotFoundError
from pipeline.registry import (
    MODEL_PATH_ENV,
    MODELS_DIR_ENV,
    ModelRegistry,
    ModelSpec,
    default_detector,
    default_recognizer,
    default_registry,
    models_dir,
    resolve_weights,
)
from tests.conftest import shared_path

SHARED_MODELS = [
    "yolov8n-face_int8.tflite",
    "yunet_s_640_640.onnx",
    "yunet_n_dynamic.onnx",
    "edgeface_xs_q.pt",
    "edgeface_xxs_q.pt",
]


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(MODELS_DIR_ENV, raising=False)
    monkeypatch.delenv(MODEL_PATH_ENV, raising=False)


def _spec(**changes: object) -> dict[str, object]:
    base: dict[str, object] = {
        "name": "fake",
        "kind": "recognizer",
        "arch": "edgeface_xs",
        "format": "pt",
        "filename": "fake.pt",
        "urls": ["https://example.org/fake.pt"],
        "sha256": "",
        "license": "MIT",
        "source": "https://example.org",
        "dataset": "none",
        "input_size": 112,
        "channel_order": "RGB",
        "mean": [127.5, 127.5, 127.5],
        "std": [127.5, 127.5, 127.5],
        "embedding_dim": 512,
        "threshold": 0.4,
        "rank": 1,
        "purpose": "a test model",
    }
    return base | changes


def _touch(folder: Path, *names: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name in names:
        (folder / name).write_bytes(b"weights")


def test_registry_loads_and_covers_the_brief() -> None:
    registry = default_registry()
    names = set(registry.names())
    assert {
        "adaface_ir101_webface12m", "adaface_ir101_webface4m", "adaface_ir101_ms1mv2", "adaface_ir101_ms1mv3",
        "adaface_ir50_webface4m", "adaface_ir50_ms1mv2",
        "adaface_ir18_webface4m", "adaface_ir18_vgg2", "adaface_ir18_casia",
        "edgeface_xs", "edgeface_xxs", "edgeface_xs_q", "edgeface_xxs_q",
        "yolov8n-face", "yolo11n-face", "yolov8n-face-int8", "yunet_s", "yunet_n",
    } <= names
    for spec in registry.of_kind("recognizer"):
        assert spec.threshold is not None and spec.embedding_dim == 512 and spec.input_size == 112
    adaface = registry.get("adaface_ir101_webface12m")
    assert adaface.channel_order == "BGR" and adaface.sha256 is not None
    assert registry.get("edgeface_xs").channel_order == "RGB"
    assert registry.of_kind("recognizer")[0].name == "adaface_ir101_webface12m"
    assert registry.of_kind("detector")[0].name == "yolov8n-face-int8"


@pytest.mark.parametrize("filename", SHARED_MODELS)
def test_shared_models_are_listed_with_their_real_checksum(filename: str) -> None:
    path = shared_path(f"models/{filename}")
    [spec] = [m for m in default_registry().models if m.filename == filename]
    assert spec.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert spec.size == path.stat().st_size


def test_spec_rejects_unknown_keys_and_inconsistencies() -> None:
    ModelSpec.model_validate(_spec())
    for bad in (
        _spec(colour="blue"),
        _spec(sha256="abc"),
        _spec(filename="fake.onnx"),
        _spec(filename="../fake.pt"),
        _spec(threshold=None),
        _spec(kind="detector"),  # recognizer arch and threshold on a detector
        _spec(kind="detector", arch="yolo"),  # threshold on a detector
        _spec(arch="yolo"),
        _spec(urls=["ftp://example.org/fake.pt"]),
        _spec(std=[0, 1, 1]),
    ):
        with pytest.raises(ValidationError):
            ModelSpec.model_validate(bad)


def test_registry_rejects_duplicates_and_bad_files(tmp_path: Path) -> None:
    spec = ModelSpec.model_validate(_spec())
    with pytest.raises(ValidationError, match="duplicate name"):
        ModelRegistry(models=(spec, spec))
    broken = tmp_path / "models.toml"
    broken.write_text("[[model]]\nname = 'x'\n", encoding="utf-8")
    with pytest.raises(ModelError, match="is invalid"):
        ModelRegistry.load(broken)
    broken.write_text("not toml [", encoding="utf-8")
    with pytest.raises(ModelError, match="cannot read"):
        ModelRegistry.load(broken)


def test_unknown_model_names_the_known_ones() -> None:
    with pytest.raises(ModelError, match="adaface_ir101_webface12m"):
        default_registry().get("nope")


def test_models_dir_priority(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert models_dir(None) == platformdirs.user_data_path("face-kiosk") / "models"
    monkeypatch.setenv(MODELS_DIR_ENV, str(tmp_path / "env"))
    assert models_dir(None) == tmp_path / "env"
    assert models_dir(tmp_path / "option") == tmp_path / "option"


def test_resolve_weights_priority(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder, extra = tmp_path / "models", tmp_path / "extra"
    explicit = tmp_path / "mine.pt"
    _touch(tmp_path, "mine.pt")
    assert resolve_weights(explicit, folder) == explicit
    assert resolve_weights(str(explicit), folder) == explicit

    _touch(extra, "edgeface_xs_q.pt")
    monkeypatch.setenv(MODEL_PATH_ENV, f"{tmp_path / 'absent'}{os.pathsep}{extra}")
    assert resolve_weights("edgeface_xs_q", folder) == extra / "edgeface_xs_q.pt"
    _touch(folder, "edgeface_xs_q.pt")
    assert resolve_weights("edgeface_xs_q", folder) == folder / "edgeface_xs_q.pt"

    with pytest.raises(ModelNotFoundError, match="neither an existing file nor a known model"):
        resolve_weights(tmp_path / "absent.pt", folder)


def test_missing_model_message_says_where_to_get_and_put_it(tmp_path: Path) -> None:
    with pytest.raises(ModelNotFoundError) as info:
        resolve_weights("adaface_ir101_webface12m", tmp_path)
    message = str(info.value)
    assert "\n" not in message
    assert "https://drive.google.com/file/d/1dswnavflETcnAuplZj1IOKKP0eM8ITgT" in message
    assert str(tmp_path / "adaface_ir101_webface12m.ckpt") in message
    assert "python main.py models fetch adaface_ir101_webface12m" in message

    with pytest.raises(ModelNotFoundError, match=r"no public download: place the file by hand at .*yolov8n-face_int8"):
        resolve_weights("yolov8n-face-int8", tmp_path)


def test_defaults_prefer_adaface_and_yolo_then_fall_back(tmp_path: Path) -> None:
    with pytest.raises(ModelNotFoundError, match="models fetch edgeface_xs_q"):  # the kit's light CPU recognizer
        default_recognizer(tmp_path)
    with pytest.raises(ModelNotFoundError, match="models fetch yunet_s"):  # the best one that can be fetched
        default_detector(tmp_path)

    _touch(tmp_path, "edgeface_xxs_q.pt", "yunet_n_dynamic.onnx")
    assert default_recognizer(tmp_path).name == "edgeface_xxs_q"
    assert default_detector(tmp_path).name == "yunet_n"
    _touch(tmp_path, "edgeface_xs_q.pt", "yunet_s_640_640.onnx", "yolov8n-face_int8.tflite")
    assert default_recognizer(tmp_path).name == "edgeface_xs_q"
    assert default_detector(tmp_path).name == "yolov8n-face-int8"
    assert default_detector(tmp_path, arch="yunet").name == "yunet_s"
    _touch(tmp_path, "adaface_ir50_ms1mv2.ckpt", "adaface_ir101_webface12m.ckpt", "yolov8n-face.pt")
    assert default_recognizer(tmp_path).name == "adaface_ir101_webface12m"
    assert default_recognizer(tmp_path, arch="adaface_ir_50").name == "adaface_ir50_ms1mv2"
    assert default_detector(tmp_path).name == "yolov8n-face-int8"  # a pickled .pt never outranks a safe format


def test_defaults_use_the_shared_models_through_the_search_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shared = shared_path("models/edgeface_xs_q.pt").parent
    monkeypatch.setenv(MODEL_PATH_ENV, str(shared))
    assert default_recognizer(tmp_path).name == "edgeface_xs_q"
    assert default_detector(tmp_path).name == "yolov8n-face-int8"


# ------------------------------------------------------------------------------ CLI


def _cli(*argv: str) -> int:
    parser = argparse.ArgumentParser(prog="main.py")
    parser.add_argument("--models-dir", type=Path, default=None)
    register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(list(argv))
    return args.handler(args)


def test_cli_list_piped_is_tab_separated_kit_first(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _touch(tmp_path, "yunet_n_dynamic.onnx")
    assert _cli("--models-dir", str(tmp_path), "models", "list") == 0
    title, header, *lines = capsys.readouterr().out.splitlines()
    assert title == f"# models (folder: {tmp_path}), recommended first"
    assert header.split("\t") == ["Name", "Present", "Size", "For", "Licence", "File"]
    rows = {line.split("\t")[0]: line.split("\t") for line in lines}
    assert [line.split("\t")[0] for line in lines[:4]] == ["edgeface_xs_q", "yunet_s", "minifasnet_v2", "minifasnet_v1se"]
    assert "adaface_ir101_webface12m" in rows and "yolo11n-face" in rows
    assert (rows["yunet_n"][1], rows["yunet_n"][5]) == ("yes", str(tmp_path / "yunet_n_dynamic.onnx"))
    assert (rows["yunet_s"][1], rows["yunet_s"][5]) == ("no", "")


def test_cli_list_fits_an_80_column_terminal_and_speaks_json(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    import io
    import json

    from rich.console import Console

    from cli import models_cmd

    screen = io.StringIO()
    monkeypatch.setattr(models_cmd, "_out", Console(file=screen, force_terminal=True, width=80, color_system=None))
    assert _cli("--models-dir", str(tmp_path), "models", "list") == 0
    lines = [line.rstrip() for line in screen.getvalue().splitlines()]
    assert max(len(line) for line in lines) <= 80
    assert "    Licence: GPL-3.0 / AGPL-3.0" in lines  # too narrow for the table: a block per model, nothing cut
    assert any(line.startswith("adaface_ir101_webface12m  present no  size 1.5 GB") for line in lines)
    wide = io.StringIO()
    monkeypatch.setattr(models_cmd, "_out", Console(file=wide, force_terminal=True, width=240, color_system=None))
    assert _cli("--models-dir", str(tmp_path), "models", "list") == 0
    assert any("│ adaface_ir101_webface12m │" in line for line in wide.getvalue().splitlines())  # wide: a table
    monkeypatch.setattr(models_cmd, "_out", Console(highlight=False))
    assert _cli("--models-dir", str(tmp_path), "models", "list", "--json") == 0
    records = json.loads(capsys.readouterr().out)
    assert records[0]["name"] == "edgeface_xs_q" and records[0]["present"] == "no" and "licence" in records[0]


def test_cli_path(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _touch(tmp_path, "yunet_s_640_640.onnx")
    assert _cli("--models-dir", str(tmp_path), "models", "path", "yunet_s") == 0
    assert capsys.readouterr().out.strip() == str(tmp_path / "yunet_s_640_640.onnx")
    with pytest.raises(ModelNotFoundError, match="models fetch yunet_n"):
        _cli("--models-dir", str(tmp_path), "models", "path", "yunet_n")


def test_cli_verify(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    yunet = shared_path("models/yunet_n_dynamic.onnx")
    (tmp_path / yunet.name).write_bytes(yunet.read_bytes())
    _touch(tmp_path, "yolov8n-face.pt")  # unknown checksum: presence only
    assert _cli("--models-dir", str(tmp_path / "empty"), "models", "verify") == 0
    assert "no model files found" in capsys.readouterr().out
    assert _cli("--models-dir", str(tmp_path), "models", "verify") == 0
    out = capsys.readouterr().out
    assert "yunet_n: ok" in out and "sha256 matches" in out
    assert "yolov8n-face: ok" in out and "sha256 unknown" in out

    assert _cli("--models-dir", str(tmp_path), "models", "verify", "yunet_s") == 1
    assert "missing" in capsys.readouterr().out

    (tmp_path / yunet.name).write_bytes(b"x" * yunet.stat().st_size)
    assert _cli("--models-dir", str(tmp_path), "models", "verify") == 1
    assert "yunet_n: FAILED" in capsys.readouterr().out


def test_cli_add_copies_known_files_and_refuses_others(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    yunet = shared_path("models/yunet_s_640_640.onnx")
    renamed = tmp_path / "downloaded.onnx"
    renamed.write_bytes(yunet.read_bytes())
    bogus = tmp_path / "2.7_80x80_MiniFASNetV2.pth"
    bogus.write_bytes(b"junk")
    models = tmp_path / "models"
    assert _cli("--models-dir", str(models), "models", "add", str(renamed), str(bogus)) == 1
    captured = capsys.readouterr()
    assert captured.out.strip() == f"yunet_s: {models / 'yunet_s_640_640.onnx'}"
    assert "not the published minifasnet_v2" in captured.err
    assert sorted(p.name for p in models.iterdir()) == ["yunet_s_640_640.onnx"]
