"""Dense face landmarks for the liveness challenge: MediaPipe's Face Mesh (468 points, ``face_landmark.tflite``,
Apache-2.0) run with LiteRT on the detector's face box.

The detector's 5 keypoints are too coarse to tell a head that turns from a picture that tilts (docs/liveness.md, the
planar-motion cue); 468 points over the whole face are not: a turning head moves its nose against its cheeks in a
way no flat picture's homography can follow. As in MediaPipe's own graph, the model sees the box enlarged 1.5 times
around its centre, turned so the eyes are level, as a 192x192 RGB image with values in 0..1; it returns the points in
that crop's pixels (x, y, and a relative depth z) and a face-presence logit.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np

INPUT_SIDE = 192
CROP_SCALE = 1.5  # MediaPipe's face-detection-to-landmarks ROI: the box enlarged 1.5 times
POINTS = 468
# A few of the mesh's points by name (MediaPipe's canonical face model indices).
NOSE_TIP = 1
LEFT_CHEEK, RIGHT_CHEEK = 234, 454  # the face's outline at the cheekbones (image left, image right, facing the camera)
FOREHEAD, CHIN = 10, 152  # the face's outline at the top of the forehead and the bottom of the chin
LEFT_EYE_OUTER, LEFT_EYE_INNER = 33, 133
RIGHT_EYE_INNER, RIGHT_EYE_OUTER = 362, 263
MOUTH_LEFT, MOUTH_RIGHT = 61, 291


@dataclass(frozen=True)
class FaceMesh:
    """One face's mesh: ``points`` (468, 3) in image pixels (z in the same scale, relative to the face's centre,
    smaller is nearer the camera) and how sure the model is that a face is there (0..1)."""

    points: np.ndarray
    presence: float

    @property
    def eye_distance(self) -> float:
        left = (self.points[LEFT_EYE_OUTER, :2] + self.points[LEFT_EYE_INNER, :2]) / 2
        right = (self.points[RIGHT_EYE_INNER, :2] + self.points[RIGHT_EYE_OUTER, :2]) / 2
        return float(np.linalg.norm(right - left))

    @property
    def yaw(self) -> float:
        """Where the nose tip sits between the cheeks, -1 (at the image-left cheek) to 1 (at the image-right one);
        about 0 facing the camera. It grows as the head turns towards the image's right."""
        left, right, nose = self.points[LEFT_CHEEK, 0], self.points[RIGHT_CHEEK, 0], self.points[NOSE_TIP, 0]
        width = right - left
        return 0.0 if abs(width) < 1e-6 else float(2 * (nose - left) / width - 1)

    @property
    def pitch(self) -> float:
        """Where the nose tip sits between the forehead and the chin, -1 (at the forehead) to 1 (at the chin); it
        falls as the person looks up (the nose, nearest the camera, rises against the face's outline)."""
        top, bottom, nose = self.points[FOREHEAD, 1], self.points[CHIN, 1], self.points[NOSE_TIP, 1]
        height = bottom - top
        return 0.0 if abs(height) < 1e-6 else float(2 * (nose - top) / height - 1)


def roi(box: np.ndarray, eyes: np.ndarray | None) -> tuple[np.ndarray, float]:
    """The 2x3 map from the image to the model's 192x192 crop of ``box`` (xyxy), level with ``eyes`` (2, 2: the
    image-left eye, then the other) when given, and the crop's side in image pixels."""
    x1, y1, x2, y2 = (float(v) for v in box)
    side = max(x2 - x1, y2 - y1) * CROP_SCALE
    centre = ((x1 + x2) / 2, (y1 + y2) / 2)
    angle = 0.0
    if eyes is not None:
        dx, dy = (float(v) for v in eyes[1] - eyes[0])
        angle = math.degrees(math.atan2(dy, dx))
    rotate = cv2.getRotationMatrix2D(centre, angle, INPUT_SIDE / side)
    rotate[:, 2] += np.array([INPUT_SIDE / 2 - centre[0], INPUT_SIDE / 2 - centre[1]])
    return rotate, side


class FaceMeshModel:
    """Face Mesh with LiteRT, one face at a time (the challenge asks about one track)."""

    def __init__(self, path: Path, threads: int = 1) -> None:
        from ai_edge_litert.interpreter import Interpreter

        self._interpreter = Interpreter(model_path=str(path), num_threads=threads)
        self._interpreter.allocate_tensors()
        details = self._interpreter.get_input_details()[0]
        if tuple(details["shape"]) != (1, INPUT_SIDE, INPUT_SIDE, 3):
            raise ValueError(f"{path.name} is not Face Mesh: its input is {tuple(details['shape'])}, not (1, 192, 192, 3)")
        self._input = details["index"]
        outputs = {int(np.prod(d["shape"])): d["index"] for d in self._interpreter.get_output_details()}
        if 3 * POINTS not in outputs or 1 not in outputs:
            raise ValueError(f"{path.name} is not Face Mesh: it does not output 468 points and a presence score")
        self._points, self._presence = outputs[3 * POINTS], outputs[1]

    def mesh(self, image: np.ndarray, box: np.ndarray, eyes: np.ndarray | None = None) -> FaceMesh:
        """The mesh of the face in ``box`` of the BGR ``image`` (``eyes``: the detector's two eye keypoints)."""
        forward, side = roi(box, eyes)
        crop = cv2.warpAffine(image, forward, (INPUT_SIDE, INPUT_SIDE), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_CONSTANT)
        tensor = cv2.cvtColor(crop, cv2.COLOR_BGR2RGB).astype(np.float32)[None] / 255.0
        self._interpreter.set_tensor(self._input, tensor)
        self._interpreter.invoke()
        raw = self._interpreter.get_tensor(self._points).reshape(POINTS, 3).astype(np.float64)
        presence = 1.0 / (1.0 + math.exp(-float(self._interpreter.get_tensor(self._presence).ravel()[0])))
        back = cv2.invertAffineTransform(forward)
        xy = raw[:, :2] @ back[:, :2].T + back[:, 2]
        z = raw[:, 2:] * (side / INPUT_SIDE)
        return FaceMesh(np.hstack([xy, z]), presence)
