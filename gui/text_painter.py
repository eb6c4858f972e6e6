"""Names as they are written on the video: Qt's text engine draws the overlay's labels into the frame.

Qt shapes every script (Vietnamese diacritics, Chinese, Japanese, Korean, Greek, Cyrillic, Arabic,
Hebrew), lays right-to-left text out right to left, and falls back from the interface font to any
installed font that has a glyph (on Linux through fontconfig: the Noto fonts cover these scripts).
``process --output`` uses it too, on Qt's offscreen platform when there is no window.
"""
from __future__ import annotations

import os

import numpy as np
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QGuiApplication, QImage, QPainter

from gui.i18n import translate
from pipeline.overlay import Color


def offscreen_qt_text() -> QtText:
    """A painter for a command without a window (`process --output`): Qt's offscreen platform unless a Qt
    application exists already."""
    if QGuiApplication.instance() is None:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        QGuiApplication(["face-kiosk"])
    return QtText()


class QtText:
    """A :class:`pipeline.overlay.TextPainter` drawing with Qt, in any script; a Qt application must exist."""

    unicode = True

    def words(self, text: str) -> str:
        return translate("Overlay", text)

    def __init__(self) -> None:
        self._fonts: dict[int, QFont] = {}

    def font(self, height: int) -> QFont:
        """The interface font at a pixel size whose line is ``height`` pixels tall."""
        font = self._fonts.get(height)
        if font is None:
            font = QFont()
            font.setPixelSize(max(6, round(height * 0.8)))  # a line is about 1.2 times the pixel size
            font.setHintingPreference(QFont.HintingPreference.PreferNoHinting)
            self._fonts[height] = font
        return font

    def size(self, text: str, height: int) -> tuple[int, int]:
        metrics = QFontMetrics(self.font(height))
        return metrics.horizontalAdvance(text), metrics.height()

    def draw(self, image: np.ndarray, text: str, corner: tuple[int, int], height: int, color: Color) -> None:
        if not image.flags.c_contiguous:
            raise ValueError("QtText draws into C-contiguous images only")
        rows, columns = image.shape[:2]
        canvas = QImage(image.data, columns, rows, image.strides[0], QImage.Format.Format_BGR888)  # the same pixels
        width, line = self.size(text, height)
        painter = QPainter(canvas)
        try:
            painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
            painter.setFont(self.font(height))
            painter.setPen(QColor(color[2], color[1], color[0]))
            painter.drawText(QRect(corner[0], corner[1], width + 1, line), Qt.AlignmentFlag.AlignCenter, text)
        finally:
            painter.end()
