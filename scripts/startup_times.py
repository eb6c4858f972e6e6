"""How soon the app shows its window, the camera's first picture and has its models: seconds from launch.

Starts `main.py` (offscreen unless QT_QPA_PLATFORM says otherwise) with the given options and a
source, lets it run for --seconds, and reads the milestones the main window writes to gui.log in
the data folder. Every option after `--` goes to main.py:

    python scripts/startup_times.py --data-dir /tmp/kiosk --source idle.mp4 -- --models-dir ../shared/models
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
MILESTONES = {"window": "start-up: window shown", "first picture": "start-up: first picture shown", "models": "models ready"}


def milestones(log: Path, since: float) -> dict[str, float]:
    """Seconds from ``since`` (epoch) to the first log line of each milestone written after it."""
    found: dict[str, float] = {}
    for line in log.read_text(encoding="utf-8").splitlines():
        try:
            at = datetime.strptime(line[:23], "%Y-%m-%d %H:%M:%S,%f").timestamp()
        except ValueError:
            continue
        for name, text in MILESTONES.items():
            if at >= since and text in line and name not in found:
                found[name] = at - since
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--source", required=True, help="camera index or video file")
    parser.add_argument("--seconds", type=float, default=15.0, help="how long the app runs")
    parser.add_argument("rest", nargs="*", help="more options for main.py (after --)")
    args = parser.parse_args()
    env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}
    command = [sys.executable, str(ROOT / "main.py"), "--data-dir", str(args.data_dir), "--source", args.source,
               "--exit-after", str(args.seconds), *args.rest]
    launched = time.time()
    subprocess.run(command, env=env, check=True, stdout=subprocess.DEVNULL)
    found = milestones(args.data_dir / "gui.log", launched - 0.001)  # the log's clock has millisecond steps
    for name in MILESTONES:
        print(f"{name}: {found[name]:.2f} s" if name in found else f"{name}: not reached")
    return 0 if len(found) == len(MILESTONES) else 1


if __name__ == "__main__":
    sys.exit(main())
