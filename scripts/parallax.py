"""The figures behind the head-turn challenge's thresholds: for each video, the Face Mesh of its largest face every third
frame, how far the head turns (yaw, nose between the cheeks) and how far a homography misses the turned frames' points
from the most frontal frame's (parallax, in eye distances), for frames that turned and frames that held still.

    .venv/bin/python scripts/parallax.py [--mesh FILE] [VIDEO ...]   (default: ../shared/media/spoof/videos/*)

A flat picture moved, tilted or turned misses by the landmarks' noise; a turning head by much more. A replay of a
person who turned shows that person's parallax: what it cannot do is turn on request, which is the challenge's point.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

import cv2
import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from core.config import AppConfig, DetectorSettings  # noqa: E402
from pipeline.landmarks import FaceMeshModel  # noqa: E402
from pipeline.liveness.challenge import parallax  # noqa: E402
from pipeline.registry import ModelRegistry, resolve_weights  # noqa: E402
from services.runtime import Runtime  # noqa: E402

SHARED = ROOT.parent / "shared"
TURNED, STILL = 0.15, 0.05  # yaw change from the most frontal frame that counts as turned, as still


def main() -> int:
    parser = argparse.ArgumentParser(description=" ".join(__doc__.split("\n\n")[0].split()))
    parser.add_argument("videos", nargs="*", type=Path, default=sorted((SHARED / "media/spoof/videos").glob("*")))
    parser.add_argument("--mesh", type=Path, help="face_landmark.tflite (default: the registry's facemesh, where present)")
    args = parser.parse_args()
    runtime = Runtime(AppConfig(models_dir=SHARED / "models", detector=DetectorSettings(kind="yolo", weights="yolov8n-face-int8")))
    mesh_path = args.mesh or resolve_weights("facemesh", runtime.models_dir, ModelRegistry.load())
    model = FaceMeshModel(mesh_path)
    print(f"{'video':32} {'frames':>6} {'yaw':>13} {'parallax turned':>16} {'still':>6}")
    for video in args.videos:
        capture, meshes, number = cv2.VideoCapture(str(video)), [], 0
        while True:
            ok, image = capture.read()
            if not ok:
                break
            number += 1
            if number % 3:
                continue
            faces = runtime.detector.detect(image)
            if len(faces):
                best = int(np.argmax(faces.areas))
                meshes.append(model.mesh(image, faces.boxes[best], faces.landmarks[best][:2]))
        if not meshes:
            print(f"{video.name:32} no face")
            continue
        yaws = np.array([m.yaw for m in meshes])
        reference = meshes[int(np.argmin(np.abs(yaws)))]
        turned = [parallax(reference, m) for m in meshes if abs(m.yaw - reference.yaw) > TURNED]
        still = [parallax(reference, m) for m in meshes if abs(m.yaw - reference.yaw) < STILL and m is not reference]
        def median(values: list[float]) -> str:
            return f"{np.median(values):.3f}" if values else "-"
        print(f"{video.name:32} {len(meshes):6d} {yaws.min():6.2f}..{yaws.max():5.2f} {median(turned):>12} ({len(turned):2d})"
              f" {median(still):>6}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
