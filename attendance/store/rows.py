"""The store's own rules and row conversions: what a column holds, codes, templates, event rows; used by the
store's parts only (``attendance.store``)."""
from __future__ import annotations

import enum
import math
import re
import unicodedata
from collections.abc import Sequence
from datetime import datetime, timedelta, timezone
from typing import Any, TypeVar, cast

import numpy as np
from sqlalchemy import CursorResult, Result, Select, func, select
from sqlalchemy.orm import Session, defer

from attendance.errors import IneligibleError, StoreError
from attendance.models import (
    CODE_LENGTH,
    INT64_MAX,
    LABEL_LENGTH,
    UID_LENGTH,
    AuditRow,
    EmployeeRow,
    EventRow,
    MetaRow,
    TemplateRow,
)
from attendance.records import (
    AttendanceEvent,
    Employee,
    EventRecord,
    require_aware,
)
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
        clock_off=bool(row.clock_off),
        looks=row.looks,
        live_score=row.live_score,
        uid=row.event_uid,
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
