"""Live enrolment capture: camera frames through the quality gate, guidance for the person, varied good shots.

:class:`LiveCapture` runs on the enrolment page's engine thread. Every frame is assessed like an
enrolment photo (one dominant face, big enough, sharp, frontal); :class:`ShotCollector` keeps a
passing frame as a shot when it shows the person of the first shot and its pose (yaw, pitch)
differs enough from every shot kept so far, until it has ``CapturePlan.shots``. With a liveness
judge, no shot is kept before the person is judged live, and a presentation attack (a photo or a
phone held up) ends the capture: an admin must not enrol a photo of a photo. ``stop()`` may be
called from any thread.
"""
from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import cv2
import numpy as np

from core.text import QT_TRANSLATE_NOOP, Message
from pipeline.engine import FaceAnalysis, FaceEngine
from pipeline.liveness.tracks import LivenessJudge
from pipeline.quality import QualityThresholds, dominant_face
from pipeline.sources import CameraSource, FrameSource, SourceError, open_source
from pipeline.types import Frame, Liveness
from services.enrolment import PhotoAssessment, assess_image

PREVIEW_WIDTH = 640  # preview frames are scaled down to at most this width
GOOD_COLOR = (60, 200, 40)  # BGR green: the face passes the gate
WAIT_COLOR = (0, 170, 255)  # BGR amber: a face that does not pass (yet)
_POLL_S = 0.2  # how long one wait for a live frame lasts before the stop flag is checked again
CHECKING_TEXT = Message(QT_TRANSLATE_NOOP("Message", "Hold still: checking that you are really there"))
STOPPED = Message(QT_TRANSLATE_NOOP("Message", "stopped"))
ATTACK_ENDED = Message(QT_TRANSLATE_NOOP("Message", "live check failed: a photo or a screen was held up, so nothing was captured from it"))


@dataclass(frozen=True)
class CapturePlan:
    """How many shots to take and how different their poses must be."""

    shots: int = 5
    pose_step: float = 0.08  # a new shot's yaw or pitch differs from every kept one by at least this
    min_interval_s: float = 0.4  # frame time between two shots
    same_person: float = 0.3  # cosine similarity every shot needs to the first one (someone else stepped in)


@dataclass(frozen=True)
class LiveView:
    """One preview frame: the picture with the faces boxed, what the person should do, and whether it passes."""

    image: np.ndarray  # BGR, at most PREVIEW_WIDTH wide
    guidance: str
    passes: bool


@dataclass
class ShotCollector:
    """Keeps gate-passing frames whose pose adds variety, up to ``plan.shots``."""

    plan: CapturePlan
    shots: list[PhotoAssessment] = field(default_factory=list)
    _last_at: float | None = None

    @property
    def full(self) -> bool:
        return len(self.shots) >= self.plan.shots

    def offer(self, assessment: PhotoAssessment, at: float) -> bool:
        """Keep ``assessment`` (taken at frame time ``at``) if it passes, adds pose variety and is not too soon."""
        if self.full or not assessment.accepted or assessment.quality is None:
            return False
        if self._last_at is not None and at - self._last_at < self.plan.min_interval_s:
            return False
        if not self.is_same_person(assessment) or not self._is_new_pose(assessment):
            return False
        self.shots.append(assessment)
        self._last_at = at
        return True

    def is_same_person(self, assessment: PhotoAssessment) -> bool:
        """Whether an accepted frame shows the person of the first shot (True before the first shot)."""
        first = self.shots[0].vector if self.shots else None
        if first is None or assessment.vector is None:
            return True
        return float(first @ assessment.vector) >= self.plan.same_person

    def _is_new_pose(self, assessment: PhotoAssessment) -> bool:
        assert assessment.quality is not None
        yaw, pitch = assessment.quality.yaw, assessment.quality.pitch
        step = self.plan.pose_step
        return all(
            abs(yaw - kept.quality.yaw) >= step or abs(pitch - kept.quality.pitch) >= step
            for kept in self.shots
            if kept.quality is not None
        )

    def next_pose_hint(self) -> str:
        """What to do for the next shot: the first straight on, then turned one way, the other way, tilted."""
        yaws = [s.quality.yaw for s in self.shots if s.quality is not None]
        if not yaws:
            return Message(QT_TRANSLATE_NOOP("Message", "Look straight at the camera"))
        half = self.plan.pose_step / 2
        if not any(y < -half for y in yaws) and not any(y > half for y in yaws):
            return Message(QT_TRANSLATE_NOOP("Message", "Turn your head a little to one side"))
        if not (any(y < -half for y in yaws) and any(y > half for y in yaws)):
            return Message(QT_TRANSLATE_NOOP("Message", "Now turn your head a little to the other side"))
        return Message(QT_TRANSLATE_NOOP("Message", "Tilt your head a little up or down"))


def guidance(assessment: PhotoAssessment, limits: QualityThresholds, collector: ShotCollector) -> str:
    """One short instruction for the person in front of the camera."""
    if assessment.quality is None:
        return (
            Message(QT_TRANSLATE_NOOP("Message", "No face found: look at the camera")) if assessment.faces == 0
            else Message(QT_TRANSLATE_NOOP("Message", "Only one person in front of the camera, please"))
        )
    quality = assessment.quality
    if quality.size < limits.min_face:
        return Message(QT_TRANSLATE_NOOP("Message", "Come closer to the camera"))
    if abs(quality.yaw) > limits.max_yaw:
        return Message(QT_TRANSLATE_NOOP("Message", "Turn your face towards the camera"))
    if not limits.pitch_range[0] <= quality.pitch <= limits.pitch_range[1]:
        return Message(QT_TRANSLATE_NOOP("Message", "Keep your head level"))
    if quality.sharpness < limits.min_sharpness:
        return Message(QT_TRANSLATE_NOOP("Message", "Hold still (the picture is blurred)"))
    if collector.full:
        return Message(QT_TRANSLATE_NOOP("Message", "All shots taken, thank you"))
    if not collector.is_same_person(assessment):
        return Message(QT_TRANSLATE_NOOP("Message", "Only the person being enrolled, please"))
    return Message(QT_TRANSLATE_NOOP("Message", "Good. {hint}"), hint=collector.next_pose_hint())


