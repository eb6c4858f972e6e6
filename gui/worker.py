"""The pipeline worker: frames to the display at the source's rate, recognition beside them.

Threads:

* **pump** (a plain thread per source, :class:`FramePump`): reads the source. Live cameras give their
  newest frame; files give every frame in order, paced at the file's frame rate. Each frame goes
  (1) to the display feed, which keeps only the newest frame and signals the GUI once until it is
  taken, and (2) to the recognition :class:`FrameSlot`: for a live source a newer frame replaces an
  untaken one (recognition skips what it cannot keep up with, the display does not); for a file
  the pump waits until the frame is taken (every frame recognised, in order).
* **worker** (:class:`PipelineWorker`, a QObject in one QThread for the app's lifetime): opens the
  source and starts its pump first, so the picture shows while it loads the models, which are then
  used on this thread only; runs the pipeline, hands its faces to the app's attendance desk (through a
  door of the run) and the greeter; takes commands
  (start a source, stop) from a queue between frames; reports through signals only. Stopping is a
  flag and a join, never ``terminate()``.

The GUI thread converts and draws the newest frame with the newest result; nothing waits for it.
"""
from __future__ import annotations

import logging
import queue
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal, Protocol, runtime_checkable

from PySide6.QtCore import QObject, Qt, QThread, Signal, Slot

from attendance.desk import AttendanceDesk, FaceDoor, wall_clock
from attendance.writer import WriterStatus
from core.config import AppConfig
from core.errors import KioskError, ModelError, error_text
from pipeline.sources import FrameSource, SourceError, open_source
from pipeline.types import Frame
from services.greeting import Greeter
from services.heartbeat import HeartbeatThread, beat_while_running
from services.live_changes import LiveChanges
from services.runtime import Runtime, models_key
from services.video import build_pipeline, check_in

if TYPE_CHECKING:
    from pipeline.runner import Pipeline

log = logging.getLogger(__name__)

POLL_S = 0.05  # longest wait of a thread before it looks at its stop flag again
LATE_S = 0.25  # a file more than this behind its frame rate restarts its clock instead of rushing
STATS_EVERY_S = 0.5
PUMP_JOIN_S = 1.5


@runtime_checkable
class LiveSource(Protocol):
    """A live source hands out each newest frame until stopped (``CameraSource.frames``)."""

    def frames(self, *, poll_s: float, stop: Callable[[], bool]) -> Iterator[Frame]: ...


