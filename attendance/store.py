"""The attendance store: employees, face templates, attendance events and the audit log.

Plain dataclasses go in and out (``attendance.records``); ORM rows never leave a session.
Every write is one transaction, retried with backoff while another writer holds the
database lock, up to ``lock_timeout_s`` (then ``DatabaseBusyError``, nothing written).
Voiding or adding events by hand, and deleting employees or templates, write audit rows.

Opening a store unlocks the database with its data key (``attendance.vault``): templates, kept photos
and thumbnails are sealed on the way in and opened on the way out (``attendance.sealing``), and every
event, void, deletion, attack and audit row is chained in the transaction that writes it
(``attendance.chain``).
"""
from __future__ import annotations

import enum
import json
import math
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import asdict
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any, TypeVar, cast

import numpy as np
from sqlalchemy import ColumnElement, CursorResult, Result, Select, delete, func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, defer

from attendance import vault
from attendance.chain import Chain, ChainHead, ChainState, LinkKind
from attendance.db import DEFAULT_LOCK_TIMEOUT_S, Database, damaged, retry_while_locked
from attendance.errors import DuplicateError, IneligibleError, NotFoundError, StoreError
from attendance.events import PresentationAttack
from attendance.keys import DataKey, KeyStore, default_keystore, refuse_key_beside
from attendance.models import (
    CODE_LENGTH,
    INT64_MAX,
    LABEL_LENGTH,
    NAME_LENGTH,
    UID_LENGTH,
    AttackRow,
    AuditRow,
    ChainRow,
    EmployeeRow,
    EventRow,
    MetaRow,
    TemplateRow,
    utcnow,
)
from attendance.records import (
    ERASURE_ACTIONS,
    EVENT_KINDS,
    AttackRecord,
    AttendanceEvent,
    AuditEntry,
    Employee,
    ErasureReceipt,
    EventFilter,
    EventKind,
    EventRecord,
    GalleryData,
    PurgeCounts,
    TemplateInfo,
    require_aware,
)
from attendance.sealing import (
    SealError,
    attack_thumbnail_context,
    event_thumbnail_context,
    photo_context,
    seal,
    seal_optional,
    template_context,
    unseal,
)
from attendance.signed import SignedRecords, StaleRecordError
from core.errors import GalleryError
from core.text import visible

T = TypeVar("T")
CODE_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")
FUTURE_TOLERANCE = timedelta(minutes=5)  # a correction may be this far ahead of this computer's clock
VECTOR_DTYPE = np.dtype("<f4")  # templates are stored as little-endian float32 bytes


class Keep(enum.Enum):
    """Marker for ``update_employee``: leave this field as it is."""

    KEEP = enum.auto()


KEEP = Keep.KEEP


def _text(value: str, what: str, max_length: int | None = None) -> str:
    value = value.strip() if isinstance(value, str) else ""
    if not value:
        raise StoreError(f"{what} must not be empty")
    return _fits(value, what, max_length)


def _fits(value: T, what: str, max_length: int | None) -> T:
    """``value`` unless it is a string longer than its column (PostgreSQL would refuse it, SQLite store it) or
    one with a control character (a bell, an escape sequence for the terminal, a line break in a CSV cell)."""
    if isinstance(value, str):
        if max_length is not None and len(value) > max_length:
            raise StoreError(f"{what} is longer than {max_length} characters: {value[:20]!r}...")
        controls = [f"U+{ord(ch):04X}" for ch in value if unicodedata.category(ch) == "Cc"]
        if controls:
            raise StoreError(f"{what} {visible(value)!r} contains a control character ({', '.join(controls)}): type it without")
    return value


def _code(value: str) -> str:
    """An employee code: it names files and goes on command lines, so letters and digits (ASCII), then
    also ``.``, ``_`` and ``-``."""
    code = _text(value, "employee code", CODE_LENGTH)
    if not CODE_PATTERN.fullmatch(code):
        raise StoreError(
            f"employee code {visible(code)!r}: use letters and digits, then also . _ - (no spaces, no / or \\), "
            "starting with a letter or a digit"
        )
    return code


