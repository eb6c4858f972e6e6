"""`leave add CODE --from D --to D --kind vacation|sick|other [--note T] | list | delete ID --reason R` and
`holidays add DATE NAME | list | delete DATE | import FILE.ics`: days nobody expects someone at work (the
timesheet shows them as on leave or holiday, not absent). Changes need the admin PIN once one is set."""
from __future__ import annotations

import argparse
from datetime import date, datetime, timezone
from pathlib import Path

from rich.console import Console

from attendance.records import LeaveKind
from cli.arguments import day
from cli.commands import COMMANDS
from cli.runtime import open_runtime
from cli.tables import Column, Fit, add_json_flag, output
from services.holidays import import_holidays

out = Console(highlight=False)


def register(sub: argparse._SubParsersAction) -> None:
    leave = sub.add_parser("leave", help=COMMANDS["leave"].help, description="An employee's days off: vacation, sick, other. The timesheet shows those days as on leave instead of absent; audited.")
    actions = leave.add_subparsers(dest="action", metavar="ACTION", required=True)
    add = actions.add_parser("add", help="record days off")
    add.add_argument("code", metavar="CODE")
    add.add_argument("--from", dest="first", type=day, required=True, metavar="DATE")
    add.add_argument("--to", dest="last", type=day, required=True, metavar="DATE", help="the last day off (included)")
    add.add_argument("--kind", required=True, choices=[k.value for k in LeaveKind])
    add.add_argument("--note")
    add.set_defaults(handler=run_leave_add)
    listing = actions.add_parser("list", help="leave from a date on (default: this year)")
    add_json_flag(listing)
    listing.add_argument("--from", dest="first", type=day, metavar="DATE")
    listing.add_argument("--to", dest="last", type=day, metavar="DATE")
    listing.set_defaults(handler=run_leave_list)
    delete = actions.add_parser("delete", help="remove a leave entered by mistake")
    delete.add_argument("leave_id", type=int, metavar="ID")
    delete.add_argument("--reason", required=True)
    delete.set_defaults(handler=run_leave_delete)

    holidays = sub.add_parser("holidays", help=COMMANDS["holidays"].help, description="Company holidays: nobody is expected at work. Audited.")
    actions = holidays.add_subparsers(dest="action", metavar="ACTION", required=True)
    add = actions.add_parser("add", help="a holiday")
    add.add_argument("day", type=day, metavar="DATE")
    add.add_argument("name", metavar="NAME")
    add.set_defaults(handler=run_holiday_add)
    listing = actions.add_parser("list", help="the holidays of a year (default: this one)")
    add_json_flag(listing)
    listing.add_argument("--year", type=int)
    listing.set_defaults(handler=run_holiday_list)
    delete = actions.add_parser("delete", help="remove a holiday")
    delete.add_argument("day", type=day, metavar="DATE")
    delete.set_defaults(handler=run_holiday_delete)
    ics = actions.add_parser("import", help="the all-day events of an iCalendar file (a public-holiday calendar)")
    ics.add_argument("file", type=Path, metavar="FILE.ics")
    ics.set_defaults(handler=run_holiday_import)


def _this_year() -> tuple[date, date]:
    year = datetime.now(timezone.utc).year
    return date(year, 1, 1), date(year, 12, 31)


def run_leave_add(args: argparse.Namespace) -> int:
    leave_id = open_runtime(args).store.add_leave(args.code, args.first, args.last, LeaveKind(args.kind), args.note, actor=args.actor)
    out.print(f"leave {leave_id}: {args.code}, {args.kind}, {args.first} to {args.last}")
    return 0


def run_leave_list(args: argparse.Namespace) -> int:
    first, last = _this_year()
    entries = open_runtime(args).store.leave_between(args.first or first, args.last or last)
    if not entries:
        out.print("no leave in this period")
        return 0
    columns = (Column("Leave", Fit.KEEP, right=True, key="id"), Column("Code", Fit.KEEP), Column("From", Fit.KEEP),
               Column("To", Fit.KEEP), Column("Kind", Fit.KEEP), Column("Note"))
    output(args, out).print(columns, [(e.id, e.employee_code, f"{e.first}", f"{e.last}", e.kind.value, e.note or "") for e in entries])
    return 0


def run_leave_delete(args: argparse.Namespace) -> int:
    open_runtime(args).store.delete_leave(args.leave_id, actor=args.actor, reason=args.reason)
    out.print(f"leave {args.leave_id} removed")
    return 0


def run_holiday_add(args: argparse.Namespace) -> int:
    open_runtime(args).store.add_holiday(args.day, args.name, actor=args.actor)
    out.print(f"{args.day}: {args.name}")
    return 0


def run_holiday_list(args: argparse.Namespace) -> int:
    first, last = _this_year() if args.year is None else (date(args.year, 1, 1), date(args.year, 12, 31))
    found = open_runtime(args).store.holidays(first, last)
    if not found:
        out.print(f"no holidays in {first.year}")
        return 0
    output(args, out).print((Column("Date", Fit.KEEP, key="day"), Column("Holiday", key="name")), [(f"{h.day}", h.name) for h in found])
    return 0


def run_holiday_delete(args: argparse.Namespace) -> int:
    open_runtime(args).store.delete_holiday(args.day, actor=args.actor)
    out.print(f"{args.day} is no holiday any more")
    return 0


def run_holiday_import(args: argparse.Namespace) -> int:
    days = import_holidays(open_runtime(args).store, args.file, actor=args.actor)
    out.print(f"{len(days)} holiday(s) from {args.file.name}: {days[0][0]} to {days[-1][0]}")
    return 0
