"""A video session: the pipeline wired from the runtime, plus the summary and the events CSV of a run."""
from __future__ import annotations

import csv
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from attendance.desk import Clock, FaceDoor, wall_clock
from attendance.events import AttendanceEvent
from attendance.writer import WriterStatus
from core.errors import KioskError
from pipeline.closing import Closing
from pipeline.recognition import IdentityResolver, RecognitionConfig
from pipeline.types import EmployeeName, FrameResult, IdentityState, Liveness, Shape, TrackedFace
from services.runtime import Runtime

if TYPE_CHECKING:
    from pipeline.runner import Pipeline

EVENT_COLUMNS = ("time", "frame", "code", "name", "kind", "similarity", "margin", "kiosk_id", "track_id", "recognizer")


def build_pipeline(runtime: Runtime, *, challenge: bool = False) -> Pipeline:
    """Detector, tracker, identity resolver and liveness, configured from ``runtime.config``; the pipeline
    ends at tracked faces (who, how sure, live or not): the attendance desk takes it from there. ``challenge``: an
    unsure face is asked to turn its head, for a front end that shows the person the instruction (the window).

    The runner and tracker are imported here, so a front end that only shows a window or a check-in dialog
    does not wait for them; the tracker's libraries load meanwhile on a thread of their own."""
    from pipeline.runner import Pipeline, PipelineConfig
    from tracking import Tracker, TrackerConfig, prefetch

    runtime.preload_models()
    prefetch()

    video = runtime.config.video
    gallery = runtime.gallery()
    names = {e.id: EmployeeName(e.code, e.name) for e in runtime.store.list_employees()}
    resolver = IdentityResolver(
        gallery,
        runtime.threshold,
        runtime.margin,
        names,
        RecognitionConfig.from_settings(video),
    )
    tracker = Tracker(TrackerConfig(min_hits=video.track_min_hits, max_age=video.track_max_age))
    liveness = runtime.new_liveness_judge(challenge=challenge)
    pipeline = Pipeline(
        runtime.detector, runtime.recognizer, tracker, resolver,
        PipelineConfig.from_settings(video),
        liveness,
    )
    pipeline.warm_up()
    return pipeline


def open_door(runtime: Runtime, pipeline: Pipeline, clock: Clock = wall_clock, record: bool = True) -> FaceDoor:
    """The way from ``pipeline``'s faces to the kiosk's attendance desk; ``record=False``: a trial run, whose
    punches are decided and never written (a desk of its own)."""
    desk = runtime.desk if record else runtime.trial_desk()
    return desk.door(pipeline.recognizer.name, clock, require_live=runtime.config.liveness.enabled)


def check_in(pipeline: Pipeline, door: FaceDoor, result: FrameResult) -> list[AttendanceEvent]:
    """The desk's punches for one frame's faces (timed as the pipeline's "log" stage)."""
    with pipeline.times.measure("log"):
        return door.observe(result.faces, result.frame)


def punched_tracks(events: Sequence[AttendanceEvent]) -> dict[int, str]:
    """Track id -> "in" / "out" of a frame's punches, for the overlay."""
    return {event.track_id: event.kind for event in events if event.track_id is not None}


@dataclass
class PersonSeen:
    code: str
    name: str
    first_frame: int
    first_time_s: float  # video time
    frames_recognized: int = 0
    best_similarity: float = 0.0
    first_event_time_s: float | None = None  # video time of this person's first logged event
    first_event_wall_s: float | None = None  # wall seconds from the start of the run to that event


@dataclass
class TrackLiveness:
    """A track's last liveness verdict, and whom it was recognised as (None: nobody)."""

    track_id: int
    state: str  # a Liveness value
    score: float
    looks: int
    code: str | None = None
    first_frame: int = 0
    decided_frame: int | None = None  # the first frame with a live or attack verdict
    shape: Shape = Shape.OFF  # what the planar-motion cue saw
    framed: float = 0.0  # share of looks framed by straight edges (the border cue)
    screen: float = 0.0  # share of looks with a screen's colours (the screen cue)


