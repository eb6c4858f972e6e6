"""Event writer: locked database, full disk, crash replay; no event lost or doubled. On SQLite and PostgreSQL."""
from __future__ import annotations

import base64
import errno
import random
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import create_engine, make_url, text
from sqlalchemy.exc import OperationalError

import attendance.spool as spool_module
from attendance.errors import StoreError
from attendance.events import AttendanceEvent
from attendance.store import AttendanceStore
from attendance.writer import EventWriter, open_event_store
from tests.clock import ManualClock
from tests.conftest import enrolled

T0 = datetime(2024, 6, 3, 8, 0, tzinfo=ZoneInfo("Europe/Berlin"))


@pytest.fixture
def store(database_url: str) -> Iterator[AttendanceStore]:
    events_store = open_event_store(database_url, attempt_timeout_s=0.2)
    yield events_store
    events_store.close()


@pytest.fixture
def ann(store: AttendanceStore) -> int:
    return enrolled(store, "E1", "Ann").id


@pytest.fixture
def spool(tmp_path: Path) -> Path:
    """The data folder the writers spool to (kiosk id "door")."""
    return tmp_path / "spool"


def spool_file(directory: Path) -> Path:
    return directory / "spool-door.jsonl"


def crash(writer: EventWriter) -> None:
    """What a killed process leaves: its spool on disk, its OS lock gone with it, nothing flushed."""
    writer.spool.release()


def event(employee_id: int, minutes: int = 0, kind: str = "in", **extra) -> AttendanceEvent:
    return AttendanceEvent(employee_id, kind, T0 + timedelta(minutes=minutes), 0.8, 0.2, "door", 1, "r", **extra)


def stored_uids(database_url: str) -> list[str]:
    engine = create_engine(database_url)
    try:
        with engine.connect() as conn:
            return list(conn.scalars(text("SELECT event_uid FROM attendance_events ORDER BY id")))
    finally:
        engine.dispose()


@contextmanager
def another_writer(database_url: str) -> Iterator[None]:
    """Another program holding the write lock (SQLite) or the events table's lock (PostgreSQL)."""
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite":
        holder = sqlite3.connect(str(url.database), isolation_level=None)
        holder.execute("BEGIN IMMEDIATE")
    else:
        import psycopg

        holder = psycopg.connect(url.set(drivername="postgresql").render_as_string(hide_password=False))
        holder.execute("LOCK TABLE attendance_events IN EXCLUSIVE MODE")  # readers pass, writers wait
    try:
        yield
    finally:
        holder.rollback()
        holder.close()


def disk_full(*_args: object, **_kwargs: object) -> int:
    raise OperationalError("INSERT INTO attendance_events ...", {}, sqlite3.OperationalError("database or disk is full"))


def spool_lines(directory: Path) -> int:
    path = spool_file(directory)
    return len(path.read_text().splitlines()) if path.exists() else 0


def test_events_are_written_at_once_and_the_spool_emptied(store: AttendanceStore, ann: int, spool: Path, database_url: str) -> None:
    writer = EventWriter(store, spool, "door")
    e = event(ann, thumbnail=b"\x00jpeg")
    status = writer.submit(e)
    assert status.ok and (status.pending, status.written, status.last_error) == (0, 1, None)
    assert stored_uids(database_url) == [e.uid] and not spool_file(spool).exists()
    (record,) = store.events()
    assert store.event_thumbnail(record.id) == b"\x00jpeg" and record.at == T0


def test_a_spooled_thumbnail_is_sealed_on_disk_and_replayed_intact(
    store: AttendanceStore, ann: int, spool: Path, database_url: str
) -> None:
    face = b"\xff\xd8\xff\xe0" + bytes(range(200)) + b"\xff\xd9"
    writer = EventWriter(store, spool, "door", clock=ManualClock(1000.0))
    with another_writer(database_url):
        assert writer.submit(event(ann, thumbnail=face)).pending == 1
        line = spool_file(spool).read_bytes()
    assert base64.b64encode(face)[:40] not in line and face[4:40] not in line  # no plain face in the data folder
    crash(writer)
    replayed = EventWriter(store, spool, "door")
    assert replayed.status.written == 1
    (record,) = store.events()
    assert store.event_thumbnail(record.id) == face
    replayed.close()


