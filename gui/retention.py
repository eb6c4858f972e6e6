"""The retention schedule of the running app: purge what the settings keep no longer, at start and once a
day, on a background thread."""
from __future__ import annotations

import logging
from collections.abc import Callable
from functools import partial

from PySide6.QtCore import QObject, QTimer, Signal

from gui.tasks import TaskQueue
from services.retention import PurgeReport, purge
from services.runtime import Runtime

log = logging.getLogger(__name__)

EVERY_MS = 24 * 3600 * 1000


class RetentionSchedule(QObject):
    """Runs ``purge`` on the current runtime now and every ``EVERY_MS``; ``last`` is the latest report."""

    failed = Signal(str)  # one line for the status bar

    def __init__(self, runtime: Callable[[], Runtime], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._runtime = runtime
        self._tasks = TaskQueue("retention", self)
        self._timer = QTimer(self)
        self._timer.timeout.connect(self.run)
        self.last: PurgeReport | None = None

    def start(self) -> None:
        self.run()
        self._timer.start(EVERY_MS)

    def run(self) -> None:
        self._tasks.submit("", partial(purge, self._runtime()), self._done, self._failed)

    def _done(self, report: PurgeReport) -> None:
        self.last = report
        for line in report.lines:
            log.info("retention: %s", line)

    def _failed(self, message: str) -> None:
        log.warning("retention purge failed: %s", message)
        self.failed.emit(self.tr("Retention purge failed: {problem}").format(problem=message))
