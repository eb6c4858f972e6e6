"""Liveness against light: the live score of the passive check (MiniFASNet V2 + V1SE, averaged) and the face's brightness
and contrast, on each live video and on darkened copies of it (a dim room, and a phone's low-light look: darker, noisier,
flatter), every third frame.

    .venv/bin/python scripts/light.py [VIDEO ...]   (default: the bona fide videos of ../shared/media/spoof)

Brightness is the mean luma (0-255) of the face box, contrast its standard deviation (``pipeline.liveness.light``, the
kiosk's own measure). ``--normalise`` also scores each
face after brightening the picture so the face's mean luma is 110 (a gamma) and smoothing the noise (a 3x3 Gaussian):
the remedy tried for poor light before asking for the head turn (it did not help: docs/liveness.md).
"""
from __future__ import annotations

import argparse
import csv
import sys
from collections.abc import Callable
from pathlib import Path

import cv2
import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from core.config import AppConfig, DetectorSettings  # noqa: E402
from pipeline.liveness.light import face_light  # noqa: E402
from services.runtime import Runtime  # noqa: E402

SHARED = ROOT.parent / "shared"


def gamma(image: np.ndarray, value: float) -> np.ndarray:
    table = (255.0 * (np.arange(256) / 255.0) ** value).clip(0, 255).astype(np.uint8)
    return cv2.LUT(image, table)


def phone_low_light(image: np.ndarray, seed: int) -> np.ndarray:
    """Darker, flatter and noisier, as a phone's front camera in a dark room: gamma 2.2, contrast halved, sensor noise."""
    dark = gamma(image, 2.2).astype(np.float32) * 0.5 + 8
    noise = np.random.default_rng(seed).normal(0, 6, image.shape)
    return np.clip(dark + noise, 0, 255).astype(np.uint8)


VARIANTS: dict[str, Callable[[np.ndarray, int], np.ndarray]] = {
    "original": lambda image, _seed: image,
    "dim (gamma 2.2)": lambda image, _seed: gamma(image, 2.2),
    "dark (gamma 3.5)": lambda image, _seed: gamma(image, 3.5),
    "phone low light": phone_low_light,
}


def normalised(image: np.ndarray, box: np.ndarray, target: float = 110.0) -> np.ndarray:
    """``image`` brightened so the face in ``box`` has mean luma ``target``, its noise smoothed."""
    light = face_light(image, box)
    brightness = light.brightness if light is not None else target
    exponent = np.log(target / 255) / np.log(min(max(brightness, 1.0), 254.0) / 255)
    return cv2.GaussianBlur(gamma(image, float(exponent)), (3, 3), 0)


def bona_fide_videos() -> list[Path]:
    with (SHARED / "media/spoof/labels.csv").open(newline="") as labels:
        return [SHARED / "media/spoof" / row["file"] for row in csv.DictReader(labels)
                if row["label"] == "bona_fide" and row["file"].startswith("videos/")]


def main() -> int:
    parser = argparse.ArgumentParser(description=" ".join(__doc__.split("\n\n")[0].split()))
    parser.add_argument("videos", nargs="*", type=Path, default=bona_fide_videos())
    parser.add_argument("--normalise", action="store_true", help="also score each face after brightening and smoothing")
    args = parser.parse_args()
    runtime = Runtime(AppConfig(models_dir=SHARED / "models", detector=DetectorSettings(kind="yolo", weights="yolov8n-face-int8")))
    scorer = runtime.new_liveness_judge(challenge=False).scorer
    print(f"{'video':28} {'variant':18} {'faces':>5} {'brightness':>10} {'contrast':>8} {'live score':>10} {'looks < 0.5':>11}"
          + (f" {'normalised':>10}" if args.normalise else ""))
    for video in args.videos:
        frames = []
        capture = cv2.VideoCapture(str(video))
        number = 0
        while True:
            ok, image = capture.read()
            if not ok:
                break
            number += 1
            if number % 3 == 0:
                frames.append(image)
        for name, darken in VARIANTS.items():
            brightness, contrast, scores, fixed = [], [], [], []
            for seed, frame in enumerate(frames):
                image = darken(frame, seed)
                faces = runtime.detector.detect(image)
                if not len(faces):
                    continue
                best = int(np.argmax(faces.areas))
                light = face_light(image, faces.boxes[best])
                if light is None:
                    continue
                brightness.append(light.brightness)
                contrast.append(light.contrast)
                scores.append(float(scorer.score(image, faces.boxes[best : best + 1])[0]))
                if args.normalise:
                    fixed.append(float(scorer.score(normalised(image, faces.boxes[best]), faces.boxes[best : best + 1])[0]))
            if not scores:
                print(f"{video.name:28} {name:18} {0:5d} (no face found)")
                continue
            low = sum(s < 0.5 for s in scores) / len(scores)
            print(f"{video.name:28} {name:18} {len(scores):5d} {np.mean(brightness):10.0f} {np.mean(contrast):8.0f}"
                  f" {np.mean(scores):10.2f} {low:11.0%}" + (f" {np.mean(fixed):10.2f}" if fixed else ""))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
