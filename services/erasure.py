"""Erasing a person's biometric data everywhere it is: the database (templates, kept photos, event and
attack thumbnails, through the store) and the event spools of the data folder (thumbnails of events
still waiting to be written). The front ends call these, so the app and the command line erase alike.

A spool another running kiosk holds cannot be rewritten from here; its waiting events reach the
database later, where an erased employee's event is refused (deleted) or stored, and a thumbnail of a
withdrawn employee is erased by the next erasure or purge. The receipt counts what was destroyed.
"""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from attendance.keys import DataKey
from attendance.records import ErasureReceipt
from attendance.spool import SPOOL_PATTERN, Spool
from services.runtime import Runtime


def erase_spooled_thumbnails(data_dir: Path, employee_id: int, key: DataKey) -> int:
    """Drop the thumbnails of ``employee_id``'s waiting events and attack records from every spool of ``data_dir``
    no process holds."""
    erased = 0
    for path in sorted(Path(data_dir).glob(SPOOL_PATTERN)):
        spool = Spool.adopt(path, key)
        if spool is None:  # held by a running kiosk
            continue
        try:
            records = spool.load().records
            mine = sum(1 for r in records if r.employee_id == employee_id and r.thumbnail is not None)
            if mine:
                spool.rewrite([replace(r, thumbnail=None) if r.employee_id == employee_id else r for r in records])
                erased += mine
        finally:
            spool.release()
    return erased


def _erase_spooled(runtime: Runtime, code: str) -> int:
    """The spools' part of an erasure: how many of the employee's waiting thumbnails were dropped."""
    employee = runtime.store.get_employee_by_code(code)
    return 0 if employee is None else erase_spooled_thumbnails(runtime.data_dir, employee.id, runtime.store.key)


def delete_employee(runtime: Runtime, code: str, *, actor: str, reason: str | None = None, delete_events: bool = False) -> ErasureReceipt:
    """Delete the employee and every piece of their biometric data; the receipt (also in the audit log)."""
    spooled = _erase_spooled(runtime, code)
    return runtime.store.delete_employee(code, actor=actor, reason=reason, delete_events=delete_events, spool_thumbnails=spooled)


def withdraw_consent(runtime: Runtime, code: str, *, actor: str, reason: str | None = None) -> ErasureReceipt:
    """Erase the employee's biometric data and consent; they stay, for the way in without a face."""
    return runtime.store.withdraw_consent(code, actor=actor, reason=reason, spool_thumbnails=_erase_spooled(runtime, code))


def erase_unused_faces(runtime: Runtime, code: str, *, actor: str, reason: str) -> ErasureReceipt:
    """Retention: destroy the biometric data of an employee gone (deactivated or unseen) too long; they stay."""
    return runtime.store.erase_unused_faces(code, actor=actor, reason=reason, spool_thumbnails=_erase_spooled(runtime, code))
