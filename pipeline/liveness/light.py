"""A face's light: the brightness and contrast of its box, and whether that is too poor for the texture networks.

Poor light is where MiniFASNet fails live faces (``scripts/light.py``: a phone's low-light look, brightness ~20 and
contrast ~12-15, sank a live person's mean to 0.16); screens replaying a face stay far brighter (65-180).
"""
from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

DIM_BRIGHTNESS = 35.0  # mean luma (0-255) of the face box below which a look is in poor light...
FLAT_CONTRAST = 20.0  # ...when its standard deviation is below this too


@dataclass(frozen=True)
class FaceLight:
    brightness: float  # mean luma of the face box, 0-255
    contrast: float  # its standard deviation

    @property
    def poor(self) -> bool:
        """Dark and flat (``DIM_BRIGHTNESS``, ``FLAT_CONTRAST``)."""
        return self.brightness < DIM_BRIGHTNESS and self.contrast < FLAT_CONTRAST


def face_crop(image: np.ndarray, box: np.ndarray) -> np.ndarray:
    """The pixels of ``box`` (xyxy) inside ``image``; empty when the box lies outside it."""
    height, width = image.shape[:2]
    x1, y1 = max(0, int(box[0])), max(0, int(box[1]))
    x2, y2 = min(width, int(box[2])), min(height, int(box[3]))
    return image[y1:max(y1, y2), x1:max(x1, x2)]


def face_light(image: np.ndarray, box: np.ndarray) -> FaceLight | None:
    """The light of the face in ``box``; None when the box holds no pixels."""
    crop = face_crop(image, box)
    if crop.size == 0:
        return None
    luma = cv2.cvtColor(crop, cv2.COLOR_BGR2GRAY)
    return FaceLight(float(luma.mean()), float(luma.std()))


def poor_light(image: np.ndarray, box: np.ndarray) -> bool:
    """Whether the face in ``box`` is dark and flat."""
    light = face_light(image, box)
    return light is not None and light.poor
