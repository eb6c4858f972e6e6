"""`bench engine | video | kills`: speed and memory of the engine and the video pipeline, and the event writer under SIGKILL."""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import asdict
from datetime import datetime, timezone
from pathlib import Path

import cv2
import numpy as np
from rich.console import Console
from rich.progress import Progress, TextColumn
from rich.table import Table

from attendance.desk import video_clock
from cli.runtime import open_runtime
from core.config import DetectorSettings
from core.errors import KioskError, ModelError
from measure.benchmark import (
    EngineBench,
    adaface_precisions,
    bench_accelerator,
    bench_alignment,
    bench_border,
    bench_detector,
    bench_gallery,
    bench_liveness,
    bench_recognizer,
    bench_screen,
    peak_rss_mb,
    random_adaface,
)
from measure.store_bench import bench_store
from measure.video_bench import DelayTracker, RecordingDetector, VideoBench
from pipeline.detectors import build_detector
from pipeline.images import read_image
from pipeline.overlay import draw_overlay
from pipeline.recognizers import build_recognizer
from pipeline.sources import VideoFileSource
from pipeline.types import Frame
from pipeline.video_writer import AnnotatedVideoWriter
from services.video import build_pipeline, check_in, open_door, punched_tracks

out = Console(highlight=False)
RANDOM_ARCHS = ("adaface_ir_18", "adaface_ir_101")


def _photo(path: Path | None) -> np.ndarray:
    """The photo to detect on, or a smooth synthetic 1080p image."""
    if path is not None:
        return read_image(path)
    noise = np.random.default_rng(0).integers(0, 255, (1080, 1920, 3), np.uint8)
    return cv2.GaussianBlur(noise, (9, 9), 3)


