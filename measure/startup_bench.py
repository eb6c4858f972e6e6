"""`bench startup`: where a model command's seconds go before its first frame, measured in a fresh process: the
interpreter and the command line, the settings, the database with its key, each model's loading (with its
runtime's import), the gallery, and the pipeline's warm-up. Each step's time is what it adds; a later
step that needs an earlier one's libraries finds them loaded."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

CHILD = """
import json, sys, time
marks = [("python starting", time.monotonic() - float(sys.argv[1]))]
last = time.monotonic()

def mark(name):
    global last
    now = time.monotonic()
    marks.append((name, now - last))
    last = now

import main  # the entry point's environment
from cli.app import build_parser
from cli.runtime import config_from_args
args = build_parser("models").parse_args([*sys.argv[2:], "models", "list"])
config = config_from_args(args)
mark("the command line and the settings")
from services.runtime import Runtime
runtime = Runtime(config)
runtime.store.list_employees()
mark("database and data key")
runtime.detector
mark("detector")
runtime.recognizer
mark("recognizer")
judge = runtime.new_liveness_judge()
mark("liveness models")
runtime.gallery(for_matching=False)
mark("gallery")
from services.video import build_pipeline
build_pipeline(runtime)  # tracker, resolver, and the warm-up of every network
mark("pipeline and warm-up")
print(json.dumps(marks))
"""


@dataclass(frozen=True)
class StartupStep:
    name: str
    seconds: float


def bench_startup(global_args: Sequence[str]) -> list[StartupStep]:
    """The steps of one start, in order; ``global_args`` choose the models and the data folder."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    started = time.monotonic()
    done = subprocess.run([sys.executable, "-c", CHILD, repr(started), *global_args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=600)
    if done.returncode != 0:
        raise RuntimeError(f"the start-up run failed: {done.stderr.strip().splitlines()[-1:]}")
    return [StartupStep(name, round(seconds, 2)) for name, seconds in json.loads(done.stdout.strip().splitlines()[-1])]


@dataclass(frozen=True)
class CommandTime:
    command: str
    seconds: float  # median wall time of fresh processes, start to exit


def wall_seconds(command: list[str], cwd: Path) -> float:
    started = time.monotonic()
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=600)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(command[1:4])} ... failed: {done.stderr.strip()[-300:]}")
    return time.monotonic() - started


def one_frame_clip(clip: Path, target: Path) -> Path:
    """The first frame of ``clip`` as a clip of its own (`process` of it: the start-up, one frame, the exit)."""
    import cv2

    capture = cv2.VideoCapture(str(clip))
    ok, frame = capture.read()
    capture.release()
    if not ok:
        raise RuntimeError(f"cannot read a frame of {clip}")
    writer = cv2.VideoWriter(str(target), cv2.VideoWriter_fourcc(*"mp4v"), 30, (frame.shape[1], frame.shape[0]))
    writer.write(frame)
    writer.release()
    return target


def command_times(global_args: Sequence[str], photos: Sequence[Path], clip: Path, runs: int = 3,
                  tree: Path = ROOT) -> list[CommandTime]:
    """Wall seconds of whole commands as a user runs them (``tree``'s main.py, median of ``runs``), each run in a
    fresh data folder (given after ``global_args``, so it wins over theirs): `enroll` of ``photos`` (one person),
    `identify` of the first photo, `process` of the first frame of ``clip``."""
    import statistics
    import tempfile

    python = [sys.executable, str(tree / "main.py"), *global_args]
    found: dict[str, list[float]] = {}
    with tempfile.TemporaryDirectory(prefix="kiosk-startup-") as scratch:
        frame = one_frame_clip(clip, Path(scratch) / "one_frame.mp4")
        for run in range(runs):
            data = ["--data-dir", str(Path(scratch) / f"data{run}")]
            enroll = [*python, *data, "enroll", "--name", "Someone", "--code", "S1", "--consent", *map(str, photos)]
            for name, command in ((f"enroll ({len(photos)} photos)", enroll),
                                  ("identify (1 photo)", [*python, *data, "identify", str(photos[0])]),
                                  ("process (1 frame)", [*python, *data, "process", str(frame)])):
                found.setdefault(name, []).append(wall_seconds(command, tree))
    return [CommandTime(name, round(statistics.median(values), 2)) for name, values in found.items()]
