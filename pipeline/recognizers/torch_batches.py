"""Running the torch recognizers: devices, dtypes, batches of crops, compilation and normalisation.

Torch runs one intra-op thread per core by default; on a small kiosk CPU the composition root may
lower that with ``torch.set_num_threads`` so that capture and detection keep a core.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import get_args

import numpy as np
import torch
from torch import Tensor

from core.config import Precision
from core.errors import ModelError
from pipeline.recognizers import CROP_SHAPE, EMBEDDING_DIM
from pipeline.types import Embeddings

_DTYPES = {"fp32": torch.float32, "fp16": torch.float16, "bf16": torch.bfloat16}

# A network's forward on a prepared batch: (unit vectors (N, D), norms before normalisation (N, 1)).
Forward = Callable[[Tensor], tuple[Tensor, Tensor]]


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


def cpu_has_bf16() -> bool:
    """Whether this CPU computes bf16 natively (AVX512-BF16 or AMX), so that bf16 beats fp32."""
    available = bool(torch.backends.mkldnn.is_available())  # type: ignore[no-untyped-call]
    return available and bool(torch.ops.mkldnn._is_mkldnn_bf16_supported())


def resolve_dtype(precision: str, device: torch.device) -> torch.dtype:
    """The compute dtype for ``precision`` on ``device``; ``auto`` is fp16 on CUDA and fp32 elsewhere.

    fp16 is refused on the CPU, and bf16 on a CPU without native bf16: both would be emulated there,
    slower than fp32.
    """
    if precision == "auto":
        return torch.float16 if device.type == "cuda" else torch.float32
    if precision not in _DTYPES:
        raise ModelError(f"unknown precision {precision!r}; choose one of {', '.join(get_args(Precision))}")
    if device.type == "cpu" and precision == "fp16":
        raise ModelError("fp16 needs a CUDA or MPS device; on the CPU use fp32, or bf16 where the CPU supports it")
    if device.type == "cpu" and precision == "bf16" and not cpu_has_bf16():
        raise ModelError("this CPU has no native bf16 (AVX512-BF16 or AMX), where bf16 is slower than fp32: use fp32")
    return _DTYPES[precision]


def bucket_sizes(batch_size: int) -> list[int]:
    """Batch sizes a compiled network sees: powers of two below ``batch_size``, then ``batch_size``."""
    return [1 << k for k in range((batch_size - 1).bit_length()) if 1 << k < batch_size] + [batch_size]


def _bucket(count: int, batch_size: int) -> int:
    """The smallest bucket that holds ``count`` crops (``count <= batch_size``)."""
    return min(batch_size, 1 << (count - 1).bit_length())


def _prepare(crops: np.ndarray, *, device: torch.device, dtype: torch.dtype, rgb: bool) -> Tensor:
    """(N, 112, 112, 3) uint8 BGR -> (N, 3, 112, 112) ``(x / 255 - 0.5) / 0.5``, RGB if asked, channels_last."""
    x = torch.from_numpy(np.ascontiguousarray(crops)).to(device).permute(0, 3, 1, 2)
    if rgb:
        x = x.flip(1)
    return (x.to(dtype) / 127.5 - 1.0).contiguous(memory_format=torch.channels_last)


def embed_in_batches(
    forward: Forward,
    crops: np.ndarray,
    *,
    device: torch.device,
    dtype: torch.dtype,
    rgb: bool,
    batch_size: int,
    bucketed: bool = False,
) -> Embeddings:
    """Run ``forward`` over ``crops`` in chunks of ``batch_size``; qualities are the norms it reports.

    ``bucketed`` pads each chunk with blank crops up to a size of ``bucket_sizes``, so that a
    compiled network meets only those shapes (each new shape would compile, or record a CUDA graph).
    """
    if crops.ndim != 4 or crops.shape[1:] != CROP_SHAPE or crops.dtype != np.uint8:
        raise ValueError(f"expected (N, 112, 112, 3) uint8 BGR crops, got {crops.shape} {crops.dtype}")
    vectors: list[Tensor] = []
    norms: list[Tensor] = []
    with torch.inference_mode():
        for start in range(0, len(crops), batch_size):
            chunk = crops[start : start + batch_size]
            count = len(chunk)
            padding = _bucket(count, batch_size) - count if bucketed else 0
            if padding:
                chunk = np.concatenate([chunk, np.zeros((padding, *CROP_SHAPE), np.uint8)])
            unit, norm = forward(_prepare(chunk, device=device, dtype=dtype, rgb=rgb))
            vectors.append(unit[:count].float().cpu())
            norms.append(norm[:count].float().reshape(-1).cpu())
    if not vectors:
        return Embeddings.empty(EMBEDDING_DIM)
    return Embeddings(torch.cat(vectors).numpy(), torch.cat(norms).numpy())


def compile_network(net: torch.nn.Module, device: torch.device) -> Forward:
    """``torch.compile`` for fixed shapes; on CUDA with CUDA graphs (mode ``reduce-overhead``), which
    removes the per-kernel launch cost that dominates small batches of a deep network."""
    return torch.compile(net, mode="reduce-overhead" if device.type == "cuda" else None, dynamic=False)


def l2_normalize(features: Tensor) -> tuple[Tensor, Tensor]:
    """``(features / norm, norm)`` in float32, norm of shape (N, 1)."""
    features = features.float()
    norm = torch.linalg.vector_norm(features, dim=1, keepdim=True)
    return features / norm.clamp_min(1e-12), norm
