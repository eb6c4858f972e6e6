"""Which liveness model files to load: known without importing the networks (or torch)."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class LivenessWeights:
    """One liveness model file: its architecture and the context its crops take."""

    path: Path
    arch: str
    crop_scale: float
