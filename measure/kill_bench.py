"""The event writer under SIGKILL: writer processes killed at random while the database is locked part of the time.

``run_kill_bench`` starts several writer processes with the same kiosk id on one SQLite database
(``python -m measure.kill_bench child ...``). Each submits events in a loop and, once ``submit``
has returned (the event is accepted: spooled or stored), appends its uid to an acknowledgement file.
Meanwhile a locker thread holds the database's write lock for random stretches, and the bench kills
a random writer with SIGKILL at random moments (mostly once it is writing, sometimes during its
start-up, while it replays and adopts spools) and starts it again. At the end one more writer
starts (adopting every spool left behind) and the acknowledged uids are compared with the stored
ones: an acknowledged event missing from the database is lost; a uid stored twice is duplicated.
"""
from __future__ import annotations

import argparse
import os
import random
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path

import numpy as np

from attendance.db import DB_FILENAME
from attendance.events import AttendanceEvent
from attendance.writer import EventWriter, open_event_store

PROJECT_ROOT = Path(__file__).resolve().parents[1]
KIOSK_ID = "kiosk-1"


@dataclass(frozen=True)
class KillReport:
    kills: int
    accepted: int  # events whose submit returned before the kill
    stored: int  # events in the database at the end
    lost: int  # accepted but not stored
    duplicated: int  # stored more than once
    locked_s: float  # seconds the database was held locked by the locker
    seconds: float

    @property
    def ok(self) -> bool:
        return self.lost == 0 and self.duplicated == 0


def _child(database: Path, data_dir: Path, employee_id: int, ack: Path) -> None:
    """A writer process: submit events as fast as a busy kiosk would, acknowledging each accepted one."""
    writer = EventWriter(open_event_store(database, attempt_timeout_s=0.1), data_dir, KIOSK_ID, first_backoff_s=0.05)
    start = datetime.now(timezone.utc)
    rng = random.Random(os.getpid())
    with ack.open("a", encoding="utf-8") as acks:
        for n in range(1_000_000):
            event = AttendanceEvent(employee_id, "in", start + timedelta(microseconds=n), 0.9, 0.3, KIOSK_ID, os.getpid(), "bench")
            writer.submit(event)
            acks.write(event.uid + "\n")
            acks.flush()
            os.fsync(acks.fileno())
            time.sleep(rng.uniform(0.0, 0.02))
            writer.flush()


def _wait_until_writing(child: subprocess.Popen[bytes], ack: Path, timeout_s: float = 120.0) -> None:
    """Until ``child`` has acknowledged its first event; ``RuntimeError`` if it died by itself (a writer failure)."""
    deadline = time.monotonic() + timeout_s
    while not (ack.exists() and ack.stat().st_size >= 33):
        if child.poll() is not None:
            raise RuntimeError(f"writer process exited with {child.returncode}: {child.stderr.read().decode()[-500:]}")  # type: ignore[union-attr]
        if time.monotonic() > deadline:
            raise RuntimeError(f"writer process wrote nothing within {timeout_s:.0f} s")
        time.sleep(0.02)


def _acknowledged(folder: Path) -> set[str]:
    uids: set[str] = set()
    for ack in folder.glob("ack-*.txt"):
        uids.update(line for line in ack.read_text(encoding="utf-8").splitlines() if len(line) == 32)  # a torn last line is no ack
    return uids


class _Locker(threading.Thread):
    """Holds the database's write lock (BEGIN IMMEDIATE) for random stretches, about ``share`` of the time."""

    def __init__(self, database: Path, share: float, seed: int) -> None:
        super().__init__(daemon=True)
        self._database, self._share, self._rng = database, share, random.Random(seed)
        self._done = threading.Event()
        self.locked_s = 0.0

    def run(self) -> None:
        connection = sqlite3.connect(self._database, isolation_level=None, timeout=30)
        try:
            while not self._done.is_set():
                hold = self._rng.uniform(0.1, 0.8)
                if self._rng.random() < self._share:
                    connection.execute("BEGIN IMMEDIATE")
                    started = time.monotonic()
                    self._done.wait(hold)
                    connection.execute("ROLLBACK")
                    self.locked_s += time.monotonic() - started
                else:
                    self._done.wait(hold)
        finally:
            connection.close()

    def stop(self) -> None:
        self._done.set()
        self.join()


def run_kill_bench(
    folder: Path,
    kills: int,
    *,
    writers: int = 2,
    locked_share: float = 0.5,
    seed: int = 0,
    progress: Callable[[int], None] | None = None,
) -> KillReport:
    """Kill writer processes ``kills`` times (see the module docstring) in ``folder`` and count what was lost."""
    folder.mkdir(parents=True, exist_ok=True)
    database, data_dir = folder / DB_FILENAME, folder / "data"
    setup = open_event_store(database)
    vector = np.eye(1, 8, dtype=np.float32)  # the store logs face events only for someone enrolled with that recognizer
    employee_id = setup.enrol("K1", "Kill Bench", None, "bench", vector, np.ones(1, np.float32)).id
    rng = random.Random(seed)
    started = time.monotonic()

    def spawn(slot: int, incarnation: int) -> tuple[subprocess.Popen[bytes], Path]:
        ack = folder / f"ack-{slot}-{incarnation}.txt"
        command = [sys.executable, "-m", "measure.kill_bench", "child", str(database), str(data_dir), str(employee_id), str(ack)]
        return subprocess.Popen(command, cwd=PROJECT_ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE), ack

    children = [spawn(slot, 0) for slot in range(writers)]
    locker = _Locker(database, locked_share, seed)
    locker.start()
    try:
        for kill in range(kills):
            slot = rng.randrange(writers)
            victim, ack = children[slot]
            if rng.random() < 0.75:  # mostly mid-stream; otherwise wherever it is, start-up and adoption included
                _wait_until_writing(victim, ack)
            time.sleep(rng.uniform(0.0, 0.5))
            victim.send_signal(signal.SIGKILL)
            victim.wait()
            children[slot] = spawn(slot, kill + 1)
            if progress:
                progress(kill + 1)
    finally:
        for child, _ack in children:
            child.kill()
            child.wait()
        locker.stop()
    final = EventWriter(setup, data_dir, KIOSK_ID)
    final.close(timeout_s=30)
    setup.close()
    with sqlite3.connect(database) as connection:  # read independently of the store under test
        counts = Counter(uid for (uid,) in connection.execute("SELECT event_uid FROM attendance_events"))
    accepted = _acknowledged(folder)
    return KillReport(
        kills=kills,
        accepted=len(accepted),
        stored=len(counts),
        lost=len(accepted - counts.keys()),
        duplicated=sum(n - 1 for n in counts.values() if n > 1),
        locked_s=round(locker.locked_s, 1),
        seconds=round(time.monotonic() - started, 1),
    )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description="one writer process of the kill bench")
    parser.add_argument("role", choices=["child"])
    parser.add_argument("database", type=Path)
    parser.add_argument("data_dir", type=Path)
    parser.add_argument("employee_id", type=int)
    parser.add_argument("ack", type=Path)
    arguments = parser.parse_args()
    _child(arguments.database, arguments.data_dir, arguments.employee_id, arguments.ack)
