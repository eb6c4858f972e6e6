"""Ultralytics YOLO face exports (``.tflite``, ``.onnx``) run by their own runtimes, without Ultralytics or torch.

The pre- and post-processing are Ultralytics' own, written again in numpy and OpenCV: the picture is
letterboxed to the model's square input (scaled to fit, centred on grey 114), fed as RGB in 0..1, and the
raw output (boxes, the face score, then the keypoints: (1, 4 + 1 + 5 * 3, anchors)) goes through greedy
NMS at IoU 0.7 before the boxes and keypoints are mapped back to the picture. LiteRT exports give their
coordinates as fractions of the input size; ONNX exports give pixels. ``tests/test_detectors.py`` checks
the faces found against Ultralytics' on real photos.
"""
from __future__ import annotations

import ast
import json
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import cv2
import numpy as np

from core.config import DetectorSettings
from core.errors import ModelError
from pipeline.detectors import check_model_file, finish, load_error
from pipeline.quiet import native_stderr_silenced
from pipeline.types import LANDMARK_COUNT, FaceDetections

SUFFIXES = {".onnx", ".tflite"}
IOU_THRESHOLD = 0.7  # Ultralytics' predict default
MAX_DETECTIONS = 300
PAD_VALUE = 114

# (1, H, W, 3) or (1, 3, H, W) float32 input -> (1, channels, anchors) output
Run = Callable[[np.ndarray], np.ndarray]
# a runtime's model: how to run it, its input and output shapes (-1 where dynamic), Ultralytics' metadata
Loaded = tuple[Run, tuple[int, ...], tuple[int, ...], dict[str, Any]]


@dataclass(frozen=True)
class ExportInfo:
    """What Ultralytics wrote into an export about its model."""

    task: str
    classes: int
    keypoints: int  # keypoints per face; 0 for a detect model
    keypoint_values: int  # 2 (x, y) or 3 (x, y, visibility)
    end2end: bool

    @classmethod
    def from_metadata(cls, metadata: dict[str, Any], path: Path) -> ExportInfo:
        if not metadata:
            raise ModelError(f"YOLO model {path} has no Ultralytics metadata; export it with `yolo export`")
        shape = metadata.get("kpt_shape") or (0, 0)
        return cls(str(metadata.get("task", "detect")), len(metadata.get("names") or {}), int(shape[0]), int(shape[1]),
                   bool(metadata.get("end2end", False)))


class ExportedYoloDetector:
    """A single-class YOLO face pose export (5 keypoints), through LiteRT (``.tflite``) or ONNX Runtime (``.onnx``).

    ``threads`` is the runtime's thread count. A box-only (detect) export is refused: its faces would need
    MTCNN's landmarks, which the torch ``.pt`` path through Ultralytics provides.
    """

    name = "yolo"
    has_keypoints = True

    def __init__(self, weights: Path, settings: DetectorSettings, *, threads: int = 1) -> None:
        path = check_model_file(weights, SUFFIXES, "YOLO")
        self._settings = settings
        self._normalized = path.suffix.lower() == ".tflite"
        try:
            with native_stderr_silenced():  # LiteRT prints "INFO: Created TensorFlow Lite XNNPACK delegate"
                run, shape, output, metadata = (_litert if self._normalized else _onnxruntime)(path, threads)
        except ModelError:
            raise
        except Exception as exc:  # the runtimes raise ValueError, RuntimeError or their own types for a bad file
            raise load_error("YOLO", path, exc) from exc
        self._run = run
        self._channels_last = shape[-1] == 3
        fixed = shape[1:3] if self._channels_last else shape[2:4]
        self.input_size = int(fixed[0]) if all(isinstance(s, int) and s > 0 for s in fixed) else settings.input_size
        info = ExportInfo.from_metadata(metadata, path)
        if info.task != "pose":
            raise ModelError(f"YOLO model {path} is a {info.task} model; expected a face pose model with "
                             f"{LANDMARK_COUNT} keypoints (a box-only model needs its .pt file)")
        if info.classes != 1:
            raise ModelError(f"YOLO model {path} has {info.classes} classes; expected a single-class face model")
        if info.keypoints != LANDMARK_COUNT:
            raise ModelError(f"YOLO model {path} has {info.keypoints} keypoints; expected {LANDMARK_COUNT}")
        if info.end2end:
            raise ModelError(f"YOLO model {path} is an end-to-end (NMS-free) export; export it with end2end=False")
        self._keypoint_values = info.keypoint_values
        channels = 4 + 1 + info.keypoints * info.keypoint_values
        if len(output) != 3 or output[1] != channels:
            raise ModelError(f"YOLO model {path} gives outputs of shape {output}; expected (1, {channels}, anchors)")

    def detect(self, image: np.ndarray) -> FaceDetections:
        size = self.input_size
        letterboxed, gain, pad = letterbox(image, size)
        x = letterboxed[..., ::-1].astype(np.float32) / 255.0  # BGR -> RGB, 0..1
        x = x[None] if self._channels_last else x.transpose(2, 0, 1)[None]
        rows = self._run(np.ascontiguousarray(x))[0].T.copy()  # (anchors, channels)
        if self._normalized:
            rows[:, [0, 2]] *= size
            rows[:, [1, 3]] *= size
            rows[:, 5::self._keypoint_values] *= size
            rows[:, 6::self._keypoint_values] *= size
        rows = rows[rows[:, 4] > self._settings.confidence]
        boxes = np.column_stack([rows[:, 0] - rows[:, 2] / 2, rows[:, 1] - rows[:, 3] / 2,
                                 rows[:, 0] + rows[:, 2] / 2, rows[:, 1] + rows[:, 3] / 2])
        keep = greedy_nms(boxes, rows[:, 4], IOU_THRESHOLD)[:MAX_DETECTIONS]
        boxes, rows = boxes[keep], rows[keep]
        boxes = (boxes - np.tile(pad, 2)) / np.tile(gain, 2)
        points = np.stack([rows[:, 5::self._keypoint_values], rows[:, 6::self._keypoint_values]], axis=-1)
        h, w = image.shape[:2]
        points = ((points - pad) / gain).clip(0, (w, h))
        found = FaceDetections(boxes.astype(np.float32), rows[:, 4].astype(np.float32), points.astype(np.float32))
        return finish(found, image.shape, self._settings.min_face)


