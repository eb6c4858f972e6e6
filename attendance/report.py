"""Attendance reports: per day and person first in, last out and hours, plus the raw events.

Exports CSV (the summary in ``FILE.csv``, the events in ``FILE_events.csv`` beside it, and when
asked the presentation attacks in ``FILE_attacks.csv``) or XLSX (sheets "Summary", "Events" and
"Presentation attacks"). Files appear complete or not at all: each is written to a temporary
file in the same folder, then moved into place.
"""
from __future__ import annotations

import csv
import io
import os
import secrets
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta, timezone, tzinfo
from enum import Enum
from functools import partial
from itertools import groupby
from pathlib import Path
from typing import Any

from attendance.chain import ChainHead
from attendance.policy import local_date
from attendance.records import AttackRecord, EventRecord
from attendance.shifts import MAX_SHIFT, Shift, still_open
from attendance.timesheet import PeriodTotals, TimesheetRow, period_totals
from core.errors import KioskError
from core.text import FORMULA_STARTS, spreadsheet_safe, visible


class Cell(Enum):
    """How a column's values are written: the spreadsheet format and the CSV text."""

    TEXT = "text"
    INTEGER = "integer"
    DATE = "date"
    TIME = "time"  # a local wall time, date included
    DURATION = "duration"  # hours as h:mm
    DECIMAL_2 = "decimal 2"
    DECIMAL_3 = "decimal 3"
    ISO_TIME = "iso time"  # a local time with its offset, as ISO 8601 text (what payroll systems import)


@dataclass(frozen=True)
class ReportColumn:
    title: str
    cell: Cell = Cell.TEXT


SUMMARY_COLUMNS = (
    ReportColumn("Date", Cell.DATE), ReportColumn("Code"), ReportColumn("Name"), ReportColumn("Department"),
    ReportColumn("First in", Cell.TIME), ReportColumn("Last out", Cell.TIME), ReportColumn("Hours", Cell.DURATION),
    ReportColumn("Hours (decimal)", Cell.DECIMAL_2), ReportColumn("Punches", Cell.INTEGER),
)
EVENTS_COLUMNS = (
    ReportColumn("Event", Cell.INTEGER), ReportColumn("Date", Cell.DATE), ReportColumn("Time", Cell.TIME),
    ReportColumn("Code"), ReportColumn("Name"), ReportColumn("Department"), ReportColumn("In or out"),
    ReportColumn("Method"), ReportColumn("Kiosk"), ReportColumn("Similarity", Cell.DECIMAL_3),
    ReportColumn("Margin", Cell.DECIMAL_3), ReportColumn("Track", Cell.INTEGER), ReportColumn("Recognizer"),
    ReportColumn("Source"),
)
ATTACKS_COLUMNS = (
    ReportColumn("Attack", Cell.INTEGER), ReportColumn("Date", Cell.DATE), ReportColumn("Time", Cell.TIME),
    ReportColumn("Kiosk"), ReportColumn("Track", Cell.INTEGER), ReportColumn("Live score", Cell.DECIMAL_3),
    ReportColumn("Looks", Cell.INTEGER), ReportColumn("Presented as (code)"), ReportColumn("Presented as (name)"),
    ReportColumn("Similarity", Cell.DECIMAL_3),
)
TIMESHEET_COLUMNS = (  # named as payroll imports expect them
    ReportColumn("code"), ReportColumn("name"), ReportColumn("date", Cell.DATE), ReportColumn("shift"),
    ReportColumn("scheduled_start", Cell.ISO_TIME), ReportColumn("scheduled_end", Cell.ISO_TIME),
    ReportColumn("first_in", Cell.ISO_TIME), ReportColumn("last_out", Cell.ISO_TIME),
    ReportColumn("worked_minutes", Cell.INTEGER), ReportColumn("late_minutes", Cell.INTEGER),
    ReportColumn("early_leave_minutes", Cell.INTEGER), ReportColumn("overtime_minutes", Cell.INTEGER), ReportColumn("status"),
)
TOTALS_COLUMNS = (
    ReportColumn("Code"), ReportColumn("Name"), ReportColumn("Worked", Cell.DURATION), ReportColumn("Worked hours (decimal)", Cell.DECIMAL_2),
    ReportColumn("Overtime", Cell.DURATION), ReportColumn("Late (times)", Cell.INTEGER), ReportColumn("Late (minutes)", Cell.INTEGER),
    ReportColumn("Absences", Cell.INTEGER), ReportColumn("Missing check-outs", Cell.INTEGER), ReportColumn("Leave days", Cell.INTEGER),
)
DEPARTMENT_COLUMNS = (ReportColumn("Department"), *TOTALS_COLUMNS[2:])
RECORD_COLUMNS = (ReportColumn("What"), ReportColumn("Value"))  # what lets the report be checked later
Table = tuple[str, Sequence[ReportColumn], Sequence[list[Any]]]  # sheet title, columns, rows
REPORT_SUFFIXES = (".csv", ".xlsx")


