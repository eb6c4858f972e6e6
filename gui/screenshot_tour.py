"""Screenshots of the running window, for the docs and automated runs: a PNG every few seconds, or (the page
tour) one of each page in navigation order, the live view with a greeting on it when one comes."""
from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QWidget

from gui.pages import Page

log = logging.getLogger(__name__)

SCREENSHOT_EVERY_S = 3.0
TOUR_EVERY_S = 2.0
TOUR_WAIT_TICKS = 8  # ticks the tour waits on the live view for a greeting to photograph
TOUR_GREETING_DELAY_MS = 250


class ScreenshotTour(QObject):
    """Saves ``window`` into ``folder`` (None: never); with ``tour`` visits every page once, through
    ``show_page``, from the live view (which waits a few ticks for a greeting to photograph)."""

    def __init__(
        self, window: QWidget, folder: Path | None, tour: bool, show_page: Callable[[Page], None],
        greeting_shown: Callable[[], bool],
    ) -> None:
        super().__init__(window)
        self._window = window
        self._folder = folder
        self._show_page = show_page
        self._greeting_shown = greeting_shown
        self._pages: list[Page] = list(Page) if tour else []
        self._waits = 0
        self._shots = 0
        if folder is not None:
            folder.mkdir(parents=True, exist_ok=True)
            self._timer = QTimer(self)
            self._timer.timeout.connect(self._tick)
            self._timer.start(int(1000 * (TOUR_EVERY_S if self._pages else SCREENSHOT_EVERY_S)))

    def save(self, name: str) -> Path | None:
        if self._folder is None:
            return None
        path = self._folder / name
        if not self._window.grab().save(str(path)):
            log.warning("could not save the screenshot %s", path)
        return path

    def greeted(self) -> None:
        """Photograph the live view with the greeted face still on it."""
        if self._pages and self._pages[0] is Page.KIOSK:
            QTimer.singleShot(TOUR_GREETING_DELAY_MS, self._tick)

    def _tick(self) -> None:
        if not self._pages:
            self._shots += 1
            self.save(f"window-{self._shots:03d}.png")
            return
        page = self._pages[0]
        if page is Page.KIOSK and not self._greeting_shown() and self._waits < TOUR_WAIT_TICKS:
            self._waits += 1
            return
        self.save(f"page-{page.value}.png")
        self._pages.pop(0)
        self._show_page(self._pages[0] if self._pages else Page.KIOSK)
