"""Attendance reports for both front ends: the events of a filter, loaded in chunks, and their per-day summary;
the timesheet of a period."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta, tzinfo

from attendance.chain import ChainHead
from attendance.policy import day_start
from attendance.records import AttackRecord, EventFilter, EventRecord
from attendance.report import DaySummary, daily_summary
from attendance.shifts import MAX_SHIFT
from attendance.store import AttendanceStore
from attendance.timesheet import Person, TimesheetRow, timesheet

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
    return Report(events, daily_summary(events, tz), attacks, store.record_head())


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
    shifts = {e.id: store.shift_of(e.id) for e in employees}
    return timesheet(people, punches, shifts, first, last, tz, now, overtime_step=overtime_step, max_open=max_open)
