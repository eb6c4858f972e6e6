"""The Hamilton clip against a big gallery: K faceset people (2 photos each, from an `evaluate --open-set --cache`
file of the same recognizer) plus the clip's example people, then `process`; prints who was logged.

    python scripts/openset_video.py --cache faceset_xs_q.npz --people 200 --data /tmp/openset-video
"""
from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from cli.app import main  # noqa: E402
from cli.runtime import open_runtime  # noqa: E402

SHARED = ROOT.parent / "shared"
EXAMPLES = SHARED / "media/face_recognition_examples/examples"
PEOPLE = {"lmm": ("Lin-Manuel Miranda", "lin-manuel-miranda.png"), "alex": ("Alex Lacamoire", "alex-lacamoire.png"),
          "obama": ("Barack Obama", "obama.jpg"), "biden": ("Joe Biden", "biden.jpg")}


def run() -> int:
    parser = argparse.ArgumentParser(description=" ".join(__doc__.split("\n\n")[0].split()))
    parser.add_argument("--cache", type=Path, required=True)
    parser.add_argument("--people", type=int, default=200)
    parser.add_argument("--data", type=Path, required=True, help="a new data folder")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    models = ["--data-dir", str(args.data), "--models-dir", str(SHARED / "models"), "--detector-weights", "yolov8n-face-int8",
              "--recognizer", "edgeface_xs_q", "--recognizer-weights", "edgeface_xs_q"]
    with np.load(args.cache, allow_pickle=False) as cached:
        vectors, labels, names = cached["vectors"], cached["labels"], [str(n) for n in cached["people"]]
    counts = np.bincount(labels)
    chosen = np.random.default_rng(args.seed).choice(np.flatnonzero(counts >= 2), size=args.people, replace=False)
    runtime = open_runtime(argparse.Namespace(data_dir=args.data, config=None))
    for label in chosen:
        rows = np.flatnonzero(labels == label)[:2]
        runtime.store.enrol(f"fs{label}", names[label].replace("_", " "), "faceset", "edgeface_xs_q", vectors[rows], np.ones(2, np.float32))
    runtime.close()
    for code, (name, photo) in PEOPLE.items():
        if main([*models, "enroll", "--consent", "--force", "--name", name, "--code", code, str(EXAMPLES / photo)]) != 0:
            return 1
    events = args.data / "events.csv"
    if main([*models, "process", str(EXAMPLES / "short_hamilton_clip.mp4"), "--events", str(events)]) != 0:
        return 1
    with events.open() as handle:
        logged = [row["code"] for row in csv.DictReader(handle)]
    print(f"{args.people} faceset people + {len(PEOPLE)} example people enrolled; logged: {logged}")
    return 0


if __name__ == "__main__":
    sys.exit(run())
