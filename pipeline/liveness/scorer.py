"""Per-frame liveness scores from the two MiniFASNet models, on the context crops they were trained with.

Each model sees an 80x80 BGR crop of the face box enlarged by its ``crop_scale`` around the box
centre (2.7 and 4.0: the face with its surroundings, where a phone's bezel or a print's edge shows),
shrunk where the image is too small and shifted to stay inside it, exactly as the published
pipeline crops. The score of a face is the mean of the two models' live probabilities.

On the CPU (``device`` auto or cpu: the networks are small enough that a GPU's transfers would cost more
than they save) each network runs through ONNX Runtime from its export, without torch; on a GPU, on torch.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import cv2
import numpy as np

from core.errors import ModelError
from pipeline.exported import ExportKey, ort_session
from pipeline.liveness.weights import LIVENESS_ARCHS, LivenessWeights

INPUT_SIZE = 80
LIVE_CLASS = 1
CPU_DEVICES = ("auto", "cpu")
# fp32 networks: an export whose logits point elsewhere than torch's (beyond float rounding) is refused
MIN_EXPORT_COSINE = 0.9999

# (N, 80, 80, 3) uint8 BGR crops -> (N,) live probabilities
LiveProbability = Callable[[np.ndarray], np.ndarray]


def context_box(box: np.ndarray, scale: float, width: int, height: int) -> tuple[int, int, int, int]:
    """Inclusive pixel bounds (x1, y1, x2, y2) of ``box`` (xyxy) enlarged ``scale`` times, kept in the image."""
    box_w, box_h = max(float(box[2] - box[0]), 1.0), max(float(box[3] - box[1]), 1.0)
    scale = min((height - 1) / box_h, (width - 1) / box_w, scale)
    half_w, half_h = box_w * scale / 2, box_h * scale / 2
    cx, cy = float(box[0]) + box_w / 2, float(box[1]) + box_h / 2
    x1, y1, x2, y2 = cx - half_w, cy - half_h, cx + half_w, cy + half_h
    if x1 < 0:
        x1, x2 = 0.0, x2 - x1
    if y1 < 0:
        y1, y2 = 0.0, y2 - y1
    if x2 > width - 1:
        x1, x2 = x1 - (x2 - width + 1), width - 1.0
    if y2 > height - 1:
        y1, y2 = y1 - (y2 - height + 1), height - 1.0
    return int(x1), int(y1), int(x2), int(y2)


def context_crops(image: np.ndarray, boxes: np.ndarray, scale: float, size: int = INPUT_SIZE) -> np.ndarray:
    """(N, size, size, 3) uint8 crops of ``boxes`` (N, 4) enlarged by ``scale``."""
    height, width = image.shape[:2]
    crops = np.empty((len(boxes), size, size, 3), np.uint8)
    for i, box in enumerate(boxes):
        x1, y1, x2, y2 = context_box(box, scale, width, height)
        crops[i] = cv2.resize(image[y1 : y2 + 1, x1 : x2 + 1], (size, size))
    return crops


class MiniFASNetScorer:
    """Live probability (0..1) per face: the mean softmax "live" output of the given models."""

    name = "minifasnet"

    def __init__(
        self, weights: Sequence[LivenessWeights], device: str = "auto", *, trusted: bool = False, threads: int = 1
    ) -> None:
        if not weights:
            raise ModelError("liveness needs at least one MiniFASNet model")
        for item in weights:
            if item.arch not in LIVENESS_ARCHS:
                raise ModelError(f"unknown liveness architecture {item.arch!r}; choose one of {', '.join(LIVENESS_ARCHS)}")
        if device in CPU_DEVICES:
            self._models = [(_onnx_network(item, trusted, threads), item.crop_scale) for item in weights]
        else:
            from pipeline.liveness.minifasnet import TorchLiveProbability

            self._models = [(TorchLiveProbability(item, device, trusted=trusted), item.crop_scale) for item in weights]

    def score(self, image: np.ndarray, boxes: np.ndarray) -> np.ndarray:
        """(N,) float32 live probabilities of the faces ``boxes`` (N, 4 xyxy) in the BGR ``image``."""
        boxes = np.asarray(boxes, np.float32).reshape(-1, 4)
        if len(boxes) == 0:
            return np.zeros(0, np.float32)
        total = np.zeros(len(boxes), np.float32)
        for live_probability, scale in self._models:
            total += live_probability(context_crops(image, boxes, scale))
        return total / len(self._models)


def softmax_live(logits: np.ndarray) -> np.ndarray:
    """The live class's softmax probability of (N, 3) logits."""
    shifted = np.exp(logits - logits.max(axis=1, keepdims=True))
    return (shifted[:, LIVE_CLASS] / shifted.sum(axis=1)).astype(np.float32)


def _onnx_network(item: LivenessWeights, trusted: bool, threads: int) -> LiveProbability:
    """The live probability of ``item`` through ONNX Runtime (exported now, with torch, when not yet)."""
    key = ExportKey.of(item.arch, item.path)
    session = ort_session(key.cached() or _export(key, item, trusted, threads), threads)
    name = session.get_inputs()[0].name

    def live_probability(crops: np.ndarray) -> np.ndarray:
        x = np.ascontiguousarray(crops.transpose(0, 3, 1, 2), dtype=np.float32)  # raw 0-255 BGR
        return softmax_live(np.asarray(session.run(None, {name: x})[0]))

    return live_probability


def _export(key: ExportKey, item: LivenessWeights, trusted: bool, threads: int) -> Path:
    """Export ``item``'s network (with torch), refused when its logits are not torch's."""
    import torch

    from pipeline.liveness.minifasnet import load_network
    from pipeline.onnx_export import export_onnx, min_row_cosine

    network = load_network(item, trusted=trusted)
    crops = np.random.default_rng(80).integers(0, 256, (4, 3, INPUT_SIZE, INPUT_SIZE)).astype(np.float32)
    with torch.inference_mode():
        expected = network(torch.from_numpy(crops)).numpy()

    def check(path: Path) -> float:
        session = ort_session(path, threads)
        cosine = min_row_cosine(expected, session.run(None, {session.get_inputs()[0].name: crops})[0])
        if cosine < MIN_EXPORT_COSINE:
            raise ModelError(f"the ONNX export of {item.path} disagrees with torch (cosine {cosine:.5f}): please report it")
        return cosine

    return key.save(lambda path: export_onnx(network, torch.zeros(1, 3, INPUT_SIZE, INPUT_SIZE), path), check)
