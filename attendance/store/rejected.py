"""Rejected looks: faces a kiosk took for an employee and the person in front of it said "not me" to.

Each is kept sealed like a template (its embedding) with the face itself (for the admin's review), under
the employee's retention and erasure rules; a face closer to one of an employee's rejected looks than to
their own templates is not taken for them again (``pipeline.gallery``). Adding one is audited and
reaches every running kiosk as a change to that person (``attendance.changes``).
"""
from __future__ import annotations

from collections.abc import Collection

import numpy as np
from sqlalchemy import select
from sqlalchemy.orm import Session

from attendance.errors import NotFoundError, StoreError
from attendance.events import AttendanceEvent
from attendance.models import EmployeeRow, EventRow, RejectedLookRow, utcnow
from attendance.records import RejectedLooks
from attendance.sealing import photo_context, rejected_look_context, seal
from attendance.store.rows import VECTOR_DTYPE
from attendance.store.unit import UnitOfWork


class Rejections(UnitOfWork):
    """The "not me" faces of each employee."""

    def add_rejected_look(
        self, employee_id: int, recognizer: str, vector: np.ndarray, *, face: bytes | None, event_uid: str | None,
        kiosk_id: str, actor: str, taken_back: str | None = None, event: AttendanceEvent | None = None,
    ) -> int:
        """Keep ``vector`` (a unit embedding of ``recognizer``) as a face that is not ``employee_id``; its id.
        ``taken_back`` describes the check-in taken back for it (kept in the audit row); ``event``, the punch it
        made, gives what that rested on (similarity, margin, looks, live score) for the review queue (without it, the
        stored event of ``event_uid`` does)."""
        vector = np.asarray(vector, VECTOR_DTYPE).reshape(-1)
        if not np.all(np.isfinite(vector)) or len(vector) == 0:
            raise StoreError("a rejected look needs a finite embedding")

        def work(session: Session) -> int:
            if session.get(EmployeeRow, int(employee_id)) is None:
                raise NotFoundError(f"no employee with id {employee_id}")
            dim = len(vector)
            facts = (event.similarity, event.margin, event.looks, event.live_score) if event is not None else None
            if facts is None and event_uid is not None:
                stored = session.execute(select(EventRow.similarity, EventRow.margin, EventRow.looks, EventRow.live_score)
                                         .where(EventRow.event_uid == event_uid)).first()
                facts = (stored.similarity, stored.margin, stored.looks, stored.live_score) if stored is not None else None
            similarity, margin, looks, live_score = facts or (None, None, None, None)
            row = RejectedLookRow(
                employee_id=int(employee_id), recognizer=recognizer, dim=dim,
                vector=seal(self._key, vector.tobytes(), rejected_look_context(int(employee_id), recognizer, dim)),
                face=None if face is None else seal(self._key, face, photo_context(int(employee_id))),
                event_uid=event_uid, kiosk_id=kiosk_id, created=utcnow(),
                similarity=similarity, margin=margin, looks=looks, live_score=live_score,
            )
            session.add(row)
            session.flush()
            # a change to that person: every running kiosk loads their faces (and this one) again
            self._audit(session, actor, "reject_look", "employees", int(employee_id), "not me at the kiosk",
                        {"rejected_look": row.id, "event_uid": event_uid, "kiosk_id": kiosk_id, "taken_back": taken_back})
            return row.id

        return self._write(work)

    def load_rejected_looks(self, recognizer: str, employee_ids: Collection[int] | None = None) -> RejectedLooks:
        """The rejected looks of ``recognizer`` for active employees (those of ``employee_ids`` only, when given)."""
        query = (
            select(RejectedLookRow.employee_id, RejectedLookRow.dim, RejectedLookRow.vector)
            .join(EmployeeRow, RejectedLookRow.employee_id == EmployeeRow.id)
            .where(RejectedLookRow.recognizer == recognizer, EmployeeRow.active.is_(True))
            .order_by(RejectedLookRow.employee_id, RejectedLookRow.id)
        )
        if employee_ids is not None:
            query = query.where(RejectedLookRow.employee_id.in_([int(i) for i in employee_ids]))
        with self._db.session() as session:
            rows = session.execute(query).all()
        if not rows:
            return RejectedLooks.none()
        vectors = [
            np.frombuffer(self._unseal(row.vector, rejected_look_context(row.employee_id, recognizer, row.dim),
                                       f"a rejected look of employee {row.employee_id}"), VECTOR_DTYPE)
            for row in rows
        ]
        return RejectedLooks(np.stack(vectors).astype(np.float32), np.array([row.employee_id for row in rows], np.int64))