class _RememberingEngine(FaceEngine):
    """The engine, keeping its last analysis so the preview can box the faces it assessed."""

    def __init__(self, engine: FaceEngine) -> None:
        super().__init__(engine.detector, engine.recognizer)
        self.last: FaceAnalysis | None = None

    def analyze(self, image: np.ndarray) -> FaceAnalysis:
        self.last = super().analyze(image)
        return self.last


def preview(image: np.ndarray, analysis: FaceAnalysis | None, passes: bool) -> np.ndarray:
    """A scaled-down copy of ``image`` with every face boxed (green when the frame passes)."""
    scale = min(1.0, PREVIEW_WIDTH / image.shape[1])
    view = cv2.resize(image, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA) if scale < 1 else image.copy()
    if analysis is not None:
        thickness = max(2, round(view.shape[1] / 240))
        color = GOOD_COLOR if passes else WAIT_COLOR
        for box in analysis.detections.boxes * scale:
            x1, y1, x2, y2 = (round(v) for v in box)
            cv2.rectangle(view, (x1, y1), (x2, y2), color, thickness)
    return view


class LiveCapture:
    """One capture run over a camera (or video / photo folder) spec; create per run, ``stop()`` from any thread."""

    def __init__(
        self,
        spec: str,
        limits: QualityThresholds,
        plan: CapturePlan,
        opener: Callable[[str], FrameSource] = lambda spec: open_source(spec, loop=True),
    ) -> None:
        self.spec = spec
        self.limits = limits
        self.collector = ShotCollector(plan)
        self._opener = opener
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._source: FrameSource | None = None

    def stop(self) -> None:
        """End the run soon: a live camera is closed at once, other sources after the current frame."""
        self._stop.set()
        with self._lock:
            source = self._source
        if isinstance(source, CameraSource):
            source.close()

    def run(
        self,
        engine: FaceEngine,
        on_view: Callable[[LiveView], None],
        on_shot: Callable[[PhotoAssessment], None],
        on_status: Callable[[str], None],
        liveness: LivenessJudge | None = None,
    ) -> str:
        """Capture until enough shots, ``stop()``, a presentation attack (with ``liveness``) or the end
        of the source; returns why it ended.

        Raises the source's ``SourceError`` when it cannot be opened or fails.
        """
        on_status(f"opening {self.spec}")
        source = self._opener(self.spec)
        with self._lock:
            self._source = source
        if self._stop.is_set():  # stopped while opening
            source.close()
            return STOPPED
        remembering = _RememberingEngine(engine)
        try:
            for frame in self._frames(source, on_status):
                number = len(self.collector.shots) + 1
                assessment = assess_image(remembering, frame.image, f"camera shot {number}", self.limits)
                live = self._live(liveness, frame, remembering.last) if liveness is not None else Liveness.UNCHECKED
                if live is Liveness.ATTACK:
                    on_view(LiveView(preview(frame.image, remembering.last, False), ATTACK_ENDED, False))
                    return ATTACK_ENDED
                checked = live not in (Liveness.UNDECIDED, Liveness.CHALLENGED)
                passes = assessment.accepted and self.collector.is_same_person(assessment) and checked
                advice = guidance(assessment, self.limits, self.collector)
                if assessment.accepted and not checked:
                    advice = CHECKING_TEXT
                on_view(LiveView(preview(frame.image, remembering.last, passes), advice, passes))
                if not checked:
                    continue
                if self.collector.offer(assessment, frame.timestamp):
                    on_shot(assessment)
                    if self.collector.full:
                        return Message(QT_TRANSLATE_NOOP("Message", "{shots} shots taken"), shots=len(self.collector.shots))
            ended = source.status.message
        finally:
            source.close()
        return STOPPED if self._stop.is_set() else f"{source.description}: {ended or 'ended'}"

    @staticmethod
    def _live(judge: LivenessJudge, frame: Frame, analysis: FaceAnalysis | None) -> Liveness:
        """The person's liveness so far: the dominant face is one track, looked at on the judge's schedule."""
        if analysis is not None and len(analysis.detections) and judge.due([0], frame.index):
            index, _ = dominant_face(analysis.detections, 1.0)
            if index >= 0:
                picked = analysis.detections[index]
                weight = picked.scores * np.minimum(picked.widths, picked.heights)
                judge.look(frame.image, [0], picked.boxes, weight, frame.index)
        return judge.verdict(0).state

    def _frames(self, source: FrameSource, on_status: Callable[[str], None]) -> Iterator[Frame]:
        """Frames until stopped; a live camera is polled so its status (opening, reconnecting) shows."""
        if not isinstance(source, CameraSource):
            for frame in source:
                if self._stop.is_set():
                    return
                yield frame
            return
        try:
            yield from source.frames(poll_s=_POLL_S, stop=self._stop.is_set, on_status=lambda status: on_status(status.message))
        except SourceError as exc:  # the camera failed: say so, the capture ends
            on_status(str(exc))
