"""The commands of the command line: which module registers each one, and its line in the listing.

The listing (``main.py --help``) needs only this table, so it imports none of the command modules;
a command imports its own module, and what that module needs, when it runs.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Command:
    module: str  # registers the command's arguments and handler (``register(sub)``)
    help: str  # its line in the listing


COMMANDS: dict[str, Command] = {
    "enroll": Command("cli.enroll_cmd", "enrol one employee from photos"),
    "import": Command("cli.enroll_cmd", "enrol every person of a folder"),
    "identify": Command("cli.identify_cmd", "say who is in photos"),
    "embed": Command("cli.identify_cmd", "write one .npy embedding per face"),
    "evaluate": Command("cli.evaluate_cmd", "genuine/impostor scores, ROC, TAR@FAR, threshold"),
    "evaluate-liveness": Command("cli.liveness_cmd", "presentation-attack detection: APCER, BPCER, ACER, ROC, threshold"),
    "employees": Command("cli.employees_cmd", "list, show, edit or delete enrolled employees"),
    "events": Command("cli.events_cmd", "list, add or void attendance events"),
    "process": Command("cli.process_cmd", "run recognition on a video or camera and log attendance"),
    "report": Command("cli.report_cmd", "attendance report: first in, last out and hours per day and person, plus the raw events"),
    "models": Command("cli.models_cmd", "list, download and verify model weights"),
    "bench": Command("cli.bench_cmd", "measure speed and memory"),
    "admin": Command("cli.admin_cmd", "the admin PIN and the data key"),
    "audit": Command("cli.audit_cmd", "verify or read the tamper-evident attendance record"),
    "purge": Command("cli.privacy_cmd", "apply the retention settings now"),
    "privacy": Command("cli.privacy_cmd", "the privacy notice the settings imply"),
}
