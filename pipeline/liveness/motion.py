"""The planar-motion cue: a photo or a screen is flat, a head is not.

Take the eyes and the mouth centre as an affine frame and write the nose tip in it:
``nose = left_eye + a * (right_eye - left_eye) + b * (mouth - left_eye)``. For anything flat,
(a, b) stay the same however the picture is moved, scaled, sheared or tilted (an affine map keeps
affine coordinates, and a tilt under the webcam's nearly affine view is one). A real head that
turns or nods tilts that frame too, but its nose sticks out of the eye-mouth plane, so (a, b)
move with the tilt. So once a track's frame has been clearly tilted ``min_tilted_looks`` times
(the 2x2 map from its first look's frame to a later one is anisotropic by at least ``min_tilt``:
log of the ratio of its singular values), it is **flat** when the median shift of (a, b) at
those looks is within ``max_parallax`` (landmark noise) and shows **depth** otherwise. Walking in
or shifting (a similarity) proves nothing either way.

The cue is independent of the texture network: it reads only the detector's 5 landmarks. It can
only make a track an attack, never live, because a phone replaying a video of a real person
shows that person's depth.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from pipeline.types import Shape


@dataclass(frozen=True)
class MotionConfig:
    min_tilt: float = 0.15  # anisotropy (log singular-value ratio) that counts as a clear tilt (~30 degrees)
    max_parallax: float = 0.035  # largest nose shift, in eye-mouth frame units, a flat picture shows (landmark noise)
    min_tilted_looks: int = 3  # clearly tilted looks needed before a track's shape is decided


def frame_of(landmarks: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The 2x2 eye-mouth frame (columns: left eye -> right eye, left eye -> mouth centre) and the nose's (a, b) in it."""
    left_eye, right_eye, nose = landmarks[0], landmarks[1], landmarks[2]
    mouth = (landmarks[3] + landmarks[4]) / 2
    frame = np.column_stack([right_eye - left_eye, mouth - left_eye]).astype(np.float64)
    coords = np.linalg.lstsq(frame, (nose - left_eye).astype(np.float64), rcond=None)[0]
    return frame, coords


def tilt(reference: np.ndarray, frame: np.ndarray) -> float:
    """Anisotropy of the map taking ``reference`` to ``frame``: 0 for a move, turn or zoom; large for a tilt."""
    singular = np.linalg.svd(frame @ np.linalg.pinv(reference), compute_uv=False)
    return float(np.log(max(singular[0], 1e-9) / max(singular[1], 1e-9)))


@dataclass
class _Track:
    reference: np.ndarray
    origin: np.ndarray  # (a, b) at the reference
    tilted: list[float] = field(default_factory=list)  # parallax at each clearly tilted look
    shape: Shape = Shape.UNKNOWN


class PlanarMotion:
    """Per-track shape evidence from the landmarks of every detected frame."""

    def __init__(self, config: MotionConfig = MotionConfig()) -> None:
        self.config = config
        self._tracks: dict[int, _Track] = {}

    def observe(self, track_id: int, landmarks: np.ndarray) -> Shape:
        frame, coords = frame_of(np.asarray(landmarks, np.float64))
        if abs(np.linalg.det(frame)) < 1e-6:  # degenerate landmarks (a profile): nothing to learn
            return self.shape(track_id)
        track = self._tracks.get(track_id)
        if track is None:
            self._tracks[track_id] = _Track(frame, coords)
            return Shape.UNKNOWN
        if track.shape is not Shape.UNKNOWN or tilt(track.reference, frame) < self.config.min_tilt:
            return track.shape
        track.tilted.append(float(np.linalg.norm(coords - track.origin)))
        if len(track.tilted) >= self.config.min_tilted_looks:
            flat = float(np.median(track.tilted)) <= self.config.max_parallax
            track.shape = Shape.FLAT if flat else Shape.DEPTH
        return track.shape

    def shape(self, track_id: int) -> Shape:
        track = self._tracks.get(track_id)
        return Shape.UNKNOWN if track is None else track.shape

    def forget(self, track_id: int) -> None:
        self._tracks.pop(track_id, None)
