"""Attendance policy: which recognitions become check-in / check-out events, by face or by code.

Mode ``auto`` (one kiosk for both directions) pairs punches by shift, not by calendar midnight
(``attendance.shifts``): for an employee with a shift, a sighting belongs to the occurrence whose window
holds it, its first punch there is "in" and later ones "out" (so the last "out" is the last time they
were seen); without a shift (or outside every window) an "in" younger than ``max_open`` is closed by the
next sighting, across midnight, and any other sighting is an "in". So a night worker who arrives at 22:00
is told "Goodbye" at 06:00. Modes ``in`` / ``out`` (explicit entrance and exit kiosks): every sighting is
that kind. Either way at most one punch per ``cooldown``.
"""
from __future__ import annotations

import time
from collections.abc import Callable, Collection
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone, tzinfo
from typing import Protocol

from sqlalchemy.exc import SQLAlchemyError

from attendance.errors import StoreError
from attendance.records import EventKind, Punched, require_aware
from attendance.shifts import MAX_SHIFT, Shift, session_start, still_open
from core.config import AttendanceSettings, CheckInMode


def local_date(at: datetime, tz: tzinfo | None) -> date:
    """The calendar day of ``at`` in ``tz`` (None: this computer's local zone)."""
    return require_aware(at, "time").astimezone(tz).date()


def day_start(day: date, tz: tzinfo | None) -> datetime:
    """Local midnight starting ``day`` in ``tz`` (None: this computer's local zone), as aware UTC.

    DST-safe: where midnight falls in a gap, the day starts at the first existing instant.
    """
    midnight = datetime(day.year, day.month, day.day)
    local = midnight.astimezone() if tz is None else midnight.replace(tzinfo=tz)
    return local.astimezone(timezone.utc)


@dataclass(frozen=True)
class PolicyConfig:
    """How one kiosk turns recognitions into punches."""

    kiosk_id: str = "kiosk"
    mode: CheckInMode = CheckInMode.AUTO
    cooldown: timedelta = timedelta(minutes=5)
    timezone: tzinfo | None = None  # defines the working day; None: this computer's local zone
    keep_thumbnails: bool = False  # store a face crop with each event (privacy: off by default)
    max_open: timedelta = MAX_SHIFT  # without a shift: how long an "in" stays open

    @classmethod
    def from_settings(cls, attendance: AttendanceSettings) -> PolicyConfig:
        return cls(
            kiosk_id=attendance.kiosk_id, mode=attendance.mode, cooldown=timedelta(minutes=attendance.cooldown_minutes),
            timezone=attendance.zone, keep_thumbnails=attendance.keep_thumbnails,
            max_open=timedelta(hours=attendance.max_shift_hours),
        )

    def __post_init__(self) -> None:
        if self.mode not in {mode.value for mode in CheckInMode}:
            raise ValueError(f"attendance mode must be one of {', '.join(m.value for m in CheckInMode)}, got {self.mode!r}")
        object.__setattr__(self, "mode", CheckInMode(self.mode))
        if self.cooldown < timedelta(0):
            raise ValueError(f"cooldown must not be negative, got {self.cooldown}")
        if not self.kiosk_id.strip():
            raise ValueError("kiosk id must not be empty")
        if self.max_open <= timedelta(0):
            raise ValueError(f"the maximum shift length must be positive, got {self.max_open}")


class PunchSource(Protocol):
    """The part of ``AttendanceStore`` the history reads."""

    def punches_since(self, employee_id: int, since: datetime) -> list[Punched]: ...

    def shift_of(self, employee_id: int) -> Shift | None: ...


@dataclass
class _Known:
    since: datetime  # punches from this instant on are known
    loaded_at: float  # when they were read (monotonic seconds)
    punches: list[Punched]  # sorted by time
    shift: Shift | None


