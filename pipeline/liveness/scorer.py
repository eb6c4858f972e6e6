"""Per-frame liveness scores from the two MiniFASNet models, on the context crops they were trained with.

Each model sees an 80x80 BGR crop of the face box enlarged by its ``crop_scale`` around the box
centre (2.7 and 4.0: the face with its surroundings, where a phone's bezel or a print's edge shows),
shrunk where the image is too small and shifted to stay inside it, exactly as the published
pipeline crops. The score of a face is the mean of the two models' live probabilities.
"""
from __future__ import annotations

from collections.abc import Sequence

import cv2
import numpy as np
import torch
from torch import nn

from core.errors import ModelError
from pipeline.liveness.minifasnet import INPUT_SIZE, LIVE_CLASS, MiniFASNet, minifasnet_v1se, minifasnet_v2
from pipeline.liveness.weights import LivenessWeights
from pipeline.recognizers import resolve_device
from pipeline.recognizers.checkpoints import load_state_dict, load_strict

_NETWORKS = {"minifasnet_v2": minifasnet_v2, "minifasnet_v1se": minifasnet_v1se}


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

    def __init__(self, weights: Sequence[LivenessWeights], device: str = "auto", *, trusted: bool = False) -> None:
        if not weights:
            raise ModelError("liveness needs at least one MiniFASNet model")
        self.device = resolve_device(device)
        self._models: list[tuple[nn.Module, float]] = []
        for item in weights:
            if item.arch not in _NETWORKS:
                raise ModelError(f"unknown liveness architecture {item.arch!r}; choose one of {', '.join(_NETWORKS)}")
            network: MiniFASNet = _NETWORKS[item.arch]()
            state = {k.removeprefix("module."): v for k, v in load_state_dict(item.path, trusted=trusted).items()}
            load_strict(network, state, path=item.path, arch=item.arch)
            self._models.append((network.eval().to(self.device), item.crop_scale))

    def score(self, image: np.ndarray, boxes: np.ndarray) -> np.ndarray:
        """(N,) float32 live probabilities of the faces ``boxes`` (N, 4 xyxy) in the BGR ``image``."""
        boxes = np.asarray(boxes, np.float32).reshape(-1, 4)
        if len(boxes) == 0:
            return np.zeros(0, np.float32)
        total = np.zeros(len(boxes), np.float32)
        with torch.inference_mode():
            for network, scale in self._models:
                crops = context_crops(image, boxes, scale)
                x = torch.from_numpy(crops).to(self.device).permute(0, 3, 1, 2).float()  # raw 0-255 BGR
                total += network(x).softmax(dim=1)[:, LIVE_CLASS].cpu().numpy()
        return total / len(self._models)
