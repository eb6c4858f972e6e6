"""The video pipeline with fake models: scheduling, budgets, scene cuts, odd frames, no faces for a long time."""
from __future__ import annotations

import numpy as np

from pipeline.alignment import ARCFACE_TEMPLATE
from pipeline.gallery import Gallery
from pipeline.quality import QualityThresholds
from pipeline.recognition import IdentityResolver, RecognitionConfig
from pipeline.runner import Pipeline, PipelineConfig, SceneCutDetector
from pipeline.types import Embeddings, EmployeeName, FaceDetections, Frame, IdentityState
from tracking import Tracker, TrackerConfig

DIM = 16
PEOPLE = np.eye(DIM, dtype=np.float32)


class FakeDetector:
    """Faces at fixed boxes; landmarks = the ArcFace template scaled into each box."""

    name = "fake"

    def __init__(self, boxes: list[list[float]]) -> None:
        self.boxes = np.array(boxes, np.float32).reshape(-1, 4)
        self.calls = 0

    def detect(self, image: np.ndarray) -> FaceDetections:
        self.calls += 1
        scale = (self.boxes[:, 2] - self.boxes[:, 0]) / 112
        landmarks = ARCFACE_TEMPLATE[None] * scale[:, None, None] + self.boxes[:, None, :2]
        return FaceDetections(self.boxes, np.full(len(self.boxes), 0.9), landmarks)


class FakeRecognizer:
    """Person i's face is the i-th unit vector; which person a crop shows is read from its left column."""

    name = "fake"
    dim = DIM
    norm_is_quality = False

    def __init__(self) -> None:
        self.batches: list[int] = []

    def embed(self, crops: np.ndarray) -> Embeddings:
        self.batches.append(len(crops))
        ids = crops[:, 56, 2, 0].astype(int) % DIM
        return Embeddings(PEOPLE[ids], np.ones(len(crops), np.float32))


def _frames(n: int, shape=(240, 320), person: int = 0, boxes=((100, 60, 180, 140),)):
    rng = np.random.default_rng(0)
    for index in range(n):
        image = rng.integers(0, 255, (*shape, 3), np.uint8)  # sharp texture passes the blur gate
        for x1, y1, x2, y2 in boxes:
            image[y1:y2, x1:x2, 0] = person  # the fake recognizer reads this
        yield Frame(image, index, index / 30)


def _pipeline(detector, recognizer, names=None, min_hits=2, arrival_frames=10, **config):
    gallery = Gallery("fake", PEOPLE[:1], np.array([0]))
    names = {0: EmployeeName("E0", "Zero")} if names is None else names
    resolver = IdentityResolver(gallery, 0.5, 0.05, names, RecognitionConfig(min_looks=2, every_pending=2, **config))
    quality = QualityThresholds(min_face=20, min_sharpness=0.0, max_yaw=1.5, dominance=1.0)
    return Pipeline(detector, recognizer, Tracker(TrackerConfig(min_hits=min_hits)), resolver,
                    PipelineConfig(detect_every=2, arrival_frames=arrival_frames, scene_cut=0, track_quality=quality))


def test_recognises_and_detects_every_frame_while_someone_arrives_then_every_other():
    detector, recognizer = FakeDetector([[100, 60, 180, 140]]), FakeRecognizer()
    results = list(_pipeline(detector, recognizer).run(_frames(20)))
    # the track is younger than arrival_frames (10) on frames 0-9, so frames 0-10 are detected; then every 2nd
    assert [r.frame.index for r in results if r.detected] == [*range(11), 12, 14, 16, 18]
    assert detector.calls == 15
    last = results[-1]
    assert [f.state for f in last.faces] == [IdentityState.RECOGNIZED] and last.faces[0].label == "Zero"
    assert any(f.predicted for r in results for f in r.faces)  # boxes carried on frames without detection


def test_without_arrivals_the_detector_keeps_its_cadence():
    detector = FakeDetector([[100, 60, 180, 140]])
    results = list(_pipeline(detector, FakeRecognizer(), arrival_frames=0).run(_frames(20)))
    assert [r.frame.index for r in results if r.detected] == list(range(0, 20, 2))


def test_evidence_starts_with_the_first_detection_not_with_confirmation():
    """Looks are taken while the track is tentative: it is recognised on the very frame it is confirmed."""
    results = list(_pipeline(FakeDetector([[100, 60, 180, 140]]), FakeRecognizer(), min_hits=3).run(_frames(8)))
    shown = [r for r in results if r.faces]
    assert shown[0].frame.index == 2  # confirmed by the detections of frames 0, 1 and 2
    assert shown[0].faces[0].state is IdentityState.RECOGNIZED and shown[0].faces[0].looks == 2  # looks of frames 0 and 2


def test_warm_up_calls_each_model_once_and_changes_nothing():
    from pipeline.liveness.tracks import LivenessJudge

    class CountingScorer:
        name = "counting"
        calls = 0

        def score(self, image: np.ndarray, boxes: np.ndarray) -> np.ndarray:
            self.calls += 1
            return np.full(len(boxes), 0.9, np.float32)

    detector, recognizer, scorer = FakeDetector([[100, 60, 180, 140]]), FakeRecognizer(), CountingScorer()
    pipeline = _pipeline(detector, recognizer)
    pipeline.liveness = LivenessJudge(scorer)
    pipeline.warm_up(240, 320)
    assert (detector.calls, recognizer.batches, scorer.calls, pipeline.times.frames) == (1, [1], 1, 0)
    first = pipeline.process(next(_frames(1)))
    assert first.detected and first.faces == ()  # the tracker and the judge start from nothing: a tentative track


def test_crowd_is_embedded_within_the_per_frame_budget():
    boxes = [[10 + 40 * (i % 8), 10 + 60 * (i // 8), 40 + 40 * (i % 8), 50 + 60 * (i // 8)] for i in range(32)]
    detector, recognizer = FakeDetector(boxes), FakeRecognizer()
    results = list(_pipeline(detector, recognizer, max_per_frame=8).run(_frames(12, shape=(300, 340), boxes=())))
    assert max(recognizer.batches) <= 8
    assert len(results[-1].faces) == 32


def test_frames_that_change_size_and_long_empty_stretches():
    recognizer = FakeRecognizer()
    empty = _pipeline(FakeDetector([]), recognizer)
    assert all(r.faces == () for r in empty.run(_frames(300)))
    assert recognizer.batches == []
    pipeline = _pipeline(FakeDetector([[10, 10, 60, 60]]), recognizer)
    results = [
        pipeline.process(Frame(frame.image, frame.index + 100, frame.timestamp))
        for frame in list(_frames(4)) + list(_frames(4, shape=(120, 90)))
    ]
    assert [r.frame.image.shape[:2] for r in results] == [(240, 320)] * 4 + [(120, 90)] * 4
    assert all(len(r.faces) <= 1 for r in results) and any(r.faces for r in results[4:])  # the face is followed after the resize


def test_scene_cut_detector():
    cuts = SceneCutDetector(20.0)
    dark, light = np.zeros((90, 160, 3), np.uint8), np.full((90, 160, 3), 200, np.uint8)
    assert not cuts.is_cut(dark)
    assert not cuts.is_cut(dark + 5)
    assert cuts.is_cut(light)


def test_stage_times_are_counted():
    pipeline = _pipeline(FakeDetector([[100, 60, 180, 140]]), FakeRecognizer())
    list(pipeline.run(_frames(10)))
    per_frame = pipeline.times.per_frame()
    assert pipeline.times.frames == 10 and per_frame["detect"] > 0 and per_frame["embed"] > 0
