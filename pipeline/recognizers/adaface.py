"""AdaFace recognizer: an IR backbone fed BGR crops; its quality value is the feature norm."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import torch

from pipeline.errors import ModelError
from pipeline.recognizers import ADAFACE_ARCHS, EMBEDDING_DIM, embed_in_batches, resolve_device
from pipeline.recognizers.checkpoints import load_state_dict, load_strict
from pipeline.recognizers.iresnet import IResNet
from pipeline.types import Embeddings


class AdaFaceRecognizer:
    """AdaFace IR-18/34/50/101 from an official (Lightning) or plain checkpoint.

    Input stays BGR, as AdaFace was trained, scaled to ``(x / 255 - 0.5) / 0.5``. The norm of the
    feature before normalisation grows with image quality (the AdaFace paper's proxy), so it is
    the quality value. On CUDA the network runs in fp16; on CUDA and CPU in channels_last.
    """

    dim = EMBEDDING_DIM

    def __init__(
        self, arch: str, weights: Path, device: str = "auto", *, trusted: bool = False, batch_size: int = 32
    ) -> None:
        if arch not in ADAFACE_ARCHS:
            raise ModelError(f"unknown AdaFace architecture {arch!r}; choose one of {', '.join(ADAFACE_ARCHS)}")
        if batch_size < 1:
            raise ValueError(f"batch_size must be at least 1, got {batch_size}")
        self.name = arch
        self.device = resolve_device(device)
        self.batch_size = batch_size
        self._dtype = torch.float16 if self.device.type == "cuda" else torch.float32
        with torch.device("meta"):  # no random init: the checkpoint's tensors are adopted
            net = IResNet(arch.removeprefix("adaface_"))
        load_strict(net, load_state_dict(weights, trusted=trusted), path=Path(weights), arch=arch, assign=True)
        # channels_last is faster on CUDA and on x86 CPUs (measured); MPS keeps the default layout.
        memory_format = torch.preserve_format if self.device.type == "mps" else torch.channels_last
        self._net = net.eval().to(device=self.device, dtype=self._dtype, memory_format=memory_format)

    def embed(self, crops: np.ndarray) -> Embeddings:
        """Unit embeddings and feature norms of (N, 112, 112, 3) uint8 BGR crops."""
        return embed_in_batches(
            self._net, crops, device=self.device, dtype=self._dtype, rgb=False, batch_size=self.batch_size
        )
