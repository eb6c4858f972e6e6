"""`events list | add --employee CODE --kind in|out --at TIME --reason TEXT | void ID --reason TEXT`: the log by hand.

Adding and voiding are corrections: they need the admin PIN once one is set, a reason, and are audited
and chained like the app's. Events are never edited or deleted: a wrong one is voided, a missing one added.
"""
from __future__ import annotations

import argparse
from datetime import datetime

from rich.console import Console

from attendance.records import EventFilter
from cli.commands import COMMANDS
from cli.runtime import open_runtime
from cli.tables import Column, Fit, add_json_flag, output

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
    add_json_flag(listing)
    listing.add_argument("--employee", metavar="CODE")
    listing.add_argument("--voided", action="store_true", help="include voided events")
    listing.add_argument("--limit", type=int, default=50)
    listing.set_defaults(handler=run_list)
    add = actions.add_parser("add", help="record a check-in or check-out by hand")
    add.add_argument("--employee", required=True, metavar="CODE")
    add.add_argument("--kind", required=True, choices=["in", "out"])
    add.add_argument("--at", type=_time, required=True, metavar="TIME", help="ISO time; without an offset, this computer's local time")
    add.add_argument("--reason", required=True)
    add.add_argument("--force", action="store_true", help="accept a time in the future (refused otherwise: a correction records what happened)")
    add.set_defaults(handler=run_add)
    void = actions.add_parser("void", help="void a wrong event (it stays on record, marked void)")
    void.add_argument("event_id", type=int, metavar="ID")
    void.add_argument("--reason", required=True)
    void.set_defaults(handler=run_void)


def run_list(args: argparse.Namespace) -> int:
    store = open_runtime(args).store
    wanted = EventFilter(employee_code=args.employee, include_voided=args.voided)
    columns = (
        Column("Event", Fit.KEEP, right=True, key="id"), Column("Time", Fit.KEEP), Column("Code", Fit.KEEP),
        Column("Name"), Column("In or out", Fit.KEEP, key="kind"), Column("Kiosk"),
        Column("Similarity", Fit.KEEP, right=True), Column("Source"), Column("Method"), Column("Void", Fit.KEEP),
    )
    rows = [
        (e.id, f"{e.at:%Y-%m-%d %H:%M:%S %z}", e.employee_code, e.employee_name, e.kind, e.kiosk_id,
         e.similarity, e.source, e.method or "", "void" if e.voided else "")
        for e in store.events(wanted, newest_first=True, limit=args.limit)
    ]
    output(args, out).print(columns, rows)
    return 0


def run_add(args: argparse.Namespace) -> int:
    runtime = open_runtime(args)
    actor = args.actor
    event_id = runtime.store.add_manual_event(args.employee, args.kind, args.at, reason=args.reason, actor=actor, allow_future=args.force)
    out.print(f"event {event_id}: {args.employee} {args.kind} at {args.at:%Y-%m-%d %H:%M %z}, added by {actor}")
    return 0


def run_void(args: argparse.Namespace) -> int:
    runtime = open_runtime(args)
    actor = args.actor
    runtime.store.void_event(args.event_id, reason=args.reason, actor=actor)
    out.print(f"event {args.event_id} voided by {actor}")
    return 0