def _check_event(event: AttendanceEvent) -> None:
    """``StoreError`` for an event no column can hold: NaN scores, numbers beyond 64 bits, over-long text."""
    for what, number in (("similarity", event.similarity), ("margin", event.margin)):
        if number is not None and not math.isfinite(number):
            raise StoreError(f"event {what} must be a finite number, got {number}")
    for what, integer in (("employee id", event.employee_id), ("track id", event.track_id), ("frame index", event.frame_index)):
        if integer is not None and not -INT64_MAX - 1 <= integer <= INT64_MAX:
            raise StoreError(f"event {what} {integer} does not fit in 64 bits")
    _fits(event.kiosk_id, "kiosk id", LABEL_LENGTH)
    _fits(event.recognizer, "recognizer name", LABEL_LENGTH)
    _fits(event.uid, "event uid", UID_LENGTH)


def _utc(value: datetime | None, what: str) -> datetime | None:
    """``value`` in UTC (``ValueError`` if naive); None stays None."""
    return None if value is None else require_aware(value, what).astimezone(timezone.utc)


def _offset_minutes(at: datetime) -> int:
    offset = at.utcoffset()
    assert offset is not None  # checked by require_aware
    return round(offset.total_seconds() / 60)


def _template_arrays(
    vectors: np.ndarray | Sequence[np.ndarray], qualities: np.ndarray | Sequence[float], photos: Sequence[bytes] | None
) -> tuple[np.ndarray, np.ndarray]:
    """Check a batch of templates: (N, D) finite vectors, (N,) finite qualities, N photos if any."""
    try:
        vecs = np.asarray(vectors, dtype=VECTOR_DTYPE)
        quals = np.asarray(qualities, dtype=np.float32)
    except (ValueError, TypeError) as exc:
        raise ValueError(f"template vectors must be one (N, D) array of numbers: {exc}") from None
    if vecs.ndim != 2 or vecs.shape[0] == 0 or vecs.shape[1] == 0:
        raise ValueError(f"template vectors must be (N, D) with N, D >= 1, got shape {vecs.shape}")
    if quals.shape != (len(vecs),):
        raise ValueError(f"expected {len(vecs)} qualities, got shape {quals.shape}")
    if not (np.isfinite(vecs).all() and np.isfinite(quals).all()):
        raise ValueError("template vectors and qualities must be finite")
    if photos is not None and (len(photos) != len(vecs) or not all(isinstance(p, bytes) for p in photos)):
        raise ValueError(f"photos must be {len(vecs)} encoded images (bytes), one per vector")
    return vecs, quals


def _template_count() -> Any:
    return (
        select(func.count(TemplateRow.id)).where(TemplateRow.employee_id == EmployeeRow.id).scalar_subquery()
    )


def _employee(row: EmployeeRow, template_count: int) -> Employee:
    return Employee(
        row.id, row.code, row.name, row.department, row.active, row.created, row.consent_at, template_count
    )


def _event(row: EventRow, code: str, name: str, department: str | None, has_thumbnail: bool) -> EventRecord:
    local = timezone(timedelta(minutes=row.utc_offset_min))
    return EventRecord(
        id=row.id,
        employee_id=row.employee_id,
        employee_code=code,
        employee_name=name,
        department=department,
        kind=row.kind,  # type: ignore[arg-type]  # CHECK constraint: 'in' | 'out'
        at=row.at.astimezone(local),
        similarity=row.similarity,
        margin=row.margin,
        kiosk_id=row.kiosk_id,
        track_id=row.track_id,
        recognizer=row.recognizer,
        frame_index=row.frame_index,
        voided=row.voided,
        source=row.source,  # type: ignore[arg-type]  # CHECK constraint: 'auto' | 'manual'
        created=row.created,
        has_thumbnail=has_thumbnail,
        method=row.method,
    )


def _rowcount(result: Result[Any]) -> int:
    """The rows a DELETE or UPDATE touched (SQLAlchemy types ``execute``'s result as a plain ``Result``)."""
    return int(cast(CursorResult[Any], result).rowcount)


