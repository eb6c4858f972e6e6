"""`bench video`: where the time goes per frame, end-to-end FPS, recognition delay per person, peak RSS."""
from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field

import numpy as np

from attendance.events import AttendanceEvent
from pipeline.interfaces import FaceDetector
from pipeline.types import FaceDetections, FrameResult
from tracking.association import iou_matrix


class RecordingDetector:
    """Wraps a detector and keeps every frame's detections (for measuring when a face first appeared)."""

    def __init__(self, detector: FaceDetector) -> None:
        self.detector = detector
        self.name = detector.name
        self.by_frame: dict[int, FaceDetections] = {}
        self.frame_index = -1

    def detect(self, image: np.ndarray) -> FaceDetections:
        detections = self.detector.detect(image)
        self.by_frame[self.frame_index] = detections
        return detections


@dataclass
class PersonDelay:
    code: str
    name: str
    first_seen_frame: int  # first frame the person's face was detected (their track followed back through detections)
    event_frame: int
    delay_video_s: float
    delay_wall_s: float


@dataclass
class VideoBench:
    source: str
    frames: int = 0
    video_seconds: float = 0.0
    wall_seconds: float = 0.0
    fps: float = 0.0
    cpu_s_per_video_s: float = 0.0  # process CPU time (all threads, user + system) per second of video
    detector_runs: int = 0
    idle_frames: int = 0  # frames the motion gate skipped the detector on
    ms_per_frame: dict[str, float] = field(default_factory=dict)
    delays: list[PersonDelay] = field(default_factory=list)
    peak_rss_mb: float = 0.0
    settings: dict[str, object] = field(default_factory=dict)

    def as_dict(self) -> dict:
        return asdict(self)


class DelayTracker:
    """Per track: its boxes per frame; at an event, walks back through the detections to the face's first one."""

    def __init__(self, recorder: RecordingDetector, max_back: int) -> None:
        self.recorder = recorder
        self.max_back = max_back  # frames followed back before a track's first shown frame
        self.boxes: dict[int, dict[int, np.ndarray]] = {}
        self.wall: dict[int, float] = {}
        self.timestamps: dict[int, float] = {}
        self.delays: list[PersonDelay] = []
        self._logged: set[int] = set()
        self._cuts: set[int] = set()

    def add(self, result: FrameResult, events: Sequence[AttendanceEvent]) -> None:
        """One frame's result and the punches the desk made of it."""
        index = result.frame.index
        self.wall[index] = time.perf_counter()
        self.timestamps[index] = result.frame.timestamp
        if result.scene_cut:
            self._cuts.add(index)
        for face in result.faces:
            self.boxes.setdefault(face.track_id, {})[index] = face.box
        for event in events:
            if event.employee_id in self._logged:
                continue
            self._logged.add(event.employee_id)
            face = next(f for f in result.faces if f.track_id == event.track_id)
            first = self._first_seen_frame(event.track_id)
            self.delays.append(
                PersonDelay(
                    face.code or "", face.label, first, index,
                    round(result.frame.timestamp - self.timestamps[first], 3),
                    round(self.wall[index] - self.wall[first], 3),
                )
            )

    def _first_seen_frame(self, track_id: int) -> int:
        """Earliest frame this track's face was detected: followed back by IoU through earlier detections
        (a tentative track's, or a broken track's), never across a cut, at most ``max_back`` frames."""
        track_boxes = self.boxes[track_id]
        first = min(track_boxes)
        box = track_boxes[first]
        cut = max((c for c in self._cuts if c <= first), default=-1)
        earlier = (i for i in self.recorder.by_frame if max(first - self.max_back, cut) <= i < first)
        for index in sorted(earlier, reverse=True):
            detections = self.recorder.by_frame[index]
            if len(detections) == 0:
                break
            overlap = iou_matrix(box[None], detections.boxes)[0]
            best = int(np.argmax(overlap))
            if overlap[best] < 0.3:
                break
            box, first = detections.boxes[best], index
        return first
