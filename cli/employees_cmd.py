"""`employees list | show CODE | edit CODE | delete CODE | withdraw-consent CODE | receipts`."""
from __future__ import annotations

import argparse
import csv
from pathlib import Path

from rich.console import Console
from rich.markup import escape

from attendance.store import KEEP
from cli.admin_cmd import new_pin
from cli.commands import COMMANDS
from cli.runtime import open_runtime
from cli.tables import Column, Fit, add_json_flag, output
from core.errors import KioskError
from core.text import visible
from services import erasure
from services.admin_pin import PinError
from services.code_checkin import add_without_face, checkin_pins, issue_setup_code
from services.gallery_audit import pair_labels

out = Console(highlight=False)


def register(sub: argparse._SubParsersAction) -> None:
    employees = sub.add_parser("employees", help=COMMANDS["employees"].help, description="List, show, edit or delete enrolled employees. Deleting erases the employee's face templates too.")
    actions = employees.add_subparsers(dest="action", metavar="ACTION", required=True)
    listing = actions.add_parser("list", help="every employee with template counts")
    add_json_flag(listing)
    listing.add_argument("--search", help="only names or codes containing this text")
    listing.set_defaults(handler=run_list)
    show = actions.add_parser("show", help="one employee's details and templates")
    add_json_flag(show)
    show.add_argument("code")
    show.set_defaults(handler=run_show)
    edit = actions.add_parser("edit", help="change an employee's name or department, or (de)activate them; audited", description="Change an employee's name or department, or deactivate them (left out of recognition, history kept) and activate them again. Audited.")
    edit.add_argument("code")
    edit.add_argument("--name")
    edit.add_argument("--department", help="the new department ('' clears it)")
    state = edit.add_mutually_exclusive_group()
    state.add_argument("--deactivate", action="store_true", help="leave them out of recognition, keep their history")
    state.add_argument("--activate", action="store_true")
    edit.set_defaults(handler=run_edit)
    delete = actions.add_parser("delete", help="delete an employee and all their templates")
    delete.add_argument("code")
    delete.add_argument("--delete-events", action="store_true", help="also delete their attendance events (refused otherwise when they have any)")
    delete.add_argument("--reason", help="why, for the audit log and the receipt")
    delete.set_defaults(handler=run_delete)
    add = actions.add_parser("add", help="add an employee without face data: code and check-in PIN only", description="Enrol someone who does not want face recognition: an employee with a check-in PIN (typed twice on a terminal, one line on standard input otherwise) and no photo or template. They check in at the kiosk with their code (or badge) and the PIN.")
    add.add_argument("code")
    add.add_argument("--name", required=True)
    add.add_argument("--department")
    add.set_defaults(handler=run_add)
    set_pin = actions.add_parser("set-pin", help="set an employee's check-in PIN (code + PIN at the kiosk, without the face)", description="Set the check-in PIN an employee types with their code at the kiosk (typed twice on a terminal, one line on standard input otherwise), or with --setup-code print a one-time code instead: the employee types it at the kiosk as PIN the first time, then chooses their own PIN.")
    set_pin.add_argument("code")
    set_pin.add_argument("--setup-code", action="store_true", help="issue a one-time setup code; the employee chooses the PIN at first use")
    set_pin.set_defaults(handler=run_set_pin)
    withdraw = actions.add_parser("withdraw-consent", help="erase an employee's biometric data; they stay, to check in without a face", description="Consent withdrawn: the employee's face templates, kept photos and every face thumbnail are destroyed, the consent is cleared, and the employee stays active (for checking in with their code). Prints the erasure receipt; audited.")
    withdraw.add_argument("code")
    withdraw.add_argument("--reason")
    withdraw.set_defaults(handler=run_withdraw)
    audit = actions.add_parser("audit", help="the gallery's self-audit: weak templates and look-alike pairs", description="Templates that do not reach the match threshold against any other template of their own person (a wrong or bad photo: re-enrol), and pairs of employees whose templates reach it against each other (look-alikes: the kiosk tells them apart by the stricter look-alike margin).")
    add_json_flag(audit)
    audit.set_defaults(handler=run_audit)
    receipts = actions.add_parser("receipts", help="every erasure's receipt (deletions, consent withdrawals, retention)")
    receipts.add_argument("--out", type=Path, metavar="FILE.csv", help="also write them to a CSV file")
    receipts.set_defaults(handler=run_receipts)


def run_list(args: argparse.Namespace) -> int:
    store = open_runtime(args).store
    columns = (
        Column("Code", Fit.KEEP), Column("Name"), Column("Department"), Column("Active", Fit.KEEP),
        Column("Templates", Fit.KEEP, right=True), Column("Created", Fit.KEEP),
    )
    rows = [
        (e.code, e.name, e.department or "", "yes" if e.active else "no", e.template_count, f"{e.created:%Y-%m-%d %H:%M}")
        for e in store.list_employees(search=args.search)
    ]
    output(args, out).print(columns, rows)
    return 0


def _employee(store, code: str):
    employee = store.get_employee_by_code(code)
    if employee is None:
        raise KioskError(f"no employee with code {code!r}")
    return employee


