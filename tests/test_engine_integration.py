"""The engine on real models and photos from ../shared (skipped with a reason where absent)."""
from __future__ import annotations

import csv
from collections import defaultdict

import numpy as np
import pytest

from core.config import AppConfig, DetectorSettings, RecognizerSettings
from pipeline.images import read_image
from pipeline.quality import dominant_face
from services.enrolment import assess_photo
from services.runtime import Runtime
from tests.conftest import shared_path


@pytest.fixture(scope="module")
def runtime(tmp_path_factory) -> Runtime:
    detector = shared_path("models/yolov8n-face_int8.tflite")
    recognizer = shared_path("models/edgeface_xs_q.pt")
    config = AppConfig(
        data_dir=tmp_path_factory.mktemp("data"),
        detector=DetectorSettings(kind="yolo", weights=str(detector)),
        recognizer=RecognizerSettings(arch="edgeface_xs_q", weights=str(recognizer), device="cpu"),
    )
    return Runtime(config)


def _groups() -> dict[str, list[str]]:
    groups: dict[str, list[str]] = defaultdict(list)
    with shared_path("media/deepface_dataset/identities.csv").open() as handle:
        for row in csv.DictReader(handle):
            groups[row["identity_group"]].append(row["file"])
    return groups


def test_rank1_on_deepface_dataset(runtime):
    """Enrol one photo per person, identify every other photo: rank-1 at least 0.98."""
    root = shared_path("media/deepface_dataset")
    queries = []
    for group, files in sorted(_groups().items()):
        enrolled = None
        for name in files:
            assessment = assess_photo(runtime.engine, root / name, runtime.quality_limits)
            if assessment.accepted:
                vectors, qualities = assessment.vector[None], np.array([assessment.embedding_quality], np.float32)
                runtime.store.enrol(group, group, None, runtime.recognizer.name, vectors, qualities)
                enrolled = name
                break
        assert enrolled is not None, f"no photo of {group} passed the enrolment gate"
        queries += [(group, name) for name in files if name != enrolled]
    gallery = runtime.gallery()
    codes = {e.id: e.code for e in runtime.store.list_employees()}
    correct = 0
    for group, name in queries:
        analysis = runtime.engine.analyze(read_image(root / name))
        index, _ = dominant_face(analysis.detections, 1.0)
        top = gallery.top_k(analysis.embeddings.vectors[index][None], 1)
        correct += codes[int(top.employee_ids[0, 0])] == group
    assert len(queries) >= 45
    assert correct / len(queries) >= 0.98, f"rank-1 {correct}/{len(queries)}"


def test_adaface_test_images_same_person_scores_highest(runtime):
    root = shared_path("media/adaface_test_images")
    vectors = []
    for name in ("img1.jpeg", "img2.jpeg", "img3.jpeg"):
        analysis = runtime.engine.analyze(read_image(root / name))
        index, _ = dominant_face(analysis.detections, 1.0)
        vectors.append(analysis.embeddings.vectors[index])
    v1, v2, v3 = vectors
    assert float(v1 @ v2) > max(float(v1 @ v3), float(v2 @ v3))


def test_multi_face_photo_is_rejected_for_enrolment(runtime):
    assessment = assess_photo(runtime.engine, shared_path("media/deepface_dataset/selfie-many-people.jpg"), runtime.quality_limits)
    assert not assessment.accepted and "dominant" in assessment.reasons[0]


def test_embeddings_are_unit_vectors(runtime):
    analysis = runtime.engine.analyze(read_image(shared_path("media/deepface_dataset/couple.jpg")))
    assert len(analysis) >= 2
    assert np.allclose(np.linalg.norm(analysis.embeddings.vectors, axis=1), 1.0, atol=1e-4)
