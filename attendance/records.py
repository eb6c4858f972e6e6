"""Plain value types going in and out of the attendance store (no ORM objects)."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import Enum
from typing import Any, Literal

import numpy as np

from attendance.events import AttendanceEvent as AttendanceEvent  # re-exported: the store's input

EventKind = Literal["in", "out"]
EventSource = Literal["auto", "manual"]
EVENT_KINDS: tuple[str, ...] = ("in", "out")


def require_aware(value: datetime, what: str) -> datetime:
    """Return ``value`` if it is a timezone-aware datetime, else raise ``ValueError``."""
    if not isinstance(value, datetime) or value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{what} must be a timezone-aware datetime, got {value!r}")
    return value


@dataclass(frozen=True)
class Employee:
    id: int
    code: str
    name: str
    department: str | None
    active: bool
    created: datetime  # aware UTC
    consent_at: datetime | None  # aware UTC
    template_count: int


@dataclass(frozen=True)
class TemplateInfo:
    """A stored template without its vector or photo."""

    id: int
    employee_id: int
    recognizer: str
    dim: int
    quality: float
    created: datetime  # aware UTC
    has_photo: bool


@dataclass(frozen=True)
class EventRecord:
    """A stored event; ``at`` carries the UTC offset the kiosk had when it was recorded."""

    id: int
    employee_id: int
    employee_code: str
    employee_name: str
    department: str | None
    kind: EventKind
    at: datetime
    similarity: float | None  # None for manual events
    margin: float | None
    kiosk_id: str
    track_id: int | None
    recognizer: str | None
    frame_index: int | None
    voided: bool
    source: EventSource
    created: datetime  # aware UTC
    has_thumbnail: bool
    method: str | None = None  # "face" or "code" for automatic events; None for manual ones
    clock_off: bool = False  # written by a kiosk whose clock was off by more than a minute
    looks: int | None = None  # embeddings the identity rested on
    live_score: float | None = None  # the face's mean live score; None: not checked
    uid: str | None = None  # an automatic event's idempotency key (AttendanceEvent.uid); None for a manual one


@dataclass(frozen=True)
class AttackRecord:
    """A stored presentation attack; ``employee_code``/``name`` of whom it tried to be (None: nobody)."""

    id: int
    at: datetime  # with the kiosk's UTC offset
    kiosk_id: str
    track_id: int
    live_score: float
    looks: int
    employee_id: int | None
    employee_code: str | None
    employee_name: str | None
    similarity: float | None
    has_thumbnail: bool


@dataclass(frozen=True)
class EventFilter:
    """Which attendance events a query returns: ``start <= at < end`` (aware, either open) and equality filters."""

    start: datetime | None = None
    end: datetime | None = None
    employee_code: str | None = None
    kiosk_id: str | None = None
    department: str | None = None
    include_voided: bool = False

    def __post_init__(self) -> None:
        for what in ("start", "end"):
            value = getattr(self, what)
            if value is not None:
                require_aware(value, f"EventFilter.{what}")


class LeaveKind(str, Enum):
    VACATION = "vacation"
    SICK = "sick"
    OTHER = "other"


@dataclass(frozen=True)
class Leave:
    """Days off of one employee, ``first`` to ``last`` (local days, inclusive)."""

    id: int
    employee_code: str
    first: date
    last: date
    kind: LeaveKind
    note: str | None


@dataclass(frozen=True)
class Holiday:
    """A company holiday: nobody is expected that day."""

    day: date
    name: str


@dataclass(frozen=True)
class Stored:
    """Where an event went: its id, or (``merged``) the id of another kiosk's punch that already stands for it."""

    id: int
    merged: bool = False


@dataclass(frozen=True)
class Punched:
    """A punch as the policy pairs it: its kind and time (aware UTC)."""

    kind: EventKind
    at: datetime
    clock_off: bool = False  # from a kiosk whose clock was off (the timesheet flags its row)


