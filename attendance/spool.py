"""The event spool: accepted attendance events and attack records not yet in the database, on disk, owned by
one process.

A spool is a JSON-lines file ``spool-<kiosk>.jsonl`` in the data folder, held with an OS file lock
(``<file>.lock``) for as long as its process runs. A second process with the same kiosk id (the app
and ``process 0`` both default to one) cannot take that file and claims the next free one,
``spool-<kiosk>.2.jsonl`` and so on, so no process ever rewrites events another one accepted. The
lock goes with its process, however it ends; a spool nobody holds is an orphan, and the next writer
to start in that folder adopts its events.

Lines are read as bytes and checked field by field (``SpooledEvent``). A line that cannot be read
(invalid UTF-8, not JSON, nested too deep, a missing uid, a number out of range, NaN) and a torn
last line (a power cut, a short write on a full disk) are set aside in the folder's rejected file and
removed from the spool at once, so they are reported once, not at every start, and a new event is
never appended to torn bytes. The rejected file is rotated (``REJECTED_MAX_BYTES``, ``REJECTED_KEEP``
old files), so it stays bounded.
"""
from __future__ import annotations

import base64
import json
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Annotated, BinaryIO, Literal

from filelock import FileLock, Timeout
from pydantic import AwareDatetime, BaseModel, ConfigDict, Discriminator, Field, Tag, TypeAdapter, ValidationError, field_validator

from attendance.events import AttendanceEvent, CheckInMethod, PresentationAttack, SpooledRecord
from attendance.keys import DataKey
from attendance.models import INT64_MAX, LABEL_LENGTH, UID_LENGTH
from attendance.sealing import SealError, seal, spool_thumbnail_context, unseal
from core.config import validation_problems

SPOOL_PATTERN = "spool-*.jsonl"
REJECTED_NAME = "rejected-events.jsonl"
REJECTED_MAX_BYTES = 1 << 20  # rotate the rejected file beyond 1 MiB ...
REJECTED_KEEP = 3  # ... keeping this many older ones (.1 newest): at most 4 MiB in all
MAX_KEPT_LINE = 16_384  # characters of an unreadable line kept for review
MAX_LINE_BYTES = 1 << 20  # a spool line longer than this is no event (a sealed thumbnail makes one some KiB)
MAX_KEPT_BAD_BYTES = REJECTED_MAX_BYTES // 2  # unreadable lines kept per load, at most these bytes ...
MAX_KEPT_BAD_LINES = 1000  # ... and this many lines; beyond either they are only counted
READ_CHUNK = 1 << 16
_LOCK_WAIT_S = 5.0  # the rejected file's lock is only held for one append
_MAX_SLOTS = 1000

Int64 = Field(ge=-INT64_MAX - 1, le=INT64_MAX)


def _sealed(key: DataKey, thumbnail: bytes | None, uid: str) -> str | None:
    """base64 of a thumbnail sealed with the data key (never a plain face on disk)."""
    if thumbnail is None:
        return None
    return base64.b64encode(seal(key, thumbnail, spool_thumbnail_context(uid))).decode("ascii")


def _opened(key: DataKey, sealed: str | None, uid: str) -> bytes | None:
    """The thumbnail; one that does not open with ``key`` (an earlier key, a plain one) is dropped, the record kept."""
    if sealed is None:
        return None
    try:
        return unseal(key, base64.b64decode(sealed), spool_thumbnail_context(uid))
    except SealError:
        return None


class _Line(BaseModel):
    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)

    uid: str = Field(min_length=1, max_length=UID_LENGTH)
    at: AwareDatetime = Field(strict=True)  # an ISO time with its offset; a number is not read as a Unix time
    kiosk_id: str = Field(min_length=1, max_length=LABEL_LENGTH)
    thumbnail: str | None = None  # base64 of the face thumbnail sealed with the data key

    @field_validator("thumbnail")
    @classmethod
    def _base64(cls, value: str | None) -> str | None:
        if value is not None:
            base64.b64decode(value, validate=True)
        return value


