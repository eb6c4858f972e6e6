"""`shifts list | add NAME --start HH:MM --end HH:MM [...] | edit NAME [...] | delete NAME | assign NAME CODE... |
unassign CODE... | department DEPARTMENT [NAME]`: shifts, and who works which (changes need the admin PIN once one is set; audited)."""
from __future__ import annotations

import argparse
from dataclasses import replace
from datetime import time

from rich.console import Console

from attendance.shifts import WEEKDAY_NAMES, Flex, Shift, parse_weekdays
from cli.commands import COMMANDS
from cli.runtime import open_runtime
from cli.tables import Column, Fit, add_json_flag, output
from core.errors import KioskError

out = Console(highlight=False)


def _clock(text: str) -> time:
    try:
        return time.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a time of day like 08:00 or 22:30, got {text!r}") from None


def _core(text: str) -> tuple[time, time]:
    start, _, end = text.partition("-")
    return _clock(start.strip()), _clock(end.strip())


def _hours(text: str) -> int:
    """``8`` or ``7.5`` or ``7:30`` hours -> minutes."""
    try:
        hours, _, minutes = text.partition(":")
        total = round(float(hours) * 60) + (int(minutes) if minutes else 0)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected hours like 8, 7.5 or 7:30, got {text!r}") from None
    if total <= 0:
        raise argparse.ArgumentTypeError(f"expected a positive number of hours, got {text!r}")
    return total


