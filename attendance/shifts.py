"""Shifts and the working time they schedule: a shift's occurrences in a time zone, and the one rule that
pairs a punch with the stretch of work it belongs to.

A shift runs from ``start`` to ``end`` local wall time on its weekdays; an end at or before the start is an
overnight shift, ending the next day. A flexible shift (``Flex``) asks for a number of hours anywhere between
its start and end, and presence in a core time: lateness counts from the core's start, and an early leave
from the core's end or the hours still owed, whichever is more. An occurrence is dated by the day it starts. Its times are real
instants (aware UTC), so across a DST change it lasts the time that really passed: a 22:00-06:00 shift
is 9 hours on the night clocks go back in Europe/Berlin and 7 on the night they go forward.

The pairing rule (``session_start``): a sighting belongs to the shift occurrence whose window (the start
minus ``EARLY``, to the end plus ``LATE``) holds it, and the first punch in that window is "in", later
ones "out". Without a shift (or outside every window) an "in" younger than the maximum shift length is
still open, so the next sighting after the cooldown is "out", across midnight; an older one is not.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone, tzinfo

EARLY = timedelta(hours=2)  # how long before its start a shift's window opens
LATE = timedelta(hours=4)  # how long after its end it stays open (overtime, a late check-out)
MAX_SHIFT = timedelta(hours=16)  # without a shift: how long an "in" stays open
WEEKDAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def _after(start: time, wall: time) -> int:
    """Minutes from ``start`` to the next ``wall`` time (0 to 1439), across midnight."""
    return (wall.hour * 60 + wall.minute - start.hour * 60 - start.minute) % (24 * 60)


@dataclass(frozen=True)
class Flex:
    """What makes a shift flexible: ``minutes`` of paid work a day (after the break), and the core time, local,
    when everyone is there."""

    minutes: int
    core_start: time
    core_end: time


@dataclass(frozen=True)
class Shift:
    """A shift: its name, local start and end, unpaid break, grace for arriving late and leaving early, weekdays
    (0 = Monday); with ``flex`` the hours may be worked anywhere from start to end around the core time."""

    name: str
    start: time
    end: time
    break_minutes: int = 0
    grace_minutes: int = 0
    weekdays: frozenset[int] = frozenset(range(5))
    flex: Flex | None = None

    def __post_init__(self) -> None:
        if not self.name.strip():
            raise ValueError("a shift needs a name")
        if self.start == self.end:
            raise ValueError(f"shift {self.name}: the start and the end are the same time")
        if not 0 <= self.break_minutes < 24 * 60 or not 0 <= self.grace_minutes <= 240:
            raise ValueError(f"shift {self.name}: break 0-1439 minutes and grace 0-240 minutes")
        if not self.weekdays or not self.weekdays <= set(range(7)):
            raise ValueError(f"shift {self.name}: weekdays must be some of 0 (Monday) to 6 (Sunday)")
        if self.flex is not None:
            span = _after(self.start, self.end) or 24 * 60
            core = (_after(self.start, self.flex.core_start), _after(self.start, self.flex.core_end))
            if not core[0] < core[1] <= span:
                raise ValueError(f"shift {self.name}: the core time must lie between the start and the end")
            if not 0 < self.flex.minutes <= span - self.break_minutes:
                raise ValueError(f"shift {self.name}: the hours asked for must fit between the start and the end, less the break")

    @property
    def overnight(self) -> bool:
        return self.end <= self.start

    @property
    def flex_text(self) -> str:
        """``8:00 h, core 10:00-15:00`` for a flexible shift, empty for a fixed one."""
        if self.flex is None:
            return ""
        hours, minutes = divmod(self.flex.minutes, 60)
        return f"{hours}:{minutes:02d} h, core {self.flex.core_start:%H:%M}-{self.flex.core_end:%H:%M}"

    def on(self, day: date, zone: tzinfo | None) -> ShiftOccurrence | None:
        """The occurrence starting on ``day``, None when the shift does not work that weekday."""
        if day.weekday() not in self.weekdays:
            return None
        start = _instant(day, self.start, zone)

        def instant(wall: time) -> datetime:  # the first ``wall`` time from the start on, as the clock reads it
            return _instant(day + timedelta(days=1) if wall < self.start else day, wall, zone)

        end = _instant(day + timedelta(days=1) if self.overnight else day, self.end, zone)
        if self.flex is None:
            return ShiftOccurrence(self, day, start, end, start, end)
        return ShiftOccurrence(self, day, start, end, instant(self.flex.core_start), instant(self.flex.core_end))

    def occurrence_at(self, at: datetime, zone: tzinfo | None) -> ShiftOccurrence | None:
        """The occurrence whose window holds ``at`` (the nearest start when two windows overlap), or None."""
        local = at.astimezone(zone).date()
        held = [o for d in (local - timedelta(days=1), local, local + timedelta(days=1))
                if (o := self.on(d, zone)) is not None and o.window_start <= at < o.window_end]
        return min(held, key=lambda o: abs(o.start - at), default=None)


@dataclass(frozen=True)
class ShiftOccurrence:
    """One occurrence of a shift: the day it starts, its start and end as real instants (aware UTC), and when
    one must be there by and until: the start and end, or a flexible shift's core time."""

    shift: Shift
    day: date
    start: datetime
    end: datetime
    due_in: datetime  # arriving after it (beyond the grace) is late
    due_out: datetime  # leaving before it (beyond the grace) is an early leave

    @property
    def window_start(self) -> datetime:
        return self.start - EARLY

    @property
    def window_end(self) -> datetime:
        return self.end + LATE

    @property
    def scheduled_minutes(self) -> int:
        """The paid length: the time that really passes from start to end, less the break (a flexible shift:
        the hours it asks for)."""
        if self.shift.flex is not None:
            return self.shift.flex.minutes
        return round((self.end - self.start).total_seconds() / 60) - self.shift.break_minutes


