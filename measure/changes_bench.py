"""`bench changes`: how soon a change committed elsewhere is applied at a running kiosk, and what adding one person
to a large gallery costs it.

Latency: a "kiosk" (a ``LiveChanges`` over its own connection, as the app runs it) and a "back office" (another
store on the same database) share a scratch database; the back office renames an enrolled person N times, at
random moments, and the kiosk's apply (the person's templates and name loaded, the gallery swapped) is timed
from the commit's return. On PostgreSQL the kiosk is woken by NOTIFY; on SQLite it polls once a second.

Adding a person: ``Gallery.replaced`` on a gallery of T templates (the running kiosk's copy of every other
template, plus the new person's look-alikes found), the median of a few.
"""
from __future__ import annotations

import random
import statistics
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import numpy as np

from attendance.changes import Change
from core.config import AppConfig, RecognizerSettings
from core.errors import KioskError
from pipeline.gallery import Gallery
from pipeline.recognition import IdentityResolver
from services.live_changes import LiveChanges
from services.runtime import Runtime

RECOGNIZER = "bench"
DIM = 512


@dataclass(frozen=True)
class ChangesBench:
    backend: str
    changes: int
    p50_s: float  # commit to applied at the kiosk
    p99_s: float
    max_s: float
    gallery_templates: int
    add_person_s: float  # Gallery.replaced with one new person, look-alikes included (median)


class _TimedLive(LiveChanges):
    """LiveChanges that notes when each batch was applied."""

    def __init__(self, runtime: Runtime, config: AppConfig) -> None:
        super().__init__(runtime, config)
        self.applied_at: list[tuple[int, float]] = []  # (notices applied so far, when)
        self.event = threading.Event()

    def apply(self, changes: Sequence[Change]) -> None:
        super().apply(changes)
        self.applied_at.append((self.applied.changes, time.time()))
        self.event.set()


def _unit_rows(rng: np.random.Generator, count: int) -> np.ndarray:
    rows = rng.normal(size=(count, DIM)).astype(np.float32)
    return rows / np.linalg.norm(rows, axis=1, keepdims=True)


def change_latency(folder: Path, database_url: str | None, changes: int) -> list[float]:
    """Seconds from each rename's commit to the kiosk having applied it."""
    config = AppConfig(data_dir=folder, database_url=database_url, recognizer=RecognizerSettings(threshold=0.4))
    office = Runtime(config)
    if office.store.list_employees():
        office.close()
        raise KioskError(f"{office.database.name} has employees: give the bench an empty scratch database")
    kiosk = Runtime(config.model_copy(deep=True))
    rng = np.random.default_rng(0)
    employee = office.store.enrol("p1", "Person 1", None, RECOGNIZER, _unit_rows(rng, 3), np.ones(3, np.float32),
                                  consent_at=datetime.now(timezone.utc))
    gallery = Gallery.empty(RECOGNIZER, DIM)
    resolver = IdentityResolver(gallery, 0.4, 0.05, {})
    live = _TimedLive(kiosk, kiosk.config)
    live.start(resolver, None)
    latencies = []
    try:
        for n in range(changes):
            time.sleep(random.uniform(0.05, 0.4))  # not in step with the kiosk's polling
            live.event.clear()
            office.store.update_employee(employee.code, name=f"Person {n}", actor="bench")
            committed = time.time()
            while live.applied.changes <= n:
                live.event.wait(10)
                live.event.clear()
            applied = next(at for count, at in live.applied_at if count > n)
            latencies.append(max(0.0, applied - committed))
    finally:
        live.stop()
        office.close()
        kiosk.close()
    return latencies


def add_person(templates: int, repeats: int = 5) -> float:
    """Median seconds of ``Gallery.replaced`` adding one person (5 templates) to ``templates`` others."""
    rng = np.random.default_rng(1)
    owners = np.repeat(np.arange(1, templates // 5 + 1), 5)
    gallery = Gallery(RECOGNIZER, _unit_rows(rng, len(owners)), owners)
    new_id = int(owners[-1]) + 1
    times = []
    for _ in range(repeats):
        vectors = _unit_rows(rng, 5)
        started = time.perf_counter()
        gallery.replaced({new_id}, vectors, np.full(5, new_id), (0.4, 0.1))
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def bench_changes(folder: Path, database_url: str | None = None, changes: int = 50, templates: int = 100_000) -> ChangesBench:
    latencies = sorted(change_latency(folder, database_url, changes))
    p99 = latencies[min(len(latencies) - 1, round(0.99 * (len(latencies) - 1)))]
    backend = "postgresql" if database_url else "sqlite"
    return ChangesBench(backend, changes, round(statistics.median(latencies), 3), round(p99, 3), round(latencies[-1], 3),
                        templates, round(add_person(templates), 5))
