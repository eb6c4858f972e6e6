"""Durable writing of attendance events that never holds the video loop up for long.

Every submitted event is first appended to a JSON-lines spool file (fsync'd), then written
to the database in its own transaction. While the database is locked, the disk is full or
unreachable, events wait in memory and in the spool, in order, and are retried with growing
pauses; ``status`` says what is waiting and why. A spool left by a crash is replayed at
start-up; each event's ``uid`` makes the store keep it once even if it had been committed
just before the crash. Events the database refuses for good (e.g. their employee was
deleted) are moved to ``<spool>.rejected`` instead of blocking the queue.
"""
from __future__ import annotations

import base64
import json
import os
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import URL
from sqlalchemy.exc import OperationalError, SQLAlchemyError

from attendance.db import open_database
from attendance.errors import DatabaseBusyError, DatabaseWriteError, StoreError
from attendance.store import AttendanceStore
from pipeline.types import AttendanceEvent

FIRST_BACKOFF_S = 0.5
MAX_BACKOFF_S = 30.0


def open_event_store(url_or_path: str | Path | URL, *, attempt_timeout_s: float = 0.25) -> AttendanceStore:
    """A store whose writes give up on a locked database within about ``attempt_timeout_s``.

    Hand it to :class:`EventWriter` so a lock held by another program costs the video loop
    a fraction of a second per attempt; the writer retries later.
    """
    database = open_database(url_or_path, busy_timeout_ms=max(1, int(attempt_timeout_s * 500)))
    return AttendanceStore(database, lock_timeout_s=attempt_timeout_s / 2)


@dataclass(frozen=True)
class WriterStatus:
    """What the user should know about event writing."""

    pending: int = 0  # events not yet in the database (kept in memory and in the spool)
    written: int = 0  # events stored since start-up, replayed ones included
    rejected: int = 0  # events the database refused for good, kept in the rejected file
    last_error: str | None = None  # one line, None once everything is written

    @property
    def ok(self) -> bool:
        return self.pending == 0 and self.rejected == 0


def _encode(event: AttendanceEvent) -> str:
    fields = asdict(event)
    fields["at"] = event.at.isoformat()
    fields["thumbnail"] = None if event.thumbnail is None else base64.b64encode(event.thumbnail).decode("ascii")
    return json.dumps(fields, sort_keys=True)


def _decode(line: str) -> AttendanceEvent:
    fields = json.loads(line)
    fields["at"] = datetime.fromisoformat(fields["at"])
    if fields["thumbnail"] is not None:
        fields["thumbnail"] = base64.b64decode(fields["thumbnail"])
    return AttendanceEvent(**fields)


def _append_lines(path: Path, lines: Iterable[str]) -> None:
    with path.open("a", encoding="utf-8") as file:
        file.writelines(line + "\n" for line in lines)
        file.flush()
        os.fsync(file.fileno())


def _reason(exc: Exception) -> str:
    if isinstance(exc, DatabaseBusyError):
        return "the database is locked by another program"
    if isinstance(exc, OperationalError):
        return str(exc.orig).splitlines()[0]
    if isinstance(exc, OSError):
        return exc.strerror or str(exc)
    return str(exc).splitlines()[0]


