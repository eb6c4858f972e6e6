"""`process SOURCE`: the command line (the work is in cli/process_run.py, imported when it runs)."""
from __future__ import annotations

import argparse
from pathlib import Path

from cli.arguments import lazy, positive_seconds
from cli.commands import COMMANDS


def register(sub: argparse._SubParsersAction) -> None:
    process = sub.add_parser("process", help=COMMANDS["process"].help, description="Run the realtime pipeline on a video file (every frame, in order) or a camera index (newest frame, until Ctrl-C or --max-seconds). Attendance events go to the database; optional annotated video, events CSV and summary JSON.")
    process.add_argument("source", help="video file, camera index (0, 1, ...) or stream URL")
    process.add_argument("--output", type=Path, help="annotated video (.mp4, .avi, .mkv)")
    process.add_argument("--events", type=Path, help="events CSV (time, frame, code, name, kind, similarity, margin, kiosk_id, track_id, recognizer)")
    process.add_argument("--summary", type=Path, help="summary JSON (frames, seconds, fps, tracks, events, recognized, liveness per track)")
    process.add_argument("--every", type=int, help="embed a not-yet-recognised track every N frames")
    process.add_argument("--detect-every", type=int, help="run the detector every K frames (tracker in between)")
    process.add_argument("--kiosk-id", help="kiosk id written with each event")
    process.add_argument("--realtime", action="store_true", help="play a video file at its frame rate as a camera would (frames the pipeline has no time for are skipped; events timed by the wall clock)")
    process.add_argument("--loop", action="store_true", help="with --realtime: play the file again and again (until --max-seconds or Ctrl-C)")
    process.add_argument("--max-seconds", type=positive_seconds, help="stop a live source (or a --realtime file) after this many seconds of wall time, even when the camera is gone")
    process.add_argument("--camera-timeout", type=float, default=10.0, help="give up when a camera sends no frame for this many seconds at start (default 10)")
    process.set_defaults(handler=lazy("cli.process_run", "run"))
