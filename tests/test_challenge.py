"""The head-turn challenge on synthetic meshes: a head that moves the asked ways (turns and nods, in steps) passes, the
other way or too late fails, and a picture warped to look turned (any homography) fails as flat. The real Face Mesh model is checked in
tests/test_landmarks.py."""
from __future__ import annotations

import math
import random

import numpy as np
import pytest

from pipeline.landmarks import (
    CHIN,
    FOREHEAD,
    LEFT_CHEEK,
    LEFT_EYE_INNER,
    LEFT_EYE_OUTER,
    NOSE_TIP,
    RIGHT_CHEEK,
    RIGHT_EYE_INNER,
    RIGHT_EYE_OUTER,
    FaceMesh,
)
from pipeline.liveness.challenge import ChallengeConfig, Challenger, HeadTurnChallenge, Outcome, parallax
from pipeline.liveness.tracks import LivenessConfig, LivenessJudge
from pipeline.types import Direction, Liveness


def head() -> np.ndarray:
    """468 points on a face-like surface (x right, y down, z towards the back; the nose nearest the camera)."""
    rng = np.random.default_rng(3)
    angle, radius = rng.uniform(0, 2 * math.pi, 468), np.sqrt(rng.uniform(0, 1, 468))
    x, y = radius * np.cos(angle), 1.3 * radius * np.sin(angle)
    z = -0.8 * np.sqrt(np.clip(1 - x**2 - (y / 1.3) ** 2, 0, 1))
    points = np.column_stack([x, y, z])
    named = {NOSE_TIP: (0, 0.1, -1.15), LEFT_CHEEK: (-1, 0, 0), RIGHT_CHEEK: (1, 0, 0), LEFT_EYE_OUTER: (-0.7, -0.35, -0.5),
             LEFT_EYE_INNER: (-0.25, -0.35, -0.7), RIGHT_EYE_INNER: (0.25, -0.35, -0.7), RIGHT_EYE_OUTER: (0.7, -0.35, -0.5),
             FOREHEAD: (0, -1.3, -0.3), CHIN: (0, 1.25, -0.35)}
    for index, point in named.items():
        points[index] = point
    return points


def seen(points: np.ndarray, yaw_degrees: float = 0.0, noise: float = 0.0, seed: int = 0, pitch_degrees: float = 0.0) -> FaceMesh:
    """The head turned ``yaw_degrees`` to the person's left (negative: right) and looking ``pitch_degrees`` up (negative:
    down), as a camera sees it: 100 px an eye width, centred at (320, 240), with ``noise`` px of landmark noise."""
    t, p = math.radians(yaw_degrees), math.radians(pitch_degrees)
    x = points[:, 0] * math.cos(t) - points[:, 2] * math.sin(t)  # a turn to their left brings the nose to the image's right
    z = points[:, 0] * math.sin(t) + points[:, 2] * math.cos(t)
    y = points[:, 1] * math.cos(p) + z * math.sin(p)  # looking up raises the nose and brings the chin forward
    z = -points[:, 1] * math.sin(p) + z * math.cos(p)
    xy = np.column_stack([x, y]) * 100 + [320, 240]
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


MOVES = {Direction.LEFT: (1, 0), Direction.RIGHT: (-1, 0), Direction.UP: (0, 1), Direction.DOWN: (0, -1)}  # (yaw, pitch)


@pytest.mark.parametrize("direction", list(Direction))
def test_a_head_moving_the_asked_way_passes_in_time(direction):
    face, (yaw, pitch) = head(), MOVES[direction]
    frames = [seen(face, yaw * d, noise=0.8, seed=d, pitch_degrees=pitch * d) for d in (0, 0, 5, 10, 15, 20, 25)]
    challenge = HeadTurnChallenge((direction,), 10.0)
    assert run(challenge, frames) is Outcome.PASSED
    assert challenge.turned_at is not None and challenge.turned_at - challenge.asked_at < 1.0
    assert parallax(frames[0], frames[-1]) > ChallengeConfig().min_parallax
    others = [d for d in Direction if d is not direction and d.sideways is direction.sideways]
    assert run(HeadTurnChallenge(tuple(others), 10.0), frames) is Outcome.FAILED  # the opposite move on the same axis


def test_a_mirrored_camera_swaps_left_and_right():
    face = head()
    frames = [seen(face, d) for d in (0, 10, 20, 25)]
    mirrored = [seen(face, -d) for d in (0, 10, 20, 25)]  # the same turn in a selfie view (the mesh labels by the picture)
    assert run(HeadTurnChallenge((Direction.LEFT,), 0.0), mirrored) is Outcome.FAILED
    assert run(HeadTurnChallenge((Direction.LEFT,), 0.0, ChallengeConfig(mirrored=True)), mirrored) is Outcome.PASSED
    assert run(HeadTurnChallenge((Direction.LEFT,), 0.0, ChallengeConfig(mirrored=True)), frames) is Outcome.FAILED


