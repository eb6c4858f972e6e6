"""The event spool: one owner per file, orphans adopted, torn tails and unreadable lines set aside once, SIGKILLs lose nothing."""
from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import attendance.spool as spool_module
from attendance.events import AttendanceEvent
from attendance.keys import DataKey
from attendance.spool import RejectedFile, Spool, decode_record, encode_record
from attendance.store import AttendanceStore
from attendance.writer import EventWriter, open_event_store
from measure.kill_bench import PROJECT_ROOT, run_kill_bench
from tests.conftest import enrolled

T0 = datetime(2026, 3, 2, 8, 0, tzinfo=timezone(timedelta(hours=1)))
KEY = DataKey.new(1)  # for the spool alone; a writer's spool uses its store's data key


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "kiosk.db"


@pytest.fixture
def store(db_path: Path) -> Iterator[AttendanceStore]:
    events_store = open_event_store(db_path, attempt_timeout_s=0.1)
    yield events_store
    events_store.close()


@pytest.fixture
def ann(store: AttendanceStore) -> int:
    return enrolled(store, "E1", "Ann").id


@pytest.fixture
def data(tmp_path: Path) -> Path:
    return tmp_path / "data"


def event(employee_id: int, minutes: int = 0) -> AttendanceEvent:
    return AttendanceEvent(employee_id, "in", T0 + timedelta(minutes=minutes), 0.8, 0.2, "door", 1, "r")


