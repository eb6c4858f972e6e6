"""The video pipeline: frames in, ``FrameResult`` out (detect -> track -> embed due tracks -> decide -> log)."""
from __future__ import annotations

import time
from collections import deque
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace

import numpy as np

from core.config import VideoSettings
from pipeline.alignment import CROP_SIZE, align_faces
from pipeline.interfaces import FaceDetector, Recognizer
from pipeline.liveness.tracks import LivenessJudge
from pipeline.motion_gate import MotionGate, MotionGateConfig
from pipeline.quality import QualityThresholds, assess_face
from pipeline.recognition import IdentityResolver
from pipeline.scene import SCENE_CUT, is_scene_change, scene_thumbnail
from pipeline.types import FaceDetections, Frame, FrameResult, TrackedFace
from tracking import Tracker, TrackUpdate

STAGES = ("decode", "motion", "detect", "track", "align", "embed", "match", "liveness", "log", "draw")


@dataclass
class StageTimes:
    """Accumulated wall milliseconds per stage."""

    total_ms: dict[str, float] = field(default_factory=lambda: dict.fromkeys(STAGES, 0.0))
    frames: int = 0

    @contextmanager
    def measure(self, stage: str) -> Iterator[None]:
        start = time.perf_counter()
        try:
            yield
        finally:
            self.total_ms[stage] += (time.perf_counter() - start) * 1000

    def per_frame(self) -> dict[str, float]:
        return {stage: ms / max(self.frames, 1) for stage, ms in self.total_ms.items()}


def _detected(update: TrackUpdate) -> dict[int, int]:
    """Track id -> detection row, for the tracks matched on this frame, tentative ones included.

    Evidence (embeddings, liveness looks) starts with a track's first detection rather than waiting for
    its confirmation: the confirmed track then has it already, and only confirmed tracks are shown or logged.
    """
    return {t.track_id: t.detection_index for t in update.tracks if t.detection_index >= 0}


class SceneCutDetector:
    """Flags hard cuts (edited video, a camera switched or reconnected): mean absolute difference of
    32x18 grey thumbnails of consecutive frames above ``threshold`` (0-255 scale)."""

    def __init__(self, threshold: float) -> None:
        self.threshold = threshold
        self._previous: np.ndarray | None = None

    def is_cut(self, image: np.ndarray) -> bool:
        thumb = scene_thumbnail(image)
        previous, self._previous = self._previous, thumb
        return previous is not None and is_scene_change(previous, thumb, self.threshold)


@dataclass(frozen=True)
class PipelineConfig:
    detect_every: int = 2  # run the detector on every k-th frame; the tracker carries boxes between
    arrival_frames: int = 10  # while a track is younger than this, detect (and so look) on every frame (0 = never)
    scene_cut: float = SCENE_CUT  # thumbnail difference that ends every track (0 = never)
    motion_gate: MotionGateConfig | None = MotionGateConfig()  # None: detect on schedule whatever the scene does
    track_quality: QualityThresholds = QualityThresholds(min_face=24, min_sharpness=8.0, max_yaw=1.5, dominance=1.0)

    @classmethod
    def from_settings(cls, video: VideoSettings) -> PipelineConfig:
        return cls(
            detect_every=video.detect_every, arrival_frames=video.arrival_frames, track_quality=QualityThresholds.for_tracks(video),
            motion_gate=MotionGateConfig(heartbeat_s=video.heartbeat_s) if video.motion_gate else None,
        )


