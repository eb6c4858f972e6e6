"""The unit of work every part of the store shares: the database, its data key and chain, one transaction per write (retried while the database is locked) and the audit row."""
from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import ColumnElement, select
from sqlalchemy.orm import Session

from attendance import vault
from attendance.chain import Chain
from attendance.changes import note_change
from attendance.db import DEFAULT_LOCK_TIMEOUT_S, Database, damaged, retry_while_locked
from attendance.errors import NotFoundError
from attendance.keys import DataKey, KeyStore, default_keystore, refuse_key_beside
from attendance.models import (
    LABEL_LENGTH,
    AuditRow,
    EmployeeRow,
    utcnow,
)
from attendance.records import (
    Employee,
)
from attendance.sealing import (
    SealError,
    unseal,
)
from attendance.store.rows import T, _employee, _template_count, _text


class UnitOfWork:
    """The unit of work every part of the store shares: the database, its data key and chain, one transaction per write (retried while the database is locked) and the audit row."""

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
        self._database_id = vault.database_id(db)

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
        """Write an audit row and chain it, in the caller's transaction, with the notice running kiosks apply
        (``attendance.changes``) when the action is one."""
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
        note_change(session, action, target_id if target_table in ("employees", "templates") else None)

    def close(self) -> None:
        """Release the database connections."""
        self._db.close()

    def _unseal(self, sealed: bytes, context: bytes, what: str) -> bytes:
        try:
            return unseal(self._key, sealed, context)
        except SealError as exc:
            if self.refresh_key():  # another kiosk rotated the key meanwhile: try the new one
                return self._unseal(sealed, context, what)
            raise damaged(self._db.name, f"{what} {exc}") from None

    def refresh_key(self) -> bool:
        """Take up the database's current data key if another kiosk rotated it; whether it had."""
        with self._db.session() as session:
            if vault.current_generation(session) == self._key.generation:
                return False
            self._take_up_key(session)
            return True

    def _write(self, work: Callable[[Session], T]) -> T:
        """Run ``work`` in one transaction, retried with backoff while the database is locked; with the database's
        current data key, taken up first when another kiosk rotated it (nothing is ever written with a retired one)."""

        def attempt() -> T:
            with self._db.session() as session:
                if vault.current_generation(session) != self._key.generation:
                    self._take_up_key(session)
                return work(session)

        return retry_while_locked(attempt, self._lock_timeout_s)

    def _take_up_key(self, session: Session) -> None:
        key = vault.take_up(session, self._key, self._keys, self._database_id)
        self._key, self._chain = key, Chain(key)

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

    @property
    def keys_where(self) -> str:
        return self._keys.where
