"""Writing the annotated video: codec chosen by the file suffix, frames resized to the first frame's size."""
from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np

from core.errors import KioskError
from pipeline.closing import Closing
from pipeline.overlay import HERSHEY, TextPainter

# OpenCV's FFmpeg build has no H.264 encoder (no libx264): mp4 gets MPEG-4 Part 2.
FOURCC_BY_SUFFIX = {".mp4": "mp4v", ".avi": "MJPG", ".mkv": "MJPG", ".mov": "mp4v"}


class AnnotatedVideoWriter(Closing):
    """Opens lazily on the first frame (its size fixes the video's size). ``text`` is what the overlay drawn on
    its frames writes labels with (the command line passes Qt's, for names in any script)."""

    def __init__(self, path: Path, fps: float, *, text: TextPainter = HERSHEY) -> None:
        suffix = path.suffix.lower()
        if suffix not in FOURCC_BY_SUFFIX:
            raise KioskError(f"{path}: unsupported video suffix {suffix!r} (use {', '.join(FOURCC_BY_SUFFIX)})")
        if not path.parent.is_dir():
            raise KioskError(f"{path}: folder {path.parent} does not exist")
        self.path = path
        self.text = text
        self.fps = fps if fps > 0 else 30.0
        self._fourcc = cv2.VideoWriter.fourcc(*FOURCC_BY_SUFFIX[suffix])
        self._writer: cv2.VideoWriter | None = None
        self._size: tuple[int, int] = (0, 0)
        self.frames = 0

    def write(self, image: np.ndarray) -> None:
        if self._writer is None:
            self._size = (image.shape[1], image.shape[0])
            self._writer = cv2.VideoWriter(str(self.path), self._fourcc, self.fps, self._size)
            if not self._writer.isOpened():
                raise KioskError(f"cannot write video {self.path} (codec unavailable or folder not writable)")
        if (image.shape[1], image.shape[0]) != self._size:
            image = cv2.resize(image, self._size)
        self._writer.write(image)
        self.frames += 1

    def close(self) -> None:
        if self._writer is not None:
            self._writer.release()
            self._writer = None
