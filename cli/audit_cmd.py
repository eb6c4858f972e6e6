"""`audit verify [--head SEQ:MAC]` and `audit list`: check and read the tamper-evident record (read-only, no PIN)."""
from __future__ import annotations

import argparse

from rich.console import Console

from attendance.chain import ChainHead
from attendance.records import details_text
from cli.commands import COMMANDS
from cli.runtime import open_runtime
from cli.tables import Column, Fit, add_json_flag, output

out = Console(highlight=False)
TAMPERED_EXIT = 2


def _head(text: str) -> ChainHead:
    try:
        return ChainHead.parse(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def register(sub: argparse._SubParsersAction) -> None:
    audit = sub.add_parser("audit", help=COMMANDS["audit"].help, description="Every attendance event, void, deletion, presentation attack and audit row is hash-chained under the data key.")
    actions = audit.add_subparsers(dest="action", metavar="ACTION", required=True)
    verify = actions.add_parser("verify", help="walk the chain; exit 2 naming the first row that does not match", description="Walk the chain and every chained table. Exit 0 when intact, 2 naming the first row that was edited, deleted or added outside the app.")
    verify.add_argument("--head", type=_head, metavar="SEQ:MAC", help="also check that a report's chain head (printed on it) is part of this record")
    verify.set_defaults(handler=run_verify)
    listing = actions.add_parser("list", help="the newest audit rows: who changed what and why")
    listing.add_argument("--limit", type=int, default=50, help="how many rows (default 50)")
    add_json_flag(listing)
    listing.set_defaults(handler=run_list)


def run_verify(args: argparse.Namespace) -> int:
    store = open_runtime(args).store
    state = store.verify_record()
    out.print(state.line, soft_wrap=True)
    if args.head is not None:
        if store.in_record(args.head):
            out.print(f"the report's chain head {args.head.seq} is part of this record")
        else:
            out.print(
                f"the report's chain head {args.head} is NOT part of this record: the report was not made from it, "
                "or the record was rewritten",
                soft_wrap=True,
            )
            return TAMPERED_EXIT
    return 0 if state.intact else TAMPERED_EXIT


def run_list(args: argparse.Namespace) -> int:
    store = open_runtime(args).store
    columns = (
        Column("When (UTC)", Fit.KEEP, key="at"), Column("Who", key="actor"), Column("Action"), Column("Target"),
        Column("Reason"), Column("Details"),
    )
    rows = [
        (f"{entry.at:%Y-%m-%d %H:%M:%S}", entry.actor, entry.action_text,
         entry.target, entry.reason or "",
         details_text(entry.details))
        for entry in store.audit_log(limit=args.limit)
    ]
    output(args, out).print(columns, rows)
    return 0
