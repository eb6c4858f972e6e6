"""Exporting a torch CPU model to ONNX (needs torch; runs once per weights file, see ``pipeline.exported``).

Dynamic-INT8 Linear layers (torch's ``quantize_dynamic``, which EdgeFace's ``_q`` files use) have no
ONNX export of their own. Each is replaced by ``FakeQuantLinear``, which computes what the INT8 kernel
computes: the input quantized per tensor to 7-bit unsigned integers (fbgemm's ``reduce_range``) on its own
min/max, times the INT8 weights, plus the bias; in fp32, so that the result equals torch's up to float
rounding (``tests/test_exported.py`` holds it to 1e-5 on a layer).
"""
from __future__ import annotations

import copy
import warnings
from pathlib import Path

import numpy as np
import torch
from torch import Tensor, nn
from torch.ao.nn.quantized.dynamic import Linear as DynamicInt8Linear

_REDUCED_QMAX = 127.0  # 7-bit activations, as torch's dynamic INT8 Linear quantizes them on x86


class FakeQuantLinear(nn.Module):
    """A dynamic-INT8 Linear in fp32 operations: the same quantization of the input, the same weights."""

    def __init__(self, quantized: DynamicInt8Linear) -> None:
        super().__init__()
        self.weight: Tensor = quantized.weight().dequantize()  # type: ignore[no-untyped-call]
        bias = quantized.bias()  # type: ignore[no-untyped-call]
        self.bias: Tensor | None = None if bias is None else bias.detach().clone()

    def forward(self, x: Tensor) -> Tensor:
        low = torch.clamp(x.min(), max=0.0)
        high = torch.clamp(x.max(), min=0.0)
        scale = (high - low) / _REDUCED_QMAX
        scale = torch.where(scale == 0, torch.full_like(scale, 0.1), scale)  # torch's choice for a constant input
        zero = torch.round(-low / scale).clamp(0, _REDUCED_QMAX)
        q = torch.clamp(torch.round(x / scale) + zero, 0, _REDUCED_QMAX)
        return nn.functional.linear((q - zero) * scale, self.weight, self.bias)


def exportable(model: nn.Module) -> nn.Module:
    """``model`` with every dynamic-INT8 Linear replaced by a FakeQuantLinear (a copy; ``model`` is unchanged)."""
    model = copy.deepcopy(model)
    for name, module in list(model.named_modules()):
        if isinstance(module, DynamicInt8Linear):
            parent, _, child = name.rpartition(".")
            setattr(model.get_submodule(parent), child, FakeQuantLinear(module))
    return model.eval()


def export_onnx(model: nn.Module, sample: Tensor, path: Path) -> None:
    """Write ``model`` (taking a batch like ``sample``, returning one tensor) to ``path`` with a dynamic batch."""
    with torch.no_grad(), warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the TorchScript exporter's deprecation notice
        torch.onnx.export(
            exportable(model), (sample,), str(path), input_names=["input"], output_names=["output"],
            dynamic_axes={"input": {0: "batch"}, "output": {0: "batch"}}, opset_version=17, dynamo=False,
        )


def min_row_cosine(a: np.ndarray, b: np.ndarray) -> float:
    """The lowest cosine between matching rows of ``a`` and ``b`` (N, D)."""
    a, b = a.reshape(len(a), -1).astype(np.float64), b.reshape(len(b), -1).astype(np.float64)
    cos = (a * b).sum(1) / np.maximum(np.linalg.norm(a, axis=1) * np.linalg.norm(b, axis=1), 1e-12)
    return float(cos.min())
