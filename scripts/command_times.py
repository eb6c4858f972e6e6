"""Wall seconds of the model commands as a user runs them, for one or more checkouts side by side (before and after
a change, in one run): `bench startup`'s whole commands (enroll of two photos, identify of one, process of one frame)
and `process` of a whole clip, with its frames per second counting the start-up. Medians of --runs fresh processes.

    python scripts/command_times.py --tree ../before --tree . --runs 3 -- --models-dir ../shared/models
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from measure.startup_bench import command_times, wall_seconds  # noqa: E402

EXAMPLES = ROOT.parent / "shared/media/face_recognition_examples/examples"


def main() -> int:
    import cv2

    parser = argparse.ArgumentParser(description=" ".join(__doc__.split("\n\n")[0].split()))
    parser.add_argument("--tree", type=Path, action="append", required=True, help="a checkout of the project (repeat)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--clip", type=Path, default=EXAMPLES / "short_hamilton_clip.mp4")
    parser.add_argument("rest", nargs="*", help="global options for main.py (after --)")
    args = parser.parse_args()
    capture = cv2.VideoCapture(str(args.clip))
    frames = int(capture.get(cv2.CAP_PROP_FRAME_COUNT))
    capture.release()
    photos = [EXAMPLES / "obama.jpg", EXAMPLES / "obama2.jpg"]
    for tree in (t.resolve() for t in args.tree):
        report = {c.command: c.seconds for c in command_times(args.rest, photos, args.clip, args.runs, tree)}
        walls = []
        for _ in range(args.runs):
            with tempfile.TemporaryDirectory() as data:
                walls.append(wall_seconds([sys.executable, str(tree / "main.py"), *args.rest, "--data-dir", data,
                                    "process", str(args.clip)], tree))
        report["process (whole clip)"] = round(statistics.median(walls), 2)
        report["process fps with start-up"] = round(frames / statistics.median(walls), 1)
        print(tree, json.dumps(report), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
