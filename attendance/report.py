"""Attendance reports: per day and person first in, last out and hours, plus the raw events.

Exports CSV (the summary in ``FILE.csv``, the events in ``FILE_events.csv`` beside it, and when
asked the presentation attacks in ``FILE_attacks.csv``) or XLSX (sheets "Summary", "Events" and
"Presentation attacks"). Files appear complete or not at all: each is written to a temporary
file in the same folder, then moved into place.
"""
from __future__ import annotations

import csv
import os
import secrets
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timezone, tzinfo
from itertools import groupby
from pathlib import Path
from typing import Any

from attendance.chain import ChainHead
from attendance.policy import local_date
from attendance.records import AttackRecord, EventRecord
from pipeline.errors import KioskError

SUMMARY_HEADER = ("date", "code", "name", "department", "first_in", "last_out", "hours", "punches")
EVENTS_HEADER = (
    "id", "date", "time", "code", "name", "department", "kind", "kiosk", "similarity", "margin",
    "track", "recognizer", "source", "method",
)
RECORD_HEADER = ("what", "value")  # the chain head the report was read from, to check it later
ATTACKS_HEADER = (
    "id", "date", "time", "kiosk", "track", "live_score", "looks", "presented_as_code", "presented_as_name", "similarity",
)
REPORT_SUFFIXES = (".csv", ".xlsx")


class ReportError(KioskError):
    """A report cannot be written (unknown format, unwritable place)."""


@dataclass(frozen=True)
class DaySummary:
    """One employee's local working day; times are local (aware), hours None without a check-out."""

    date: date
    employee_code: str
    employee_name: str
    department: str | None
    first_in: datetime | None  # None when the day has only check-outs
    last_out: datetime | None
    hours: float | None  # last_out - first_in; None unless both exist in that order
    punches: int


def daily_summary(events: Sequence[EventRecord], tz: tzinfo | None = None) -> list[DaySummary]:
    """Summaries per (local day in ``tz``, employee), ordered by day then employee code; voided events ignored."""

    def key(event: EventRecord) -> tuple[date, str]:
        return local_date(event.at, tz), event.employee_code

    summaries = []
    for (day, code), group in groupby(sorted((e for e in events if not e.voided), key=key), key=key):
        # in UTC: Python compares and subtracts datetimes of one zone by wall time, wrong across DST
        day_events = sorted(group, key=lambda e: e.at.astimezone(timezone.utc))
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
    record they were read from, times local to ``tz``, to CSV or XLSX; returns the files written."""
    paths = report_paths(path, attacks=attacks is not None, record=head is not None)
    tables = [
        ("Summary", SUMMARY_HEADER, [_summary_row(s) for s in summary]),
        ("Events", EVENTS_HEADER, [_event_row(e, tz) for e in events]),
    ]
    if attacks is not None:
        tables.append(("Presentation attacks", ATTACKS_HEADER, [_attack_row(a, tz) for a in attacks]))
    if head is not None:
        tables.append(("Record", RECORD_HEADER, _record_rows(head)))
    if path.suffix.lower() == ".csv":
        _write_atomically(
            paths, [lambda target, header=header, rows=rows: _write_csv(target, header, rows) for _, header, rows in tables]
        )
    else:
        _write_atomically(paths, [lambda target: _write_xlsx(target, tables)])
    return paths


def _naive_local(at: datetime | None) -> datetime | None:
    """Excel has no time zones: the local wall time (seconds precision) without its offset."""
    return None if at is None else at.replace(tzinfo=None, microsecond=0)


def _summary_row(s: DaySummary) -> list[Any]:
    hours = None if s.hours is None else round(s.hours, 2)
    return [
        s.date, s.employee_code, s.employee_name, s.department,
        _naive_local(s.first_in), _naive_local(s.last_out), hours, s.punches,
    ]


def _event_row(e: EventRecord, tz: tzinfo | None) -> list[Any]:
    local = e.at.astimezone(tz)
    return [
        e.id, local.date(), _naive_local(local), e.employee_code, e.employee_name, e.department, e.kind,
        e.kiosk_id, e.similarity, e.margin, e.track_id, e.recognizer, e.source, e.method,
    ]


def _attack_row(a: AttackRecord, tz: tzinfo | None) -> list[Any]:
    local = a.at.astimezone(tz)
    return [
        a.id, local.date(), _naive_local(local), a.kiosk_id, a.track_id, round(a.live_score, 4), a.looks,
        a.employee_code, a.employee_name, a.similarity,
    ]


def _record_rows(head: ChainHead) -> list[list[Any]]:
    """What lets a printed report be checked against the database later."""
    return [
        ["chain head", str(head)],
        ["check with", f"python main.py audit verify --head {head}"],
        ["made at (UTC)", datetime.now(timezone.utc).replace(microsecond=0, tzinfo=None)],
    ]


def _csv_value(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    return "" if value is None else value


def _write_csv(target: Path, header: Sequence[str], rows: Sequence[list[Any]]) -> None:
    with target.open("w", newline="", encoding="utf-8-sig") as file:  # BOM: Excel reads UTF-8 names right
        writer = csv.writer(file)
        writer.writerow(header)
        writer.writerows([_csv_value(v) for v in row] for row in rows)


def _write_xlsx(target: Path, tables: Sequence[tuple[str, Sequence[str], Sequence[list[Any]]]]) -> None:
    """One sheet per titled table: summary, events and, when present, presentation attacks and the record."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    sheets = [
        (workbook.active if i == 0 else workbook.create_sheet(), title, header, rows)
        for i, (title, header, rows) in enumerate(tables)
    ]
    for sheet, title, header, rows in sheets:
        sheet.title = title
        sheet.append(list(header))
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in rows:
            sheet.append(row)
        sheet.freeze_panes = "A2"
        for index, name in enumerate(header, start=1):
            column = get_column_letter(index)
            for cell in sheet[column][1:]:
                if isinstance(cell.value, datetime):
                    cell.number_format = "yyyy-mm-dd hh:mm:ss"
                elif isinstance(cell.value, date):
                    cell.number_format = "yyyy-mm-dd"
                elif name == "hours":
                    cell.number_format = "0.00"
            width = max([len(name)] + [len(str(_csv_value(cell.value))) for cell in sheet[column][1:]])
            sheet.column_dimensions[column].width = min(width, 40) + 2
    workbook.save(target)


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
