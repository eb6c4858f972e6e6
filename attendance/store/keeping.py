"""Keeping the record trustworthy: the audit log, the chain's verification and head, signed records, the data key."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from attendance import vault
from attendance.chain import Chain, ChainHead, ChainState
from attendance.errors import StoreError
from attendance.keys import DataKey
from attendance.models import (
    AuditRow,
    ChainRow,
)
from attendance.records import (
    AuditEntry,
)
from attendance.signed import SignedRecords, StaleRecordError
from attendance.store.unit import UnitOfWork


class Keeping(UnitOfWork):
    """Keeping the record trustworthy: the audit log, the chain's verification and head, signed records, the data key."""

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