def letterbox(image: np.ndarray, size: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``image`` scaled to fit a ``size`` square and centred on grey; the (x, y) scales of its rounded sides and
    the (left, top) padding."""
    h, w = image.shape[:2]
    gain = min(size / h, size / w)
    new_w, new_h = max(round(w * gain), 1), max(round(h * gain), 1)
    if (new_w, new_h) != (w, h):
        image = cv2.resize(image, (new_w, new_h), interpolation=cv2.INTER_LINEAR)
    pad_w, pad_h = (size - new_w) / 2, (size - new_h) / 2
    top, bottom, left, right = round(pad_h - 0.1), round(pad_h + 0.1), round(pad_w - 0.1), round(pad_w + 0.1)
    bordered = cv2.copyMakeBorder(image, top, bottom, left, right, cv2.BORDER_CONSTANT, value=(PAD_VALUE,) * 3)
    return bordered, np.array([new_w / w, new_h / h]), np.array([left, top])


def greedy_nms(boxes: np.ndarray, scores: np.ndarray, iou_threshold: float) -> np.ndarray:
    """Indices of the boxes (xyxy) kept by greedy non-maximum suppression, best score first."""
    order = np.argsort(-scores, kind="stable")
    areas = (boxes[:, 2] - boxes[:, 0]) * (boxes[:, 3] - boxes[:, 1])
    keep = []
    while len(order):
        best, rest = order[0], order[1:]
        keep.append(best)
        width = np.clip(np.minimum(boxes[best, 2], boxes[rest, 2]) - np.maximum(boxes[best, 0], boxes[rest, 0]), 0, None)
        height = np.clip(np.minimum(boxes[best, 3], boxes[rest, 3]) - np.maximum(boxes[best, 1], boxes[rest, 1]), 0, None)
        overlap = width * height
        order = rest[overlap / np.maximum(areas[best] + areas[rest] - overlap, 1e-9) <= iou_threshold]
    return np.asarray(keep, dtype=np.int64)


def _litert(path: Path, threads: int) -> Loaded:
    from ai_edge_litert.interpreter import Interpreter

    interpreter = Interpreter(str(path), num_threads=max(1, threads))
    interpreter.allocate_tensors()
    source, output = interpreter.get_input_details()[0], interpreter.get_output_details()[0]
    if source["dtype"] != np.float32 or output["dtype"] != np.float32:
        raise ModelError(f"YOLO model {path} has integer input or output; expected an Ultralytics export (float I/O)")

    def run(x: np.ndarray) -> np.ndarray:
        interpreter.set_tensor(source["index"], x)
        interpreter.invoke()
        return np.asarray(interpreter.get_tensor(output["index"]))

    try:
        with zipfile.ZipFile(path) as bundle:
            metadata = json.loads(bundle.read("metadata.json"))
    except (zipfile.BadZipFile, KeyError, ValueError):
        metadata = {}
    return run, tuple(int(s) for s in source["shape"]), tuple(int(s) for s in output["shape"]), metadata


def _onnxruntime(path: Path, threads: int) -> Loaded:
    from pipeline.exported import ort_session

    session = ort_session(path, threads)
    source = session.get_inputs()[0]

    def run(x: np.ndarray) -> np.ndarray:
        return np.asarray(session.run(None, {source.name: x})[0])

    metadata: dict[str, Any] = {}
    for key, value in session.get_modelmeta().custom_metadata_map.items():
        try:
            metadata[key] = ast.literal_eval(value)
        except (ValueError, SyntaxError):
            metadata[key] = value
    def known(shape: list[int | str | None]) -> tuple[int, ...]:
        return tuple(s if isinstance(s, int) else -1 for s in shape)

    return run, known(source.shape), known(session.get_outputs()[0].shape), metadata
