"""`purge [--dry-run]` (the retention schedule, applied now) and `privacy policy` (the notice it implies)."""
from __future__ import annotations

import argparse

from rich.console import Console

from cli.commands import COMMANDS
from cli.runtime import open_runtime
from services.privacy_notice import policy_text
from services.retention import purge

out = Console(highlight=False)


def register(sub: argparse._SubParsersAction) -> None:
    purging = sub.add_parser("purge", help=COMMANDS["purge"].help, description="Delete what [retention] says is kept no longer: attendance events and attack records, audit rows, the face data of employees deactivated or unseen too long (employees stay), set-aside event lines. One audit record per purge; the attendance record stays verifiable. The app runs the same purge at start and once a day.")
    purging.add_argument("--dry-run", action="store_true", help="only say what would be removed")
    purging.set_defaults(handler=run_purge)
    privacy = sub.add_parser("privacy", help=COMMANDS["privacy"].help)
    actions = privacy.add_subparsers(dest="action", metavar="ACTION", required=True)
    policy = actions.add_parser("policy", help="print the retention and destruction policy as a notice to publish")
    policy.add_argument("--company", default="The employer", help="the employer's name, for the notice")
    policy.set_defaults(handler=run_policy)


def run_purge(args: argparse.Namespace) -> int:
    runtime = open_runtime(args)
    actor = args.actor
    for refused in runtime.hold_to_accepted_settings():  # retention edited outside the app waits for the admin
        out.print(f"[yellow]not applied:[/yellow] {refused} (not accepted by the admin: python main.py admin accept-config)", soft_wrap=True)
    report = purge(runtime, actor=actor, dry_run=args.dry_run)
    for line in report.lines:
        out.print(line, soft_wrap=True)
    return 0


def run_policy(args: argparse.Namespace) -> int:
    out.print(policy_text(open_runtime(args).config, args.company), soft_wrap=True, end="")
    return 0