class ReportError(KioskError):
    """A report cannot be written (unknown format, unwritable place)."""


@dataclass(frozen=True)
class DaySummary:
    """One employee's working day, dated by the local day its stretch of work began (a night shift's morning
    check-out counts to the evening before); times are local (aware), hours None without a check-out."""

    date: date
    employee_code: str
    employee_name: str
    department: str | None
    first_in: datetime | None  # None when the day has only check-outs
    last_out: datetime | None
    hours: float | None  # last_out - first_in; None unless both exist in that order
    punches: int


def _working_days(events: Sequence[EventRecord], tz: tzinfo | None, shifts: Mapping[int, Shift], max_open: timedelta) -> list[date]:
    """The working day of each of one employee's ``events`` (oldest first): a check-out still closing the
    check-in before it (``still_open``) belongs to that check-in's day, anything else to its own local day."""
    days: list[date] = []
    opened: EventRecord | None = None
    for event in events:
        closes = opened is not None and event.kind == "out" and still_open(
            opened.at, event.at, shifts.get(event.employee_id), tz, max_open)
        days.append(local_date(opened.at, tz) if closes and opened is not None else local_date(event.at, tz))
        opened = event if event.kind == "in" else opened if closes else None
    return days


def daily_summary(events: Sequence[EventRecord], tz: tzinfo | None = None, *, shifts: Mapping[int, Shift] | None = None,
                  max_open: timedelta = MAX_SHIFT) -> list[DaySummary]:
    """Summaries per (working day in ``tz``, employee), ordered by day then employee code; voided events
    ignored. ``shifts`` (by employee id) pair punches as the kiosk does: see ``attendance.shifts``."""
    valid = sorted((e for e in events if not e.voided), key=lambda e: (e.employee_code, e.at.astimezone(timezone.utc)))
    dated: list[tuple[date, EventRecord]] = []
    for _code, mine in groupby(valid, key=lambda e: e.employee_code):
        person = list(mine)
        dated += zip(_working_days(person, tz, shifts or {}, max_open), person)
    dated.sort(key=lambda pair: (pair[0], pair[1].employee_code))
    summaries = []
    for (day, code), pairs in groupby(dated, key=lambda pair: (pair[0], pair[1].employee_code)):
        # in UTC: Python compares and subtracts datetimes of one zone by wall time, wrong across DST
        day_events = [event for _, event in pairs]
        ins = [e.at.astimezone(timezone.utc) for e in day_events if e.kind == "in"]
        outs = [e.at.astimezone(timezone.utc) for e in day_events if e.kind == "out"]
        hours = (outs[-1] - ins[0]).total_seconds() / 3600 if ins and outs and outs[-1] > ins[0] else None
        first_in = ins[0].astimezone(tz) if ins else None
        last_out = outs[-1].astimezone(tz) if outs else None
        first = day_events[0]
        summaries.append(
            DaySummary(day, code, first.employee_name, first.department, first_in, last_out, hours, len(day_events))
        )
    return summaries


