"""Signed records in ``kiosk_meta``: a value with an HMAC under the data key, so an edit made outside the app
(with ``sqlite3``, say) is detected and refused instead of obeyed."""
from __future__ import annotations

import hmac

from sqlalchemy import select
from sqlalchemy.orm import Session

from attendance.errors import StoreError
from attendance.keys import DataKey
from attendance.models import MetaRow

ADMIN_PIN = "admin_pin"  # the admin PIN record (services/admin_pin.py); NO_PIN while none is set
NO_PIN = "null"
ACCEPTED_SETTINGS = "accepted_settings"  # the security settings last accepted (services/settings_guard.py)
SEALED_RECORDS = {ADMIN_PIN: NO_PIN}  # what every sealed database holds from its first sealing on


class TamperedError(StoreError):
    """A signed record whose MAC does not match: it was edited, or copied from another database."""


class StaleRecordError(TamperedError):
    """A signed record with a valid MAC that is not the one last written: an older copy put back."""


class SignedRecords:
    def __init__(self, key: DataKey) -> None:
        self._key = key

    def get(self, session: Session, name: str) -> str | None:
        """The record's value, None when there is none; ``TamperedError`` when its MAC does not match."""
        row = session.get(MetaRow, name)
        if row is None:
            return None
        if row.mac is None or not hmac.compare_digest(row.mac, self._key.record_mac(name, row.value)):
            raise TamperedError(f"the database's {name.replace('_', ' ')} record was edited outside the app: refused")
        return row.value

    def put(self, session: Session, name: str, value: str) -> None:
        mac = self._key.record_mac(name, value)
        row = session.get(MetaRow, name)
        if row is None:
            session.add(MetaRow(name=name, value=value, mac=mac))
        else:
            row.value, row.mac = value, mac

    def names(self, session: Session) -> list[str]:
        return list(session.scalars(select(MetaRow.name).where(MetaRow.mac.is_not(None))))

    def resign(self, session: Session, new_key: DataKey) -> None:
        """Sign every record again under ``new_key`` (key rotation), after checking each under the old one."""
        for name in self.names(session):
            value = self.get(session, name)
            assert value is not None
            SignedRecords(new_key).put(session, name, value)
