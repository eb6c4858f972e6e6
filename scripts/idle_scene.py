"""An empty entrance for `bench video`: a still 1280x720 scene with sensor noise, light slowly changing and a
flickering screen in a corner, then (with --walk-in) the Hamilton clip's first seconds as someone arriving.

    python scripts/idle_scene.py --out idle.mp4 --seconds 10 [--then ../shared/.../short_hamilton_clip.mp4]
"""
from __future__ import annotations

import argparse
from pathlib import Path

import cv2
import numpy as np


def main() -> int:
    parser = argparse.ArgumentParser(description=" ".join(__doc__.split("\n\n")[0].split()))
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--fps", type=float, default=30.0)
    parser.add_argument("--background", type=Path, help="a photo of the empty scene (default: the Hamilton clip's first frame)")
    parser.add_argument("--then", type=Path, help="a video appended after the empty scene (resized to 1280x720)")
    args = parser.parse_args()
    size = (1280, 720)
    writer = cv2.VideoWriter(str(args.out), cv2.VideoWriter_fourcc(*"mp4v"), args.fps, size)
    if args.background is not None:
        room = cv2.resize(cv2.imread(str(args.background)), size).astype(np.float32)
    else:
        room = np.full((size[1], size[0], 3), 128, np.float32)
        cv2.rectangle(room, (100, 100), (500, 650), (90, 110, 140), -1)  # a door
        cv2.rectangle(room, (700, 300), (1200, 600), (160, 150, 140), -1)  # a desk
    rng = np.random.default_rng(0)
    for index in range(int(args.seconds * args.fps)):
        image = room * (1.0 + 0.03 * np.sin(index / (args.fps * 20))) + rng.normal(0, 3.0, room.shape)
        image[40:200, 1000:1240] += 40.0 if (index // 2) % 2 else -40.0  # a screen refreshing in the corner
        writer.write(np.clip(image, 0, 255).astype(np.uint8))
    if args.then is not None:
        clip = cv2.VideoCapture(str(args.then))
        while True:
            ok, frame = clip.read()
            if not ok:
                break
            writer.write(cv2.resize(frame, size))
        clip.release()
    writer.release()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
