"""A recognizer run by ONNX Runtime from the ONNX export of its torch weights (EdgeFace on the CPU)."""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from core.errors import ModelError
from pipeline.exported import ExportKey, ort_session
from pipeline.recognizers import CROP_SHAPE, EMBEDDING_DIM
from pipeline.types import Embeddings

if TYPE_CHECKING:
    import onnxruntime

# The export is refused when its embedding of a check picture is farther than this from torch's. An INT8
# EdgeFace is chaotic in its last digits (a one-grey-level change of the input moves its own embedding
# to a cosine of 0.95-0.97 with the first, see docs/figures.md), so the check catches a wrong export
# (cosines near 0), not rounding; tests/test_exported.py holds real faces to the measured tolerance.
MIN_EXPORT_COSINE = 0.9
_CHECK_PICTURES = 6


class OnnxRecognizer:
    """Unit embeddings and feature norms from an ONNX network taking (N, 3, 112, 112) ``x / 127.5 - 1``."""

    dim = EMBEDDING_DIM

    def __init__(
        self, name: str, session: onnxruntime.InferenceSession, *, rgb: bool, norm_is_quality: bool, batch_size: int = 32
    ) -> None:
        if batch_size < 1:
            raise ValueError(f"batch_size must be at least 1, got {batch_size}")
        self.name = name
        self.norm_is_quality = norm_is_quality
        self.batch_size = batch_size
        self._session = session
        self._rgb = rgb
        self._input = session.get_inputs()[0].name

    @classmethod
    def edgeface(cls, arch: str, weights: Path, *, trusted: bool, batch_size: int = 32, threads: int = 1) -> OnnxRecognizer:
        """EdgeFace ``arch`` from ``weights``, through its export (made now, with torch, when there is none)."""
        key = ExportKey.of(arch, weights)
        path = key.cached() or _export_edgeface(key, arch, trusted, threads)
        return cls(arch, ort_session(path, threads), rgb=True, norm_is_quality=False, batch_size=batch_size)

    def embed(self, crops: np.ndarray) -> Embeddings:
        """Unit embeddings and pre-normalisation norms of (N, 112, 112, 3) uint8 BGR crops."""
        if crops.ndim != 4 or crops.shape[1:] != CROP_SHAPE or crops.dtype != np.uint8:
            raise ValueError(f"expected (N, 112, 112, 3) uint8 BGR crops, got {crops.shape} {crops.dtype}")
        if len(crops) == 0:
            return Embeddings.empty(EMBEDDING_DIM)
        features = np.concatenate([self.features(crops[i : i + self.batch_size])
                                   for i in range(0, len(crops), self.batch_size)])
        norms = np.linalg.norm(features, axis=1)
        return Embeddings((features / np.maximum(norms, 1e-12)[:, None]).astype(np.float32), norms.astype(np.float32))

    def features(self, crops: np.ndarray) -> np.ndarray:
        """The network's raw output for one batch of crops."""
        x = crops[..., ::-1] if self._rgb else crops
        x = np.ascontiguousarray(x.transpose(0, 3, 1, 2), dtype=np.float32) / 127.5 - 1.0
        return np.asarray(self._session.run(None, {self._input: x})[0], np.float32)


def check_pictures(count: int = _CHECK_PICTURES) -> np.ndarray:
    """Smooth made-up 112x112 pictures (blurred noise: face-like statistics, not white noise)."""
    import cv2

    rng = np.random.default_rng(112)
    noise = rng.integers(0, 256, (count, *CROP_SHAPE), dtype=np.uint8)
    return np.stack([cv2.GaussianBlur(picture, (0, 0), 3) for picture in noise])


def _export_edgeface(key: ExportKey, arch: str, trusted: bool, threads: int) -> Path:
    """Export EdgeFace ``arch`` (with torch), refused when its embeddings of the check pictures are far from torch's."""
    import torch

    from pipeline.onnx_export import export_onnx, min_row_cosine
    from pipeline.recognizers.edgeface import EdgeFaceRecognizer

    reference = EdgeFaceRecognizer(arch, key.source, "cpu", trusted=trusted, batch_size=1)  # INT8 scales per batch

    def check(path: Path) -> float:
        exported = OnnxRecognizer(arch, ort_session(path, threads), rgb=True, norm_is_quality=False, batch_size=1)
        pictures = check_pictures()
        cosine = min_row_cosine(reference.embed(pictures).vectors, exported.embed(pictures).vectors)
        if cosine < MIN_EXPORT_COSINE:
            raise ModelError(f"the ONNX export of {key.source} disagrees with torch (cosine {cosine:.3f}): please report it")
        return cosine

    return key.save(lambda path: export_onnx(reference.network, torch.zeros(1, 3, 112, 112), path), check)
