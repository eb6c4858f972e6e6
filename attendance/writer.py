"""Durable writing of attendance events and attack records that never holds the video loop up for long.

Every submitted event (and attack record) is first appended to this process's spool (``attendance.spool``, fsync'd),
then written to the database in its own transaction. While the database is locked, the disk is full
or unreachable, events wait in memory and in the spool, in order, and are retried with growing
pauses; ``status`` says what is waiting and why. At start-up the writer replays its own spool and
adopts every spool of the folder that no running process holds (left by a crash, or by another
kiosk id); each event's ``uid`` makes the store keep it once even if it had been committed just
before the crash. Events of people the record may no longer log (deleted, erased, deactivated) are
dropped; other events the database refuses for good and unreadable spool lines go to the folder's
rejected file instead of blocking the queue. A punch decided just now that another door already made
(within the cooldown) is stored once (``AttendanceStore.add_punch``); one that waited for the database
is stored whatever, a second punch rather than a lost one.
"""
from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import timedelta
from pathlib import Path

from sqlalchemy import URL
from sqlalchemy.exc import OperationalError, SQLAlchemyError

from attendance.db import open_database
from attendance.errors import DatabaseBusyError, DatabaseWriteError, IneligibleError, StoreError
from attendance.events import AttendanceEvent, PresentationAttack, SpooledRecord
from attendance.spool import RejectedFile, Spool, SpoolContents, encode_record
from attendance.store import AttendanceStore

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
    rejected: int = 0  # events set aside in the rejected file since start-up (refused or unreadable)
    last_error: str | None = None  # one line, None once everything is written
    rejected_file: str | None = None  # where set-aside events are kept, once there are any
    dropped: int = 0  # events of people the record may no longer log (deleted, deactivated, no consent): gone, not kept
    merged: int = 0  # punches another door had already made (within the cooldown): one check-in, stored once
    trial: bool = False  # a trial run (a benchmark, a demo video): events decided, none written

    @property
    def ok(self) -> bool:
        return self.pending == 0 and self.rejected == 0

    @property
    def line(self) -> str:
        """One line for a status bar or a summary."""
        if self.trial:
            return f"attendance: a trial run, {self.written} event(s) decided and none recorded"
        parts = [f"{self.written} written"]
        if self.pending:
            parts.append(f"{self.pending} waiting")
        if self.rejected:
            parts.append(f"{self.rejected} set aside in {self.rejected_file}")
        if self.dropped:
            parts.append(f"{self.dropped} dropped (people no longer enrolled)")
        if self.merged:
            parts.append(f"{self.merged} already punched at another door")
        return f"attendance: {', '.join(parts)}" + (f" - {self.last_error}" if self.last_error else "")


def _reason(exc: Exception) -> str:
    if isinstance(exc, DatabaseBusyError):
        return "the database is locked by another program"
    if isinstance(exc, OperationalError):
        return str(exc.orig).splitlines()[0]
    if isinstance(exc, OSError):
        return exc.strerror or str(exc)
    return str(exc).splitlines()[0]


TRANSIENT = (DatabaseBusyError, DatabaseWriteError, OperationalError, OSError)  # a write worth retrying later
REFUSED = (StoreError, SQLAlchemyError, ValueError, OverflowError)  # the database will never take this record


