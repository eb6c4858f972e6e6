"""Attendance reports for both front ends: the events of a filter, loaded in chunks, and their per-day summary."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import tzinfo

from attendance.chain import ChainHead
from attendance.records import AttackRecord, EventFilter, EventRecord
from attendance.report import DaySummary, daily_summary
from attendance.store import AttendanceStore

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
