"""`enroll` (one person from photos) and `import` (a folder of people)."""
from __future__ import annotations

import argparse
import re
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from rich.console import Console
from rich.markup import escape

from cli.commands import COMMANDS
from cli.runtime import open_runtime
from cli.tables import Column, Fit, TableOutput
from core.errors import KioskError
from core.text import visible
from pipeline.images import list_images
from services.enrolment import assess_photo
from services.enrolment_draft import Candidate, EnrolmentDraft, PhotoChecker, save_enrolment
from services.runtime import Runtime

out = Console(highlight=False)


def register(sub: argparse._SubParsersAction) -> None:
    enroll = sub.add_parser("enroll", help=COMMANDS["enroll"].help, description="Enrol one employee from photos. Each photo is accepted or rejected with reasons; only accepted photos become templates. The same checks as the enrolment page: look-alikes of enrolled employees are reported; photos of two different people, or re-enrolment photos that do not show the employee, are refused unless --force.")
    enroll.add_argument("--name", required=True, help="full name")
    enroll.add_argument("--code", required=True, help="unique employee code (re-using a code adds templates to that employee)")
    enroll.add_argument("--department", help="department")
    enroll.add_argument("--replace", action="store_true", help="with an existing code: replace that employee's templates instead of adding to them")
    _add_common(enroll, "the employee consents")
    enroll.add_argument("images", nargs="+", type=Path, metavar="IMAGE")
    enroll.set_defaults(handler=run_enrol)

    imp = sub.add_parser("import", help=COMMANDS["import"].help, description="Enrol a folder with one sub-folder per person (folder name = person's name; photos directly inside or in an images/ sub-folder). One transaction per person, with the checks of `enroll`.")
    imp.add_argument("directory", type=Path, metavar="DIR")
    imp.add_argument("--department", help="department for everyone imported")
    imp.add_argument("--add-to-existing", action="store_true", help="a folder whose code is already an employee adds its photos to them (only photos that match that employee)")
    _add_common(imp, "every person in the folder consents")
    imp.set_defaults(handler=run_import)


def _add_common(parser: argparse.ArgumentParser, who: str) -> None:
    parser.add_argument("--consent", action="store_true", help=f"{who} to storing face templates for attendance (required; the time is recorded)")
    parser.add_argument("--force", action="store_true", help="save even when the photos look like two different people or not like the employee being added to")


@dataclass(frozen=True)
class EnrolOutcome:
    code: str
    name: str
    accepted: int
    rejected: int
    failure: str | None = None  # why nothing was enrolled; None when it was

    @property
    def ok(self) -> bool:
        return self.failure is None and self.accepted > 0

    @property
    def result(self) -> str:
        return "enrolled" if self.failure is None else f"failed: {self.failure}"


def _print_verdicts(candidates: list[Candidate]) -> None:
    rows = [(item.assessment.source, *item.verdict.split(": ", 1)) for item in candidates]
    styles = [None if item.usable else "red" for item in candidates]
    TableOutput(out).print((Column("Photo"), Column("Verdict", Fit.KEEP), Column("Details")), rows, styles=styles)


@dataclass(frozen=True)
class EnrolChoice:
    """What the command line says about one person beyond who they are."""

    consent: bool
    force: bool
    replace: bool = False
    actor: str = "cli"  # who the audit log names (the authorised admin)


def enrol_person(
    runtime: Runtime, code: str, name: str, department: str | None, photos: list[Path], choice: EnrolChoice
) -> EnrolOutcome:
    """Assess the photos, run the enrolment checks, store the accepted templates in one transaction."""
    runtime.preload_models(liveness=False)  # while the database opens
    existing = runtime.store.get_employee_by_code(code)
    draft = EnrolmentDraft(
        existing,
        name=name,
        code=code,
        department=department or "",
        consent_at=datetime.now(timezone.utc) if choice.consent else None,
        replace_templates=choice.replace,
    )
    recognizer = runtime.recognizer
    checker = PhotoChecker(
        runtime.store, recognizer.name, recognizer.dim, runtime.threshold, runtime.duplicate_threshold, existing
    )
    draft.add([checker.candidate(assess_photo(runtime.engine, path, runtime.quality_limits)) for path in photos])
    _print_verdicts(draft.candidates)
    accepted = len(draft.selected())
    rejected = len(draft.candidates) - accepted

    def failed(why: str) -> EnrolOutcome:
        return EnrolOutcome(draft.code, draft.name, 0, rejected, failure=why)

    if accepted == 0:
        return failed("no photo passed the quality gate")
    if draft.consent_at is None:
        return failed("needs the employee's consent (--consent)")
    warnings = draft.warnings()
    for warning in warnings:
        out.print(f"[yellow]warning:[/yellow] {warning.text}", soft_wrap=True)
    blocking = [w for w in warnings if w.blocks_unattended]
    if blocking and not choice.force:
        return failed(f"{blocking[0].kind.value}: nothing added (check the photos, or --force)")
    try:
        save_enrolment(runtime.store, draft.request(), recognizer.name, actor=choice.actor)
    except KioskError as exc:
        return failed(str(exc))
    return EnrolOutcome(draft.code, draft.name, accepted, rejected)