class EventWriter:
    """Writes attendance events without losing or doubling any; thread-safe.

    Call ``submit`` for each new event and ``flush`` regularly (every frame is fine: between
    retries it returns at once); ``close`` at shutdown releases the spool for the next start.
    """

    def __init__(
        self,
        store: AttendanceStore,
        spool_dir: Path,
        kiosk_id: str,
        *,
        merge_within: timedelta | None = None,
        first_backoff_s: float = FIRST_BACKOFF_S,
        max_backoff_s: float = MAX_BACKOFF_S,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._store = store
        try:
            self.spool = Spool.claim(spool_dir, kiosk_id, store.key)
        except OSError as exc:  # a read-only or full data folder: no event could be kept, so do not start
            raise StoreError(f"cannot keep attendance events in {spool_dir}: {_reason(exc)}") from None
        try:
            own = self.spool.load()  # a torn tail that cannot be cut off would swallow the next event
        except OSError as exc:
            self.spool.release()
            raise StoreError(f"cannot repair the event spool {self.spool.path}: {_reason(exc)}") from None
        self._rejected = RejectedFile(spool_dir)
        self._first_backoff = first_backoff_s
        self._max_backoff = max_backoff_s
        self._clock = clock
        self._lock = threading.RLock()
        self._pending: deque[SpooledRecord] = deque()  # events and attack records, in order
        self._fresh: set[str] = set()  # uids of events submitted to an idle writer, not yet tried
        self._merge_within = merge_within
        self._spool_error: str | None = None  # set while the spool may not hold every waiting event
        self._backoff = 0.0
        self._retry_at = 0.0
        self._status = WriterStatus()
        self._replay(own)

    @property
    def status(self) -> WriterStatus:
        return self._status

    def submit(self, event: AttendanceEvent) -> WriterStatus:
        """Keep ``event`` durably and try to write it (after any older waiting ones)."""
        return self._keep(event)

    def submit_attack(self, attack: PresentationAttack) -> WriterStatus:
        """Keep a presentation attack's record durably, as an event, and try to write it."""
        return self._keep(attack)

    def _keep(self, record: SpooledRecord) -> WriterStatus:
        with self._lock:
            try:
                line = encode_record(record, self.spool.key)
            except ValueError as exc:  # NaN score, over-long kiosk id: no database would take it either
                self._reject(record, str(exc))
                return self._status
            self._pending.append(record)
            if isinstance(record, AttendanceEvent) and len(self._pending) == 1:
                self._fresh.add(record.uid)
            if self._spool_error:  # the file may lack older records: write it whole
                self._rewrite_spool()
            else:
                try:
                    self.spool.append([line])
                except OSError as exc:  # still kept in memory and retried
                    self._spool_error = f"{self.spool.path} cannot be written: {_reason(exc)}"
            self._set_status()
            return self.flush()

    def flush(self, *, force: bool = False) -> WriterStatus:
        """Write waiting records in order; between retries (growing pauses) does nothing unless ``force``."""
        with self._lock:
            if not self._pending or (not force and self._clock() < self._retry_at):
                return self._status
            before, written = len(self._pending), 0
            error: str | None = None
            while self._pending:
                record = self._pending[0]
                try:
                    if isinstance(record, AttendanceEvent):
                        fresh = record.uid in self._fresh  # decided just now: another door may have punched it too
                        stored = self._store.add_punch(record, merge_within=self._merge_within if fresh else None)
                        if stored.merged:
                            self._set_status(merged=self._status.merged + 1)
                        else:
                            written += 1
                    else:
                        self._store.add_attack(record)
                except TRANSIENT as exc:  # retry later
                    error = _reason(exc)
                    break
                except IneligibleError:  # an erased person's sighting is not kept anywhere, not even for review
                    self._set_status(dropped=self._status.dropped + 1)
                except REFUSED as exc:
                    self._reject(record, _reason(exc))
                self._pending.popleft()
            self._fresh.clear()  # what waits now is reconciled when the database is back: a second punch, never a lost one
            if len(self._pending) != before or self._spool_error:
                self._rewrite_spool()
            self._after_attempt(written, error)
            return self._status

    def withdraw(self, uid: str) -> bool:
        """Take the event ``uid`` out before it is written (a "not me" at the kiosk): True when it was still
        waiting (it never enters the record), False when it was written already (void it instead)."""
        with self._lock:
            for record in self._pending:
                if isinstance(record, AttendanceEvent) and record.uid == uid:
                    self._pending.remove(record)
                    self._fresh.discard(uid)
                    self._rewrite_spool()
                    self._set_status()
                    return True
            return False

    def close(self, timeout_s: float = 5.0) -> WriterStatus:
        """Retry waiting events until all are written or ``timeout_s`` has passed, then release the spool.

        Events still waiting stay in the spool and are written at the next start.
        """
        deadline = time.monotonic() + timeout_s
        with self._lock:
            status = self.flush(force=True)
            while status.pending and time.monotonic() < deadline:
                time.sleep(min(self._first_backoff, max(0.0, deadline - time.monotonic())))
                status = self.flush(force=True)
            self.spool.release()
            return status

    # -- internals -------------------------------------------------------------------------------

    def _replay(self, contents: SpoolContents) -> None:
        """Queue the events of this spool and of every orphaned spool of the folder, then try to write them."""
        self._pending.extend(contents.records)
        bad = [(self.spool.path, line) for line in contents.bad]
        uncounted = contents.uncounted_bad
        for orphan in self.spool.orphans():
            try:
                adopted = orphan.load()
                bad += [(orphan.path, line) for line in adopted.bad]
                uncounted += adopted.uncounted_bad
                if adopted.records:
                    self.spool.append([encode_record(r, self.spool.key) for r in adopted.records])  # durable here before the orphan's file goes
                    self._pending.extend(adopted.records)
                orphan.rewrite([])
            except OSError as exc:  # left in place: the next start adopts it
                self._set_status(last_error=f"cannot adopt {orphan.path}: {_reason(exc)}")
            finally:
                orphan.release()
        if bad:
            records = [line.record(path) for path, line in bad]
            total = len(bad) + uncounted
            what = f"{total} unreadable spooled event(s)"
            if uncounted:  # kept: the first lines; the rest only counted, so the rejected file stays small
                records.append({"error": f"{uncounted} more unreadable line(s) removed, not kept", "bytes": 0, "line": ""})
                what += f" (the first {len(bad)} kept)"
            self._set_aside(records, what, total)
        self.flush(force=True)

    def _reject(self, record: SpooledRecord, reason: str) -> None:
        fields = asdict(record) | {"thumbnail": None}  # a refused record is kept for review; its face is not
        if isinstance(record, AttendanceEvent):
            self._set_aside([{"event": fields, "error": reason}], f"the database refused an attendance event ({reason})")
        else:
            self._set_aside([{"attack": fields, "error": reason}], f"the database refused an attack record ({reason})")

    def _set_aside(self, records: list[dict[str, object]], what: str, count: int | None = None) -> None:
        """Append ``records`` to the rejected file and tell the user; ``count``: the lines they stand for."""
        try:
            self._rejected.add(records)
            where = f"moved to {self._rejected.path}"
        except OSError as exc:
            where = f"cannot be moved to {self._rejected.path}: {_reason(exc)}"
        self._set_status(
            rejected=self._status.rejected + (len(records) if count is None else count), last_error=f"{what}: {where}",
            rejected_file=str(self._rejected.path),
        )

    def _rewrite_spool(self) -> None:
        """Make the spool hold exactly the waiting events (atomic replace); keep the old one on failure."""
        try:
            self.spool.rewrite(list(self._pending))
            self._spool_error = None
        except OSError as exc:  # an old spool holds written events too: replaying them writes nothing (uids)
            if self._spool_error:
                self._spool_error = f"{self.spool.path} cannot be written: {_reason(exc)}"
    def _after_attempt(self, written: int, error: str | None) -> None:
        status = self._status
        if error is None:
            self._backoff = 0.0
            self._retry_at = 0.0
            last_error = status.last_error if status.rejected else None
        else:
            self._backoff = min(self._max_backoff, self._backoff * 2 or self._first_backoff)
            self._retry_at = self._clock() + self._backoff
            kept = f"kept in memory only, {self._spool_error}" if self._spool_error else f"kept in {self.spool.path}"
            last_error = f"attendance events not saved yet ({error}); {kept}; retrying in {self._backoff:g} s"
        self._set_status(written=status.written + written, last_error=last_error)

    def _set_status(self, **changes: object) -> None:
        fields = asdict(self._status) | {"pending": len(self._pending)} | changes
        self._status = WriterStatus(**fields)


class TrialWriter:
    """The writer of a trial run (a benchmark, a demo video the admin has not approved): it takes the
    policy's events and records none, so the attendance record holds only what people did at a door."""

    def __init__(self) -> None:
        self.status = WriterStatus(trial=True)

    def submit(self, event: AttendanceEvent) -> WriterStatus:
        self.status = WriterStatus(written=self.status.written + 1, trial=True)
        return self.status

    def submit_attack(self, attack: PresentationAttack) -> WriterStatus:
        return self.status

    def flush(self, *, force: bool = False) -> WriterStatus:
        return self.status

    def withdraw(self, uid: str) -> bool:
        return False

    def close(self, timeout_s: float = 5.0) -> WriterStatus:
        return self.status

