"""AdaFace recognizer: an IR backbone fed BGR crops; its quality value is the feature norm."""
from __future__ import annotations

import logging
import time
from pathlib import Path

import numpy as np
import torch

from core.errors import ModelError
from pipeline.recognizers import ADAFACE_ARCHS, CROP_SHAPE, EMBEDDING_DIM
from pipeline.recognizers.checkpoints import load_state_dict, load_strict
from pipeline.recognizers.iresnet import IResNet
from pipeline.recognizers.torch_batches import (
    bucket_sizes,
    compile_network,
    embed_in_batches,
    resolve_device,
    resolve_dtype,
)
from pipeline.types import Embeddings

log = logging.getLogger(__name__)


class AdaFaceRecognizer:
    """AdaFace IR-18/34/50/101 from an official (Lightning) or plain checkpoint.

    Input stays BGR, as AdaFace was trained, scaled to ``(x / 255 - 0.5) / 0.5``. The norm of the
    feature before normalisation grows with image quality (the AdaFace paper's proxy), so it is
    the quality value. ``precision`` ``auto`` runs fp16 on CUDA and fp32 elsewhere; ``bf16`` suits
    CPUs with native bf16. On CUDA and CPU the layout is channels_last. ``compiled`` runs the
    network through ``torch.compile`` (CUDA graphs on CUDA), compiling every batch bucket up front.
    """

    norm_is_quality = True  # AdaFace's training ties the feature norm to image quality

    dim = EMBEDDING_DIM

    def __init__(
        self,
        arch: str,
        weights: Path,
        device: str = "auto",
        *,
        trusted: bool = False,
        batch_size: int = 32,
        precision: str = "auto",
        compiled: bool = False,
    ) -> None:
        if arch not in ADAFACE_ARCHS:
            raise ModelError(f"unknown AdaFace architecture {arch!r}; choose one of {', '.join(ADAFACE_ARCHS)}")
        if batch_size < 1:
            raise ValueError(f"batch_size must be at least 1, got {batch_size}")
        self.name = arch
        self.device = resolve_device(device)
        self.batch_size = batch_size
        self._dtype = resolve_dtype(precision, self.device)
        with torch.device("meta"):  # no random init: the checkpoint's tensors are adopted
            net = IResNet(arch.removeprefix("adaface_"))
        load_strict(net, load_state_dict(weights, trusted=trusted), path=Path(weights), arch=arch, assign=True)
        # channels_last is faster on CUDA and on x86 CPUs (measured); MPS keeps the default layout.
        memory_format = torch.preserve_format if self.device.type == "mps" else torch.channels_last
        self._net = net.eval().to(device=self.device, dtype=self._dtype, memory_format=memory_format)  # type: ignore[call-overload]
        self._forward = compile_network(self._net, self.device) if compiled else self._net
        self._compiled = compiled
        if compiled:
            self._warm_up()

    def embed(self, crops: np.ndarray) -> Embeddings:
        """Unit embeddings and feature norms of (N, 112, 112, 3) uint8 BGR crops."""
        return embed_in_batches(
            self._forward,
            crops,
            device=self.device,
            dtype=self._dtype,
            rgb=False,
            batch_size=self.batch_size,
            bucketed=self._compiled,
        )

    def _warm_up(self) -> None:
        """Compile each batch bucket now rather than on the first faces of a live run."""
        start = time.perf_counter()
        sizes = bucket_sizes(self.batch_size)
        for size in sizes:
            self.embed(np.zeros((size, *CROP_SHAPE), np.uint8))
        log.info("compiled %s for batch sizes %s in %.0f s", self.name, sizes, time.perf_counter() - start)
