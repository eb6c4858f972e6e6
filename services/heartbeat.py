"""A running kiosk's heartbeat: every ``HEARTBEAT_S`` it tells the database who it is, what it runs, its backlog,
its last event, its frame rate, and (measured by the store) how far its clock is from the server's. The Kiosks
page and `kiosks list` read them back (``attendance.store.fleet``)."""
from __future__ import annotations

import logging
import socket
import threading
from collections.abc import Callable
from datetime import datetime, timezone
from importlib import metadata
from typing import TYPE_CHECKING

from attendance.records import Heartbeat
from attendance.store import AttendanceStore

if TYPE_CHECKING:
    from attendance.desk import FaceDoor
    from pipeline.runner import Pipeline

HEARTBEAT_S = 30.0
log = logging.getLogger(__name__)


def app_version() -> str:
    try:
        return metadata.version("face-kiosk")
    except metadata.PackageNotFoundError:  # run from a checkout that was never installed
        return "unknown"


def heartbeat(kiosk_id: str, models: str, liveness: bool, backlog: int, last_event_at: datetime | None, fps: float,
              started_at: datetime) -> Heartbeat:
    """This computer's heartbeat for ``kiosk_id``."""
    return Heartbeat(kiosk_id, socket.gethostname(), app_version(), models, liveness, backlog, last_event_at, round(fps, 1), started_at)


class HeartbeatThread:
    """Beats at once, then every ``every_s`` until ``stop``; a database away is logged and tried at the next beat."""

    def __init__(self, store: AttendanceStore, describe: Callable[[], Heartbeat], every_s: float = HEARTBEAT_S) -> None:
        self._store = store
        self._describe = describe
        self._every_s = every_s
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="heartbeat", daemon=True)
        self.clock_offset_s: float | None = None  # from the last beat that reached the database

    def start(self) -> HeartbeatThread:
        self._thread.start()
        return self

    def stop(self, timeout_s: float = 5.0) -> None:
        self._stop.set()
        self._thread.join(timeout_s)

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                self.clock_offset_s = self._store.beat(self._describe())
            except Exception as exc:  # noqa: BLE001 - the database away: the next beat tries again
                log.warning("heartbeat not written: %s", exc)
            self._stop.wait(self._every_s)


def beat_while_running(store: AttendanceStore, kiosk_id: str, pipeline: Pipeline, door: FaceDoor, fps: Callable[[], float]) -> HeartbeatThread:
    """The heartbeat of a kiosk running ``pipeline`` into ``door`` (the window's session, `process`), started now."""
    started = datetime.now(timezone.utc)
    models = f"{pipeline.detector.name} + {pipeline.recognizer.name}"

    def describe() -> Heartbeat:
        return heartbeat(kiosk_id, models, pipeline.liveness is not None, door.status.pending, door.desk.last_event_at, fps(), started)

    return HeartbeatThread(store, describe).start()
