"""Liveness: the MiniFASNet networks and their published weights, the context crops, per-track decisions."""
from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest
import torch

from core.errors import KioskError
from measure.liveness_eval import error_rates, find_presentations
from pipeline.liveness.border import BorderConfig, BorderCue, framed_sides
from pipeline.liveness.minifasnet import minifasnet_v1se, minifasnet_v2
from pipeline.liveness.motion import MotionConfig, PlanarMotion
from pipeline.liveness.scorer import MiniFASNetScorer, context_box, context_crops
from pipeline.liveness.screen import ScreenConfig, ScreenCue, skin_warmth
from pipeline.liveness.tracks import LivenessConfig, LivenessJudge
from pipeline.liveness.weights import LivenessWeights
from pipeline.registry import default_registry
from pipeline.types import Liveness, Shape
from tests.conftest import shared_path

WEIGHTS = {"minifasnet_v2": "2.7_80x80_MiniFASNetV2.pth", "minifasnet_v1se": "4_0_0_80x80_MiniFASNetV1SE.pth"}
# Recorded once with the published code (src/model_lib/MiniFASNet.py, src/generate_patches.py's CropImage,
# softmax): each image's face box (xyxy, from YOLOv8n-face) and the live probability of V2 (2.7) and V1SE (4.0).
REFERENCE = {
    "minivision__image_F1.jpg": ((195.4, 105.9, 381.6, 353.1), (0.004049, 0.388508)),
    "minivision__image_F2.jpg": ((142.1, 201.6, 354.2, 508.4), (0.004117, 0.003565)),
    "minivision__image_T1.jpg": ((115.7, 103.6, 292.3, 350.4), (0.999853, 0.999997)),
    "HyperFAS__fake_screen.png": ((269.5, 330.5, 622.1, 834.7), (0.016015, 0.001309)),
}


def weights(arch: str) -> LivenessWeights:
    spec = default_registry().get(arch)
    return LivenessWeights(shared_path(f"models/{spec.filename}"), arch, spec.crop_scale)


# -- the networks ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("make", [minifasnet_v2, minifasnet_v1se])
def test_random_weights_give_three_class_logits_per_face(make):
    torch.manual_seed(0)
    network = make().eval()
    with torch.inference_mode():
        logits = network(torch.rand(4, 3, 80, 80) * 255)
    assert logits.shape == (4, 3) and torch.isfinite(logits).all()
    assert any(".se_module." in key for key in network.state_dict()) == (make is minifasnet_v1se)


@pytest.mark.parametrize("arch, make", [("minifasnet_v2", minifasnet_v2), ("minifasnet_v1se", minifasnet_v1se)])
def test_published_weights_fit_key_for_key(arch, make):
    published = torch.load(shared_path(f"models/{WEIGHTS[arch]}"), map_location="cpu", weights_only=True)
    ours = make().state_dict()
    stripped = {key.removeprefix("module."): value for key, value in published.items()}
    assert list(stripped) == list(ours)
    assert all(stripped[key].shape == ours[key].shape for key in ours)
    make().load_state_dict(stripped, strict=True)


def test_registry_entries_match_the_published_files():
    for arch, filename in WEIGHTS.items():
        spec = default_registry().get(arch)
        path = shared_path(f"models/{filename}")
        assert spec.filename == filename and spec.kind == "liveness" and spec.size == path.stat().st_size
        assert spec.urls[0].startswith("https://raw.githubusercontent.com/minivision-ai/Silent-Face-Anti-Spoofing/")
    assert [s.crop_scale for s in default_registry().of_kind("liveness")] == [2.7, 4.0]


@pytest.mark.parametrize("arch, column", [("minifasnet_v2", 0), ("minifasnet_v1se", 1)])
def test_scores_equal_the_published_code_on_its_samples(arch, column):
    scorer = MiniFASNetScorer([weights(arch)], device="cpu")
    for name, (box, expected) in REFERENCE.items():
        image = cv2.imread(str(shared_path(f"media/spoof/images/{name}")))
        assert scorer.score(image, np.array([box]))[0] == pytest.approx(expected[column], abs=1e-4), name


def test_the_pair_averages_and_tells_the_samples_apart():
    scorer = MiniFASNetScorer([weights("minifasnet_v2"), weights("minifasnet_v1se")], device="cpu")
    for name, (box, expected) in REFERENCE.items():
        image = cv2.imread(str(shared_path(f"media/spoof/images/{name}")))
        score = scorer.score(image, np.array([box, box]))
        assert score.shape == (2,) and score[0] == pytest.approx(np.mean(expected), abs=1e-4)
        assert (score[0] > 0.5) == ("T1" in name)  # the one live sample
    assert scorer.score(image, np.zeros((0, 4))).shape == (0,)


