"""The admin pages lock themselves after some minutes without a key press, a click or a touch anywhere in the app."""
from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication

CHECK_EVERY_MS = 5_000
ACTIVITY = frozenset({
    QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.Wheel, QEvent.Type.TouchBegin,
})


class IdleLock(QObject):
    """Emits ``expired`` once ``minutes()`` pass without input to the application (0: never)."""

    expired = Signal()

    def __init__(self, minutes: Callable[[], float], clock: Callable[[], float] = time.monotonic, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._minutes = minutes
        self._clock = clock
        self._last = clock()
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)
        self._timer = QTimer(self)
        self._timer.timeout.connect(self.check)
        self._timer.start(CHECK_EVERY_MS)

    def touch(self) -> None:
        """Count now as activity (the admin just unlocked)."""
        self._last = self._clock()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if event.type() in ACTIVITY:
            self._last = self._clock()
        return False

    def check(self) -> None:
        minutes = self._minutes()
        if minutes > 0 and self._clock() - self._last >= minutes * 60:
            self._last = self._clock()
            self.expired.emit()
