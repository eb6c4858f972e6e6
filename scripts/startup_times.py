"""How soon the app shows its window, the camera's first picture and has its models: seconds from launch;
with --cpu-seconds N, also what the running app costs: CPU-seconds per second over N seconds once the
models are in (everything included: decoding, the display, recognition; Linux, from /proc); with
--beside-load, all of it beside a CPU-bound program (a two-thread numpy matrix loop, `bench beside`'s).

Starts `main.py` (offscreen unless QT_QPA_PLATFORM says otherwise) with the given options and a
source, and reads the milestones the main window writes to gui.log in the data folder. Every option
after `--` goes to main.py:

    python scripts/startup_times.py --data-dir /tmp/kiosk --source idle.mp4 --cpu-seconds 30 -- --models-dir ../shared/models
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from measure.beside_load import neighbour  # noqa: E402

MILESTONES = {"window": "start-up: window shown", "first picture": "start-up: first picture shown", "models": "models ready"}
SETTLE_S = 3.0  # after the models: the motion gate learns the scene before the CPU is counted
POLL_S = 0.1


def milestones(log: Path, since: float) -> dict[str, float]:
    """Seconds from ``since`` (epoch) to the first log line of each milestone written after it."""
    found: dict[str, float] = {}
    if not log.is_file():
        return found
    for line in log.read_text(encoding="utf-8").splitlines():
        try:
            at = datetime.strptime(line[:23], "%Y-%m-%d %H:%M:%S,%f").timestamp()
        except ValueError:
            continue
        for name, text in MILESTONES.items():
            if at >= since and text in line and name not in found:
                found[name] = at - since
    return found


def cpu_seconds(pid: int) -> float:
    """User plus system CPU time of process ``pid`` (all its threads) so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def main() -> int:
    parser = argparse.ArgumentParser(description=" ".join(__doc__.split("\n\n")[0].split()))
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--source", required=True, help="camera index or video file")
    parser.add_argument("--seconds", type=float, default=15.0, help="how long the app runs (longer when --cpu-seconds needs it)")
    parser.add_argument("--cpu-seconds", type=float, default=0.0, help="measure the app's CPU over this long once the models are in")
    parser.add_argument("--beside-load", action="store_true", help="run a CPU-bound program beside the app meanwhile")
    parser.add_argument("rest", nargs="*", help="more options for main.py (after --)")
    args = parser.parse_args()
    with neighbour(args.beside_load):
        return measure(args)


def measure(args: argparse.Namespace) -> int:
    env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}
    seconds = args.seconds if not args.cpu_seconds else max(args.seconds, 30.0 + SETTLE_S + args.cpu_seconds)
    command = [sys.executable, str(ROOT / "main.py"), "--data-dir", str(args.data_dir), "--source", args.source,
               "--exit-after", str(seconds), *args.rest]
    log = args.data_dir / "gui.log"
    launched = time.time() - 0.001  # the log's clock has millisecond steps
    app = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL)
    cpu_rate = None
    if args.cpu_seconds:
        while app.poll() is None and "models" not in milestones(log, launched):
            time.sleep(POLL_S)
        time.sleep(SETTLE_S)
        if app.poll() is None:
            start = cpu_seconds(app.pid)
            time.sleep(args.cpu_seconds)
            if app.poll() is None:
                cpu_rate = (cpu_seconds(app.pid) - start) / args.cpu_seconds
    if app.wait() != 0:
        print(f"the app exited with {app.returncode}")
        return 1
    found = milestones(log, launched)
    for name in MILESTONES:
        print(f"{name}: {found[name]:.2f} s" if name in found else f"{name}: not reached")
    if args.cpu_seconds:
        print(f"CPU: {cpu_rate:.2f} CPU-seconds per second over {args.cpu_seconds:g} s" if cpu_rate is not None else "CPU: not measured (the app ended first)")
    return 0 if len(found) == len(MILESTONES) and (cpu_rate is not None or not args.cpu_seconds) else 1


if __name__ == "__main__":
    sys.exit(main())