class EventWriter:
    """Writes attendance events without losing or doubling any; thread-safe.

    Call ``submit`` for each new event and ``flush`` regularly (every frame is fine: between
    retries it returns at once); ``close`` at shutdown.
    """

    def __init__(
        self,
        store: AttendanceStore,
        spool_path: Path,
        *,
        first_backoff_s: float = FIRST_BACKOFF_S,
        max_backoff_s: float = MAX_BACKOFF_S,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._store = store
        self._spool = spool_path
        self._rejected_path = spool_path.with_name(spool_path.name + ".rejected")
        self._first_backoff = first_backoff_s
        self._max_backoff = max_backoff_s
        self._clock = clock
        self._lock = threading.RLock()
        self._pending: deque[AttendanceEvent] = deque()
        self._spool_error: str | None = None  # set while some waiting event is in memory only
        self._backoff = 0.0
        self._retry_at = 0.0
        self._status = WriterStatus()
        spool_path.parent.mkdir(parents=True, exist_ok=True)
        self._replay()

    @property
    def status(self) -> WriterStatus:
        return self._status

    def submit(self, event: AttendanceEvent) -> WriterStatus:
        """Keep ``event`` durably and try to write it (after any older waiting ones)."""
        with self._lock:
            self._pending.append(event)
            try:
                _append_lines(self._spool, [_encode(event)])
            except OSError as exc:  # still kept in memory and retried
                self._spool_error = f"{self._spool} cannot be written: {_reason(exc)}"
            self._set_status()
            return self.flush()

    def flush(self, *, force: bool = False) -> WriterStatus:
        """Write waiting events in order; between retries (growing pauses) does nothing unless ``force``."""
        with self._lock:
            if not self._pending or (not force and self._clock() < self._retry_at):
                return self._status
            before, written = len(self._pending), 0
            error: str | None = None
            while self._pending:
                event = self._pending[0]
                try:
                    self._store.add_event(event)
                except (DatabaseBusyError, DatabaseWriteError, OperationalError, OSError) as exc:  # transient: retry later
                    error = _reason(exc)
                    break
                except (StoreError, SQLAlchemyError, ValueError) as exc:  # refused for good
                    self._reject(event, _reason(exc))
                else:
                    written += 1
                self._pending.popleft()
            if len(self._pending) != before or self._spool_error:
                self._rewrite_spool()
            self._after_attempt(written, error)
            return self._status

    def close(self, timeout_s: float = 5.0) -> WriterStatus:
        """Retry waiting events until all are written or ``timeout_s`` has passed.

        Events still waiting stay in the spool and are written at the next start.
        """
        deadline = time.monotonic() + timeout_s
        with self._lock:
            status = self.flush(force=True)
            while status.pending and time.monotonic() < deadline:
                time.sleep(min(self._first_backoff, max(0.0, deadline - time.monotonic())))
                status = self.flush(force=True)
            return status

    # -- internals -------------------------------------------------------------------------------

    def _replay(self) -> None:
        """Queue the events of a spool left by an earlier run; unreadable lines go to the rejected file."""
        if not self._spool.exists():
            return
        bad: list[str] = []
        for line in self._spool.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            try:
                self._pending.append(_decode(line))
            except (ValueError, TypeError, KeyError) as exc:  # a line torn by the crash
                bad.append(json.dumps({"line": line, "error": str(exc)}))
        if bad:
            self._set_aside(bad, f"{len(bad)} unreadable spooled event(s)")
        self.flush(force=True)

    def _reject(self, event: AttendanceEvent, reason: str) -> None:
        record = json.dumps({"event": json.loads(_encode(event)), "error": reason}, sort_keys=True)
        self._set_aside([record], f"the database refused an attendance event ({reason})")

    def _set_aside(self, records: list[str], what: str) -> None:
        """Append ``records`` to the rejected file and tell the user."""
        try:
            _append_lines(self._rejected_path, records)
            where = f"moved to {self._rejected_path}"
        except OSError as exc:
            where = f"cannot be moved to {self._rejected_path}: {_reason(exc)}"
        self._set_status(rejected=self._status.rejected + len(records), last_error=f"{what}: {where}")

    def _rewrite_spool(self) -> None:
        """Make the spool hold exactly the waiting events (atomic replace); keep the old one on failure."""
        try:
            if not self._pending:
                self._spool_error = None
                self._spool.unlink(missing_ok=True)
                return
            temporary = self._spool.with_name(self._spool.name + ".tmp")
            temporary.unlink(missing_ok=True)
            _append_lines(temporary, (_encode(event) for event in self._pending))
            os.replace(temporary, self._spool)
            self._spool_error = None
        except OSError as exc:  # an old spool holds written events too: replaying them writes nothing (uids)
            if self._spool_error:
                self._spool_error = f"{self._spool} cannot be written: {_reason(exc)}"

    def _after_attempt(self, written: int, error: str | None) -> None:
        status = self._status
        if error is None:
            self._backoff = 0.0
            self._retry_at = 0.0
            last_error = status.last_error if status.rejected else None
        else:
            self._backoff = min(self._max_backoff, self._backoff * 2 or self._first_backoff)
            self._retry_at = self._clock() + self._backoff
            kept = f"kept in memory only, {self._spool_error}" if self._spool_error else f"kept in {self._spool}"
            last_error = f"attendance events not saved yet ({error}); {kept}; retrying in {self._backoff:g} s"
        self._set_status(written=status.written + written, last_error=last_error)

    def _set_status(self, **changes: object) -> None:
        fields = asdict(self._status) | {"pending": len(self._pending)} | changes
        self._status = WriterStatus(**fields)  # type: ignore[arg-type]