def report_paths(path: Path, *, attacks: bool = False, record: bool = False) -> list[Path]:
    """The files ``export_report`` writes for ``path``: CSV gives two (plus one with ``attacks``, one with
    ``record``), XLSX one."""
    suffix = path.suffix.lower()
    if suffix not in REPORT_SUFFIXES:
        raise ReportError(f"report file must end in {' or '.join(REPORT_SUFFIXES)}, got {path.name!r}")
    if suffix == ".csv":
        parts = ["events"] + (["attacks"] if attacks else []) + (["record"] if record else [])
        return [path] + [path.with_name(f"{path.stem}_{part}{path.suffix}") for part in parts]
    return [path]


def export_report(
    summary: Sequence[DaySummary],
    events: Sequence[EventRecord],
    path: Path,
    tz: tzinfo | None = None,
    attacks: Sequence[AttackRecord] | None = None,
    head: ChainHead | None = None,
) -> list[Path]:
    """Write the summary, the events, (unless None) the presentation attacks and the chain ``head`` of the
    record they were read from, times local to ``tz``, to CSV or XLSX; returns the files written.
    Every text cell is written as text (a name like ``=HYPERLINK(...)`` never becomes a formula)."""
    paths = report_paths(path, attacks=attacks is not None, record=head is not None)
    zone = zone_name(tz)
    tables: list[Table] = [
        ("Summary", _zoned(SUMMARY_COLUMNS, zone), [_summary_row(s) for s in summary]),
        ("Events", _zoned(EVENTS_COLUMNS, zone), [_event_row(e, tz) for e in events]),
    ]
    if attacks is not None:
        tables.append(("Presentation attacks", _zoned(ATTACKS_COLUMNS, zone), [_attack_row(a, tz) for a in attacks]))
    if head is not None:
        tables.append(("Record", RECORD_COLUMNS, _record_rows(head, tz)))
    if path.suffix.lower() == ".csv":
        _write_atomically(paths, [partial(_write_csv, table=table) for table in tables])
    else:
        _write_atomically(paths, [lambda target: _write_xlsx(target, tables)])
    return paths


ROLL_CALL_COLUMNS = (ReportColumn("Code"), ReportColumn("Name"), ReportColumn("Department"), ReportColumn("In since", Cell.ISO_TIME),
                     ReportColumn("Kiosk"))


def export_roll_call(rows: Sequence[tuple[str, str, str | None, datetime, str]], path: Path, tz: tzinfo | None) -> Path:
    """Who is in (code, name, department, since when, at which kiosk) as one CSV or XLSX file: the list a fire
    warden takes outside."""
    report_paths(path)  # the suffix check
    table: Table = ("Who is in", ROLL_CALL_COLUMNS, [[code, name, department, since.astimezone(tz), kiosk] for code, name, department, since, kiosk in rows])
    writer = partial(_write_csv, table=table) if path.suffix.lower() == ".csv" else partial(_write_xlsx, tables=[table])
    _write_atomically([path], [writer])
    return path


def timesheet_paths(path: Path) -> list[Path]:
    """The files ``export_timesheet`` writes for ``path``: CSV gives four, XLSX one."""
    report_paths(path)  # the suffix check
    if path.suffix.lower() == ".csv":
        return [path] + [path.with_name(f"{path.stem}_{part}{path.suffix}") for part in ("totals", "departments", "record")]
    return [path]


