"""`report [--from DATE] [--to DATE] [--employee CODE] [--kiosk ID] [--timezone ZONE] [--timesheet] --out FILE`."""
from __future__ import annotations

import argparse
from datetime import datetime, timedelta, timezone, tzinfo
from pathlib import Path

from pydantic import ValidationError
from rich.console import Console

from attendance.periods import PayPeriod
from attendance.policy import day_start
from attendance.records import EventFilter
from attendance.report import export_report, export_timesheet, hours_minutes, report_paths, zone_name
from cli.arguments import day
from cli.commands import COMMANDS
from cli.runtime import open_runtime
from cli.tables import Column, Fit, output, screenful
from core.config import AttendanceSettings
from core.errors import KioskError
from services.reports import build_report, build_timesheet

out = Console(highlight=False)


def _zone(text: str) -> tzinfo:
    try:
        return AttendanceSettings(timezone=text).zone  # type: ignore[return-value]
    except ValidationError:
        raise argparse.ArgumentTypeError(f"unknown time zone {text!r} (use an IANA name like Europe/Berlin)") from None


def register(sub: argparse._SubParsersAction) -> None:
    report = sub.add_parser(
        "report",
        help=COMMANDS["report"].help,
        description=(
            "Per local day and employee: first check-in, last check-out, hours and punch count, plus every "
            "event (voided ones left out), and the presentation attacks the liveness check refused. FILE.xlsx "
            "holds the sheets 'Summary', 'Events' and 'Presentation attacks'; FILE.csv holds the summary, and "
            "FILE_events.csv and FILE_attacks.csv, written beside it, the rest. Times are local wall times."
        ),
    )
    report.add_argument("--from", dest="from_date", type=day, metavar="DATE", help="first day, YYYY-MM-DD (local)")
    report.add_argument("--to", dest="to_date", type=day, metavar="DATE", help="last day, YYYY-MM-DD (local, included)")
    report.add_argument("--employee", metavar="CODE", help="only this employee")
    report.add_argument("--kiosk", metavar="ID", help="only events of this kiosk")
    report.add_argument("--timezone", type=_zone, metavar="ZONE", help="zone of the working day, e.g. Europe/Berlin (default: the configured [attendance] timezone, else this computer's)")
    report.add_argument("--period", type=PayPeriod, choices=list(PayPeriod), metavar="PERIOD",
                        help=f"a pay period around today instead of --from/--to: {', '.join(p.value for p in PayPeriod)}")
    report.add_argument("--timesheet", action="store_true", help="the payroll timesheet instead: a row per employee per shift (per day without one) with worked, late, early-leave and overtime minutes and a status, plus the period totals (FILE_totals.csv, FILE_departments.csv); default period: this month")
    report.add_argument("--out", type=Path, required=True, metavar="FILE", help="FILE.csv (plus FILE_events.csv and FILE_attacks.csv) or FILE.xlsx")
    report.set_defaults(handler=run_report)