def test_a_damaged_file_is_a_clear_error(tmp_path: Path):
    broken = tmp_path / WEIGHTS["minifasnet_v2"]
    broken.write_bytes(shared_path(f"models/{WEIGHTS['minifasnet_v2']}").read_bytes()[:5000])
    with pytest.raises(Exception, match=str(broken)):
        MiniFASNetScorer([LivenessWeights(broken, "minifasnet_v2", 2.7)], device="cpu")


# -- context crops -----------------------------------------------------------------------------------------


def test_context_box_grows_around_the_centre():
    assert context_box(np.array([100, 100, 140, 150]), 2.0, 640, 480) == (80, 75, 160, 175)


def test_context_box_shifts_into_the_image_and_shrinks_to_fit():
    x1, y1, x2, y2 = context_box(np.array([0, 10, 40, 60]), 2.0, 640, 480)
    assert (x1, y1) == (0, 0) and x2 - x1 == 80 and y2 == 100  # pushed right and down, same size
    # 4x would not fit a 100x120 image: the scale shrinks to 119/80, the height fills the image
    assert context_box(np.array([20, 20, 80, 100]), 4.0, 100, 120) == (5, 0, 94, 119)


def test_context_crops_are_80_pixels_of_the_region():
    image = np.zeros((200, 200, 3), np.uint8)
    image[50:150, 50:150] = 255
    crops = context_crops(image, np.array([[75, 75, 125, 125]], np.float32), 2.0)
    assert crops.shape == (1, 80, 80, 3) and crops.dtype == np.uint8
    assert crops[0, :75, :75].min() == 255  # the white square (its inclusive last row and column: the edge)


# -- per-track decisions -----------------------------------------------------------------------------------


class FixedScorer:
    """Scores every face box with the next value of ``scores``."""

    name = "fixed"

    def __init__(self, scores: list[float]) -> None:
        self.scores = list(scores)

    def score(self, image: np.ndarray, boxes: np.ndarray) -> np.ndarray:
        return np.array([self.scores.pop(0) for _ in boxes], np.float32)


BOX = np.array([[0, 0, 100, 100]], np.float32)
IMAGE = np.zeros((120, 120, 3), np.uint8)


def states(scores: list[float], config: LivenessConfig = LivenessConfig()) -> list[Liveness]:
    judge = LivenessJudge(FixedScorer(scores), config)
    found = []
    for frame in range(len(scores)):
        judge.look(IMAGE, [7], BOX, np.ones(1), frame)
        found.append(judge.verdict(7).state)
    return found


def test_a_clear_face_is_decided_at_min_looks():
    assert states([0.99, 0.97, 0.99]) == [Liveness.UNDECIDED, Liveness.UNDECIDED, Liveness.LIVE]
    assert states([0.01, 0.2, 0.02]) == [Liveness.UNDECIDED, Liveness.UNDECIDED, Liveness.ATTACK]


def test_an_ambiguous_face_waits_for_max_looks_then_meets_the_threshold():
    config = LivenessConfig(max_looks=6)
    assert states([0.6, 0.4, 0.7, 0.5, 0.6, 0.55], config)[-2:] == [Liveness.UNDECIDED, Liveness.LIVE]
    assert states([0.4, 0.6, 0.3, 0.5, 0.4, 0.45], config)[-2:] == [Liveness.UNDECIDED, Liveness.ATTACK]


def test_the_evidence_a_decision_needs_shrinks_with_the_looks():
    """Wald: the mean's distance from the threshold must reach (min_looks / looks) of sure_live's or sure_attack's."""
    def decided_at(score: float) -> tuple[int, Liveness]:
        found = states([score] * 20)
        first = next(i for i, state in enumerate(found) if state is not Liveness.UNDECIDED)
        return first + 1, found[first]

    assert decided_at(0.8) == (3, Liveness.LIVE)  # beyond sure_live: at min_looks, as before
    assert decided_at(0.65) == (6, Liveness.LIVE)  # logit 0.62 >= 3/6 x logit(0.75)
    assert decided_at(0.55) == (17, Liveness.LIVE)  # barely live: close to max_looks
    assert decided_at(0.35) == (9, Liveness.ATTACK)  # logit -0.62 <= 3/9 x logit(0.15)
    assert decided_at(0.5) == (20, Liveness.LIVE)  # a coin toss only at max_looks, against the threshold


def test_one_good_look_does_not_rescue_an_attack_and_an_attack_sticks():
    assert states([0.01, 0.01, 0.01, 0.9999, 0.9999, 0.9999, 0.9999])[-1] is Liveness.ATTACK


def test_a_live_track_that_turns_fake_becomes_an_attack():
    found = states([0.99] * 3 + [0.0001] * 12)
    assert found[2] is Liveness.LIVE and found[-1] is Liveness.ATTACK


