"""Box costs (IoU, optional centre distance) and gated Hungarian assignment."""
from __future__ import annotations

from typing import NamedTuple

import numpy as np

_EPS = 1e-9


def iou_matrix(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Intersection over union of every xyxy box in ``a`` (N, 4) with every one in ``b`` (M, 4): (N, M)."""
    a = np.asarray(a, np.float64).reshape(-1, 4)[:, None, :]
    b = np.asarray(b, np.float64).reshape(-1, 4)[None, :, :]
    iw = np.clip(np.minimum(a[..., 2], b[..., 2]) - np.maximum(a[..., 0], b[..., 0]), 0, None)
    ih = np.clip(np.minimum(a[..., 3], b[..., 3]) - np.maximum(a[..., 1], b[..., 1]), 0, None)
    inter = iw * ih
    area_a = np.clip(a[..., 2] - a[..., 0], 0, None) * np.clip(a[..., 3] - a[..., 1], 0, None)
    area_b = np.clip(b[..., 2] - b[..., 0], 0, None) * np.clip(b[..., 3] - b[..., 1], 0, None)
    return inter / np.maximum(area_a + area_b - inter, _EPS)


def center_distance_matrix(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Squared centre distance over the squared diagonal of the enclosing box (the DIoU term): (N, M) in [0, 1)."""
    a = np.asarray(a, np.float64).reshape(-1, 4)[:, None, :]
    b = np.asarray(b, np.float64).reshape(-1, 4)[None, :, :]
    dx = (a[..., 0] + a[..., 2] - b[..., 0] - b[..., 2]) / 2
    dy = (a[..., 1] + a[..., 3] - b[..., 1] - b[..., 3]) / 2
    cw = np.maximum(a[..., 2], b[..., 2]) - np.minimum(a[..., 0], b[..., 0])
    ch = np.maximum(a[..., 3], b[..., 3]) - np.minimum(a[..., 1], b[..., 1])
    return (dx**2 + dy**2) / np.maximum(cw**2 + ch**2, _EPS)


def box_cost(tracks: np.ndarray, detections: np.ndarray, center_weight: float = 0.0) -> np.ndarray:
    """``1 - IoU`` plus ``center_weight`` times the normalised centre distance: (N, M), lower is better."""
    cost = 1.0 - iou_matrix(tracks, detections)
    if center_weight:
        cost += center_weight * center_distance_matrix(tracks, detections)
    return cost


class Assignment(NamedTuple):
    """Row/column pairs that were matched, and the rows and columns left over (all int arrays)."""

    matches: np.ndarray  # (K, 2) row, column
    unmatched_rows: np.ndarray  # (N - K,)
    unmatched_cols: np.ndarray  # (M - K,)


def assign(cost: np.ndarray, max_cost: float) -> Assignment:
    """Minimum-cost one-to-one matching that never pairs a row and column costing more than ``max_cost``.

    Gated pairs are replaced by a cost larger than any sum of valid ones before solving, so the solver
    first maximises the number of valid pairs and only then minimises their total cost.
    """
    cost = np.asarray(cost, np.float64)
    n, m = cost.shape
    valid = cost <= max_cost
    if n and m and valid.any():
        forbidden = 1.0 + np.abs(cost[valid]).sum() * 2
        from scipy.optimize import linear_sum_assignment  # 0.5 s to import: with the first track (tracking.prefetch)

        rows, cols = linear_sum_assignment(np.where(valid, cost, forbidden))
        keep = valid[rows, cols]
        rows, cols = rows[keep], cols[keep]
    else:
        rows = cols = np.zeros(0, np.intp)
    return Assignment(
        np.stack([rows, cols], axis=1).astype(np.intp),
        np.setdiff1d(np.arange(n), rows),
        np.setdiff1d(np.arange(m), cols),
    )
