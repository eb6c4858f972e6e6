"""The commands of the command line: which module registers each one, its line in the listing, and which
of its actions need the admin PIN once one is set (those that change the record, the people or the key,
or export personal data; ``cli.pin_gate`` asks before the command runs).

The listing (``main.py --help``) needs only this table, so it imports none of the command modules;
a command imports its own module, and what that module needs, when it runs.
"""
from __future__ import annotations

import argparse
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import Enum


@dataclass(frozen=True)
class NeedsPin:
    """An action that needs the admin PIN; ``when`` / ``unless``: only with / without that option."""

    when: str | None = None
    unless: str | None = None

    def applies(self, args: argparse.Namespace) -> bool:
        if self.when is not None and not getattr(args, self.when, None):
            return False
        return self.unless is None or not getattr(args, self.unless, False)


class ModelUse(Enum):
    """Which face models a command runs: they start loading as soon as the global options are read."""

    NONE = "none"
    FACES = "faces"  # detector and recognizer
    FACES_AND_LIVENESS = "faces and liveness"  # and the liveness models, when liveness is on


ALWAYS = NeedsPin()
WHOLE = ""  # the key of a command without actions


@dataclass(frozen=True)
class Command:
    module: str  # registers the command's arguments and handler (``register(sub)``)
    help: str  # its line in the listing
    pin: Mapping[str, NeedsPin] = field(default_factory=dict)  # action (WHOLE: the command) -> when it needs the PIN
    models: ModelUse = ModelUse.NONE

    def needs_pin(self, args: argparse.Namespace) -> bool:
        rule = self.pin.get(getattr(args, "action", None) or WHOLE)
        return rule is not None and rule.applies(args)


COMMANDS: dict[str, Command] = {
    "enroll": Command("cli.enroll_cmd", "enrol one employee from photos", {WHOLE: ALWAYS}, ModelUse.FACES),
    "import": Command("cli.enroll_cmd", "enrol every person of a folder", {WHOLE: ALWAYS}, ModelUse.FACES),
    "identify": Command("cli.identify_cmd", "say who is in photos", models=ModelUse.FACES),
    "embed": Command("cli.identify_cmd", "write one .npy embedding per face", models=ModelUse.FACES),
    "evaluate": Command("cli.evaluate_cmd", "genuine/impostor scores, ROC, TAR@FAR, threshold"),
    "evaluate-liveness": Command("cli.liveness_cmd", "presentation-attack detection: APCER, BPCER, ACER, ROC, threshold"),
    "employees": Command("cli.employees_cmd", "list, show, edit or delete enrolled employees", {
        "add": ALWAYS, "edit": ALWAYS, "delete": ALWAYS, "set-pin": ALWAYS, "withdraw-consent": ALWAYS,
        "receipts": NeedsPin(when="out"),  # written to a file: an export of personal data
    }),
    "events": Command("cli.events_cmd", "list, add or void attendance events", {"add": ALWAYS, "void": ALWAYS}),
    # it writes attendance events: a recorded video must not check people in behind the admin's back
    "process": Command("cli.process_cmd", "run recognition on a video or camera and log attendance", {WHOLE: ALWAYS}, ModelUse.FACES_AND_LIVENESS),
    "report": Command("cli.report_cmd", "attendance report: first in, last out and hours per day and person, plus the raw events", {WHOLE: ALWAYS}),
    # they change what the kiosk runs
    "models": Command("cli.models_cmd", "list, download and verify model weights", {"fetch": ALWAYS, "add": ALWAYS}),
    "shifts": Command("cli.shifts_cmd", "shifts, and who works which (a night shift's check-out is the next morning)", {
        "add": ALWAYS, "edit": ALWAYS, "delete": ALWAYS, "assign": ALWAYS, "unassign": ALWAYS, "department": ALWAYS,
    }),
    "leave": Command("cli.time_off_cmd", "employees' days off: vacation, sick, other", {"add": ALWAYS, "delete": ALWAYS}),
    "holidays": Command("cli.time_off_cmd", "company holidays (one by one, or from an iCalendar file)", {"add": ALWAYS, "delete": ALWAYS, "import": ALWAYS}),
    "attendance": Command("cli.attendance_cmd", "the exceptions to correct, and who is in the building now"),
    "kiosks": Command("cli.kiosks_cmd", "the doors: which run, their backlog, liveness and clocks"),
    "bench": Command("cli.bench_cmd", "measure speed and memory"),
    # reset-pin and import-key need no PIN: their credential is the data key, or the key file
    "admin": Command("cli.admin_cmd", "the admin PIN and the data key", {
        "set-pin": ALWAYS, "rotate-key": ALWAYS, "export-key": ALWAYS, "accept-config": ALWAYS,
    }),
    "audit": Command("cli.audit_cmd", "verify or read the tamper-evident attendance record"),
    "purge": Command("cli.privacy_cmd", "apply the retention settings now", {WHOLE: NeedsPin(unless="dry_run")}),
    "privacy": Command("cli.privacy_cmd", "the privacy notice the settings imply"),
}
