"""Face recognizers: aligned 112x112 BGR uint8 crops in, unit embeddings plus a quality value out.

``build_recognizer`` is the entry point. It imports no model library itself: an EdgeFace model on the
CPU runs through ONNX Runtime from its export (``pipeline.exported``), without torch; AdaFace, and
EdgeFace on a GPU, run on torch (``pipeline.recognizers.torch_batches`` and the model modules).
"""
from __future__ import annotations

import logging
from pathlib import Path

from core.errors import ModelError
from pipeline.interfaces import Recognizer

log = logging.getLogger(__name__)
ADAFACE_ARCHS = ("adaface_ir_18", "adaface_ir_34", "adaface_ir_50", "adaface_ir_101")
EDGEFACE_ARCHS = ("edgeface_xs", "edgeface_xs_q", "edgeface_xxs", "edgeface_xxs_q")
RECOGNIZER_ARCHS = ADAFACE_ARCHS + EDGEFACE_ARCHS
CROP_SHAPE = (112, 112, 3)
EMBEDDING_DIM = 512
CPU_DEVICES = ("auto", "cpu")  # an INT8 model runs on the CPU under "auto" too


def build_recognizer(
    arch: str,
    weights: Path,
    device: str = "auto",
    trusted: bool = False,
    batch_size: int = 32,
    *,
    precision: str = "auto",
    compiled: bool = False,
    threads: int = 1,
) -> Recognizer:
    """Load recognizer ``arch`` (one of RECOGNIZER_ARCHS) from ``weights`` onto ``device``.

    EdgeFace on the CPU (INT8 models always, fp32 ones when ``device`` is ``cpu``) runs through ONNX Runtime
    with ``threads`` threads. ``precision`` and ``compiled`` apply to AdaFace; EdgeFace runs in fp32, eagerly,
    and says so when asked otherwise (a setting kept from an AdaFace configuration must not stop the kiosk).
    """
    if arch in ADAFACE_ARCHS:
        from pipeline.recognizers.adaface import AdaFaceRecognizer

        return AdaFaceRecognizer(
            arch, weights, device, trusted=trusted, batch_size=batch_size, precision=precision, compiled=compiled
        )
    if arch not in EDGEFACE_ARCHS:
        raise ModelError(f"unknown recognizer {arch!r}; choose one of {', '.join(RECOGNIZER_ARCHS)}")
    if precision not in ("auto", "fp32") or compiled:
        log.warning("%s runs in fp32 without torch.compile: precision and compile apply to AdaFace only", arch)
    quantized = arch.endswith("_q")
    if device == "cpu" or (quantized and device == "auto"):
        from pipeline.recognizers.onnx_recognizer import OnnxRecognizer

        return OnnxRecognizer.edgeface(arch, weights, trusted=trusted, batch_size=batch_size, threads=threads)
    from pipeline.recognizers.edgeface import EdgeFaceRecognizer

    return EdgeFaceRecognizer(arch, weights, device, trusted=trusted, batch_size=batch_size)
