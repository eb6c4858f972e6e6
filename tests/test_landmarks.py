"""Face Mesh on real faces: its points agree with the detector's keypoints, its yaw turns with the head and flips with a
mirror, a photo warped like a tilted print stays flat through the real model while a real head turning does not."""
from __future__ import annotations

import cv2
import numpy as np
import pytest

from core.config import AppConfig, DetectorSettings
from pipeline.landmarks import (
    CHIN,
    FOREHEAD,
    LEFT_EYE_INNER,
    LEFT_EYE_OUTER,
    MOUTH_LEFT,
    MOUTH_RIGHT,
    NOSE_TIP,
    RIGHT_EYE_INNER,
    RIGHT_EYE_OUTER,
    FaceMesh,
    FaceMeshModel,
)
from pipeline.liveness.challenge import ChallengeConfig, parallax
from services.runtime import Runtime
from tests.conftest import facemesh_path, shared_path

PHOTOS = ["img1.jpg", "img2.jpg", "img5.jpg", "img11.jpg"]


@pytest.fixture(scope="module")
def models(tmp_path_factory):
    runtime = Runtime(AppConfig(data_dir=tmp_path_factory.mktemp("data"), models_dir=shared_path("models"),
                                detector=DetectorSettings(kind="yolo", weights="yolov8n-face-int8")))
    return runtime.detector, FaceMeshModel(facemesh_path())


def mesh_of(models, image: np.ndarray) -> tuple[FaceMesh, np.ndarray]:
    detector, mesh = models
    faces = detector.detect(image)
    best = int(np.argmax(faces.areas))
    return mesh.mesh(image, faces.boxes[best], faces.landmarks[best][:2]), faces.landmarks[best]


@pytest.mark.parametrize("photo", PHOTOS)
def test_the_mesh_agrees_with_the_detectors_keypoints(models, photo):
    image = cv2.imread(str(shared_path(f"media/deepface_dataset/{photo}")))
    found, keypoints = mesh_of(models, image)
    p = found.points[:, :2]
    five = np.array([(p[LEFT_EYE_OUTER] + p[LEFT_EYE_INNER]) / 2, (p[RIGHT_EYE_INNER] + p[RIGHT_EYE_OUTER]) / 2,
                     p[NOSE_TIP], p[MOUTH_LEFT], p[MOUTH_RIGHT]])
    eye = np.linalg.norm(keypoints[1] - keypoints[0])
    assert found.presence > 0.9
    assert np.all(np.linalg.norm(five - keypoints, axis=1) < 0.15 * eye)  # measured: 0.03-0.12 (the two define points differently)
    assert found.points[NOSE_TIP, 2] < np.median(found.points[:, 2])  # the nose is nearer the camera than the face


def test_the_yaw_flips_with_a_mirror(models):
    image = cv2.imread(str(shared_path("media/deepface_dataset/img5.jpg")))
    straight, _ = mesh_of(models, image)
    mirrored, _ = mesh_of(models, np.ascontiguousarray(image[:, ::-1]))
    assert straight.yaw > 0.1 and mirrored.yaw < -0.1  # img5 faces slightly to the image's right


def test_the_pitch_grows_as_the_head_looks_down(models):
    """The mesh's own depth says which way a head nods (looking down puts the chin behind the forehead): over Apfol's
    live video the pitch follows it (measured: correlation 0.92 every third frame)."""
    capture = cv2.VideoCapture(str(shared_path("media/spoof/videos/Apfol__real2.webm")))
    pitch, chin_back = [], []
    for number in range(150):
        ok, frame = capture.read()
        if not ok:
            break
        if number % 3 == 0:
            found = mesh_of(models, frame)[0]
            height = found.points[CHIN, 1] - found.points[FOREHEAD, 1]
            pitch.append(found.pitch)
            chin_back.append((found.points[CHIN, 2] - found.points[FOREHEAD, 2]) / height)
    assert np.ptp(pitch) > 0.1 and np.corrcoef(pitch, chin_back)[0, 1] > 0.6


def test_a_tilted_photo_is_flat_and_a_turning_head_is_not(models):
    """A print tilted in front of the camera (the photo warped by a perspective homography) through the real detector
    and mesh: its parallax stays under the challenge's threshold. A real head turning (the live webcam video of
    ../shared) exceeds it."""
    image = cv2.imread(str(shared_path("media/deepface_dataset/img1.jpg")))
    height, width = image.shape[:2]
    corners = np.float32([[0, 0], [width, 0], [width, height], [0, height]])
    tilted = np.float32([[0.1 * width, 0.05 * height], [0.95 * width, 0], [width, height], [0.05 * width, 0.92 * height]])
    warp = cv2.getPerspectiveTransform(corners, tilted)
    photo, _ = mesh_of(models, image)
    print_tilted, _ = mesh_of(models, cv2.warpPerspective(image, warp, (width, height)))
    limit = ChallengeConfig().min_parallax
    assert parallax(photo, print_tilted) < limit

    capture = cv2.VideoCapture(str(shared_path("media/spoof/videos/ZubairCracksCode__real.mov")))
    meshes = []
    while len(meshes) < 60:
        ok, frame = capture.read()
        if not ok:
            break
        meshes.append(mesh_of(models, frame)[0])
    frontal = min(meshes, key=lambda m: abs(m.yaw))
    turned = max(meshes, key=lambda m: abs(m.yaw - frontal.yaw))
    assert abs(turned.yaw - frontal.yaw) > ChallengeConfig().min_turn and parallax(frontal, turned) > limit
