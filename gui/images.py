"""numpy BGR images -> Qt images, on the GUI thread (the pixels are always copied into Qt's own memory)."""
from __future__ import annotations

import cv2
import numpy as np
from PySide6.QtGui import QImage, QPixmap


def bgr_to_qimage(image: np.ndarray) -> QImage:
    """A QImage that owns a copy of an (H, W, 3) BGR uint8 image."""
    if image.ndim != 3 or image.shape[2] != 3 or image.dtype != np.uint8:
        raise ValueError(f"expected an (H, W, 3) uint8 image, got {image.shape} {image.dtype}")
    rgb = np.ascontiguousarray(cv2.cvtColor(image, cv2.COLOR_BGR2RGB))
    height, width = rgb.shape[:2]
    return QImage(rgb.data, width, height, 3 * width, QImage.Format.Format_RGB888).copy()


def bgr_to_pixmap(image: np.ndarray) -> QPixmap:
    return QPixmap.fromImage(bgr_to_qimage(image))


def encoded_to_pixmap(data: bytes) -> QPixmap:
    """A QPixmap from JPEG/PNG bytes; a null pixmap when they cannot be decoded."""
    pixmap = QPixmap()
    pixmap.loadFromData(data)
    return pixmap

