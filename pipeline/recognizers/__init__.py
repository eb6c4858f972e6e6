"""Face recognizers: aligned 112x112 BGR uint8 crops in, unit embeddings plus a quality value out.

``build_recognizer`` is the entry point. The recognizer modules are imported on demand: EdgeFace
pulls in timm, which takes seconds to import, and both modules use the helpers defined here.
Torch runs one intra-op thread per core by default; on a small kiosk CPU the composition root may
lower that with ``torch.set_num_threads`` so that capture and detection keep a core.
"""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
import torch
from torch import Tensor

from pipeline.errors import ModelError
from pipeline.interfaces import Recognizer
from pipeline.types import Embeddings

ADAFACE_ARCHS = ("adaface_ir_18", "adaface_ir_34", "adaface_ir_50", "adaface_ir_101")
EDGEFACE_ARCHS = ("edgeface_xs", "edgeface_xs_q", "edgeface_xxs", "edgeface_xxs_q")
RECOGNIZER_ARCHS = ADAFACE_ARCHS + EDGEFACE_ARCHS
CROP_SHAPE = (112, 112, 3)
EMBEDDING_DIM = 512

# A network's forward on a prepared batch: (unit vectors (N, D), norms before normalisation (N, 1)).
Forward = Callable[[Tensor], tuple[Tensor, Tensor]]


def build_recognizer(
    arch: str, weights: Path, device: str = "auto", trusted: bool = False, batch_size: int = 32
) -> Recognizer:
    """Load recognizer ``arch`` (one of RECOGNIZER_ARCHS) from ``weights`` onto ``device``."""
    if arch in ADAFACE_ARCHS:
        from pipeline.recognizers.adaface import AdaFaceRecognizer

        return AdaFaceRecognizer(arch, weights, device, trusted=trusted, batch_size=batch_size)
    if arch in EDGEFACE_ARCHS:
        from pipeline.recognizers.edgeface import EdgeFaceRecognizer

        return EdgeFaceRecognizer(arch, weights, device, trusted=trusted, batch_size=batch_size)
    raise ModelError(f"unknown recognizer {arch!r}; choose one of {', '.join(RECOGNIZER_ARCHS)}")


def resolve_device(name: str = "auto") -> torch.device:
    """``auto``: cuda, else mps, else cpu. An explicit device that is not present raises ModelError."""
    if name == "auto":
        if torch.cuda.is_available():
            return torch.device("cuda")
        if torch.backends.mps.is_available():
            return torch.device("mps")
        return torch.device("cpu")
    try:
        device = torch.device(name)
    except RuntimeError:
        raise ModelError(f"unknown device {name!r}; use auto, cpu, cuda, cuda:N or mps") from None
    present = {
        "cpu": True,
        "cuda": torch.cuda.is_available() and (device.index or 0) < torch.cuda.device_count(),
        "mps": torch.backends.mps.is_available(),
    }
    if not present.get(device.type, False):
        raise ModelError(f"device {name!r} is not available on this machine; use auto or cpu")
    return device


def _prepare(crops: np.ndarray, *, device: torch.device, dtype: torch.dtype, rgb: bool) -> Tensor:
    """(N, 112, 112, 3) uint8 BGR -> (N, 3, 112, 112) ``(x / 255 - 0.5) / 0.5``, RGB if asked, channels_last."""
    x = torch.from_numpy(np.ascontiguousarray(crops)).to(device).permute(0, 3, 1, 2)
    if rgb:
        x = x.flip(1)
    return (x.to(dtype) / 127.5 - 1.0).contiguous(memory_format=torch.channels_last)


def embed_in_batches(
    forward: Forward, crops: np.ndarray, *, device: torch.device, dtype: torch.dtype, rgb: bool, batch_size: int
) -> Embeddings:
    """Run ``forward`` over ``crops`` in chunks of ``batch_size``; qualities are the norms it reports."""
    if crops.ndim != 4 or crops.shape[1:] != CROP_SHAPE or crops.dtype != np.uint8:
        raise ValueError(f"expected (N, 112, 112, 3) uint8 BGR crops, got {crops.shape} {crops.dtype}")
    vectors: list[Tensor] = []
    norms: list[Tensor] = []
    with torch.inference_mode():
        for start in range(0, len(crops), batch_size):
            unit, norm = forward(_prepare(crops[start : start + batch_size], device=device, dtype=dtype, rgb=rgb))
            vectors.append(unit.float().cpu())
            norms.append(norm.float().reshape(-1).cpu())
    if not vectors:
        return Embeddings.empty(EMBEDDING_DIM)
    return Embeddings(torch.cat(vectors).numpy(), torch.cat(norms).numpy())


def l2_normalize(features: Tensor) -> tuple[Tensor, Tensor]:
    """``(features / norm, norm)`` in float32, norm of shape (N, 1)."""
    features = features.float()
    norm = torch.linalg.vector_norm(features, dim=1, keepdim=True)
    return features / norm.clamp_min(1e-12), norm
