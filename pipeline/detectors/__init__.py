"""Face detectors (YOLO face, YuNet, MTCNN) behind the ``FaceDetector`` protocol, plus their shared helpers.

Detector modules import heavy libraries (torch, ultralytics), so ``build_detector`` imports only the one asked for.
"""
from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np

from core.config import DetectorSettings
from core.errors import ModelError
from pipeline.interfaces import FaceDetector
from pipeline.types import FaceDetections


def build_detector(
    kind: str, weights: Path | None, settings: DetectorSettings, *, device: str = "cpu", trusted: bool = False,
    threads: int = 1,
) -> FaceDetector:
    """Load the detector ``kind`` (yolo | yunet | mtcnn); ``weights`` may be None only for mtcnn.

    ``device`` is a torch device string used by the torch-based detectors (YOLO ``.pt``, MTCNN);
    ``trusted`` allows a YOLO ``.pt`` file, which is unpickled. YOLO exports (``.tflite``, ``.onnx``) run
    on their own runtimes with ``threads`` threads, without Ultralytics or torch.
    """
    if kind == "mtcnn":
        from pipeline.detectors.mtcnn import MtcnnDetector

        return MtcnnDetector(settings, device=device)
    if weights is None:
        raise ModelError(f"the {kind} detector needs a weights file")
    if kind == "yolo" and Path(weights).suffix.lower() in (".tflite", ".onnx"):
        from pipeline.detectors.yolo_exported import ExportedYoloDetector

        return ExportedYoloDetector(Path(weights), settings, threads=threads)
    if kind == "yolo":
        from pipeline.detectors.yolo import YoloDetector

        return YoloDetector(Path(weights), settings, device=device, trusted=trusted)
    if kind == "yunet":
        from pipeline.detectors.yunet import YunetDetector

        return YunetDetector(Path(weights), settings)
    raise ModelError(f"unknown detector kind {kind!r}; expected yolo, yunet or mtcnn")


def check_model_file(path: Path, suffixes: set[str], what: str) -> Path:
    """Return ``path`` if it is a non-empty file with one of ``suffixes``, else raise ``ModelError``."""
    path = Path(path)
    if path.suffix.lower() not in suffixes:
        raise ModelError(f"{what} model {path} has suffix {path.suffix!r}; expected one of {sorted(suffixes)}")
    if not path.is_file():
        raise ModelError(f"{what} model file not found: {path}")
    if path.stat().st_size == 0:
        raise ModelError(f"{what} model file is empty (0 bytes): {path}")
    return path


def load_error(what: str, path: Path, exc: BaseException) -> ModelError:
    """A one-line ``ModelError`` naming the file, with the first line of the library's own message."""
    lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
    reason = lines[0][:300] if lines else type(exc).__name__
    return ModelError(f"cannot load {what} model {path}: {reason}")


def downscale(image: np.ndarray, max_side: int) -> tuple[np.ndarray, float]:
    """Shrink ``image`` so its long side is at most ``max_side``; returns it and the scale applied (<= 1)."""
    scale = min(1.0, max_side / max(image.shape[:2]))
    if scale == 1.0:
        return image, scale
    h, w = image.shape[:2]
    size = (max(1, round(w * scale)), max(1, round(h * scale)))
    return cv2.resize(image, size, interpolation=cv2.INTER_AREA), scale


def finish(detections: FaceDetections, image_shape: tuple[int, ...], min_face: int) -> FaceDetections:
    """Clip boxes to the image and drop faces whose shorter box side is below ``min_face`` pixels."""
    h, w = image_shape[:2]
    boxes = detections.boxes.copy()
    boxes[:, [0, 2]] = boxes[:, [0, 2]].clip(0, w)
    boxes[:, [1, 3]] = boxes[:, [1, 3]].clip(0, h)
    clipped = FaceDetections(boxes, detections.scores, detections.landmarks)
    return clipped[np.minimum(clipped.widths, clipped.heights) >= min_face]
