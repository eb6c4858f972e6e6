"""Joins the video pipeline to the attendance log: recognised faces -> policy -> durable writer."""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

import cv2
import numpy as np

from attendance.policy import AttendancePolicy
from attendance.store import AttendanceStore
from attendance.writer import EventWriter, TrialWriter, WriterStatus
from pipeline.types import AttendanceEvent, Frame, IdentityState, Liveness, PresentationAttack, TrackedFace

Clock = Callable[[Frame], datetime]
NAME_WAIT_S = 1.0  # video seconds an attack record waits for its track's identity to be decided


@dataclass(frozen=True)
class _Sighting:
    """An attack track's latest face and frame, kept until its record is written."""

    face: TrackedFace
    frame: Frame
    at: datetime
    since_s: float  # video time the track was first judged an attack


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


class PolicySink:
    """An ``AttendanceSink``: every recognised face goes through the policy; punches go to the writer.

    With ``require_live`` (liveness on) only a face whose track is judged ``LIVE`` counts: an
    undecided track waits, an attack never checks anyone in; each attack track is recorded once
    (``PresentationAttack``, with a thumbnail only when the kiosk keeps thumbnails). The liveness
    verdict can come before the identity's, so the record waits, up to ``NAME_WAIT_S``, for whom the
    track is presented as; a track that ends (or a sink that closes) first is recorded as it was.
    """

    def __init__(
        self,
        policy: AttendancePolicy,
        writer: EventWriter | TrialWriter,
        recognizer: str,
        clock: Clock = wall_clock,
        owned_store: AttendanceStore | None = None,
        require_live: bool = True,
    ) -> None:
        self.policy = policy
        self.writer = writer
        self.recognizer = recognizer
        self.clock = clock
        self.require_live = require_live
        self._owned_store = owned_store  # the writer's store, closed with the sink
        self._reported: set[int] = set()  # attack tracks already recorded
        self._waiting: dict[int, _Sighting] = {}  # attack tracks whose record waits for their identity

    def observe(self, faces: Sequence[TrackedFace], frame: Frame) -> list[AttendanceEvent]:
        events = []
        at = self.clock(frame)
        self._attacks(faces, frame, at)
        for face in faces:
            if face.state is not IdentityState.RECOGNIZED or face.employee_id is None:
                continue
            if self.require_live and face.liveness.state is not Liveness.LIVE:
                continue
            event = self.policy.observe(
                face.employee_id,
                at,
                similarity=face.similarity,
                margin=face.margin,
                track_id=face.track_id,
                recognizer=self.recognizer,
                frame_index=frame.index,
                thumbnail=lambda box=face.box: face_thumbnail(frame.image, box),
            )
            if event is not None:
                self.writer.submit(event)
                events.append(event)
        self.writer.flush()
        return events

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
        config = self.policy.config
        attack = PresentationAttack(
            sighting.at,
            config.kiosk_id,
            face.track_id,
            face.liveness.score,
            face.liveness.looks,
            face.employee_id if recognised else None,
            face.similarity if recognised else None,
            face_thumbnail(sighting.frame.image, face.box) if config.keep_thumbnails else None,
        )
        self.writer.submit_attack(attack)

    @property
    def status(self) -> WriterStatus:
        return self.writer.status

    def close(self, timeout_s: float = 5.0) -> WriterStatus:
        """Write what is still waiting for up to ``timeout_s`` (the rest stays spooled), then release the writer's store."""
        for sighting in self._waiting.values():
            self._report_attack(sighting)
        self._waiting.clear()
        status = self.writer.close(timeout_s)
        if self._owned_store is not None:
            self._owned_store.close()
        return status
