"""The two model interfaces every implementation follows."""
from __future__ import annotations

from typing import Protocol

import numpy as np

from pipeline.types import Embeddings, FaceDetections


class FaceDetector(Protocol):
    """Finds faces with 5 landmarks in a BGR uint8 image."""

    name: str

    def detect(self, image: np.ndarray) -> FaceDetections: ...


class Recognizer(Protocol):
    """Turns aligned 112x112 **BGR** uint8 crops (N, 112, 112, 3) into unit embeddings plus quality.

    Each implementation converts to the channel order and scaling its network was trained with.
    ``name`` is the registry architecture name (e.g. ``edgeface_xs_q``); templates are only ever
    compared with embeddings of the recognizer of the same name. ``norm_is_quality``: the network's
    feature norm measures face quality (AdaFace is trained so), so a track weighs its looks by it.
    """

    name: str
    dim: int
    norm_is_quality: bool

    def embed(self, crops: np.ndarray) -> Embeddings: ...


class LivenessScorer(Protocol):
    """Scores how likely each face box of a BGR uint8 image shows a live person (0..1), one frame at a time."""

    name: str

    def score(self, image: np.ndarray, boxes: np.ndarray) -> np.ndarray: ...
