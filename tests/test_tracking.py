"""Tracker tests on synthetic moving boxes (seeded noise), plus the association and Kalman building blocks."""
from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest
from scipy.optimize import linear_sum_assignment

from tracking.association import assign, box_cost, center_distance_matrix, iou_matrix
from tracking.kalman import MIN_SIZE, filter_box, make_box_filter, predict_box, update_box, xyah_to_xyxy, xyxy_to_xyah
from tracking.tracker import Tracker, TrackerConfig, TrackState, TrackUpdate

BOX_W, BOX_H = 60.0, 80.0


def box_at(cx: float, cy: float, w: float = BOX_W, h: float = BOX_H) -> np.ndarray:
    return np.array([cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2], np.float32)


def linear_path(start: tuple[float, float], velocity: tuple[float, float], frames: int) -> np.ndarray:
    """(frames, 2) centres moving at a constant velocity."""
    return np.asarray(start, np.float64) + np.arange(frames)[:, None] * np.asarray(velocity, np.float64)


# --- synthetic scenes -------------------------------------------------------------------------------


@dataclass
class SimFrame:
    truth: dict[int, np.ndarray]  # ground-truth id -> true box
    detections: list[tuple[int | None, np.ndarray, float]] | None  # (truth id or None, box, score); None: detector skipped


def scene(
    centres: dict[int, np.ndarray],
    *,
    noise: float = 1.0,
    seed: int = 0,
    hidden: dict[int, set[int]] | None = None,
    score: dict[int, np.ndarray] | None = None,
    detect_every: int = 1,
) -> list[SimFrame]:
    """One detection per visible object per detector frame: the true box plus Gaussian noise on each corner."""
    rng = np.random.default_rng(seed)
    hidden = hidden or {}
    score = score or {}
    frames = []
    for t in range(len(next(iter(centres.values())))):
        truth = {gid: box_at(*c[t]) for gid, c in centres.items()}
        detections = None
        if t % detect_every == 0:
            detections = [
                (gid, (box + rng.normal(0, noise, 4)).astype(np.float32), float(score[gid][t]) if gid in score else 0.9)
                for gid, box in truth.items()
                if t not in hidden.get(gid, set())
            ]
        frames.append(SimFrame(truth, detections))
    return frames


def run(tracker: Tracker, frames: list[SimFrame]) -> tuple[list[TrackUpdate], list[dict[int, int]]]:
    """Feed the frames; per frame, map each ground-truth id to the confirmed track id that follows it."""
    updates, assignments = [], []
    for frame in frames:
        if frame.detections is None:
            update = tracker.predict_only()
            assignments.append(match_by_iou(update, frame.truth))
        else:
            boxes = np.array([d[1] for d in frame.detections], np.float32).reshape(-1, 4)
            scores = np.array([d[2] for d in frame.detections], np.float32)
            update = tracker.update(boxes, scores)
            assignments.append({
                frame.detections[t.detection_index][0]: t.track_id
                for t in update.confirmed
                if frame.detections[t.detection_index][0] is not None
            })
        updates.append(update)
    return updates, assignments


def match_by_iou(update: TrackUpdate, truth: dict[int, np.ndarray], min_iou: float = 0.5) -> dict[int, int]:
    """Frames without detections: pair confirmed tracks with true boxes by maximum IoU (scipy Hungarian)."""
    tracks = update.confirmed
    if not tracks or not truth:
        return {}
    ids = list(truth)
    iou = iou_matrix(np.array([t.box for t in tracks]), np.array([truth[i] for i in ids]))
    rows, cols = linear_sum_assignment(-iou)
    return {ids[c]: tracks[r].track_id for r, c in zip(rows, cols) if iou[r, c] >= min_iou}


def count_id_switches(assignments: list[dict[int, int]]) -> int:
    """Times a ground-truth object is followed by a different track id than the last time it was followed."""
    last: dict[int, int] = {}
    switches = 0
    for frame in assignments:
        for gid, track_id in frame.items():
            switches += gid in last and last[gid] != track_id
            last[gid] = track_id
    return switches


def track_ids(assignments: list[dict[int, int]], gid: int) -> set[int]:
    return {frame[gid] for frame in assignments if gid in frame}


def test_count_id_switches_helper():
    assert count_id_switches([{1: 5, 2: 6}, {1: 5}, {1: 6, 2: 5}, {2: 5}]) == 2
    assert count_id_switches([]) == 0


# --- association ------------------------------------------------------------------------------------