class FrameSlot:
    """One frame between the pump and recognition: replaced when not taken (live) or waited on (files)."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._frame: Frame | None = None
        self._closed = False
        self.dropped = 0  # frames replaced before recognition took them

    def put(self, frame: Frame, *, wait: bool) -> bool:
        """Offer ``frame``; ``wait=True`` blocks until the previous one was taken. False once closed."""
        with self._cond:
            if wait:
                self._cond.wait_for(lambda: self._frame is None or self._closed)
            if self._closed:
                return False
            if self._frame is not None:
                self.dropped += 1
            self._frame = frame
            self._cond.notify_all()
            return True

    def take(self, timeout: float) -> Frame | None:
        """The waiting frame, or None after ``timeout`` seconds (at once when closed and empty)."""
        with self._cond:
            self._cond.wait_for(lambda: self._frame is not None or self._closed, timeout)
            frame, self._frame = self._frame, None
            self._cond.notify_all()
            return frame

    def close(self) -> None:
        with self._cond:
            self._closed = True
            self._cond.notify_all()


class FramePump:
    """Reads one source on its own thread into the display callback and the recognition slot.

    The source is read and closed on this thread only. ``error`` is set when the source failed.
    """

    def __init__(self, source: FrameSource, slot: FrameSlot, show: Callable[[Frame], None]) -> None:
        self.source = source
        self.error: str | None = None
        self._slot = slot
        self._show = show
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name=f"frames: {source.description}", daemon=True)

    def start(self) -> None:
        self._thread.start()

    @property
    def running(self) -> bool:
        return self._thread.is_alive()

    def stop(self, timeout: float = PUMP_JOIN_S) -> None:
        self._stop.set()
        self._slot.close()
        self._thread.join(timeout)

    def _run(self) -> None:
        try:
            if isinstance(self.source, LiveSource):
                self._run_live(self.source)
            else:
                self._run_file()
        except KioskError as exc:
            self.error = str(exc)
        except Exception as exc:
            log.exception("frame source failed")
            self.error = f"{self.source.description}: {type(exc).__name__}: {exc}"
        finally:
            self._slot.close()
            self.source.close()

    def _run_live(self, source: LiveSource) -> None:
        for frame in source.frames(poll_s=POLL_S, stop=self._stop.is_set):  # a failure raises SourceError
            self._show(frame)
            self._slot.put(frame, wait=False)

    def _run_file(self) -> None:
        period = 1.0 / self.source.fps
        due = time.monotonic()
        for frame in self.source:
            late = time.monotonic() - due
            if late < 0 and self._stop.wait(-late):
                return
            if late > LATE_S:  # recognition held the file back: go on from now
                due = time.monotonic()
            if self._stop.is_set():
                return
            self._show(frame)
            if not self._slot.put(frame, wait=True):
                return
            due += period


@dataclass(frozen=True)
class ModelInfo:
    detector: str
    recognizer: str
    device: str
    liveness: str  # "off", or what checks it: the networks and the cues that are on


def liveness_text(pipeline: Pipeline) -> str:
    """How the running pipeline checks liveness, for the status bar."""
    judge = pipeline.liveness
    if judge is None:
        return "off"
    cues = [
        name for name, cue in (("border", judge.border), ("screen", judge.screen), ("motion", judge.motion), ("challenge", judge.challenger))
        if cue is not None
    ]
    return " + ".join([judge.scorer.name, *cues])


@dataclass(frozen=True)
class WorkerStats:
    source_state: str  # running | opening | reconnecting | ended | failed | stopped
    source_message: str
    recognition_fps: float
    skipped: int  # live frames recognition did not take (the display showed them)
    writer: WriterStatus


@dataclass(frozen=True)
class WorkerProblem:
    kind: Literal["models", "source", "pipeline"]
    message: str


@dataclass(frozen=True)
class _Start:
    source: str
    loop: bool
    config: AppConfig
    desk: AttendanceDesk | None = None  # the app's desk; None: a trial (a video file the admin has not approved) with a desk that records nothing


@dataclass(frozen=True)
class _Stop:
    pass


@dataclass
class _Session:
    source: FrameSource
    slot: FrameSlot
    pump: FramePump
    pipeline: Pipeline
    door: FaceDoor
    greeter: Greeter
    live: LiveChanges
    beats: HeartbeatThread | None = None
    last_fps: float = 0.0
    stats_at: float = field(default_factory=time.monotonic)


PipelineFactory = Callable[[Runtime], "Pipeline"]


def kiosk_pipeline(runtime: Runtime) -> Pipeline:
    """The window's pipeline: the people see its instructions, so an unsure face may be asked to turn its head."""
    return build_pipeline(runtime, challenge=True)
SourceOpener = Callable[[str, bool], FrameSource]


def _open(spec: str, loop: bool) -> FrameSource:
    return open_source(spec, loop=loop)