def test_schedule_small_faces_and_forgetting():
    judge = LivenessJudge(FixedScorer([0.9] * 20), LivenessConfig(every=2, max_per_frame=2, min_face=40))
    assert judge.due([1, 2, 3], 0) == [1, 2]  # at most two per frame
    tiny = np.array([[0, 0, 30, 30]], np.float32)
    judge.look(IMAGE, [1], tiny, np.ones(1), 0)
    assert judge.verdict(1).looks == 0  # too small to ask the models about
    judge.look(IMAGE, [2], BOX, np.ones(1), 0)
    assert judge.due([2, 3], 1) == [3] and judge.due([2, 3], 2) == [3, 2]  # 2 waits `every` frames
    judge.forget(2)
    assert judge.verdict(2).state is Liveness.UNDECIDED and judge.verdict(2).looks == 0


def test_config_refuses_disordered_thresholds():
    with pytest.raises(ValueError):
        LivenessConfig(sure_attack=0.6, threshold=0.5)
    with pytest.raises(ValueError):
        LivenessConfig(min_looks=5, max_looks=3)


def test_error_rates_follow_iso_30107_3():
    rates = error_rates([
        ("bona_fide", True), ("bona_fide", False), ("print", True), ("print", False), ("print", False), ("replay", False),
    ])
    assert rates.bpcer == 0.5 and rates.apcer == {"print": pytest.approx(1 / 3), "replay": 0.0}
    assert rates.acer == pytest.approx((1 / 3 + 0.5) / 2)  # the worst species counts
    assert rates.counts == {"bona_fide": 2, "print": 3, "replay": 1}


# -- the independent cues ----------------------------------------------------------------------------------


def face_image(framed: bool) -> tuple[np.ndarray, np.ndarray]:
    """A grey scene with a face-sized blob, inside a phone-like bright rectangle when ``framed``."""
    image = np.full((480, 640, 3), 70, np.uint8)
    cv2.randn(image, 70, 6)  # a little sensor noise, no straight edges
    if framed:
        cv2.rectangle(image, (230, 120), (410, 400), (235, 235, 235), thickness=-1)
    cv2.ellipse(image, (320, 250), (45, 60), 0, 0, 360, (120, 140, 170), thickness=-1)
    return image, np.array([275, 190, 365, 310], np.float32)


def test_a_bezel_frames_the_face_and_a_plain_scene_does_not():
    framed, box = face_image(True)
    plain, _ = face_image(False)
    assert framed_sides(framed, box) >= 3 and framed_sides(plain, box) == 0
    cue = BorderCue(BorderConfig(min_looks=5, min_share=0.5))
    assert not any(cue.observe(1, framed, box) for _ in range(4))  # not before min_looks
    assert cue.observe(1, framed, box) and cue.share(1) == 1.0
    assert not any(cue.observe(2, plain, box) for _ in range(8)) and cue.share(2) == 0.0


WARM_SKIN, SCREEN_SKIN = (120, 140, 190), (200, 185, 175)  # BGR: red over blue, and a screen's bluish white


