"""`bench timesheet`: a year of punches (500 people x 250 working days x 4 punches, about 500,000 events) on a
scratch record, everyone on one day shift; then a month's timesheet and a year's period totals as `report
--timesheet` makes them (load the punches, the shifts and the days off, pair, total). Peak memory is the
process's."""
from __future__ import annotations

import resource
import tempfile
import time
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from datetime import time as clock
from pathlib import Path

from attendance.shifts import Shift
from attendance.timesheet import period_totals
from measure.record_bench import PEOPLE, build_record
from services.reports import build_timesheet

WORKING_DAYS = 250
DEPARTMENT = "Operations"


@dataclass(frozen=True)
class TimesheetBench:
    events: int
    build_s: float
    month_s: float  # a month's timesheet: load, pair, rows
    month_rows: int
    year_s: float  # a year's timesheet and its totals per person and department
    year_rows: int
    peak_rss_mb: float


def bench_timesheet(people: int = PEOPLE, days: int = WORKING_DAYS, folder: Path | None = None) -> TimesheetBench:
    events = people * days * 4
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(folder or scratch)
        started = time.perf_counter()
        store = build_record(root, events, people, DEPARTMENT)
        store.save_shift(Shift("day", clock(7, 30), clock(17, 30), break_minutes=45, grace_minutes=5), actor="bench")
        store.set_department_shift(DEPARTMENT, "day", actor="bench")
        build_s = time.perf_counter() - started
        now = datetime.now(timezone.utc)
        today = now.date()
        started = time.perf_counter()
        month = build_timesheet(store, today - timedelta(days=29), today, timezone.utc, now)
        month_s = time.perf_counter() - started
        started = time.perf_counter()
        year = build_timesheet(store, today - timedelta(days=364), today, timezone.utc, now)
        period_totals(year)
        period_totals(year, by_department=True)
        year_s = time.perf_counter() - started
        store.close()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return TimesheetBench(events, round(build_s, 1), round(month_s, 2), len(month), round(year_s, 2), len(year), round(peak))
