"""Presentation-attack detection accuracy as ISO/IEC 30107-3 reports it: APCER per attack species, BPCER, ACER.

A presentation is one image or one video. Images give one single-frame score each. A video is
judged the way the kiosk judges a track: its largest face is scored every ``every`` frames and
the per-track rule (:class:`LivenessJudge`) decides; every score also counts as a frame sample.
APCER of a species is the share of its attack presentations accepted as live, BPCER the share of
bona fide presentations not accepted (an undecided video is not accepted), ACER the mean of the
worst species' APCER and BPCER. Per presentation, each cue is also reported alone: ``texture``
(the networks' per-track decision), ``border`` (refused when framed by straight edges), ``screen``
(refused when the skin has a screen's colours), ``motion`` (the planar-motion cue: a flat track is
refused; a still image gives it nothing to see), each of the last three accepting what it does not
refuse, ``fused``: the networks with the cues that are switched on, which is what the kiosk does, and
``fused without screen``: the same without the screen cue, to show what it adds.
"""
from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from itertools import islice
from pathlib import Path

import numpy as np

from core.errors import KioskError
from pipeline.images import IMAGE_SUFFIXES, read_image
from pipeline.interfaces import FaceDetector, LivenessScorer
from pipeline.liveness.border import BorderCue, framed_sides
from pipeline.liveness.challenge import ChallengeConfig, Challenger, HeadTurnChallenge
from pipeline.liveness.motion import MotionConfig, PlanarMotion
from pipeline.liveness.screen import ScreenConfig, ScreenCue
from pipeline.liveness.tracks import LivenessConfig, LivenessJudge
from pipeline.sources import VideoFileSource
from pipeline.types import Direction, Liveness, Shape

BONA_FIDE = "bona_fide"
LIVE_NAMES = {"live", "real", "bona_fide", "bonafide", "genuine"}
WITHOUT_SCREEN = "fused without screen"  # the kiosk's decision before the screen cue
VIDEO_SUFFIXES = {".mp4", ".mov", ".avi", ".mkv", ".webm", ".m4v"}


@dataclass(frozen=True)
class Cues:
    """Which cues the fused decision uses (the kiosk's [liveness] border, screen and motion switches)."""

    border: BorderCue | None = None
    motion: MotionConfig | None = None
    screen: ScreenConfig | None = None


@dataclass(frozen=True)
class Presentation:
    path: Path
    species: str  # BONA_FIDE or the attack species (print, replay, ...)

    @property
    def is_video(self) -> bool:
        return self.path.suffix.lower() in VIDEO_SUFFIXES


@dataclass
class Outcome:
    presentation: Presentation
    scores: list[float]  # every single-frame score
    accepted: bool  # judged live by the fused decision (an image: its score reaches the threshold)
    state: str  # a Liveness value for videos, "live"/"attack" for images, "no face"
    cues: dict[str, bool] = field(default_factory=dict)  # "texture", "border", "screen", "motion", "fused" -> accepted
    shape: Shape = Shape.UNKNOWN  # what the planar-motion cue saw
    asked: bool = False  # a video: the kiosk would have asked for the head-turn challenge (the fused decision, unsure)


@dataclass(frozen=True)
class ErrorRates:
    apcer: dict[str, float]  # species -> share of attacks accepted
    bpcer: float
    acer: float
    counts: dict[str, int]  # species (and bona_fide) -> presentations or frames


@dataclass
class LivenessReport:
    threshold: float
    per_frame: ErrorRates
    per_presentation: ErrorRates
    recommended_threshold: float  # the per-frame threshold of least ACER
    per_cue: dict[str, ErrorRates] = field(default_factory=dict)  # per presentation, each cue alone and fused
    outcomes: list[Outcome] = field(default_factory=list)
    asked: dict[str, tuple[int, int]] = field(default_factory=dict)  # species -> (videos asked to turn, videos)


def _species(name: str) -> str:
    return BONA_FIDE if name.lower() in LIVE_NAMES else name.lower()


def find_presentations(root: Path) -> list[Presentation]:
    """A folder with ``live/`` and one sub-folder per attack species, or with a ``labels.csv`` (file, label)."""
    if not root.is_dir():
        raise KioskError(f"{root}: not a folder")
    labels = root / "labels.csv"
    found = []
    if labels.is_file():
        with labels.open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                path = root / row["file"]
                if path.is_file() and (path.suffix.lower() in IMAGE_SUFFIXES | VIDEO_SUFFIXES):
                    found.append(Presentation(path, _species(row["label"])))
    else:
        for folder in sorted(p for p in root.iterdir() if p.is_dir()):
            for path in sorted(folder.rglob("*")):
                if path.is_file() and path.suffix.lower() in IMAGE_SUFFIXES | VIDEO_SUFFIXES:
                    found.append(Presentation(path, _species(folder.name)))
    species = {p.species for p in found}
    if BONA_FIDE not in species or len(species) < 2:
        raise KioskError(f"{root}: needs live (bona fide) presentations and at least one attack species")
    return found


