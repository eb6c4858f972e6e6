"""`admin set-pin`, and the admin PIN asked by every command that changes or exports data.

While no PIN is set (a fresh data folder, a test) there is nobody to ask and those commands run
as "cli". Once the app or `admin set-pin` has set one, they need it: typed on a terminal, or in
``$KIOSK_ADMIN_PIN`` for scripts; a wrong PIN counts towards the same lockout as in the app, and
the audit log names "admin". Read-only commands never ask.
"""
from __future__ import annotations

import argparse
import getpass
import math
import os
import sys

from rich.console import Console

from pipeline.errors import KioskError
from services.admin_pin import PinError, data_folder_pins
from services.runtime import Runtime

PIN_ENV = "KIOSK_ADMIN_PIN"
out = Console(highlight=False)


def register(sub: argparse._SubParsersAction) -> None:
    admin = sub.add_parser("admin", help="the admin PIN", description="Set or change the admin PIN that the app's admin pages and the commands that change or export data ask for.")
    actions = admin.add_subparsers(dest="action", metavar="ACTION", required=True)
    set_pin = actions.add_parser("set-pin", help="set or change the admin PIN", description="Set the admin PIN (digits only): typed twice on a terminal, one line on standard input otherwise. Changing it needs the current PIN.")
    set_pin.set_defaults(handler=run_set_pin)


def authorise(runtime: Runtime) -> str:
    """The audit actor for a command that changes or exports data: "admin" after the right PIN, "cli" while
    no PIN is set. ``KioskError`` (one line) when a PIN is set and not given, wrong, or locked."""
    pins = data_folder_pins(runtime.data_dir)
    if not pins.is_set:
        return "cli"
    pin = os.environ.get(PIN_ENV)
    if pin is None:
        if not sys.stdin.isatty():
            raise KioskError(f"this command needs the admin PIN: run it on a terminal or set ${PIN_ENV}")
        pin = getpass.getpass("Admin PIN: ")
    result = pins.check(pin)
    if result.ok:
        return "admin"
    if result.locked_for_s > 0:
        raise KioskError(f"wrong admin PIN, or too many of them: try again in {math.ceil(result.locked_for_s)} s")
    raise KioskError(f"wrong admin PIN ({result.attempts_left} more before entry locks)")


def _new_pin() -> str:
    if not sys.stdin.isatty():
        return sys.stdin.readline().strip()
    first = getpass.getpass("New admin PIN: ")
    if getpass.getpass("The new PIN again: ") != first:
        raise KioskError("the two PINs differ; nothing changed")
    return first


def run_set_pin(args: argparse.Namespace) -> int:
    runtime = Runtime.from_args(args)
    pins = data_folder_pins(runtime.data_dir)
    changing = pins.is_set
    authorise(runtime)  # the current PIN, when there is one
    try:
        pins.set_pin(_new_pin())
    except PinError as exc:
        raise KioskError(f"admin PIN not set: {exc}") from None
    out.print(f"admin PIN {'changed' if changing else 'set'} ({pins.path})")
    return 0
