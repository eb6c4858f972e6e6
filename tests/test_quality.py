"""Enrolment quality gate on synthetic landmarks and crops."""
from __future__ import annotations

import numpy as np

from pipeline.alignment import ARCFACE_TEMPLATE
from pipeline.quality import QualityThresholds, assess_face, dominant_face, pose_ratios, sharpness
from pipeline.types import FaceDetections


def _sharp_crop():
    return np.random.default_rng(0).integers(0, 255, (112, 112, 3), np.uint8)


def test_frontal_template_is_frontal():
    yaw, pitch = pose_ratios(ARCFACE_TEMPLATE)
    assert abs(yaw) < 0.05 and 0.3 < pitch < 0.7


def test_turned_face_has_large_yaw():
    turned = ARCFACE_TEMPLATE.copy()
    turned[2, 0] += 20  # nose far towards the right eye
    assert pose_ratios(turned)[0] > 0.5


def test_blur_lowers_sharpness():
    import cv2

    crop = _sharp_crop()
    assert sharpness(cv2.GaussianBlur(crop, (15, 15), 5)) < sharpness(crop) / 10


def test_assess_lists_every_reason():
    limits = QualityThresholds(min_face=80, min_sharpness=30)
    flat = np.full((112, 112, 3), 128, np.uint8)
    turned = ARCFACE_TEMPLATE.copy()
    turned[2, 0] += 30
    quality = assess_face(turned, np.array([0, 0, 40, 40]), flat, limits)
    assert not quality.accepted
    text = " ".join(quality.reasons)
    assert "too small" in text and "blurred" in text and "sideways" in text
    good = assess_face(ARCFACE_TEMPLATE, np.array([0, 0, 200, 200]), _sharp_crop(), limits)
    assert good.accepted, good.reasons


def test_dominant_face():
    lm = np.zeros((5, 2))
    one_big = FaceDetections(np.array([[0, 0, 100, 100], [0, 0, 20, 20]]), np.ones(2), np.stack([lm, lm]))
    assert dominant_face(one_big, 2.0) == (0, "")
    two_equal = FaceDetections(np.array([[0, 0, 100, 100], [0, 0, 95, 95]]), np.ones(2), np.stack([lm, lm]))
    index, reason = dominant_face(two_equal, 2.0)
    assert index == -1 and "none clearly dominant" in reason
    assert dominant_face(FaceDetections.empty(), 2.0) == (-1, "no face found")
