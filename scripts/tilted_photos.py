"""Synthetic print attacks for the planar-motion cue: each photo, as a flat picture tilted before the camera.

Writes one 2-second 30 fps video per photo (the photo turned back and forth about its vertical and
then its horizontal axis, up to --degrees, seen by a pinhole camera) and a labels.csv naming them
``synthetic_print``, for `python main.py evaluate-liveness DIR`. Copy the live and attack videos
you have beside them (with their lines in labels.csv) to measure each cue alone and fused. These
are synthetic: a flat photo warped by exact perspective, not a printed photo in a room.

    python scripts/tilted_photos.py photo1.jpg photo2.jpg --out /tmp/tilted
"""
from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path

import cv2
import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from pipeline.images import read_image

SIZE = (1280, 720)
FPS = 30
FOCAL = 900.0  # px: a typical 720p webcam
DISTANCE = 1500.0  # px units: the photo's distance from the camera


def tilted(image: np.ndarray, yaw_deg: float, pitch_deg: float, scale: float = 0.9) -> np.ndarray:
    """``image`` as a flat picture turned by yaw then pitch, centred in a SIZE frame."""
    h, w = image.shape[:2]
    yaw, pitch = np.radians(yaw_deg), np.radians(pitch_deg)
    corners = np.array([[-w / 2, -h / 2], [w / 2, -h / 2], [w / 2, h / 2], [-w / 2, h / 2]]) * scale
    projected = []
    for x, y in corners:
        x1, z1 = x * np.cos(yaw), x * np.sin(yaw)
        y2, z2 = y * np.cos(pitch) - z1 * np.sin(pitch), y * np.sin(pitch) + z1 * np.cos(pitch)
        z = DISTANCE + z2
        projected.append([SIZE[0] / 2 + FOCAL * x1 / z, SIZE[1] / 2 + FOCAL * y2 / z])
    source = np.float32([[0, 0], [w, 0], [w, h], [0, h]])
    warp = cv2.getPerspectiveTransform(source, np.float32(projected))
    return cv2.warpPerspective(image, warp, SIZE, borderValue=(40, 40, 40))


def main() -> int:
    parser = argparse.ArgumentParser(description=" ".join(__doc__.split("\n\n")[0].split()))
    parser.add_argument("photos", nargs="+", type=Path)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--degrees", type=float, default=40.0, help="largest tilt (default 40)")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    rows = []
    for photo in args.photos:
        image = read_image(photo)
        target = args.out / f"tilted_{photo.stem}.mp4"
        writer = cv2.VideoWriter(str(target), cv2.VideoWriter_fourcc(*"mp4v"), FPS, SIZE)
        frames = 2 * FPS
        for i in range(frames):
            swing = args.degrees * np.sin(2 * np.pi * i / (frames / 2))
            yaw, pitch = (swing, 0.0) if i < frames // 2 else (0.0, swing)
            writer.write(tilted(image, yaw, pitch))
        writer.release()
        rows.append((target.name, "synthetic_print"))
        print(target)
    with (args.out / "labels.csv").open("a" if (args.out / "labels.csv").exists() else "w", newline="") as file:
        table = csv.writer(file)
        if file.tell() == 0:
            table.writerow(["file", "label"])
        table.writerows(rows)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
