"""EdgeFace recognizer (Idiap): a timm EdgeNeXt with a 512-d head, fed RGB crops.

Three weight layouts are read, with or without the ``model.`` prefix of Idiap's wrapper module:
plain fp32 (``edgeface_xxs.pt``), low-rank fp32 (``edgeface_xs_gamma_06.pt``: every Linear factorised
into ``linear1``/``linear2``) and dynamic INT8 (``*_q.pt``). INT8 models run on the CPU only.
"""
from __future__ import annotations

import logging
import warnings
from pathlib import Path

import numpy as np
import timm
import torch
from torch import Tensor, nn

from core.errors import ModelError
from pipeline.recognizers import EDGEFACE_ARCHS, EMBEDDING_DIM
from pipeline.recognizers.checkpoints import StateDict, load_state_dict, load_strict
from pipeline.recognizers.torch_batches import embed_in_batches, l2_normalize, resolve_device
from pipeline.types import Embeddings

log = logging.getLogger(__name__)

_TIMM_MODELS = {"edgeface_xs": "edgenext_x_small", "edgeface_xxs": "edgenext_xx_small"}


class LowRankLinear(nn.Module):
    """``linear2(linear1(x))``: a Linear factorised through ``rank`` features (Idiap's LoRaLin)."""

    def __init__(self, in_features: int, out_features: int, rank: int, bias: bool) -> None:
        super().__init__()
        self.linear1 = nn.Linear(in_features, rank, bias=False)
        self.linear2 = nn.Linear(rank, out_features, bias=bias)

    def forward(self, x: Tensor) -> Tensor:
        return self.linear2(self.linear1(x))


class EdgeFaceRecognizer:
    """EdgeFace-XS / XXS, fp32 or INT8 (``_q``).

    Crops are converted from BGR to RGB and scaled to ``(x / 255 - 0.5) / 0.5``. The quality value
    is the norm of the feature before normalisation; unlike AdaFace's, EdgeFace's norm was not
    trained to follow image quality, so the pipeline weighs these faces by detector score and
    face size instead.
    """

    dim = EMBEDDING_DIM
    norm_is_quality = False

    def __init__(
        self, arch: str, weights: Path, device: str = "auto", *, trusted: bool = False, batch_size: int = 32
    ) -> None:
        if arch not in EDGEFACE_ARCHS:
            raise ModelError(f"unknown EdgeFace architecture {arch!r}; choose one of {', '.join(EDGEFACE_ARCHS)}")
        if batch_size < 1:
            raise ValueError(f"batch_size must be at least 1, got {batch_size}")
        quantized = arch.endswith("_q")
        requested = resolve_device(device)  # a device this machine lacks is an error even for INT8 models
        if quantized and requested.type != "cpu" and device != "auto":
            log.warning("%s is an INT8 model and runs on the CPU only; ignoring device %r", arch, device)
        self.name = arch
        self.device = torch.device("cpu") if quantized else requested
        self.batch_size = batch_size
        state = load_state_dict(weights, trusted=trusted)
        model = timm.create_model(_TIMM_MODELS[arch.removesuffix("_q")], pretrained=False, num_classes=EMBEDDING_DIM)
        _factorise_linears(model, state)
        if quantized:
            model = _quantize(model)
        load_strict(model, state, path=Path(weights), arch=arch)
        self._model = model.eval().to(self.device)

    @property
    def network(self) -> nn.Module:
        """The torch network: (N, 3, 112, 112) RGB ``x / 127.5 - 1`` -> (N, 512) features."""
        return self._model

    def embed(self, crops: np.ndarray) -> Embeddings:
        """Unit embeddings and pre-normalisation norms of (N, 112, 112, 3) uint8 BGR crops."""
        return embed_in_batches(
            self._forward, crops, device=self.device, dtype=torch.float32, rgb=True, batch_size=self.batch_size
        )

    def _forward(self, x: Tensor) -> tuple[Tensor, Tensor]:
        return l2_normalize(self._model(x))


def _factorise_linears(model: nn.Module, state: StateDict) -> None:
    """Replace each Linear that ``state`` stores as ``<name>.linear1/linear2`` by a LowRankLinear of that rank."""
    for name, module in list(model.named_modules()):
        factor = state.get(f"{name}.linear1.weight")
        if isinstance(module, nn.Linear) and isinstance(factor, Tensor):
            parent, _, child = name.rpartition(".")
            low_rank = LowRankLinear(module.in_features, module.out_features, factor.shape[0], module.bias is not None)
            setattr(model.get_submodule(parent), child, low_rank)


def _quantize(model: nn.Module) -> nn.Module:
    """Idiap's recipe for the ``_q`` files: dynamic INT8 Linear layers (torch.ao, deprecated but present)."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="torch.ao.quantization is deprecated")
        warnings.filterwarnings("ignore", message="torch.quantize_per_tensor")
        return torch.ao.quantization.quantize_dynamic(model, {nn.Linear}, dtype=torch.qint8)  # type: ignore[no-untyped-call]
