"""numpy BGR images -> Qt images, on the GUI thread (copied into Qt's own memory, except for the live picture)."""
from __future__ import annotations

import sys

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


def bgr_to_screen_image(image: np.ndarray) -> tuple[QImage, np.ndarray]:
    """A QImage over new 32-bit pixels made from a BGR image, in the layout screens paint fastest (RGB32),
    and those pixels: the image does not own them, so keep the array as long as the image is used."""
    if sys.byteorder == "little":  # RGB32 is 0xffRRGGBB: bytes B, G, R, ff
        pixels, layout = cv2.cvtColor(image, cv2.COLOR_BGR2BGRA), QImage.Format.Format_RGB32
    else:
        pixels, layout = cv2.cvtColor(image, cv2.COLOR_BGR2RGBA), QImage.Format.Format_RGBX8888
    height, width = pixels.shape[:2]
    return QImage(pixels.data, width, height, 4 * width, layout), pixels


def bgr_to_pixmap(image: np.ndarray) -> QPixmap:
    return QPixmap.fromImage(bgr_to_qimage(image))


def encoded_to_pixmap(data: bytes) -> QPixmap:
    """A QPixmap from JPEG/PNG bytes; a null pixmap when they cannot be decoded."""
    pixmap = QPixmap()
    pixmap.loadFromData(data)
    return pixmap

