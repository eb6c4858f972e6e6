"""ORM schema of the attendance database (SQLAlchemy 2.x typed declarative).

Every timestamp is stored in UTC through :class:`UTCDateTime`, which refuses naive datetimes.
Attendance events also keep the kiosk's UTC offset in minutes (``utc_offset_min``) so the
local wall time, and therefore the local working day, can be rebuilt exactly.
"""
from __future__ import annotations

from datetime import date, datetime, timezone

from sqlalchemy import (
    CheckConstraint,
    Date,
    DateTime,
    Dialect,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship
from sqlalchemy.types import TypeDecorator

CODE_LENGTH = 64
NAME_LENGTH = 200
LABEL_LENGTH = 100  # recognizer names, kiosk ids, actors, actions
UID_LENGTH = 32  # uuid4 hex
MAC_LENGTH = 64  # SHA-256 hex
INT64_MAX = 2**63 - 1  # the largest integer SQLite and PostgreSQL BIGINT hold


def utcnow() -> datetime:
    """The current time, aware, in UTC."""
    return datetime.now(timezone.utc)


class UTCDateTime(TypeDecorator[datetime]):
    """A timestamp stored as UTC; binding a naive datetime raises ``ValueError``, results are aware UTC."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if not isinstance(value, datetime):
            raise TypeError(f"expected a datetime, got {type(value).__name__}")
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError(f"naive datetime {value.isoformat()} refused: give a timezone-aware datetime")
        return value.astimezone(timezone.utc)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:  # SQLite keeps no offset: the stored value is UTC
            return value.replace(tzinfo=timezone.utc)
        return value.astimezone(timezone.utc)


class Base(DeclarativeBase):
    """Declarative base of all tables."""


class SchemaVersionRow(Base):
    """One row per applied migration step; the schema version is the largest ``version``."""

    __tablename__ = "schema_version"

    version: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    applied_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class EmployeeRow(Base):
    __tablename__ = "employees"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(CODE_LENGTH), unique=True)
    name: Mapped[str] = mapped_column(String(NAME_LENGTH))
    department: Mapped[str | None] = mapped_column(String(NAME_LENGTH), index=True)
    active: Mapped[bool] = mapped_column(default=True)
    created: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    consent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    deactivated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # when ``active`` last became False
    shift_id: Mapped[int | None] = mapped_column(ForeignKey("shifts.id", ondelete="SET NULL"))  # None: the department's

    templates: Mapped[list[TemplateRow]] = relationship(
        back_populates="employee", cascade="all, delete-orphan", passive_deletes=True
    )


class ShiftRow(Base):
    """A shift (``attendance.shifts.Shift``): local wall times "HH:MM", weekdays as "0,1,2,3,4" (0 = Monday)."""

    __tablename__ = "shifts"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(NAME_LENGTH), unique=True)
    start: Mapped[str] = mapped_column(String(5))
    end: Mapped[str] = mapped_column(String(5))
    break_minutes: Mapped[int] = mapped_column(default=0)
    grace_minutes: Mapped[int] = mapped_column(default=0)
    weekdays: Mapped[str] = mapped_column(String(13))
    flex_minutes: Mapped[int | None] = mapped_column(default=None)  # a flexible shift's hours asked for, with its core:
    core_start: Mapped[str | None] = mapped_column(String(5), default=None)
    core_end: Mapped[str | None] = mapped_column(String(5), default=None)
    created: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class DepartmentShiftRow(Base):
    """A department's default shift, for its employees without one of their own."""

    __tablename__ = "department_shifts"

    department: Mapped[str] = mapped_column(String(NAME_LENGTH), primary_key=True)
    shift_id: Mapped[int] = mapped_column(ForeignKey("shifts.id", ondelete="CASCADE"))


class LeaveRow(Base):
    """An employee's days off (vacation, sick, other), local days ``first`` to ``last`` inclusive."""

    __tablename__ = "leave"

    id: Mapped[int] = mapped_column(primary_key=True)
    employee_id: Mapped[int] = mapped_column(ForeignKey("employees.id", ondelete="CASCADE"), index=True)
    first: Mapped[date] = mapped_column(Date)
    last: Mapped[date] = mapped_column(Date)
    kind: Mapped[str] = mapped_column(String(16))
    note: Mapped[str | None] = mapped_column(String(NAME_LENGTH))
    created: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class HolidayRow(Base):
    """A company holiday."""

    __tablename__ = "holidays"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    name: Mapped[str] = mapped_column(String(NAME_LENGTH))


class TemplateRow(Base):
    """One face embedding: ``dim`` little-endian float32 values in ``vector``."""

    __tablename__ = "templates"

    id: Mapped[int] = mapped_column(primary_key=True)
    employee_id: Mapped[int] = mapped_column(ForeignKey("employees.id", ondelete="CASCADE"), index=True)
    recognizer: Mapped[str] = mapped_column(String(LABEL_LENGTH), index=True)
    dim: Mapped[int]
    vector: Mapped[bytes] = mapped_column(LargeBinary)
    quality: Mapped[float]
    created: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    photo: Mapped[bytes | None] = mapped_column(LargeBinary)  # only when the admin keeps photos

    employee: Mapped[EmployeeRow] = relationship(back_populates="templates")


class RejectedLookRow(Base):
    """A face the kiosk took for ``employee_id`` and the person said "not me" to: its embedding (sealed like a
    template) keeps that face from being taken for them again; its picture (sealed) is for the admin's review."""

    __tablename__ = "rejected_looks"

    id: Mapped[int] = mapped_column(primary_key=True)
    employee_id: Mapped[int] = mapped_column(ForeignKey("employees.id", ondelete="CASCADE"), index=True)
    recognizer: Mapped[str] = mapped_column(String(LABEL_LENGTH), index=True)
    dim: Mapped[int]
    vector: Mapped[bytes] = mapped_column(LargeBinary)
    face: Mapped[bytes | None] = mapped_column(LargeBinary)  # the mistaken face, JPEG, sealed
    event_uid: Mapped[str | None] = mapped_column(String(UID_LENGTH))  # the check-in it voided
    kiosk_id: Mapped[str] = mapped_column(String(LABEL_LENGTH))
    created: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # what the mistaken check-in rested on (for the review queue, also when it never reached the database)
    similarity: Mapped[float | None] = mapped_column(default=None)
    margin: Mapped[float | None] = mapped_column(default=None)
    looks: Mapped[int | None] = mapped_column(default=None)
    live_score: Mapped[float | None] = mapped_column(default=None)


class ReviewRow(Base):
    """How the admin resolved an item of the review queue (``services.review``): one row an item, audited."""

    __tablename__ = "review_resolutions"
    __table_args__ = (UniqueConstraint("kind", "item", name="uq_review_item"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))  # ReviewKind
    item: Mapped[str] = mapped_column(String(64))  # which one: a rejected look's id, an event's id, "id-id" of a pair
    resolution: Mapped[str] = mapped_column(String(16))  # Resolution
    actor: Mapped[str] = mapped_column(String(LABEL_LENGTH))
    note: Mapped[str | None] = mapped_column(Text)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class EventRow(Base):
    """A check-in or check-out: ``at`` in UTC plus the kiosk's UTC offset at that moment."""

    __tablename__ = "attendance_events"
    __table_args__ = (
        CheckConstraint("kind IN ('in', 'out')", name="ck_event_kind"),
        CheckConstraint("source IN ('auto', 'manual')", name="ck_event_source"),
        Index("ix_event_employee_at", "employee_id", "at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # RESTRICT: attendance history is never dropped implicitly with an employee
    employee_id: Mapped[int] = mapped_column(ForeignKey("employees.id", ondelete="RESTRICT"))
    kind: Mapped[str] = mapped_column(String(3))
    at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    utc_offset_min: Mapped[int]
    similarity: Mapped[float | None]
    margin: Mapped[float | None]
    kiosk_id: Mapped[str] = mapped_column(String(LABEL_LENGTH), index=True)
    track_id: Mapped[int | None]
    recognizer: Mapped[str | None] = mapped_column(String(LABEL_LENGTH))
    frame_index: Mapped[int | None]
    thumbnail: Mapped[bytes | None] = mapped_column(LargeBinary)
    voided: Mapped[bool] = mapped_column(default=False)
    source: Mapped[str] = mapped_column(String(6), default="auto")
    created: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # idempotency key of automatic events (AttendanceEvent.uid): a replayed event is stored once
    event_uid: Mapped[str | None] = mapped_column(String(UID_LENGTH), unique=True, index=True)
    method: Mapped[str | None] = mapped_column(String(8))  # "face" | "code" for automatic events, None for manual
    clock_off: Mapped[bool | None] = mapped_column(default=None)  # written by a kiosk whose clock was off by over a minute
    looks: Mapped[int | None] = mapped_column(default=None)  # embeddings the face's identity rested on
    live_score: Mapped[float | None] = mapped_column(default=None)  # the track's mean live score (None: not checked)

    employee: Mapped[EmployeeRow] = relationship()


class AttackRow(Base):
    """A presentation attack (a photo, a screen, a mask) the liveness check refused, for review."""

    __tablename__ = "presentation_attacks"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    utc_offset_min: Mapped[int]
    kiosk_id: Mapped[str] = mapped_column(String(LABEL_LENGTH), index=True)
    track_id: Mapped[int]
    live_score: Mapped[float]
    looks: Mapped[int]
    # SET NULL: deleting an employee keeps the attack on record, anonymous
    employee_id: Mapped[int | None] = mapped_column(ForeignKey("employees.id", ondelete="SET NULL"), index=True)
    similarity: Mapped[float | None]
    thumbnail: Mapped[bytes | None] = mapped_column(LargeBinary)
    created: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    attack_uid: Mapped[str] = mapped_column(String(UID_LENGTH), unique=True)

    employee: Mapped[EmployeeRow | None] = relationship()


class AuditRow(Base):
    """Who changed what and why; ``details`` is a JSON object as text."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    actor: Mapped[str] = mapped_column(String(LABEL_LENGTH))
    action: Mapped[str] = mapped_column(String(LABEL_LENGTH))
    target_table: Mapped[str] = mapped_column(String(LABEL_LENGTH))
    target_id: Mapped[int | None]
    reason: Mapped[str | None] = mapped_column(Text)
    details: Mapped[str | None] = mapped_column(Text)


class ChangeRow(Base):
    """A change running kiosks must apply (``attendance.changes``), written in the transaction that made it; the
    ids only grow, so a kiosk asks for those after the last one it applied."""

    __tablename__ = "change_log"
    __table_args__ = ({"sqlite_autoincrement": True},)  # an id is never used twice, even after a purge

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    kind: Mapped[str] = mapped_column(String(16))
    employee_id: Mapped[int | None]


class KioskRow(Base):
    """A running kiosk's last heartbeat (``attendance.store.fleet``): one row per kiosk id, replaced every beat."""

    __tablename__ = "kiosk_heartbeats"

    kiosk_id: Mapped[str] = mapped_column(String(LABEL_LENGTH), primary_key=True)
    host: Mapped[str] = mapped_column(String(LABEL_LENGTH))
    version: Mapped[str] = mapped_column(String(LABEL_LENGTH))
    models: Mapped[str] = mapped_column(String(NAME_LENGTH))
    liveness: Mapped[bool]
    backlog: Mapped[int]  # events waiting in its spool
    last_event_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    fps: Mapped[float]  # recognition frames per second
    clock_offset_s: Mapped[float]  # its clock minus the database server's
    seen_at: Mapped[datetime] = mapped_column(UTCDateTime)  # the server's clock at the beat
    started_at: Mapped[datetime] = mapped_column(UTCDateTime)


class MetaRow(Base):
    """Facts about the database itself: its id, the check value of its data key, and signed records
    (``value`` with ``mac``, an HMAC under the data key) such as the admin PIN and the accepted settings."""

    __tablename__ = "kiosk_meta"

    name: Mapped[str] = mapped_column(String(LABEL_LENGTH), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
    mac: Mapped[str | None] = mapped_column(String(MAC_LENGTH))


class ChainRow(Base):
    """One link of the attendance record's chain: an event, a void, an attack or an audit row as it
    was written (``digest``), and ``mac`` = HMAC(data key, previous mac + this link)."""

    __tablename__ = "record_chain"
    __table_args__ = (Index("ix_chain_target", "target_table", "target_id"),)

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    kind: Mapped[str] = mapped_column(String(LABEL_LENGTH))
    target_table: Mapped[str] = mapped_column(String(LABEL_LENGTH))
    target_id: Mapped[int]
    digest: Mapped[str] = mapped_column(String(MAC_LENGTH))
    mac: Mapped[str] = mapped_column(String(MAC_LENGTH))
