"""The head-turn challenge: when the passive evidence is unsure, the kiosk asks the person to move their head, a few
steps each chosen at random (turn to their left or right, look up or down; never the same way twice running), and
checks that a head, not a picture, moved each way within a few seconds.

Each detector frame of the challenged track gives its Face Mesh (``pipeline.landmarks``). A step's first frame is its
reference; the step passes once the face has moved at least ``min_turn`` the asked way from it (yaw for a turn, pitch
for a nod) and the move is three-dimensional: the best homography from the reference's 468 points to the moved ones
leaves a residual of at least ``min_parallax`` eye distances. A flat picture, however it is tilted or turned, moves as
a homography (its residual is the landmarks' noise); a head does not, its nose moving against its outline. The next
step starts from where the last one ended, with its own deadline. The challenge fails when the face moves the other
way first, when a move is flat (a phone or a print turned to imitate it), or at a deadline. A photo cannot follow a
random instruction; a replay of a head turning to and fro follows one step by chance about half the time
(``scripts/challenge_chance.py``), hence several steps in four directions. A live person in dim light can follow them.

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
    timeout_s: float = 4.0  # from each step's instruction to its deadline
    steps: int = 2  # moves asked in a row
    min_turn: float = 0.25  # yaw or pitch change (the nose between the outline's sides, -1..1) that counts, about 15 degrees
    wrong_way: float = 0.2  # a turn this far the other way fails the challenge
    min_parallax: float = 0.04  # homography residual, in eye distances, of a turn in three dimensions
    mirrored: bool = False  # the camera delivers mirror images (a selfie view): a person's left is the picture's left


def position(mesh: FaceMesh, direction: Direction, mirrored: bool = False) -> float:
    """How far the face has gone ``direction``'s way, on its axis (yaw for a turn, pitch for a nod); ``mirrored``: the
    picture is a mirror image, so a turn's yaw runs the other way."""
    if not direction.sideways:
        return mesh.pitch * direction.sign
    return mesh.yaw * direction.sign * (-1 if mirrored else 1)


def random_steps(count: int, chooser: random.Random) -> tuple[Direction, ...]:
    """``count`` directions at random, none the same as the one before it."""
    steps: list[Direction] = []
    for _ in range(count):
        steps.append(chooser.choice([d for d in Direction if not steps or d is not steps[-1]]))
    return tuple(steps)


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
    """One track's challenge: the asked ``steps`` in order, the current one from ``asked_at`` (seconds, the frames'
    clock)."""

    steps: tuple[Direction, ...]
    asked_at: float
    config: ChallengeConfig = ChallengeConfig()
    step: int = 0  # the step being asked
    reference: FaceMesh | None = None  # the current step's first frame
    outcome: Outcome = Outcome.ASKED
    turned_at: float | None = None  # when the last step passed
    flat_turns: int = 0  # moves the asked way that were flat, this step
    why: str = field(default="")  # why it failed, for the log and the figures
    started_at: float = field(init=False)  # the first step's instruction

    def __post_init__(self) -> None:
        self.started_at = self.asked_at

    @classmethod
    def ask(cls, asked_at: float, config: ChallengeConfig = ChallengeConfig(), chooser: random.Random | None = None) -> HeadTurnChallenge:
        """A challenge of ``config.steps`` random moves (``secrets``-grade randomness is not needed: the presenter
        cannot see them before each instruction shows)."""
        return cls(random_steps(config.steps, chooser or random.SystemRandom()), asked_at, config)

    @property
    def direction(self) -> Direction:
        """The move asked now."""
        return self.steps[self.step]  # ``step`` stays on the last one once it passed

    def observe(self, mesh: FaceMesh, at: float) -> Outcome:
        """Fold one frame's mesh in (``at``: its time); returns the outcome so far."""
        if self.outcome is not Outcome.ASKED:
            return self.outcome
        if at - self.asked_at > self.config.timeout_s:
            return self._fail("no turn in time")
        if self.reference is None:
            self.reference = mesh
            return self.outcome
        mirrored = self.config.mirrored
        turn = position(mesh, self.direction, mirrored) - position(self.reference, self.direction, mirrored)
        if turn <= -self.config.wrong_way:
            return self._fail("turned the other way")
        if turn >= self.config.min_turn:
            if parallax(self.reference, mesh) >= self.config.min_parallax:
                self._next_step(mesh, at)
            else:
                self.flat_turns += 1
                if self.flat_turns >= 2:  # one flat frame may be a blink of the mesh; two are a picture
                    return self._fail("the turn was flat, as a picture's")
        return self.outcome

    def _next_step(self, mesh: FaceMesh, at: float) -> None:
        """The current step passed: the next one starts here and now, or the challenge is passed."""
        if self.step + 1 >= len(self.steps):
            self.outcome, self.turned_at = Outcome.PASSED, at
            return
        self.step += 1
        self.reference, self.asked_at, self.flat_turns = mesh, at, 0

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
