"""`bench engine | video | kills`: the command line (the work is in cli/bench_run.py, imported when it runs)."""
from __future__ import annotations

import argparse
from pathlib import Path

from cli.arguments import lazy
from cli.commands import COMMANDS


def register(sub: argparse._SubParsersAction) -> None:
    bench = sub.add_parser("bench", help=COMMANDS["bench"].help, description="Measure speed and memory.")
    targets = bench.add_subparsers(dest="target", metavar="TARGET", required=True)
    engine = targets.add_parser("engine", help="detect / align / embed / gallery timings", description="Per-stage milliseconds of the engine: detection per image size for each detector present, alignment per face, embedding per face at batch 1/8/32 for each recognizer present (AdaFace with random weights when its weights are absent: speed does not depend on weights), gallery top-1 over 1k-1M synthetic templates, peak memory.")
    engine.add_argument("--image", type=Path, help="photo to run the detectors on (default: a synthetic image)")
    engine.add_argument("--out", type=Path, default=Path("bench_engine.json"), help="JSON output (default bench_engine.json)")
    engine.add_argument("--repeat", type=int, default=10, help="timed runs per measurement (median reported)")
    engine.add_argument("--max-gallery", type=int, default=1_000_000, help="largest synthetic gallery")
    engine.add_argument("--store-templates", type=int, default=100_000, help="templates of the sealed gallery loaded from a throwaway database")
    engine.set_defaults(handler=lazy("cli.bench_run", "run_engine"))
    video = targets.add_parser("video", help="per-frame stage timings, FPS and recognition delay on a video", description="Run the realtime pipeline on a video file against the enrolled gallery (as `process` does, but never writing to the attendance record: events are decided, none recorded; with the settings the admin accepted): milliseconds per frame for each stage, end-to-end FPS, for each recognised person the delay from the first frame their face was detected to their logged event (video and wall seconds), and peak RSS.")
    video.add_argument("video", type=Path)
    video.add_argument("--output", type=Path, help="also write the annotated video (included in the timings as 'draw')")
    video.add_argument("--out", type=Path, default=Path("bench_video.json"), help="JSON output (default bench_video.json)")
    video.add_argument("--detect-every", type=int, help="run the detector every K frames")
    video.add_argument("--every", type=int, help="embed a not-yet-recognised track every N frames")
    video.add_argument("--arrival-frames", type=int, help="detect on every frame while a track is younger than this (0: never)")
    video.add_argument("--no-motion-gate", action="store_true", help="detect on schedule whatever the scene does (for comparison)")
    video.set_defaults(handler=lazy("cli.bench_run", "run_video"))
    record = targets.add_parser("record", help="a large attendance record: full verification, a month's report, memory", description="Build a scratch record of N chained events (500 people, four punches a working day), then time the full verification (`audit verify`) and a 30-day report as `report` makes it (load, summary, CSV, verification of what is new), and print the peak memory.")
    record.add_argument("--events", type=int, default=1_000_000, help="events in the scratch record (default 1,000,000)")
    record.add_argument("--out", type=Path, default=Path("bench_record.json"), help="JSON output (default bench_record.json)")
    record.set_defaults(handler=lazy("cli.bench_run", "run_record"))
    sheet = targets.add_parser("timesheet", help="a year of punches: a month's timesheet, a year's totals, memory", description="Build a scratch record of a year's punches (PEOPLE people on one day shift, four punches a working day), then time a month's timesheet and a year's timesheet with its totals per person and department, as `report --timesheet` makes them, and print the peak memory.")
    sheet.add_argument("--people", type=int, default=500, help="employees (default 500)")
    sheet.add_argument("--days", type=int, default=250, help="working days of punches (default 250)")
    sheet.add_argument("--out", type=Path, default=Path("bench_timesheet.json"), help="JSON output (default bench_timesheet.json)")
    sheet.set_defaults(handler=lazy("cli.bench_run", "run_timesheet"))
    changes = targets.add_parser("changes", help="a change made elsewhere reaching a running kiosk: latency; adding one person to a big gallery", description="On a scratch database (SQLite, or the PostgreSQL --database-url names), a back office renames an enrolled person N times and a running kiosk's apply is timed from each commit (p50, p99); then the time to add one person to a gallery of T templates in a running kiosk.")
    changes.add_argument("--changes", type=int, default=50, help="changes to time (default 50)")
    changes.add_argument("--templates", type=int, default=100_000, help="templates in the gallery one person is added to (default 100,000)")
    changes.add_argument("--database-url", help="a PostgreSQL database to use (empty scratch tables are made in it); default: a scratch SQLite file")
    changes.add_argument("--out", type=Path, default=Path("bench_changes.json"), help="JSON output (default bench_changes.json)")
    changes.set_defaults(handler=lazy("cli.bench_run", "run_changes"))
    startup = targets.add_parser("startup", help="where a model command's seconds go before its first frame", description="In a fresh process, one step after the other: Python starting, the command line and settings, the database and its key, loading the detector, the recognizer and the liveness models (each with its runtime's import), the gallery, and the pipeline's warm-up; each step's seconds (the models the global options choose). The commands themselves load the models on threads while the database opens: scripts/command_times.py times them whole.")
    startup.add_argument("--out", type=Path, default=Path("bench_startup.json"), help="JSON output (default bench_startup.json)")
    startup.set_defaults(handler=lazy("cli.bench_run", "run_startup"))
    beside = targets.add_parser("beside", help="process a clip alone, beside a CPU-bound program and on one core, per thread setting", description="Run `process CLIP` (the models the global options choose) as a fresh process alone, beside a two-thread numpy matrix loop, and pinned to one core (taskset -c 0), with one and with two threads per network ([video] model_threads) and with OpenMP's workers spinning instead of sleeping (OMP_WAIT_POLICY empty against PASSIVE, the kiosk's default); print the pipeline's frames per second and each command's wall time.")
    beside.add_argument("clip", type=Path, help="a video file")
    beside.add_argument("--out", type=Path, default=Path("bench_beside.json"), help="JSON output (default bench_beside.json)")
    beside.set_defaults(handler=lazy("cli.bench_run", "run_beside"))
    kills = targets.add_parser("kills", help="SIGKILL the event writer: accepted / lost / duplicated events", description="Start writer processes with the same kiosk id on a scratch SQLite database, kill one with SIGKILL at random moments while another program holds the database locked about half the time, restart it, and at the end count the accepted events that were lost or stored twice. Exits 1 if any was.")
    kills.add_argument("--kills", type=int, default=60, help="how many SIGKILLs (default 60)")
    kills.add_argument("--writers", type=int, default=2, help="writer processes running at once, all with the same kiosk id (default 2)")
    kills.add_argument("--dir", type=Path, help="scratch folder (default: a temporary one, removed afterwards)")
    kills.add_argument("--out", type=Path, default=Path("bench_kills.json"), help="JSON output (default bench_kills.json)")
    kills.set_defaults(handler=lazy("cli.bench_run", "run_kills"))
