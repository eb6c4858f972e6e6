"""YuNet face detector through ``cv2.FaceDetectorYN``, for fixed-size and dynamic-size ONNX exports."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import cv2
import numpy as np

from core.config import DetectorSettings
from pipeline.detectors import check_model_file, downscale, finish, load_error
from pipeline.quiet import native_stderr_silenced
from pipeline.types import FaceDetections

NMS_THRESHOLD = 0.3
TOP_K = 5000


class YunetDetector:
    """YuNet. Fixed-input models get the image resized to fit and zero-padded (right/bottom) to their size;
    dynamic ones get it shrunk so its long side is at most ``settings.input_size``.

    A YuNet row is ``x, y, w, h``, then 5 points it names re, le, nt, rcm, lcm (the *subject's* right eye
    first), then the score. The subject's right eye is the image-left one, so the points are already in
    the image-left-first order of ``FaceDetections`` (checked on real photos against YOLO and MTCNN).
    """

    name = "yunet"

    def __init__(self, weights: Path, settings: DetectorSettings) -> None:
        path = check_model_file(weights, {".onnx"}, "YuNet")
        self._settings = settings
        try:
            self.fixed_size = onnx_input_size(path)  # (width, height) or None for a dynamic model
            start = self.fixed_size or (settings.input_size, settings.input_size)
            with native_stderr_silenced():  # OpenCV 5: "Targets are not supported by the new graph engine for now"
                self._net = cv2.FaceDetectorYN.create(str(path), "", start, settings.confidence, NMS_THRESHOLD, TOP_K)
            self.detect(np.zeros((64, 64, 3), np.uint8))  # a model with other outputs fails here, not later
        except (cv2.error, ValueError) as exc:
            raise load_error("YuNet", path, exc) from exc

    def detect(self, image: np.ndarray) -> FaceDetections:
        if self.fixed_size is None:
            net_input, scale = downscale(image, self._settings.input_size)
        else:
            net_input, scale = _letterbox(image, self.fixed_size)
        self._net.setInputSize((net_input.shape[1], net_input.shape[0]))
        _, rows = self._net.detect(net_input)
        rows = np.zeros((0, 15), np.float32) if rows is None else rows
        xy, wh = rows[:, 0:2], rows[:, 2:4]
        faces = FaceDetections(np.hstack([xy, xy + wh]) / scale, rows[:, 14], rows[:, 4:14] / scale)
        return finish(faces, image.shape, self._settings.min_face)


def _letterbox(image: np.ndarray, size: tuple[int, int]) -> tuple[np.ndarray, float]:
    """Resize ``image`` to fit (width, height) ``size`` keeping its aspect, pad right/bottom with black."""
    h, w = image.shape[:2]
    scale = min(size[0] / w, size[1] / h)
    fitted = cv2.resize(
        image,
        (min(size[0], max(1, round(w * scale))), min(size[1], max(1, round(h * scale)))),
        interpolation=cv2.INTER_AREA if scale < 1 else cv2.INTER_LINEAR,
    )
    canvas = np.zeros((size[1], size[0], 3), np.uint8)
    canvas[: fitted.shape[0], : fitted.shape[1]] = fitted
    return canvas, scale


def onnx_input_size(path: Path) -> tuple[int, int] | None:
    """(width, height) of an ONNX model's first 4-D NCHW input when both are fixed numbers, else None.

    Reads the protobuf directly (ModelProto.graph=7 -> GraphProto.input=11 -> ValueInfoProto.type=2 ->
    TypeProto.tensor_type=1 -> shape=2 -> dim=1 -> dim_value=1), so no ``onnx`` package is needed.
    Raises ``ValueError`` when the file is not a parsable ONNX model.
    """
    data = memoryview(Path(path).read_bytes())
    graph = _only(data, 7)
    if graph is None:
        raise ValueError("no graph in the file (not an ONNX model, or truncated)")
    for value_info in _all(graph, 11):
        tensor_type = _only(_only(value_info, 2) or b"", 1)
        shape = _only(tensor_type or b"", 2)
        dims = [_only(dim, 1, varint=True) for dim in _all(shape or b"", 1)]
        if len(dims) == 4:
            height, width = dims[2], dims[3]
            fixed = all(d is not None and 0 < d < 1 << 31 for d in (height, width))  # -1 is stored as 2**64 - 1
            return (width, height) if fixed else None
    raise ValueError("no 4-D image input in the ONNX graph")


def _varint(data: memoryview, i: int) -> tuple[int, int]:
    value = shift = 0
    while True:
        if i >= len(data):
            raise ValueError("protobuf varint runs past the end of the file (truncated?)")
        byte = data[i]
        value |= (byte & 0x7F) << shift
        i += 1
        if byte < 0x80:
            return value, i
        shift += 7


def _fields(data: memoryview) -> Iterator[tuple[int, int | memoryview | None]]:
    """Yield (field number, value) of one protobuf message: int for varints, memoryview for length-delimited."""
    i = 0
    while i < len(data):
        key, i = _varint(data, i)
        field, wire = key >> 3, key & 7
        value: int | memoryview | None
        if wire == 0:
            value, i = _varint(data, i)
        elif wire == 2:
            length, i = _varint(data, i)
            if i + length > len(data):
                raise ValueError("protobuf field runs past the end of the file (truncated?)")
            value, i = data[i : i + length], i + length
        elif wire in (1, 5):
            value, i = None, i + (8 if wire == 1 else 4)
        else:
            raise ValueError(f"unsupported protobuf wire type {wire} (not an ONNX model?)")
        yield field, value


def _all(data: memoryview | bytes, field: int) -> list[Any]:
    return [value for number, value in _fields(memoryview(data)) if number == field]


def _only(data: memoryview | bytes, field: int, varint: bool = False) -> Any:
    """The last value of ``field`` (protobuf semantics), or None; ``varint`` asks for an int field."""
    values = [v for v in _all(data, field) if isinstance(v, int) == varint]
    return values[-1] if values else None
