"""Enrolment from photos: quality gate per photo, embeddings of the accepted ones, look-alike warnings."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from core.errors import KioskError
from pipeline.engine import FaceEngine
from pipeline.gallery import Gallery, LookAlike
from pipeline.images import read_image
from pipeline.quality import FaceQuality, QualityThresholds, assess_face, dominant_face


@dataclass(frozen=True)
class PhotoAssessment:
    """The verdict on one photo; ``vector``/``crop`` are set only when it is accepted."""

    source: str
    reasons: tuple[str, ...]
    faces: int | None = None  # faces the detector found; None when the image could not be read
    quality: FaceQuality | None = None
    vector: np.ndarray | None = None
    embedding_quality: float = 0.0
    crop: np.ndarray | None = None

    @property
    def accepted(self) -> bool:
        return not self.reasons


def assess_image(engine: FaceEngine, image: np.ndarray, source: str, limits: QualityThresholds) -> PhotoAssessment:
    """Detect, pick the dominant face, check its quality, embed it if good."""
    analysis = engine.analyze(image)
    index, why = dominant_face(analysis.detections, limits.dominance)
    faces = len(analysis.detections)
    if index < 0:
        return PhotoAssessment(source, (why,), faces)
    quality = assess_face(
        analysis.detections.landmarks[index], analysis.detections.boxes[index], analysis.aligned.crops[index], limits
    )
    if not quality.accepted:
        return PhotoAssessment(source, quality.reasons, faces, quality)
    return PhotoAssessment(
        source,
        (),
        faces,
        quality,
        analysis.embeddings.vectors[index],
        float(analysis.embeddings.qualities[index]),
        analysis.aligned.crops[index],
    )


def assess_photo(engine: FaceEngine, path: Path, limits: QualityThresholds) -> PhotoAssessment:
    """Like ``assess_image`` for a file; an unreadable file is a rejection with the reader's message."""
    try:
        image = read_image(path)
    except KioskError as exc:
        return PhotoAssessment(str(path), (str(exc),))
    return assess_image(engine, image, str(path), limits)


def find_lookalikes(
    gallery: Gallery, vectors: np.ndarray, threshold: float, exclude_employee: int | None = None
) -> list[LookAlike]:
    """Employees (other than ``exclude_employee``) whose best similarity to any of ``vectors`` reaches ``threshold``."""
    if len(vectors) == 0 or len(gallery) == 0:
        return []
    best = gallery.person_similarities(vectors).max(axis=0)
    found = [
        LookAlike(int(person), float(score))
        for person, score in zip(gallery.people, best)
        if score >= threshold and person != exclude_employee
    ]
    return sorted(found, key=lambda item: -item.similarity)


def similarity_to(gallery: Gallery, vectors: np.ndarray, employee_id: int) -> float | None:
    """The best similarity of ``vectors`` to ``employee_id``'s templates; None when the gallery has none of theirs."""
    columns = np.flatnonzero(gallery.people == employee_id)
    if len(vectors) == 0 or len(columns) == 0:
        return None
    return float(gallery.person_similarities(vectors)[:, columns[0]].max())
