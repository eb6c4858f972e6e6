"""The timesheet: one row per employee per shift occurrence (per local day for people without a shift), and
the period totals a payroll needs.

Punches are paired by the policy's rule (``attendance.shifts``): a shift occurrence takes the punches in
its window; without a shift, each check-in with the check-out that closes it (within the maximum shift
length), dated by the check-in's local day. Times are compared as instants, so DST changes count the
time that really passed.

- worked minutes: last out minus first in, less the shift's break (never below zero);
- late minutes: first in after the start, when beyond the grace; early-leave minutes: last out before the
  end, when beyond the grace; overtime: worked beyond the scheduled length, rounded down to
  ``overtime_step`` minutes;
- status: present, late, absent (no punch in a scheduled occurrence), missing check-out (a check-in whose
  window, or maximum length, has passed without a check-out), missing check-in (only check-outs),
  unscheduled (punches outside every shift, or a person without a shift), on leave and holiday (a scheduled
  occurrence without punches on a day of leave or a company holiday).
"""
from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Mapping, Sequence, Set
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta, tzinfo
from enum import Enum

from attendance.records import Punched
from attendance.shifts import MAX_SHIFT, Shift, ShiftOccurrence, still_open


class DayStatus(str, Enum):
    PRESENT = "present"
    LATE = "late"
    ABSENT = "absent"
    NOT_IN_YET = "not in yet"  # the shift has begun and not ended, nobody seen yet: not an absence (yet)
    MISSING_CHECK_OUT = "missing check-out"
    MISSING_CHECK_IN = "missing check-in"  # only check-outs (an exit kiosk, a check-in voided)
    ON_LEAVE = "on leave"
    HOLIDAY = "holiday"
    UNSCHEDULED = "unscheduled"


@dataclass(frozen=True)
class Person:
    """Who a timesheet row is about."""

    employee_id: int
    code: str
    name: str
    department: str | None


@dataclass(frozen=True)
class TimesheetRow:
    person: Person
    day: date  # the day the shift starts (without a shift: the check-in's local day)
    shift: str | None
    scheduled_start: datetime | None  # aware UTC
    scheduled_end: datetime | None
    scheduled_minutes: int | None  # the paid length asked for (``ShiftOccurrence.scheduled_minutes``)
    first_in: datetime | None
    last_out: datetime | None
    worked_minutes: int
    late_minutes: int
    early_leave_minutes: int
    overtime_minutes: int
    status: DayStatus
    clock_off: bool = False  # a punch of it came from a kiosk whose clock was off: check it


@dataclass(frozen=True)
class PeriodTotals:
    """One employee's (or department's) totals over the period."""

    key: str  # the employee code, or the department
    name: str
    worked_minutes: int
    overtime_minutes: int
    late_count: int
    late_minutes: int
    absences: int
    missing_check_outs: int
    leave_days: int


