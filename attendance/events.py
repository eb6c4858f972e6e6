"""What the attendance desk decides and the record keeps: punches (check-in / check-out) and presentation
attacks. The pipeline knows faces and tracks only; these are attendance's own types."""
from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime
from enum import Enum


class CheckInMethod(str, Enum):
    """How an employee was identified at the door."""

    FACE = "face"
    CODE = "code"  # the employee code (typed, or a badge reader) and a personal check-in PIN


def _check(cond: bool, message: str) -> None:
    if not cond:
        raise ValueError(message)


def _aware(at: datetime) -> bool:
    return at.tzinfo is not None and at.utcoffset() is not None


@dataclass(frozen=True)
class AttendanceEvent:
    """A punch decided by the attendance policy; the attendance store's input type too.

    ``uid`` is the event's idempotency key: writing the same event twice (a replay after a
    crash) stores it once. Numpy scalars (gallery ids, float32 scores) become Python numbers.
    """

    employee_id: int
    kind: str  # "in" | "out"
    at: datetime  # timezone-aware; its UTC offset is kept to rebuild the local day
    similarity: float | None  # None, with margin, track and recognizer, for a check-in without the face
    margin: float | None
    kiosk_id: str
    track_id: int | None
    recognizer: str | None
    frame_index: int | None = None
    thumbnail: bytes | None = None  # encoded face crop (JPEG/PNG), only when the kiosk keeps thumbnails
    uid: str = field(default_factory=lambda: uuid.uuid4().hex)
    method: CheckInMethod = CheckInMethod.FACE
    looks: int | None = None  # embeddings the identity rested on (None without the face)
    live_score: float | None = None  # the face's mean live score (None: not checked)

    def __post_init__(self) -> None:
        _check(self.kind in ("in", "out"), f"AttendanceEvent.kind must be 'in' or 'out', got {self.kind!r}")
        _check(_aware(self.at), "AttendanceEvent.at must be timezone-aware")
        try:
            object.__setattr__(self, "method", CheckInMethod(self.method))
        except ValueError:
            raise ValueError(f"AttendanceEvent.method must be one of {[m.value for m in CheckInMethod]}, got {self.method!r}") from None
        for name, convert in (("employee_id", int), ("track_id", int), ("similarity", float), ("margin", float), ("looks", int),
                              ("live_score", float)):
            if getattr(self, name) is not None:
                object.__setattr__(self, name, convert(getattr(self, name)))
        if self.frame_index is not None:
            object.__setattr__(self, "frame_index", int(self.frame_index))


@dataclass(frozen=True)
class PresentationAttack:
    """A track the liveness check judged a photo, screen or mask: kept for review, never a check-in.

    ``employee_id`` is whom it was recognised as by then (None: nobody); ``uid`` makes writing it
    twice store it once, as for events.
    """

    at: datetime  # timezone-aware
    kiosk_id: str
    track_id: int
    live_score: float  # the track's mean live probability when it was judged
    looks: int
    employee_id: int | None = None
    similarity: float | None = None
    thumbnail: bytes | None = None  # only when the kiosk keeps thumbnails
    uid: str = field(default_factory=lambda: uuid.uuid4().hex)

    def __post_init__(self) -> None:
        _check(_aware(self.at), "PresentationAttack.at must be timezone-aware")
        object.__setattr__(self, "track_id", int(self.track_id))
        object.__setattr__(self, "live_score", float(self.live_score))
        object.__setattr__(self, "looks", int(self.looks))
        if self.employee_id is not None:
            object.__setattr__(self, "employee_id", int(self.employee_id))
        if self.similarity is not None:
            object.__setattr__(self, "similarity", float(self.similarity))


SpooledRecord = AttendanceEvent | PresentationAttack  # what the writer keeps until the database has it
