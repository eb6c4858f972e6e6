"""Employees and their face templates: enrolment, edits, the gallery."""
from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import datetime
from typing import Any

import numpy as np
from sqlalchemy import delete, func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, defer

from attendance.db import damaged
from attendance.errors import DuplicateError
from attendance.models import (
    LABEL_LENGTH,
    NAME_LENGTH,
    EmployeeRow,
    TemplateRow,
    utcnow,
)
from attendance.records import (
    Employee,
    GalleryData,
    TemplateInfo,
)
from attendance.sealing import (
    photo_context,
    seal,
    template_context,
)
from attendance.store.rows import (
    KEEP,
    VECTOR_DTYPE,
    Keep,
    _code,
    _employee,
    _fits,
    _new_employee_id,
    _rowcount,
    _template_arrays,
    _template_count,
    _text,
    _utc,
)
from attendance.store.unit import UnitOfWork
from core.errors import GalleryError


class People(UnitOfWork):
    """Employees and their face templates: enrolment, edits, the gallery."""

    @staticmethod
    def _insert_employee(
        session: Session, code: str, name: str, department: str | None, consent_at: datetime | None
    ) -> EmployeeRow:
        if session.scalar(select(EmployeeRow.id).where(EmployeeRow.code == code)) is not None:
            raise DuplicateError(f"employee code {code!r} is already taken")
        row = EmployeeRow(
            id=_new_employee_id(session), code=code, name=name, department=department, active=True, created=utcnow(),
            consent_at=consent_at,
        )
        session.add(row)
        try:
            session.flush()
        except IntegrityError as exc:  # a concurrent insert of the same code
            raise DuplicateError(f"employee code {code!r} is already taken") from exc
        return row

    def _insert_templates(
        self,
        session: Session,
        employee_id: int,
        recognizer: str,
        vectors: np.ndarray,
        qualities: np.ndarray,
        photos: Sequence[bytes] | None,
    ) -> int:
        dim = vectors.shape[1]
        stored = session.scalars(select(TemplateRow.dim).where(TemplateRow.recognizer == recognizer).limit(1)).first()
        if stored is not None and stored != dim:
            raise GalleryError(
                f"recognizer {recognizer!r} has {stored}-dimensional templates, these are {dim}-dimensional"
            )
        now = utcnow()
        session.add_all(
            TemplateRow(
                employee_id=employee_id,
                recognizer=recognizer,
                dim=dim,
                vector=seal(self._key, vector.tobytes(), template_context(employee_id, recognizer, dim)),
                quality=float(quality),
                created=now,
                photo=None if photos is None else seal(self._key, photos[i], photo_context(employee_id)),
            )
            for i, (vector, quality) in enumerate(zip(vectors, qualities))
        )
        session.flush()
        return len(vectors)

    def add_employee(
        self, code: str, name: str, department: str | None = None, consent_at: datetime | None = None
    ) -> Employee:
        """Create an active employee; ``DuplicateError`` if the code is taken."""
        code, name = _code(code), _text(name, "employee name", NAME_LENGTH)
        department = _fits(department, "department", NAME_LENGTH)
        consent_at = _utc(consent_at, "consent_at")

        def work(session: Session) -> Employee:
            return _employee(self._insert_employee(session, code, name, department, consent_at), 0)

        return self._write(work)

    def get_employee_by_code(self, code: str) -> Employee | None:
        with self._db.session() as session:
            return self._load_employee(session, EmployeeRow.code == code)

    def get_employee(self, employee_id: int) -> Employee | None:
        with self._db.session() as session:
            return self._load_employee(session, EmployeeRow.id == int(employee_id))

    def list_employees(self, active_only: bool = False, search: str | None = None) -> list[Employee]:
        """Employees by code; ``search`` matches code, name or department, case-insensitively."""
        query = select(EmployeeRow, _template_count()).order_by(EmployeeRow.code)
        if active_only:
            query = query.where(EmployeeRow.active.is_(True))
        if search:
            escaped = search.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            pattern = f"%{escaped}%"
            query = query.where(
                or_(
                    EmployeeRow.code.ilike(pattern, escape="\\"),
                    EmployeeRow.name.ilike(pattern, escape="\\"),
                    EmployeeRow.department.ilike(pattern, escape="\\"),
                )
            )
        with self._db.session() as session:
            return [_employee(row, count) for row, count in session.execute(query)]

    def update_employee(
        self,
        code: str,
        *,
        actor: str,
        name: str | None = None,
        department: str | Keep | None = KEEP,
        consent_at: datetime | Keep | None = KEEP,
    ) -> Employee:
        """Change name, department or consent time (``None`` clears the last two); audited."""
        new_name = None if name is None else _text(name, "employee name", NAME_LENGTH)
        department = _fits(department, "department", NAME_LENGTH)
        if isinstance(consent_at, datetime):
            consent_at = _utc(consent_at, "consent_at")

        def work(session: Session) -> Employee:
            row = self._employee_row(session, code)
            before = {"name": row.name, "department": row.department, "consent_at": row.consent_at}
            if new_name is not None:
                row.name = new_name
            if department is not KEEP:
                row.department = department
            if consent_at is not KEEP:
                row.consent_at = consent_at
            after = {"name": row.name, "department": row.department, "consent_at": row.consent_at}
            self._audit(session, actor, "update_employee", "employees", row.id, details={"before": before, "after": after})
            session.flush()
            found = self._load_employee(session, EmployeeRow.id == row.id)
            assert found is not None
            return found

        return self._write(work)

    def set_active(self, code: str, active: bool, *, actor: str) -> Employee:
        """Activate or deactivate an employee (inactive ones are left out of the gallery); audited."""

        def work(session: Session) -> Employee:
            row = self._employee_row(session, code)
            if row.active != active:
                row.deactivated_at = None if active else utcnow()
            row.active = active
            self._audit(session, actor, "activate" if active else "deactivate", "employees", row.id, details={"code": code})
            session.flush()
            found = self._load_employee(session, EmployeeRow.id == row.id)
            assert found is not None
            return found

        return self._write(work)

    def enrol(
        self,
        code: str,
        name: str,
        department: str | None,
        recognizer: str,
        vectors: np.ndarray,
        qualities: np.ndarray,
        *,
        consent_at: datetime | None = None,
        photos: Sequence[bytes] | None = None,
        replace_templates: bool = False,
        new_only: bool = False,
        actor: str = "system",
    ) -> Employee:
        """Create the employee (or reuse an existing code, fields unchanged) and add templates, atomically; audited.

        With ``new_only`` an existing code is refused (:class:`DuplicateError`) instead of reused: the
        form that checked the code as free may be minutes old.

        With ``replace_templates`` the employee's earlier templates are deleted (audited) in the same
        transaction, so a failed re-enrolment never leaves the employee without templates.
        """
        code, name = _code(code), _text(name, "employee name", NAME_LENGTH)
        department = _fits(department, "department", NAME_LENGTH)
        recognizer = _text(recognizer, "recognizer name", LABEL_LENGTH)
        consent_at = _utc(consent_at, "consent_at")
        vecs, quals = _template_arrays(vectors, qualities, photos)

        def work(session: Session) -> Employee:
            row = session.scalars(select(EmployeeRow).where(EmployeeRow.code == code)).one_or_none()
            created = row is None
            if row is None:
                row = self._insert_employee(session, code, name, department, consent_at)
            elif new_only:
                raise DuplicateError(f"employee code {code!r} is already taken by {row.name}")
            elif replace_templates:
                count = _rowcount(session.execute(delete(TemplateRow).where(TemplateRow.employee_id == row.id)))
                if count:
                    removed = {"code": code, "recognizer": None, "templates": count}
                    self._audit(session, actor, "delete_templates", "templates", row.id, "re-enrolment", removed)
            self._insert_templates(session, row.id, recognizer, vecs, quals, photos)
            details: dict[str, Any] = {
                "code": code, "new_employee": created, "recognizer": recognizer, "templates": len(vecs),
                "photos_kept": bool(photos), "consent_at": consent_at,
            }
            self._audit(session, actor, "enrol", "employees", row.id, details=details)
            found = self._load_employee(session, EmployeeRow.id == row.id)
            assert found is not None
            return found

        return self._write(work)

    def list_templates(self, employee_id: int) -> list[TemplateInfo]:
        query = (
            select(TemplateRow)
            .where(TemplateRow.employee_id == int(employee_id))
            .order_by(TemplateRow.id)
            .options(defer(TemplateRow.vector), defer(TemplateRow.photo))
        )
        photo_ids = select(TemplateRow.id).where(
            TemplateRow.employee_id == int(employee_id), TemplateRow.photo.is_not(None)
        )
        with self._db.session() as session:
            with_photo = set(session.scalars(photo_ids))
            return [
                TemplateInfo(t.id, t.employee_id, t.recognizer, t.dim, t.quality, t.created, t.id in with_photo)
                for t in session.scalars(query)
            ]

    def template_photo(self, template_id: int) -> bytes | None:
        """The kept photo of a template, if the admin chose to keep photos."""
        with self._db.session() as session:
            found = session.execute(
                select(TemplateRow.employee_id, TemplateRow.photo).where(TemplateRow.id == int(template_id))
            ).first()
        if found is None or found.photo is None:
            return None
        return self._unseal(found.photo, photo_context(found.employee_id), f"the kept photo of template {template_id}")

    def people_enrolled(self, recognizer: str) -> int:
        """Active employees with at least one template of ``recognizer``."""
        query = (
            select(func.count(func.distinct(TemplateRow.employee_id)))
            .join(EmployeeRow, TemplateRow.employee_id == EmployeeRow.id)
            .where(TemplateRow.recognizer == recognizer, EmployeeRow.active.is_(True))
        )
        with self._db.session() as session:
            return session.scalar(query) or 0

    def recognizers(self) -> dict[str, int]:
        """Template count per recognizer name."""
        query = select(TemplateRow.recognizer, func.count(TemplateRow.id)).group_by(TemplateRow.recognizer)
        with self._db.session() as session:
            return {name: count for name, count in session.execute(query)}

    def load_gallery(self, recognizer: str, employee_ids: Collection[int] | None = None) -> GalleryData:
        """Templates of ``recognizer`` for active employees (those of ``employee_ids`` only, when given: a running
        kiosk taking up a change), ordered by employee then template."""
        query = (
            select(TemplateRow.id, TemplateRow.employee_id, TemplateRow.dim, TemplateRow.vector, TemplateRow.quality, EmployeeRow.code)
            .join(EmployeeRow, TemplateRow.employee_id == EmployeeRow.id)
            .where(TemplateRow.recognizer == recognizer, EmployeeRow.active.is_(True))
            .order_by(TemplateRow.employee_id, TemplateRow.id)
        )
        if employee_ids is not None:
            query = query.where(TemplateRow.employee_id.in_([int(i) for i in employee_ids]))
        with self._db.session() as session:
            rows = session.execute(query).all()
        if not rows:
            nothing = np.zeros(0, np.int64)
            return GalleryData(recognizer, np.zeros((0, 0), np.float32), np.zeros(0, np.float32), nothing, nothing)
        dims = {row.dim for row in rows}
        if len(dims) != 1:
            raise GalleryError(f"recognizer {recognizer!r} has templates of several dimensions {sorted(dims)}")
        dim = dims.pop()
        plain = []
        for row in rows:
            vector = self._unseal(row.vector, template_context(row.employee_id, recognizer, dim), f"a template of employee {row.code}")
            if len(vector) != dim * VECTOR_DTYPE.itemsize:
                raise damaged(
                    self._db.name, f"a template of employee {row.code} holds {len(vector)} bytes instead of {dim * VECTOR_DTYPE.itemsize}"
                )
            plain.append(vector)
        vectors = np.frombuffer(b"".join(plain), VECTOR_DTYPE).reshape(len(rows), dim)
        return GalleryData(
            recognizer=recognizer,
            vectors=vectors.astype(np.float32),
            qualities=np.array([row.quality for row in rows], np.float32),
            employee_ids=np.array([row.employee_id for row in rows], np.int64),
            template_ids=np.array([row.id for row in rows], np.int64),
        )

    def delete_templates(
        self, code: str, recognizer: str | None = None, *, actor: str, reason: str | None = None
    ) -> int:
        """Delete an employee's templates (of one recognizer, or all); audited. Returns how many."""

        def work(session: Session) -> int:
            row = self._employee_row(session, code)
            query = delete(TemplateRow).where(TemplateRow.employee_id == row.id)
            if recognizer is not None:
                query = query.where(TemplateRow.recognizer == recognizer)
            count = _rowcount(session.execute(query))
            if count:
                details = {"code": code, "recognizer": recognizer, "templates": count}
                self._audit(session, actor, "delete_templates", "templates", row.id, reason, details)
            return count

        return self._write(work)