def run_enrol(args: argparse.Namespace) -> int:
    runtime = open_runtime(args)
    choice = EnrolChoice(args.consent, args.force, args.replace, args.actor)
    outcome = enrol_person(runtime, args.code, args.name, args.department, args.images, choice)
    if not outcome.ok:
        raise KioskError(f"{args.name} ({args.code}) not enrolled: {outcome.failure}")
    out.print(f"enrolled {outcome.name} ({outcome.code}) with {outcome.accepted} template(s), {outcome.rejected} photo(s) rejected")
    return 0


def code_from_name(name: str) -> str:
    """A stable employee code from a folder name: lower-case words joined by '-'."""
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "person"


def name_from_folder(folder_name: str) -> str:
    """A person's name from a folder name: underscores and dashes become spaces; an all lower-case name
    gets capitals ("alex_lacamoire" -> "Alex Lacamoire"); anything else keeps its own spelling."""
    name = " ".join(re.sub(r"[_-]+", " ", folder_name).split()) or folder_name
    return name.title() if name == name.lower() and name != name.upper() else name


def person_photos(folder: Path) -> list[Path]:
    """Photos of one person's folder: directly inside it or in its images/ sub-folder."""
    photos = list_images(folder)
    if (folder / "images").is_dir():
        photos += list_images(folder / "images")
    return photos


def run_import(args: argparse.Namespace) -> int:
    if not args.directory.is_dir():
        raise KioskError(f"{args.directory}: not a folder")
    people = sorted(p for p in args.directory.iterdir() if p.is_dir())
    if not people:
        raise KioskError(f"{args.directory}: no sub-folders (expected one folder per person)")
    runtime = open_runtime(args)
    actor = args.actor
    folders_of: dict[str, list[Path]] = {}
    for folder in people:
        folders_of.setdefault(code_from_name(folder.name), []).append(folder)
    outcomes = []
    for folder in people:
        outcome = _import_folder(runtime, folder, folders_of, args, actor)
        if not outcome.ok:
            out.print(f"[red]{folder.name}/ not imported:[/red] {outcome.failure}", soft_wrap=True)
        outcomes.append(outcome)
    columns = (Column("Person"), Column("Code", Fit.KEEP), Column("Accepted", Fit.KEEP, right=True), Column("Rejected", Fit.KEEP, right=True), Column("Result"))
    rows = [(o.name, o.code, o.accepted, o.rejected, o.result) for o in outcomes]
    TableOutput(out).print(columns, rows, title="import summary", styles=[None if o.ok else "red" for o in outcomes])
    return 0 if any(o.ok for o in outcomes) else 1


def _import_folder(
    runtime: Runtime, folder: Path, folders_of: dict[str, list[Path]], args: argparse.Namespace, actor: str
) -> EnrolOutcome:
    code = code_from_name(folder.name)
    refusal = _import_refusal(runtime, folder, code, folders_of[code], args.add_to_existing)
    if refusal:
        return EnrolOutcome(code, folder.name, 0, 0, failure=refusal)
    name = name_from_folder(folder.name)
    out.rule(escape(visible(folder.name)))
    photos = person_photos(folder)
    if not photos:
        return EnrolOutcome(code, name, 0, 0, failure="no photos")
    existing = runtime.store.get_employee_by_code(code)
    if existing is not None:
        name = existing.name  # adding photos never renames someone
    elif name != folder.name:
        out.print(escape(visible(f"named {name!r} after the folder {folder.name}/ (change it with `employees edit {code} --name ...`)")), soft_wrap=True)
    return enrol_person(runtime, code, name, args.department, photos, EnrolChoice(args.consent, args.force, actor=actor))


def _import_refusal(runtime: Runtime, folder: Path, code: str, same_code: list[Path], add_to_existing: bool) -> str | None:
    """Why ``folder`` must not be imported: its code collides with another folder's, or names an employee
    who exists (without ``--add-to-existing``). Never merge two people silently."""
    if len(same_code) > 1:
        others = ", ".join(f"{p.name}/" for p in same_code if p != folder)
        return f"{folder.name}/ and {others} give the same employee code {code!r}; rename the folders so they differ"
    existing = runtime.store.get_employee_by_code(code)
    if existing is not None and not add_to_existing:
        return f"employee {code!r} ({existing.name}) already exists; pass --add-to-existing to add these photos to them"
    return None