def export_timesheet(rows: Sequence[TimesheetRow], path: Path, tz: tzinfo | None, head: ChainHead | None) -> list[Path]:
    """The timesheet for payroll (a row per employee per shift occurrence, times local ISO 8601), the period
    totals per employee and per department, and the record's chain head; CSV files or one XLSX, as
    spreadsheet-safe as the other reports. Returns the files written."""
    paths = timesheet_paths(path)
    tables: list[Table] = [
        ("Timesheet", TIMESHEET_COLUMNS, [_timesheet_row(r, tz) for r in rows]),
        ("Totals", TOTALS_COLUMNS, [_totals_row(t) for t in period_totals(rows)]),
        ("Departments", DEPARTMENT_COLUMNS, [_totals_row(t)[:1] + _totals_row(t)[2:] for t in period_totals(rows, by_department=True)]),
        ("Record", RECORD_COLUMNS, _record_rows(head, tz) if head is not None else [["Chain head", "none: the record is empty"]]),
    ]
    if path.suffix.lower() == ".csv":
        _write_atomically(paths, [partial(_write_csv, table=table) for table in tables])
    else:
        _write_atomically(paths, [lambda target: _write_xlsx(target, tables)])
    return paths


def _timesheet_row(r: TimesheetRow, tz: tzinfo | None) -> list[Any]:
    local = [None if t is None else t.astimezone(tz) for t in (r.scheduled_start, r.scheduled_end, r.first_in, r.last_out)]
    return [
        r.person.code, r.person.name, r.day, r.shift, *local,
        r.worked_minutes, r.late_minutes, r.early_leave_minutes, r.overtime_minutes, r.status.value,
    ]


def _totals_row(t: PeriodTotals) -> list[Any]:
    worked = t.worked_minutes / 60
    return [t.key, t.name, worked, worked, t.overtime_minutes / 60, t.late_count, t.late_minutes, t.absences, t.missing_check_outs, t.leave_days]


def zone_name(tz: tzinfo | None) -> str:
    """How a report names the zone its times are in: the zone's name, else this computer's."""
    if tz is None:
        return str(datetime.now().astimezone().tzname())
    return str(getattr(tz, "key", None) or tz)


def _zoned(columns: Sequence[ReportColumn], zone: str) -> list[ReportColumn]:
    """The columns with the zone in the title of each time column: "First in (Europe/Berlin)"."""
    return [replace(c, title=f"{c.title} ({zone})") if c.cell is Cell.TIME else c for c in columns]


def hours_minutes(hours: float) -> str:
    """``8.5`` -> ``"8:30"`` (rounded to the minute)."""
    minutes = round(hours * 60)
    return f"{minutes // 60}:{minutes % 60:02d}"


def _naive_local(at: datetime | None) -> datetime | None:
    """Excel has no time zones: the local wall time (seconds precision) without its offset."""
    return None if at is None else at.replace(tzinfo=None, microsecond=0)


def _summary_row(s: DaySummary) -> list[Any]:
    return [
        s.date, s.employee_code, s.employee_name, s.department,
        _naive_local(s.first_in), _naive_local(s.last_out), s.hours, s.hours, s.punches,
    ]


def _event_row(e: EventRecord, tz: tzinfo | None) -> list[Any]:
    local = e.at.astimezone(tz)
    return [
        e.id, local.date(), _naive_local(local), e.employee_code, e.employee_name, e.department, e.kind,
        e.method, e.kiosk_id, e.similarity, e.margin, e.track_id, e.recognizer, e.source,
    ]


def _attack_row(a: AttackRecord, tz: tzinfo | None) -> list[Any]:
    local = a.at.astimezone(tz)
    return [
        a.id, local.date(), _naive_local(local), a.kiosk_id, a.track_id, a.live_score, a.looks,
        a.employee_code, a.employee_name, a.similarity,
    ]


def _record_rows(head: ChainHead, tz: tzinfo | None) -> list[list[Any]]:
    """What lets a printed report be checked against the database later, and how to read its times."""
    return [
        ["Chain head", str(head)],
        ["Check with", f"python main.py audit verify --head {head}"],
        ["Made at (UTC)", datetime.now(timezone.utc).replace(microsecond=0, tzinfo=None)],
        ["Times are local to", zone_name(tz)],
    ]


def _text(value: Any) -> Any:
    """A text cell as written: hidden characters shown, never the start of a formula."""
    return spreadsheet_safe(visible(value)) if isinstance(value, str) else value


