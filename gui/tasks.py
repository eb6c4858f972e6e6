"""Background work for the admin pages: one serial job thread per page, results back on the GUI thread.

Jobs of one queue run in the order they were submitted (a save, then the reload that shows it),
on one daemon thread, so models created inside jobs stay on the thread that made them. Results,
errors (as one-line messages) and progress come back through a queued Qt signal.
"""
from __future__ import annotations

import queue
import threading
from collections.abc import Callable
from typing import TypeVar

import shiboken6
from PySide6.QtCore import QObject, Signal, Slot

from core.errors import error_text

T = TypeVar("T")
_IDLE_POLL_S = 1.0  # how often an idle job thread checks that its queue object still exists


class TaskQueue(QObject):
    """Runs jobs one after another on one daemon thread; callbacks run on the GUI thread.

    ``progressed(done, total, text)`` (``total`` 0: unknown) is emitted when a job with a
    description starts and whenever a job calls :meth:`report`; ``idle`` when the last queued
    job has finished.
    """

    progressed = Signal(int, int, str)
    idle = Signal()
    _deliver = Signal(object)  # a callable to run on the GUI thread

    def __init__(self, name: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._name = name
        self._jobs: queue.SimpleQueue[Callable[[], None] | None] = queue.SimpleQueue()
        self._thread: threading.Thread | None = None
        self._pending = 0
        self._deliver.connect(self._run_delivered)

    @property
    def busy(self) -> bool:
        return self._pending > 0

    def submit(
        self,
        what: str,
        job: Callable[[], T],
        on_done: Callable[[T], None],
        on_error: Callable[[str], None],
    ) -> None:
        """Queue ``job``; ``on_done(result)`` or ``on_error(message)`` follows on the GUI thread."""

        def run() -> None:
            if what:
                self.report(0, 0, what)
            try:
                result = job()
            except Exception as exc:  # noqa: BLE001 - every failure reaches the admin as one line
                message = error_text(exc)
                self.post(lambda: self._finish(lambda: on_error(message)))
            else:
                self.post(lambda: self._finish(lambda: on_done(result)))

        self._pending += 1
        if self._thread is None:
            self._thread = threading.Thread(target=self._serve, args=(self._jobs,), name=self._name, daemon=True)
            self._thread.start()
        self._jobs.put(run)

    def report(self, done: int, total: int, text: str) -> None:
        """Progress of the running job (call from the job)."""
        if shiboken6.isValid(self):
            self.progressed.emit(done, total, text)

    def post(self, callback: Callable[[], None]) -> None:
        """Run ``callback`` on the GUI thread (call from the job thread); dropped once the queue is deleted."""
        try:
            self._deliver.emit(callback)
        except RuntimeError:  # the page and its queue are gone
            pass

    def stop(self) -> None:
        """Let the thread end after the jobs already queued (a later ``submit`` starts a new one)."""
        if self._thread is not None:
            self._jobs.put(None)
            self._jobs = queue.SimpleQueue()
            self._thread = None

    def _finish(self, callback: Callable[[], None]) -> None:
        self._pending -= 1
        try:
            callback()
        finally:
            if self._pending == 0:
                self.idle.emit()

    @Slot(object)
    def _run_delivered(self, callback: Callable[[], None]) -> None:
        callback()

    def _serve(self, jobs: queue.SimpleQueue[Callable[[], None] | None]) -> None:
        while True:
            try:
                job = jobs.get(timeout=_IDLE_POLL_S)
            except queue.Empty:
                if not shiboken6.isValid(self):
                    return
                continue
            if job is None:
                return
            job()
