"""The torch CPU models through ONNX Runtime: the INT8 emulation, the exports' cache, and the outputs against torch's."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import cv2
import numpy as np
import pytest
import torch
from torch import nn

from pipeline.alignment import align_faces
from pipeline.exported import ExportKey, exports_dir
from pipeline.liveness.scorer import MiniFASNetScorer, context_crops
from pipeline.liveness.weights import LivenessWeights
from pipeline.onnx_export import FakeQuantLinear, exportable
from pipeline.recognizers import build_recognizer
from pipeline.recognizers.edgeface import EdgeFaceRecognizer
from pipeline.recognizers.onnx_recognizer import OnnxRecognizer
from pipeline.registry import default_registry
from tests.conftest import PROJECT_ROOT, shared_path

# People of the deepface photos (identities.csv groups), two to four photos each.
PEOPLE = {"G01": ["img1.jpg", "img2.jpg", "img4.jpg"], "G02": ["img3.jpg", "img12.jpg"],
          "G03": ["img8.jpg", "img47.jpg"], "G04": ["img13.jpg", "img14.jpg", "img57.jpg"]}


def test_the_int8_emulation_equals_torchs_int8_linear() -> None:
    """A dynamic-INT8 Linear and its fp32 emulation agree to float rounding, on an input of any shape."""
    torch.manual_seed(0)
    quantized = torch.ao.quantization.quantize_dynamic(nn.Sequential(nn.Linear(64, 32)), {nn.Linear}, dtype=torch.qint8)
    emulated = exportable(quantized)
    assert isinstance(emulated[0], FakeQuantLinear)
    for x in (torch.randn(2, 7, 7, 64) * 3 + 0.5, torch.rand(5, 64), torch.zeros(1, 64)):
        with torch.no_grad():
            np.testing.assert_allclose(emulated(x).numpy(), quantized(x).numpy(), atol=1e-5)
    # and the 8-bit rounding is really there: an unquantized Linear with the same weights is farther off
    plain = nn.functional.linear(x := torch.randn(2, 7, 7, 64) * 3, quantized[0].weight().dequantize(), quantized[0].bias())
    assert (plain - quantized(x)).abs().max() > 1e-3


def _deepface_crops() -> tuple[np.ndarray, list[str]]:
    from core.config import DetectorSettings
    from pipeline.detectors import build_detector

    detector = build_detector("yolo", shared_path("models/yolov8n-face_int8.tflite"), DetectorSettings())
    crops, people = [], []
    for person, files in PEOPLE.items():
        for name in files:
            image = cv2.imread(str(shared_path(f"media/deepface_dataset/{name}")))
            faces = detector.detect(image)
            best = int(np.argmax(faces.scores))
            crops.append(align_faces(image, faces.landmarks[best : best + 1]).crops[0])
            people.append(person)
    return np.stack(crops), people


@pytest.mark.parametrize("arch", ["edgeface_xs_q", "edgeface_xxs_q"])
def test_the_onnx_edgeface_agrees_with_torch_on_real_faces(arch: str) -> None:
    """INT8 EdgeFace is chaotic in its last digits: one grey level of noise moves torch's own embeddings to a cosine
    of 0.95-0.97 with the first (measured on these faces). The export stays within that, and tells the same people
    apart the same way."""
    crops, people = _deepface_crops()
    weights = shared_path(f"models/{arch}.pt")
    exported = build_recognizer(arch, weights)
    assert isinstance(exported, OnnxRecognizer)
    reference = EdgeFaceRecognizer(arch, weights, "cpu", batch_size=1)
    ours = np.concatenate([exported.embed(c[None]).vectors for c in crops])
    theirs = reference.embed(crops).vectors
    noisy = np.clip(crops.astype(int) + np.random.default_rng(1).integers(-1, 2, crops.shape), 0, 255).astype(np.uint8)
    own_noise = (reference.embed(noisy).vectors * theirs).sum(1)
    cosine = (ours * theirs).sum(1)
    assert cosine.min() > 0.93 and np.median(cosine) > 0.96, cosine
    assert np.median(cosine) >= np.median(own_noise) - 0.01  # no farther from torch than torch from itself
    for vectors in (ours, theirs):
        similarity = vectors @ vectors.T
        np.fill_diagonal(similarity, -1)
        assert [people[i] for i in similarity.argmax(1)] == people  # every face's nearest face is the same person's


def test_an_export_is_made_once_checked_at_each_load_and_made_again_when_damaged() -> None:
    weights = shared_path("models/edgeface_xxs_q.pt")
    key = ExportKey.of("edgeface_xxs_q", weights)
    build_recognizer("edgeface_xxs_q", weights)
    assert key.cached() == key.onnx_path and key.onnx_path.parent == exports_dir()
    manifest = json.loads(key.manifest_path.read_text())
    assert manifest["source_sha256"] == key.source_sha256 and manifest["min_cosine"] > 0.9
    made = key.onnx_path.stat().st_mtime_ns
    crops = np.zeros((1, 112, 112, 3), np.uint8)
    first = build_recognizer("edgeface_xxs_q", weights).embed(crops).vectors
    assert key.onnx_path.stat().st_mtime_ns == made  # loaded, not made again
    key.onnx_path.write_bytes(key.onnx_path.read_bytes()[:-10] + b"0123456789")  # damaged (or swapped)
    assert key.cached() is None
    np.testing.assert_allclose(build_recognizer("edgeface_xxs_q", weights).embed(crops).vectors, first, atol=1e-6)
    assert key.cached() == key.onnx_path  # made again, whole


def test_a_model_command_on_the_cpu_never_imports_torch_or_ultralytics(tmp_path: Path) -> None:
    """Once exported, the default CPU models (YOLO INT8 TFLite, EdgeFace-XS INT8, both MiniFASNets) and the
    pipeline load without torch, timm or Ultralytics."""
    registry = default_registry()
    liveness = [LivenessWeights(shared_path(f"models/{s.filename}"), s.arch, s.crop_scale or 0) for s in registry.of_kind("liveness")]
    MiniFASNetScorer(liveness)  # exported here, if not yet
    build_recognizer("edgeface_xs_q", shared_path("models/edgeface_xs_q.pt"))
    script = f"""
