"""The head-turn challenge on recordings: asked at every half second of each video, with every sequence of moves it can
ask, how often it passes and how soon. A recording cannot hear the instruction, so a pass is moves the video happened
to make the asked ways: for a replay that is the chance an attack gets through the challenge; for a live video, whose
person moved on their own, it is no measure of a person answering (their reaction comes on top and is not measured).

    .venv/bin/python scripts/challenge_chance.py [--mesh FILE] [--steps N ...] [VIDEO ...]
    (default: one step and two steps; ../shared/media/spoof/videos/*)
"""
from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

import cv2
import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from core.config import AppConfig, DetectorSettings  # noqa: E402
from pipeline.landmarks import FaceMesh, FaceMeshModel  # noqa: E402
from pipeline.liveness.challenge import HeadTurnChallenge, Outcome  # noqa: E402
from pipeline.registry import ModelRegistry, resolve_weights  # noqa: E402
from pipeline.types import Direction  # noqa: E402
from services.runtime import Runtime  # noqa: E402

SHARED = ROOT.parent / "shared"
EVERY_S = 0.5  # a challenge starts at every half second of the video


def meshes_of(video: Path, runtime: Runtime, model: FaceMeshModel) -> list[tuple[float, FaceMesh]]:
    """(time, mesh of the largest face) for every frame with a face."""
    capture = cv2.VideoCapture(str(video))
    fps = capture.get(cv2.CAP_PROP_FPS) or 30.0
    found, number = [], 0
    while True:
        ok, image = capture.read()
        if not ok:
            break
        faces = runtime.detector.detect(image)
        if len(faces):
            best = int(np.argmax(faces.areas))
            found.append((number / fps, model.mesh(image, faces.boxes[best], faces.landmarks[best][:2])))
        number += 1
    return found


def sequences(steps: int) -> list[tuple[Direction, ...]]:
    """Every sequence of ``steps`` moves the challenge may ask (none the same as the one before)."""
    found: list[tuple[Direction, ...]] = [()]
    for _ in range(steps):
        found = [(*done, d) for done in found for d in Direction if not done or d is not done[-1]]
    return found


def run_challenge(meshes: list[tuple[float, FaceMesh]], start: float, steps: tuple[Direction, ...]) -> HeadTurnChallenge:
    challenge = HeadTurnChallenge(steps, start)
    for at, mesh in meshes:
        if at >= start and challenge.observe(mesh, at) is not Outcome.ASKED:
            break
    if meshes:
        challenge.expire(max(meshes[-1][0], challenge.asked_at + challenge.config.timeout_s + 1e-3))
    return challenge


def main() -> int:
    parser = argparse.ArgumentParser(description=" ".join(__doc__.split("\n\n")[0].split()))
    parser.add_argument("videos", nargs="*", type=Path, default=sorted((SHARED / "media/spoof/videos").glob("*")))
    parser.add_argument("--mesh", type=Path, help="face_landmark.tflite (default: the registry's facemesh, where present)")
    parser.add_argument("--steps", type=int, nargs="+", default=[1, 2], help="challenge lengths to try (default: 1 2)")
    args = parser.parse_args()
    runtime = Runtime(AppConfig(models_dir=SHARED / "models", detector=DetectorSettings(kind="yolo", weights="yolov8n-face-int8")))
    model = FaceMeshModel(args.mesh or resolve_weights("facemesh", runtime.models_dir, ModelRegistry.load()))
    print(f"{'video':30} {'steps':>5} {'asked':>5} {'passed':>6} {'share':>6} {'pass s (median, max)':>20}  failures")
    for video in args.videos:
        meshes = meshes_of(video, runtime, model)
        if not meshes:
            print(f"{video.name:30} no face")
            continue
        for count in args.steps:
            last_start = meshes[-1][0] - count * HeadTurnChallenge((Direction.LEFT,), 0).config.timeout_s  # room for every step
            starts = np.arange(meshes[0][0], max(last_start, meshes[0][0]) + 1e-9, EVERY_S)
            challenges = [run_challenge(meshes, float(s), steps) for s in starts for steps in sequences(count)]
            passed = [c.turned_at - c.started_at for c in challenges if c.outcome is Outcome.PASSED and c.turned_at is not None]
            why = Counter(c.why for c in challenges if c.outcome is Outcome.FAILED)
            timing = f"{np.median(passed):.2f}, {max(passed):.2f}" if passed else "-"
            print(f"{video.name:30} {count:5d} {len(challenges):5d} {len(passed):6d} {len(passed) / len(challenges):6.1%} {timing:>20}  "
                  + "; ".join(f"{w} {n}" for w, n in why.most_common()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
