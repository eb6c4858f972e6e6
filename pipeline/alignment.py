"""5-point similarity alignment of faces to the standard 112x112 ArcFace template."""
from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np

from pipeline.types import LANDMARK_COUNT, AlignedFaces

CROP_SIZE = 112

# insightface `arcface_dst`: left eye, right eye, nose tip, left and right mouth corner (image left first).
ARCFACE_TEMPLATE = np.array(
    [
        [38.2946, 51.6963],
        [73.5318, 51.5014],
        [56.0252, 71.7366],
        [41.5493, 92.3655],
        [70.7299, 92.2041],
    ],
    dtype=np.float32,
)


def estimate_similarity(src: np.ndarray, dst: np.ndarray) -> np.ndarray:
    """Least-squares similarity transforms (rotation, uniform scale, translation) mapping ``src`` onto ``dst``.

    ``src`` is (N, K, 2), ``dst`` is (K, 2) or (N, K, 2); returns (N, 2, 3) float64 matrices. This is
    Umeyama's estimate written in its 2-D closed form (``sR = [[a, -b], [b, a]]`` solved linearly), so it
    never reflects and runs vectorised over all N faces. Raises ``ValueError`` for non-finite points or
    faces whose points all coincide.
    """
    src = np.asarray(src, np.float64)
    dst = np.broadcast_to(np.asarray(dst, np.float64), src.shape)
    if src.ndim != 3 or src.shape[2] != 2:
        raise ValueError(f"landmarks must be (N, K, 2), got {src.shape}")
    if not np.isfinite(src).all():
        raise ValueError("landmarks contain NaN or infinite values")
    src_mean = src.mean(axis=1, keepdims=True)
    dst_mean = dst.mean(axis=1, keepdims=True)
    sx, sy = np.moveaxis(src - src_mean, 2, 0)
    dx, dy = np.moveaxis(dst - dst_mean, 2, 0)
    spread = (sx * sx + sy * sy).sum(axis=1)
    degenerate = spread < 1e-9
    if degenerate.any():
        raise ValueError(f"landmarks of face(s) {np.flatnonzero(degenerate).tolist()} all coincide")
    a = (sx * dx + sy * dy).sum(axis=1) / spread
    b = (sx * dy - sy * dx).sum(axis=1) / spread
    linear = np.stack([np.stack([a, -b], axis=1), np.stack([b, a], axis=1)], axis=1)  # (N, 2, 2)
    shift = dst_mean[:, 0] - np.einsum("nij,nj->ni", linear, src_mean[:, 0])
    return np.concatenate([linear, shift[:, :, None]], axis=2)


def align_faces(image: np.ndarray, landmarks: np.ndarray) -> AlignedFaces:
    """Warp each face of a BGR image onto the ArcFace template; ``landmarks`` is (N, 5, 2) in image pixels."""
    points = np.asarray(landmarks, np.float32).reshape(-1, LANDMARK_COUNT, 2)
    if len(points) == 0:
        return AlignedFaces(np.zeros((0, CROP_SIZE, CROP_SIZE, 3), np.uint8), np.zeros((0, 2, 3), np.float32))
    transforms = estimate_similarity(points, ARCFACE_TEMPLATE)
    crops = np.stack(
        [
            cv2.warpAffine(
                image, matrix, (CROP_SIZE, CROP_SIZE), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_CONSTANT
            )
            for matrix in transforms
        ]
    )
    return AlignedFaces(crops, transforms.astype(np.float32))


def save_crops(aligned: AlignedFaces, directory: Path, stem: str) -> list[Path]:
    """Write each crop as ``<directory>/<stem>_<i>.png`` (directory created as needed); returns the paths."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    paths = []
    for i, crop in enumerate(aligned.crops):
        path = directory / f"{stem}_{i:02d}.png"
        ok, encoded = cv2.imencode(".png", crop)  # imencode + write_bytes also handles non-ASCII paths
        if not ok:
            raise OSError(f"could not encode aligned face {i} as PNG for {path}")
        path.write_bytes(encoded.tobytes())
        paths.append(path)
    return paths