def test_a_locked_database_keeps_events_in_order_and_retries_with_backoff(
    store: AttendanceStore, ann: int, spool: Path, database_url: str
) -> None:
    clock = ManualClock(1000.0)
    writer = EventWriter(store, spool, "door", clock=clock)
    with another_writer(database_url):
        started = time.monotonic()
        first = writer.submit(event(ann, 0))
        assert time.monotonic() - started < 2.0  # the video loop is not held up for long
        assert (first.pending, first.ok) == (1, False)
        assert "locked" in first.last_error and str(spool_file(spool)) in first.last_error  # type: ignore[operator]
        second = writer.submit(event(ann, 6, "out"))  # within the backoff: queued without a try
        assert second.pending == 2 and spool_lines(spool) == 2
        clock.now += 0.6
        assert writer.flush().pending == 2  # tried again, still locked: the pause doubles
        assert "retrying in 1 s" in writer.status.last_error  # type: ignore[operator]
    assert writer.flush().pending == 2  # not yet time to retry
    clock.now += 1.0
    status = writer.flush()
    assert status.ok and status.written == 2 and status.last_error is None
    assert [(e.kind, e.at) for e in store.events()] == [("in", T0), ("out", T0 + timedelta(minutes=6))]
    assert not spool_file(spool).exists()