def run_engine(args: argparse.Namespace) -> int:
    runtime = open_runtime(args)
    result = EngineBench()
    photo = _photo(args.image)
    settings = DetectorSettings()
    registry, models_dir = runtime.registry, runtime.models_dir
    for spec in registry.of_kind("detector"):
        if not registry.is_present(spec, models_dir) or not spec.landmarks:
            continue
        path = registry.locate(spec, models_dir)
        try:
            detector = build_detector(spec.arch, path, settings, trusted=runtime.trusts(path), threads=runtime.model_threads)
        except ModelError as exc:  # e.g. an unpinned .pt, which is not unpickled unless trusted
            result.notes.append(f"{spec.name}: {exc}")
            continue
        result.detect_ms[spec.name] = bench_detector(detector, photo, args.repeat)
        out.print(f"detect {spec.name}: {result.detect_ms[spec.name]}")
    result.detect_ms["mtcnn"] = bench_detector(build_detector("mtcnn", None, settings), photo, max(3, args.repeat // 3))
    result.align_ms_per_face = bench_alignment()
    out.print(f"align: {result.align_ms_per_face:.3f} ms/face")
    device = runtime.config.recognizer.device
    present_archs = set()
    for spec in registry.of_kind("recognizer"):
        if spec.arch in present_archs or not registry.is_present(spec, models_dir):
            continue
        try:
            recognizer = build_recognizer(spec.arch, registry.locate(spec, models_dir), device, threads=runtime.model_threads)
        except ModelError as exc:
            result.notes.append(f"{spec.name}: {exc}")
            continue
        present_archs.add(spec.arch)
        result.embed_ms_per_face[spec.arch] = bench_recognizer(recognizer, args.repeat)
        out.print(f"embed {spec.arch}: {result.embed_ms_per_face[spec.arch]}")
    try:
        result.liveness_ms_per_face = bench_liveness(runtime.new_liveness_scorer(), args.repeat)
        out.print(f"liveness: {result.liveness_ms_per_face}")
        result.border_ms_per_face = bench_border(args.repeat)
        result.screen_ms_per_face = bench_screen(args.repeat)
    except KioskError as exc:
        result.notes.append(f"liveness: {exc}")
    compiled = runtime.config.recognizer.compile
    with tempfile.TemporaryDirectory() as tmp:
        for arch in RANDOM_ARCHS:
            if arch in present_archs:
                continue
            for precision in adaface_precisions(device):
                label = f"{arch} (random weights, {precision}{', compiled' if compiled else ''})"
                recognizer = random_adaface(arch, Path(tmp), device, precision=precision, compiled=compiled)
                result.embed_ms_per_face[label] = bench_recognizer(recognizer, max(3, args.repeat // 3))
                out.print(f"embed {label}: {result.embed_ms_per_face[label]}")
                if str(getattr(recognizer, "device", "cpu")).startswith("cuda"):
                    result.accelerator[label] = bench_accelerator(recognizer, args.repeat)
                    out.print(f"GPU {label}: {result.accelerator[label]}")
    sizes = tuple(s for s in (1_000, 10_000, 100_000, 1_000_000) if s <= args.max_gallery)
    result.gallery_top1_ms = bench_gallery(sizes)
    result.store = bench_store(templates=args.store_templates)
    result.peak_rss_mb = peak_rss_mb()
    _print(result)
    try:
        args.out.write_text(json.dumps(result.as_dict(), indent=2))
    except OSError as exc:
        raise KioskError(f"cannot write {args.out}: {exc.strerror}") from None
    out.print(f"written to {args.out}")
    return 0


def _print(result: EngineBench) -> None:
    table = Table(title="engine benchmark (ms, median)", header_style="bold")
    table.add_column("stage")
    table.add_column("case")
    table.add_column("ms")
    for name, sizes in result.detect_ms.items():
        for size, ms in sizes.items():
            table.add_row(f"detect {name}", f"{size} image", f"{ms:.1f}")
    table.add_row("align", "per face (32 faces, 1280x720)", f"{result.align_ms_per_face:.3f}")
    for name, batches in result.embed_ms_per_face.items():
        for batch, ms in batches.items():
            table.add_row(f"embed {name}", f"per face, {batch}", f"{ms:.2f}")
    for batch, ms in result.liveness_ms_per_face.items():
        table.add_row("liveness (both MiniFASNets)", f"per face, {batch}", f"{ms:.2f}")
    if result.border_ms_per_face:
        table.add_row("liveness border cue", "per face look", f"{result.border_ms_per_face:.2f}")
    if result.screen_ms_per_face:
        table.add_row("liveness screen cue", "per face look", f"{result.screen_ms_per_face:.2f}")
    for size, ms in result.gallery_top1_ms.items():
        table.add_row("gallery top-1", f"{int(size):,} templates", f"{ms:.2f}")
    if result.store is not None:
        store = result.store
        table.add_row("gallery load, sealed", f"{store.templates:,} templates from the database", f"{store.gallery_load_ms:.0f}")
        table.add_row("gallery load, query only", f"{store.templates:,} templates, no decryption", f"{store.gallery_query_ms:.0f}")
        table.add_row("record verify", f"{store.events:,} chained events", f"{store.verify_ms:.0f}")
    for name, figures in result.accelerator.items():
        table.add_row(f"GPU {name}", "faces/s at batch 256", f"{figures['faces_per_s_batch_256']:.0f}")
        table.add_row(f"GPU {name}", "ms for a batch of 8", f"{figures['ms_batch_8']:.2f}")
    table.add_row("peak RSS", "MB", f"{result.peak_rss_mb:.0f}")
    out.print(table)


def run_video(args: argparse.Namespace) -> int:
    runtime = open_runtime(args)
    for refused in runtime.hold_to_accepted_settings():  # measured with the kiosk's own rules
        out.print(f"[yellow]not applied:[/yellow] {refused} (not accepted by the admin: python main.py admin accept-config)", soft_wrap=True)
    if args.detect_every is not None:
        runtime.config.video.detect_every = args.detect_every
    if args.every is not None:
        runtime.config.video.embed_every = args.every
    if args.arrival_frames is not None:
        runtime.config.video.arrival_frames = args.arrival_frames
    if args.no_motion_gate:
        runtime.config.video.motion_gate = False
    source = VideoFileSource(args.video)
    pipeline = build_pipeline(runtime)
    door = open_door(runtime, pipeline, video_clock(datetime.now(timezone.utc)), record=False)  # never the record
    recorder = RecordingDetector(pipeline.detector)
    pipeline.detector = recorder
    video = runtime.config.video
    delays = DelayTracker(recorder, max_back=round(source.fps))  # a face is followed back at most a second
    writer = None
    if args.output:
        from gui.text_painter import offscreen_qt_text  # names as they are written; Qt loads only for --output

        writer = AnnotatedVideoWriter(args.output, source.fps, text=offscreen_qt_text())
    frames = _numbered(source, recorder)
    start, cpu_start = time.perf_counter(), time.process_time()
    last = None
    detector_runs = idle_frames = 0
    try:
        for result in pipeline.run(frames):
            events = check_in(pipeline, door, result)
            delays.add(result, events)
            detector_runs += result.detected
            idle_frames += result.idle
            if writer:
                with pipeline.times.measure("draw"):
                    writer.write(draw_overlay(result.frame.image, result, punched=punched_tracks(events), copy=False,
                                                 text=writer.text))
            last = result
    finally:
        door.close()
        if writer:
            writer.close()
    wall, cpu = time.perf_counter() - start, time.process_time() - cpu_start
    video_seconds = last.frame.timestamp + 1.0 / source.fps if last else 0.0
    bench = VideoBench(
        source=str(args.video),
        frames=pipeline.times.frames,
        video_seconds=round(video_seconds, 3),
        wall_seconds=round(wall, 3),
        fps=round(pipeline.times.frames / max(wall, 1e-9), 2),
        cpu_s_per_video_s=round(cpu / max(video_seconds, 1e-9), 3),
        detector_runs=detector_runs,
        idle_frames=idle_frames,
        ms_per_frame={k: round(v, 3) for k, v in pipeline.times.per_frame().items()},
        delays=delays.delays,
        peak_rss_mb=round(peak_rss_mb(), 1),
        settings={
            "detector": runtime.detector.name,
            "recognizer": runtime.recognizer.name,
            "detect_every": video.detect_every,
            "arrival_frames": video.arrival_frames,
            "embed_every": video.embed_every,
            "motion_gate": video.motion_gate,
            "model_threads": runtime.model_threads,
        },
    )
    table = Table(title=f"video benchmark: {args.video.name}", header_style="bold")
    table.add_column("stage")
    table.add_column("ms / frame")
    for stage, ms in bench.ms_per_frame.items():
        table.add_row(stage, f"{ms:.2f}")
    out.print(table)
    out.print(f"{bench.frames} frames, {bench.video_seconds:.1f} s of video in {bench.wall_seconds:.1f} s: {bench.fps:.1f} FPS end to end; peak RSS {bench.peak_rss_mb:.0f} MB")
    out.print(f"{bench.cpu_s_per_video_s:.2f} CPU-seconds per second of video; detector ran on {bench.detector_runs} frames, "
              f"skipped on {bench.idle_frames} idle ones (motion gate {'on' if video.motion_gate else 'off'})")
    for d in bench.delays:
        out.print(f"{d.name} ({d.code}): face first detected at frame {d.first_seen_frame}, logged at frame {d.event_frame}: {d.delay_video_s:.2f} s video, {d.delay_wall_s:.2f} s wall")
    args.out.write_text(json.dumps(bench.as_dict(), indent=2))
    out.print(f"written to {args.out}")
    return 0


def run_record(args: argparse.Namespace) -> int:
    from measure.record_bench import bench_record

    with Progress(TextColumn("{task.description}"), console=out, transient=True) as progress:
        progress.add_task(f"building a scratch record of {args.events:,} events and measuring it...")
        result = bench_record(args.events)
    table = Table(title=f"attendance record of {result.events:,} chained events", header_style="bold")
    for column in ("measure", "seconds"):
        table.add_column(column)
    table.add_row("build (bulk, chained)", f"{result.build_s:.1f}")
    table.add_row("full verification (audit verify)", f"{result.verify_s:.1f}")
    table.add_row(f"a month's report ({result.month_events:,} events: load, summary, CSV, verify what is new)", f"{result.month_report_s:.1f}")
    out.print(table)
    out.print(f"peak RSS {result.peak_rss_mb:.0f} MB")
    args.out.write_text(json.dumps(asdict(result), indent=2))
    return 0


def run_timesheet(args: argparse.Namespace) -> int:
    from measure.timesheet_bench import bench_timesheet

    with Progress(TextColumn("{task.description}"), console=out, transient=True) as progress:
        progress.add_task(f"building a scratch record of {args.people * args.days * 4:,} punches and measuring it...")
        result = bench_timesheet(args.people, args.days)
    table = Table(title=f"timesheets over {result.events:,} punches", header_style="bold")
    for column in ("measure", "seconds"):
        table.add_column(column)
    table.add_row("build (bulk, chained)", f"{result.build_s:.1f}")
    table.add_row(f"a month's timesheet ({result.month_rows:,} rows)", f"{result.month_s:.2f}")
    table.add_row(f"a year's timesheet and totals ({result.year_rows:,} rows)", f"{result.year_s:.2f}")
    out.print(table)
    out.print(f"peak RSS {result.peak_rss_mb:.0f} MB")
    args.out.write_text(json.dumps(asdict(result), indent=2))
    return 0


def run_changes(args: argparse.Namespace) -> int:
    from measure.changes_bench import bench_changes

    if args.changes < 1 or args.templates < 5:
        raise KioskError("--changes must be at least 1 and --templates at least 5")
    with tempfile.TemporaryDirectory(prefix="kiosk-changes-") as scratch, Progress(TextColumn("{task.description}"), console=out, transient=True) as progress:
        progress.add_task(f"timing {args.changes} changes and one person added to {args.templates:,} templates...")
        result = bench_changes(Path(scratch), args.database_url, args.changes, args.templates)
    table = Table(title=f"changes reaching a running kiosk ({result.backend})", header_style="bold")
    for column in ("measure", "seconds"):
        table.add_column(column)
    table.add_row(f"commit to applied, p50 of {result.changes}", f"{result.p50_s:.3f}")
    table.add_row(f"commit to applied, p99 of {result.changes}", f"{result.p99_s:.3f}")
    table.add_row(f"one person added to {result.gallery_templates:,} templates", f"{result.add_person_s:.3f}")
    out.print(table)
    args.out.write_text(json.dumps(asdict(result), indent=2))
    return 0


def _global_args() -> list[str]:
    """The options given before `bench` (the models, the data folder), for a bench's child processes."""
    return sys.argv[1:sys.argv.index("bench")] if "bench" in sys.argv else []


def run_startup(args: argparse.Namespace) -> int:
    from measure.startup_bench import bench_startup, command_times

    global_args = _global_args()
    with Progress(TextColumn("{task.description}"), console=out, transient=True) as progress:
        progress.add_task("starting a fresh process and loading the models...")
        steps = bench_startup(global_args)
        commands = []
        if args.photo:
            if args.clip is None:
                raise KioskError("--photo needs --clip too (process is timed on its first frame)")
            progress.add_task(f"timing the commands, {args.runs} runs each...")
            commands = command_times(global_args, args.photo, args.clip, args.runs)
    table = Table(title="start-up, step by step", header_style="bold")
    for column in ("step", "seconds"):
        table.add_column(column)
    for step in steps:
        table.add_row(step.name, f"{step.seconds:.2f}")
    table.add_row("total", f"{sum(step.seconds for step in steps):.2f}", style="bold")
    out.print(table)
    if commands:
        whole = Table(title=f"whole commands, start to exit (median of {args.runs})", header_style="bold")
        for column in ("command", "seconds"):
            whole.add_column(column)
        for command in commands:
            whole.add_row(command.command, f"{command.seconds:.2f}")
        out.print(whole)
    args.out.write_text(json.dumps({"steps": [asdict(step) for step in steps],
                                    "commands": [asdict(command) for command in commands]}, indent=2))
    return 0


def run_beside(args: argparse.Namespace) -> int:
    from measure.beside_load import run_beside as measure

    if not args.clip.is_file():
        raise KioskError(f"no video file {args.clip}")
    global_args = _global_args()  # the models; the data folder is a scratch one
    with Progress(TextColumn("{task.description}"), console=out, transient=True) as progress:
        progress.add_task("running process alone, beside a CPU-bound program and on one core...")
        runs = measure(global_args, args.clip)
    table = Table(title=f"process {args.clip.name}", header_style="bold")
    for column in ("condition", "threads", "fps (pipeline)", "wall s (with start-up)"):
        table.add_column(column)
    for run in runs:
        table.add_row(run.condition, run.setting, f"{run.fps:.1f}", f"{run.wall_s:.1f}")
    out.print(table)
    args.out.write_text(json.dumps([asdict(run) for run in runs], indent=2))
    return 0


def run_kills(args: argparse.Namespace) -> int:
    from measure.kill_bench import run_kill_bench

    if args.kills < 1 or args.writers < 1:
        raise KioskError("--kills and --writers must be at least 1")
    with tempfile.TemporaryDirectory(prefix="kiosk-kills-") as scratch:
        folder = args.dir or Path(scratch)
        with Progress(*Progress.get_default_columns(), console=out, transient=True) as progress:
            task = progress.add_task("SIGKILLs", total=args.kills)
            report = run_kill_bench(folder, args.kills, writers=args.writers, progress=lambda n: progress.update(task, completed=n))
    table = Table(header_style="bold")
    for column in ("kills", "writers", "accepted", "stored", "lost", "duplicated", "database locked", "seconds"):
        table.add_column(column)
    table.add_row(str(report.kills), str(args.writers), str(report.accepted), str(report.stored), str(report.lost),
                  str(report.duplicated), f"{report.locked_s:.0f} s", f"{report.seconds:.0f}")
    out.print(table)
    args.out.write_text(json.dumps(asdict(report) | {"writers": args.writers}, indent=2))
    return 0 if report.ok else 1


def _numbered(source: VideoFileSource, recorder: RecordingDetector) -> Iterator[Frame]:
    """Frames of the source, telling the recording detector which frame it is looking at."""
    for frame in source:
        recorder.frame_index = frame.index
        yield frame