def _minutes(span: timedelta) -> int:
    return max(0, int(span.total_seconds() // 60))


def _occurrence_row(
    person: Person, occurrence: ShiftOccurrence, punches: Sequence[Punched], now: datetime, overtime_step: int
) -> TimesheetRow:
    shift = occurrence.shift
    first_in = next((p.at for p in punches if p.kind == "in"), None)
    outs = [p.at for p in punches if p.kind == "out" and (first_in is None or p.at > first_in)]
    last_out = outs[-1] if outs else None
    worked = late = early = overtime = 0
    scheduled = occurrence.scheduled_minutes
    if first_in is not None and last_out is not None:
        worked = max(0, _minutes(last_out - first_in) - shift.break_minutes)
        overtime = (max(0, worked - scheduled) // overtime_step) * overtime_step
        early_by = _minutes(occurrence.due_out - last_out)
        if shift.flex is not None:  # the hours still owed count too
            early_by = max(early_by, scheduled - worked)
        early = early_by if early_by > shift.grace_minutes else 0
    if first_in is not None:
        late_by = _minutes(first_in - occurrence.due_in)
        late = late_by if late_by > shift.grace_minutes else 0
    if first_in is None and punches:
        status = DayStatus.MISSING_CHECK_IN
    elif first_in is None:
        status = DayStatus.ABSENT if now >= occurrence.end else DayStatus.NOT_IN_YET
    elif last_out is None and now >= occurrence.window_end:
        status = DayStatus.MISSING_CHECK_OUT
    else:
        status = DayStatus.LATE if late else DayStatus.PRESENT
    return TimesheetRow(person, occurrence.day, shift.name, occurrence.start, occurrence.end, scheduled, first_in,
                        last_out, worked, late, early, overtime, status, any(p.clock_off for p in punches))


def _unscheduled_rows(person: Person, punches: Sequence[Punched], zone: tzinfo | None, now: datetime,
                      max_open: timedelta) -> list[TimesheetRow]:
    """Punches outside every shift: each check-in with the check-out that closes it, a row per local day."""
    pairs: list[tuple[datetime, datetime | None]] = []
    for punch in punches:
        if punch.kind == "in":
            pairs.append((punch.at, None))
        elif pairs and pairs[-1][1] is None and punch.at > pairs[-1][0] and still_open(pairs[-1][0], punch.at, None, zone, max_open):
            pairs[-1] = (pairs[-1][0], punch.at)
    suspect = {punch.at for punch in punches if punch.clock_off}
    by_day: dict[date, list[tuple[datetime, datetime | None]]] = {}
    for start, end in pairs:
        by_day.setdefault(start.astimezone(zone).date(), []).append((start, end))
    rows = []
    for day, day_pairs in sorted(by_day.items()):
        worked = sum(_minutes(end - start) for start, end in day_pairs if end is not None)
        open_past = any(end is None and not still_open(start, now, None, zone, max_open) for start, end in day_pairs)
        ends = [end for _, end in day_pairs if end is not None]
        rows.append(TimesheetRow(
            person, day, None, None, None, None, day_pairs[0][0], ends[-1] if ends else None, worked, 0, 0, 0,
            DayStatus.MISSING_CHECK_OUT if open_past else DayStatus.UNSCHEDULED,
            any(start in suspect or end in suspect for start, end in day_pairs),
        ))
    return rows


def timesheet(
    people: Iterable[Person],
    punches: Mapping[int, Sequence[Punched]],
    shifts: Mapping[int, Shift | None],
    first: date,
    last: date,
    zone: tzinfo | None,
    now: datetime,
    *,
    overtime_step: int = 1,
    max_open: timedelta = MAX_SHIFT,
    leave: Mapping[int, Set[date]] | None = None,
    holidays: Set[date] = frozenset(),
) -> list[TimesheetRow]:
    """The rows of the days ``first`` to ``last`` (local, inclusive) in ``zone``; ``punches`` per employee
    (oldest first, from a little before ``first`` to a little after ``last``, so a night shift's morning
    check-out is there), ``shifts`` per employee (None: without a shift). Ordered by day, then code."""
    if overtime_step < 1:
        raise ValueError("overtime rounding must be at least 1 minute")
    rows: list[TimesheetRow] = []
    days = [first + timedelta(days=n) for n in range((last - first).days + 1)]
    schedules: dict[Shift, list[ShiftOccurrence]] = {}  # a shift's occurrences, worked out once for all its people
    for person in people:
        mine = sorted(punches.get(person.employee_id, ()), key=lambda p: p.at)
        times = [p.at for p in mine]
        shift = shifts.get(person.employee_id)
        taken = [False] * len(mine)  # a punch pairs with one occurrence only, where windows overlap too
        if shift is not None:
            if shift not in schedules:
                schedules[shift] = [o for day in days if (o := shift.on(day, zone)) is not None and o.start <= now]
            for occurrence in schedules[shift]:
                day = occurrence.day
                window = range(bisect_left(times, occurrence.window_start), bisect_left(times, occurrence.window_end))
                held = [mine[i] for i in window if not taken[i]]
                for i in window:
                    taken[i] = True
                row = _occurrence_row(person, occurrence, held, now, overtime_step)
                not_there = row.status in (DayStatus.ABSENT, DayStatus.NOT_IN_YET)
                if not_there and day in holidays:
                    row = replace(row, status=DayStatus.HOLIDAY)
                elif not_there and day in (leave or {}).get(person.employee_id, ()):
                    row = replace(row, status=DayStatus.ON_LEAVE)
                rows.append(row)
        outside = [p for p, used in zip(mine, taken) if not used]
        rows += [r for r in _unscheduled_rows(person, outside, zone, now, max_open) if first <= r.day <= last]
    return sorted(rows, key=lambda r: (r.day, r.person.code))


def period_totals(rows: Iterable[TimesheetRow], *, by_department: bool = False) -> list[PeriodTotals]:
    """The totals per employee (or per department) of ``rows``."""
    groups: dict[str, list[TimesheetRow]] = {}
    names: dict[str, str] = {}
    for row in rows:
        key = (row.person.department or "-") if by_department else row.person.code
        groups.setdefault(key, []).append(row)
        names[key] = key if by_department else row.person.name
    return [
        PeriodTotals(
            key, names[key], sum(r.worked_minutes for r in group), sum(r.overtime_minutes for r in group),
            sum(1 for r in group if r.late_minutes), sum(r.late_minutes for r in group),
            sum(1 for r in group if r.status is DayStatus.ABSENT),
            sum(1 for r in group if r.status is DayStatus.MISSING_CHECK_OUT),
            sum(1 for r in group if r.status is DayStatus.ON_LEAVE),
        )
        for key, group in sorted(groups.items())
    ]


class ExceptionKind(str, Enum):
    """What needs the admin's attention in a timesheet."""

    MISSING_CHECK_OUT = "missing check-out"
    MISSING_CHECK_IN = "missing check-in"
    ABSENT = "absent without leave"
    OUTSIDE_SHIFT = "punches outside the shift"
    SHORT_DAY = "shorter than half the shift"
    CLOCK_OFF = "punched at a kiosk whose clock was off"


@dataclass(frozen=True)
class AttendanceException:
    kind: ExceptionKind
    row: TimesheetRow


_BY_STATUS = {
    DayStatus.MISSING_CHECK_OUT: ExceptionKind.MISSING_CHECK_OUT,
    DayStatus.MISSING_CHECK_IN: ExceptionKind.MISSING_CHECK_IN,
    DayStatus.ABSENT: ExceptionKind.ABSENT,
}


def exceptions(rows: Iterable[TimesheetRow], with_shift: Set[int]) -> list[AttendanceException]:
    """The rows that need a correction or a leave entry; each leaves the queue once the record is fixed (an
    added or voided punch, leave recorded), since the queue is made from the record each time."""
    found = []
    for row in rows:
        kind = _BY_STATUS.get(row.status)
        if kind is None and row.status is DayStatus.UNSCHEDULED and row.person.employee_id in with_shift:
            kind = ExceptionKind.OUTSIDE_SHIFT
        if kind is None and row.scheduled_minutes is not None and row.last_out is not None:
            if row.worked_minutes * 2 < row.scheduled_minutes:
                kind = ExceptionKind.SHORT_DAY
        if kind is None and row.clock_off:
            kind = ExceptionKind.CLOCK_OFF
        if kind is not None:
            found.append(AttendanceException(kind, row))
    return found
