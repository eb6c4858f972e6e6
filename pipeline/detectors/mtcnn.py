"""facenet-pytorch MTCNN: a face detector, and a landmark finder for the boxes of box-only detectors."""
from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np
from facenet_pytorch import MTCNN

from core.config import DetectorSettings
from pipeline.detectors import downscale, finish
from pipeline.types import FaceDetections


@dataclass(frozen=True)
class _Found:
    """MTCNN output for one image: boxes (K, 4), probabilities (K,), landmarks (K, 5, 2)."""

    boxes: np.ndarray
    probs: np.ndarray
    points: np.ndarray


def _run(mtcnn: MTCNN, rgb_batch: np.ndarray) -> list[_Found]:
    """MTCNN on a (B, H, W, 3) RGB batch, one ``_Found`` per image (empty arrays where it found nothing)."""
    boxes, probs, points = mtcnn.detect(rgb_batch, landmarks=True)
    found = []
    for b, p, marks in zip(boxes, probs, points):
        if b is None:
            found.append(_Found(np.zeros((0, 4), np.float32), np.zeros(0, np.float32), np.zeros((0, 5, 2), np.float32)))
        else:
            found.append(_Found(np.asarray(b, np.float32), np.asarray(p, np.float32), np.asarray(marks, np.float32)))
    return found


class MtcnnDetector:
    """MTCNN on the image shrunk to ``settings.input_size`` (long side); landmarks are image-left first."""

    name = "mtcnn"

    def __init__(self, settings: DetectorSettings, device: str = "cpu") -> None:
        self._settings = settings
        self._mtcnn = MTCNN(keep_all=True, device=device)

    def detect(self, image: np.ndarray) -> FaceDetections:
        small, scale = downscale(image, self._settings.input_size)
        if min(small.shape[:2]) < self._mtcnn.min_face_size:  # no face fits; MTCNN itself would raise
            return FaceDetections.empty()
        found = _run(self._mtcnn, cv2.cvtColor(small, cv2.COLOR_BGR2RGB)[None])[0]
        keep = found.probs >= self._settings.confidence
        faces = FaceDetections(found.boxes[keep] / scale, found.probs[keep], found.points[keep] / scale)
        return finish(faces, image.shape, self._settings.min_face)


def _iou(box: np.ndarray, boxes: np.ndarray) -> np.ndarray:
    """IoU of one xyxy box with each of (K, 4) boxes."""
    x1 = np.maximum(box[0], boxes[:, 0])
    y1 = np.maximum(box[1], boxes[:, 1])
    x2 = np.minimum(box[2], boxes[:, 2])
    y2 = np.minimum(box[3], boxes[:, 3])
    inter = (x2 - x1).clip(0) * (y2 - y1).clip(0)
    return inter / (_area(box) + _area(boxes) - inter + 1e-9)


def _area(boxes: np.ndarray) -> np.ndarray:
    return (boxes[..., 2] - boxes[..., 0]) * (boxes[..., 3] - boxes[..., 1])


class MtcnnLandmarker:
    """Finds 5 landmarks inside given face boxes by running MTCNN on enlarged square crops, all in one batch.

    A box counts as confirmed only when MTCNN finds a face in its crop overlapping it (IoU >= ``min_iou``);
    landmarks are never guessed from box proportions.
    """

    crop_size = 160
    enlarge = 1.4  # crop side / longer box side
    min_iou = 0.3

    def __init__(self, device: str = "cpu") -> None:
        # faces fill about 1/enlarge of the crop, so small pyramid levels are never needed
        self._mtcnn = MTCNN(keep_all=True, device=device, min_face_size=self.crop_size // 3)

    def landmarks(self, image: np.ndarray, boxes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """For (N, 4) xyxy boxes in a BGR image: a mask (N,) of the confirmed boxes and their (M, 5, 2) landmarks."""
        boxes = np.asarray(boxes, np.float32).reshape(-1, 4)
        if len(boxes) == 0:
            return np.zeros(0, bool), np.zeros((0, 5, 2), np.float32)
        longer = np.maximum(boxes[:, 2] - boxes[:, 0], boxes[:, 3] - boxes[:, 1])
        sides = np.maximum(1, np.round(self.enlarge * longer)).astype(int)
        origins = np.round((boxes[:, :2] + boxes[:, 2:] - sides[:, None]) / 2).astype(int)
        rgb = cv2.cvtColor(image, cv2.COLOR_BGR2RGB)
        crops = np.stack([self._crop(rgb, o, s) for o, s in zip(origins, sides)])
        found_mask = np.zeros(len(boxes), bool)
        points = []
        for i, found in enumerate(_run(self._mtcnn, crops)):
            k = self.crop_size / sides[i]  # cv2.resize maps pixel centres: crop = (image - origin + 0.5) * k - 0.5
            expected = (boxes[i] - np.tile(origins[i], 2) + 0.5) * k - 0.5
            overlaps = _iou(expected, found.boxes)
            if overlaps.size and overlaps.max() >= self.min_iou:
                found_mask[i] = True
                points.append((found.points[overlaps.argmax()] + 0.5) / k - 0.5 + origins[i])
        return found_mask, np.asarray(points, np.float32).reshape(-1, 5, 2)

    def _crop(self, rgb: np.ndarray, origin: np.ndarray, side: int) -> np.ndarray:
        """The square ``side`` x ``side`` region at ``origin`` (zero-padded outside the image), resized to crop_size."""
        h, w = rgb.shape[:2]
        x0, y0 = int(origin[0]), int(origin[1])
        region = rgb[max(y0, 0) : max(min(y0 + side, h), 0), max(x0, 0) : max(min(x0 + side, w), 0)]
        if region.shape[:2] != (side, side):
            top, left = max(-y0, 0), max(-x0, 0)
            padded = np.zeros((side, side, 3), np.uint8)
            padded[top : top + region.shape[0], left : left + region.shape[1]] = region
            region = padded
        interpolation = cv2.INTER_AREA if side > self.crop_size else cv2.INTER_LINEAR
        return cv2.resize(region, (self.crop_size, self.crop_size), interpolation=interpolation)
