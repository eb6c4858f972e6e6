"""`bench beside`: `process` on a clip alone, beside a CPU-bound neighbour (a two-thread numpy matrix loop, as a
math-heavy program would be) and on one core (``taskset -c 0``, standing in for a cheap kiosk PC), once per
thread setting, each run a fresh process, all in one run so that the machine's mood is the same for all.

A setting is a set of environment variables the child starts with: the math libraries read them when they
load (OpenMP's wait policy, its thread count)."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SETTINGS: Mapping[str, Mapping[str, str]] = {
    "library default": {"OMP_WAIT_POLICY": ""},  # set, so main.py leaves it; empty, so OpenMP does as it would (spin a while)
    "passive": {"OMP_WAIT_POLICY": "PASSIVE"},  # waiting workers sleep: the kiosk's default (main.py)
}
CONDITIONS = ("alone", "beside load", "one core")
NEIGHBOUR = """
import numpy as np, time
a = np.random.rand(600, 600)
while True:
    a = a @ a
    a /= np.abs(a).max()
"""


@dataclass(frozen=True)
class BesideRun:
    condition: str
    setting: str
    fps: float  # frames per second of the pipeline, from its first frame (the summary's)
    wall_s: float  # the whole command, start-up included
    frames: int


@contextmanager
def _neighbour(on: bool) -> Iterator[None]:
    """A CPU-bound program beside the kiosk (two BLAS threads), or nothing."""
    if not on:
        yield
        return
    env = {**os.environ, "OMP_NUM_THREADS": "2", "OPENBLAS_NUM_THREADS": "2", "MKL_NUM_THREADS": "2"}
    child = subprocess.Popen([sys.executable, "-c", NEIGHBOUR], env=env)
    time.sleep(1.0)  # at full speed before the kiosk starts
    try:
        yield
    finally:
        child.kill()
        child.wait()


def run_beside(global_args: Sequence[str], clip: Path, settings: Sequence[str] = tuple(SETTINGS)) -> list[BesideRun]:
    """Every condition with every setting, in that order; ``global_args`` choose the models (as for `process`)."""
    runs = []
    one_core = shutil.which("taskset")
    with tempfile.TemporaryDirectory(prefix="kiosk-beside-") as scratch:
        for condition in CONDITIONS:
            if condition == "one core" and one_core is None:
                continue
            for setting in settings:
                summary = Path(scratch) / f"{condition}-{setting}.json".replace(" ", "_")
                prefix = [one_core, "-c", "0"] if condition == "one core" and one_core else []
                command = [*prefix, sys.executable, str(ROOT / "main.py"), *global_args, "--data-dir", str(Path(scratch) / "data"),
                           "process", str(clip), "--summary", str(summary), "--kiosk-id", "bench"]
                env = {**os.environ, **SETTINGS[setting]}
                with _neighbour(condition == "beside load"):
                    started = time.perf_counter()
                    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=900)
                    wall = time.perf_counter() - started
                if done.returncode != 0:
                    raise RuntimeError(f"process failed ({condition}, {setting}): {done.stderr.strip().splitlines()[-1:]}")
                result = json.loads(summary.read_text())
                runs.append(BesideRun(condition, setting, round(result["fps"], 1), round(wall, 1), result["frames"]))
    return runs
