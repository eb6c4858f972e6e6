"""5-point similarity alignment onto the ArcFace template."""
from __future__ import annotations

import cv2
import numpy as np
import pytest

from pipeline.alignment import ARCFACE_TEMPLATE, CROP_SIZE, align_faces, estimate_similarity, save_crops
from pipeline.types import AlignedFaces


def _similarity(angle_deg: float, scale: float, shift: tuple[float, float]) -> np.ndarray:
    """2x3 matrix: rotate by ``angle_deg``, scale, then translate."""
    a = np.deg2rad(angle_deg)
    c, s = scale * np.cos(a), scale * np.sin(a)
    return np.array([[c, -s, shift[0]], [s, c, shift[1]]])


def _apply(matrix: np.ndarray, points: np.ndarray) -> np.ndarray:
    return points @ matrix[:, :2].T + matrix[:, 2]


def _invert(matrix: np.ndarray) -> np.ndarray:
    return cv2.invertAffineTransform(matrix.astype(np.float64))


def _umeyama_reference(src: np.ndarray, dst: np.ndarray) -> np.ndarray:
    """Textbook Umeyama (SVD) similarity estimate for one point set, to check the closed form against."""
    src, dst = np.asarray(src, np.float64), np.asarray(dst, np.float64)
    src_mean, dst_mean = src.mean(0), dst.mean(0)
    src_c, dst_c = src - src_mean, dst - dst_mean
    u, s, vt = np.linalg.svd(dst_c.T @ src_c / len(src))
    d = np.array([1.0, np.sign(np.linalg.det(u @ vt))])
    rotation = u @ np.diag(d) @ vt
    scale = (s * d).sum() / (src_c**2).sum(1).mean()
    return np.hstack([scale * rotation, (dst_mean - scale * rotation @ src_mean)[:, None]])


def test_template_is_identity() -> None:
    image = np.random.default_rng(0).integers(0, 256, (200, 300, 3), np.uint8)
    aligned = align_faces(image, ARCFACE_TEMPLATE[None])
    np.testing.assert_allclose(aligned.transforms[0], np.eye(2, 3), atol=1e-5)
    np.testing.assert_array_equal(aligned.crops[0], image[:CROP_SIZE, :CROP_SIZE])


def test_known_similarity_is_recovered() -> None:
    crop_to_image = _similarity(25.0, 2.7, (310.0, 140.0))
    landmarks = _apply(crop_to_image, ARCFACE_TEMPLATE)
    matrix = estimate_similarity(landmarks[None], ARCFACE_TEMPLATE)[0]
    np.testing.assert_allclose(matrix, _invert(crop_to_image), atol=1e-6)


def test_warp_puts_landmarks_on_the_template() -> None:
    crop_to_image = _similarity(-40.0, 3.0, (200.0, 120.0))
    landmarks = _apply(crop_to_image, ARCFACE_TEMPLATE)
    image = np.zeros((600, 600, 3), np.uint8)
    for x, y in landmarks:
        cv2.circle(image, (round(x), round(y)), 6, (255, 255, 255), -1)
    crop = align_faces(image, landmarks[None]).crops[0]
    for x, y in ARCFACE_TEMPLATE:
        assert crop[round(y), round(x)].min() > 200, f"template point ({x}, {y}) is not on a landmark blob"
    assert crop[5, 5].max() == 0  # outside the blobs; also where the warp leaves the image: BORDER_CONSTANT black


def test_batch_of_faces_with_noise_matches_umeyama() -> None:
    rng = np.random.default_rng(1)
    params = [(0, 1.0, (0, 0)), (15, 2.0, (300, 50)), (-70, 0.6, (40, 400)), (180, 4.0, (900, 900))]
    matrices = [_similarity(angle, scale, shift) for angle, scale, shift in params]
    landmarks = np.stack([_apply(m, ARCFACE_TEMPLATE) for m in matrices]) + rng.normal(0, 0.8, (4, 5, 2))
    image = rng.integers(0, 256, (1000, 1000, 3), np.uint8)
    aligned = align_faces(image, landmarks)
    assert aligned.crops.shape == (4, CROP_SIZE, CROP_SIZE, 3) and aligned.transforms.shape == (4, 2, 3)
    estimated = estimate_similarity(landmarks, ARCFACE_TEMPLATE)
    np.testing.assert_allclose(aligned.transforms, estimated, rtol=1e-5, atol=1e-3)  # float32 copy
    for i, matrix in enumerate(matrices):
        np.testing.assert_allclose(estimated[i], _umeyama_reference(landmarks[i], ARCFACE_TEMPLATE), atol=1e-8)
        np.testing.assert_allclose(estimated[i][:, :2], _invert(matrix)[:, :2], atol=0.05)


def test_swapped_landmarks_give_a_rotation_not_a_reflection() -> None:
    mirrored = ARCFACE_TEMPLATE[[1, 0, 2, 4, 3]]
    matrix = estimate_similarity(mirrored[None], ARCFACE_TEMPLATE)[0]
    assert np.linalg.det(matrix[:, :2]) > 0


def test_empty_input_gives_empty_aligned_faces() -> None:
    aligned = align_faces(np.zeros((50, 50, 3), np.uint8), np.zeros((0, 5, 2)))
    assert isinstance(aligned, AlignedFaces) and len(aligned) == 0
    assert aligned.crops.shape == (0, CROP_SIZE, CROP_SIZE, 3) and aligned.transforms.shape == (0, 2, 3)


@pytest.mark.parametrize("bad", [np.full((1, 5, 2), 7.0), np.full((1, 5, 2), np.nan)])
def test_degenerate_landmarks_raise(bad: np.ndarray) -> None:
    with pytest.raises(ValueError):
        align_faces(np.zeros((50, 50, 3), np.uint8), bad)


def test_save_crops_writes_pngs(tmp_path) -> None:
    rng = np.random.default_rng(2)
    landmarks = np.stack([_apply(_similarity(a, 1.5, (60, 60)), ARCFACE_TEMPLATE) for a in (0, 10, -10)])
    aligned = align_faces(rng.integers(0, 256, (400, 400, 3), np.uint8), landmarks)
    paths = save_crops(aligned, tmp_path / "crops", "person")
    assert [p.name for p in paths] == ["person_00.png", "person_01.png", "person_02.png"]
    for path, crop in zip(paths, aligned.crops):
        np.testing.assert_array_equal(cv2.imread(str(path)), crop)
    assert save_crops(align_faces(np.zeros((9, 9, 3), np.uint8), np.zeros((0, 5, 2))), tmp_path, "none") == []
