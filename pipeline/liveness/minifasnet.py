"""MiniFASNet (minivision-ai/Silent-Face-Anti-Spoofing, Apache-2.0), written from the paper's layout.

A pruned MobileFaceNet on 80x80 BGR crops with pixel values 0-255 (not scaled): a stem, three
down-sampling bottlenecks each followed by residual bottlenecks, a 5x5 depthwise "global" layer and
a 128-d embedding classified into 3 classes (index 1 = live). V1SE adds squeeze-and-excitation to
the last residual block of each stage. Module names follow the published checkpoints, so their
state dicts (minus DataParallel's ``module.`` prefix) load with ``strict=True``.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch
from torch import Tensor, nn

from pipeline.liveness.scorer import LIVE_CLASS
from pipeline.liveness.weights import LivenessWeights
from pipeline.recognizers.checkpoints import load_state_dict, load_strict
from pipeline.recognizers.torch_batches import resolve_device

CLASSES = 3
EMBEDDING = 128


@dataclass(frozen=True)
class Widths:
    """Expansion widths of every bottleneck (the pruning result of each published model)."""

    down_23: int
    stage_3: tuple[int, ...]
    down_34: int
    stage_4: tuple[int, ...]
    down_45: int
    stage_5: tuple[int, ...]


V1_WIDTHS = Widths(103, (13, 26, 13, 52), 231, (154, 52, 26, 52, 26, 26), 308, (26, 26))
V2_WIDTHS = Widths(103, (13, 13, 13, 13), 231, (231, 52, 26, 77, 26, 26), 308, (26, 26))


class ConvUnit(nn.Module):
    """Convolution without bias, batch norm, then PReLU unless ``linear``."""

    def __init__(
        self, cin: int, cout: int, kernel: int = 1, stride: int = 1, padding: int = 0, groups: int = 1,
        linear: bool = False,
    ) -> None:
        super().__init__()
        self.conv = nn.Conv2d(cin, cout, kernel, stride, padding, groups=groups, bias=False)
        self.bn = nn.BatchNorm2d(cout)
        self.prelu = None if linear else nn.PReLU(cout)

    def forward(self, x: Tensor) -> Tensor:
        x = self.bn(self.conv(x))
        return x if self.prelu is None else self.prelu(x)


class SqueezeExcite(nn.Module):
    """Channel gates from the pooled feature: 1x1 conv down by ``reduction``, ReLU, 1x1 conv up, sigmoid."""

    def __init__(self, channels: int, reduction: int = 4) -> None:
        super().__init__()
        self.fc1 = nn.Conv2d(channels, channels // reduction, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(channels // reduction)
        self.fc2 = nn.Conv2d(channels // reduction, channels, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(channels)

    def forward(self, x: Tensor) -> Tensor:
        gate = x.mean(dim=(2, 3), keepdim=True)
        gate = self.bn2(self.fc2(self.bn1(self.fc1(gate)).relu())).sigmoid()
        return x * gate


class Bottleneck(nn.Module):
    """1x1 expansion, 3x3 depthwise, 1x1 linear projection; residual when shapes allow, SE optional."""

    def __init__(self, cin: int, width: int, cout: int, stride: int, squeeze: bool = False) -> None:
        super().__init__()
        self.conv = ConvUnit(cin, width)
        self.conv_dw = ConvUnit(width, width, 3, stride, 1, groups=width)
        self.project = ConvUnit(width, cout, linear=True)
        self.residual = stride == 1 and cin == cout
        self.se_module = SqueezeExcite(cout) if squeeze else None

    def forward(self, x: Tensor) -> Tensor:
        out = self.project(self.conv_dw(self.conv(x)))
        if not self.residual:
            return out
        if self.se_module is not None:
            out = self.se_module(out)
        return x + out


class Stage(nn.Module):
    """Residual bottlenecks at one width; with ``squeeze`` the last one has SE."""

    def __init__(self, channels: int, widths: tuple[int, ...], squeeze: bool) -> None:
        super().__init__()
        last = len(widths) - 1
        self.model = nn.Sequential(
            *(Bottleneck(channels, w, channels, 1, squeeze and i == last) for i, w in enumerate(widths))
        )

    def forward(self, x: Tensor) -> Tensor:
        return self.model(x)


class MiniFASNet(nn.Module):
    """(N, 3, 80, 80) float BGR 0-255 -> (N, 3) logits."""

    def __init__(self, widths: Widths, squeeze: bool = False) -> None:
        super().__init__()
        self.conv1 = ConvUnit(3, 32, 3, 2, 1)
        self.conv2_dw = ConvUnit(32, 32, 3, 1, 1, groups=32)
        self.conv_23 = Bottleneck(32, widths.down_23, 64, 2)
        self.conv_3 = Stage(64, widths.stage_3, squeeze)
        self.conv_34 = Bottleneck(64, widths.down_34, 128, 2)
        self.conv_4 = Stage(128, widths.stage_4, squeeze)
        self.conv_45 = Bottleneck(128, widths.down_45, 128, 2)
        self.conv_5 = Stage(128, widths.stage_5, squeeze)
        self.conv_6_sep = ConvUnit(128, 512)
        self.conv_6_dw = ConvUnit(512, 512, 5, groups=512, linear=True)  # 80 px in: a 5x5 map here
        self.linear = nn.Linear(512, EMBEDDING, bias=False)
        self.bn = nn.BatchNorm1d(EMBEDDING)
        self.prob = nn.Linear(EMBEDDING, CLASSES, bias=False)

    def forward(self, x: Tensor) -> Tensor:
        x = self.conv2_dw(self.conv1(x))
        x = self.conv_3(self.conv_23(x))
        x = self.conv_4(self.conv_34(x))
        x = self.conv_5(self.conv_45(x))
        x = self.conv_6_dw(self.conv_6_sep(x)).flatten(1)
        return self.prob(self.bn(self.linear(x)))


def minifasnet_v1se() -> MiniFASNet:
    return MiniFASNet(V1_WIDTHS, squeeze=True)


def minifasnet_v2() -> MiniFASNet:
    return MiniFASNet(V2_WIDTHS)


_NETWORKS = {"minifasnet_v2": minifasnet_v2, "minifasnet_v1se": minifasnet_v1se}


def load_network(item: LivenessWeights, *, trusted: bool) -> MiniFASNet:
    """The network of ``item`` with its published weights (DataParallel's ``module.`` prefix dropped), in eval mode."""
    network: MiniFASNet = _NETWORKS[item.arch]()
    state = {k.removeprefix("module."): v for k, v in load_state_dict(item.path, trusted=trusted).items()}
    load_strict(network, state, path=item.path, arch=item.arch)
    return network.eval()


class TorchLiveProbability:
    """One MiniFASNet on a torch device: (N, 80, 80, 3) uint8 BGR crops -> (N,) live probabilities."""

    def __init__(self, item: LivenessWeights, device: str, *, trusted: bool) -> None:
        self.device = resolve_device(device)
        self._network = load_network(item, trusted=trusted).to(self.device)

    def __call__(self, crops: np.ndarray) -> np.ndarray:
        with torch.inference_mode():
            x = torch.from_numpy(crops).to(self.device).permute(0, 3, 1, 2).float()  # raw 0-255 BGR
            return self._network(x).softmax(dim=1)[:, LIVE_CLASS].cpu().numpy()