def _largest(detector: FaceDetector, image: np.ndarray) -> tuple[np.ndarray, float] | None:
    """The largest face's box (1, 4) and detector score (stills)."""
    detections = detector.detect(image)
    if len(detections) == 0:
        return None
    index = int(np.argmax(detections.areas))
    return detections.boxes[index : index + 1], float(detections.scores[index])


def judge_presentation(
    presentation: Presentation, detector: FaceDetector, scorer: LivenessScorer, config: LivenessConfig, cues: Cues,
    max_frames: int | None = None,
) -> Outcome:
    if not presentation.is_video:
        image = read_image(presentation.path)
        found = _largest(detector, image)
        if found is None:
            refused = {"texture": False, "border": False, "screen": False, "motion": True, WITHOUT_SCREEN: False, "fused": False}
            return Outcome(presentation, [], False, "no face", refused)
        score = float(scorer.score(image, found[0])[0])
        border_config = (cues.border or BorderCue()).config
        unframed = framed_sides(image, found[0][0], border_config) < border_config.min_sides
        skin = not ScreenCue(cues.screen or ScreenConfig()).flag(image, found[0][0])  # one look decides a still
        texture_ok = score >= config.threshold
        unscreened_ok = texture_ok and (unframed or cues.border is None)
        fused_ok = unscreened_ok and (skin or cues.screen is None)
        verdicts = {"texture": texture_ok, "border": unframed, "screen": skin, "motion": True, WITHOUT_SCREEN: unscreened_ok, "fused": fused_ok}
        return Outcome(presentation, [score], fused_ok, "live" if fused_ok else "attack", verdicts)
    known = _KnownScore()  # each look is scored once; the fused judge reads that score
    texture = LivenessJudge(scorer, config)
    fused = _fused_judge(known, config, cues)
    unscreened = _fused_judge(known, config, replace(cues, screen=None))
    asking = _fused_judge(known, config, cues, _Unanswered())  # with the challenge on: a recorded video never answers it
    border_alone = fused.border or BorderCue()  # when the fused decision uses the cue, its own looks are the cue's
    screen_alone = fused.screen or ScreenCue()
    motion_alone = fused.motion or PlanarMotion()
    scores: list[float] = []
    for index, image in enumerate(islice(_frames(presentation.path), max_frames)):
        detections = detector.detect(image)
        if len(detections) == 0:
            continue
        largest = int(np.argmax(detections.areas))
        boxes = detections.boxes[largest : largest + 1]
        landmarks = detections.landmarks[largest : largest + 1]
        for judge in (fused, unscreened, asking):
            judge.shape_of([0], landmarks)  # every detected frame, as in the kiosk
        if motion_alone is not fused.motion:
            motion_alone.observe(0, landmarks[0])
        side = float(min(boxes[0, 2] - boxes[0, 0], boxes[0, 3] - boxes[0, 1]))
        if index % config.every or side < config.min_face:
            continue
        weight = np.array([float(detections.scores[largest]) * side])
        known.value = float(scorer.score(image, boxes)[0])
        scores.append(known.value)
        texture.observe([0], [known.value], weight.tolist(), index)
        for judge in (fused, unscreened, asking):
            judge.look(image, [0], boxes, weight, index)
        if border_alone is not fused.border:
            border_alone.observe(0, image, boxes[0])
        if screen_alone is not fused.screen:
            screen_alone.observe(0, image, boxes[0])
    verdict = fused.verdict(0)
    verdicts = {
        "texture": texture.verdict(0).state is Liveness.LIVE,
        "border": not border_alone.refuses(0),
        "screen": not screen_alone.refuses(0),
        "motion": motion_alone.shape(0) is not Shape.FLAT,
        WITHOUT_SCREEN: unscreened.verdict(0).state is Liveness.LIVE,
        "fused": verdict.state is Liveness.LIVE,
    }
    asked = asking.verdict(0).state is Liveness.CHALLENGED
    return Outcome(presentation, scores, verdicts["fused"], verdict.state.value, verdicts, verdict.shape, asked)


