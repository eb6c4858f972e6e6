"""`attendance exceptions [--from D] [--to D]` (what needs a correction or a leave entry) and `attendance
who-is-in` (everyone checked in and not out: the fire warden's roll call). Both read only."""
from __future__ import annotations

import argparse
from datetime import datetime, timedelta, timezone
from pathlib import Path

from rich.console import Console

from attendance.report import export_roll_call
from cli.arguments import day
from cli.commands import COMMANDS
from cli.runtime import open_runtime
from cli.tables import Column, Fit, add_json_flag, output
from core.errors import KioskError
from services.reports import time_and_attendance, who_is_in

out = Console(highlight=False)


def register(sub: argparse._SubParsersAction) -> None:
    attendance = sub.add_parser("attendance", help=COMMANDS["attendance"].help, description="Questions about the attendance record: what needs the admin's attention, and who is in the building now.")
    actions = attendance.add_subparsers(dest="action", metavar="ACTION", required=True)
    queue = actions.add_parser("exceptions", help="missing check-outs, absences without leave, punches outside the shift, short days (default: the last 7 days)")
    add_json_flag(queue)
    queue.add_argument("--from", dest="first", type=day, metavar="DATE")
    queue.add_argument("--to", dest="last", type=day, metavar="DATE")
    queue.set_defaults(handler=run_exceptions)
    present = actions.add_parser("who-is-in", help="everyone checked in and not out, since when and where")
    add_json_flag(present)
    present.add_argument("--out", type=Path, metavar="FILE", help="also write the list to FILE.csv or FILE.xlsx (to print, or take outside)")
    present.set_defaults(handler=run_who_is_in)


def run_exceptions(args: argparse.Namespace) -> int:
    runtime = open_runtime(args)
    tz = runtime.config.attendance.zone
    now = datetime.now(timezone.utc)
    today = now.astimezone(tz).date()
    first, last = args.first or today - timedelta(days=6), args.last or today
    if first > last:
        raise KioskError(f"--from {first} is after --to {last}")
    found = time_and_attendance(runtime.store, first, last, tz, now, max_open=timedelta(hours=runtime.config.attendance.max_shift_hours)).exceptions
    if not found:
        out.print(f"nothing to correct from {first} to {last}")
        return 0
    columns = (Column("Date", Fit.KEEP), Column("Code", Fit.KEEP), Column("Name"), Column("Shift"), Column("What"),
               Column("In", Fit.KEEP), Column("Out", Fit.KEEP))
    rows = [
        (f"{e.row.day}", e.row.person.code, e.row.person.name, e.row.shift or "-", e.kind.value,
         f"{e.row.first_in.astimezone(tz):%H:%M}" if e.row.first_in else "-", f"{e.row.last_out.astimezone(tz):%H:%M}" if e.row.last_out else "-")
        for e in found
    ]
    output(args, out).print(columns, rows, title=f"{len(found)} to correct, {first} to {last}")
    out.print("fix with: events add / events void (a reason each), or leave add", soft_wrap=True)
    return 0


def run_who_is_in(args: argparse.Namespace) -> int:
    runtime = open_runtime(args)
    tz = runtime.config.attendance.zone
    present = who_is_in(runtime.store, datetime.now(timezone.utc), tz, max_open=timedelta(hours=runtime.config.attendance.max_shift_hours))
    if args.out is not None:
        written = export_roll_call([(p.code, p.name, p.department, p.since, p.kiosk_id) for p in present], args.out, tz)
        out.print(f"{len(present)} written to {written}")
    if not present:
        out.print("nobody is checked in")
        return 0
    columns = (Column("Code", Fit.KEEP), Column("Name"), Column("Department"), Column("In since", Fit.KEEP, key="since"), Column("Kiosk"))
    output(args, out).print(columns, [(p.code, p.name, p.department or "", f"{p.since.astimezone(tz):%Y-%m-%d %H:%M}", p.kiosk_id) for p in present],
                            title=f"{len(present)} in the building")
    return 0
