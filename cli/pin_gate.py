"""The admin PIN of the command line, asked before any command the table (``cli.commands``) marks as needing it.

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
from typing import TYPE_CHECKING

from cli.commands import COMMANDS
from core.errors import KioskError

if TYPE_CHECKING:
    from services.runtime import Runtime

PIN_ENV = "KIOSK_ADMIN_PIN"
OPEN_ACTOR = "cli"  # who the audit log names for a command that needed no PIN


def admit(args: argparse.Namespace) -> str:
    """The audit actor of the command ``args`` chose: asks for the admin PIN first where the table says so."""
    if not COMMANDS[args.command].needs_pin(args):
        return OPEN_ACTOR
    from cli.runtime import open_runtime  # the database opens only for a command that needs the PIN

    return authorise(open_runtime(args))  # the command goes on with this runtime; it closes when the command ends


def authorise(runtime: Runtime) -> str:
    """The audit actor for a command that changes or exports data: "admin" after the right PIN, "cli" while
    no PIN is set. ``KioskError`` (one line) when a PIN is set and not given, wrong, or locked."""
    pins = runtime.pins
    if not pins.is_set:
        return OPEN_ACTOR
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
