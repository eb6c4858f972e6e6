"""How often the kiosk would ask for the head-turn challenge: each video through the kiosk's pipeline with the challenge
on (looking at every track at every detector frame, decided or not), and for every track that reached a decision,
whether the passive check decided it alone (live or attack) or asked.
Nobody in a recorded video answers, so an asked track ends an attack here; what counts is how often it was asked.
The `screen` column counts the tracks the screen cue refused (an attack at the end, screen-coloured in half its looks).

A video holds few tracks, so the second table starts the judge afresh at every look of every track (as if the person
had stepped in then) and counts each start's first decision: live, attack, asked, or none before the track ended. Its
looks are the networks' scores of the same run, taken at every detector frame; the cues are left out of it (they
refuse, they never ask). The last columns: how many looks the starts decided live took, median and 90th percentile. The
third part judges each track from its first look twice: as the window does (it can ask, so before ``max_looks`` it
calls a face live only at ``sure_live``) and as a headless run does (it cannot ask: Wald's shrinking bar).

    .venv/bin/python scripts/challenge_rate.py [--mesh DIR] [VIDEO ...]
    (default: ../shared/media/spoof/videos/* and the Hamilton clip)
"""
from __future__ import annotations

import argparse
import os
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from core.config import AppConfig, DetectorSettings, RecognizerSettings  # noqa: E402
from pipeline.liveness.challenge import Challenger  # noqa: E402
from pipeline.liveness.screen import ScreenConfig  # noqa: E402
from pipeline.liveness.tracks import LivenessJudge  # noqa: E402
from pipeline.registry import MODEL_PATH_ENV  # noqa: E402
from pipeline.sources import open_source  # noqa: E402
from pipeline.types import Liveness, LivenessVerdict  # noqa: E402
from services.runtime import Runtime  # noqa: E402
from services.video import build_pipeline  # noqa: E402

SHARED = ROOT.parent / "shared"
DECIDED = (Liveness.LIVE, Liveness.ATTACK, Liveness.CHALLENGED)


@dataclass(frozen=True)
class Look:
    frame: int
    score: float
    weight: float
    dim: bool


def recording(judge: LivenessJudge, looks: dict[int, list[Look]]) -> None:
    """Make ``judge`` look at every track at every detector frame and keep each look in ``looks``."""
    judge.config = replace(judge.config, every_decided=1)
    observe = judge.observe

    def recorded(track_ids, scores, weights, frame_index, dim=None, at=0.0):  # type: ignore[no-untyped-def]
        for number, (track_id, score, weight) in enumerate(zip(track_ids, scores, weights)):
            looks[track_id].append(Look(frame_index, score, weight, bool(dim and dim[number])))
        observe(track_ids, scores, weights, frame_index, dim, at)

    judge.observe = recorded  # type: ignore[method-assign]


def first_decision(seen: list[Look], track_id: int, judge: LivenessJudge, challenger: Challenger | None) -> tuple[Liveness, int]:
    """A fresh judge (``judge``'s scorer and config, with ``challenger``) fed ``seen`` until it decides: its first
    decision and how many looks it took (UNDECIDED and 0 when the looks ran out first)."""
    fresh = LivenessJudge(judge.scorer, judge.config, challenger=challenger)
    for taken, look in enumerate(seen, 1):
        fresh.observe([track_id], [look.score], [look.weight], look.frame, [look.dim])
        if (state := fresh.verdict(track_id).state) in DECIDED:
            return state, taken
    return Liveness.UNDECIDED, 0


def first_decisions(looks: dict[int, list[Look]], judge: LivenessJudge) -> tuple[Counter[Liveness], list[int]]:
    """The first decision of a fresh judge (``judge``'s config and challenger) started at every look of every track,
    and for each start decided live, the looks it took."""
    found: Counter[Liveness] = Counter()
    live_after: list[int] = []
    for track_id, seen in looks.items():
        for start in range(len(seen)):
            state, taken = first_decision(seen[start:], track_id, judge, judge.challenger)
            found[state] += 1
            if state is Liveness.LIVE:
                live_after.append(taken)
    return found, live_after