class Pipeline:
    """Runs one frame at a time; ``run`` turns a frame source into an iterator of results."""

    def __init__(
        self,
        detector: FaceDetector,
        recognizer: Recognizer,
        tracker: Tracker,
        resolver: IdentityResolver,
        config: PipelineConfig = PipelineConfig(),
        liveness: LivenessJudge | None = None,
    ) -> None:
        self.detector = detector
        self.recognizer = recognizer
        self.tracker = tracker
        self.resolver = resolver
        self.config = config
        self.liveness = liveness  # None: liveness is off and every face stays UNCHECKED
        self.times = StageTimes()
        self._uses_norm = recognizer.norm_is_quality
        self._ticks: deque[float] = deque(maxlen=30)
        self._cuts = SceneCutDetector(config.scene_cut) if config.scene_cut > 0 else None
        self._since_detect = config.detect_every  # detect on the first frame
        self._gate = MotionGate(config.motion_gate) if config.motion_gate is not None else None
        self._arriving = False  # a track younger than ``arrival_frames``: someone is being decided

    def warm_up(self, height: int = 720, width: int = 1280) -> None:
        """Call each model once on a blank picture, so the first person does not wait for the models'
        first calls (their allocations: 54 ms instead of 11 for EdgeFace-XS INT8 on the CPU). No state changes."""
        blank = np.zeros((height, width, 3), np.uint8)
        self.detector.detect(blank)
        self.recognizer.embed(np.zeros((1, CROP_SIZE, CROP_SIZE, 3), np.uint8))
        if self.liveness is not None:
            self.liveness.scorer.score(blank, np.array([[width / 3, height / 4, width / 2, height / 2]], np.float32))

    def run(self, frames: Iterable[Frame]) -> Iterator[FrameResult]:
        iterator = iter(frames)
        while True:
            with self.times.measure("decode"):
                frame = next(iterator, None)
            if frame is None:
                return
            yield self.process(frame)

    def process(self, frame: Frame) -> FrameResult:
        with self.times.measure("track"):
            cut = self._cuts is not None and self._cuts.is_cut(frame.image)
            if cut:  # nobody on screen before the cut is at the same place after it
                for track_id in self.tracker.reset():
                    self._forget(track_id, frame.timestamp)
        detected = cut or self._arriving or self._since_detect >= self.config.detect_every
        idle = False
        if detected and not cut and self._gate is not None:
            with self.times.measure("motion"):
                detected = self._gate.due(frame.image, frame.timestamp, self.tracker.alive)
            idle = not detected
        self._since_detect = 1 if detected else self._since_detect + 1
        detections = FaceDetections.empty()
        with self.times.measure("detect"):
            if detected:
                detections = self.detector.detect(frame.image)
        with self.times.measure("track"):
            update = self.tracker.update(detections.boxes, detections.scores) if detected else self.tracker.predict_only()
            for track_id in update.removed:  # a LOST track may still be re-matched under its own id
                self._forget(track_id, frame.timestamp)
            self._arriving = any(t.age < self.config.arrival_frames for t in update.tracks)
        seen = _detected(update)
        self._embed_due(frame, detections, seen)
        self._check_liveness(frame, detections, seen)
        faces = tuple(
            self._with_liveness(self.resolver.face(t.track_id, t.box, predicted=t.detection_index < 0))
            for t in update.confirmed
        )
        self.times.frames += 1
        self._ticks.append(time.perf_counter())
        return FrameResult(frame, faces, detected=detected, scene_cut=cut, fps=self._fps(), idle=idle)

    def _embed_due(self, frame: Frame, detections: FaceDetections, seen: dict[int, int]) -> None:
        """Align and embed, in one batch, the tracks ``seen`` (id -> detection row) that are due and pass the quality gate."""
        with self.times.measure("align"):
            due = self.resolver.due(list(seen), frame.index)
            if not due:
                return
            picked = detections[np.array([seen[t] for t in due], np.int64)]
            aligned = align_faces(frame.image, picked.landmarks)
            keep = [
                i for i in range(len(due))
                if assess_face(picked.landmarks[i], picked.boxes[i], aligned.crops[i], self.config.track_quality).accepted
            ]
            if not keep:
                return
        with self.times.measure("embed"):
            embeddings = self.recognizer.embed(aligned.crops[keep])
        with self.times.measure("match"):
            if self._uses_norm:
                weights = embeddings.qualities
            else:
                weights = picked.scores[keep] * np.minimum(picked.widths[keep], picked.heights[keep])
            self.resolver.observe([due[i] for i in keep], embeddings.vectors, weights, frame.index, frame.timestamp)

    def _forget(self, track_id: int, time_s: float) -> None:
        self.resolver.forget(track_id, time_s)
        if self.liveness is not None:
            self.liveness.forget(track_id)

    def _check_liveness(self, frame: Frame, detections: FaceDetections, seen: dict[int, int]) -> None:
        """Score, in one batch, the tracks ``seen`` (id -> detection row) that are due a liveness look."""
        if self.liveness is None:
            return
        with self.times.measure("liveness"):
            if seen:
                self.liveness.shape_of(list(seen), detections.landmarks[list(seen.values())])
            due = self.liveness.due(list(seen), frame.index)
            if due:
                picked = detections[np.array([seen[t] for t in due], np.int64)]
                weights = picked.scores * np.minimum(picked.widths, picked.heights)
                self.liveness.look(frame.image, due, picked.boxes, weights, frame.index, frame.timestamp)
            for track_id in self.liveness.challenged(list(seen)):  # asked to turn their head: this frame's face
                row = seen[track_id]
                self.liveness.answer(frame.image, track_id, detections.boxes[row], detections.landmarks[row][:2], frame.timestamp)
            self.liveness.expire(frame.timestamp)

    def _with_liveness(self, face: TrackedFace) -> TrackedFace:
        if self.liveness is None:
            return face
        return replace(face, liveness=self.liveness.verdict(face.track_id))

    def _fps(self) -> float:
        if len(self._ticks) < 2:
            return 0.0
        return (len(self._ticks) - 1) / max(self._ticks[-1] - self._ticks[0], 1e-9)
