"""Erasing biometric data (deletion, consent withdrawal, retention) with receipts, and purging what retention keeps no longer."""
from __future__ import annotations

import json
from dataclasses import asdict
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, delete, func, or_, select
from sqlalchemy.orm import Session

from attendance.chain import LinkKind
from attendance.errors import StoreError
from attendance.models import (
    LABEL_LENGTH,
    AttackRow,
    AuditRow,
    EmployeeRow,
    EventRow,
    RejectedLookRow,
    TemplateRow,
    utcnow,
)
from attendance.records import (
    ERASURE_ACTIONS,
    ErasureReceipt,
    PurgeCounts,
    require_aware,
)
from attendance.store.rows import _fits, _rowcount, _text
from attendance.store.unit import UnitOfWork


class Erasures(UnitOfWork):
    """Erasing biometric data (deletion, consent withdrawal, retention) with receipts, and purging what retention keeps no longer."""

    def delete_employee(
        self, code: str, *, actor: str, reason: str | None = None, delete_events: bool = False, spool_thumbnails: int = 0
    ) -> ErasureReceipt:
        """Delete an employee with every piece of their biometric data; audited with the receipt returned.

        An employee with attendance events is refused unless ``delete_events`` (then the events go
        too); deactivating keeps the history instead.
        """
        return self._erase(code, "delete_employee", actor, reason, delete_employee=True, delete_events=delete_events,
                           spool_thumbnails=spool_thumbnails)

    def withdraw_consent(self, code: str, *, actor: str, reason: str | None = None, spool_thumbnails: int = 0) -> ErasureReceipt:
        """Erase the employee's biometric data and consent; they stay active, for the way in without a face."""
        return self._erase(code, "withdraw_consent", actor, reason, spool_thumbnails=spool_thumbnails)

    def _erase(
        self,
        code: str,
        action: str,
        actor: str,
        reason: str | None,
        *,
        delete_employee: bool = False,
        delete_events: bool = False,
        spool_thumbnails: int = 0,
        keep_consent: bool = False,
    ) -> ErasureReceipt:
        """Destroy templates, kept photos, event and attack thumbnails (and, with ``delete_employee``, the
        employee) in one transaction; the receipt is its audit row."""
        reason = _fits(reason, "reason", None)

        def work(session: Session) -> ErasureReceipt:
            row = self._employee_row(session, code)
            events = session.scalar(select(func.count(EventRow.id)).where(EventRow.employee_id == row.id)) or 0
            if delete_employee and events and not delete_events:
                raise StoreError(
                    f"employee {code!r} has {events} attendance event(s); deactivate them to keep the history, "
                    "or delete them together with their events"
                )
            templates = session.scalar(select(func.count(TemplateRow.id)).where(TemplateRow.employee_id == row.id)) or 0
            photos = session.scalar(
                select(func.count(TemplateRow.id)).where(TemplateRow.employee_id == row.id, TemplateRow.photo.is_not(None))
            ) or 0
            session.execute(delete(TemplateRow).where(TemplateRow.employee_id == row.id))
            rejected = _rowcount(session.execute(delete(RejectedLookRow).where(RejectedLookRow.employee_id == row.id)))
            event_thumbnails = self._erase_thumbnails(session, EventRow, EventRow.employee_id == row.id)
            attack_thumbnails = self._erase_thumbnails(session, AttackRow, AttackRow.employee_id == row.id)
            deleted_events = 0
            if delete_employee:
                if events:
                    for event_id in session.scalars(select(EventRow.id).where(EventRow.employee_id == row.id)):
                        self._chain.append_marker(session, LinkKind.DELETE, EventRow.__tablename__, event_id)
                    session.execute(delete(EventRow).where(EventRow.employee_id == row.id))
                    deleted_events = events
                session.delete(row)
            elif not keep_consent:
                row.consent_at = None
            receipt = ErasureReceipt(
                action, row.code, row.name, utcnow(), _text(actor, "actor", LABEL_LENGTH), reason, templates, photos,
                event_thumbnails, attack_thumbnails, spool_thumbnails, deleted_events, delete_employee, rejected,
            )
            details = {name: value for name, value in asdict(receipt).items() if name not in ("action", "at", "actor", "reason")}
            self._audit(session, actor, action, "employees", row.id, reason, details, at=receipt.at)
            return receipt

        receipt = self._write(work)
        self._db.checkpoint()  # secure_delete zeroed the pages; this leaves no old copy in the write-ahead log
        return receipt

    def _erase_thumbnails(self, session: Session, model: type[EventRow] | type[AttackRow], whose: ColumnElement[bool]) -> int:
        """Null the face thumbnails of ``model`` rows ``whose`` selects, each change chained; returns how many."""
        rows: list[EventRow | AttackRow] = list(session.scalars(select(model).where(whose, model.thumbnail.is_not(None))))
        for row in rows:
            row.thumbnail = None
        session.flush()
        for row in rows:
            self._chain.append_redaction(session, row)
        return len(rows)

    def erasure_receipts(self) -> list[ErasureReceipt]:
        """Every erasure's receipt, newest first (from the audit log)."""
        query = select(AuditRow).where(AuditRow.action.in_(ERASURE_ACTIONS)).order_by(AuditRow.at.desc(), AuditRow.id.desc())
        with self._db.session() as session:
            rows = list(session.scalars(query))
        return [
            ErasureReceipt(row.action, at=row.at, actor=row.actor, reason=row.reason, **json.loads(row.details or "{}"))
            for row in rows
        ]

    def faces_unused_since(self, before: datetime) -> list[str]:
        """Codes of employees with biometric data (templates, or face thumbnails) who were deactivated before
        ``before``, or whose last interaction (enrolment, new templates, an attendance event) is before it."""
        before = require_aware(before, "before")
        last_event = select(func.max(EventRow.at)).where(EventRow.employee_id == EmployeeRow.id).scalar_subquery()
        last_template = select(func.max(TemplateRow.created)).where(TemplateRow.employee_id == EmployeeRow.id).scalar_subquery()
        has_face = or_(
            select(TemplateRow.id).where(TemplateRow.employee_id == EmployeeRow.id).exists(),
            select(RejectedLookRow.id).where(RejectedLookRow.employee_id == EmployeeRow.id).exists(),
            select(EventRow.id).where(EventRow.employee_id == EmployeeRow.id, EventRow.thumbnail.is_not(None)).exists(),
            select(AttackRow.id).where(AttackRow.employee_id == EmployeeRow.id, AttackRow.thumbnail.is_not(None)).exists(),
        )
        query = select(EmployeeRow.code, EmployeeRow.active, EmployeeRow.deactivated_at, EmployeeRow.created, last_event, last_template).where(has_face)
        with self._db.session() as session:
            rows = session.execute(query).all()
        codes = []
        for code, active, deactivated_at, created, event_at, template_at in rows:
            seen = max(require_aware(stamp, "time") for stamp in (created, event_at, template_at) if stamp is not None)
            if seen < before or (not active and deactivated_at is not None and require_aware(deactivated_at, "time") < before):
                codes.append(code)
        return sorted(codes)

    def erase_unused_faces(self, code: str, *, actor: str, reason: str, spool_thumbnails: int = 0) -> ErasureReceipt:
        """Retention: the employee's biometric data goes (receipt in the audit log), the employee stays."""
        return self._erase(code, "retention_erase", actor, reason, spool_thumbnails=spool_thumbnails, keep_consent=True)

    def purge(
        self,
        *,
        events_before: datetime | None,
        audit_before: datetime | None,
        actor: str,
        dry_run: bool = False,
        details: dict[str, Any] | None = None,
    ) -> PurgeCounts:
        """Delete events and attack records older than ``events_before`` and audit rows older than ``audit_before``
        (None keeps them), each deletion chained, and write one audit row saying what went (unless ``dry_run``)."""

        def work(session: Session) -> PurgeCounts:
            doomed: dict[str, list[int]] = {}
            for model, stamp, cutoff in ((EventRow, EventRow.at, events_before), (AttackRow, AttackRow.at, events_before), (AuditRow, AuditRow.at, audit_before)):
                if cutoff is not None:
                    doomed[model.__tablename__] = list(session.scalars(select(model.id).where(stamp < require_aware(cutoff, "cutoff"))))
            counts = PurgeCounts(
                len(doomed.get(EventRow.__tablename__, [])), len(doomed.get(AttackRow.__tablename__, [])),
                len(doomed.get(AuditRow.__tablename__, [])),
            )
            if dry_run:
                return counts
            for model in (EventRow, AttackRow, AuditRow):
                ids = doomed.get(model.__tablename__, [])
                for start in range(0, len(ids), 5000):
                    chunk = ids[start : start + 5000]
                    self._chain.append_deletions(session, model.__tablename__, chunk)
                    session.execute(delete(model).where(model.id.in_(chunk)))
            summary = asdict(counts) | {
                "events_before": events_before, "audit_before": audit_before, **(details or {}),
            }
            self._audit(session, actor, "purge", "attendance_events", None, "retention", summary)
            return counts

        counts = self._write(work)
        if not dry_run and (counts.events or counts.attacks or counts.audit_rows):
            self._db.checkpoint()
        return counts