def from_first_look(looks: dict[int, list[Look]], judge: LivenessJudge) -> list[str]:
    """Each track judged from its first look by the window's judge (which can ask) and by a headless one (which
    cannot): the first decision and the frames it came after the first look."""
    found = []
    for track_id, seen in looks.items():
        decisions = []
        for challenger in (judge.challenger, None):
            state, taken = first_decision(seen, track_id, judge, challenger)
            decisions.append(f"{state.value} +{seen[taken - 1].frame - seen[0].frame}" if taken else "none")
        found.append(f"  track {track_id}: window {decisions[0]}, headless {decisions[1]}")
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=" ".join(__doc__.split("\n\n")[0].split()))
    default = [*sorted((SHARED / "media/spoof/videos").glob("*")), SHARED / "media/face_recognition_examples/examples/short_hamilton_clip.mp4"]
    parser.add_argument("videos", nargs="*", type=Path, default=default)
    parser.add_argument("--mesh", type=Path, help="folder holding face_landmark.tflite (default: the models folder)")
    args = parser.parse_args()
    if args.mesh is not None:  # searched with the models folder
        os.environ[MODEL_PATH_ENV] = str(args.mesh)
    tracks, starts, firsts = [], [], []
    for video in args.videos:
        config = AppConfig(
            models_dir=SHARED / "models",
            detector=DetectorSettings(kind="yolo", weights="yolov8n-face-int8"),
            recognizer=RecognizerSettings(arch="edgeface_xs_q", weights=str(SHARED / "models/edgeface_xs_q.pt"), device="cpu"),
        )
        runtime = Runtime(config)
        pipeline = build_pipeline(runtime, challenge=True)
        judge = pipeline.liveness
        if judge is None or judge.challenger is None:
            print("no head-turn challenge (the facemesh model is missing): run scripts/fetch_facemesh.py", file=sys.stderr)
            return 1
        looks: dict[int, list[Look]] = defaultdict(list)
        recording(judge, looks)
        first: dict[int, Liveness] = {}  # each track's first decision
        last: dict[int, LivenessVerdict] = {}
        for result in pipeline.run(open_source(str(video))):
            for face in result.faces:
                last[face.track_id] = face.liveness
                if face.track_id not in first and face.liveness.state in DECIDED:
                    first[face.track_id] = face.liveness.state
        counts = Counter(first.values())
        screen = sum(v.state is Liveness.ATTACK and v.screen >= ScreenConfig().min_share for v in last.values())
        tracks.append(f"{video.name:36} {len(first):6d} {counts[Liveness.LIVE]:5d} {counts[Liveness.ATTACK]:6d}"
                      f" {counts[Liveness.CHALLENGED]:6d} {screen:6d}")
        firsts.append(f"{video.name}:")
        firsts.extend(from_first_look(looks, judge))
        replayed, live_after = first_decisions(looks, judge)
        after = f"{np.median(live_after):26.0f} {np.percentile(live_after, 90):5.0f}" if live_after else f"{'-':>26} {'-':>5}"
        starts.append(f"{video.name:36} {sum(replayed.values()):6d} {replayed[Liveness.LIVE]:5d} {replayed[Liveness.ATTACK]:6d}"
                      f" {replayed[Liveness.CHALLENGED]:6d} {replayed[Liveness.UNDECIDED]:6d} {after}")
    print(f"{'video: each track':36} {'tracks':>6} {'live':>5} {'attack':>6} {'asked':>6} {'screen':>6}", *tracks, sep="\n")
    print(f"\n{'video: a judge started at each look':36} {'starts':>6} {'live':>5} {'attack':>6} {'asked':>6} {'none':>6}"
          f" {'live after (looks): median':>26} {'p90':>5}",
          *starts, sep="\n")
    print("\neach track from its first look: the first decision and the frames after that look it came", *firsts, sep="\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