def _fused_judge(scorer: LivenessScorer, config: LivenessConfig, cues: Cues, challenger: Challenger | None = None) -> LivenessJudge:
    """A judge with fresh copies of the cues that are on."""
    return LivenessJudge(
        scorer, config, PlanarMotion(cues.motion) if cues.motion else None,
        BorderCue(cues.border.config) if cues.border else None, challenger,
        ScreenCue(cues.screen) if cues.screen else None,
    )


class _Unanswered(Challenger):
    """Asks for the head turn and is never answered: how often the kiosk would ask, on recordings."""

    def __init__(self) -> None:  # no Face Mesh: nothing is ever looked at
        self.config = ChallengeConfig()

    def ask(self, at: float) -> HeadTurnChallenge:
        return HeadTurnChallenge((Direction.LEFT,), at, self.config)


class _KnownScore:
    """A ``LivenessScorer`` that answers with the score just computed for the look (``value``)."""

    name = "known"

    def __init__(self) -> None:
        self.value = 0.0

    def score(self, image: np.ndarray, boxes: np.ndarray) -> np.ndarray:
        return np.full(len(boxes), self.value, np.float32)


def _frames(path: Path) -> Iterator[np.ndarray]:
    with VideoFileSource(path) as source:
        for frame in source:
            yield frame.image


def error_rates(samples: list[tuple[str, bool]]) -> ErrorRates:
    """(species, accepted) pairs -> APCER per species, BPCER, ACER."""
    counts: dict[str, int] = {}
    accepted: dict[str, int] = {}
    for species, ok in samples:
        counts[species] = counts.get(species, 0) + 1
        accepted[species] = accepted.get(species, 0) + int(ok)
    bona_fide = counts.get(BONA_FIDE, 0)
    bpcer = 1 - accepted.get(BONA_FIDE, 0) / bona_fide if bona_fide else float("nan")
    apcer = {s: accepted[s] / n for s, n in sorted(counts.items()) if s != BONA_FIDE}
    worst = max(apcer.values()) if apcer else float("nan")
    return ErrorRates(apcer, bpcer, (worst + bpcer) / 2, counts)


def evaluate(
    presentations: list[Presentation],
    detector: FaceDetector,
    scorer: LivenessScorer,
    config: LivenessConfig,
    cues: Cues = Cues(),
    max_frames: int | None = None,
) -> LivenessReport:
    """Every presentation judged (a video from its first ``max_frames`` frames; None: all of it)."""
    outcomes = [judge_presentation(p, detector, scorer, config, cues, max_frames) for p in presentations]
    frames = [(o.presentation.species, s) for o in outcomes for s in o.scores]
    per_frame = error_rates([(species, s >= config.threshold) for species, s in frames])
    per_presentation = error_rates([(o.presentation.species, o.accepted) for o in outcomes])
    candidates = np.unique(np.round([s for _, s in frames], 4))
    best = min(
        candidates, key=lambda t: error_rates([(sp, s >= t) for sp, s in frames]).acer, default=config.threshold
    )
    per_cue = {
        cue: error_rates([(o.presentation.species, o.cues[cue]) for o in outcomes])
        for cue in ("texture", "border", "screen", "motion", WITHOUT_SCREEN, "fused")
    }
    asked: dict[str, tuple[int, int]] = {}
    for outcome in outcomes:
        if outcome.presentation.is_video:
            before = asked.get(outcome.presentation.species, (0, 0))
            asked[outcome.presentation.species] = (before[0] + int(outcome.asked), before[1] + 1)
    return LivenessReport(config.threshold, per_frame, per_presentation, float(best), per_cue, outcomes, dict(sorted(asked.items())))


def plot_liveness_roc(report: LivenessReport, path: Path, title: str) -> None:
    """Per-frame BPCER against APCER (all attack species together) over every threshold, as PNG."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    frames = [(o.presentation.species, s) for o in report.outcomes for s in o.scores]
    live = np.array([s for sp, s in frames if sp == BONA_FIDE])
    attack = np.array([s for sp, s in frames if sp != BONA_FIDE])
    thresholds = np.linspace(0, 1, 201)
    apcer = [(attack >= t).mean() for t in thresholds]
    bpcer = [(live < t).mean() for t in thresholds]
    fig, ax = plt.subplots(figsize=(6, 4.5), dpi=100)
    ax.plot(apcer, bpcer, label="per frame")
    rates = report.per_frame
    ax.plot(max(rates.apcer.values()), rates.bpcer, "o", label=f"threshold {report.threshold:.2f}")
    ax.set_xlabel("APCER (attacks accepted)")
    ax.set_ylabel("BPCER (live faces refused)")
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    ax.set_title(title)
    ax.grid(True, alpha=0.3)
    ax.legend(loc="upper right", fontsize=8)
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)