class PipelineWorker(QObject):
    """Runs on the pipeline QThread; see the module docstring. Talk to it through :class:`PipelineController`."""

    frame_ready = Signal()  # a new display frame waits in take_frame()
    result_ready = Signal(object)  # FrameResult
    greeting = Signal(object)  # Greeting
    stats = Signal(object)  # WorkerStats
    models_ready = Signal(object)  # ModelInfo
    problem = Signal(object)  # WorkerProblem
    busy = Signal(str)  # what is being prepared ("loading the face models..."), "" when done
    started = Signal(str)  # a source runs (its description)
    stopped = Signal()  # no source runs any more
    finished = Signal()

    def __init__(self, build: PipelineFactory = kiosk_pipeline, open_frames: SourceOpener = _open) -> None:
        super().__init__()
        self._build = build
        self._open_frames = open_frames
        self._commands: queue.SimpleQueue[_Start | _Stop] = queue.SimpleQueue()
        self._quit = threading.Event()
        self._display_lock = threading.Lock()
        self._display: Frame | None = None
        self._runtime: Runtime | None = None
        self._session: _Session | None = None

    # -- any thread ---------------------------------------------------------------------------

    def submit(self, command: _Start | _Stop) -> None:
        self._commands.put(command)

    def request_quit(self) -> None:
        self._quit.set()

    def take_frame(self) -> Frame | None:
        """The newest display frame not taken yet (GUI thread)."""
        with self._display_lock:
            frame, self._display = self._display, None
        return frame

    def _show(self, frame: Frame) -> None:
        """Pump thread: keep the newest frame; signal only when the GUI has taken the previous one."""
        with self._display_lock:
            notify = self._display is None
            self._display = frame
        if notify:
            self.frame_ready.emit()

    # -- the worker thread ------------------------------------------------------------------------

    @Slot()
    def run(self) -> None:
        try:
            while not self._quit.is_set():
                try:
                    command = self._commands.get(timeout=POLL_S) if self._session is None else self._commands.get_nowait()
                except queue.Empty:
                    command = None
                if command is not None:
                    self._execute(command)
                elif self._session is not None:
                    self._step(self._session)
        finally:
            self._end_session()
            self._release_runtime()
            self.finished.emit()

    def _execute(self, command: _Start | _Stop) -> None:
        if isinstance(command, _Stop):
            self._end_session()
        else:
            self._start(command)

    def _start(self, command: _Start) -> None:
        """Open the source and show its frames at once, then load the models (the display runs meanwhile)."""
        self._end_session()
        self.busy.emit(self.tr("opening {source}…").format(source=command.source))
        try:
            source = self._open_frames(command.source, command.loop)
            if source.status.state == "opening":  # a camera that did not open at the first try
                source.close()
                raise SourceError(f"{source.description} not found or busy")
        except KioskError as exc:
            self.busy.emit("")
            self.problem.emit(WorkerProblem("source", str(exc)))
            self.stopped.emit()
            return
        slot = FrameSlot()
        pump = FramePump(source, slot, self._show)
        pump.start()
        self.started.emit(source.description)
        built = self._build_pipeline(command.config)
        if isinstance(built, WorkerProblem):
            self._stop_pump(pump)
            self.busy.emit("")
            self.problem.emit(built)
            self.stopped.emit()
            return
        pipeline, live = built
        assert self._runtime is not None  # set by a successful _build_pipeline
        desk = command.desk or self._runtime.trial_desk()
        door = desk.door(pipeline.recognizer.name, wall_clock, require_live=command.config.liveness.enabled)
        greeter = Greeter(self._runtime.store, desk, command.config.attendance.zone, recognizer=pipeline.recognizer.name)
        live.start(pipeline.resolver, desk, greeter)
        self._session = _Session(source, slot, pump, pipeline, door, greeter, live)
        if command.desk is not None:  # the kiosk's own desk, not a trial's: the fleet sees it running
            session = self._session
            session.beats = beat_while_running(self._runtime.store, command.config.attendance.kiosk_id, pipeline, door,
                                               lambda: session.last_fps)
        self.busy.emit("")


    def _build_pipeline(self, config: AppConfig) -> tuple[Pipeline, LiveChanges] | WorkerProblem:
        """Models (reused while their settings stay the same), gallery, tracker, liveness, and what keeps the
        gallery in step with the change log from its loading on; what went wrong on failure."""
        if self._runtime is None or models_key(self._runtime.config) != models_key(config):
            self._release_runtime()
            self.busy.emit(self.tr("loading the face models…"))
            runtime = Runtime(config)
        else:
            runtime = self._runtime
            runtime.config = config
        try:
            live = LiveChanges(runtime, config)  # marked before the gallery loads: no change is missed
            pipeline = self._build(runtime)
        except Exception as exc:
            if not isinstance(exc, KioskError):
                log.exception("building the pipeline failed")
            kind: Literal["models", "pipeline"] = "models" if isinstance(exc, ModelError) else "pipeline"
            return WorkerProblem(kind, error_text(exc))
        self._runtime = runtime
        device = getattr(pipeline.recognizer, "device", config.recognizer.device)
        self.models_ready.emit(ModelInfo(pipeline.detector.name, pipeline.recognizer.name, str(device), liveness_text(pipeline)))
        return pipeline, live

    def _release_runtime(self) -> None:
        """Drop the models and close the database connections of the current runtime."""
        runtime, self._runtime = self._runtime, None
        if runtime is not None:
            runtime.close()

    def _step(self, session: _Session) -> None:
        frame = session.slot.take(POLL_S)
        if frame is None:
            if not session.pump.running:  # the source failed, or ended (a folder of photos)
                message = session.pump.error or session.source.status.message
                self._end_session()
                self.problem.emit(WorkerProblem("source", message))
            else:
                self._report(session)
            return
        try:
            result = session.pipeline.process(frame)
            events = check_in(session.pipeline, session.door, result)
            greetings = session.greeter.greet(result, events)
        except Exception as exc:
            log.exception("the pipeline failed on frame %d", frame.index)
            self._end_session()
            self.problem.emit(WorkerProblem("pipeline", error_text(exc)))
            return
        session.last_fps = result.fps
        self.result_ready.emit(result)
        for greeting in greetings:
            self.greeting.emit(greeting)
        self._report(session)

    def _report(self, session: _Session) -> None:
        now = time.monotonic()
        if now - session.stats_at < STATS_EVERY_S:
            return
        session.stats_at = now
        status = session.source.status
        skipped = session.slot.dropped + session.source.dropped_frames
        self.stats.emit(
            WorkerStats(status.state, status.message, session.last_fps, skipped, session.door.status)
        )

    def _stop_pump(self, pump: FramePump) -> None:
        """Stop reading the source; a frame it left for the display is dropped with it."""
        pump.stop()
        with self._display_lock:
            self._display = None

    def _end_session(self) -> None:
        session, self._session = self._session, None
        if session is None:
            return
        self._stop_pump(session.pump)
        if session.beats is not None:
            session.beats.stop()
        session.live.stop()
        session.door.close()
        self.stats.emit(WorkerStats("stopped", session.source.status.message, 0.0, session.slot.dropped, session.door.desk.flush()))
        self.stopped.emit()


