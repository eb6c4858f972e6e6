"""The review queue's store side: the "not me" reports (rejected looks with the check-in each took back), the
mistaken faces for the admin to see, and how each item was resolved (one row an item, audited)."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from attendance.errors import DuplicateError
from attendance.events import CheckInMethod
from attendance.models import EmployeeRow, EventRow, RejectedLookRow, ReviewRow, utcnow
from attendance.records import EventRecord, NotMeReport, Resolution, ReviewKind, ReviewResolution
from attendance.sealing import photo_context
from attendance.store.rows import _event, _event_select
from attendance.store.unit import UnitOfWork


class Reviews(UnitOfWork):
    """What the review queue reads, and its resolutions."""

    def not_me_reports(self, since: datetime | None = None) -> list[NotMeReport]:
        """Every "not me" kept (since ``since``), newest first, with the check-in it took back where it is stored."""
        query = (
            select(RejectedLookRow.id, RejectedLookRow.employee_id, EmployeeRow.code, EmployeeRow.name, RejectedLookRow.kiosk_id,
                   RejectedLookRow.created, RejectedLookRow.face.is_not(None).label("has_face"), RejectedLookRow.event_uid,
                   RejectedLookRow.similarity, RejectedLookRow.margin, RejectedLookRow.looks, RejectedLookRow.live_score)
            .join(EmployeeRow, RejectedLookRow.employee_id == EmployeeRow.id)
            .order_by(RejectedLookRow.created.desc(), RejectedLookRow.id.desc())
        )
        if since is not None:
            query = query.where(RejectedLookRow.created >= since)
        with self._db.session() as session:
            rows = session.execute(query).all()
            uids = [row.event_uid for row in rows if row.event_uid]
            events = {
                found[0].event_uid: _event(*found)
                for found in session.execute(_event_select().where(EventRow.event_uid.in_(uids)))
            } if uids else {}
        return [
            NotMeReport(row.id, row.employee_id, row.code, row.name, row.kiosk_id, row.created, bool(row.has_face),
                        events.get(row.event_uid), row.similarity, row.margin, row.looks, row.live_score)
            for row in rows
        ]

    def close_calls(self, start: datetime, end: datetime, similarity_below: float, margin_below: float) -> list[EventRecord]:
        """The face check-ins of ``start`` to ``end`` (not voided) whose similarity was below ``similarity_below`` or whose
        margin over the runner-up was below ``margin_below``, oldest first (found by the database, not read whole)."""
        query = _event_select().where(
            EventRow.at >= start, EventRow.at < end, EventRow.voided.is_(False), EventRow.method == CheckInMethod.FACE.value,
            EventRow.similarity.is_not(None),
            or_(EventRow.similarity < similarity_below, EventRow.margin < margin_below),
        ).order_by(EventRow.at, EventRow.id)
        with self._db.session() as session:
            return [_event(*row) for row in session.execute(query)]

    def rejected_look_face(self, look_id: int) -> bytes | None:
        """The face a "not me" kept (encoded), if it kept one."""
        with self._db.session() as session:
            found = session.execute(
                select(RejectedLookRow.employee_id, RejectedLookRow.face).where(RejectedLookRow.id == int(look_id))
            ).first()
        if found is None or found.face is None:
            return None
        return self._unseal(found.face, photo_context(found.employee_id), f"the face of \"not me\" {look_id}")

    def review_resolutions(self) -> dict[tuple[ReviewKind, str], ReviewResolution]:
        """Every resolved item, by kind and item."""
        with self._db.session() as session:
            rows = session.scalars(select(ReviewRow)).all()
        return {
            (ReviewKind(row.kind), row.item): ReviewResolution(ReviewKind(row.kind), row.item, Resolution(row.resolution), row.actor,
                                                               row.note, row.at)
            for row in rows
        }

    def resolve_review(self, kind: ReviewKind, item: str, resolution: Resolution, *, actor: str, note: str | None = None) -> None:
        """Record how the item was resolved (audited); ``DuplicateError`` if it already was."""

        def work(session: Session) -> None:
            row = ReviewRow(kind=kind.value, item=item, resolution=resolution.value, actor=actor, note=note, at=utcnow())
            session.add(row)
            try:
                session.flush()
            except IntegrityError:
                raise DuplicateError(f"review item {kind.value} {item} is already resolved") from None
            self._audit(session, actor, "resolve_review", ReviewRow.__tablename__, row.id, note,
                        {"item": kind.value, "which": item, "resolution": resolution.value})

        self._write(work)