def _weekdays(text: str) -> frozenset[int]:
    try:
        return parse_weekdays(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _shift_options(parser: argparse.ArgumentParser, required: bool) -> None:
    parser.add_argument("name", metavar="NAME")
    parser.add_argument("--start", type=_clock, required=required, metavar="HH:MM", help="local time the shift starts")
    parser.add_argument("--end", type=_clock, required=required, metavar="HH:MM", help="local time it ends (before the start: the next day)")
    parser.add_argument("--break-minutes", type=int, metavar="N", help="unpaid break (default 0)")
    parser.add_argument("--grace-minutes", type=int, metavar="N", help="late arrival or early leave forgiven (default 0)")
    parser.add_argument("--days", type=_weekdays, metavar="DAYS", help="weekdays it is worked, e.g. mon-fri (default) or sat,sun")
    parser.add_argument("--hours", type=_hours, metavar="H", help="flexible: the hours a day asked for, worked any time from --start to --end (with --core)")
    parser.add_argument("--core", type=_core, metavar="HH:MM-HH:MM", help="flexible: the core time everyone is there (late after its start, early before its end)")
    if not required:
        parser.add_argument("--fixed", action="store_true", help="make a flexible shift fixed again")


def register(sub: argparse._SubParsersAction) -> None:
    shifts = sub.add_parser("shifts", help=COMMANDS["shifts"].help, description="Shifts pair each person's punches with their stretch of work (a night shift's check-out is the next morning). An employee works their own shift, else their department's; none is fine.")
    actions = shifts.add_subparsers(dest="action", metavar="ACTION", required=True)
    listing = actions.add_parser("list", help="the shifts and who works which")
    add_json_flag(listing)
    listing.set_defaults(handler=run_list)
    add = actions.add_parser("add", help="a new shift")
    _shift_options(add, required=True)
    add.set_defaults(handler=run_add)
    edit = actions.add_parser("edit", help="change a shift (the options given)")
    _shift_options(edit, required=False)
    edit.set_defaults(handler=run_edit)
    delete = actions.add_parser("delete", help="delete a shift (its people have none afterwards)")
    delete.add_argument("name", metavar="NAME")
    delete.set_defaults(handler=run_delete)
    assign = actions.add_parser("assign", help="give employees a shift of their own")
    assign.add_argument("name", metavar="NAME")
    assign.add_argument("codes", nargs="+", metavar="CODE")
    assign.set_defaults(handler=run_assign)
    unassign = actions.add_parser("unassign", help="take employees' own shift away (their department's holds again)")
    unassign.add_argument("codes", nargs="+", metavar="CODE")
    unassign.set_defaults(handler=run_unassign)
    department = actions.add_parser("department", help="a department's default shift (without NAME: none)")
    department.add_argument("department", metavar="DEPARTMENT")
    department.add_argument("name", nargs="?", metavar="NAME")
    department.set_defaults(handler=run_department)


def _days_text(days: frozenset[int]) -> str:
    """``mon-fri``, ``sat,sun``, ``every day``: runs of three days or more as a range."""
    if len(days) == 7:
        return "every day"
    runs: list[list[int]] = []
    for day in sorted(days):
        if runs and day == runs[-1][-1] + 1:
            runs[-1].append(day)
        else:
            runs.append([day])
    parts = [f"{WEEKDAY_NAMES[r[0]]}-{WEEKDAY_NAMES[r[-1]]}" if len(r) > 2 else ",".join(WEEKDAY_NAMES[d] for d in r) for r in runs]
    return ",".join(parts)


def _worker(key: str) -> str:
    """An assignment's key as the listing shows it: a code, or "Sales (department)"."""
    department = key.removeprefix("department:")
    return key if department == key else f"{department} (department)"


def run_list(args: argparse.Namespace) -> int:
    store = open_runtime(args).store
    assignments = store.shift_assignments()
    columns = (
        Column("Shift", key="name"), Column("Start", Fit.KEEP), Column("End", Fit.KEEP), Column("Break (min)", Fit.KEEP, right=True, key="break_minutes"),
        Column("Grace (min)", Fit.KEEP, right=True, key="grace_minutes"), Column("Days", key="days"),
        Column("Flexible", key="flexible"), Column("Worked by", key="worked_by"),
    )
    rows = []
    for shift in store.shifts():
        who = sorted(_worker(key) for key, name in assignments.items() if name == shift.name)
        rows.append((
            shift.name, f"{shift.start:%H:%M}", f"{shift.end:%H:%M}" + (" (next day)" if shift.overnight else ""),
            shift.break_minutes, shift.grace_minutes, _days_text(shift.weekdays), shift.flex_text, ", ".join(who),
        ))
    if not rows:
        out.print("no shift yet: punches pair by the open check-in (python main.py shifts add --help)")
        return 0
    output(args, out).print(columns, rows)
    return 0


def _flex(args: argparse.Namespace, base: Shift | None) -> Flex | None:
    """The flexible part the options give (over ``base``'s): both --hours and --core for a new one."""
    if getattr(args, "fixed", False):
        return None
    old = base.flex if base is not None else None
    if args.hours is None and args.core is None:
        return old
    minutes = args.hours if args.hours is not None else old.minutes if old else None
    core = args.core if args.core is not None else (old.core_start, old.core_end) if old else None
    if minutes is None or core is None:
        raise KioskError("a flexible shift needs both --hours and --core")
    return Flex(minutes, *core)


def _built(args: argparse.Namespace, base: Shift | None) -> Shift:
    given = {
        "start": args.start, "end": args.end, "break_minutes": args.break_minutes,
        "grace_minutes": args.grace_minutes, "weekdays": args.days,
    }
    changes: dict[str, object] = {key: value for key, value in given.items() if value is not None}
    changes["flex"] = _flex(args, base)
    try:
        if base is None:
            return Shift(args.name, **changes)
        return replace(base, **changes)
    except ValueError as exc:
        raise KioskError(str(exc)) from None


def _summary(shift: Shift) -> str:
    flexible = f", flexible: {shift.flex_text}" if shift.flex is not None else ""
    return f"shift {shift.name}: {shift.start:%H:%M}-{shift.end:%H:%M}, {_days_text(shift.weekdays)}{flexible}"


def run_add(args: argparse.Namespace) -> int:
    store = open_runtime(args).store
    shift = _built(args, None)
    store.save_shift(shift, actor=args.actor)
    out.print(_summary(shift))
    return 0


def run_edit(args: argparse.Namespace) -> int:
    store = open_runtime(args).store
    base = next((s for s in store.shifts() if s.name == args.name), None)
    if base is None:
        raise KioskError(f"no shift named {args.name!r}")
    shift = _built(args, base)
    store.save_shift(shift, actor=args.actor, replace=True)
    out.print(_summary(shift))
    return 0


def run_delete(args: argparse.Namespace) -> int:
    open_runtime(args).store.delete_shift(args.name, actor=args.actor)
    out.print(f"shift {args.name} deleted")
    return 0


def run_assign(args: argparse.Namespace) -> int:
    open_runtime(args).store.assign_shift(args.name, args.codes, actor=args.actor)
    out.print(f"{', '.join(args.codes)}: shift {args.name}")
    return 0


def run_unassign(args: argparse.Namespace) -> int:
    open_runtime(args).store.assign_shift(None, args.codes, actor=args.actor)
    out.print(f"{', '.join(args.codes)}: their department's shift, if it has one")
    return 0


def run_department(args: argparse.Namespace) -> int:
    open_runtime(args).store.set_department_shift(args.department, args.name, actor=args.actor)
    out.print(f"department {args.department}: {args.name or 'no default shift'}")
    return 0