def test_two_steps_pass_only_when_both_moves_are_made():
    face = head()
    left_then_up = [seen(face, d) for d in (0, 10, 20, 25)] + [seen(face, 25 - d, pitch_degrees=d) for d in (5, 10, 15, 20, 25)]
    challenge = HeadTurnChallenge((Direction.LEFT, Direction.UP), 0.0)
    assert run(challenge, left_then_up) is Outcome.PASSED and challenge.step == 1 and challenge.started_at == 0.0
    to_and_fro = [seen(face, d) for d in (0, 10, 20, 25, 15, 5, 0, 10, 20, 25, 15, 5)]  # a replay: it only turns
    replay = HeadTurnChallenge((Direction.LEFT, Direction.UP), 0.0)
    assert run(replay, to_and_fro, step_s=0.5) is Outcome.FAILED and replay.step == 1 and replay.why == "no turn in time"


def test_the_other_way_or_too_late_fails():
    face = head()
    other_way = HeadTurnChallenge((Direction.LEFT,), 0.0)
    assert run(other_way, [seen(face, -d) for d in (0, 10, 20, 30)]) is Outcome.FAILED and other_way.why == "turned the other way"
    late = HeadTurnChallenge((Direction.LEFT,), 0.0)
    frames = [seen(face, 0.0, noise=0.5, seed=s) for s in range(10)] + [seen(face, 30.0)]
    assert run(late, frames, step_s=0.5) is Outcome.FAILED and late.why == "no turn in time"
    waiting = HeadTurnChallenge((Direction.RIGHT,), 0.0)
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
    challenge = HeadTurnChallenge((Direction.LEFT,), 0.0)
    assert run(challenge, frames) is Outcome.FAILED and challenge.why == "the turn was flat, as a picture's"
    assert parallax(frames[0], frames[-1]) < 0.01


def test_the_moves_are_random_and_never_the_same_twice_running():
    chooser = random.Random(1)
    asked = [HeadTurnChallenge.ask(0.0, chooser=chooser).steps for _ in range(40)]
    assert all(len(steps) == ChallengeConfig().steps == 2 and steps[0] is not steps[1] for steps in asked)
    assert {steps[0] for steps in asked} == set(Direction) and len(set(asked)) >= 8


# -- the judge: when it asks, and what the answer does ------------------------------------------------------------


class FollowingChallenger(Challenger):
    """A challenger whose faces are given: ``meshes`` in turn, the last one repeated; asks LEFT."""

    def __init__(self, meshes: list[FaceMesh]) -> None:
        self.config = ChallengeConfig()
        self._meshes = list(meshes)
        self.asked = 0

    def ask(self, at: float) -> HeadTurnChallenge:
        self.asked += 1
        return HeadTurnChallenge((Direction.LEFT,), at, self.config)

    def mesh(self, image: np.ndarray, box: np.ndarray, eyes: np.ndarray | None) -> FaceMesh:
        return self._meshes.pop(0) if len(self._meshes) > 1 else self._meshes[0]


class Constant:
    """A scorer that says ``score`` for every face."""

    name = "constant"

    def __init__(self, score: float) -> None:
        self.score_value = score

    def score(self, image: np.ndarray, boxes: np.ndarray) -> np.ndarray:
        return np.full(len(boxes), self.score_value, np.float32)


BOX = np.array([[100, 100, 300, 320]], np.float32)
BRIGHT = np.full((480, 640, 3), 120, np.uint8)
DARK = np.full((480, 640, 3), 12, np.uint8)  # a face in a dark room: dark and flat


def judged(score: float, image: np.ndarray, meshes: list[FaceMesh], looks: int = 20, config: LivenessConfig = LivenessConfig()):
    challenger = FollowingChallenger(meshes)
    judge = LivenessJudge(Constant(score), config, challenger=challenger)  # type: ignore[arg-type]
    for frame in range(looks):
        judge.look(image, [1], BOX, np.ones(1), frame, at=frame * 0.1)
        if judge.verdict(1).state is not Liveness.UNDECIDED:
            break
    return judge, challenger


def turning() -> list[FaceMesh]:
    return [seen(head(), d) for d in (0, 5, 10, 15, 20, 25)]


def test_an_attack_verdict_in_poor_light_asks_and_a_head_that_turns_is_live():
    judge, challenger = judged(0.12, DARK, turning())  # the networks say attack, in a dark room: weak evidence
    verdict = judge.verdict(1)
    assert verdict.state is Liveness.CHALLENGED and verdict.asked is Direction.LEFT and challenger.asked == 1
    for number in range(6):
        judge.answer(DARK, 1, BOX[0], None, 2.0 + 0.1 * number)
    assert judge.verdict(1).state is Liveness.LIVE
    judge.look(DARK, [1], BOX, np.ones(1), 100, at=10.0)  # re-checked in the same light and scores: it stays live
    assert judge.verdict(1).state is Liveness.LIVE and challenger.asked == 1