class PipelineController(QObject):
    """The GUI's handle on the worker: commands in, signals out; nothing here blocks except ``shutdown``."""

    def __init__(self, worker: PipelineWorker | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.worker = worker or PipelineWorker()
        self._thread = QThread(self)
        self._thread.setObjectName("pipeline worker")
        self.worker.moveToThread(self._thread)
        self._thread.started.connect(self.worker.run)
        self.worker.finished.connect(self._thread.quit, Qt.ConnectionType.DirectConnection)
        self._thread.start()

    def start(self, source: str, loop: bool, config: AppConfig, desk: AttendanceDesk | None) -> None:
        """Switch to ``source`` (the running one is stopped first, on the worker thread), its check-ins to
        ``desk``; None: a trial whose check-ins are decided and never written."""
        self.worker.submit(_Start(source, loop, config.model_copy(deep=True), desk))

    def stop(self) -> None:
        self.worker.submit(_Stop())

    def take_frame(self) -> Frame | None:
        return self.worker.take_frame()

    @property
    def running(self) -> bool:
        return self._thread.isRunning()

    def shutdown(self, timeout_s: float = 2.0) -> bool:
        """Stop the source and the worker thread; True when everything ended within ``timeout_s``."""
        self.worker.request_quit()
        return self._thread.wait(int(timeout_s * 1000))