def _event_select() -> Select[EventRow, str, str, str | None, bool]:
    return (
        select(
            EventRow,
            EmployeeRow.code,
            EmployeeRow.name,
            EmployeeRow.department,
            EventRow.thumbnail.is_not(None),
        )
        .join(EmployeeRow, EventRow.employee_id == EmployeeRow.id)
        .options(defer(EventRow.thumbnail))
    )


class AttendanceStore:
    """Repository over a :class:`Database`; safe to share between threads (one session per call)."""

    def __init__(
        self, db: Database, *, keys: KeyStore | None = None, lock_timeout_s: float = DEFAULT_LOCK_TIMEOUT_S
    ) -> None:
        """Unlock ``db`` with its data key from ``keys`` (default: ``default_keystore()``), sealing it the first time.

        ``KeyMissingError`` when the database is sealed with a key ``keys`` lacks.
        """
        self._db = db
        self._lock_timeout_s = lock_timeout_s
        self._keys = keys if keys is not None else default_keystore()
        if db.engine.dialect.name == "sqlite" and db.engine.url.database:
            refuse_key_beside(self._keys, Path(db.name).parent)
        self._key = vault.unlock(db, self._keys, lock_timeout_s)
        self._chain = Chain(self._key)

    @property
    def key(self) -> DataKey:
        """The data key (for the records signed with it: the admin PIN, the accepted settings)."""
        return self._key

    def _audit(
        self,
        session: Session,
        actor: str,
        action: str,
        target_table: str,
        target_id: int | None,
        reason: str | None = None,
        details: dict[str, Any] | None = None,
        at: datetime | None = None,
    ) -> None:
        """Write an audit row and chain it, in the caller's transaction."""
        row = AuditRow(
            at=at or utcnow(),
            actor=_text(actor, "actor", LABEL_LENGTH),
            action=action,
            target_table=target_table,
            target_id=target_id,
            reason=reason,
            details=json.dumps(details, sort_keys=True, default=str) if details else None,
        )
        session.add(row)
        session.flush()
        self._chain.append_row(session, row)

    # -- plumbing ----------------------------------------------------------------------------

    def close(self) -> None:
        """Release the database connections."""
        self._db.close()

    def _unseal(self, sealed: bytes, context: bytes, what: str) -> bytes:
        try:
            return unseal(self._key, sealed, context)
        except SealError as exc:
            raise damaged(self._db.name, f"{what} {exc}") from None

    def _write(self, work: Callable[[Session], T]) -> T:
        """Run ``work`` in one transaction, retried with backoff while the database is locked."""

        def attempt() -> T:
            with self._db.session() as session:
                return work(session)

        return retry_while_locked(attempt, self._lock_timeout_s)

    @staticmethod
    def _employee_row(session: Session, code: str) -> EmployeeRow:
        row = session.scalars(select(EmployeeRow).where(EmployeeRow.code == code)).one_or_none()
        if row is None:
            raise NotFoundError(f"no employee with code {code!r}")
        return row

    @staticmethod
    def _load_employee(session: Session, *where: ColumnElement[bool]) -> Employee | None:
        found = session.execute(select(EmployeeRow, _template_count()).where(*where)).one_or_none()
        return None if found is None else _employee(found[0], found[1])

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

    # -- employees -----------------------------------------------------------------------------

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
                event_thumbnails, attack_thumbnails, spool_thumbnails, deleted_events, delete_employee,
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

    # -- templates -----------------------------------------------------------------------------

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

    def load_gallery(self, recognizer: str) -> GalleryData:
        """Templates of ``recognizer`` for active employees, ordered by employee then template."""
        query = (
            select(TemplateRow.id, TemplateRow.employee_id, TemplateRow.dim, TemplateRow.vector, TemplateRow.quality, EmployeeRow.code)
            .join(EmployeeRow, TemplateRow.employee_id == EmployeeRow.id)
            .where(TemplateRow.recognizer == recognizer, EmployeeRow.active.is_(True))
            .order_by(TemplateRow.employee_id, TemplateRow.id)
        )
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

    # -- attendance events ---------------------------------------------------------------------

    def add_event(self, event: AttendanceEvent) -> int:
        """Store an automatic event in its own transaction; returns its id.

        Idempotent: an event whose ``uid`` is already stored is not stored again (its id is
        returned). Waits (with backoff) while another writer holds the lock, then raises
        ``DatabaseBusyError``: the caller keeps the event and retries later.
        """
        offset = _offset_minutes(event.at)
        _check_event(event)

        def work(session: Session) -> int:
            stored = session.scalar(select(EventRow.id).where(EventRow.event_uid == event.uid))
            if stored is not None:
                return stored
            _check_eligible(session, event)
            row = EventRow(
                employee_id=event.employee_id,
                kind=event.kind,
                at=event.at,
                utc_offset_min=offset,
                similarity=event.similarity,
                margin=event.margin,
                kiosk_id=event.kiosk_id,
                track_id=event.track_id,
                recognizer=event.recognizer,
                frame_index=event.frame_index,
                thumbnail=seal_optional(self._key, event.thumbnail, event_thumbnail_context(event.employee_id)),
                voided=False,
                source="auto",
                created=utcnow(),
                event_uid=event.uid,
                method=event.method,
            )
            session.add(row)
            try:
                session.flush()
            except IntegrityError as exc:
                raise NotFoundError(f"cannot store the event: no employee with id {event.employee_id}") from exc
            self._chain.append_row(session, row)
            return row.id

        return self._write(work)

    def add_manual_event(
        self, code: str, kind: EventKind, at: datetime, *, reason: str, actor: str, kiosk_id: str = "manual",
        allow_future: bool = False,
    ) -> int:
        """Record a check-in/out by hand (e.g. a forgotten check-out); audited. Returns its id. A time in the
        future (beyond FUTURE_TOLERANCE) is refused unless ``allow_future``: a typo a year ahead would
        otherwise answer "already in" to that person's every check-in until then."""
        if kind not in EVENT_KINDS:
            raise StoreError(f"event kind must be 'in' or 'out', got {kind!r}")
        require_aware(at, "event time")
        reason = _text(reason, "reason")
        if not allow_future and at > utcnow() + FUTURE_TOLERANCE:
            raise StoreError(
                f"{at.isoformat(timespec='minutes')} is in the future: a correction records what happened "
                "(pass --force if you mean it)"
            )

        def work(session: Session) -> int:
            employee = self._employee_row(session, code)
            row = EventRow(
                employee_id=employee.id,
                kind=kind,
                at=at,
                utc_offset_min=_offset_minutes(at),
                kiosk_id=kiosk_id,
                voided=False,
                source="manual",
                created=utcnow(),
            )
            session.add(row)
            session.flush()
            self._chain.append_row(session, row)
            details = {"code": code, "kind": kind, "at": at.isoformat(), "kiosk_id": kiosk_id}
            self._audit(session, actor, "add_manual_event", "attendance_events", row.id, reason, details)
            return row.id

        return self._write(work)

    def void_event(self, event_id: int, *, reason: str, actor: str) -> None:
        """Mark an event void (kept, but left out of default queries); audited."""
        reason = _text(reason, "reason")

        def work(session: Session) -> None:
            row = session.get(EventRow, int(event_id), options=[defer(EventRow.thumbnail)])
            if row is None:
                raise NotFoundError(f"no attendance event with id {event_id}")
            if row.voided:
                raise StoreError(f"attendance event {event_id} is already void")
            row.voided = True
            self._chain.append_marker(session, LinkKind.VOID, EventRow.__tablename__, row.id)
            details = {"employee_id": row.employee_id, "kind": row.kind, "at": row.at.isoformat()}
            self._audit(session, actor, "void_event", "attendance_events", event_id, reason, details)

        self._write(work)

    @staticmethod
    def _event_filters(wanted: EventFilter) -> list[ColumnElement[bool]]:
        filters: list[ColumnElement[bool]] = []
        if wanted.start is not None:
            filters.append(EventRow.at >= wanted.start)
        if wanted.end is not None:
            filters.append(EventRow.at < wanted.end)
        if wanted.employee_code is not None:
            filters.append(EmployeeRow.code == wanted.employee_code)
        if wanted.kiosk_id is not None:
            filters.append(EventRow.kiosk_id == wanted.kiosk_id)
        if wanted.department is not None:
            filters.append(EmployeeRow.department == wanted.department)
        if not wanted.include_voided:
            filters.append(EventRow.voided.is_(False))
        return filters

    def events(
        self,
        wanted: EventFilter = EventFilter(),
        *,
        newest_first: bool = False,
        limit: int | None = None,
        offset: int = 0,
    ) -> list[EventRecord]:
        """The events ``wanted`` selects, ordered by time then id (``newest_first`` reverses), one page if ``limit``."""
        order = (EventRow.at.desc(), EventRow.id.desc()) if newest_first else (EventRow.at, EventRow.id)
        query = _event_select().where(*self._event_filters(wanted)).order_by(*order).offset(offset).limit(limit)
        with self._db.session() as session:
            return [_event(*row) for row in session.execute(query)]

    def count_events(self, wanted: EventFilter = EventFilter()) -> int:
        """How many events ``events`` would return without paging."""
        query = (
            select(func.count(EventRow.id))
            .join(EmployeeRow, EventRow.employee_id == EmployeeRow.id)
            .where(*self._event_filters(wanted))
        )
        with self._db.session() as session:
            return session.scalar(query) or 0

    # -- presentation attacks ------------------------------------------------------------------

    def add_attack(self, attack: PresentationAttack) -> int:
        """Store a presentation attack in its own transaction (idempotent by ``uid``); returns its id."""
        offset = _offset_minutes(attack.at)
        for what, number in (("live score", attack.live_score), ("similarity", attack.similarity)):
            if number is not None and not math.isfinite(number):
                raise StoreError(f"attack {what} must be a finite number, got {number}")
        _fits(attack.kiosk_id, "kiosk id", LABEL_LENGTH)
        _fits(attack.uid, "attack uid", UID_LENGTH)

        def work(session: Session) -> int:
            stored = session.scalar(select(AttackRow.id).where(AttackRow.attack_uid == attack.uid))
            if stored is not None:
                return stored
            employee_id = attack.employee_id
            if employee_id is not None and session.get(EmployeeRow, employee_id) is None:
                employee_id = None  # deleted while the kiosk ran: the attack stays on record, anonymous
            row = AttackRow(
                at=attack.at, utc_offset_min=offset, kiosk_id=attack.kiosk_id, track_id=attack.track_id,
                live_score=attack.live_score, looks=attack.looks, employee_id=employee_id,
                similarity=attack.similarity, created=utcnow(), attack_uid=attack.uid,
                thumbnail=seal_optional(self._key, attack.thumbnail, attack_thumbnail_context(attack.uid)),
            )
            session.add(row)
            session.flush()
            self._chain.append_row(session, row)
            return row.id

        return self._write(work)

    def attacks(self, start: datetime | None = None, end: datetime | None = None, kiosk_id: str | None = None) -> list[AttackRecord]:
        """Presentation attacks with ``start <= at < end`` (either open), newest first."""
        query = (
            select(AttackRow, EmployeeRow.code, EmployeeRow.name, AttackRow.thumbnail.is_not(None))
            .outerjoin(EmployeeRow, AttackRow.employee_id == EmployeeRow.id)
            .options(defer(AttackRow.thumbnail))
            .order_by(AttackRow.at.desc(), AttackRow.id.desc())
        )
        if start is not None:
            query = query.where(AttackRow.at >= _utc(start, "start"))
        if end is not None:
            query = query.where(AttackRow.at < _utc(end, "end"))
        if kiosk_id is not None:
            query = query.where(AttackRow.kiosk_id == kiosk_id)
        with self._db.session() as session:
            return [
                AttackRecord(
                    row.id, row.at.astimezone(timezone(timedelta(minutes=row.utc_offset_min))), row.kiosk_id,
                    row.track_id, row.live_score, row.looks, row.employee_id, code, name, row.similarity, bool(kept),
                )
                for row, code, name, kept in session.execute(query)
            ]

    def kiosk_ids(self) -> list[str]:
        """Every kiosk id found in the log (from its index), sorted."""
        with self._db.session() as session:
            return sorted(session.scalars(select(EventRow.kiosk_id).distinct()))

    def last_event_for(
        self,
        employee_id: int,
        *,
        since: datetime | None = None,
        until: datetime | None = None,
        kind: EventKind | None = None,
        include_voided: bool = False,
    ) -> EventRecord | None:
        """The employee's latest event (at or after ``since``, before ``until``, of ``kind`` if given); None if
        there is none."""
        query = _event_select().where(EventRow.employee_id == int(employee_id))
        if since is not None:
            query = query.where(EventRow.at >= require_aware(since, "since"))
        if until is not None:
            query = query.where(EventRow.at < require_aware(until, "until"))
        if kind is not None:
            query = query.where(EventRow.kind == kind)
        if not include_voided:
            query = query.where(EventRow.voided.is_(False))
        query = query.order_by(EventRow.at.desc(), EventRow.id.desc()).limit(1)
        with self._db.session() as session:
            row = session.execute(query).first()
            return None if row is None else _event(*row)

    def event_thumbnail(self, event_id: int) -> bytes | None:
        """The encoded face thumbnail stored with an event, if any."""
        with self._db.session() as session:
            found = session.execute(select(EventRow.employee_id, EventRow.thumbnail).where(EventRow.id == int(event_id))).first()
        if found is None or found.thumbnail is None:
            return None
        return self._unseal(found.thumbnail, event_thumbnail_context(found.employee_id), f"the thumbnail of event {event_id}")

    # -- audit ---------------------------------------------------------------------------------

    def note_clock_jump(self, seconds: float, kiosk_id: str) -> None:
        """Audit (and so chain) a jump of this computer's clock seen by a running kiosk."""
        details = {"kiosk": kiosk_id, "seconds": round(seconds)}
        self._write(lambda session: self._audit(session, "system", "clock_jump", "kiosk_meta", None, details=details))

    def audit_log(
        self,
        *,
        target_table: str | None = None,
        target_id: int | None = None,
        limit: int | None = 100,
        offset: int = 0,
    ) -> list[AuditEntry]:
        """Audit entries, newest first."""
        query = select(AuditRow).order_by(AuditRow.at.desc(), AuditRow.id.desc()).offset(offset).limit(limit)
        if target_table is not None:
            query = query.where(AuditRow.target_table == target_table)
        if target_id is not None:
            query = query.where(AuditRow.target_id == target_id)
        with self._db.session() as session:
            return [
                AuditEntry(
                    a.id, a.at, a.actor, a.action, a.target_table, a.target_id, a.reason,
                    json.loads(a.details) if a.details else {},
                )
                for a in session.scalars(query)
            ]

    # -- retention -----------------------------------------------------------------------------

    def faces_unused_since(self, before: datetime) -> list[str]:
        """Codes of employees with biometric data (templates, or face thumbnails) who were deactivated before
        ``before``, or whose last interaction (enrolment, new templates, an attendance event) is before it."""
        before = require_aware(before, "before")
        last_event = select(func.max(EventRow.at)).where(EventRow.employee_id == EmployeeRow.id).scalar_subquery()
        last_template = select(func.max(TemplateRow.created)).where(TemplateRow.employee_id == EmployeeRow.id).scalar_subquery()
        has_face = or_(
            select(TemplateRow.id).where(TemplateRow.employee_id == EmployeeRow.id).exists(),
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

    # -- the tamper-evident record, signed records, the data key -------------------------------

    def verify_record(self, *, incremental: bool = False) -> ChainState:
        """Walk the attendance record's chain: intact, or the first row that does not match. ``incremental``:
        only what was written since the last intact verification (reports, the Attendance page); every
        intact verification becomes the next one's starting point."""
        with self._db.session() as session:
            since = self._chain.checkpoint(session) if incremental else None
            state = self._chain.verify(session, since)
        if state.intact:
            try:
                self._write(lambda session: self._chain.mark_verified(session, state))
            except StoreError:
                pass  # a read-only or busy database: the next verification starts further back, no harm
        return state

    def record_head(self) -> ChainHead | None:
        """The newest link of the chain, for a report to carry (None: nothing chained yet)."""
        with self._db.session() as session:
            return self._chain.head(session)

    def in_record(self, head: ChainHead) -> bool:
        """Whether ``head`` (from a report) is a link of this record's chain."""
        with self._db.session() as session:
            return session.scalar(select(ChainRow.mac).where(ChainRow.seq == head.seq)) == head.mac

    def signed_record(self, name: str) -> str | None:
        """A record signed with the data key; ``TamperedError`` when it was edited outside the app, or is an
        older copy of itself put back (a replayed PIN record would bring back an old PIN and clear a lockout)."""
        with self._db.session() as session:
            value = SignedRecords(self._key).get(session, name)
            if value is not None and not self._chain.is_fresh(session, name, value):
                raise StaleRecordError(f"the database's {name.replace('_', ' ')} record is an older copy put back outside the app: refused")
            return value

    def put_signed_record(
        self, name: str, value: str, *, actor: str | None = None, action: str | None = None, details: dict[str, Any] | None = None
    ) -> None:
        """Sign and store a record; audited when ``action`` is given."""

        def work(session: Session) -> None:
            SignedRecords(self._key).put(session, name, value)
            self._chain.append_signed(session, name, value)
            if action is not None:
                self._audit(session, actor or "system", action, "kiosk_meta", None, details=details)

        self._write(work)

    def rotate_key(self, *, actor: str) -> DataKey:
        """A new data key for everything sealed, signed and chained; audited. Refused while the record does not verify."""
        self._key = vault.rotate_key(self._db, self._keys, self._key, actor, self._lock_timeout_s)
        self._chain = Chain(self._key)
        return self._key

    def export_key(self, target: Path, *, actor: str) -> None:
        """Write the data key to ``target`` (0600), for a backup kept apart from the database's; audited."""
        vault.export_key(self._db, self._key, target)
        details = {"file": str(Path(target).resolve()), "generation": self._key.generation}
        self._write(lambda session: self._audit(session, actor, "export_key", "kiosk_meta", None, details=details))

    @property
    def keys_where(self) -> str:
        return self._keys.where


EMPLOYEE_ID_HIGH = "employee_id_high"  # kiosk_meta: the highest employee id ever given (SQLite reuses freed ids)


def _new_employee_id(session: Session) -> int | None:
    """The id of a new employee: on SQLite above every id ever given, so a deleted employee's id never
    names someone else (a running kiosk may still hold it); PostgreSQL's sequence never reuses one (None)."""
    if session.get_bind().dialect.name != "sqlite":
        return None
    mark = session.get(MetaRow, EMPLOYEE_ID_HIGH)
    used = [
        int(mark.value) if mark is not None else 0,
        session.scalar(select(func.max(EmployeeRow.id))) or 0,
        session.scalar(select(func.max(EventRow.employee_id))) or 0,
        session.scalar(select(func.max(AuditRow.target_id)).where(AuditRow.target_table == "employees")) or 0,
    ]
    new_id = max(used) + 1
    if mark is None:
        session.add(MetaRow(name=EMPLOYEE_ID_HIGH, value=str(new_id), mac=None))
    else:
        mark.value = str(new_id)
    return new_id


def _check_eligible(session: Session, event: AttendanceEvent) -> None:
    """``IneligibleError`` unless the event's employee exists, is active and (for a face check-in) holds
    templates of the recognizer that matched them (templates exist only with consent: a withdrawal destroys
    them): the store decides, whatever a running kiosk's memory says."""
    row = session.get(EmployeeRow, event.employee_id)
    if row is None:
        raise IneligibleError(f"employee {event.employee_id} no longer exists")
    if not row.active:
        raise IneligibleError(f"employee {event.employee_id} is deactivated")
    if event.method == "face":
        has = session.scalar(
            select(TemplateRow.id).where(TemplateRow.employee_id == row.id, TemplateRow.recognizer == event.recognizer).limit(1)
        )
        if has is None:
            raise IneligibleError(f"employee {event.employee_id} has no {event.recognizer} templates")

