"""How often the kiosk would ask for the head-turn challenge: each video through the kiosk's pipeline with the challenge
on, and for every track that reached a decision, whether the passive check decided it alone (live or attack) or asked.
Nobody in a recorded video answers, so an asked track ends an attack here; what counts is how often it was asked.
The last column counts the tracks the screen cue refused (an attack at the end, screen-coloured in half its looks).

    .venv/bin/python scripts/challenge_rate.py [--mesh FILE] [VIDEO ...]
    (default: ../shared/media/spoof/videos/* and the Hamilton clip)
"""
from __future__ import annotations

import argparse
import os
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from core.config import AppConfig, DetectorSettings, RecognizerSettings  # noqa: E402
from pipeline.liveness.screen import ScreenConfig  # noqa: E402
from pipeline.registry import MODEL_PATH_ENV  # noqa: E402
from pipeline.sources import open_source  # noqa: E402
from pipeline.types import Liveness, LivenessVerdict  # noqa: E402
from services.runtime import Runtime  # noqa: E402
from services.video import build_pipeline  # noqa: E402

SHARED = ROOT.parent / "shared"


def main() -> int:
    parser = argparse.ArgumentParser(description=" ".join(__doc__.split("\n\n")[0].split()))
    default = [*sorted((SHARED / "media/spoof/videos").glob("*")), SHARED / "media/face_recognition_examples/examples/short_hamilton_clip.mp4"]
    parser.add_argument("videos", nargs="*", type=Path, default=default)
    parser.add_argument("--mesh", type=Path, help="folder holding face_landmark.tflite (default: the models folder)")
    args = parser.parse_args()
    if args.mesh is not None:  # searched with the models folder
        os.environ[MODEL_PATH_ENV] = str(args.mesh)
    print(f"{'video':36} {'tracks':>6} {'live':>5} {'attack':>6} {'asked':>6} {'screen':>6}")
    for video in args.videos:
        config = AppConfig(
            models_dir=SHARED / "models",
            detector=DetectorSettings(kind="yolo", weights="yolov8n-face-int8"),
            recognizer=RecognizerSettings(arch="edgeface_xs_q", weights=str(SHARED / "models/edgeface_xs_q.pt"), device="cpu"),
        )
        runtime = Runtime(config)
        pipeline = build_pipeline(runtime, challenge=True)
        if pipeline.liveness is None or pipeline.liveness.challenger is None:
            print("no head-turn challenge (the facemesh model is missing): run scripts/fetch_facemesh.py", file=sys.stderr)
            return 1
        first: dict[int, Liveness] = {}  # each track's first decision
        last: dict[int, LivenessVerdict] = {}
        for result in pipeline.run(open_source(str(video))):
            for face in result.faces:
                state = face.liveness.state
                last[face.track_id] = face.liveness
                if face.track_id not in first and state in (Liveness.LIVE, Liveness.ATTACK, Liveness.CHALLENGED):
                    first[face.track_id] = state
        counts = Counter(first.values())
        screen = sum(v.state is Liveness.ATTACK and v.screen >= ScreenConfig().min_share for v in last.values())
        print(f"{video.name:36} {len(first):6d} {counts[Liveness.LIVE]:5d} {counts[Liveness.ATTACK]:6d} {counts[Liveness.CHALLENGED]:6d}"
              f" {screen:6d}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
