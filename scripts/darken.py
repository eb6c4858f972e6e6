"""Darkened copies of videos, as a phone's front camera films in a dark room (``scripts/light.py``'s "phone low light":
gamma 2.2, contrast halved, sensor noise), to evaluate liveness in poor light:

    .venv/bin/python scripts/darken.py --to DIR VIDEO ...
    .venv/bin/python main.py evaluate-liveness DIR        (DIR/labels.csv: copy the originals' labels)
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

import cv2

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from scripts.light import phone_low_light  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=" ".join(__doc__.split("\n\n")[0].split()))
    parser.add_argument("videos", nargs="+", type=Path)
    parser.add_argument("--to", type=Path, required=True, help="folder for the copies (same names, .mp4)")
    args = parser.parse_args()
    args.to.mkdir(parents=True, exist_ok=True)
    for video in args.videos:
        capture = cv2.VideoCapture(str(video))
        fps = capture.get(cv2.CAP_PROP_FPS) or 25.0
        target = args.to / f"{video.stem}.mp4"
        writer = None
        number = 0
        while True:
            ok, image = capture.read()
            if not ok:
                break
            if writer is None:
                height, width = image.shape[:2]
                writer = cv2.VideoWriter(str(target), cv2.VideoWriter_fourcc(*"mp4v"), fps, (width, height))
            writer.write(phone_low_light(image, number))
            number += 1
        if writer is not None:
            writer.release()
        print(f"{target}: {number} frames")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
