"""`bench beside`: `process` on a clip alone, beside a CPU-bound neighbour (a two-thread numpy matrix loop, as a
math-heavy program would be) and on one core (``taskset -c 0``, standing in for a cheap kiosk PC), once per
thread setting, each run a fresh process, all in one run so that the machine's mood is the same for all.

A setting is the threads each network may use (``[video] model_threads``, written to a configuration file)
and OpenMP's wait policy (an environment variable the libraries read when they load)."""
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


@dataclass(frozen=True)
class ThreadSetting:
    model_threads: int
    wait_policy: str  # "" (set, so main.py leaves it): OpenMP spins a while; PASSIVE: its workers sleep (the default)


SETTINGS: Mapping[str, ThreadSetting] = {
    "1 thread, passive": ThreadSetting(1, "PASSIVE"),
    "2 threads, passive": ThreadSetting(2, "PASSIVE"),  # the kiosk's default on two or more cores
    "2 threads, OpenMP spinning": ThreadSetting(2, ""),
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
def neighbour(on: bool) -> Iterator[None]:
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
                stem = f"{condition}-{setting}".replace(" ", "_").replace(",", "")
                summary, config = Path(scratch) / f"{stem}.json", Path(scratch) / f"{stem}.toml"
                config.write_text(f"[video]\nmodel_threads = {SETTINGS[setting].model_threads}\n")
                prefix = [one_core, "-c", "0"] if condition == "one core" and one_core else []
                command = [*prefix, sys.executable, str(ROOT / "main.py"), "--config", str(config), *global_args,
                           "--data-dir", str(Path(scratch) / "data"), "process", str(clip), "--summary", str(summary),
                           "--kiosk-id", "bench"]
                env = {**os.environ, "OMP_WAIT_POLICY": SETTINGS[setting].wait_policy}
                with neighbour(condition == "beside load"):
                    started = time.perf_counter()
                    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=900)
                    wall = time.perf_counter() - started
                if done.returncode != 0:
                    raise RuntimeError(f"process failed ({condition}, {setting}): {done.stderr.strip().splitlines()[-1:]}")
                result = json.loads(summary.read_text())
                runs.append(BesideRun(condition, setting, round(result["fps"], 1), round(wall, 1), result["frames"]))
    return runs
