"""The real example media and models the integration tests share (from ../shared; they skip without it)."""
from __future__ import annotations

from pathlib import Path

from core.config import LivenessSettings
from tests.conftest import shared_path

EXAMPLES = "media/face_recognition_examples/examples"
PEOPLE = {  # code -> (name, enrolment photo in EXAMPLES): the people of the Hamilton clip and one who is not in it
    "lmm": ("Lin-Manuel Miranda", "lin-manuel-miranda.png"),
    "alex": ("Alex Lacamoire", "alex-lacamoire.png"),
    "obama": ("Barack Obama", "obama.jpg"),
    "biden": ("Joe Biden", "biden.jpg"),
}


def model_args(tmp_path: Path) -> list[str]:
    """Global options for YOLOv8n-face INT8 + EdgeFace-XS INT8 (+ MiniFASNet) on the CPU, data under ``tmp_path``;
    their ONNX exports are made first (once per test run), so that processes started with these options (a kiosk
    under a deadline) do not spend their first seconds exporting."""
    from pipeline.exported import prepare
    from pipeline.registry import default_registry

    for spec in default_registry().models:
        if spec.name in ("edgeface_xs_q", "minifasnet_v2", "minifasnet_v1se"):
            prepare(spec.arch, shared_path(f"models/{spec.filename}"), spec.crop_scale)
    return [
        "--data-dir", str(tmp_path / "data"),
        "--models-dir", str(shared_path("models")),  # where the liveness models are found by name
        "--detector", "yolo", "--detector-weights", str(shared_path("models/yolov8n-face_int8.tflite")),
        "--recognizer", "edgeface_xs_q", "--recognizer-weights", str(shared_path("models/edgeface_xs_q.pt")),
        "--device", "cpu",
    ]


def shared_liveness() -> LivenessSettings:
    """Liveness on, with the two MiniFASNet files of ../shared given as paths."""
    files = ("2.7_80x80_MiniFASNetV2.pth", "4_0_0_80x80_MiniFASNetV1SE.pth")
    return LivenessSettings(weights=[str(shared_path(f"models/{name}")) for name in files])