def test_a_face_that_does_not_turn_is_an_attack_that_sticks():
    judge, _ = judged(0.12, DARK, [seen(head())])
    assert judge.verdict(1).state is Liveness.CHALLENGED
    judge.answer(DARK, 1, BOX[0], None, 1.0)
    judge.expire(10.0)  # past the deadline
    assert judge.verdict(1).state is Liveness.ATTACK
    judge.look(DARK, [1], BOX, np.ones(1), 200, at=20.0)
    assert judge.verdict(1).state is Liveness.ATTACK


def test_a_clear_verdict_in_good_light_is_never_asked():
    judge, challenger = judged(0.12, BRIGHT, turning())  # the networks say attack in good light, before max_looks
    assert judge.verdict(1).state is Liveness.ATTACK and challenger.asked == 0
    sure, challenger = judged(0.95, BRIGHT, turning())  # clearly live: nothing to ask
    assert sure.verdict(1).state is Liveness.LIVE and challenger.asked == 0


def test_an_ambiguous_track_is_asked_after_max_looks():
    """A mean just under the threshold for 20 looks (0.45): decided only by the threshold at max_looks, so asked."""
    judge, challenger = judged(0.45, BRIGHT, turning(), looks=25)
    assert judge.verdict(1).state is Liveness.CHALLENGED and challenger.asked == 1


def test_an_unsure_live_verdict_is_confirmed_by_a_turn():
    """A replay that scored a little live over many looks (0.6: above the threshold, below sure_live) is asked, at
    max_looks: before then it is only looked at again (undecided: no check-in)."""
    judge, challenger = judged(0.6, BRIGHT, turning(), looks=19)
    assert judge.verdict(1).state is Liveness.UNDECIDED and challenger.asked == 0
    judge, challenger = judged(0.6, BRIGHT, turning(), looks=30)
    assert judge.verdict(1).state is Liveness.CHALLENGED and challenger.asked == 1 and judge.verdict(1).looks == 20


class Rising:
    """A scorer whose face starts unsure (0.6 for ``unsure`` looks, as a face entering the view) and then is clear."""

    name = "rising"

    def __init__(self, unsure: int) -> None:
        self.unsure = unsure

    def score(self, image: np.ndarray, boxes: np.ndarray) -> np.ndarray:
        self.unsure -= 1
        return np.full(len(boxes), 0.6 if self.unsure >= 0 else 0.99, np.float32)


def test_a_face_that_starts_unsure_and_then_is_clear_is_live_without_being_asked():
    challenger = FollowingChallenger(turning())
    judge = LivenessJudge(Rising(5), challenger=challenger)  # type: ignore[arg-type]
    for frame in range(20):
        judge.look(BRIGHT, [1], BOX, np.ones(1), frame, at=frame * 0.1)
        if judge.verdict(1).state is not Liveness.UNDECIDED:
            break
    assert judge.verdict(1).state is Liveness.LIVE and challenger.asked == 0 and judge.verdict(1).looks < 20
    headless = LivenessJudge(Rising(5))  # type: ignore[arg-type]  # nobody to ask: Wald decides it as before, sooner
    for frame in range(20):
        headless.look(BRIGHT, [1], BOX, np.ones(1), frame)
        if headless.verdict(1).state is not Liveness.UNDECIDED:
            break
    assert headless.verdict(1).state is Liveness.LIVE and headless.verdict(1).looks < judge.verdict(1).looks


def test_the_kiosk_shows_the_instruction_once_in_the_peoples_language(qtbot, tmp_path):
    from dataclasses import replace
    from datetime import timezone

    from core.config import AppConfig
    from gui.kiosk_view import GreetingBanner
    from pipeline.types import Frame, FrameResult, IdentityState, LivenessVerdict, TrackedFace
    from services.greeting import Greeter
    from services.runtime import Runtime

    runtime = Runtime(AppConfig(data_dir=tmp_path / "data"))
    greeter = Greeter(runtime.store, runtime.desk, timezone.utc)
    asked = LivenessVerdict(Liveness.CHALLENGED, 0.4, 9, asked=Direction.RIGHT)
    face = TrackedFace(4, np.array([10, 10, 90, 110], np.float32), IdentityState.RECOGNIZED, "Ann", 1, "ann", 0.6, liveness=asked)
    frame = Frame(np.zeros((240, 320, 3), np.uint8), 0, 0.0)
    [greeting] = greeter.greet(FrameResult(frame, (face,)), [])
    assert greeting.kind == "challenge" and greeting.title == "Please turn your head to your right" and not greeting.can_say_not_me
    assert greeter.greet(FrameResult(frame, (face,)), []) == []  # asked once per step
    step_two = replace(face, liveness=LivenessVerdict(Liveness.CHALLENGED, 0.4, 9, asked=Direction.UP))
    [second] = greeter.greet(FrameResult(frame, (step_two,)), [])
    assert second.title == "Please look up" and greeter.greet(FrameResult(frame, (step_two,)), []) == []
    banner = GreetingBanner()
    qtbot.addWidget(banner)
    banner.show_greeting(greeting)
    assert banner.title.text() == "Please turn your head to your right" and banner.property("kind") == "challenge"
    assert banner.not_me.isHidden()
    runtime.close()
