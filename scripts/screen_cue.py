"""The screen cue against data it was not tuned on: its per-look rate on live faces, and what it catches on replays.

    .venv/bin/python scripts/screen_cue.py [--tuning]

The split was fixed before its threshold was chosen. Tuned on: the Apfol videos, the ydf1014 bright-face and
original-light crops, the minivision samples, and the ``faceset`` people whose names begin A-L. Held out: the
ZubairCracksCode videos, the ydf1014 side-illumination crops, the HyperFAS screen sample, the ``faceset`` people
M-Z and the ``deepface_dataset`` photos. ``--tuning`` also prints the tuning half of the faceset (a few minutes more).

Per look: how many faces the cue could judge (the others abstain: a colourless picture, poor light), and the share of
those it flagged as screen-coloured; per video, whether the track would be refused (flagged in half its looks or more,
from five looks on). Crops are whole faces already, so their box is the whole image.
"""
from __future__ import annotations

import argparse
import csv
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from core.config import AppConfig, DetectorSettings  # noqa: E402
from pipeline.interfaces import FaceDetector  # noqa: E402
from pipeline.liveness.screen import ScreenCue  # noqa: E402
from services.runtime import Runtime  # noqa: E402

SHARED = ROOT.parent / "shared"
SPOOF = SHARED / "media/spoof"


@dataclass
class Tally:
    looks: int = 0
    counted: int = 0
    flagged: int = 0

    def add(self, flag: bool | None) -> None:
        self.looks += 1
        if flag is not None:
            self.counted += 1
            self.flagged += int(flag)

    def row(self, name: str, verdict: str = "") -> str:
        rate = f"{self.flagged / self.counted:7.2%}" if self.counted else "      -"
        return f"{name:44} {self.looks:6d} {self.counted:7d} {self.flagged:7d} {rate} {verdict}"


def largest_face(detector: FaceDetector, image: np.ndarray) -> np.ndarray | None:
    faces = detector.detect(image)
    return None if len(faces) == 0 else faces.boxes[int(np.argmax(faces.areas))]


def photos(folder: Path, people: str | None = None) -> Iterator[Path]:
    """Image files under ``folder`` (``people``: "A-L" or "M-Z", the faceset halves by the person's initial)."""
    for path in sorted(folder.rglob("*")):
        if path.suffix.lower() not in (".jpg", ".jpeg", ".png"):
            continue
        if people is not None and (path.parent.name[:1].upper() <= "L") != (people == "A-L"):
            continue
        yield path


def still_tally(detector: FaceDetector, paths: Iterator[Path], whole: bool = False) -> Tally:
    tally = Tally()
    for path in paths:
        image = cv2.imread(str(path))
        if image is None:
            continue
        box = np.array([0, 0, image.shape[1], image.shape[0]], np.float32) if whole else largest_face(detector, image)
        if box is not None:
            tally.add(ScreenCue().flag(image, box))
    return tally


def video_tally(detector: FaceDetector, path: Path) -> tuple[Tally, bool]:
    tally, cue = Tally(), ScreenCue()
    capture = cv2.VideoCapture(str(path))
    while True:
        ok, image = capture.read()
        if not ok:
            break
        box = largest_face(detector, image)
        if box is not None:
            tally.add(cue.flag(image, box))
            cue.observe(0, image, box)
    return tally, cue.refuses(0)


def short(path: Path) -> str:
    return path.name.replace("__dataset_", " ").replace("__", " ").replace("illumination", "light")


def spoof_files(prefix: str) -> list[tuple[Path, str]]:
    with (SPOOF / "labels.csv").open(newline="") as labels:
        return [(SPOOF / row["file"], row["label"]) for row in csv.DictReader(labels) if row["file"].startswith(prefix)]


def main() -> int:
    parser = argparse.ArgumentParser(description=" ".join(__doc__.split("\n\n")[0].split()))
    parser.add_argument("--tuning", action="store_true", help="also the faceset's tuning half (people A-L)")
    args = parser.parse_args()
    if not SPOOF.is_dir():
        print(f"no media: {SPOOF} is missing", file=sys.stderr)
        return 1
    runtime = Runtime(AppConfig(models_dir=SHARED / "models", detector=DetectorSettings(kind="yolo", weights="yolov8n-face-int8")))
    detector = runtime.detector
    print(f"{'presentation':44} {'looks':>6} {'counted':>7} {'flagged':>7} {'rate':>7} track")
    for part, sources in (("tuning", ("videos/Apfol", "crops/ydf1014__dataset_bright", "crops/ydf1014__dataset_rui", "images/minivision")),
                          ("held out", ("videos/Zubair", "crops/ydf1014__dataset_side", "images/HyperFAS"))):
        print(f"-- {part}")
        for prefix in sources:
            for path, label in spoof_files(prefix):
                if path.parent.name == "videos":
                    tally, refused = video_tally(detector, path)
                    print(tally.row(f"{path.name} ({label})", "refused" if refused else "accepted"))
                else:
                    print(still_tally(detector, iter([path]), whole=path.parent.name == "crops").row(f"{short(path)} ({label})"))
    print("-- live photos")
    if args.tuning:
        print(still_tally(detector, photos(SHARED / "media/faceset", "A-L")).row("faceset people A-L (tuning)"))
    print(still_tally(detector, photos(SHARED / "media/faceset", "M-Z")).row("faceset people M-Z (held out)"))
    print(still_tally(detector, photos(SHARED / "media/deepface_dataset")).row("deepface_dataset (held out)"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