def _csv_value(value: Any, cell: Cell) -> Any:
    if value is None:
        return ""
    if cell is Cell.TIME:
        return value.isoformat(sep=" ")
    if cell is Cell.ISO_TIME:
        return value.isoformat(timespec="minutes")
    if cell is Cell.DURATION:
        return hours_minutes(value)
    if cell is Cell.DECIMAL_2:
        return f"{value:.2f}"
    if cell is Cell.DECIMAL_3:
        return f"{value:.3f}"
    return _text(value)


def _headers(columns: Sequence[ReportColumn]) -> list[str]:
    return [column.title for column in columns]


def _write_csv(target: Path, table: Table) -> None:
    _, columns, rows = table
    with target.open("w", newline="", encoding="utf-8-sig") as file:  # BOM: Excel reads UTF-8 names right
        writer = csv.writer(file)
        writer.writerow(_headers(columns))
        writer.writerows([_csv_value(v, c.cell) for v, c in zip(row, columns, strict=True)] for row in rows)


XLSX_FORMATS = {
    Cell.DATE: "yyyy-mm-dd", Cell.TIME: "yyyy-mm-dd hh:mm:ss", Cell.DURATION: "[h]:mm",
    Cell.DECIMAL_2: "0.00", Cell.DECIMAL_3: "0.000",
}


def _xlsx_value(value: Any, cell: Cell) -> Any:
    if value is None:
        return None
    if cell is Cell.DURATION:
        return timedelta(minutes=round(value * 60))
    if cell is Cell.ISO_TIME:
        return value.isoformat(timespec="minutes")
    return visible(value) if isinstance(value, str) else value


def _write_xlsx(target: Path, tables: Sequence[Table]) -> None:
    """One sheet per titled table: summary, events and, when present, presentation attacks and the record.
    Text cells are typed as text with Excel's quote prefix, so none is read as a formula."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    for index, (title, columns, rows) in enumerate(tables):
        sheet = workbook.active if index == 0 else workbook.create_sheet()
        sheet.title = title
        sheet.append(_headers(columns))
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in rows:
            sheet.append([_xlsx_value(v, c.cell) for v, c in zip(row, columns, strict=True)])
        sheet.freeze_panes = "A2"
        for number, column in enumerate(columns, start=1):
            letter = get_column_letter(number)
            width = len(column.title)
            for cell in sheet[letter][1:]:
                if column.cell is Cell.TEXT and isinstance(cell.value, str):
                    cell.data_type = "s"  # openpyxl would store "=..." as a formula
                    cell.quotePrefix = cell.value.startswith(FORMULA_STARTS)
                elif column.cell in XLSX_FORMATS:
                    cell.number_format = XLSX_FORMATS[column.cell]
                width = max(width, len(str(cell.value)) if column.cell is Cell.TEXT else 10)
            sheet.column_dimensions[letter].width = min(width, 40) + 2
    buffer = io.BytesIO()  # zipped in memory: a full disk then fails one plain write, not openpyxl's ZipFile
    workbook.save(buffer)
    target.write_bytes(buffer.getbuffer())


def _write_atomically(paths: Sequence[Path], writers: Sequence[Callable[[Path], None]]) -> None:
    """Write every file to a temporary sibling, then move them all into place; clean up on failure."""
    for path in paths:
        if path.is_dir():
            raise ReportError(f"cannot write the report to {path}: it is a folder")
    temporaries: list[Path] = []
    try:
        for path, write in zip(paths, writers, strict=True):
            path.parent.mkdir(parents=True, exist_ok=True)
            temporaries.append(path.with_name(f".{path.stem}.{secrets.token_hex(4)}.tmp{path.suffix}"))
            write(temporaries[-1])
        for temporary, path in zip(temporaries, paths):
            os.replace(temporary, path)
    except OSError as exc:
        for temporary in temporaries:
            temporary.unlink(missing_ok=True)
        where = exc.filename or paths[0]
        raise ReportError(f"cannot write the report to {where}: {exc.strerror or exc}") from exc
