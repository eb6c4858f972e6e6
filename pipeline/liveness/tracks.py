"""Per-track liveness: many single-frame scores folded into one decision per track.

A single MiniFASNet frame is wrong too often to act on (about 5 % of attack frames pass and 11 %
of live frames fail at 0.5), but one track's frames are not all wrong alike. So a track is scored
on its detector frames from its first detection on, in one batch per frame with the other due tracks,
and the log-odds of its looks (clipped to +-4, so no single frame decides) are averaged with the
same weights as its identity (detector score times face size). The decision is Wald's sequential
test: if each look's log-odds are a noisy measure of a live or an attack mean, the evidence after
``n`` looks is ``n`` times the distance of their mean from ``threshold``, so the mean a decision needs
shrinks as ``1/n``. After ``min_looks`` looks a mean of ``sure_live`` is ``LIVE`` and one of
``sure_attack`` an ``ATTACK``; after twice as many looks, half that distance from ``threshold``
(in log-odds) is enough; after ``max_looks`` the mean is held against ``threshold``. So a clear face
is decided in a few frames, and an ambiguous one waits for as much more evidence as it needs instead
of a coin toss. An attack verdict sticks for the track's life: a presenter who tilts the phone until
some looks pass gains nothing. A live verdict keeps being re-checked, more slowly, and turns into an
attack if the mean sinks to ``sure_attack``.

Three cues that do not come from the networks can overrule them, only ever towards "attack": the
:class:`BorderCue` (the face framed by a bezel's or a print's straight edges) and the :class:`ScreenCue`
(skin with a screen's cool colours), both looked at with each texture look, and the :class:`PlanarMotion`
cue (fed the landmarks of every detected frame: a track that tilts like a flat picture). They fail
differently from the networks, which is the point.

When the networks alone are unsure, the judge asks (with a :class:`Challenger`, when it has one): a track they
would call an attack in poor light (most of its looks dark and flat, where they fail live faces: ``scripts/light.py``),
or only at ``max_looks`` (ambiguous), or would call live at ``max_looks`` without its mean reaching ``sure_live``, is
``CHALLENGED`` instead. (A judge that can ask calls a track live before ``max_looks`` only at ``sure_live``: a face that
starts unsure, as many do while they enter the view, looks on rather than being asked at once.) The person is asked
to move their head a random way (``pipeline.liveness.challenge``). A head that moves the asked ways is live, and from
then on only a cue or, in good light, a mean sunk to ``sure_attack`` makes it an attack; anything else is an attack,
and sticks. A cue's attack, and the networks' clear one in good light, are never challenged.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from core.config import LivenessSettings
from pipeline.interfaces import LivenessScorer
from pipeline.liveness.border import BorderCue
from pipeline.liveness.challenge import Challenger, HeadTurnChallenge, Outcome
from pipeline.liveness.light import poor_light
from pipeline.liveness.looks import LookShareCue
from pipeline.liveness.motion import PlanarMotion
from pipeline.liveness.screen import ScreenCue
from pipeline.schedule import NEVER, Pace, due_tracks
from pipeline.types import Liveness, LivenessVerdict, Shape

LOGIT_CLIP = 4.0  # one look moves a track's mean by at most this much log-odds


def logit(p: float) -> float:
    p = min(max(p, 1e-6), 1 - 1e-6)
    return max(-LOGIT_CLIP, min(LOGIT_CLIP, math.log(p / (1 - p))))


@dataclass(frozen=True)
class LivenessConfig:
    threshold: float = 0.5  # after max_looks: a track whose mean live probability reaches this is live
    sure_live: float = 0.75  # at min_looks: a mean this high is live (later: closer to threshold, as 1/looks)
    sure_attack: float = 0.15  # at min_looks: a mean this low is an attack (later: closer to threshold)
    min_looks: int = 3  # looks before any decision
    max_looks: int = 20  # looks after which an ambiguous track is decided by ``threshold``
    every: int = 1  # frames between looks of an undecided track (looks need a detection: every detector frame)
    every_decided: int = 15  # frames between re-checks of a decided track
    max_per_frame: int = 8  # looks per frame at most
    min_face: float = 40.0  # smallest face side (px) the models are asked about

    @classmethod
    def from_settings(cls, settings: LivenessSettings) -> LivenessConfig:
        return cls(
            threshold=settings.threshold, sure_live=settings.sure_live, sure_attack=settings.sure_attack,
            min_looks=settings.min_looks, max_looks=settings.max_looks, every=settings.every,
            every_decided=settings.every_decided, max_per_frame=settings.max_per_frame, min_face=settings.min_face,
        )

    def __post_init__(self) -> None:
        if not 0 < self.sure_attack <= self.threshold <= self.sure_live < 1:
            raise ValueError("liveness needs 0 < sure_attack <= threshold <= sure_live < 1")
        if self.min_looks > self.max_looks:
            raise ValueError("liveness min_looks must not exceed max_looks")


@dataclass
class _Memory:
    weighted_sum: float = 0.0  # of clipped log-odds
    weight: float = 0.0
    looks: int = 0
    last_looked: int = NEVER
    state: Liveness = Liveness.UNDECIDED
    dim_looks: int = 0  # looks in poor light
    strong: bool = False  # an attack from a cue, clear network evidence in good light or a failed challenge: it sticks
    challenge: HeadTurnChallenge | None = None  # asked once at most
    proven: bool = False  # passed its challenge: poor light's low scores no longer make it an attack

    @property
    def dim(self) -> bool:
        """Most of its looks were in poor light."""
        return 2 * self.dim_looks > self.looks

    @property
    def mean_logit(self) -> float:
        return self.weighted_sum / self.weight if self.weight > 0 else 0.0

    @property
    def score(self) -> float:
        """The mean as a probability."""
        return 1.0 / (1.0 + math.exp(-self.mean_logit))


class LivenessJudge:
    """Which tracks to score this frame (``due``), one batch of scores (``look``) folded in, the verdicts."""

    def __init__(
        self,
        scorer: LivenessScorer,
        config: LivenessConfig = LivenessConfig(),
        motion: PlanarMotion | None = None,
        border: BorderCue | None = None,
        challenger: Challenger | None = None,
        screen: ScreenCue | None = None,
    ) -> None:
        self.scorer = scorer
        self.config = config
        self.motion = motion
        self.border = border
        self.screen = screen
        self.challenger = challenger  # None: the judge never asks, unsure tracks are decided as before
        self._tracks: dict[int, _Memory] = {}

    def shape_of(self, track_ids: list[int], landmarks: np.ndarray) -> None:
        """Feed the planar-motion cue one frame's landmarks (N, 5, 2) of ``track_ids``; a flat track is an attack."""
        if self.motion is None:
            return
        for track_id, points in zip(track_ids, landmarks):
            if self.motion.observe(track_id, points) is Shape.FLAT:
                self._attack(self._tracks.setdefault(track_id, _Memory()))

    def look(
        self, image: np.ndarray, track_ids: list[int], boxes: np.ndarray, weights: np.ndarray, frame_index: int,
        at: float = 0.0,
    ) -> None:
        """Score the faces ``boxes`` of ``track_ids`` in one batch (``at``: the frame's time, when a challenge starts);
        faces below ``min_face`` are skipped."""
        sides = np.minimum(boxes[:, 2] - boxes[:, 0], boxes[:, 3] - boxes[:, 1]) if len(boxes) else np.zeros(0)
        keep = np.flatnonzero(sides >= self.config.min_face)
        if len(keep) == 0:
            return
        scores = self.scorer.score(image, boxes[keep])
        for cue in self._look_cues:
            for i in keep:
                if cue.observe(track_ids[i], image, boxes[i]):
                    self._attack(self._tracks.setdefault(track_ids[i], _Memory()))
        dim = [poor_light(image, boxes[i]) for i in keep]
        self.observe([track_ids[i] for i in keep], scores.tolist(), weights[keep].tolist(), frame_index, dim, at)

    @property
    def _look_cues(self) -> list[LookShareCue]:
        return [cue for cue in (self.border, self.screen) if cue is not None]

    def due(self, track_ids: list[int], frame_index: int) -> list[int]:
        """Tracks to score now, undecided and least recently looked at first, at most ``max_per_frame``."""
        config = self.config
        return due_tracks(track_ids, frame_index, self._pace, config.every, config.every_decided, config.max_per_frame)

    def _pace(self, track_id: int) -> Pace | None:
        memory = self._tracks.get(track_id)
        return None if memory is None else Pace(memory.last_looked, memory.state is not Liveness.UNDECIDED)

    def observe(
        self, track_ids: list[int], scores: list[float], weights: list[float], frame_index: int,
        dim: list[bool] | None = None, at: float = 0.0,
    ) -> None:
        """Fold one live probability per track into its mean (``dim``: which looks were in poor light), then decide."""
        for number, (track_id, score, weight) in enumerate(zip(track_ids, scores, weights)):
            memory = self._tracks.setdefault(track_id, _Memory())
            memory.weighted_sum += max(weight, 1e-6) * logit(float(score))
            memory.weight += max(weight, 1e-6)
            memory.looks += 1
            memory.dim_looks += bool(dim and dim[number])
            memory.last_looked = frame_index
            memory.state = self._settle(memory, self._decide(memory), at)

    def _settle(self, memory: _Memory, decided: Liveness, at: float) -> Liveness:
        """``decided``, or a challenge when the networks alone are unsure (see the module's docstring)."""
        if self.challenger is None or memory.challenge is not None or decided is memory.state:
            return decided
        weak_attack = decided is Liveness.ATTACK and not memory.strong and (memory.dim or memory.looks >= self.config.max_looks)
        unsure_live = decided is Liveness.LIVE and memory.state is Liveness.UNDECIDED and memory.mean_logit < logit(self.config.sure_live)
        if weak_attack or unsure_live:
            memory.challenge = self.challenger.ask(at)
            return Liveness.CHALLENGED
        if decided is Liveness.ATTACK:
            memory.strong = True
        return decided

    def _attack(self, memory: _Memory) -> None:
        """A cue's verdict: an attack that sticks, whatever was asked."""
        memory.state, memory.strong = Liveness.ATTACK, True

    def _decide(self, memory: _Memory) -> Liveness:
        config = self.config
        if memory.state in (Liveness.ATTACK, Liveness.CHALLENGED) or memory.looks < config.min_looks:
            return memory.state
        mean, middle = memory.mean_logit, logit(config.threshold)
        if memory.state is Liveness.LIVE:  # re-checked: live until the mean sinks to a sure attack (not in poor light once proven)
            return Liveness.ATTACK if mean <= logit(config.sure_attack) and not (memory.proven and memory.dim) else Liveness.LIVE
        if memory.looks >= config.max_looks:  # enough looks: the mean against the threshold
            return Liveness.LIVE if mean >= middle else Liveness.ATTACK
        shrink = config.min_looks / memory.looks  # Wald: the distance a decision needs shrinks as 1/looks
        if mean <= middle + shrink * (logit(config.sure_attack) - middle):
            return Liveness.ATTACK
        # a judge that can ask holds the live side to sure_live until max_looks: an unsure face looks on, and is asked
        # only if it is still unsure then (a face that starts unsure, entering the view, is seldom unsure for long)
        live_shrink = 1.0 if self.challenger is not None else shrink
        if mean >= middle + live_shrink * (logit(config.sure_live) - middle):
            return Liveness.LIVE
        return Liveness.UNDECIDED

    def challenged(self, track_ids: list[int]) -> list[int]:
        """Those of ``track_ids`` waiting for their head turn."""
        return [t for t in track_ids if (memory := self._tracks.get(t)) is not None and memory.state is Liveness.CHALLENGED]

    def answer(self, image: np.ndarray, track_id: int, box: np.ndarray, eyes: np.ndarray | None, at: float) -> Liveness:
        """One frame of a challenged track (``at``: its time): its face's mesh against the challenge."""
        memory = self._tracks.get(track_id)
        if memory is None or memory.challenge is None or memory.state is not Liveness.CHALLENGED or self.challenger is None:
            return memory.state if memory is not None else Liveness.UNDECIDED
        self._conclude(memory, memory.challenge.observe(self.challenger.mesh(image, box, eyes), at))
        return memory.state

    def expire(self, now: float) -> None:
        """Challenges past their deadline without the turn (the face left, or stood still) fail."""
        for memory in self._tracks.values():
            if memory.state is Liveness.CHALLENGED and memory.challenge is not None:
                self._conclude(memory, memory.challenge.expire(now))

    @staticmethod
    def _conclude(memory: _Memory, outcome: Outcome) -> None:
        if outcome is Outcome.PASSED:
            memory.state, memory.proven = Liveness.LIVE, True
        elif outcome is Outcome.FAILED:
            memory.state, memory.strong = Liveness.ATTACK, True

    def forget(self, track_id: int) -> None:
        self._tracks.pop(track_id, None)
        for cue in (self.motion, *self._look_cues):
            if cue is not None:
                cue.forget(track_id)

    def verdict(self, track_id: int) -> LivenessVerdict:
        shape = self.motion.shape(track_id) if self.motion is not None else Shape.OFF
        framed = round(self.border.share(track_id), 3) if self.border is not None else 0.0
        screen = round(self.screen.share(track_id), 3) if self.screen is not None else 0.0
        memory = self._tracks.get(track_id)
        if memory is None:
            return LivenessVerdict(Liveness.UNDECIDED, 0.0, 0, shape, framed, screen=screen)
        asked = memory.challenge.direction if memory.challenge is not None and memory.state is Liveness.CHALLENGED else None
        return LivenessVerdict(memory.state, round(memory.score, 4), memory.looks, shape, framed, asked, screen)