@dataclass(frozen=True)
class AuditEntry:
    id: int
    at: datetime  # aware UTC
    actor: str
    action: str
    target_table: str
    target_id: int | None
    reason: str | None
    details: dict[str, Any] = field(default_factory=dict)

    @property
    def action_text(self) -> str:
        """The action in words ("set checkin pin")."""
        return self.action.replace("_", " ")

    @property
    def target(self) -> str:
        """What the row is about, in words ("employee #3", "the kiosk's PINs, settings and key")."""
        what = _TARGET_WORDS.get(self.target_table, self.target_table)
        return what if self.target_id is None else f"{what} #{self.target_id}"


_TARGET_WORDS = {
    "employees": "employee",
    "templates": "face templates",
    "attendance_events": "attendance",
    "presentation_attacks": "presentation attack",
    "kiosk_meta": "the kiosk's PINs, settings and key",
    "shifts": "shift",
    "holidays": "holidays",
}


class ReviewKind(str, Enum):
    """What an item of the review queue is about."""

    NOT_ME = "not_me"  # someone said "not me" at a kiosk
    NEAR_THRESHOLD = "near_threshold"  # a face check-in that passed close to the threshold or the margin
    LOOKALIKE = "lookalike"  # two enrolled employees close enough to be taken for each other


class Resolution(str, Enum):
    """How the admin resolved a review item."""

    CONFIRM = "confirm"  # as it stands: the check-in was theirs, the "not me" was right
    VOID = "void"  # the check-in was not theirs: voided
    REENROL = "reenrol"  # their face templates are to be taken again
    LOOKALIKES = "lookalikes"  # two people known to look alike (the kiosk holds them to the look-alike margin)


@dataclass(frozen=True)
class NotMeReport:
    """A "not me" at a kiosk: whom the face was taken for, where and when, and the check-in it took back."""

    look_id: int
    employee_id: int
    employee_code: str
    employee_name: str
    kiosk_id: str
    at: datetime  # aware UTC
    has_face: bool
    event: EventRecord | None  # the check-in taken back as stored (None: a repeat greeting, one never stored, or deleted)
    similarity: float | None = None  # what the mistaken punch rested on (None: a repeat greeting)
    margin: float | None = None
    looks: int | None = None
    live_score: float | None = None


@dataclass(frozen=True)
class ReviewResolution:
    kind: ReviewKind
    item: str
    resolution: Resolution
    actor: str
    note: str | None
    at: datetime  # aware UTC


@dataclass(frozen=True)
class RejectedLooks:
    """Faces people said "not me" to, per employee: row i of ``vectors`` must not be taken for ``employee_ids[i]``."""

    vectors: np.ndarray  # (R, D) float32; (0, 0) when there are none
    employee_ids: np.ndarray  # (R,) int64

    @classmethod
    def none(cls) -> RejectedLooks:
        return cls(np.zeros((0, 0), np.float32), np.zeros(0, np.int64))

    def __len__(self) -> int:
        return len(self.vectors)


@dataclass(frozen=True)
class GalleryData:
    """All templates of one recognizer for active employees: row i of ``vectors`` belongs to ``employee_ids[i]``."""

    recognizer: str
    vectors: np.ndarray  # (M, D) float32; (0, 0) when there are no templates
    qualities: np.ndarray  # (M,) float32
    employee_ids: np.ndarray  # (M,) int64
    template_ids: np.ndarray  # (M,) int64: which stored template each row is

    def __post_init__(self) -> None:
        m = len(self.vectors)
        if self.vectors.ndim != 2 or any(a.shape != (m,) for a in (self.qualities, self.employee_ids, self.template_ids)):
            raise ValueError("GalleryData: vectors (M, D), qualities, employee_ids and template_ids (M,) must agree")

    def __len__(self) -> int:
        return len(self.vectors)

    @property
    def dim(self) -> int:
        return self.vectors.shape[1]


ERASURE_ACTIONS = ("delete_employee", "withdraw_consent", "retention_erase")  # audit actions that carry a receipt