def _instant(day: date, wall: time, zone: tzinfo | None) -> datetime:
    """The instant local ``wall`` time on ``day`` names in ``zone``, as aware UTC (a time a spring-forward gap
    skips is read with the offset before the change: 02:30 is 03:30 on the new clock)."""
    local = datetime.combine(day, wall)
    aware = local.astimezone() if zone is None else local.replace(tzinfo=zone)
    return aware.astimezone(timezone.utc)


def session_start(at: datetime, shift: Shift | None, zone: tzinfo | None, max_open: timedelta = MAX_SHIFT) -> datetime:
    """Where the stretch of work a sighting at ``at`` belongs to begins, for the pairing rule: the window start
    of the shift occurrence holding ``at``, else ``max_open`` before ``at``. A punch at or after it (and at or
    before ``at``) makes the sighting an "out"; none makes it the "in"."""
    occurrence = shift.occurrence_at(at, zone) if shift is not None else None
    return occurrence.window_start if occurrence is not None else at - max_open


def still_open(check_in: datetime, at: datetime, shift: Shift | None, zone: tzinfo | None,
               max_open: timedelta = MAX_SHIFT) -> bool:
    """Whether a check-in at ``check_in`` is still open at ``at`` (a later sighting closes it: "out"): until the
    window end of the shift occurrence holding the check-in, else for ``max_open``. The one rule the kiosk's
    decision, the timesheet and the roll call share."""
    occurrence = shift.occurrence_at(check_in, zone) if shift is not None else None
    if occurrence is not None:
        return check_in <= at < occurrence.window_end
    return timedelta(0) <= at - check_in <= max_open


def parse_weekdays(text: str) -> frozenset[int]:
    """``mon-fri``, ``sat,sun``, ``mon,wed-fri`` -> weekday numbers (0 = Monday); ``ValueError`` naming the part."""
    days: set[int] = set()
    for part in (p.strip().lower() for p in text.split(",")):
        ends = part.split("-")
        if len(ends) > 2 or not all(end in WEEKDAY_NAMES for end in ends):
            raise ValueError(f"weekdays {text!r}: write them like mon-fri or sat,sun")
        first, last = WEEKDAY_NAMES.index(ends[0]), WEEKDAY_NAMES.index(ends[-1])
        span = range(first, last + 1) if first <= last else [*range(first, 7), *range(0, last + 1)]
        days.update(span)
    return frozenset(days)