def run_show(args: argparse.Namespace) -> int:
    store = open_runtime(args).store
    e = _employee(store, args.code)
    out.print(escape(visible(f"{e.name} ({e.code})")))
    out.print(f"department: {escape(visible(e.department or '-'))}   active: {'yes' if e.active else 'no'}   created: {e.created:%Y-%m-%d %H:%M %Z}")
    out.print(f"consent: {e.consent_at:%Y-%m-%d %H:%M %Z}" if e.consent_at else "consent: not recorded")
    columns = (
        Column("Template", Fit.KEEP, right=True), Column("Recognizer"), Column("Dimensions", Fit.KEEP, right=True),
        Column("Quality", Fit.KEEP, right=True), Column("Created", Fit.KEEP),
    )
    rows = [(t.id, t.recognizer, t.dim, f"{t.quality:.2f}", f"{t.created:%Y-%m-%d %H:%M}") for t in store.list_templates(e.id)]
    output(args, out).print(columns, rows)
    return 0


def run_delete(args: argparse.Namespace) -> int:
    runtime = open_runtime(args)
    actor = args.actor  # the audit log names who gave the PIN, never a name given on the command line
    _employee(runtime.store, args.code)
    receipt = erasure.delete_employee(runtime, args.code, actor=actor, reason=args.reason, delete_events=args.delete_events)
    for line in receipt.lines:
        out.print(line, soft_wrap=True)
    return 0


def run_withdraw(args: argparse.Namespace) -> int:
    runtime = open_runtime(args)
    actor = args.actor
    employee = _employee(runtime.store, args.code)
    for line in erasure.withdraw_consent(runtime, args.code, actor=actor, reason=args.reason).lines:
        out.print(line, soft_wrap=True)
    if not checkin_pins(runtime.store, employee).is_set:
        out.print(f"{employee.name} checks in with their code from now on: give them a check-in PIN "
                  f"(employees set-pin {employee.code}, or --setup-code)", soft_wrap=True)
    return 0


RECEIPT_COLUMNS = (
    "action", "employee_code", "employee_name", "at", "actor", "reason", "templates", "photos", "event_thumbnails",
    "attack_thumbnails", "spool_thumbnails", "events_deleted", "employee_deleted",
)


def run_receipts(args: argparse.Namespace) -> int:
    runtime = open_runtime(args)
    receipts = runtime.store.erasure_receipts()
    for receipt in receipts:
        out.print("\n".join(receipt.lines) + "\n", soft_wrap=True)
    if not receipts:
        out.print("no erasures yet")
    if args.out is not None:
        try:
            with args.out.open("w", newline="", encoding="utf-8-sig") as handle:
                writer = csv.writer(handle)
                writer.writerow(RECEIPT_COLUMNS)
                writer.writerows([getattr(r, column) for column in RECEIPT_COLUMNS] for r in receipts)
        except OSError as exc:
            raise KioskError(f"cannot write {args.out}: {exc.strerror or exc}") from None
        out.print(f"{len(receipts)} receipt(s) written to {args.out}")
    return 0


def run_edit(args: argparse.Namespace) -> int:
    if args.name is None and args.department is None and not (args.activate or args.deactivate):
        raise KioskError("nothing to change: give --name, --department, --activate or --deactivate")
    runtime = open_runtime(args)
    actor = args.actor
    store = runtime.store
    e = _employee(store, args.code)
    if args.name is not None or args.department is not None:
        department = KEEP if args.department is None else (args.department.strip() or None)
        e = store.update_employee(args.code, actor=actor, name=args.name, department=department)
    if args.activate or args.deactivate:
        e = store.set_active(args.code, args.activate, actor=actor)
    out.print(f"{e.name} ({e.code}): department {e.department or '-'}, {'active' if e.active else 'inactive'}")
    return 0


def run_add(args: argparse.Namespace) -> int:
    runtime = open_runtime(args)
    actor = args.actor
    try:
        employee = add_without_face(runtime.store, args.code, args.name, args.department, new_pin("check-in PIN"), actor=actor)
    except PinError as exc:
        raise KioskError(f"not added: {exc}") from None
    out.print(f"added {employee.name} ({employee.code}) without face data: they check in with their code and PIN")
    return 0


def run_set_pin(args: argparse.Namespace) -> int:
    runtime = open_runtime(args)
    actor = args.actor
    employee = _employee(runtime.store, args.code)
    if args.setup_code:
        code = issue_setup_code(runtime.store, employee, actor=actor)
        out.print(f"one-time setup code for {employee.name} ({employee.code}): {code}")
        out.print("they type it at the kiosk as their PIN once, then choose their own PIN")
        return 0
    try:
        checkin_pins(runtime.store, employee).set_pin(new_pin("check-in PIN"), actor=actor)
    except PinError as exc:
        raise KioskError(f"check-in PIN not set: {exc}") from None
    out.print(f"check-in PIN of {employee.name} ({employee.code}) set")
    return 0


def run_audit(args: argparse.Namespace) -> int:
    runtime = open_runtime(args)
    audit = runtime.gallery_audit()
    tables = output(args, out)
    out.print(f"match threshold {audit.threshold:.3f} (for {runtime.enrolled_people()} people enrolled), look-alike margin {audit.margin:.2f}")
    if audit.weak:
        columns = (Column("Employee"), Column("Template", Fit.KEEP, right=True), Column("Best similarity to their other templates", right=True))
        rows = [(f"{weak.name} ({weak.code})", weak.template_id, weak.similarity) for weak in audit.weak]
        tables.print(columns, rows, title="templates unlike the rest of their person")
    if audit.lookalikes:
        columns = (Column("Employee", key="first"), Column("Employee", key="second"), Column("Best similarity between them", right=True))
        tables.print(columns, [(*pair_labels(pair), pair.similarity) for pair in audit.lookalikes], title="look-alike pairs")
    if not audit.weak and not audit.lookalikes:
        out.print("no weak template, no look-alike pair")
    return 0