def test_iou_matrix_hand_cases():
    a = np.array([[0, 0, 10, 10], [0, 0, 4, 4]], np.float32)
    b = np.array([[0, 0, 10, 10], [5, 0, 15, 10], [10, 0, 20, 10], [2, 2, 4, 4], [50, 50, 60, 60]], np.float32)
    expected = np.array([
        [1.0, 50 / 150, 0.0, 4 / 100, 0.0],
        [16 / 100, 0.0, 0.0, 4 / 16, 0.0],
    ])
    np.testing.assert_allclose(iou_matrix(a, b), expected, atol=1e-9)
    assert iou_matrix(np.zeros((0, 4)), b).shape == (0, 5)
    assert iou_matrix(a, np.zeros((0, 4))).shape == (2, 0)
    assert iou_matrix(a[:1], np.array([[3, 3, 3, 8]])).item() == 0.0  # degenerate (zero-width) box


def test_center_distance_term():
    a = np.array([[0, 0, 10, 10]], np.float32)
    b = np.array([[0, 0, 10, 10], [5, 0, 15, 10], [20, 0, 30, 10], [90, 0, 100, 10]], np.float32)
    d = center_distance_matrix(a, b)[0]
    assert d[0] == 0.0 and np.all(np.diff(d) > 0) and d[-1] < 1.0
    np.testing.assert_allclose(d[1], 25 / (15**2 + 10**2))
    # among boxes that do not overlap at all, the centre term still ranks the nearer one first
    cost = box_cost(a, b[2:], center_weight=0.5)[0]
    assert cost[0] < cost[1] and np.all(cost > 1.0)
    np.testing.assert_array_equal(box_cost(a, b), 1.0 - iou_matrix(a, b))


def test_assign_gating_and_leftovers():
    # Unconstrained Hungarian takes the diagonal (0.0 + 0.6); gating forbids 0.6, and the gated
    # solver prefers two valid pairs over one.
    result = assign(np.array([[0.0, 0.4], [0.4, 0.6]]), max_cost=0.5)
    assert sorted(map(tuple, result.matches)) == [(0, 1), (1, 0)]
    assert result.unmatched_rows.size == 0 and result.unmatched_cols.size == 0

    matches, rows, cols = assign(np.array([[0.1, 0.9, 0.8], [0.7, 0.2, 0.95]]), max_cost=0.5)
    assert sorted(map(tuple, matches)) == [(0, 0), (1, 1)]
    assert rows.tolist() == [] and cols.tolist() == [2]

    none = assign(np.array([[0.6]]), max_cost=0.5)
    assert none.matches.shape == (0, 2) and none.unmatched_rows.tolist() == [0] and none.unmatched_cols.tolist() == [0]

    empty = assign(np.zeros((0, 3)), max_cost=0.5)
    assert empty.matches.shape == (0, 2) and empty.unmatched_cols.tolist() == [0, 1, 2]
    assert assign(np.zeros((2, 0)), max_cost=0.5).unmatched_rows.tolist() == [0, 1]


# --- Kalman filter ----------------------------------------------------------------------------------


def test_box_conversions_round_trip():
    boxes = np.array([[10, 20, 70, 100], [0, 0, 1, 3]], np.float32)
    xyah = xyxy_to_xyah(boxes)
    np.testing.assert_allclose(xyah[0], [40, 60, 0.75, 80])
    np.testing.assert_allclose(xyah_to_xyxy(xyah), boxes, atol=1e-5)
    # sizes never go below MIN_SIZE, even from an inverted box or a negative height
    assert np.all(np.diff(xyah_to_xyxy(np.array([5.0, 5.0, 1.0, -3.0]))[[0, 2]]) >= MIN_SIZE)
    assert xyxy_to_xyah(np.array([5, 5, 4, 4]))[3] == MIN_SIZE


def test_kalman_learns_constant_velocity_and_keeps_sane_size():
    rng = np.random.default_rng(1)
    path = linear_path((100, 100), (4, -2), 40)
    kf = make_box_filter(box_at(*path[0]))
    for c in path[1:]:
        predict_box(kf)
        update_box(kf, box_at(*c) + rng.normal(0, 1, 4))
    np.testing.assert_allclose(kf.x[4:6, 0], [4, -2], atol=0.5)
    # a box that keeps shrinking is predicted down to MIN_SIZE, never inside out
    kf = make_box_filter(box_at(0, 0, 40, 40))
    kf.x[7, 0] = -5.0
    for _ in range(30):
        predict_box(kf)
        box = filter_box(kf)
        assert box[2] - box[0] >= MIN_SIZE and box[3] - box[1] >= MIN_SIZE


# --- tracker ----------------------------------------------------------------------------------------


