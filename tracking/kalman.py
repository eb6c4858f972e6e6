"""A filterpy Kalman filter over one box, with noise that scales with the box height.

State ``x`` (8,): ``[cx, cy, a, h, vcx, vcy, va, vh]`` -- centre, aspect ratio ``a = w / h``,
height, and their per-frame velocities (the ByteTrack / DeepSORT parametrisation). Unlike SORT's
``(area, aspect)`` state, every position entry is linear in pixels, so a single height-relative
noise model serves faces of 40 and of 400 pixels alike. Measurement ``z`` (4,): ``[cx, cy, a, h]``.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:  # filterpy imports scipy.stats (1.3 s): it loads with the first track, or ahead (tracking.prefetch)
    from filterpy.kalman import KalmanFilter

MIN_SIZE = 1.0  # px: the smallest width / height a box ever gets from the filter or a measurement
_DIM_X, _DIM_Z = 8, 4
_H_INDEX = 3  # index of the height in the state


@dataclass(frozen=True)
class BoxNoise:
    """Noise standard deviations; ``position`` and ``velocity`` are fractions of the current box height."""

    position: float = 1 / 20  # cx, cy, h: process and measurement std per frame
    velocity: float = 1 / 160  # vcx, vcy, vh: process std per frame
    aspect: float = 1e-2  # a: process std per frame (faces barely change shape)
    aspect_velocity: float = 1e-5  # va: process std per frame (practically a constant-aspect model)
    aspect_measurement: float = 1e-1  # a: measurement std (detector boxes jitter in shape)


def xyxy_to_xyah(boxes: np.ndarray) -> np.ndarray:
    """``(..., 4)`` x1, y1, x2, y2 -> ``(..., 4)`` float64 cx, cy, w / h, h (sizes clamped to MIN_SIZE)."""
    boxes = np.asarray(boxes, np.float64)
    w = np.maximum(boxes[..., 2] - boxes[..., 0], MIN_SIZE)
    h = np.maximum(boxes[..., 3] - boxes[..., 1], MIN_SIZE)
    cx = (boxes[..., 0] + boxes[..., 2]) / 2
    cy = (boxes[..., 1] + boxes[..., 3]) / 2
    return np.stack([cx, cy, w / h, h], axis=-1)


def xyah_to_xyxy(xyah: np.ndarray) -> np.ndarray:
    """``(..., 4)`` cx, cy, a, h -> ``(..., 4)`` float32 xyxy; width and height are at least MIN_SIZE."""
    xyah = np.asarray(xyah, np.float64)
    h = np.maximum(xyah[..., 3], MIN_SIZE)
    w = np.maximum(xyah[..., 2] * h, MIN_SIZE)
    cx, cy = xyah[..., 0], xyah[..., 1]
    return np.stack([cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2], axis=-1).astype(np.float32)


def _process_noise(h: float, noise: BoxNoise) -> np.ndarray:
    """Q: independent per-frame random accelerations, scaled by the height (aspect in absolute units)."""
    pos, vel = noise.position * h, noise.velocity * h
    return np.diag(np.square([pos, pos, noise.aspect, pos, vel, vel, noise.aspect_velocity, vel]))


def _measurement_noise(h: float, noise: BoxNoise) -> np.ndarray:
    """R: detector jitter, proportional to the box height for the centre and height."""
    pos = noise.position * h
    return np.diag(np.square([pos, pos, noise.aspect_measurement, pos]))


def make_box_filter(box_xyxy: np.ndarray, noise: BoxNoise = BoxNoise()) -> KalmanFilter:
    """A constant-velocity filter started at one xyxy box, with zero initial velocity."""
    z = xyxy_to_xyah(box_xyxy)
    h = z[_H_INDEX]
    from filterpy.kalman import KalmanFilter

    kf = KalmanFilter(dim_x=_DIM_X, dim_z=_DIM_Z)
    # F: constant velocity, dt = one frame -- every position entry moves by its velocity.
    kf.F = np.eye(_DIM_X)
    kf.F[:_DIM_Z, _DIM_Z:] = np.eye(_DIM_Z)
    # H: the detector measures the four position entries directly, never the velocities.
    kf.H = np.eye(_DIM_Z, _DIM_X)
    # Q, R: set for the current height before every predict / update (see predict_box, update_box).
    kf.Q = _process_noise(h, noise)
    kf.R = _measurement_noise(h, noise)
    # P: one box says where it is within ~2 process steps; its velocity is unknown (10x the
    # per-frame velocity noise), so the first few updates mostly estimate the motion.
    pos, vel = 2 * noise.position * h, 10 * noise.velocity * h
    kf.P = np.diag(np.square([pos, pos, noise.aspect, pos, vel, vel, noise.aspect_velocity, vel]))
    kf.x = np.concatenate([z, np.zeros(_DIM_Z)]).reshape(_DIM_X, 1)
    return kf


def predict_box(kf: KalmanFilter, noise: BoxNoise = BoxNoise(), hold_size: bool = False) -> None:
    """Advance one frame. ``hold_size`` zeroes the size velocities first (for tracks without detections).

    The height never drops below MIN_SIZE: a shrinking box stops shrinking instead of turning inside out.
    """
    if hold_size:
        kf.x[6, 0] = kf.x[7, 0] = 0.0
    kf.Q = _process_noise(max(kf.x[_H_INDEX, 0], MIN_SIZE), noise)
    kf.predict()
    if kf.x[_H_INDEX, 0] < MIN_SIZE:
        kf.x[_H_INDEX, 0] = MIN_SIZE
        kf.x[7, 0] = 0.0


def update_box(kf: KalmanFilter, box_xyxy: np.ndarray, noise: BoxNoise = BoxNoise()) -> None:
    """Correct the filter with one measured xyxy box."""
    kf.R = _measurement_noise(max(kf.x[_H_INDEX, 0], MIN_SIZE), noise)
    kf.update(xyxy_to_xyah(box_xyxy).reshape(_DIM_Z, 1))


def filter_box(kf: KalmanFilter) -> np.ndarray:
    """The filter's current box estimate as (4,) float32 xyxy."""
    return xyah_to_xyxy(kf.x[:_DIM_Z, 0])
