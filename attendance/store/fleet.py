"""The fleet in view: each running kiosk's heartbeat (what it runs, its backlog, its last event, its frame rate,
its clock against the database server's), and what needs the admin's eye."""
from __future__ import annotations

import time
from datetime import datetime, timedelta, timezone

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from attendance.models import KioskRow
from attendance.records import Heartbeat, KioskFlag, KioskState
from attendance.store.unit import UnitOfWork

SILENT_AFTER = timedelta(minutes=2)  # a kiosk not heard from for this long is flagged
CLOCK_TOLERANCE_S = 60.0  # a kiosk clock off by more than this is flagged, and so are its punches


def server_now(session: Session) -> datetime:
    """The database server's clock (SQLite: this computer's, read by SQLite)."""
    if session.get_bind().dialect.name == "postgresql":
        found = session.scalar(text("SELECT clock_timestamp()"))
        assert isinstance(found, datetime)
        return found.astimezone(timezone.utc)
    stamp = session.scalar(text("SELECT strftime('%Y-%m-%dT%H:%M:%f', 'now')"))
    return datetime.fromisoformat(str(stamp)).replace(tzinfo=timezone.utc)


class Fleet(UnitOfWork):
    """Heartbeats of the running kiosks."""

    def beat(self, beat: Heartbeat) -> float:
        """Record ``beat`` with the kiosk's clock offset from the server's, measured now; returns the offset (s)."""

        def work(session: Session) -> float:
            before = time.time()
            server = server_now(session)
            offset = (before + time.time()) / 2 - server.timestamp()
            row = session.get(KioskRow, beat.kiosk_id) or KioskRow(kiosk_id=beat.kiosk_id)
            row.host, row.version, row.models, row.liveness = beat.host, beat.version, beat.models, beat.liveness
            row.backlog, row.last_event_at, row.fps = beat.backlog, beat.last_event_at, beat.fps
            row.clock_offset_s, row.seen_at, row.started_at = round(offset, 3), server, beat.started_at
            session.add(row)
            return offset

        return self._write(work)

    def kiosks(self) -> list[KioskState]:
        """Every kiosk that ever beat, by id, with what needs attention."""
        with self._db.session() as session:
            now = server_now(session)
            rows = session.scalars(select(KioskRow).order_by(KioskRow.kiosk_id)).all()
            return [_state(row, now) for row in rows]



def clock_is_off(session: Session, kiosk_id: str) -> bool:
    """Whether ``kiosk_id``'s last heartbeat found its clock off by more than the tolerance."""
    offset = session.scalar(select(KioskRow.clock_offset_s).where(KioskRow.kiosk_id == kiosk_id))
    return offset is not None and abs(offset) > CLOCK_TOLERANCE_S


def _state(row: KioskRow, now: datetime) -> KioskState:
    flags = []
    if now - row.seen_at > SILENT_AFTER:
        flags.append(KioskFlag.SILENT)
    if row.backlog:
        flags.append(KioskFlag.BACKLOG)
    if not row.liveness:
        flags.append(KioskFlag.NO_LIVENESS)
    if abs(row.clock_offset_s) > CLOCK_TOLERANCE_S:
        flags.append(KioskFlag.CLOCK_OFF)
    beat = Heartbeat(row.kiosk_id, row.host, row.version, row.models, row.liveness, row.backlog, row.last_event_at, row.fps, row.started_at)
    return KioskState(beat, row.seen_at, row.clock_offset_s, tuple(flags))