def test_single_box_keeps_one_id_for_100_frames():
    frames = scene({0: linear_path((100, 200), (3, 1), 100)}, noise=1.0, seed=2)
    updates, assignments = run(Tracker(), frames)
    assert track_ids(assignments, 0) == {1}
    assert count_id_switches(assignments) == 0
    assert all(len(u.tracks) == 1 for u in updates)
    assert [u.tracks[0].state for u in updates[:3]] == [TrackState.TENTATIVE] * 2 + [TrackState.CONFIRMED]
    assert all(u.tracks[0].state is TrackState.CONFIRMED for u in updates[2:])


@pytest.mark.parametrize("center_weight", [0.0, 0.5])
@pytest.mark.parametrize("offset_y", [0.0, 30.0])
def test_crossing_paths_no_id_switch(center_weight, offset_y):
    # Same-size boxes moving towards each other at 5 px/frame; centres are 5 px apart at the closest frame.
    frames = scene(
        {0: linear_path((100, 200), (5, 0), 60), 1: linear_path((405, 200 + offset_y), (-5, 0), 60)},
        noise=1.0, seed=3,
    )
    _, assignments = run(Tracker(TrackerConfig(center_weight=center_weight)), frames)
    assert count_id_switches(assignments) == 0
    assert track_ids(assignments, 0) == {1} and track_ids(assignments, 1) == {2}


def test_crossing_through_the_same_box_keeps_identities():
    # The boxes coincide exactly at frame 30. There a box-only tracker cannot tell them apart, so that
    # frame (true IoU >= 0.9) is left out of the count; everywhere else the Kalman velocity must hold.
    frames = scene({0: linear_path((100, 200), (5, 0), 60), 1: linear_path((400, 200), (-5, 0), 60)}, seed=4)
    _, assignments = run(Tracker(), frames)
    clear = [a for a, f in zip(assignments, frames) if iou_matrix(f.truth[0][None], f.truth[1][None]).item() < 0.9]
    assert len(clear) == len(frames) - 1
    assert count_id_switches(clear) == 0
    assert assignments[-1] == {0: 1, 1: 2}


@pytest.mark.parametrize(("gap", "same_id"), [(8, True), (10, True), (11, False), (15, False)])
def test_occlusion_gap_against_max_age(gap, same_id):
    max_age, start = 10, 20
    frames = scene(
        {0: linear_path((100, 200), (2, 0), 60)}, seed=5, hidden={0: set(range(start, start + gap))},
    )
    updates, assignments = run(Tracker(TrackerConfig(max_age=max_age)), frames)
    assert updates[start].lost == (1,) and updates[start].tracks == ()
    removal_frames = [t for t, u in enumerate(updates) if 1 in u.removed]
    if same_id:
        assert track_ids(assignments, 0) == {1} and removal_frames == []
    else:
        assert removal_frames == [start + max_age]  # removed once more than max_age frames passed unmatched
        assert 1 in track_ids(assignments, 0) and max(track_ids(assignments, 0)) == 2
        assert count_id_switches(assignments) == 1


def test_missed_detections_every_other_frame():
    hidden = {0: {t for t in range(10, 80) if t % 2}}
    frames = scene({0: linear_path((100, 200), (2, 1), 80)}, seed=6, hidden=hidden)
    updates, assignments = run(Tracker(), frames)
    assert track_ids(assignments, 0) == {1} and count_id_switches(assignments) == 0
    for t in range(11, 80):
        if t % 2:
            assert updates[t].lost == (1,) and updates[t].tracks == ()
        else:
            (track,) = updates[t].tracks
            assert track.track_id == 1 and track.state is TrackState.CONFIRMED and track.detection_index == 0


def test_box_that_stops_stays_put():
    moving = linear_path((100, 200), (4, 0), 30)
    path = np.concatenate([moving, np.repeat(moving[-1:], 70, axis=0)])
    frames = scene({0: path}, seed=7)
    tracker = Tracker()
    _, assignments = run(tracker, frames)
    assert track_ids(assignments, 0) == {1}
    first = tracker.predict_only().tracks[0]  # the detector pauses: the prediction must not wander off
    for _ in range(9):
        (track,) = tracker.predict_only().tracks
    np.testing.assert_allclose(track.box, box_at(*path[-1]), atol=5.0)  # the noise is 1 px per corner
    assert np.abs(track.box - first.box).max() < 3.0  # it moved at 4 px/frame: the velocity has died out


def test_low_score_detections_keep_tracks_alive_but_never_start_them():
    frames_n = 80
    scores = np.where(np.arange(frames_n) < 10, 0.9, 0.3)  # drops to a low score for 70 > max_age frames
    frames = scene(
        {0: linear_path((100, 200), (2, 0), frames_n), 1: linear_path((500, 200), (0, 2), frames_n)},
        seed=8, score={0: scores, 1: np.full(frames_n, 0.3)},
    )
    updates, assignments = run(Tracker(TrackerConfig(max_age=30)), frames)
    assert track_ids(assignments, 0) == {1}
    assert all(u.lost == () and u.removed == () for u in updates)
    assert all([t.track_id for t in u.tracks] == [1] for u in updates)  # object 1 never got a track
    assert updates[-1].tracks[0].score == pytest.approx(0.3)


