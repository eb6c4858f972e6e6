"""`process SOURCE`: run the video pipeline headless; annotated video, events CSV, summary JSON (the parser is cli/process_cmd.py)."""
from __future__ import annotations

import argparse
import json
import time
from collections.abc import Iterable, Iterator
from contextlib import ExitStack
from datetime import datetime, timezone

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from attendance.desk import FaceDoor, video_clock, wall_clock
from cli.runtime import open_runtime
from core.errors import KioskError
from pipeline.overlay import TextPainter, draw_overlay
from pipeline.runner import Pipeline
from pipeline.sources import CameraSource, FrameSource, SourceError, SourceStatus, missing_camera, open_source, paced
from pipeline.types import Frame, Liveness
from pipeline.video_writer import AnnotatedVideoWriter
from services.heartbeat import beat_while_running
from services.live_changes import LiveChanges
from services.runtime import Runtime
from services.video import EventCsv, SummaryCollector, build_pipeline, check_in, open_door, punched_tracks

out = Console(stderr=True, highlight=False)


def _configure(runtime: Runtime, args: argparse.Namespace) -> None:
    if args.every is not None:
        runtime.config.video.embed_every = args.every
    if args.detect_every is not None:
        runtime.config.video.detect_every = args.detect_every
    if args.kiosk_id:
        runtime.config.attendance.kiosk_id = args.kiosk_id


def _live_frames(source: CameraSource, timeout: float, max_seconds: float | None = None) -> Iterator[Frame]:
    """A camera's frames until ``max_seconds`` of wall time have passed, whatever the camera does (a lost
    camera sends nothing, and the deadline still holds); fails clearly when it sends nothing at start,
    reports reconnects as they happen."""
    deadline = None if max_seconds is None else time.monotonic() + max_seconds
    first = source.next_frame(timeout if max_seconds is None else min(timeout, max_seconds))
    if first is None:
        source.close()
        if deadline is not None and time.monotonic() >= deadline:
            return
        raise SourceError(f"{source.description}: no frames within {timeout:.0f} s ({source.status.message or 'not found or busy'})")
    yield first
    yield from source.frames(poll_s=0.5, deadline=deadline, on_status=_say)


def _say(status: SourceStatus) -> None:
    out.print(f"[yellow]camera:[/yellow] {status.message}" if status.state != "running" else f"camera: {status.message}")


def _names_as_written() -> TextPainter:
    """Qt's text engine for the annotated video's labels (Qt loads only for --output)."""
    from gui.text_painter import offscreen_qt_text

    return offscreen_qt_text()


def _until(frames: Iterable[Frame], max_seconds: float | None) -> Iterator[Frame]:
    """``frames`` until ``max_seconds`` of wall time have passed (all of them without a limit)."""
    deadline = None if max_seconds is None else time.monotonic() + max_seconds
    for frame in frames:
        if deadline is not None and time.monotonic() >= deadline:
            return
        yield frame


def run(args: argparse.Namespace) -> int:
    with open_runtime(args) as runtime, ExitStack() as stack:
        _configure(runtime, args)
        configured = runtime.config.model_copy(deep=True)  # the kiosk's own, before the accepted settings are laid over
        for refused in runtime.hold_to_accepted_settings():  # process writes attendance events: the kiosk's rules apply
            out.print(f"[yellow]not applied:[/yellow] {refused} (not accepted by the admin: python main.py admin accept-config)", soft_wrap=True)
        if args.loop and not args.realtime:
            raise KioskError("--loop plays a file again and again in real time: give --realtime too")
        source = stack.enter_context(open_source(args.source, loop=args.loop))
        if isinstance(source, CameraSource) and source.status.state != "running" and missing_camera(source.source):
            raise SourceError(str(missing_camera(source.source)))  # at once, before the models load
        frames: Iterable[Frame] = source
        if isinstance(source, CameraSource):
            frames = _live_frames(source, args.camera_timeout, args.max_seconds)
        elif args.realtime:
            frames = _until(paced(source), args.max_seconds)
        clock = wall_clock if source.is_live or args.realtime else video_clock(datetime.now(timezone.utc))
        live = LiveChanges(runtime, configured)  # marked before the gallery loads: no change is missed
        pipeline = build_pipeline(runtime)
        door = open_door(runtime, pipeline, clock)
        live.start(pipeline.resolver, door.desk)
        collector = SummaryCollector()
        beats = beat_while_running(runtime.store, runtime.config.attendance.kiosk_id, pipeline, door, lambda: collector.fps)
        try:
            writer = stack.enter_context(AnnotatedVideoWriter(args.output, source.fps, text=_names_as_written())) if args.output else None
            events_csv = stack.enter_context(EventCsv(args.events, lambda: pipeline.resolver.names)) if args.events else None
            _run_frames(pipeline, door, frames, source, collector, writer, events_csv)
        finally:
            beats.stop()
            live.stop()
            door.close()
            status = door.desk.close()
    if source.status.state == "failed" or source.status.cut_short:
        out.print(f"[yellow]source:[/yellow] {source.status.message}")
    summary = collector.summary(status)
    if args.summary:
        try:
            args.summary.write_text(json.dumps(summary.as_dict(), indent=2))
        except OSError as exc:
            raise KioskError(f"cannot write summary {args.summary}: {exc.strerror}") from None
    for person in summary.recognized:
        out.print(f"recognised {person.name} ({person.code}) from frame {person.first_frame} ({person.first_time_s:.2f} s), best similarity {person.best_similarity:.3f}")
    attacks = [t for t in summary.liveness if t.state == Liveness.ATTACK.value]
    for track in attacks:
        who = f", presented as {track.code}" if track.code else ""
        out.print(f"[red]presentation attack:[/red] track {track.track_id} from frame {track.first_frame}, live score {track.score:.2f} over {track.looks} looks{who}", soft_wrap=True)
    out.print(f"{summary.frames} frames in {summary.seconds:.1f} s ({summary.fps:.1f} frames per second from the first frame to the last), {summary.tracks} tracks, {summary.events} events", soft_wrap=True)
    out.print(status.line if status.ok else f"[red]{status.line}[/red]")
    return 0 if status.ok else 1


def _run_frames(
    pipeline: Pipeline,
    door: FaceDoor,
    frames: Iterable[Frame],
    source: FrameSource,
    collector: SummaryCollector,
    writer: AnnotatedVideoWriter | None,
    events_csv: EventCsv | None,
) -> None:
    """Every frame through the pipeline, with a progress bar, into the summary, the events CSV and the video."""
    total = source.frame_count or None
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TextColumn("{task.fields[fps]:.1f} fps"), TimeRemainingColumn())
    try:
        with Progress(*columns, console=out, transient=False) as progress:
            task = progress.add_task(source.description, total=total, fps=0.0)
            for result in pipeline.run(frames):
                events = check_in(pipeline, door, result)
                collector.add(result, events)
                if events_csv:
                    for event in events:
                        events_csv.write(event)
                if writer:
                    with pipeline.times.measure("draw"):
                        writer.write(draw_overlay(result.frame.image, result, punched=punched_tracks(events), copy=False,
                                                 text=writer.text))
                progress.update(task, advance=1, fps=collector.fps)
    except KeyboardInterrupt:
        out.print("stopped by the user")