def lit_face(skin: tuple[int, int, int], grey: bool = False, dark: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """A coloured room (or a monochrome one) with a face-sized blob of ``skin``; ``dark``: dim and flat."""
    image = np.zeros((480, 640, 3), np.uint8)
    image[:] = (90, 110, 100)
    image[:, :200] = (40, 90, 160)  # a wooden door: the picture has colour
    cv2.ellipse(image, (320, 250), (45, 60), 0, 0, 360, skin, thickness=-1)
    if grey:
        image = cv2.cvtColor(cv2.cvtColor(image, cv2.COLOR_BGR2GRAY), cv2.COLOR_GRAY2BGR)
    if dark:
        image = (image * 0.2).astype(np.uint8)
    return image, np.array([275, 190, 365, 310], np.float32)


def test_the_screen_cue_flags_a_screens_colours_and_abstains_where_it_cannot_tell():
    warm, box = lit_face(WARM_SKIN)
    cold, _ = lit_face(SCREEN_SKIN)
    assert skin_warmth(warm, box) == pytest.approx(70 / 450, abs=1e-3) and skin_warmth(cold, box) < 0
    cue = ScreenCue(ScreenConfig(min_looks=5))
    assert cue.flag(warm, box) is False and cue.flag(cold, box) is True
    assert cue.flag(lit_face(SCREEN_SKIN, grey=True)[0], box) is None  # a monochrome camera: no colour to judge
    assert cue.flag(lit_face(SCREEN_SKIN, dark=True)[0], box) is None  # poor light cools every face
    assert not any(cue.observe(1, cold, box) for _ in range(4))  # not before min_looks
    assert cue.observe(1, cold, box) and cue.share(1) == 1.0
    assert not any(cue.observe(2, warm, box) for _ in range(9)) and cue.share(2) == 0.0
    for _ in range(9):  # abstaining looks are not counted: a dark track is never refused by it
        cue.observe(3, lit_face(SCREEN_SKIN, dark=True)[0], box)
    assert not cue.refuses(3) and cue.share(3) == 0.0


def test_a_screen_coloured_face_is_an_attack_whatever_the_networks_say():
    cold, box = lit_face(SCREEN_SKIN)
    warm, _ = lit_face(WARM_SKIN)
    judge = LivenessJudge(FixedScorer([0.99] * 20), LivenessConfig(), screen=ScreenCue())
    for frame in range(10):
        judge.look(cold, [1], box[None], np.ones(1), frame)
        judge.look(warm, [2], box[None], np.ones(1), frame)
    assert judge.verdict(1).state is Liveness.ATTACK and judge.verdict(1).screen == 1.0
    assert judge.verdict(2).state is Liveness.LIVE and judge.verdict(2).screen == 0.0


FACE_3D = np.array([[-30, -20, 0], [30, -20, 0], [0, 10, -35], [-22, 40, -5], [22, 40, -5]], np.float64)  # eyes, nose (out), mouth


def project(points: np.ndarray, yaw_deg: float, pitch_deg: float = 0.0, distance: float = 600.0) -> np.ndarray:
    """Pinhole image (focal 800 px) of 3-D points turned by yaw and pitch."""
    yaw, pitch = np.radians(yaw_deg), np.radians(pitch_deg)
    turn = np.array([[np.cos(yaw), 0, np.sin(yaw)], [0, 1, 0], [-np.sin(yaw), 0, np.cos(yaw)]])
    nod = np.array([[1, 0, 0], [0, np.cos(pitch), -np.sin(pitch)], [0, np.sin(pitch), np.cos(pitch)]])
    moved = points @ (nod @ turn).T + [0, 0, distance]
    return 320 + 800 * moved[:, :2] / moved[:, 2:]


def test_planar_motion_tells_a_tilted_photo_from_a_turning_head():
    photo = FACE_3D.copy()
    photo[:, 2] = 0  # the same face printed flat
    for points, expected in ((photo, Shape.FLAT), (FACE_3D, Shape.DEPTH)):
        cue = PlanarMotion(MotionConfig(min_tilt=0.15, max_parallax=0.035, min_tilted_looks=3))
        shapes = [cue.observe(1, project(points, yaw)) for yaw in (0, 5, 10, 38, 40, 42, 44)]
        assert shapes[2] is Shape.UNKNOWN and shapes[-1] is expected
    walking = PlanarMotion()
    assert all(walking.observe(1, project(FACE_3D, 0, distance=d)) is Shape.UNKNOWN for d in (900, 700, 500, 400))


def test_the_cues_overrule_good_texture_scores_only_towards_attack():
    framed, box = face_image(True)
    judge = LivenessJudge(FixedScorer([0.99] * 10), LivenessConfig(), border=BorderCue(BorderConfig(min_looks=5)))
    for frame in range(10):
        judge.look(framed, [3], box[None], np.ones(1), frame)
    verdict = judge.verdict(3)
    assert verdict.state is Liveness.ATTACK and verdict.framed == 1.0 and verdict.score > 0.9
    photo = FACE_3D.copy()
    photo[:, 2] = 0
    motion_judge = LivenessJudge(FixedScorer([]), LivenessConfig(), motion=PlanarMotion())
    for yaw in (0, 38, 40, 42):
        motion_judge.shape_of([4], project(photo, yaw)[None])
    assert motion_judge.verdict(4).state is Liveness.ATTACK and motion_judge.verdict(4).shape == "flat"


def test_presentations_come_from_species_folders_or_a_labels_file(tmp_path: Path):
    for folder, name in (("live", "a.jpg"), ("print", "b.png"), ("replay", "c.mp4"), ("replay", "notes.txt")):
        (tmp_path / "set" / folder).mkdir(parents=True, exist_ok=True)
        (tmp_path / "set" / folder / name).write_bytes(b"x")
    found = find_presentations(tmp_path / "set")
    assert sorted((p.path.name, p.species) for p in found) == [("a.jpg", "bona_fide"), ("b.png", "print"), ("c.mp4", "replay")]
    assert [p.is_video for p in sorted(found, key=lambda p: p.path.name)] == [False, False, True]
    (tmp_path / "set" / "labels.csv").write_text("file,label\nlive/a.jpg,real\nprint/b.png,Print\nmissing.jpg,print\n")
    assert sorted((p.path.name, p.species) for p in find_presentations(tmp_path / "set")) == [("a.jpg", "bona_fide"), ("b.png", "print")]
    (tmp_path / "only").mkdir()
    (tmp_path / "only" / "live").mkdir()
    with pytest.raises(KioskError, match="needs live .* and at least one attack species"):
        find_presentations(tmp_path / "only")
