"""AdaFace IR backbones (IR-18/34/50/101) whose state dicts load the official AdaFace checkpoints.

Layout as in mk-minchul/AdaFace ``net.py``: ``input_layer`` (Conv-BN-PReLU), ``output_layer``
(BN2d-Dropout-Flatten-Linear-BN1d without affine) and ``body``, a flat sequence of IR units. The
official IR-50 and IR-101 are built from the same 3x3 ``BasicBlockIR`` unit as IR-18/34 (their key
shapes show it), not from bottleneck units.
"""
from __future__ import annotations

from functools import cache

import torch
from torch import Tensor, nn

from pipeline.recognizers import EMBEDDING_DIM
from pipeline.recognizers.torch_batches import l2_normalize

IR_ARCHS = ("ir_18", "ir_34", "ir_50", "ir_101")
_STAGE_CHANNELS = (64, 128, 256, 512)
_STAGE_UNITS = {
    "ir_18": (2, 2, 2, 2),
    "ir_34": (3, 4, 6, 3),
    "ir_50": (3, 4, 14, 3),
    "ir_101": (3, 13, 30, 3),
}


class BasicBlockIR(nn.Module):
    """Pre-activation residual unit: BN-Conv3x3-BN-PReLU-Conv3x3(stride)-BN plus a shortcut."""

    def __init__(self, in_channels: int, out_channels: int, stride: int) -> None:
        super().__init__()
        if in_channels == out_channels:
            self.shortcut_layer: nn.Module = nn.MaxPool2d(1, stride)
        else:
            self.shortcut_layer = nn.Sequential(
                nn.Conv2d(in_channels, out_channels, 1, stride, bias=False),
                nn.BatchNorm2d(out_channels),
            )
        self.res_layer = nn.Sequential(
            nn.BatchNorm2d(in_channels),
            nn.Conv2d(in_channels, out_channels, 3, 1, 1, bias=False),
            nn.BatchNorm2d(out_channels),
            nn.PReLU(out_channels),
            nn.Conv2d(out_channels, out_channels, 3, stride, 1, bias=False),
            nn.BatchNorm2d(out_channels),
        )

    def forward(self, x: Tensor) -> Tensor:
        return self.res_layer(x) + self.shortcut_layer(x)


class IResNet(nn.Module):
    """IR backbone for 112x112 inputs; ``forward`` returns ``(embedding / norm, norm)``, norm of shape (N, 1)."""

    def __init__(self, arch: str) -> None:
        super().__init__()
        if arch not in _STAGE_UNITS:
            raise ValueError(f"unknown IR architecture {arch!r}; expected one of {IR_ARCHS}")
        self.input_layer = nn.Sequential(nn.Conv2d(3, 64, 3, 1, 1, bias=False), nn.BatchNorm2d(64), nn.PReLU(64))
        last = _STAGE_CHANNELS[-1]
        self.output_layer = nn.Sequential(
            nn.BatchNorm2d(last),
            nn.Dropout(0.4),
            nn.Flatten(),
            nn.Linear(last * 7 * 7, EMBEDDING_DIM),
            nn.BatchNorm1d(EMBEDDING_DIM, affine=False),
        )
        units: list[nn.Module] = []
        in_channels = 64
        for out_channels, count in zip(_STAGE_CHANNELS, _STAGE_UNITS[arch]):
            units.append(BasicBlockIR(in_channels, out_channels, 2))
            units.extend(BasicBlockIR(out_channels, out_channels, 1) for _ in range(count - 1))
            in_channels = out_channels
        self.body = nn.Sequential(*units)

    def forward(self, x: Tensor) -> tuple[Tensor, Tensor]:
        # The norm is taken in float32 so that fp16 inference cannot overflow it.
        return l2_normalize(self.output_layer(self.body(self.input_layer(x))))


@cache
def layout(arch: str) -> dict[str, tuple[int, ...]]:
    """State-dict keys and tensor shapes of ``arch``, in order (built on the meta device: no memory, no init)."""
    with torch.device("meta"):
        model = IResNet(arch)
    return {key: tuple(value.shape) for key, value in model.state_dict().items()}

