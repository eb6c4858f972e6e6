"""`enroll` (one person from photos) and `import` (a folder of people)."""
from __future__ import annotations

import argparse
import re
from dataclasses import dataclass
from pathlib import Path

from rich.console import Console
from rich.table import Table

from pipeline.errors import KioskError
from pipeline.images import list_images
from services.enrolment import PhotoAssessment, accepted_arrays, assess_photo, find_lookalikes, similarity_to
from services.runtime import Runtime

out = Console(highlight=False)


def register(sub: argparse._SubParsersAction) -> None:
    enroll = sub.add_parser("enroll", help="enrol one employee from photos", description="Enrol one employee from photos. Each photo is accepted or rejected with reasons; only accepted photos become templates.")
    enroll.add_argument("--name", required=True, help="full name")
    enroll.add_argument("--code", required=True, help="unique employee code (re-using a code adds templates to that employee)")
    enroll.add_argument("--department", help="department")
    enroll.add_argument("images", nargs="+", type=Path, metavar="IMAGE")
    enroll.set_defaults(handler=run_enrol)

    imp = sub.add_parser("import", help="enrol every person of a folder", description="Enrol a folder with one sub-folder per person (folder name = person's name; photos directly inside or in an images/ sub-folder). One transaction per person.")
    imp.add_argument("directory", type=Path, metavar="DIR")
    imp.add_argument("--department", help="department for everyone imported")
    imp.add_argument("--add-to-existing", action="store_true", help="a folder whose code is already an employee adds its photos to them (only photos that match that employee)")
    imp.set_defaults(handler=run_import)


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


def _print_verdicts(assessments: list[PhotoAssessment]) -> None:
    table = Table(show_header=True, header_style="bold")
    table.add_column("photo")
    table.add_column("verdict")
    table.add_column("details")
    for item in assessments:
        if item.accepted:
            q = item.quality
            table.add_row(item.source, "[green]accepted[/green]", f"face {q.size:.0f} px, sharpness {q.sharpness:.0f}, yaw {q.yaw:+.2f}")
        else:
            table.add_row(item.source, "[red]rejected[/red]", "; ".join(item.reasons))
    out.print(table)


def enrol_person(runtime: Runtime, code: str, name: str, department: str | None, photos: list[Path]) -> EnrolOutcome:
    """Assess the photos, warn about look-alikes, store the accepted templates in one transaction."""
    assessments = [assess_photo(runtime.engine, path, runtime.quality_limits) for path in photos]
    _print_verdicts(assessments)
    vectors, qualities = accepted_arrays(assessments)
    rejected = len(assessments) - len(vectors)
    if len(vectors) == 0:
        return EnrolOutcome(code, name, 0, rejected, failure="no photo passed the quality gate")
    existing = runtime.store.get_employee_by_code(code)
    duplicate_threshold = runtime.config.enrolment.duplicate_threshold or runtime.threshold
    people = {e.id: e for e in runtime.store.list_employees()}
    gallery = runtime.gallery(for_matching=False)
    if existing is not None:  # new templates for an enrolled person must show that person
        similarity = similarity_to(gallery, vectors, existing.id)
        if similarity is not None and similarity < duplicate_threshold:
            return EnrolOutcome(
                code, name, 0, rejected,
                failure=f"the photos do not match the enrolled {existing.name} ({code}): best similarity "
                f"{similarity:.2f} < {duplicate_threshold:.2f}; nothing added",
            )
    for hit in find_lookalikes(gallery, vectors, duplicate_threshold, existing.id if existing else None):
        other = people[hit.employee_id]
        out.print(
            f"[yellow]warning:[/yellow] {name} already matches {other.name} ({other.code}) with similarity "
            f"{hit.similarity:.2f}: a duplicate enrolment or a look-alike"
        )
    try:
        runtime.store.enrol(code, name, department, runtime.recognizer.name, vectors, qualities)
    except KioskError as exc:
        return EnrolOutcome(code, name, 0, rejected, failure=str(exc))
    return EnrolOutcome(code, name, len(vectors), rejected)


def run_enrol(args: argparse.Namespace) -> int:
    runtime = Runtime.from_args(args)
    outcome = enrol_person(runtime, args.code, args.name, args.department, args.images)
    if not outcome.ok:
        raise KioskError(f"{args.name} ({args.code}) not enrolled: {outcome.failure}")
    out.print(f"enrolled {outcome.name} ({outcome.code}) with {outcome.accepted} template(s), {outcome.rejected} photo(s) rejected")
    return 0


def code_from_name(name: str) -> str:
    """A stable employee code from a folder name: lower-case words joined by '-'."""
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "person"


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
    runtime = Runtime.from_args(args)
    folders_of: dict[str, list[Path]] = {}
    for folder in people:
        folders_of.setdefault(code_from_name(folder.name), []).append(folder)
    outcomes = []
    for folder in people:
        outcome = _import_folder(runtime, folder, folders_of, args)
        if not outcome.ok:
            out.print(f"[red]{folder.name}/ not imported:[/red] {outcome.failure}", soft_wrap=True)
        outcomes.append(outcome)
    summary = Table(title="import summary", header_style="bold")
    for column in ("person", "code", "accepted", "rejected", "result"):
        summary.add_column(column)
    for o in outcomes:
        summary.add_row(o.name, o.code, str(o.accepted), str(o.rejected), o.result if o.ok else f"[red]{o.result}[/red]")
    out.print(summary)
    return 0 if any(o.ok for o in outcomes) else 1


def _import_folder(runtime: Runtime, folder: Path, folders_of: dict[str, list[Path]], args: argparse.Namespace) -> EnrolOutcome:
    code = code_from_name(folder.name)
    refusal = _import_refusal(runtime, folder, code, folders_of[code], args.add_to_existing)
    if refusal:
        return EnrolOutcome(code, folder.name, 0, 0, failure=refusal)
    out.rule(folder.name)
    photos = person_photos(folder)
    if not photos:
        return EnrolOutcome(code, folder.name, 0, 0, failure="no photos")
    return enrol_person(runtime, code, folder.name, args.department, photos)


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