@dataclass(frozen=True)
class ErasureReceipt:
    """What an erasure destroyed, when and by whom: printed, and kept as the erasure's audit row."""

    action: str  # one of ERASURE_ACTIONS
    employee_code: str
    employee_name: str
    at: datetime
    actor: str
    reason: str | None
    templates: int  # face templates destroyed
    photos: int  # kept enrolment photos destroyed
    event_thumbnails: int  # face thumbnails removed from attendance events (the events stay)
    attack_thumbnails: int  # face thumbnails removed from presentation-attack records
    spool_thumbnails: int = 0  # face thumbnails removed from events waiting in the spool
    events_deleted: int = 0  # attendance events deleted too (only when asked)
    employee_deleted: bool = False  # the employee record itself is gone
    rejected_looks: int = 0  # faces kept after a "not me" at a kiosk, destroyed

    @property
    def lines(self) -> list[str]:
        """The receipt as text, one fact a line."""
        return [
            f"Erasure receipt: {self.action.replace('_', ' ')} of {self.employee_name} ({self.employee_code})",
            f"at {self.at:%Y-%m-%d %H:%M:%S %Z} by {self.actor}" + (f", reason: {self.reason}" if self.reason else ""),
            f"destroyed: {self.templates} face template(s), {self.photos} kept photo(s), "
            f"{self.event_thumbnails + self.spool_thumbnails} event thumbnail(s), {self.attack_thumbnails} attack thumbnail(s)"
            + (f", {self.rejected_looks} \"not me\" face(s)" if self.rejected_looks else ""),
            f"attendance events: {self.events_deleted} deleted" if self.employee_deleted else "attendance events: kept (they are attendance, not biometric data)",
            "employee record: deleted" if self.employee_deleted else "employee record: kept, without biometric data",
        ]


@dataclass(frozen=True)
class PurgeCounts:
    """What a retention purge deleted (or, dry, would delete)."""

    events: int = 0
    attacks: int = 0
    audit_rows: int = 0


def details_text(details: dict[str, Any]) -> str:
    """An audit row's details as a person reads them: "name: Ann -> Anne; department: - -> Sales",
    "threshold: 0.3 -> 0.4", "faces erased: 2"; never raw JSON."""
    if not details:
        return ""
    before, after = details.get("before"), details.get("after")
    if isinstance(before, dict) and isinstance(after, dict):
        changed = [k for k in sorted(set(before) | set(after)) if before.get(k) != after.get(k)]
        return "; ".join(f"{_words(k)}: {_value(before.get(k))} -> {_value(after.get(k))}" for k in changed)
    parts = []
    for key, value in sorted(details.items()):
        if isinstance(value, list) and all(isinstance(v, dict) and {"from", "to"} <= set(v) for v in value):
            parts += [f"{v.get('setting', '?')}: {_value(v['from'])} -> {_value(v['to'])}" for v in value]
        else:
            parts.append(f"{_words(key)}: {_value(value)}")
    return "; ".join(parts)


def _words(key: str) -> str:
    return key.replace("_", " ")


def _value(value: Any) -> str:
    if value is None or value == "":
        return "-"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dict):
        return ", ".join(f"{_words(str(k))} {_value(v)}" for k, v in value.items())
    if isinstance(value, list):
        return ", ".join(_value(v) for v in value) or "none"
    return str(value)


@dataclass(frozen=True)
class Heartbeat:
    """What a running kiosk says of itself every ``HEARTBEAT_S``."""

    kiosk_id: str
    host: str
    version: str
    models: str  # detector + recognizer
    liveness: bool
    backlog: int  # events waiting in its spool
    last_event_at: datetime | None
    fps: float  # recognition frames per second
    started_at: datetime


class KioskFlag(str, Enum):
    """What needs the admin's eye about a kiosk."""

    SILENT = "silent"  # no heartbeat for two minutes
    BACKLOG = "backlog"  # events waiting for the database
    NO_LIVENESS = "no liveness check"
    CLOCK_OFF = "clock off"  # by more than a minute: its punches are flagged


@dataclass(frozen=True)
class KioskState:
    """A kiosk as the fleet view shows it."""

    beat: Heartbeat
    seen_at: datetime  # the server's clock at its last beat
    clock_offset_s: float  # its clock minus the server's
    flags: tuple[KioskFlag, ...]
