"""Whether two pictures show the same scene: the measure of the runner's scene cuts and of the live view's overlay."""
from __future__ import annotations

import cv2
import numpy as np

SCENE_CUT = 20.0  # mean thumbnail difference (0-255) above which two frames show different scenes


def scene_thumbnail(image: np.ndarray) -> np.ndarray:
    """The 32x18 grey thumbnail scene cuts are measured on."""
    grey = cv2.resize(cv2.cvtColor(image, cv2.COLOR_BGR2GRAY), (32, 18), interpolation=cv2.INTER_AREA)
    return grey.astype(np.float32)


def is_scene_change(first: np.ndarray, second: np.ndarray, threshold: float = SCENE_CUT) -> bool:
    """Whether two thumbnails (``scene_thumbnail``) show different scenes."""
    return float(np.abs(first - second).mean()) > threshold
