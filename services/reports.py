"""Attendance reports for both front ends: the events of a filter, loaded in chunks, and their per-day summary;
the timesheet of a period."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta, timezone, tzinfo

from attendance.chain import ChainHead
from attendance.policy import day_start
from attendance.records import AttackRecord, EventFilter, EventRecord
from attendance.report import DaySummary, daily_summary
from attendance.shifts import MAX_SHIFT, Shift, still_open
from attendance.store import AttendanceStore
from attendance.timesheet import AttendanceException, Person, TimesheetRow, exceptions, timesheet

LOAD_CHUNK = 20_000  # events per query when a whole filter is loaded

Progress = Callable[[int, int], None]  # (events loaded, events in all)


@dataclass(frozen=True)
class Report:
    """The events of a filter (voided ones left out), their per-day summary, and the presentation
    attacks of the same days and kiosk (those presented as the filter's employee, when it has one)."""

    events: list[EventRecord]
    summary: list[DaySummary]
    attacks: list[AttackRecord]
    head: ChainHead | None  # the record's chain head once everything was read: every row above is in it


def build_report(
    store: AttendanceStore,
    selected: EventFilter,
    tz: tzinfo | None,
    *,
    wanted: Callable[[], bool] = lambda: True,
    progress: Progress | None = None,
    chunk: int = LOAD_CHUNK,
    max_open: timedelta = MAX_SHIFT,
) -> Report | None:
    """Every valid event ``selected`` and the per-day summary in ``tz``, loaded ``chunk`` events at a time;
    None as soon as the report is no longer ``wanted`` (a GUI filter changed meanwhile)."""
    selected = replace(selected, include_voided=False)
    total = store.count_events(selected)
    events: list[EventRecord] = []
    while len(events) < total:
        if not wanted():
            return None
        if progress:
            progress(len(events), total)
        page = store.events(selected, limit=chunk, offset=len(events))
        if not page:
            break  # the log shrank since the count
        events.extend(page)
    attacks = store.attacks(selected.start, selected.end, selected.kiosk_id)
    if selected.employee_code is not None:
        attacks = [a for a in attacks if a.employee_code == selected.employee_code]
    summary = daily_summary(events, tz, shifts=store.shifts_by_employee(), max_open=max_open)
    return Report(events, summary, attacks, store.record_head())


def build_timesheet(
    store: AttendanceStore, first: date, last: date, tz: tzinfo | None, now: datetime, *,
    employee_code: str | None = None, overtime_step: int = 1, max_open: timedelta = MAX_SHIFT,
) -> list[TimesheetRow]:
    """The timesheet of the local days ``first`` to ``last`` for the active employees (or one), each with the
    shift they work now."""
    employees = [e for e in store.list_employees(active_only=True) if employee_code in (None, e.code)]
    people = [Person(e.id, e.code, e.name, e.department) for e in employees]
    # a day either side: a night shift's morning check-out, a window opening before midnight
    punches = store.punches_between(day_start(first - timedelta(days=1), tz), day_start(last + timedelta(days=2), tz))
    shifts: dict[int, Shift | None] = dict(store.shifts_by_employee())
    codes = {e.code: e.id for e in employees}
    leave: dict[int, set[date]] = {}
    for entry in store.leave_between(first, last):
        if entry.employee_code in codes:
            span = (entry.last - entry.first).days + 1
            leave.setdefault(codes[entry.employee_code], set()).update(entry.first + timedelta(days=n) for n in range(span))
    holidays = {h.day for h in store.holidays(first, last)}
    return timesheet(people, punches, shifts, first, last, tz, now, overtime_step=overtime_step, max_open=max_open,
                     leave=leave, holidays=holidays)


@dataclass(frozen=True)
class TimeAndAttendance:
    """A period's timesheet, the exceptions to correct in it, and who is in now."""

    rows: list[TimesheetRow]
    exceptions: list[AttendanceException]
    present: list[Present]


def time_and_attendance(
    store: AttendanceStore, first: date, last: date, tz: tzinfo | None, now: datetime, *,
    employee_code: str | None = None, overtime_step: int = 1, max_open: timedelta = MAX_SHIFT,
) -> TimeAndAttendance:
    """The timesheet of the days ``first`` to ``last`` (one employee's, or everyone's), its exceptions queue,
    and who is in now."""
    rows = build_timesheet(store, first, last, tz, now, employee_code=employee_code, overtime_step=overtime_step, max_open=max_open)
    with_shift = set(store.shifts_by_employee())
    present = [p for p in who_is_in(store, now, tz, max_open=max_open) if employee_code in (None, p.code)]
    return TimeAndAttendance(rows, exceptions(rows, with_shift), present)


@dataclass(frozen=True)
class Present:
    """Someone in the building: checked in and not out (the roll call a fire warden takes outside)."""

    code: str
    name: str
    department: str | None
    since: datetime  # aware UTC
    kiosk_id: str


def who_is_in(store: AttendanceStore, now: datetime, tz: tzinfo | None, *, max_open: timedelta = MAX_SHIFT) -> list[Present]:
    """Everyone whose latest punch is an "in" still open by the pairing rule: within their shift occurrence's
    window, or (without a shift) younger than ``max_open``; by check-in time."""
    present = []
    for employee in store.list_employees(active_only=True):
        last = store.last_event_for(employee.id, since=now - timedelta(days=2), until=now + timedelta(seconds=1))
        if last is None or last.kind != "in":
            continue
        at = last.at.astimezone(timezone.utc)
        if still_open(at, now, store.shift_of(employee.id), tz, max_open):
            present.append(Present(employee.code, employee.name, employee.department, at, last.kiosk_id))
    return sorted(present, key=lambda p: p.since)