@contextmanager
def locked(db_path: Path) -> Iterator[None]:
    """Another program holding SQLite's write lock."""
    holder = sqlite3.connect(db_path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        yield
    finally:
        holder.execute("ROLLBACK")
        holder.close()


def stored_uids(db_path: Path) -> list[str]:
    with sqlite3.connect(db_path) as connection:
        return [uid for (uid,) in connection.execute("SELECT event_uid FROM attendance_events ORDER BY id")]


def crash(writer: EventWriter) -> None:
    """What a killed process leaves: its spool on disk, its OS lock gone with it, nothing flushed."""
    writer.spool.release()


def test_two_writers_with_one_kiosk_id_never_share_a_spool(store: AttendanceStore, ann: int, data: Path, db_path: Path) -> None:
    first, second = EventWriter(store, data, "door"), EventWriter(store, data, "door")
    assert first.spool.path != second.spool.path
    a, b = event(ann, 0), event(ann, 1)
    with locked(db_path):
        first.submit(a)
        second.submit(b)
    assert first.flush(force=True).ok  # writes its own event and empties its own spool only
    assert second.spool.path.exists()
    crash(second)  # killed before its retry
    assert EventWriter(store, data, "door").status.written == 1  # the next start adopts the orphan
    assert sorted(stored_uids(db_path)) == sorted([a.uid, b.uid])
    assert not second.spool.path.exists()


def test_a_second_process_with_the_same_kiosk_id_loses_nothing_when_killed(store: AttendanceStore, ann: int, data: Path, db_path: Path) -> None:
    """The issue's case: the app and `process 0` share a kiosk id, both spool while the database is locked,
    one writes when the lock goes, the other is killed before its retry."""
    ack = data.parent / "ack.txt"
    with locked(db_path):
        child = subprocess.Popen(
            [sys.executable, "-m", "measure.kill_bench", "child", str(db_path), str(data), str(ann), str(ack)],
            cwd=PROJECT_ROOT, stderr=subprocess.PIPE,
        )
        try:
            deadline = time.monotonic() + 60
            while not (ack.exists() and ack.read_text().strip()) and time.monotonic() < deadline:
                assert child.poll() is None, child.stderr.read().decode()  # type: ignore[union-attr]
                time.sleep(0.05)
            mine = EventWriter(store, data, "kiosk-1")  # the kill bench's kiosk id
            own = event(ann)
            assert mine.submit(own).pending == 1
        except BaseException:
            child.kill()
            raise
    deadline = time.monotonic() + 20  # the child may hold the write lock at a moment: the writer retries, as here
    while not mine.flush(force=True).ok and time.monotonic() < deadline:
        time.sleep(0.1)
    assert mine.status.ok, mine.status
    child.kill()
    child.wait()
    acknowledged = [uid for uid in ack.read_text().splitlines() if len(uid) == 32]
    assert acknowledged
    EventWriter(store, data, "kiosk-1").close()
    assert set(acknowledged) | {own.uid} <= set(stored_uids(db_path))


def test_a_few_sigkills_with_the_database_locked_lose_and_double_nothing(tmp_path: Path) -> None:
    report = run_kill_bench(tmp_path / "kills", kills=4, writers=2, seed=3)
    assert report.accepted > 0 and report.kills == 4
    assert (report.lost, report.duplicated) == (0, 0), report


def test_a_torn_tail_is_set_aside_once_and_a_new_event_is_not_glued_to_it(store: AttendanceStore, ann: int, data: Path, db_path: Path) -> None:
    old = event(ann, 0)
    data.mkdir()
    spool = data / "spool-door.jsonl"
    spool.write_bytes((encode_record(old, KEY) + "\n").encode() + b'{"uid": "abc", "employee_i')  # power cut mid-append
    new = event(ann, 1)
    with locked(db_path):
        writer = EventWriter(store, data, "door")
        assert writer.status.rejected == 1 and writer.status.rejected_file == str(data / "rejected-events.jsonl")
        writer.submit(new)
        assert spool.read_bytes().endswith(b"\n")
        assert [decode_record(line, KEY).uid for line in spool.read_bytes().splitlines()] == [old.uid, new.uid]
    crash(writer)
    again = EventWriter(store, data, "door")
    assert (again.status.written, again.status.rejected) == (2, 0)  # nothing rejected a second time
    assert sorted(stored_uids(db_path)) == sorted([old.uid, new.uid])
    (record,) = [json.loads(line) for line in (data / "rejected-events.jsonl").read_text().splitlines()]
    assert record["line"] == '{"uid": "abc", "employee_i' and "torn" in record["error"]


def _fields(e: AttendanceEvent) -> dict:
    return json.loads(encode_record(e, KEY))


BAD_LINES = {
    "invalid UTF-8": lambda good: encode_record(good, KEY).encode().replace(b'"door"', b'"d\xff\xfer"'),
    "deep nesting": lambda good: b"[" * 100_000 + b"]" * 100_000,
    "integer too big for SQLite": lambda good: json.dumps(_fields(good) | {"employee_id": 2**70}).encode(),
    "NaN similarity": lambda good: json.dumps(_fields(good) | {"similarity": float("nan")}).encode(),
    "over-long kiosk id": lambda good: json.dumps(_fields(good) | {"kiosk_id": "k" * 101}).encode(),
    "over-long uid": lambda good: json.dumps(_fields(good) | {"uid": "u" * 33}).encode(),
    "no uid": lambda good: json.dumps({k: v for k, v in _fields(good).items() if k != "uid"}).encode(),
    "naive time": lambda good: json.dumps(_fields(good) | {"at": "2026-03-02T08:00:00"}).encode(),
    "a number for the time": lambda good: json.dumps(_fields(good) | {"at": 1767254400}).encode(),  # not 1970 + n s
    "not an object": lambda good: b'"just a string"',
}


@pytest.mark.parametrize("kind", list(BAD_LINES))
def test_an_unreadable_spool_line_never_stops_start_up(kind: str, store: AttendanceStore, ann: int, data: Path, db_path: Path) -> None:
    first, second = event(ann, 0), event(ann, 1)
    data.mkdir()
    lines = [encode_record(first, KEY).encode(), BAD_LINES[kind](first), encode_record(second, KEY).encode()]
    (data / "spool-door.jsonl").write_bytes(b"\n".join(lines) + b"\n")
    writer = EventWriter(store, data, "door")
    status = writer.status
    assert (status.written, status.rejected, status.pending) == (2, 1, 0)
    assert status.rejected_file == str(data / "rejected-events.jsonl") and "1 unreadable" in (status.last_error or "")
    assert stored_uids(db_path) == [first.uid, second.uid]
    writer.close()
    assert EventWriter(store, data, "door").status.rejected == 0


def test_an_event_no_database_could_hold_is_refused_at_submit(store: AttendanceStore, ann: int, data: Path, db_path: Path) -> None:
    writer = EventWriter(store, data, "door")
    bad = AttendanceEvent(ann, "in", T0, float("nan"), 0.2, "door", 1, "r")
    good = event(ann, 1)
    assert writer.submit(bad).rejected == 1
    assert writer.submit(good).written == 1
    assert stored_uids(db_path) == [good.uid]


def test_the_store_itself_refuses_out_of_range_events(store: AttendanceStore, ann: int) -> None:
    from attendance.errors import StoreError

    for bad in (
        AttendanceEvent(ann, "in", T0, float("inf"), 0.2, "door", 1, "r"),
        AttendanceEvent(ann, "in", T0, 0.8, 0.2, "door", 2**64, "r"),
        AttendanceEvent(ann, "in", T0, 0.8, 0.2, "d" * 101, 1, "r"),
    ):
        with pytest.raises(StoreError):
            store.add_event(bad)
    assert store.count_events() == 0


def test_the_rejected_file_is_rotated_and_stays_bounded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(spool_module, "REJECTED_MAX_BYTES", 2_000)
    rejected = RejectedFile(tmp_path)
    for n in range(200):
        rejected.add([{"error": "refused", "n": n, "pad": "x" * 100}])
    files = sorted(tmp_path.glob("rejected-events.jsonl*"))
    names = {p.name for p in files if not p.name.endswith(".lock")}
    assert names == {"rejected-events.jsonl", *(f"rejected-events.jsonl.{i}" for i in range(1, spool_module.REJECTED_KEEP + 1))}
    assert all(p.stat().st_size < 2_000 + 300 for p in files)
    assert '"n": 199' in (tmp_path / "rejected-events.jsonl").read_text()


def test_a_failed_append_leaves_no_torn_bytes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "spool.jsonl"
    spool_module.append_durably(path, ["one"])
    real_write = spool_module.os.write

    def short_write(fd: int, data: memoryview) -> int:
        real_write(fd, bytes(data[:3]))
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(spool_module.os, "write", short_write)
    with pytest.raises(OSError):
        spool_module.append_durably(path, ["two-two-two"])
    monkeypatch.undo()
    assert path.read_bytes() == b"one\n"


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(junk=st.lists(st.one_of(st.binary(max_size=200), st.text(max_size=200).map(str.encode)), max_size=6))
def test_fuzzed_spool_lines_never_crash_start_up_and_good_lines_are_kept(junk: list[bytes], tmp_path_factory: pytest.TempPathFactory) -> None:
    folder = tmp_path_factory.mktemp("fuzz")
    events_store = open_event_store(folder / "kiosk.db", attempt_timeout_s=0.1)
    try:
        employee = enrolled(events_store, "E1", "Ann").id
        good = [event(employee, n) for n in range(2)]
        body = [encode_record(good[0], KEY).encode(), *(j.replace(b"\n", b" ") for j in junk), encode_record(good[1], KEY).encode()]
        (folder / "data").mkdir()
        (folder / "data" / "spool-door.jsonl").write_bytes(b"\n".join(body) + b"\n")
        writer = EventWriter(events_store, folder / "data", "door")
        assert writer.status.pending == 0
        assert {e.uid for e in good} <= set(stored_uids(folder / "kiosk.db"))
        writer.close()
    finally:
        events_store.close()


def test_spool_claims_are_per_file_and_released(tmp_path: Path) -> None:
    first = Spool.claim(tmp_path, "door", KEY)
    assert Spool.adopt(first.path, KEY) is None  # held
    second = Spool.claim(tmp_path, "door", KEY)
    assert second.path.name == "spool-door.2.jsonl"
    first.release()
    again = Spool.adopt(first.path, KEY)
    assert again is not None
    again.release()
    second.release()


def test_a_data_folder_that_cannot_hold_a_spool_is_one_line(store: AttendanceStore, tmp_path: Path) -> None:
    from attendance.errors import StoreError

    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the data folder should be")
    with pytest.raises(StoreError, match=f"cannot keep attendance events in {blocker}"):
        EventWriter(store, blocker, "door")


def test_a_flood_of_bad_bytes_keeps_memory_flat_and_the_rejected_file_small(store: AttendanceStore, ann: int, data: Path, db_path: Path) -> None:
    """Read as a stream: a 48 MB line, 50,000 junk lines and an 8 MB torn tail around two good events. The
    good ones are written, the first bad lines kept for review and the rest counted, the rejected file stays
    under its 4 MiB bound, and Python's memory peak stays far below the file's size.
    (scripts/spool_flood.py runs the same with files of hundreds of MB.)"""
    import tracemalloc

    data.mkdir()
    first, second = event(ann, 0), event(ann, 1)
    with (data / "spool-door.jsonl").open("wb") as file:
        file.write((encode_record(first, KEY) + "\n").encode())
        file.write(b"x" * (48 << 20) + b"\n")
        file.write(b"junk\n" * 50_000)
        file.write((encode_record(second, KEY) + "\n").encode())
        file.write(b"{" * (8 << 20))
    tracemalloc.start()
    writer = EventWriter(store, data, "door")
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert peak < 24 << 20, f"peak {peak / 2**20:.0f} MiB"
    status = writer.status
    assert (status.written, status.pending, status.rejected) == (2, 0, 50_002)
    assert "50002 unreadable spooled event(s) (the first 1000 kept)" in (status.last_error or "")
    rejected = sum(p.stat().st_size for p in data.glob("rejected-events.jsonl*"))
    assert rejected <= 4 << 20
    records = [json.loads(line) for line in (data / "rejected-events.jsonl").read_text().splitlines()]
    assert records[0]["bytes"] == (48 << 20) + 1 and "a line of" in records[0]["error"]
    assert "more unreadable line(s) removed, not kept" in records[-1]["error"]
    assert not (data / "spool-door.jsonl").exists()
    assert sorted(stored_uids(db_path)) == sorted([first.uid, second.uid])


def test_purging_a_rejected_file_grown_huge_outside_the_app_keeps_memory_flat(tmp_path: Path) -> None:
    import tracemalloc

    rejected = RejectedFile(tmp_path)
    old = json.dumps({"set_aside": "2020-01-01T00:00:00+00:00", "error": "old"})
    new = json.dumps({"set_aside": "2099-01-01T00:00:00+00:00", "error": "new"})
    rejected.path.write_bytes(f"{old}\n".encode() + b"z" * (40 << 20) + f"\n{new}\n".encode())
    tracemalloc.start()
    removed = rejected.purge(datetime(2026, 1, 1, tzinfo=timezone.utc))
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert removed == 2 and peak < 8 << 20
    assert [json.loads(line)["error"] for line in rejected.path.read_text().splitlines()] == ["new"]