@dataclass
class RunSummary:
    frames: int = 0
    seconds: float = 0.0
    fps: float = 0.0
    tracks: int = 0
    events: int = 0
    recognized: list[PersonSeen] = field(default_factory=list)
    attendance: WriterStatus | None = None  # the event writer at the end: written, waiting, set aside
    liveness: list[TrackLiveness] = field(default_factory=list)  # per track; empty when liveness is off

    def as_dict(self) -> dict:
        return asdict(self)


class SummaryCollector:
    """Folds frame results into a ``RunSummary``. Its frame rate is the one figure a run reports: frames
    per second of wall time from the first result on (the models' loading before it is not counted; the
    source's pace is, so a camera's run shows the camera's rate)."""

    def __init__(self) -> None:
        self._start: float | None = None  # when the first result came
        self._last = 0.0  # when the newest one came
        self._frames = 0
        self._tracks: set[int] = set()
        self._events = 0
        self._people: dict[int, PersonSeen] = {}
        self._liveness: dict[int, TrackLiveness] = {}

    @property
    def seconds(self) -> float:
        """Wall time from the first result to the newest."""
        return 0.0 if self._start is None else self._last - self._start

    @property
    def fps(self) -> float:
        """Frames per second so far (the first frame counts as the start)."""
        return (self._frames - 1) / self.seconds if self._frames > 1 and self.seconds > 0 else 0.0

    def add(self, result: FrameResult, events: Sequence[AttendanceEvent] = ()) -> None:
        """One frame's result and the punches the desk made of it."""
        self._last = time.perf_counter()
        if self._start is None:
            self._start = self._last
        self._frames += 1
        frame = result.frame
        for face in result.faces:
            self._tracks.add(face.track_id)
            self._note_liveness(face, frame.index)
            if face.state is not IdentityState.RECOGNIZED or face.employee_id is None:
                continue
            person = self._people.setdefault(
                face.employee_id, PersonSeen(face.code or "", face.label, frame.index, frame.timestamp)
            )
            person.frames_recognized += 1
            person.best_similarity = max(person.best_similarity, round(face.similarity, 4))
        for event in events:
            self._events += 1
            person = self._people.get(event.employee_id)
            if person is not None and person.first_event_time_s is None:
                person.first_event_time_s = frame.timestamp
                person.first_event_wall_s = self.seconds

    def _note_liveness(self, face: TrackedFace, frame_index: int) -> None:
        verdict = face.liveness
        if verdict.state is Liveness.UNCHECKED:
            return
        seen = self._liveness.setdefault(face.track_id, TrackLiveness(face.track_id, "", 0.0, 0, first_frame=frame_index))
        seen.state, seen.score, seen.looks = verdict.state.value, verdict.score, verdict.looks
        seen.shape, seen.framed, seen.screen = verdict.shape, verdict.framed, verdict.screen
        if face.code is not None:
            seen.code = face.code
        if seen.decided_frame is None and verdict.state in (Liveness.LIVE, Liveness.ATTACK):
            seen.decided_frame = frame_index

    def summary(self, writer: WriterStatus | None = None) -> RunSummary:
        people = sorted(self._people.values(), key=lambda p: p.first_frame)
        return RunSummary(
            self._frames, round(self.seconds, 3), round(self.fps, 2), len(self._tracks),
            self._events, people, writer, sorted(self._liveness.values(), key=lambda t: t.track_id),
        )


class EventCsv(Closing):
    """Appends each event as it happens (flushed), so a crash loses no rows."""

    def __init__(self, path: Path, names: Callable[[], Mapping[int, EmployeeName]]) -> None:
        """``names`` gives the names as they are now (a running kiosk takes up enrolments)."""
        try:
            self._file = path.open("w", newline="", encoding="utf-8")
        except OSError as exc:
            raise KioskError(f"cannot write events file {path}: {exc.strerror}") from None
        self._names = names
        self._csv = csv.writer(self._file)
        self._csv.writerow(EVENT_COLUMNS)
        self._file.flush()

    def write(self, event: AttendanceEvent) -> None:
        shown = self._names().get(event.employee_id, EmployeeName("", ""))
        code, name = shown.code, shown.name
        self._csv.writerow(
            (event.at.isoformat(), event.frame_index, code, name, event.kind, f"{event.similarity:.4f}",
             f"{event.margin:.4f}", event.kiosk_id, event.track_id, event.recognizer)
        )
        self._file.flush()

    def close(self) -> None:
        self._file.close()
