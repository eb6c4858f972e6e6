"""Face quality gate: is this face good enough to enrol (or to spend an embedding on)?"""
from __future__ import annotations

from dataclasses import dataclass, field

import cv2
import numpy as np

from core.config import EnrolmentSettings, VideoSettings
from core.text import QT_TRANSLATE_NOOP, Message
from pipeline.types import FaceDetections


@dataclass(frozen=True)
class QualityThresholds:
    min_face: int = 80  # shorter box side, pixels
    min_sharpness: float = 30.0  # variance of the Laplacian on the aligned 112x112 grey crop
    max_yaw: float = 0.35  # |nose offset from the eye midpoint| / eye distance
    pitch_range: tuple[float, float] = (0.2, 0.8)  # nose height between eye line (0) and mouth line (1)
    dominance: float = 2.0  # the largest face must be this many times the area of the next

    @classmethod
    def for_enrolment(cls, enrol: EnrolmentSettings) -> QualityThresholds:
        return cls(min_face=enrol.min_face, min_sharpness=enrol.min_sharpness, max_yaw=enrol.max_yaw, dominance=enrol.dominance)

    @classmethod
    def for_tracks(cls, video: VideoSettings) -> QualityThresholds:
        """The gate of a live track's looks: any number of faces on screen (no dominance rule)."""
        return cls(min_face=video.min_face, min_sharpness=video.min_sharpness, max_yaw=video.max_yaw, dominance=1.0)


@dataclass(frozen=True)
class FaceQuality:
    """Measurements of one face and the reasons (empty = accepted) it fails the gate."""

    size: float
    sharpness: float
    yaw: float
    pitch: float
    reasons: tuple[str, ...] = field(default_factory=tuple)

    @property
    def accepted(self) -> bool:
        return not self.reasons


def sharpness(crop: np.ndarray) -> float:
    """Variance of the Laplacian of a BGR crop: low for blurred faces."""
    grey = cv2.cvtColor(crop, cv2.COLOR_BGR2GRAY)
    return float(cv2.Laplacian(grey, cv2.CV_64F).var())


def pose_ratios(landmarks: np.ndarray) -> tuple[float, float]:
    """(yaw, pitch) proxies from 5 landmarks: nose offset across and down the face, roll-invariant."""
    left_eye, right_eye, nose, left_mouth, right_mouth = landmarks.astype(np.float64)
    eyes_mid = (left_eye + right_eye) / 2
    mouth_mid = (left_mouth + right_mouth) / 2
    across = right_eye - left_eye
    eye_dist = float(np.linalg.norm(across)) or 1e-6
    axis = across / eye_dist
    down = mouth_mid - eyes_mid
    down_len2 = float(down @ down) or 1e-6
    yaw = float((nose - eyes_mid) @ axis) / eye_dist
    pitch = float((nose - eyes_mid) @ down) / down_len2
    return yaw, pitch


def assess_face(landmarks: np.ndarray, box: np.ndarray, crop: np.ndarray, limits: QualityThresholds) -> FaceQuality:
    """Measure one face and list every way it fails the gate."""
    size = float(min(box[2] - box[0], box[3] - box[1]))
    sharp = sharpness(crop)
    yaw, pitch = pose_ratios(landmarks)
    reasons = []
    if size < limits.min_face:
        reasons.append(Message(QT_TRANSLATE_NOOP("Message", "face too small ({size:.0f} px, at least {needed} px needed)"),
                               size=size, needed=limits.min_face))
    if sharp < limits.min_sharpness:
        reasons.append(Message(QT_TRANSLATE_NOOP("Message", "face too blurred (sharpness {sharpness:.0f}, at least {needed:.0f} needed)"),
                               sharpness=sharp, needed=limits.min_sharpness))
    if abs(yaw) > limits.max_yaw:
        reasons.append(Message(QT_TRANSLATE_NOOP("Message", "face turned sideways (yaw {yaw:+.2f}, at most {most:.2f})"),
                               yaw=yaw, most=limits.max_yaw))
    if not limits.pitch_range[0] <= pitch <= limits.pitch_range[1]:
        reasons.append(Message(QT_TRANSLATE_NOOP("Message", "face tilted up or down (pitch {pitch:.2f}, expected {low}-{high})"),
                               pitch=pitch, low=limits.pitch_range[0], high=limits.pitch_range[1]))
    return FaceQuality(size, sharp, yaw, pitch, tuple(reasons))


def dominant_face(detections: FaceDetections, dominance: float) -> tuple[int, str]:
    """Index of the one face to enrol and an empty reason, or -1 and why there is none."""
    if len(detections) == 0:
        return -1, Message(QT_TRANSLATE_NOOP("Message", "no face found"))
    areas = detections.areas
    order = np.argsort(-areas)
    if len(detections) > 1 and areas[order[0]] < dominance * areas[order[1]]:
        return -1, Message(QT_TRANSLATE_NOOP("Message", "{faces} faces and none clearly dominant (crop the photo to one person)"),
                           faces=len(detections))
    return int(order[0]), ""