class SpooledEvent(_Line):
    """An event's spool line: every field in the range its database column holds (lines written before
    attacks were spooled have no ``record`` field: they are events)."""

    record: Literal["event"] = "event"
    employee_id: int = Field(ge=1, le=INT64_MAX)
    kind: Literal["in", "out"]
    similarity: float | None
    margin: float | None
    track_id: int | None = Int64
    recognizer: str | None = Field(max_length=LABEL_LENGTH)
    method: CheckInMethod = CheckInMethod.FACE
    frame_index: int | None = Int64
    looks: int | None = Field(None, ge=0, le=INT64_MAX)  # lines written before version 13 have neither
    live_score: float | None = Field(None, ge=0.0, le=1.0)

    @classmethod
    def of(cls, event: AttendanceEvent, key: DataKey) -> SpooledEvent:
        return cls(
            uid=event.uid, employee_id=event.employee_id, kind=event.kind, at=event.at, similarity=event.similarity,
            margin=event.margin, kiosk_id=event.kiosk_id, track_id=event.track_id, recognizer=event.recognizer,
            frame_index=event.frame_index, thumbnail=_sealed(key, event.thumbnail, event.uid), method=event.method,
            looks=event.looks, live_score=event.live_score,
        )

    def value(self, key: DataKey) -> AttendanceEvent:
        return AttendanceEvent(
            self.employee_id, self.kind, self.at, self.similarity, self.margin, self.kiosk_id, self.track_id,
            self.recognizer, self.frame_index, _opened(key, self.thumbnail, self.uid), self.uid, self.method,
            self.looks, self.live_score,
        )


class SpooledAttack(_Line):
    """A presentation attack's spool line."""

    record: Literal["attack"]
    track_id: int = Int64
    live_score: float = Field(ge=0.0, le=1.0)
    looks: int = Field(ge=0, le=INT64_MAX)
    employee_id: int | None = Field(ge=1, le=INT64_MAX)
    similarity: float | None

    @classmethod
    def of(cls, attack: PresentationAttack, key: DataKey) -> SpooledAttack:
        return cls(
            record="attack", uid=attack.uid, at=attack.at, kiosk_id=attack.kiosk_id, track_id=attack.track_id,
            live_score=attack.live_score, looks=attack.looks, employee_id=attack.employee_id, similarity=attack.similarity,
            thumbnail=_sealed(key, attack.thumbnail, attack.uid),
        )

    def value(self, key: DataKey) -> PresentationAttack:
        return PresentationAttack(
            self.at, self.kiosk_id, self.track_id, self.live_score, self.looks, self.employee_id, self.similarity,
            _opened(key, self.thumbnail, self.uid), self.uid,
        )


def _kind_of_line(value: object) -> str:
    return str(value.get("record", "event")) if isinstance(value, dict) else str(getattr(value, "record", "event"))


_LINE = TypeAdapter(Annotated[
    Annotated[SpooledEvent, Tag("event")] | Annotated[SpooledAttack, Tag("attack")], Discriminator(_kind_of_line)
])


def encode_record(record: SpooledRecord, key: DataKey) -> str:
    """The spool line of an event or attack (no newline), its thumbnail sealed; ``ValueError`` for one no
    spool line can hold."""
    try:
        line = SpooledEvent.of(record, key) if isinstance(record, AttendanceEvent) else SpooledAttack.of(record, key)
        return line.model_dump_json()
    except ValidationError as exc:
        raise ValueError(validation_problems(exc)[:300]) from None


def decode_record(line: bytes, key: DataKey) -> SpooledRecord:
    """The event or attack of one spool line; ``ValueError`` with a one-line reason for anything else."""
    try:
        return _LINE.validate_json(line).value(key)
    except ValidationError as exc:
        raise ValueError(validation_problems(exc)[:300]) from None


@dataclass(frozen=True)
class BadLine:
    """Bytes of a spool that hold no readable event, and why."""

    data: bytes  # its first bytes (MAX_KEPT_LINE at most)
    error: str
    length: int = -1  # its whole length in bytes (-1: len(data))

    def record(self, source: Path) -> dict[str, object]:
        text = self.data.decode("utf-8", errors="backslashreplace")
        length = self.length if self.length >= 0 else len(self.data)
        return {"spool": source.name, "error": self.error, "bytes": length, "line": text[:MAX_KEPT_LINE]}


@dataclass(frozen=True)
class SpoolContents:
    records: list[SpooledRecord]  # events and attacks, in the order they were spooled
    bad: list[BadLine]  # already removed from the file; the first ones (MAX_KEPT_BAD_LINES, MAX_KEPT_BAD_BYTES)
    uncounted_bad: int = 0  # further unreadable lines, removed too, counted but not kept


