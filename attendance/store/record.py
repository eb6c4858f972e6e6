"""The attendance record: events (automatic and by hand, voids), presentation attacks, and the queries over them."""
from __future__ import annotations

import math
from datetime import datetime, timedelta, timezone
from typing import cast

from sqlalchemy import ColumnElement, String, func, select, type_coerce, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, defer

from attendance.chain import LinkKind
from attendance.errors import NotFoundError, StoreError
from attendance.events import PresentationAttack
from attendance.models import (
    LABEL_LENGTH,
    UID_LENGTH,
    AttackRow,
    EmployeeRow,
    EventRow,
    utcnow,
)
from attendance.records import (
    EVENT_KINDS,
    AttackRecord,
    AttendanceEvent,
    EventFilter,
    EventKind,
    EventRecord,
    Punched,
    Stored,
    require_aware,
)
from attendance.sealing import (
    attack_thumbnail_context,
    event_thumbnail_context,
    seal_optional,
)
from attendance.store.fleet import clock_is_off
from attendance.store.rows import (
    FUTURE_TOLERANCE,
    _check_eligible,
    _check_event,
    _event,
    _event_select,
    _fits,
    _offset_minutes,
    _text,
    _utc,
)
from attendance.store.unit import UnitOfWork


class Record(UnitOfWork):
    """The attendance record: events (automatic and by hand, voids), presentation attacks, and the queries over them."""

    def add_event(self, event: AttendanceEvent) -> int:
        """Store an automatic event (``add_punch`` without merging); returns its id."""
        return self.add_punch(event).id

    def add_punch(self, event: AttendanceEvent, *, merge_within: timedelta | None = None) -> Stored:
        """Store an automatic event in its own transaction; returns its id.

        Idempotent: an event whose ``uid`` is already stored is not stored again (its id is
        returned). Waits (with backoff) while another writer holds the lock, then raises
        ``DatabaseBusyError``: the caller keeps the event and retries later.

        One check-in across doors: the employee's row is locked first, so two kiosks' punches of one person
        are stored one after the other, and with ``merge_within`` (the kiosk's cooldown, for a punch decided
        just now) one that another kiosk's punch already stands for (within that time of it) is not stored:
        the id of that punch is returned, ``merged``. A punch reconciled after an outage is stored whatever.
        """
        offset = _offset_minutes(event.at)
        _check_event(event)

        def work(session: Session) -> Stored:
            stored = session.scalar(select(EventRow.id).where(EventRow.event_uid == event.uid))
            if stored is not None:
                return Stored(stored)
            # the employee's lock (PostgreSQL: the row; SQLite: the database's write lock, taken now, not at the insert)
            session.execute(update(EmployeeRow).where(EmployeeRow.id == event.employee_id).values(id=EmployeeRow.id))
            _check_eligible(session, event)
            if merge_within is not None:
                near = session.scalar(
                    select(EventRow.id).where(
                        EventRow.employee_id == event.employee_id, EventRow.voided.is_(False), EventRow.kiosk_id != event.kiosk_id,
                        EventRow.at > event.at - merge_within, EventRow.at < event.at + merge_within,
                    ).order_by(EventRow.at).limit(1)
                )
                if near is not None:
                    return Stored(near, merged=True)
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
                clock_off=True if clock_is_off(session, event.kiosk_id) else None,
                looks=event.looks,
                live_score=event.live_score,
            )
            session.add(row)
            try:
                session.flush()
            except IntegrityError as exc:
                raise NotFoundError(f"cannot store the event: no employee with id {event.employee_id}") from exc
            self._chain.append_row(session, row)
            return Stored(row.id)

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

    def event_id_of(self, uid: str) -> int | None:
        """The stored id of the automatic event ``uid`` (None while it waits in a spool, or was never written)."""
        with self._db.session() as session:
            return session.scalar(select(EventRow.id).where(EventRow.event_uid == uid))

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

    def punches_since(self, employee_id: int, since: datetime) -> list[Punched]:
        """The employee's punches (not voided) at or after ``since``, oldest first: what the policy pairs."""
        query = (
            select(EventRow.kind, EventRow.at)
            .where(EventRow.employee_id == int(employee_id), EventRow.at >= require_aware(since, "since"), EventRow.voided.is_(False))
            .order_by(EventRow.at, EventRow.id)
        )
        with self._db.session() as session:
            return [Punched(cast(EventKind, kind), at) for kind, at in session.execute(query)]  # CHECK constraint: in | out

    def punches_between(self, start: datetime, end: datetime) -> dict[int, list[Punched]]:
        """Every employee's punches (not voided) from ``start`` to before ``end``, oldest first (a timesheet's)."""
        raw_at = type_coerce(EventRow.at, String)  # SQLite's text, parsed below at a tenth of the ORM type's cost
        query = (
            select(EventRow.employee_id, EventRow.kind, raw_at, EventRow.clock_off)
            .where(EventRow.at >= require_aware(start, "start"), EventRow.at < require_aware(end, "end"), EventRow.voided.is_(False))
            .order_by(EventRow.at, EventRow.id)
        )
        found: dict[int, list[Punched]] = {}
        with self._db.session() as session:  # rows as plain tuples, without the ORM's per-row work
            for employee_id, kind, at, clock_off in session.connection().execute(query).tuples():
                found.setdefault(employee_id, []).append(Punched(cast(EventKind, kind), _utc_instant(at), bool(clock_off)))
        return found

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


def _utc_instant(value: str | datetime) -> datetime:
    """A stored time as aware UTC: SQLite's text (UTC without an offset), or a driver's datetime."""
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value.replace(tzinfo=timezone.utc) if value.tzinfo is None else value.astimezone(timezone.utc)