import sys
from core.config import AppConfig
from services.runtime import Runtime
from services.video import build_pipeline
runtime = Runtime(AppConfig(data_dir={str(tmp_path)!r}, models_dir={str(shared_path('models'))!r}))
build_pipeline(runtime)
print(sorted(m for m in ("torch", "timm", "ultralytics", "facenet_pytorch") if m in sys.modules))
"""
    done = subprocess.run([sys.executable, "-c", script], cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip().splitlines()[-1] == "[]"


def test_the_onnx_minifasnets_score_as_torch_does() -> None:
    from pipeline.liveness.minifasnet import TorchLiveProbability

    registry = default_registry()
    image = cv2.imread(str(shared_path("media/spoof/images/minivision__image_T1.jpg")))
    boxes = np.array([[115.7, 103.6, 292.3, 350.4], [20, 20, 120, 140]], np.float32)
    for spec in registry.of_kind("liveness"):
        item = LivenessWeights(shared_path(f"models/{spec.filename}"), spec.arch, spec.crop_scale or 0)
        ours = MiniFASNetScorer([item], device="cpu").score(image, boxes)
        expected = TorchLiveProbability(item, "cpu", trusted=False)(context_crops(image, boxes, item.crop_scale))
        np.testing.assert_allclose(ours, expected, atol=1e-5)


def test_models_add_exports_a_cpu_model_at_once(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The first start of the kiosk after a download does not wait for the export (with torch, seconds)."""
    from cli.app import main

    weights = shared_path("models/edgeface_xxs_q.pt")
    key = ExportKey.of("edgeface_xxs_q", weights)
    key.onnx_path.unlink(missing_ok=True)
    assert main(["--models-dir", str(tmp_path / "models"), "models", "add", str(weights)]) == 0
    assert "edgeface_xxs_q: ready for ONNX Runtime" in capsys.readouterr().out
    assert key.cached() is not None
