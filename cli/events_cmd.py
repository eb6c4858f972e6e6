"""`events list | add --employee CODE --kind in|out --at TIME --reason TEXT | void ID --reason TEXT`: the log by hand.

Adding and voiding are corrections: they need the admin PIN once one is set, a reason, and are audited
and chained like the app's. Events are never edited or deleted: a wrong one is voided, a missing one added.
"""
from __future__ import annotations

import argparse
from datetime import datetime

from rich.console import Console
from rich.table import Table

from attendance.records import EventFilter
from cli.admin_cmd import authorise
from cli.commands import COMMANDS
from services.runtime import Runtime

out = Console(highlight=False)


def _time(text: str) -> datetime:
    try:
        at = datetime.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a time like 2026-12-01T17:30 or 2026-12-01T17:30+01:00, got {text!r}") from None
    return at if at.tzinfo is not None else at.astimezone()  # without an offset: this computer's local time


def register(sub: argparse._SubParsersAction) -> None:
    events = sub.add_parser("events", help=COMMANDS["events"].help, description="The attendance log: list events; add a forgotten check-in or check-out, or void a wrong one, with a reason (audited; the admin PIN once one is set).")
    actions = events.add_subparsers(dest="action", metavar="ACTION", required=True)
    listing = actions.add_parser("list", help="the newest events")
    listing.add_argument("--employee", metavar="CODE")
    listing.add_argument("--voided", action="store_true", help="include voided events")
    listing.add_argument("--limit", type=int, default=50)
    listing.set_defaults(handler=run_list)
    add = actions.add_parser("add", help="record a check-in or check-out by hand")
    add.add_argument("--employee", required=True, metavar="CODE")
    add.add_argument("--kind", required=True, choices=["in", "out"])
    add.add_argument("--at", type=_time, required=True, metavar="TIME", help="ISO time; without an offset, this computer's local time")
    add.add_argument("--reason", required=True)
    add.set_defaults(handler=run_add)
    void = actions.add_parser("void", help="void a wrong event (it stays on record, marked void)")
    void.add_argument("event_id", type=int, metavar="ID")
    void.add_argument("--reason", required=True)
    void.set_defaults(handler=run_void)


def run_list(args: argparse.Namespace) -> int:
    store = Runtime.from_args(args).store
    wanted = EventFilter(employee_code=args.employee, include_voided=args.voided)
    table = Table(header_style="bold")
    for column in ("id", "time", "code", "name", "kind", "kiosk", "similarity", "source", "method", "void"):
        table.add_column(column)
    for e in store.events(wanted, newest_first=True, limit=args.limit):
        similarity = "" if e.similarity is None else f"{e.similarity:.3f}"
        table.add_row(str(e.id), f"{e.at:%Y-%m-%d %H:%M:%S %z}", e.employee_code, e.employee_name, e.kind, e.kiosk_id, similarity, e.source, e.method or "", "void" if e.voided else "")
    out.print(table)
    return 0


def run_add(args: argparse.Namespace) -> int:
    runtime = Runtime.from_args(args)
    actor = authorise(runtime)
    event_id = runtime.store.add_manual_event(args.employee, args.kind, args.at, reason=args.reason, actor=actor)
    out.print(f"event {event_id}: {args.employee} {args.kind} at {args.at:%Y-%m-%d %H:%M %z}, added by {actor}")
    return 0


def run_void(args: argparse.Namespace) -> int:
    runtime = Runtime.from_args(args)
    actor = authorise(runtime)
    runtime.store.void_event(args.event_id, reason=args.reason, actor=actor)
    out.print(f"event {args.event_id} voided by {actor}")
    return 0