def test_tentative_needs_min_hits_and_a_one_frame_false_positive_dies():
    frames = scene({0: linear_path((100, 200), (2, 0), 10)}, seed=9)
    frames[5].detections.append((None, box_at(400, 300), 0.95))
    updates, _ = run(Tracker(TrackerConfig(min_hits=4)), frames)
    assert [u.tracks[0].state for u in updates[:4]] == [TrackState.TENTATIVE] * 3 + [TrackState.CONFIRMED]
    assert [t.state for t in updates[5].tracks] == [TrackState.CONFIRMED, TrackState.TENTATIVE]
    false_id = updates[5].tracks[1].track_id
    assert updates[6].removed == (false_id,) and updates[6].lost == ()
    assert all(t.track_id != false_id for u in updates[6:] for t in u.tracks)


def test_predict_only_frames_follow_the_velocity():
    k, velocity = 3, (3.0, 2.0)
    path = linear_path((100, 100), velocity, 90)
    frames = scene({0: path}, seed=10, detect_every=k)
    updates, assignments = run(Tracker(), frames)
    assert track_ids(assignments, 0) == {1} and count_id_switches(assignments) == 0
    assert updates[2 * k].tracks[0].state is TrackState.CONFIRMED  # min_hits counts detector frames
    for t in range(30, 90):
        (track,) = updates[t].tracks
        assert track.track_id == 1 and track.state is TrackState.CONFIRMED
        assert track.detection_index == (0 if t % k == 0 else -1)
        if t % k:
            np.testing.assert_allclose(track.box, box_at(*path[t]), atol=5.0)
        if t % k == 2:  # two predictions in a row: one frame of the learnt velocity apart, not frozen
            step = track.box - updates[t - 1].tracks[0].box
            np.testing.assert_allclose(step, np.tile(velocity, 2), atol=0.7)


def test_empty_inputs():
    tracker = Tracker()
    empty = tracker.update(np.zeros((0, 4)), np.zeros(0))
    assert empty == TrackUpdate((), (), ())
    assert tracker.predict_only() == TrackUpdate((), (), ())
    for _ in range(3):
        update = tracker.update(box_at(50, 50)[None], np.array([0.9]))
    assert update.tracks[0].state is TrackState.CONFIRMED
    update = tracker.update(np.zeros((0, 4)), np.zeros(0))
    assert update.tracks == () and update.lost == (1,)
    with pytest.raises(ValueError):
        tracker.update(np.zeros((2, 4)), np.zeros(3))


def test_trackers_own_their_id_counters():
    a, b = Tracker(), Tracker()
    boxes = np.stack([box_at(100 + 200 * i, 100) for i in range(3)])
    ids_a = [t.track_id for t in a.update(boxes, np.full(3, 0.9)).tracks]
    ids_b = [t.track_id for t in b.update(boxes[:1], np.array([0.9])).tracks]
    assert ids_a == [1, 2, 3] and ids_b == [1]


def test_returned_tracks_are_snapshots():
    tracker = Tracker()
    det = box_at(100, 100)
    first = tracker.update(det[None], np.array([0.9])).tracks[0]
    first.box[:] = 0
    np.testing.assert_array_equal(first.box, 0)
    second = tracker.update(det[None], np.array([0.9])).tracks[0]
    np.testing.assert_array_equal(second.box, det)  # a matched track carries its detection's box
    assert first.hits == 1 and second.hits == 2


def test_tracking_imports_only_numeric_libraries():
    allowed = {"__future__", "dataclasses", "enum", "threading", "typing", "numpy", "scipy", "filterpy", "tracking"}
    for path in Path(__file__).resolve().parents[1].joinpath("tracking").glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            else:
                continue
            assert {n.split(".")[0] for n in names} <= allowed, f"{path.name} imports {names}"


def test_reset_drops_tracks_but_keeps_counting_ids():
    tracker = Tracker(TrackerConfig(min_hits=1))
    box = np.array([[10, 10, 50, 50]], np.float32)
    first = tracker.update(box, np.array([0.9]))
    assert tracker.reset() == (first.tracks[0].track_id,)
    assert tracker.predict_only().tracks == ()
    again = tracker.update(box, np.array([0.9]))
    assert again.tracks[0].track_id > first.tracks[0].track_id
