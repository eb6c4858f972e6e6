"""Versioned schema migrations.

``MIGRATIONS`` is an ordered list of ``(version, step)``; each step takes a ``Connection``
inside its own transaction. Step 1 creates the tables from the current models, so a new
database is complete after it and is stamped with the latest version at once; an existing
database gets each missing step in order, one transaction per step. Only append steps.
"""
from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence

from sqlalchemy import Connection, Engine, Table, func, insert, inspect, select, text

from attendance.errors import SchemaError
from attendance.models import (
    UID_LENGTH,
    AttackRow,
    Base,
    ChainRow,
    ChangeRow,
    DepartmentShiftRow,
    HolidayRow,
    KioskRow,
    LeaveRow,
    MetaRow,
    RejectedLookRow,
    ReviewRow,
    SchemaVersionRow,
    ShiftRow,
    utcnow,
)

Migration = Callable[[Connection], None]
_MIGRATION_LOCK_KEY = 0x6B696F736B  # PostgreSQL advisory lock held while a program reads and migrates the schema


DATABASE_ID = "database_id"  # the kiosk_meta row naming this database (its data key is found by it)


def _identify(conn: Connection) -> None:
    """Give the database a random id, unless it has one."""
    if conn.execute(select(MetaRow.name).where(MetaRow.name == DATABASE_ID)).first() is None:
        conn.execute(insert(MetaRow).values(name=DATABASE_ID, value=uuid.uuid4().hex, mac=None))


def _create_tables(conn: Connection) -> None:
    Base.metadata.create_all(conn)
    _identify(conn)


def _add_event_uid(conn: Connection) -> None:
    """Version 2: ``attendance_events.event_uid``, the idempotency key of automatic events."""
    conn.execute(text(f"ALTER TABLE attendance_events ADD COLUMN event_uid VARCHAR({UID_LENGTH})"))
    conn.execute(text("CREATE UNIQUE INDEX ix_attendance_events_event_uid ON attendance_events (event_uid)"))


def _table(model: type[Base]) -> Table:
    """The table a model maps (typed: SQLAlchemy types ``__table__`` as any FROM clause)."""
    return Base.metadata.tables[model.__tablename__]


def _add_presentation_attacks(conn: Connection) -> None:
    """Version 3: the ``presentation_attacks`` table the liveness check fills."""
    _table(AttackRow).create(conn, checkfirst=True)  # step 1 of a newer program made it already


def _add_security_tables(conn: Connection) -> None:
    """Version 4: ``kiosk_meta`` (the database's id, its key check, signed records) and ``record_chain``."""
    _table(MetaRow).create(conn, checkfirst=True)
    _table(ChainRow).create(conn, checkfirst=True)
    _identify(conn)


def _add_deactivated_at(conn: Connection) -> None:
    """Version 5: ``employees.deactivated_at`` (retention counts from it), filled from the audit log."""
    if "deactivated_at" not in {column["name"] for column in inspect(conn).get_columns("employees")}:  # step 1 made it
        conn.execute(text("ALTER TABLE employees ADD COLUMN deactivated_at TIMESTAMP WITH TIME ZONE"))
    conn.execute(text(
        "UPDATE employees SET deactivated_at = (SELECT MAX(audit_log.at) FROM audit_log WHERE audit_log.action = 'deactivate' "
        "AND audit_log.target_table = 'employees' AND audit_log.target_id = employees.id) WHERE active = false"
    ))


def _add_event_method(conn: Connection) -> None:
    """Version 6: ``attendance_events.method``, how the employee was identified ("face", "code")."""
    if "method" not in {column["name"] for column in inspect(conn).get_columns("attendance_events")}:
        conn.execute(text("ALTER TABLE attendance_events ADD COLUMN method VARCHAR(8)"))


def _add_shifts(conn: Connection) -> None:
    """Version 7: ``shifts``, ``department_shifts`` and ``employees.shift_id``; old events keep their meaning."""
    for model in (ShiftRow, DepartmentShiftRow):
        _table(model).create(conn, checkfirst=True)
    if "shift_id" not in {column["name"] for column in inspect(conn).get_columns("employees")}:
        conn.execute(text("ALTER TABLE employees ADD COLUMN shift_id INTEGER REFERENCES shifts (id) ON DELETE SET NULL"))


def _add_time_off(conn: Connection) -> None:
    """Version 8: ``leave`` and ``holidays``."""
    for model in (LeaveRow, HolidayRow):
        _table(model).create(conn, checkfirst=True)