def run_report(args: argparse.Namespace) -> int:
    report_paths(args.out, attacks=True, record=True)  # an unknown suffix fails before the database is opened
    if args.period is not None:
        if args.from_date or args.to_date:
            raise KioskError("give --period or --from/--to, not both")
        args.from_date, args.to_date = args.period.days(datetime.now(args.timezone).date())
    if args.timesheet:
        return run_timesheet(args)
    if args.from_date and args.to_date and args.from_date > args.to_date:
        raise KioskError(f"--from {args.from_date} is after --to {args.to_date}")
    runtime = open_runtime(args)
    tz = args.timezone or runtime.config.attendance.zone
    runtime.database.check_integrity()  # a report is evidence: never made from a damaged file
    store = runtime.store
    if args.employee is not None and store.get_employee_by_code(args.employee) is None:
        raise KioskError(f"no employee with code {args.employee!r}")
    selected = EventFilter(
        start=day_start(args.from_date, tz) if args.from_date else None,
        end=day_start(args.to_date + timedelta(days=1), tz) if args.to_date else None,
        employee_code=args.employee,
        kiosk_id=args.kiosk,
    )
    report = build_report(store, selected, tz, max_open=timedelta(hours=runtime.config.attendance.max_shift_hours))
    assert report is not None  # always wanted
    summary, events = report.summary, report.events
    written = export_report(summary, events, args.out, tz, report.attacks, report.head)

    columns = (
        Column("Date", Fit.KEEP), Column("Code", Fit.KEEP), Column("Name"), Column("First in", Fit.KEEP),
        Column("Last out", Fit.KEEP), Column("Hours", Fit.KEEP, right=True), Column("Punches", Fit.KEEP, right=True),
    )
    rows = [
        (f"{s.date}", s.employee_code, s.employee_name, f"{s.first_in:%H:%M}" if s.first_in else "-",
         f"{s.last_out:%H:%M}" if s.last_out else "-", hours_minutes(s.hours) if s.hours is not None else "-", s.punches)
        for s in summary
    ]
    if summary:
        output(args, out).print(columns, rows, title=f"times in {zone_name(tz)}", max_rows=screenful(), more=f": see {args.out}")
    else:
        out.print("no attendance events in this period")
    if report.attacks:
        out.print(f"[red]{len(report.attacks)} presentation attack(s)[/red] refused by the liveness check in this period")
    state = store.verify_record(incremental=True)
    out.print(state.line if state.intact else f"[red]{state.line}[/red]", soft_wrap=True)
    out.print(f"{len(summary)} day(s), {len(events)} event(s), {len(report.attacks)} attack(s) written to {', '.join(str(p) for p in written)}")
    return 0


def run_timesheet(args: argparse.Namespace) -> int:
    runtime = open_runtime(args)
    tz = args.timezone or runtime.config.attendance.zone
    now = datetime.now(timezone.utc)
    today = now.astimezone(tz).date()
    first, last = args.from_date or today.replace(day=1), args.to_date or today
    if first > last:
        raise KioskError(f"--from {first} is after --to {last}")
    if args.kiosk is not None:
        raise KioskError("a timesheet counts every kiosk's punches: leave --kiosk out")
    runtime.database.check_integrity()  # a timesheet is evidence: never made from a damaged file
    store = runtime.store
    if args.employee is not None and store.get_employee_by_code(args.employee) is None:
        raise KioskError(f"no employee with code {args.employee!r}")
    attendance = runtime.config.attendance
    rows = build_timesheet(
        store, first, last, tz, now, employee_code=args.employee, overtime_step=attendance.overtime_step_minutes,
        max_open=timedelta(hours=attendance.max_shift_hours),
    )
    written = export_timesheet(rows, args.out, tz, store.record_head())
    columns = (
        Column("Date", Fit.KEEP), Column("Code", Fit.KEEP), Column("Name"), Column("Shift"), Column("In", Fit.KEEP),
        Column("Out", Fit.KEEP), Column("Worked", Fit.KEEP, right=True), Column("Late", Fit.KEEP, right=True),
        Column("Overtime", Fit.KEEP, right=True), Column("Status"),
    )
    shown = [
        (f"{r.day}", r.person.code, r.person.name, r.shift or "-",
         f"{r.first_in.astimezone(tz):%H:%M}" if r.first_in else "-", f"{r.last_out.astimezone(tz):%H:%M}" if r.last_out else "-",
         hours_minutes(r.worked_minutes / 60), str(r.late_minutes or "-"), hours_minutes(r.overtime_minutes / 60) if r.overtime_minutes else "-",
         r.status.value)
        for r in rows
    ]
    if shown:
        output(args, out).print(columns, shown, title=f"{first} to {last}, times in {zone_name(tz)}", max_rows=screenful(), more=f": see {args.out}")
    else:
        out.print("nobody worked or was scheduled in this period")
    out.print(f"{len(rows)} row(s) written to {', '.join(str(p) for p in written)}")
    return 0
