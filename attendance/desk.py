"""The attendance desk: the one front door of every check-in, by face or by code.

One desk per kiosk process, built by the composition root: it owns the attendance policy, the one
history of today's punches, and the spooled writer. A face check-in (a ``FaceDoor`` per video run, fed
each frame's tracked faces), a code check-in and the greeting's "already checked in at ..." all go
through it, so they agree, and every punch and every presentation attack is spooled before it reaches
the database: a locked database or a crash loses none. Thread-safe: the video worker and the GUI's
code dialog call it from different threads.
"""
from __future__ import annotations

import threading
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

import cv2
import numpy as np

from attendance.events import AttendanceEvent, CheckInMethod, PresentationAttack
from attendance.policy import AttendancePolicy, PolicyConfig, PunchHistory, PunchSource
from attendance.records import Punched
from attendance.writer import EventWriter, TrialWriter, WriterStatus
from pipeline.types import Frame, IdentityState, Liveness, TrackedFace

Clock = Callable[[Frame], datetime]
WriterFactory = Callable[[str], EventWriter | TrialWriter]  # kiosk id -> its writer
NAME_WAIT_S = 1.0  # video seconds an attack record waits for its track's identity to be decided


def wall_clock(frame: Frame) -> datetime:
    """Live sources: the event time is now."""
    return datetime.now(timezone.utc)


def video_clock(start: datetime) -> Clock:
    """Files: the event time is the start of processing plus the frame's video time (reproducible offsets)."""
    return lambda frame: start + timedelta(seconds=frame.timestamp)


def face_thumbnail(image: np.ndarray, box: np.ndarray, size: int = 96) -> bytes:
    """A small JPEG of the face box (with some context), for events when thumbnails are kept."""
    height, width = image.shape[:2]
    x1, y1, x2, y2 = box
    pad = 0.2 * max(x2 - x1, y2 - y1)
    x1, y1 = int(max(0, x1 - pad)), int(max(0, y1 - pad))
    x2, y2 = int(min(width, x2 + pad)), int(min(height, y2 + pad))
    crop = image[y1:y2, x1:x2] if x2 > x1 and y2 > y1 else image
    ok, data = cv2.imencode(".jpg", cv2.resize(crop, (size, size)), [cv2.IMWRITE_JPEG_QUALITY, 85])
    return data.tobytes() if ok else b""


@dataclass(frozen=True)
class Punch:
    """What a check-in came to: a new event, or none (within the cooldown) with the punch it repeats."""

    event: AttendanceEvent | None
    last: Punched | None = None  # when ``event`` is None: the punch it repeats (None: none known)


class AttendanceDesk:
    """Decides and records every check-in of one kiosk; see the module docstring."""

    def __init__(
        self, config: PolicyConfig, history_store: PunchSource, writers: WriterFactory, on_close: Callable[[], None] | None = None
    ) -> None:
        """``writers`` makes the writer of a kiosk id; ``on_close`` releases what the desk was given (its store)."""
        self._lock = threading.RLock()
        self._on_close = on_close
        self._history = PunchHistory(history_store)
        self._policy = AttendancePolicy(config, self._history)
        self._writers = writers
        self._writer = writers(config.kiosk_id)
        self._closed = False
        self._barred: set[int] = set()  # erased or deactivated while the kiosk runs: never punched
        self.last_event_at: datetime | None = None  # the latest punch's time (the heartbeat tells it)

    @classmethod
    def trial(cls, config: PolicyConfig, history_store: PunchSource) -> AttendanceDesk:
        """A desk of a trial run (a benchmark, a video the admin has not approved): it decides as the kiosk
        would and records nothing, with a history of its own."""
        return cls(config, history_store, lambda _kiosk: TrialWriter())

    @property
    def config(self) -> PolicyConfig:
        return self._policy.config

    @property
    def status(self) -> WriterStatus:
        return self._writer.status

    def configure(self, config: PolicyConfig) -> None:
        """New settings from now on; another kiosk id releases this one's spool and claims its own."""
        with self._lock:
            if config.kiosk_id != self._policy.config.kiosk_id:
                self._writer.close()
                self._writer = self._writers(config.kiosk_id)
            self._policy = AttendancePolicy(config, self._history)

    def bar(self, employee_ids: Collection[int], barred: bool = True) -> None:
        """Punch none of ``employee_ids`` from now on (erased or deactivated while the kiosk runs), or again
        (``barred=False``: enrolled or activated again); their remembered punches are forgotten either way."""
        with self._lock:
            ids = {int(i) for i in employee_ids}
            self._barred = self._barred | ids if barred else self._barred - ids
            self._history.forget(ids)

    def take_back(self, event: AttendanceEvent) -> bool:
        """Withdraw ``event`` (a punch of this desk) if it is not written yet (True: it never enters the record;
        False: it was written, void it in the store); either way its employee's punches are read again at the
        next sighting, so the punch taken back does not count."""
        with self._lock:
            withdrawn = self._writer.withdraw(event.uid)
            self._history.forget({event.employee_id})
            return withdrawn

    def forget_history(self) -> None:
        """Read everyone's punches and shifts from the store again (shifts, leave or holidays changed)."""
        with self._lock:
            self._history.forget(None)

    def punch(
        self, employee_id: int, at: datetime, method: CheckInMethod, *, face: TrackedFace | None = None,
        recognizer: str | None = None, frame: Frame | None = None,
    ) -> Punch:
        """Check ``employee_id`` in or out at ``at`` if the policy says so, and spool the event for the database;
        nothing for a barred employee."""
        with self._lock:
            if employee_id in self._barred:
                return Punch(None, None)
            kind = self._policy.decide(employee_id, at)
            if kind is None:
                return Punch(None, self._policy.last_punch(employee_id, at))
            config = self._policy.config
            thumbnail = None
            if face is not None and frame is not None and config.keep_thumbnails:
                thumbnail = face_thumbnail(frame.image, face.box)
            event = AttendanceEvent(
                employee_id, kind, at,
                similarity=face.similarity if face is not None else None,
                margin=face.margin if face is not None else None,
                kiosk_id=config.kiosk_id,
                track_id=face.track_id if face is not None else None,
                recognizer=recognizer if face is not None else None,
                frame_index=frame.index if frame is not None else None,
                thumbnail=thumbnail,
                method=method,
                looks=face.looks if face is not None else None,
                live_score=face.liveness.score if face is not None and face.liveness.looks else None,
            )
            self._writer.submit(event)
            self.last_event_at = at
            return Punch(event)

    def last_punch(self, employee_id: int, at: datetime) -> Punched | None:
        """The latest punch of the stretch of work ``at`` belongs to, spooled ones included (what a greeting says)."""
        with self._lock:
            return self._policy.last_punch(employee_id, at)

    def record_attack(self, attack: PresentationAttack) -> None:
        with self._lock:
            self._writer.submit_attack(attack)

    def flush(self) -> WriterStatus:
        with self._lock:
            return self._writer.flush()

    def door(self, recognizer: str, clock: Clock = wall_clock, require_live: bool = True) -> FaceDoor:
        """The way in for one video run's tracked faces (track ids are the run's own)."""
        return FaceDoor(self, recognizer, clock, require_live)

    def close(self, timeout_s: float = 5.0) -> WriterStatus:
        """Write what waits for up to ``timeout_s`` (the rest stays spooled for the next start); idempotent."""
        with self._lock:
            if self._closed:
                return self._writer.status
            self._closed = True
            status = self._writer.close(timeout_s)
            if self._on_close is not None:
                self._on_close()
            return status