def test_an_event_taken_back_before_it_is_written_never_enters_the_record(
    store: AttendanceStore, ann: int, spool: Path, database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A "not me" while the database is away: the spooled check-in is withdrawn, from memory and from the spool
    (a crash now does not bring it back), and the events around it are still written in order."""
    clock = ManualClock(1000.0)
    writer = EventWriter(store, spool, "door", clock=clock)
    first, mistaken = event(ann, 0), event(ann, 6, "out")
    with monkeypatch.context() as patch:
        patch.setattr(store, "add_punch", disk_full)
        writer.submit(first)
        writer.submit(mistaken)
        assert spool_lines(spool) == 2
        assert writer.withdraw(mistaken.uid) and not writer.withdraw(mistaken.uid)
        assert spool_lines(spool) == 1 and writer.status.pending == 1
    crash(writer)
    replayed = EventWriter(store, spool, "door")
    assert stored_uids(database_url) == [first.uid]
    assert not replayed.withdraw(first.uid)  # written: a "not me" voids it in the store instead
    replayed.close()


def test_a_full_disk_keeps_the_event_and_tells_the_user(
    store: AttendanceStore, ann: int, spool: Path, database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    clock = ManualClock(1000.0)
    writer = EventWriter(store, spool, "door", clock=clock)
    e = event(ann)
    with monkeypatch.context() as patch:
        patch.setattr(store, "add_punch", disk_full)
        status = writer.submit(e)
        assert status.pending == 1 and "database or disk is full" in status.last_error  # type: ignore[operator]
    clock.now += 1
    assert writer.flush().ok and stored_uids(database_url) == [e.uid]


def test_an_unwritable_spool_still_keeps_the_event_in_memory(
    store: AttendanceStore, ann: int, spool: Path, database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    writer = EventWriter(store, spool, "door")
    monkeypatch.setattr(store, "add_punch", disk_full)

    def no_space(*_args: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    e = event(ann)
    with monkeypatch.context() as patch:
        patch.setattr(spool_module, "append_durably", no_space)
        status = writer.submit(e)
        assert status.pending == 1 and "kept in memory only" in status.last_error  # type: ignore[operator]
        assert "No space left on device" in status.last_error  # type: ignore[operator]
    assert writer.flush(force=True).pending == 1  # the disk has room again: spooled, the database still full
    assert spool_lines(spool) == 1 and f"kept in {spool_file(spool)}" in writer.status.last_error  # type: ignore[operator]
    monkeypatch.undo()
    assert writer.flush(force=True).ok and stored_uids(database_url) == [e.uid]


def test_a_crash_leaves_a_spool_that_is_replayed_once(
    store: AttendanceStore, ann: int, spool: Path, database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    events = [event(ann, m) for m in (0, 6, 12)]
    with monkeypatch.context() as patch:
        patch.setattr(store, "add_punch", disk_full)
        crashed = EventWriter(store, spool, "door")
        for e in events:
            crashed.submit(e)
        assert spool_lines(spool) == 3
    crash(crashed)
    store.add_event(events[0])  # committed just before the crash, still in the spool

    replayed = EventWriter(store, spool, "door")
    assert replayed.status.ok and replayed.status.written == 3
    assert stored_uids(database_url) == [e.uid for e in events] and not spool_file(spool).exists()
    assert EventWriter(store, spool, "door").status.written == 0
    assert store.count_events() == 3


def test_a_torn_spool_line_is_set_aside_not_lost(store: AttendanceStore, ann: int, spool: Path, database_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    e = event(ann)
    with monkeypatch.context() as patch:
        patch.setattr(store, "add_punch", disk_full)
        crash_writer = EventWriter(store, spool, "door")
        crash_writer.submit(e)
        crash(crash_writer)
    with spool_file(spool).open("a") as file:
        file.write('{"employee_id": 1, "ki')  # the crash hit mid-append
    status = EventWriter(store, spool, "door").status
    assert (status.written, status.rejected, status.ok) == (1, 1, False) and "unreadable" in status.last_error  # type: ignore[operator]
    assert stored_uids(database_url) == [e.uid]
    assert '"ki' in (spool / "rejected-events.jsonl").read_text()


def test_an_event_the_database_refuses_is_set_aside_and_the_queue_goes_on(
    store: AttendanceStore, ann: int, spool: Path, database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    writer = EventWriter(store, spool, "door")
    odd, real = event(ann, 0), event(ann, 1)
    original = store.add_punch
    monkeypatch.setattr(store, "add_punch", lambda e, **kw: (_ for _ in ()).throw(StoreError("a constraint refused it")) if e is odd else original(e, **kw))
    writer.submit(odd)
    status = writer.submit(real)
    assert (status.pending, status.written, status.rejected) == (0, 1, 1)
    assert "a constraint refused it" in status.last_error  # type: ignore[operator]
    assert stored_uids(database_url) == [real.uid]
    assert odd.uid in (spool / "rejected-events.jsonl").read_text()


def test_an_event_of_someone_no_longer_enrolled_is_dropped_not_kept(
    store: AttendanceStore, ann: int, spool: Path, database_url: str
) -> None:
    """A deleted (or deactivated) person's sighting is not stored, and not kept for review either."""
    writer = EventWriter(store, spool, "door")
    ghost, real = event(9999, 0), event(ann, 1)
    writer.submit(ghost)
    status = writer.submit(real)
    assert (status.pending, status.written, status.rejected, status.dropped) == (0, 1, 0, 1)
    assert "1 dropped (people no longer enrolled)" in status.line
    assert stored_uids(database_url) == [real.uid]
    assert not (spool / "rejected-events.jsonl").exists()
    left = spool / "spool-door.jsonl"
    assert not left.exists() or ghost.uid not in left.read_text()


def test_close_gives_up_after_its_timeout_and_the_next_start_writes(
    store: AttendanceStore, ann: int, spool: Path, database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    e = event(ann)
    with monkeypatch.context() as patch:
        patch.setattr(store, "add_punch", disk_full)
        writer = EventWriter(store, spool, "door", first_backoff_s=0.05)
        writer.submit(e)
        started = time.monotonic()
        assert writer.close(timeout_s=0.3).pending == 1
        assert 0.25 < time.monotonic() - started < 2.0
    assert spool_lines(spool) == 1
    assert EventWriter(store, spool, "door").status.ok and stored_uids(database_url) == [e.uid]


def test_random_faults_and_crashes_never_lose_or_double_an_event(
    store: AttendanceStore, ann: int, spool: Path, database_url: str
) -> None:
    rng = random.Random(7)
    real_add = store.add_event

    def flaky_add(e: AttendanceEvent) -> int:
        roll = rng.random()
        if roll < 0.3:
            disk_full()
        if roll < 0.4:  # committed, but the answer was lost (I/O error afterwards)
            real_add(e)
            raise OSError(errno.EIO, "Input/output error")
        return real_add(e)

    store.add_event = flaky_add  # type: ignore[method-assign]
    clock = ManualClock(1000.0)
    writer = EventWriter(store, spool, "door", clock=clock)
    submitted = []
    for minute in range(60):
        e = event(ann, minute)
        submitted.append(e.uid)
        writer.submit(e)
        clock.now += rng.choice([0.1, 1.0, 40.0])
        writer.flush()
        if rng.random() < 0.1:  # crash and restart
            crash(writer)
            writer = EventWriter(store, spool, "door", clock=clock)
    store.add_event = real_add  # type: ignore[method-assign]
    assert writer.close(timeout_s=1).ok
    assert sorted(stored_uids(database_url)) == sorted(submitted)