class PunchHistory:
    """The policy's memory of each employee's recent punches and shift.

    Read from the store (punches of any kiosk) the first time an employee is seen, and again after
    ``REFRESH_S`` or when an older stretch is needed; punches the policy makes are added at once, so
    punches still waiting to be written count too and a restart does not check anyone in twice. While
    the database cannot be read, nothing is known: a second "in" is harmless to reports (the first
    counts), a lost punch is not.
    """

    REFRESH_S = 300.0

    def __init__(self, store: PunchSource, clock: Callable[[], float] = time.monotonic) -> None:
        self._store = store
        self._clock = clock
        self._known: dict[int, _Known] = {}

    def punches(self, employee_id: int, since: datetime) -> list[Punched]:
        """The employee's punches at or after ``since``, oldest first."""
        return [p for p in self._get(employee_id, since).punches if p.at >= since]

    def shift(self, employee_id: int, at: datetime) -> Shift | None:
        return self._get(employee_id, at).shift

    def forget(self, employee_ids: Collection[int] | None) -> None:
        """Read these employees' (None: everyone's) punches and shift from the store at their next sighting."""
        if employee_ids is None:
            self._known.clear()
        for employee_id in employee_ids or ():
            self._known.pop(employee_id, None)

    def record(self, employee_id: int, kind: EventKind, at: datetime) -> None:
        known = self._get(employee_id, at)
        known.punches = sorted([*known.punches, Punched(kind, at)], key=lambda p: p.at)

    def _get(self, employee_id: int, since: datetime) -> _Known:
        known = self._known.get(employee_id)
        if known is None or known.since > since or self._clock() - known.loaded_at > self.REFRESH_S:
            mine = [] if known is None else [p for p in known.punches if p.at >= since]
            known = self._load(employee_id, min(since, known.since) if known is not None else since, mine)
            self._known[employee_id] = known
        return known

    def _load(self, employee_id: int, since: datetime, mine: list[Punched]) -> _Known:
        try:
            stored = self._store.punches_since(employee_id, since)
            shift = self._store.shift_of(employee_id)
        except (SQLAlchemyError, StoreError):  # unreadable database: punch rather than lose one
            stored, shift = [], None
        punches = sorted(set(stored) | set(mine), key=lambda p: p.at)  # with those not written yet
        return _Known(since, self._clock(), punches, shift)


class AttendancePolicy:
    """Decides check-in / check-out for recognized employees at one kiosk (see the module docstring)."""

    def __init__(self, config: PolicyConfig, history: PunchHistory) -> None:
        self.config = config
        self._history = history

    def decide(self, employee_id: int, at: datetime) -> EventKind | None:
        """The kind of event a sighting of ``employee_id`` at ``at`` produces, or None (within the cooldown of
        the punch before it). A returned kind counts as punched (it is remembered for later decisions)."""
        employee_id = int(employee_id)
        at = require_aware(at, "sighting time").astimezone(timezone.utc)
        kind: EventKind
        if self.config.mode is CheckInMode.AUTO:
            before = self._session(employee_id, at)
            shift = self._history.shift(employee_id, at)
            if shift is not None and shift.occurrence_at(at, self.config.timezone) is not None:
                kind = "out" if before else "in"  # the first punch of the occurrence is "in", later ones "out"
            else:
                last = before[-1] if before else None  # an open "in" is closed
                opened = last is not None and last.kind == "in" and still_open(last.at, at, shift, self.config.timezone, self.config.max_open)
                kind = "out" if opened else "in"
            previous = before[-1].at if before else None
        else:
            kind = "in" if self.config.mode is CheckInMode.IN else "out"
            same = [p for p in self._history.punches(employee_id, at - self.config.max_open) if p.kind == kind and p.at <= at]
            previous = same[-1].at if same else None
        if previous is not None and timedelta(0) <= at - previous < self.config.cooldown:
            return None  # a punch after ``at`` (a clock set back) never suppresses one
        self._history.record(employee_id, kind, at)
        return kind

    def last_punch(self, employee_id: int, at: datetime) -> Punched | None:
        """The latest punch of the stretch of work ``at`` belongs to (what "Already checked in at ..." says)."""
        before = self._session(int(employee_id), require_aware(at, "time").astimezone(timezone.utc))
        return before[-1] if before else None

    def _session(self, employee_id: int, at: datetime) -> list[Punched]:
        """The punches up to ``at`` of the stretch of work a sighting at ``at`` belongs to."""
        shift = self._history.shift(employee_id, at)
        start = session_start(at, shift, self.config.timezone, self.config.max_open)
        return [p for p in self._history.punches(employee_id, start) if p.at <= at]
