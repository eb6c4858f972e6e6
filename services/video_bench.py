"""`bench video`: where the time goes per frame, end-to-end FPS, recognition delay per person, peak RSS."""
from __future__ import annotations

import time
from dataclasses import asdict, dataclass, field

import numpy as np

from pipeline.interfaces import FaceDetector
from pipeline.types import FaceDetections, FrameResult
from tracking.association import iou_matrix

FACE_WIDTH = 60  # px: the delay is measured from the first frame the face is at least this wide


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
    first_wide_frame: int  # first frame the person's face was detected >= FACE_WIDTH px wide
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
    """Per track: its boxes per frame; at an event, walks back through the detections to the first wide face."""

    def __init__(self, recorder: RecordingDetector, max_back: int) -> None:
        self.recorder = recorder
        self.max_back = max_back  # frames a track can exist before it is confirmed (min_hits x detect_every)
        self.boxes: dict[int, dict[int, np.ndarray]] = {}
        self.wall: dict[int, float] = {}
        self.timestamps: dict[int, float] = {}
        self.delays: list[PersonDelay] = []
        self._logged: set[int] = set()
        self._cuts: set[int] = set()

    def add(self, result: FrameResult) -> None:
        index = result.frame.index
        self.wall[index] = time.perf_counter()
        self.timestamps[index] = result.frame.timestamp
        if result.scene_cut:
            self._cuts.add(index)
        for face in result.faces:
            self.boxes.setdefault(face.track_id, {})[index] = face.box
        for event in result.events:
            if event.employee_id in self._logged:
                continue
            self._logged.add(event.employee_id)
            face = next(f for f in result.faces if f.track_id == event.track_id)
            first = self._first_wide_frame(event.track_id)
            self.delays.append(
                PersonDelay(
                    face.code or "", face.label, first, index,
                    round(result.frame.timestamp - self.timestamps[first], 3),
                    round(self.wall[index] - self.wall[first], 3),
                )
            )

    def _first_wide_frame(self, track_id: int) -> int:
        """Earliest frame where this track's face (followed back through earlier detections by IoU) was wide enough."""
        track_boxes = self.boxes[track_id]
        first_frame = min(track_boxes)
        box = track_boxes[first_frame]
        chain = dict(track_boxes)
        cut = max((c for c in self._cuts if c <= first_frame), default=-1)  # never follow a face across a cut
        earlier = (i for i in self.recorder.by_frame if max(first_frame - self.max_back, cut) <= i < first_frame)
        for index in sorted(earlier, reverse=True):
            detections = self.recorder.by_frame[index]
            if len(detections) == 0:
                break
            overlap = iou_matrix(box[None], detections.boxes)[0]
            best = int(np.argmax(overlap))
            if overlap[best] < 0.3:
                break
            box = detections.boxes[best]
            chain[index] = box
        wide = [i for i, b in sorted(chain.items()) if b[2] - b[0] >= FACE_WIDTH]
        return wide[0] if wide else first_frame
