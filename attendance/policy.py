"""Attendance policy: which recognitions become check-in / check-out events.

Mode ``auto`` (one kiosk for both directions): the first sighting of an employee on a local
day is "in"; later sightings are "out" once ``cooldown`` has passed since that employee's
last punch, so the day's last "out" is the last time they were seen. Modes ``in`` / ``out``
(explicit entrance and exit kiosks): every sighting is that kind, at most one per cooldown.
The working day runs from local midnight to local midnight in ``PolicyConfig.timezone``.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone, tzinfo
from typing import Protocol

from sqlalchemy.exc import SQLAlchemyError

from attendance.errors import StoreError
from attendance.records import EventKind, EventRecord, require_aware
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

    @classmethod
    def from_settings(cls, attendance: AttendanceSettings) -> PolicyConfig:
        return cls(
            kiosk_id=attendance.kiosk_id, mode=attendance.mode, cooldown=timedelta(minutes=attendance.cooldown_minutes),
            timezone=attendance.zone, keep_thumbnails=attendance.keep_thumbnails,
        )

    def __post_init__(self) -> None:
        if self.mode not in {mode.value for mode in CheckInMode}:
            raise ValueError(f"attendance mode must be one of {', '.join(m.value for m in CheckInMode)}, got {self.mode!r}")
        object.__setattr__(self, "mode", CheckInMode(self.mode))
        if self.cooldown < timedelta(0):
            raise ValueError(f"cooldown must not be negative, got {self.cooldown}")
        if not self.kiosk_id.strip():
            raise ValueError("kiosk id must not be empty")


class EventLookup(Protocol):
    """The part of ``AttendanceStore`` the history reads."""

    def last_event_for(
        self, employee_id: int, *, since: datetime | None = ..., until: datetime | None = ..., kind: EventKind | None = ...
    ) -> EventRecord | None: ...


@dataclass(frozen=True)
class DayPunches:
    """An employee's last punch of each kind on the local day starting at ``start`` (aware UTC times)."""

    start: datetime
    last_in: datetime | None = None
    last_out: datetime | None = None

    @property
    def last(self) -> datetime | None:
        times = [t for t in (self.last_in, self.last_out) if t is not None]
        return max(times) if times else None

    def last_of(self, kind: EventKind) -> datetime | None:
        return self.last_in if kind == "in" else self.last_out

    def with_punch(self, kind: EventKind, at: datetime) -> DayPunches:
        if kind == "in":
            return DayPunches(self.start, at, self.last_out)
        return DayPunches(self.start, self.last_in, at)


class PunchHistory:
    """The policy's memory of today's punches per employee.

    Loaded lazily from the store (events of any kiosk since local midnight) the first time an
    employee is seen on a day, then updated in memory as the policy emits, so events still
    waiting to be written count too and a restart mid-day does not check anyone in twice.
    While the database cannot be read, the day starts empty: a second "in" is harmless to
    reports (the first counts), a lost punch is not.
    """

    def __init__(self, store: EventLookup) -> None:
        self._store = store
        self._days: dict[int, DayPunches] = {}

    def today(self, employee_id: int, start: datetime, end: datetime) -> DayPunches:
        """The employee's punches of the current local day, from ``start`` to ``end`` (the next day's start):
        a punch dated later (a typo a year ahead, a kiosk clock set back) is not today's."""
        known = self._days.get(employee_id)
        if known is None or known.start != start:
            known = self._load(employee_id, start, end)
            self._days[employee_id] = known
        return known

    def record(self, employee_id: int, kind: EventKind, at: datetime, start: datetime, end: datetime) -> None:
        self._days[employee_id] = self.today(employee_id, start, end).with_punch(kind, at)

    def _load(self, employee_id: int, start: datetime, end: datetime) -> DayPunches:
        def last(kind: EventKind) -> datetime | None:
            found = self._store.last_event_for(employee_id, since=start, until=end, kind=kind)
            return None if found is None else found.at.astimezone(timezone.utc)

        try:
            return DayPunches(start, last("in"), last("out"))
        except (SQLAlchemyError, StoreError):  # unreadable database: punch rather than lose one
            return DayPunches(start)


class AttendancePolicy:
    """Decides check-in / check-out for recognized employees at one kiosk."""

    def __init__(self, config: PolicyConfig, history: PunchHistory) -> None:
        self.config = config
        self._history = history

    def day_bounds(self, day: date) -> tuple[datetime, datetime]:
        """The start of the local ``day`` and of the next one (aware UTC)."""
        tz = self.config.timezone
        return day_start(day, tz), day_start(day + timedelta(days=1), tz)

    def decide(self, employee_id: int, at: datetime) -> EventKind | None:
        """The kind of event a sighting of ``employee_id`` at ``at`` produces, or None.

        A returned kind counts as punched (it is remembered for later decisions).
        """
        employee_id = int(employee_id)
        at = require_aware(at, "sighting time").astimezone(timezone.utc)
        start, end = self.day_bounds(local_date(at, self.config.timezone))
        punches = self._history.today(employee_id, start, end)
        kind: EventKind
        if self.config.mode is CheckInMode.AUTO:
            kind = "in" if punches.last is None else "out"
            previous = punches.last
        else:
            kind = "in" if self.config.mode is CheckInMode.IN else "out"
            previous = punches.last_of(kind)
        if previous is not None and timedelta(0) <= at - previous < self.config.cooldown:
            return None  # a punch after ``at`` (a clock set back) never suppresses one
        self._history.record(employee_id, kind, at, start, end)
        return kind
