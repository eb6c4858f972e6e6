"""The head-turn challenge on synthetic meshes: a head that turns the asked way passes, the other way or too late
fails, and a picture warped to look turned (any homography) fails as flat. The real Face Mesh model is checked in
tests/test_landmarks.py."""
from __future__ import annotations

import math
import random

import numpy as np
import pytest

from pipeline.landmarks import LEFT_CHEEK, LEFT_EYE_INNER, LEFT_EYE_OUTER, NOSE_TIP, RIGHT_CHEEK, RIGHT_EYE_INNER, RIGHT_EYE_OUTER, FaceMesh
from pipeline.liveness.challenge import ChallengeConfig, Direction, HeadTurnChallenge, Outcome, parallax


def head() -> np.ndarray:
    """468 points on a face-like surface (x right, y down, z towards the back; the nose nearest the camera)."""
    rng = np.random.default_rng(3)
    angle, radius = rng.uniform(0, 2 * math.pi, 468), np.sqrt(rng.uniform(0, 1, 468))
    x, y = radius * np.cos(angle), 1.3 * radius * np.sin(angle)
    z = -0.8 * np.sqrt(np.clip(1 - x**2 - (y / 1.3) ** 2, 0, 1))
    points = np.column_stack([x, y, z])
    named = {NOSE_TIP: (0, 0.1, -1.15), LEFT_CHEEK: (-1, 0, 0), RIGHT_CHEEK: (1, 0, 0), LEFT_EYE_OUTER: (-0.7, -0.35, -0.5),
             LEFT_EYE_INNER: (-0.25, -0.35, -0.7), RIGHT_EYE_INNER: (0.25, -0.35, -0.7), RIGHT_EYE_OUTER: (0.7, -0.35, -0.5)}
    for index, point in named.items():
        points[index] = point
    return points


def seen(points: np.ndarray, yaw_degrees: float = 0.0, noise: float = 0.0, seed: int = 0) -> FaceMesh:
    """The head turned ``yaw_degrees`` to the person's left (negative: right), as a camera sees it: 100 px an
    eye width, centred at (320, 240), with ``noise`` px of landmark noise."""
    t = math.radians(yaw_degrees)
    x = points[:, 0] * math.cos(t) - points[:, 2] * math.sin(t)  # a turn to their left brings the nose to the image's right
    z = points[:, 0] * math.sin(t) + points[:, 2] * math.cos(t)
    xy = np.column_stack([x, points[:, 1]]) * 100 + [320, 240]
    xy += np.random.default_rng(seed).normal(0, noise, xy.shape)
    return FaceMesh(np.column_stack([xy, z * 100]), 1.0)


def warped(mesh: FaceMesh, homography: np.ndarray) -> FaceMesh:
    """A flat picture of ``mesh`` moved by ``homography`` (a print or a phone turned in front of the camera)."""
    xy = np.column_stack([mesh.points[:, :2], np.ones(len(mesh.points))]) @ homography.T
    return FaceMesh(np.column_stack([xy[:, :2] / xy[:, 2:], mesh.points[:, 2]]), 1.0)


def run(challenge: HeadTurnChallenge, frames: list[FaceMesh], step_s: float = 0.1) -> Outcome:
    for number, frame in enumerate(frames):
        challenge.observe(frame, challenge.asked_at + number * step_s)
    return challenge.outcome


@pytest.mark.parametrize(("direction", "sign"), [(Direction.LEFT, 1), (Direction.RIGHT, -1)])
def test_a_head_turning_the_asked_way_passes_in_time(direction, sign):
    face = head()
    frames = [seen(face, sign * d, noise=0.8, seed=d) for d in (0, 0, 5, 10, 15, 20, 25)]
    challenge = HeadTurnChallenge(direction, 10.0)
    assert run(challenge, frames) is Outcome.PASSED
    assert challenge.turned_at is not None and challenge.turned_at - challenge.asked_at < 1.0
    assert parallax(frames[0], frames[-1]) > ChallengeConfig().min_parallax


def test_the_other_way_or_too_late_fails():
    face = head()
    other_way = HeadTurnChallenge(Direction.LEFT, 0.0)
    assert run(other_way, [seen(face, -d) for d in (0, 10, 20, 30)]) is Outcome.FAILED and other_way.why == "turned the other way"
    late = HeadTurnChallenge(Direction.LEFT, 0.0)
    frames = [seen(face, 0.0, noise=0.5, seed=s) for s in range(10)] + [seen(face, 30.0)]
    assert run(late, frames, step_s=0.5) is Outcome.FAILED and late.why == "no turn in time"
    waiting = HeadTurnChallenge(Direction.RIGHT, 0.0)
    waiting.observe(seen(face), 0.1)
    assert waiting.expire(1.0) is Outcome.ASKED and waiting.expire(4.5) is Outcome.FAILED  # the face left


def test_a_picture_warped_to_look_turned_fails_as_flat():
    """Any homography of a frontal picture (a print or a phone turned, tilted, pushed in perspective), even one that
    moves the nose between the cheeks as far as a turn, is flat."""
    frontal = seen(head(), noise=0.8)
    centre = np.array([[1, 0, -320], [0, 1, -240], [0, 0, 1]], float)
    perspective = np.linalg.inv(centre) @ np.array([[1.0, 0.05, 0], [0, 1.0, 0], [0.004, 0.0, 1.0]]) @ centre
    frames = [frontal] + [warped(frontal, np.linalg.matrix_power(perspective, k)) for k in (1, 2, 3, 4)]
    assert (frames[-1].yaw - frontal.yaw) * Direction.LEFT.sign >= ChallengeConfig().min_turn  # it looks turned
    challenge = HeadTurnChallenge(Direction.LEFT, 0.0)
    assert run(challenge, frames) is Outcome.FAILED and challenge.why == "the turn was flat, as a picture's"
    assert parallax(frames[0], frames[-1]) < 0.01


def test_the_direction_is_random():
    chooser = random.Random(1)
    asked = {HeadTurnChallenge.ask(0.0, chooser=chooser).direction for _ in range(20)}
    assert asked == {Direction.LEFT, Direction.RIGHT}
