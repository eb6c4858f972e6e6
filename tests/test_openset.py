"""Open-set (1:N) calibration: FPIR grows with the gallery, the threshold for a target FPIR follows the number of
people enrolled, and the kiosk's decision rule is what is measured. Synthetic people for the units; the real
faceset (a small, honest sample) for the integration."""
from __future__ import annotations

import numpy as np
import pytest

from measure.evaluation import LabelledEmbeddings
from measure.openset import (
    heldout_check,
    openset_report,
    person_fmr_all,
    probe_scores,
    split_halves,
)
from pipeline.calibration import OpenSetCalibration, load_calibration


def people(count: int, photos: int, spread: float, seed: int = 0, dim: int = 64) -> LabelledEmbeddings:
    """``count`` people, each a random direction with ``photos`` noisy looks at it (unit vectors)."""
    rng = np.random.default_rng(seed)
    centres = rng.normal(size=(count, dim))
    vectors, labels = [], []
    for person, centre in enumerate(centres):
        looks = centre + spread * rng.normal(size=(photos, dim))
        vectors.append(looks / np.linalg.norm(looks, axis=1, keepdims=True))
        labels += [person] * photos
    return LabelledEmbeddings(np.concatenate(vectors).astype(np.float32), np.array(labels), [f"p{i}" for i in range(count)])


def test_probe_scores_take_each_persons_best_template_and_the_runner_up():
    templates = np.eye(4, dtype=np.float32)[[0, 1, 2, 3]]
    owners = np.array([0, 0, 1, 1])
    probe = np.array([[0.6, 0.8, 0.0, 0.0], [0.0, 0.0, 0.28, 0.96]], np.float32)
    scores = probe_scores(probe, templates, owners, 2)
    assert scores.best_person.tolist() == [0, 1]
    assert np.allclose(scores.best, [0.8, 0.96]) and np.allclose(scores.second, [0.0, 0.0])


def test_strangers_pass_more_often_as_the_gallery_grows():
    data = people(300, 4, spread=0.9)
    report = openset_report(data, "synthetic", [20, 80, 200], photos_per_person=2, margin=0.0)
    at = 0.35
    fpir = [float(np.interp(at, size.thresholds, size.fpir)) for size in report.sizes]
    assert fpir[0] < fpir[1] < fpir[2]  # the same threshold lets more strangers in with more people enrolled
    for size in report.sizes:
        assert np.all(np.diff(size.fpir) <= 1e-12) and np.all(np.diff(size.fnir) >= -1e-12)  # a DET curve


def test_a_calibrated_threshold_keeps_the_target_fpir_for_each_gallery_size():
    data = people(600, 4, spread=0.9, seed=1)
    calibration_half, test_half = split_halves(data, seed=0)
    assert not set(calibration_half.people) & set(test_half.people)
    thresholds, fmr = person_fmr_all(calibration_half, 2)
    calibration = OpenSetCalibration("synthetic", thresholds, fmr, "synthetic people")
    assert calibration.threshold_for(0.01, 10) < calibration.threshold_for(0.01, 100) < calibration.threshold_for(0.01, 250)
    assert calibration.fpir_at(calibration.threshold_for(0.05, 100), 100) == pytest.approx(0.05, rel=0.05)
    points = heldout_check(test_half, calibration.threshold_for, calibration.fpir_at, [25, 100, 250], 0.05, margin=0.0)
    for point in points:  # people the calibration never saw: the measured rate stays near the target
        assert point.fpir <= 0.05 * 1.6 + 3 / point.non_mated, point
    round_trip = OpenSetCalibration.from_json(calibration.to_json())
    assert round_trip.threshold_for(0.01, 50) == pytest.approx(calibration.threshold_for(0.01, 50), abs=1e-4)


def test_the_shipped_calibrations_load():
    calibration = load_calibration("edgeface_xs_q")
    if calibration is None:
        pytest.skip("no calibration shipped for edgeface_xs_q yet")
    assert calibration.threshold_for(0.005, 200) > calibration.threshold_for(0.005, 10)


def test_several_looks_folded_into_one_probe_are_measured_like_a_track():
    from measure.openset import track_rates

    data = people(400, 6, spread=0.9, seed=2)
    thresholds, fmr = person_fmr_all(data, 2)
    calibration = OpenSetCalibration("synthetic", thresholds, fmr, "synthetic people")
    one = track_rates(data, calibration.threshold_for, 100, 0.05, looks=1, margin=0.0)
    three = track_rates(data, calibration.threshold_for, 100, 0.05, looks=3, margin=0.0)
    assert one[2] == three[2] == 300 and one[3] == three[3] == 100
    assert three[1] <= one[1]  # folded looks miss fewer employees


def test_evaluate_open_set_on_a_sample_of_the_real_faceset(tmp_path, capsys):
    """The command end to end on a small, honest sample: 40 faceset people, the real detector and recognizer."""
    import shutil

    from cli.app import main
    from tests.conftest import shared_path
    from tests.media import model_args

    faceset = shared_path("media/faceset")
    folders = sorted(p for p in faceset.iterdir() if p.is_dir() and len(list(p.glob("*.jpg"))) >= 3)[:30]
    folders += sorted(p for p in faceset.iterdir() if p.is_dir() and len(list(p.glob("*.jpg"))) == 1)[:10]
    sample = tmp_path / "sample"
    for folder in folders:
        shutil.copytree(folder, sample / folder.name)
    code = main([*model_args(tmp_path), "evaluate", str(sample), "--open-set", "--gallery-sizes", "5,20",
                 "--det-plot", str(tmp_path / "det.png"), "--cache", str(tmp_path / "cache.npz")])
    printed = capsys.readouterr().out
    assert code == 0 and (tmp_path / "det.png").stat().st_size > 0 and (tmp_path / "cache.npz").is_file()
    assert "this kiosk: 0 people enrolled, target FPIR 0.005 -> threshold" in printed