@dataclass(frozen=True)
class _Sighting:
    """An attack track's latest face and frame, kept until its record is written."""

    face: TrackedFace
    frame: Frame
    at: datetime
    since_s: float  # video time the track was first judged an attack


class FaceDoor:
    """One video run's faces at the desk: every recognised face goes through the policy.

    With ``require_live`` (liveness on) only a face whose track is judged ``LIVE`` counts: an
    undecided track waits, an attack never checks anyone in; each attack track is recorded once
    (``PresentationAttack``, with a thumbnail only when the kiosk keeps thumbnails). The liveness
    verdict can come before the identity's, so the record waits, up to ``NAME_WAIT_S``, for whom the
    track is presented as; a track that ends (or a door that closes) first is recorded as it was.
    """

    def __init__(self, desk: AttendanceDesk, recognizer: str, clock: Clock, require_live: bool) -> None:
        self.desk = desk
        self.recognizer = recognizer
        self.clock = clock
        self.require_live = require_live
        self._reported: set[int] = set()  # attack tracks already recorded
        self._waiting: dict[int, _Sighting] = {}  # attack tracks whose record waits for their identity

    def observe(self, faces: Sequence[TrackedFace], frame: Frame) -> list[AttendanceEvent]:
        """The punches of this frame's faces (already spooled)."""
        events = []
        at = self.clock(frame)
        self._attacks(faces, frame, at)
        for face in faces:
            if face.state is not IdentityState.RECOGNIZED or face.employee_id is None:
                continue
            if self.require_live and face.liveness.state is not Liveness.LIVE:
                continue
            punch = self.desk.punch(face.employee_id, at, CheckInMethod.FACE, face=face, recognizer=self.recognizer, frame=frame)
            if punch.event is not None:
                events.append(punch.event)
        self.desk.flush()
        return events

    @property
    def status(self) -> WriterStatus:
        return self.desk.status

    def close(self) -> None:
        """Record the attack tracks still waiting for a name; the desk stays open."""
        for sighting in self._waiting.values():
            self._report_attack(sighting)
        self._waiting.clear()

    def _attacks(self, faces: Sequence[TrackedFace], frame: Frame, at: datetime) -> None:
        """Record each attack track once its identity is decided, it waited ``NAME_WAIT_S``, or it ended."""
        shown = {face.track_id for face in faces}
        for track_id in [t for t in self._waiting if t not in shown]:
            self._report_attack(self._waiting.pop(track_id))
        for face in faces:
            if face.liveness.state is not Liveness.ATTACK or face.track_id in self._reported:
                continue
            since = self._waiting[face.track_id].since_s if face.track_id in self._waiting else frame.timestamp
            sighting = _Sighting(face, frame, at, since)
            if face.state is IdentityState.PENDING and frame.timestamp - since < NAME_WAIT_S:
                self._waiting[face.track_id] = sighting
            else:
                self._waiting.pop(face.track_id, None)
                self._report_attack(sighting)

    def _report_attack(self, sighting: _Sighting) -> None:
        face = sighting.face
        self._reported.add(face.track_id)
        recognised = face.state is IdentityState.RECOGNIZED and face.employee_id is not None
        config = self.desk.config
        self.desk.record_attack(PresentationAttack(
            sighting.at,
            config.kiosk_id,
            face.track_id,
            face.liveness.score,
            face.liveness.looks,
            face.employee_id if recognised else None,
            face.similarity if recognised else None,
            face_thumbnail(sighting.frame.image, face.box) if config.keep_thumbnails else None,
        ))

