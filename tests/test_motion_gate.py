"""Motion-gated detection: a still, noisy scene with slow light changes and a flickering screen costs a detector
run per heartbeat only, while a person walking in is detected on the frame they appear, as without the gate."""
from __future__ import annotations

import numpy as np

from pipeline.gallery import Gallery
from pipeline.motion_gate import MotionGate, MotionGateConfig
from pipeline.recognition import IdentityResolver
from pipeline.runner import Pipeline, PipelineConfig
from pipeline.types import Embeddings, FaceDetections, Frame
from tracking.tracker import Tracker

FPS = 30.0
RNG = np.random.default_rng(0)
ROOM = RNG.integers(40, 200, (360, 640, 3)).astype(np.float32)  # a fixed textured scene (the gate sees 64x36 of it)


def scene(index: int, *, person_from: int | None = None, flicker: bool = True) -> np.ndarray:
    """Frame ``index`` of the room: sensor noise, the light slowly rising, a screen flickering in a corner,
    and from ``person_from`` on a dark person-sized figure walking in from the left."""
    image = ROOM * (1.0 + 0.0005 * index) + RNG.normal(0.0, 4.0, ROOM.shape)
    if flicker:
        image[20:100, 500:620] += 60.0 if (index // 3) % 2 else -60.0
    if person_from is not None and index >= person_from:
        left = min(50 + 12 * (index - person_from), 300)  # walks in, then stands at the kiosk
        image[100:340, left : left + 90] = 30.0
    return np.clip(image, 0, 255).astype(np.uint8)


def test_noise_light_drift_and_a_flickering_screen_are_not_motion():
    gate = MotionGate()
    moving = [gate.moving(scene(i)) for i in range(300)]
    assert not any(moving[120:])  # once the flicker is learnt as restless


def test_a_person_walking_in_is_motion_at_once():
    gate = MotionGate()
    for i in range(150):
        gate.moving(scene(i))
    assert gate.moving(scene(150, person_from=150))


class CountingDetector:
    """A fake detector: finds one face once the person is there."""

    name = "counting"

    def __init__(self, person_from: int | None) -> None:
        self.person_from = person_from

    def detect(self, image: np.ndarray) -> FaceDetections:
        dark = np.flatnonzero(image[150, :, 0] < 40)  # the figure's head row
        if self.person_from is not None and len(dark) > 60:
            x = float(dark.min()) + 15
            box = np.array([[x, 110, x + 60, 180]], np.float32)
            points = np.array([[[x + 18, 135], [x + 42, 135], [x + 30, 150], [x + 20, 165], [x + 40, 165]]], np.float32)
            return FaceDetections(box, np.array([0.9], np.float32), points)
        return FaceDetections.empty()


class NoRecognizer:
    name = "none"
    dim = 8
    norm_is_quality = False

    def embed(self, crops: np.ndarray) -> Embeddings:
        return Embeddings(np.full((len(crops), self.dim), 1.0 / np.sqrt(self.dim), np.float32), np.ones(len(crops), np.float32))


def run(frames: int, gate: MotionGateConfig | None, person_from: int | None = None) -> tuple[list[int], list[int]]:
    """(frames the detector ran on, frames a face was tracked on after the person appeared)."""
    detector = CountingDetector(person_from)
    resolver = IdentityResolver(Gallery.empty("none", 8), 0.5, 0.05, {})
    pipeline = Pipeline(detector, NoRecognizer(), Tracker(), resolver, config=PipelineConfig(detect_every=2, motion_gate=gate))
    detected, found = [], []
    for index in range(frames):
        result = pipeline.process(Frame(scene(index, person_from=person_from), index, index / FPS))
        if result.detected:
            detected.append(index)
        if person_from is not None and index >= person_from and result.faces:
            found.append(index)
    return detected, found


def test_an_empty_scene_runs_the_detector_once_per_heartbeat():
    gated, _ = run(450, MotionGateConfig(heartbeat_s=2.0))
    ungated, _ = run(450, None)
    assert len(ungated) == 225  # every second frame, fifteen seconds of video
    steady = [i for i in gated if i >= 90]  # after the first 3 s, which learn the flickering screen
    assert len(steady) <= 6  # one run per 2 s heartbeat over the last 12 s


def test_the_gate_does_not_delay_the_first_detection_of_someone_walking_in():
    _, gated = run(240, MotionGateConfig(), person_from=200)
    _, ungated = run(240, None, person_from=200)
    assert gated and ungated and gated[0] <= ungated[0]  # the face is tracked as soon as without the gate
