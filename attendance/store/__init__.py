"""The attendance store: employees, face templates, attendance events and the audit log, as parts over one
unit of work (``unit.py``): ``people.py``, ``record.py``, ``erasure.py``, ``keeping.py``, ``shifts.py``, ``fleet.py``.

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

from attendance.store.erasure import Erasures
from attendance.store.fleet import Fleet
from attendance.store.keeping import Keeping
from attendance.store.people import People
from attendance.store.record import Record
from attendance.store.rejected import Rejections
from attendance.store.review import Reviews
from attendance.store.rows import KEEP, Keep
from attendance.store.shifts import Shifts

__all__ = ["KEEP", "AttendanceStore", "Keep"]


class AttendanceStore(People, Record, Erasures, Keeping, Shifts, Fleet, Rejections, Reviews):
    """Repository over a :class:`Database`; safe to share between threads (one session per call)."""