def _add_flexible_shifts(conn: Connection) -> None:
    """Version 9: ``shifts.flex_minutes``, ``core_start`` and ``core_end`` (a flexible shift); old shifts stay fixed."""
    present = {column["name"] for column in inspect(conn).get_columns("shifts")}
    for name, kind in (("flex_minutes", "INTEGER"), ("core_start", "VARCHAR(5)"), ("core_end", "VARCHAR(5)")):
        if name not in present:
            conn.execute(text(f"ALTER TABLE shifts ADD COLUMN {name} {kind}"))


def _add_change_log(conn: Connection) -> None:
    """Version 10: ``change_log``, the changes running kiosks apply (``attendance.changes``)."""
    _table(ChangeRow).create(conn, checkfirst=True)


def _add_heartbeats(conn: Connection) -> None:
    """Version 11: ``kiosk_heartbeats`` (the fleet in view) and ``attendance_events.clock_off`` (a punch from a kiosk
    whose clock was off)."""
    _table(KioskRow).create(conn, checkfirst=True)
    if "clock_off" not in {column["name"] for column in inspect(conn).get_columns("attendance_events")}:
        conn.execute(text("ALTER TABLE attendance_events ADD COLUMN clock_off BOOLEAN"))


def _add_rejected_looks(conn: Connection) -> None:
    """Version 12: ``rejected_looks``, the faces people said "not me" to at a kiosk."""
    _table(RejectedLookRow).create(conn, checkfirst=True)


def _add_review(conn: Connection) -> None:
    """Version 13: ``review_resolutions`` (the review queue's resolved items); ``looks`` and ``live_score`` of
    ``attendance_events``, and those with ``similarity`` and ``margin`` of ``rejected_looks`` (what a check-in's
    identity and liveness rested on)."""
    _table(ReviewRow).create(conn, checkfirst=True)
    wanted = {
        "attendance_events": (("looks", "INTEGER"), ("live_score", "FLOAT")),
        "rejected_looks": (("similarity", "FLOAT"), ("margin", "FLOAT"), ("looks", "INTEGER"), ("live_score", "FLOAT")),
    }
    for table, columns in wanted.items():
        present = {column["name"] for column in inspect(conn).get_columns(table)}
        for name, kind in columns:
            if name not in present:
                conn.execute(text(f"ALTER TABLE {table} ADD COLUMN {name} {kind}"))


MIGRATIONS: Sequence[tuple[int, Migration]] = (
    (1, _create_tables),
    (2, _add_event_uid),
    (3, _add_presentation_attacks),
    (4, _add_security_tables),
    (5, _add_deactivated_at),
    (6, _add_event_method),
    (7, _add_shifts),
    (8, _add_time_off),
    (9, _add_flexible_shifts),
    (10, _add_change_log),
    (11, _add_heartbeats),
    (12, _add_rejected_looks),
    (13, _add_review),
)


def schema_version(conn: Connection) -> int:
    """The database's schema version; 0 for a database without tables."""
    if not inspect(conn).has_table(SchemaVersionRow.__tablename__):
        return 0
    return conn.execute(select(func.max(SchemaVersionRow.version))).scalar_one_or_none() or 0


def _lock_schema(conn: Connection) -> None:
    """PostgreSQL: wait until no other program is migrating (SQLite's single write lock does that by itself)."""
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _MIGRATION_LOCK_KEY})


def _record(conn: Connection, version: int) -> None:
    conn.execute(insert(SchemaVersionRow).values(version=version, applied_at=utcnow()))


def migrate(engine: Engine, steps: Sequence[tuple[int, Migration]] = MIGRATIONS) -> int:
    """Bring the schema up to the latest version in ``steps`` and return that version.

    Each transaction re-reads the version before changing anything, so a program racing
    this one for the same database waits for it (PostgreSQL) or fails with a lock error
    (SQLite: retry) instead of migrating twice.
    Raises ``SchemaError`` when the database was written by a newer program.
    """
    versions = [version for version, _ in steps]
    if versions != sorted(set(versions)) or versions[0] != 1:
        raise ValueError(f"migration versions must start at 1 and increase strictly, got {versions}")
    latest = versions[-1]
    while True:
        with engine.begin() as conn:
            _lock_schema(conn)
            found = schema_version(conn)
            if found > latest:
                raise SchemaError(
                    f"the database has schema version {found}, newer than the {latest} this program knows; "
                    "upgrade face-kiosk or open another database"
                )
            if found == latest:
                return latest
            if found == 0:
                steps[0][1](conn)
                _record(conn, latest)
                continue
            version, step = next((v, s) for v, s in steps if v > found)
            step(conn)
            _record(conn, version)