def _lines(handle: BinaryIO) -> Iterator[tuple[bytes, bool, int]]:
    """The file's lines as (first bytes, ended by a newline, length), reading at most MAX_LINE_BYTES of a
    line into memory: a line of gigabytes is skipped in chunks, its first MAX_LINE_BYTES kept."""
    while True:
        line = handle.readline(MAX_LINE_BYTES)
        if not line:
            return
        length = len(line)
        if not line.endswith(b"\n") and length == MAX_LINE_BYTES:  # over-long: skip to its end
            while chunk := handle.readline(READ_CHUNK):
                length += len(chunk)
                if chunk.endswith(b"\n"):
                    break
            yield line, True, length
            continue
        ended = line.endswith(b"\n")
        yield (line[:-1] if ended else line), ended, length


def _fsync_dir(directory: Path) -> None:
    """Make a rename or unlink in ``directory`` durable (no-op where directories cannot be opened)."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def append_durably(path: Path, lines: Iterable[str]) -> None:
    """Append whole lines and fsync; on failure cut the file back to its old length, so no torn line stays."""
    data = "".join(line + "\n" for line in lines).encode("utf-8")
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    try:
        start = os.fstat(fd).st_size
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view):]
            os.fsync(fd)
        except OSError:
            try:
                os.ftruncate(fd, start)
            except OSError:
                pass  # the torn tail is found and set aside when the file is next read
            raise
    finally:
        os.close(fd)


def _os_lock(path: Path) -> FileLock:
    # Not thread-local: the lock is taken on one thread and the spool used from another.
    return FileLock(path.with_name(path.name + ".lock"), timeout=0, thread_local=False, fallback_to_soft=False)


class Spool:
    """One spool file and its OS lock, held from ``claim`` or ``adopt`` until ``release``; thumbnails in it
    are sealed with ``key``."""

    def __init__(self, path: Path, lock: FileLock, key: DataKey) -> None:
        self.path = path
        self._lock = lock
        self.key = key

    @classmethod
    def claim(cls, directory: Path, kiosk_id: str, key: DataKey) -> Spool:
        """The first spool of ``kiosk_id`` in ``directory`` that no other process holds."""
        directory.mkdir(parents=True, exist_ok=True)
        for slot in range(1, _MAX_SLOTS + 1):
            suffix = "" if slot == 1 else f".{slot}"
            spool = cls.adopt(directory / f"spool-{kiosk_id}{suffix}.jsonl", key)
            if spool is not None:
                return spool
        raise OSError(f"{_MAX_SLOTS} processes already hold a spool of kiosk {kiosk_id!r} in {directory}")

    @classmethod
    def adopt(cls, path: Path, key: DataKey) -> Spool | None:
        """``path`` with its lock taken, or None while another process holds it."""
        lock = _os_lock(path)
        try:
            lock.acquire()
        except Timeout:
            return None
        return cls(path, lock, key)

    def orphans(self) -> Iterator[Spool]:
        """The other spools of this folder that no process holds, each taken in turn (release each)."""
        for path in sorted(self.path.parent.glob(SPOOL_PATTERN)):
            if path != self.path and (orphan := Spool.adopt(path, self.key)) is not None:
                yield orphan

    def load(self) -> SpoolContents:
        """The events in the file; unreadable lines and a torn last line are cut out of it (atomically).
        Read as a stream: memory stays flat whatever the file's size, and of the unreadable lines only the
        first (up to MAX_KEPT_BAD_BYTES) are kept for review, the rest counted."""
        records: list[SpooledRecord] = []
        bad: list[BadLine] = []
        kept_bytes = uncounted = 0
        try:
            handle = self.path.open("rb")
        except FileNotFoundError:
            return SpoolContents([], [])
        with handle:
            for line, ended, length in _lines(handle):
                if ended and not line.strip():
                    continue
                if not ended:
                    error = "torn last line (the write was cut short)"
                elif length > MAX_LINE_BYTES:
                    error = f"unreadable spooled event: a line of {length} bytes"
                elif not (line.startswith(b"{") and line.rstrip().endswith(b"}")):  # no JSON object: no need to parse
                    error = "unreadable spooled event: not a JSON object"
                else:
                    try:
                        records.append(decode_record(line, self.key))
                        continue
                    except ValueError as exc:
                        error = f"unreadable spooled event: {exc}"
                if kept_bytes < MAX_KEPT_BAD_BYTES and len(bad) < MAX_KEPT_BAD_LINES:
                    kept = line[:MAX_KEPT_LINE]
                    bad.append(BadLine(kept, error, length))
                    kept_bytes += len(kept)
                else:
                    uncounted += 1
        if bad:
            self.rewrite(records)
        return SpoolContents(records, bad, uncounted)

    def append(self, lines: Iterable[str]) -> None:
        """Append encoded records (``encode_record``) durably; on failure the file is as it was."""
        append_durably(self.path, lines)

    def rewrite(self, records: list[SpooledRecord]) -> None:
        """Make the file hold exactly ``records`` (atomic replace; removed when empty); ``OSError`` keeps the old one."""
        if not records:
            self.path.unlink(missing_ok=True)
        else:
            temporary = self.path.with_name(self.path.name + ".tmp")
            temporary.unlink(missing_ok=True)
            append_durably(temporary, (encode_record(r, self.key) for r in records))
            os.replace(temporary, self.path)
        _fsync_dir(self.path.parent)

    def release(self) -> None:
        self._lock.release()


def _set_aside_before(line: bytes, before: datetime) -> bool:
    try:
        stamp = datetime.fromisoformat(json.loads(line)["set_aside"])
    except (ValueError, KeyError, TypeError):
        return False
    return stamp.tzinfo is not None and stamp < before


class RejectedFile:
    """The folder's file of events that were set aside (unreadable, or refused by the database), rotated."""

    def __init__(self, directory: Path) -> None:
        self.path = directory / REJECTED_NAME
        self._lock = FileLock(self.path.with_name(REJECTED_NAME + ".lock"), timeout=_LOCK_WAIT_S, thread_local=False, fallback_to_soft=False)

    def add(self, records: list[dict[str, object]]) -> None:
        """Append one JSON line per record, stamped with the time; ``OSError`` when it cannot be written."""
        now = datetime.now(timezone.utc).isoformat(timespec="seconds")
        lines = [json.dumps({"set_aside": now} | record, sort_keys=True, default=str) for record in records]
        try:
            with self._lock:
                self._rotate()
                append_durably(self.path, lines)
        except Timeout:
            raise OSError(f"{self.path} is locked by another program") from None

    def purge(self, before: datetime, *, dry_run: bool = False) -> int:
        """Remove the set-aside lines older than ``before`` from this file and its rotated copies; how many.
        Lines without a readable time stay (nothing says they are old)."""
        removed = 0
        try:
            with self._lock:
                for path in [self.path] + [self.path.with_name(f"{REJECTED_NAME}.{i}") for i in range(1, REJECTED_KEEP + 1)]:
                    if path.is_file():
                        removed += self._purge_file(path, before, dry_run)
        except Timeout:
            raise OSError(f"{self.path} is locked by another program") from None
        return removed

    @staticmethod
    def _purge_file(path: Path, before: datetime, dry_run: bool) -> int:
        """Drop the lines set aside before ``before`` from one file, read as a stream (a file grown huge
        outside the app costs time, not memory); how many. Over-long lines are dropped too."""
        removed = kept = 0
        temporary = path.with_name(path.name + ".tmp")
        with path.open("rb") as source, (open(os.devnull, "wb") if dry_run else temporary.open("wb")) as target:
            for line, ended, length in _lines(source):
                if length > MAX_LINE_BYTES or _set_aside_before(line, before):
                    removed += 1
                elif line or ended:
                    target.write(line + b"\n")
                    kept += 1
        if dry_run or not removed:
            temporary.unlink(missing_ok=True)
        elif kept:
            os.replace(temporary, path)
        else:
            temporary.unlink(missing_ok=True)
            path.unlink()
        return removed

    def _rotate(self) -> None:
        try:
            if self.path.stat().st_size < REJECTED_MAX_BYTES:
                return
        except FileNotFoundError:
            return
        for index in range(REJECTED_KEEP, 0, -1):
            older = self.path.with_name(f"{REJECTED_NAME}.{index}")
            newer = self.path if index == 1 else self.path.with_name(f"{REJECTED_NAME}.{index - 1}")
            if newer.exists():
                os.replace(newer, older)

