"""The app's look: the stylesheet, with the high-contrast one laid over it when the admin asks for it."""
from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtWidgets import QApplication

log = logging.getLogger(__name__)

RESOURCES = Path(__file__).resolve().parents[1] / "resources"
STYLE_PATH = RESOURCES / "style.qss"
HIGH_CONTRAST_PATH = RESOURCES / "high_contrast.qss"


def style_sheet(high_contrast: bool) -> str:
    """The stylesheet text; a file that cannot be read is logged and left out (Qt's plain look)."""
    parts = []
    for path in (STYLE_PATH, HIGH_CONTRAST_PATH) if high_contrast else (STYLE_PATH,):
        try:
            parts.append(path.read_text(encoding="utf-8"))
        except OSError as exc:
            log.warning("no stylesheet: %s", exc)
    return "\n".join(parts)


def apply_style(app: QApplication, high_contrast: bool) -> None:
    app.setStyleSheet(style_sheet(high_contrast))
