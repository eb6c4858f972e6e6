"""The head-turn challenge: when the passive evidence is unsure, the kiosk asks the person to turn their head to their
left or right, at random, and checks that a head, not a picture, turned that way within a few seconds.

Each detector frame of the challenged track gives its Face Mesh (``pipeline.landmarks``); the first is the
reference. The challenge passes once the face has turned at least ``min_turn`` the asked way from the reference and the
turn is three-dimensional: the best homography from the reference's 468 points to the turned ones leaves a residual of
at least ``min_parallax`` eye distances. A flat picture, however it is tilted or turned, moves as a homography (its
residual is the landmarks' noise); a head does not, its nose moving against its cheeks. It fails when the face turns
the other way first (a replay that happened to turn), when the turn is flat (a phone or a print turned to imitate
it), or at the deadline. A photo cannot follow a random instruction and a replay can only by chance; a live person in
dim light can.

Figures behind the defaults (``python scripts/parallax.py``, the webcam videos of ../shared/media/spoof): a face
holding still leaves a residual of 0.00-0.02 eye distances between frames, real heads turning 0.08-0.18.
"""
from __future__ import annotations

import random
from dataclasses import dataclass, field
from enum import Enum

import cv2
import numpy as np

from pipeline.landmarks import FaceMesh, FaceMeshModel
from pipeline.types import Direction


class Outcome(str, Enum):
    ASKED = "asked"  # waiting for the turn
    PASSED = "passed"  # a head turned the asked way
    FAILED = "failed"  # turned the other way, turned flat, or did not turn in time


@dataclass(frozen=True)
class ChallengeConfig:
    timeout_s: float = 4.0  # from the instruction to the deadline
    min_turn: float = 0.25  # yaw change (nose between the cheeks, -1..1) that counts as a turn, about 15 degrees
    wrong_way: float = 0.2  # a turn this far the other way fails the challenge
    min_parallax: float = 0.04  # homography residual, in eye distances, of a turn in three dimensions


def parallax(reference: FaceMesh, turned: FaceMesh) -> float:
    """How far ``turned``'s points are from the best homography of ``reference``'s, in eye distances (RMS): about 0
    for a flat picture moved, turned or tilted, large for a head that turned."""
    source, target = reference.points[:, :2].astype(np.float32), turned.points[:, :2].astype(np.float32)
    homography, _ = cv2.findHomography(source, target, 0)
    if homography is None:
        return 0.0
    mapped = cv2.perspectiveTransform(source[None], homography)[0]
    return float(np.sqrt(np.mean(np.sum((mapped - target) ** 2, axis=1)))) / max(reference.eye_distance, 1e-6)


@dataclass
class HeadTurnChallenge:
    """One track's challenge: the asked ``direction`` from ``asked_at`` (seconds, the frames' clock)."""

    direction: Direction
    asked_at: float
    config: ChallengeConfig = ChallengeConfig()
    reference: FaceMesh | None = None
    outcome: Outcome = Outcome.ASKED
    turned_at: float | None = None  # when it passed
    best_turn: float = 0.0  # the furthest turn the asked way so far
    flat_turns: int = 0  # turns the asked way that were flat
    why: str = field(default="")  # why it failed, for the log and the figures

    @classmethod
    def ask(cls, asked_at: float, config: ChallengeConfig = ChallengeConfig(), chooser: random.Random | None = None) -> HeadTurnChallenge:
        """A challenge in a random direction (``secrets``-grade randomness is not needed: the presenter cannot see it
        before the instruction shows)."""
        direction = (chooser or random.SystemRandom()).choice(list(Direction))
        return cls(direction, asked_at, config)

    def observe(self, mesh: FaceMesh, at: float) -> Outcome:
        """Fold one frame's mesh in (``at``: its time); returns the outcome so far."""
        if self.outcome is not Outcome.ASKED:
            return self.outcome
        if at - self.asked_at > self.config.timeout_s:
            return self._fail("no turn in time")
        if self.reference is None:
            self.reference = mesh
            return self.outcome
        turn = (mesh.yaw - self.reference.yaw) * self.direction.sign
        if turn <= -self.config.wrong_way:
            return self._fail("turned the other way")
        self.best_turn = max(self.best_turn, turn)
        if turn >= self.config.min_turn:
            if parallax(self.reference, mesh) >= self.config.min_parallax:
                self.outcome, self.turned_at = Outcome.PASSED, at
            else:
                self.flat_turns += 1
                if self.flat_turns >= 2:  # one flat frame may be a blink of the mesh; two are a picture
                    return self._fail("the turn was flat, as a picture's")
        return self.outcome

    def expire(self, now: float) -> Outcome:
        """The outcome at ``now`` without a new frame (the face left, or no detection came)."""
        if self.outcome is Outcome.ASKED and now - self.asked_at > self.config.timeout_s:
            return self._fail("no turn in time")
        return self.outcome

    def _fail(self, why: str) -> Outcome:
        self.outcome, self.why = Outcome.FAILED, why
        return self.outcome


class Challenger:
    """Asks the challenges and reads the faces for them: the Face Mesh model and the challenge's settings."""

    def __init__(self, model: FaceMeshModel, config: ChallengeConfig = ChallengeConfig(), chooser: random.Random | None = None) -> None:
        self.model = model
        self.config = config
        self._chooser = chooser or random.SystemRandom()

    def ask(self, at: float) -> HeadTurnChallenge:
        return HeadTurnChallenge.ask(at, self.config, self._chooser)

    def mesh(self, image: np.ndarray, box: np.ndarray, eyes: np.ndarray | None) -> FaceMesh:
        return self.model.mesh(image, box, eyes)
