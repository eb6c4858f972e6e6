"""`kiosks list`: every kiosk that reported in (its heartbeat), and what needs the admin's eye: silent for two
minutes, events waiting, no liveness check, a clock off by more than a minute. Read only."""
from __future__ import annotations

import argparse
from datetime import datetime, timezone

from rich.console import Console

from cli.commands import COMMANDS
from cli.runtime import open_runtime
from cli.tables import Column, Fit, add_json_flag, output
from core.text import ago

out = Console(highlight=False)


def register(sub: argparse._SubParsersAction) -> None:
    kiosks = sub.add_parser("kiosks", help=COMMANDS["kiosks"].help, description="The kiosks of this database as their last heartbeats (every 30 s while they run) tell them.")
    actions = kiosks.add_subparsers(dest="action", metavar="ACTION", required=True)
    listing = actions.add_parser("list", help="each kiosk: host, version, models, backlog, last event, frame rate, clock, flags")
    add_json_flag(listing)
    listing.set_defaults(handler=run_list)


def run_list(args: argparse.Namespace) -> int:
    kiosks = open_runtime(args).store.kiosks()
    if not kiosks:
        out.print("no kiosk has reported in yet (a running kiosk beats every 30 s)")
        return 0
    now = datetime.now(timezone.utc)
    columns = (
        Column("Kiosk", key="kiosk_id"), Column("Seen", Fit.KEEP, key="seen"), Column("Backlog", Fit.KEEP, right=True, key="backlog"),
        Column("Last event", Fit.KEEP, key="last_event"), Column("FPS", Fit.KEEP, right=True, key="fps"),
        Column("Clock (s)", Fit.KEEP, right=True, key="clock_offset_s"), Column("Host", key="host"), Column("Version", Fit.KEEP, key="version"),
        Column("Models", key="models"), Column("Needs a look", key="flags"),
    )
    rows = [
        (k.beat.kiosk_id, ago(k.seen_at, now), k.beat.backlog, ago(k.beat.last_event_at, now), f"{k.beat.fps:.1f}",
         f"{k.clock_offset_s:+.1f}", k.beat.host, k.beat.version, k.beat.models + ("" if k.beat.liveness else ", no liveness"),
         ", ".join(flag.value for flag in k.flags))
        for k in kiosks
    ]
    output(args, out).print(columns, rows, styles=["red" if k.flags else None for k in kiosks])
    return 0
