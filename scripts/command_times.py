"""Wall seconds of the model commands as a user runs them, for one or more checkouts side by side (before and after
a change, in one run): `identify` of one photo, `enroll` of two photos into a fresh data folder, and `process` of a
clip (its frames per second counting the start-up). Each is the median of --runs fresh processes.

    python scripts/command_times.py --tree ../before --tree . --runs 3 -- --models-dir ../shared/models
"""
from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT.parent / "shared/media/face_recognition_examples/examples"


def wall(command: list[str], cwd: Path) -> float:
    started = time.monotonic()
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=900)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed: {done.stderr.strip()[-500:]}")
    return time.monotonic() - started


def frames_of(clip: Path) -> int:
    import cv2

    capture = cv2.VideoCapture(str(clip))
    count = int(capture.get(cv2.CAP_PROP_FRAME_COUNT))
    capture.release()
    return count


def times(tree: Path, rest: list[str], runs: int, clip: Path) -> dict[str, float]:
    python = [sys.executable, str(tree / "main.py")]
    results: dict[str, list[float]] = {"identify": [], "enroll": [], "process": []}
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as data:
            base = [*python, "--data-dir", data, *rest]
            results["enroll"].append(wall([*base, "enroll", "--name", "Barack Obama", "--code", "OBAMA", "--consent",
                                           str(EXAMPLES / "obama.jpg"), str(EXAMPLES / "obama2.jpg")], tree))
            wall([*base, "enroll", "--name", "Lin-Manuel Miranda", "--code", "LMM", "--consent",
                  str(EXAMPLES / "lin-manuel-miranda.png")], tree)
            results["identify"].append(wall([*base, "identify", str(EXAMPLES / "obama-480p.jpg")], tree))
            results["process"].append(wall([*base, "process", str(clip)], tree))
    return {name: round(statistics.median(values), 2) for name, values in results.items()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tree", type=Path, action="append", required=True, help="a checkout of the project (repeat)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--clip", type=Path, default=EXAMPLES / "short_hamilton_clip.mp4")
    parser.add_argument("rest", nargs="*", help="global options for main.py (after --)")
    args = parser.parse_args()
    frames = frames_of(args.clip)
    report = {}
    for tree in args.tree:
        found = times(tree.resolve(), args.rest, args.runs, args.clip)
        found["process fps with start-up"] = round(frames / found["process"], 1)
        report[str(tree)] = found
        print(tree, json.dumps(found), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
