"""Changes every running kiosk must apply, and how they reach it within seconds.

A change that matters to a running kiosk (an enrolment, an erasure, accepted settings, the admin PIN, the
data key, shifts) is audited; ``NOTICES`` names the audit actions that also write a notice to the
``change_log`` table, in the same transaction, so a notice exists exactly when its change was committed.
A kiosk's ``ChangeFeed`` hands it the notices after the last one it applied: on PostgreSQL it is woken by
``NOTIFY`` at the commit and polls the table as the fallback; on SQLite (the app and the command line on
one PC) it polls. Notice ids only grow, so a kiosk that was away catches up in order.
"""
from __future__ import annotations

import logging
import select as selectors
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import Enum
from typing import Any

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from attendance.db import Database
from attendance.models import ChangeRow, utcnow

CHANNEL = "kiosk_changes"  # the PostgreSQL NOTIFY channel
POLL_S = 1.0  # how often a feed reads the change log when nothing woke it
STOP_CHECK_S = 0.25  # how soon a feed waiting for a NOTIFY notices it was stopped
log = logging.getLogger(__name__)


class ChangeKind(str, Enum):
    """What a running kiosk does about a change."""

    PERSON = "person"  # enrolled again, renamed, (de)activated, templates removed: reload that person
    ERASED = "erased"  # deleted, consent withdrawn, faces erased: forget that person at once
    SETTINGS = "settings"  # guarded settings accepted: lay them over the running configuration
    PIN = "pin"  # the admin PIN changed
    KEY = "key"  # the data key was rotated: take up the new one (a store also does at its next write or unsealing)
    SHIFTS = "shifts"  # shifts, assignments, leave or holidays: pair punches by the new ones


NOTICES: dict[str, ChangeKind] = {
    "enrol": ChangeKind.PERSON,
    "reject_look": ChangeKind.PERSON,  # "not me" at a kiosk: that face is no longer taken for them anywhere
    "delete_templates": ChangeKind.PERSON,
    "update_employee": ChangeKind.PERSON,
    "activate": ChangeKind.PERSON,
    "deactivate": ChangeKind.ERASED,  # left out of recognition at once, though the record stays
    "delete_employee": ChangeKind.ERASED,
    "withdraw_consent": ChangeKind.ERASED,
    "retention_erase": ChangeKind.ERASED,
    "accept_config": ChangeKind.SETTINGS,
    "set_pin": ChangeKind.PIN,
    "change_pin": ChangeKind.PIN,
    "reset_pin": ChangeKind.PIN,
    "import_pin": ChangeKind.PIN,
    "rotate_key": ChangeKind.KEY,
    **{action: ChangeKind.SHIFTS for action in (
        "add_shift", "edit_shift", "delete_shift", "assign_shift", "department_shift", "add_leave", "delete_leave",
        "add_holiday", "delete_holiday",
    )},
}


@dataclass(frozen=True)
class Change:
    """One notice: its id (growing), when, what kind, and whom it is about (None: everyone)."""

    id: int
    at: datetime
    kind: ChangeKind
    employee_id: int | None


def note_change(session: Session, action: str, employee_id: int | None) -> None:
    """Write the notice of an audited ``action`` (when ``NOTICES`` names it) in the caller's transaction; on
    PostgreSQL also ``NOTIFY`` the feeds, which the server delivers at the commit (never for a rollback)."""
    kind = NOTICES.get(action)
    if kind is None:
        return
    row = ChangeRow(at=utcnow(), kind=kind.value, employee_id=employee_id if kind in (ChangeKind.PERSON, ChangeKind.ERASED) else None)
    session.add(row)
    session.flush()
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_notify(:channel, :payload)"), {"channel": CHANNEL, "payload": str(row.id)})


def last_change_id(db: Database) -> int:
    """The newest notice's id (0 without any): a kiosk that has just loaded everything starts after it."""
    with db.session() as session:
        return session.scalar(select(func.max(ChangeRow.id))) or 0


def changes_after(db: Database, last_id: int, limit: int = 1000) -> list[Change]:
    """The notices after ``last_id``, oldest first."""
    with db.session() as session:
        rows = session.scalars(select(ChangeRow).where(ChangeRow.id > last_id).order_by(ChangeRow.id).limit(limit))
        return [Change(row.id, row.at, ChangeKind(row.kind), row.employee_id) for row in rows]


class ChangeFeed:
    """Hands ``apply`` every batch of notices after ``after``, oldest first, on a thread of its own, until
    ``stop``. A batch ``apply`` raises on is offered again at the next wake-up (the kiosk must not skip one)."""

    def __init__(self, db: Database, apply: Callable[[Sequence[Change]], None], *, after: int, poll_s: float = POLL_S) -> None:
        self._db = db
        self._apply = apply
        self.last_id = after
        self._poll_s = poll_s
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="change-feed", daemon=True)
        self._listener: Any = None  # a PostgreSQL connection LISTENing on CHANNEL

    def start(self) -> ChangeFeed:
        self._thread.start()
        return self

    def stop(self, timeout_s: float = 5.0) -> None:
        self._stop.set()
        self._thread.join(timeout_s)
        self._close_listener()

    def catch_up(self) -> int:
        """Apply the notices waiting now (on the caller's thread); how many there were."""
        changes = changes_after(self._db, self.last_id)
        if changes:
            self._apply(changes)
            self.last_id = changes[-1].id
        return len(changes)

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                while self.catch_up():
                    pass
            except Exception as exc:  # noqa: BLE001 - a database away or a failed apply: try again later
                log.warning("changes not applied yet: %s", exc)
            self._wait()

    def _wait(self) -> None:
        """Until a NOTIFY arrives (PostgreSQL) or ``poll_s`` has passed."""
        if self._db.engine.dialect.name != "postgresql":
            self._stop.wait(self._poll_s)
            return
        try:
            listener = self._listen()
            deadline = time.monotonic() + self._poll_s
            while not self._stop.is_set() and (left := deadline - time.monotonic()) > 0:
                ready, _, _ = selectors.select([listener.fileno()], [], [], min(left, STOP_CHECK_S))
                if ready:
                    for _ in listener.notifies(timeout=0):
                        pass
                    return
        except Exception as exc:  # noqa: BLE001 - the server away (OSError, a driver error): poll until it is back
            log.debug("LISTEN unavailable: %s", exc)
            self._close_listener()
            self._stop.wait(self._poll_s)

    def _listen(self) -> Any:
        if self._listener is None:
            import psycopg

            url = self._db.engine.url.set(drivername="postgresql")
            conninfo = url.render_as_string(hide_password=False)
            self._listener = psycopg.connect(conninfo, autocommit=True)
            self._listener.execute(f"LISTEN {CHANNEL}")
        return self._listener

    def _close_listener(self) -> None:
        if self._listener is not None:
            try:
                self._listener.close()
            except Exception:  # noqa: BLE001 - closing a broken connection
                pass
            self._listener = None
