"""How many threads the kiosk's math libraries use, in one place.

The pipeline has threads of its own (capture, the models' worker, the window), and a kiosk PC runs other
programs beside it, so each network (LiteRT, ONNX Runtime, torch) gets ``model_threads`` threads that sleep
rather than spin when idle (``main.py`` sets ``OMP_WAIT_POLICY=PASSIVE``; ``pipeline.exported`` turns ONNX
Runtime's spinning off), and OpenCV's own pool is limited the same way. The default was measured alone,
beside a CPU-bound program and on one core (`bench beside`, docs/figures.md).
"""
from __future__ import annotations

import os
import sys

DEFAULT_MODEL_THREADS = 2


def model_threads(setting: int | None = None) -> int:
    """``setting`` when given, else the default capped at this machine's cores."""
    return setting or max(1, min(DEFAULT_MODEL_THREADS, os.cpu_count() or 1))


def limit_library_threads(threads: int) -> None:
    """OpenCV's pool, and torch's when torch is loaded, to ``threads``."""
    import cv2

    cv2.setNumThreads(threads)
    torch = sys.modules.get("torch")
    if torch is not None:
        torch.set_num_threads(threads)
