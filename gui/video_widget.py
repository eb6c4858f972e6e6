"""The live picture: the newest frame with the newest recognition overlay, drawn at paint time.

Frames and results arrive separately (the display runs at the source's rate, recognition at its
own); each paint composes the newest of both, so a slow recognizer never slows the picture. A
result is drawn only on a picture it belongs to: its own frame or one at most ``MAX_LAG_FRAMES``
later of the same scene. An older result, one from before a scene cut (someone else may stand
where the box is) or from another run of the source is left out: the picture then shows no boxes
rather than a name on the wrong face.
The picture is scaled to the widget by OpenCV and turned into the screen's 32-bit layout without a
copy into Qt, then drawn 1:1: under half the CPU of Qt scaling and converting it at paint time,
which a kiosk pays 30 times a second all day.
"""
from __future__ import annotations

import time
from collections import deque

import cv2
import numpy as np
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QColor, QFont, QImage, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from gui.images import bgr_to_screen_image
from gui.text_painter import QtText
from pipeline.overlay import draw_overlay
from pipeline.scene import is_scene_change, scene_thumbnail
from pipeline.types import Frame, FrameResult

STALE_S = 1.0  # no new frame painted for this long: the display rate reads 0
MAX_LAG_FRAMES = 2  # a result is drawn on pictures at most this many frames newer than its own
FPS_WINDOW = 30  # frames the display rate is measured over


class VideoWidget(QWidget):
    """Paints the newest frame scaled to fit (aspect kept), its overlay, and a message when there is one."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("video")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(320, 180)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self._frame: Frame | None = None
        self._text = QtText()  # names as they are written, in any script
        self._result: FrameResult | None = None
        self._result_scene: np.ndarray | None = None  # scene_thumbnail of the result's own frame
        self._image: QImage | None = None  # the composed picture of (_frame, _result)
        self._pixels: np.ndarray | None = None  # the memory _image shows
        self._composed_for = (0, 0, 0.0)  # the widget size and pixel ratio _image was scaled for
        self._unpainted = False  # _frame has not been on screen yet
        self._message = ""
        self._painted: deque[float] = deque(maxlen=FPS_WINDOW)
        self.frames_shown = 0

    def set_frame(self, frame: Frame) -> None:
        self._frame = frame
        self._image = None
        self._unpainted = True
        self.update()

    def set_result(self, result: FrameResult) -> None:
        self._result = result
        self._result_scene = None
        self._image = None
        self.update()

    def overlay_fits(self, frame: Frame) -> bool:
        """Whether the newest result may be drawn on ``frame``: its own frame, or a newer one of the same
        scene at most MAX_LAG_FRAMES later."""
        result = self._result
        if result is None:
            return False
        lag = frame.index - result.frame.index
        if lag == 0:
            return True
        if not 0 < lag <= MAX_LAG_FRAMES or frame.image.shape != result.frame.image.shape:
            return False
        if self._result_scene is None:
            self._result_scene = scene_thumbnail(result.frame.image)
        return not is_scene_change(self._result_scene, scene_thumbnail(frame.image))

    def clear(self) -> None:
        """Forget the picture and the overlay (the source stopped)."""
        self._frame = self._result = self._image = self._result_scene = None
        self._painted.clear()
        self.update()

    def set_message(self, text: str) -> None:
        self._message = text
        self.update()

    @property
    def message(self) -> str:
        return self._message

    @property
    def display_fps(self) -> float:
        """New frames painted per second, over the last FPS_WINDOW frames (0 when none lately)."""
        if len(self._painted) < 2 or time.monotonic() - self._painted[-1] > STALE_S:
            return 0.0
        return (len(self._painted) - 1) / max(self._painted[-1] - self._painted[0], 1e-9)

    def _compose(self, frame: Frame, fit: tuple[int, int, float]) -> QImage:
        """The frame with its overlay, scaled to fit ``fit`` (widget width, height, pixel ratio; aspect kept)."""
        image = frame.image
        if self._result is not None and self.overlay_fits(frame):
            image = draw_overlay(image, self._result, show_fps=False, text=self._text)
        widget_width, widget_height, ratio = fit
        height, width = image.shape[:2]
        scale = min(widget_width * ratio / width, widget_height * ratio / height)
        size = (max(1, round(width * scale)), max(1, round(height * scale)))
        if size != (width, height):
            image = cv2.resize(image, size, interpolation=cv2.INTER_LINEAR if scale >= 0.5 else cv2.INTER_AREA)
        picture, self._pixels = bgr_to_screen_image(image)
        picture.setDevicePixelRatio(ratio)
        return picture

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt's name)
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor("black"))
        if self._frame is not None:
            fit = (self.width(), self.height(), self.devicePixelRatioF())
            if self._image is None or self._composed_for != fit:
                self._image, self._composed_for = self._compose(self._frame, fit), fit
            if self._unpainted:
                self._unpainted = False
                self._painted.append(time.monotonic())
                self.frames_shown += 1
            size = self._image.deviceIndependentSize()
            painter.drawImage(QPointF((self.width() - size.width()) / 2, (self.height() - size.height()) / 2), self._image)
        if self._message:
            font = QFont(self.font())
            font.setPixelSize(max(18, self.height() // 16))
            painter.setFont(font)
            box = painter.fontMetrics().boundingRect(self.rect().adjusted(40, 0, -40, 0), Qt.TextFlag.TextWordWrap, self._message)
            box = box.adjusted(-24, -16, 24, 16)
            box.moveCenter(self.rect().center())
            painter.fillRect(box, QColor(0, 0, 0, 170))
            painter.setPen(QColor("white"))
            painter.drawText(box, Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, self._message)
        painter.end()
