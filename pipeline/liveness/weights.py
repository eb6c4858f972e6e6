"""Which liveness model files to load: known without importing the networks (or torch)."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import get_args

from pipeline.registry import LivenessArch

LIVENESS_ARCHS: tuple[str, ...] = get_args(LivenessArch)


@dataclass(frozen=True)
class LivenessWeights:
    """One liveness model file: its architecture and the context its crops take."""

    path: Path
    arch: str
    crop_scale: float
