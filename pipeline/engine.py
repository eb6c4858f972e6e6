"""The recognition engine for still images: detect -> align -> embed, in one batch per image."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from pipeline.alignment import align_faces
from pipeline.interfaces import FaceDetector, Recognizer
from pipeline.types import AlignedFaces, Embeddings, FaceDetections


@dataclass(frozen=True)
class FaceAnalysis:
    """Every face of one image: detections, their aligned crops and embeddings (parallel, same order)."""

    detections: FaceDetections
    aligned: AlignedFaces
    embeddings: Embeddings

    def __len__(self) -> int:
        return len(self.detections)


class FaceEngine:
    """Detector + aligner + recognizer, built once by the composition root."""

    def __init__(self, detector: FaceDetector, recognizer: Recognizer) -> None:
        self.detector = detector
        self.recognizer = recognizer

    def analyze(self, image: np.ndarray) -> FaceAnalysis:
        detections = self.detector.detect(image)
        aligned = align_faces(image, detections.landmarks)
        return FaceAnalysis(detections, aligned, self.embed(aligned.crops))

    def embed(self, crops: np.ndarray) -> Embeddings:
        """Embed aligned BGR crops; an empty batch gives empty embeddings without touching the model."""
        if len(crops) == 0:
            return Embeddings.empty(self.recognizer.dim)
        return self.recognizer.embed(crops)
