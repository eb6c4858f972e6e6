"""Gallery search and the threshold + margin decision, on synthetic unit vectors."""
from __future__ import annotations

import numpy as np
import pytest

from core.errors import GalleryError
from pipeline.gallery import Gallery


def _unit(v):
    v = np.asarray(v, np.float32)
    return v / np.linalg.norm(v, axis=-1, keepdims=True)


def _gallery():
    rng = np.random.default_rng(0)
    centres = _unit(rng.normal(size=(3, 64)))
    vectors, owners = [], []
    for person, centre in zip((30, 10, 20), centres):
        for _ in range(4):
            vectors.append(_unit(centre + 0.2 * rng.normal(size=64)))
            owners.append(person)
    return Gallery("test", np.stack(vectors), np.array(owners)), centres


def test_top_k_is_per_person_and_sorted():
    gallery, centres = _gallery()
    top = gallery.top_k(centres, k=3)
    assert top.employee_ids[:, 0].tolist() == [30, 10, 20]
    assert all(len(set(row)) == 3 for row in top.employee_ids.tolist())
    assert np.all(np.diff(top.similarities, axis=1) <= 0)


def test_person_similarity_is_max_over_templates():
    gallery, centres = _gallery()
    per_person = gallery.person_similarities(centres[:1])
    for column, person in enumerate(gallery.people):
        rows = gallery.vectors[np.repeat(gallery.people, 4) == person]
        assert per_person[0, column] == pytest.approx(float((rows @ centres[0]).max()), abs=1e-6)


def test_decide_threshold_and_margin():
    base = _unit(np.eye(4, dtype=np.float32))
    gallery = Gallery("test", base[:2], np.array([1, 2]))
    clear = _unit(base[0] + 0.1 * base[2])
    between = _unit(base[0] + base[1])  # equally close to both employees
    far = base[3]
    matches = gallery.decide(np.stack([clear, between, far]), threshold=0.5, margin=0.05)
    assert matches[0].employee_id == 1 and matches[0].margin > 0.9
    assert matches[1].employee_id is None and matches[1].similarity > 0.5 and matches[1].margin < 0.05
    assert matches[2].employee_id is None and matches[2].similarity < 0.5
    # without a margin requirement the ambiguous face goes to one of the two
    assert gallery.decide(between[None], threshold=0.5, margin=0.0)[0].employee_id in (1, 2)


def test_single_employee_margin_against_zero():
    gallery = Gallery("test", _unit([[1.0, 0.0]]), np.array([7]))
    match = gallery.decide(_unit([[1.0, 0.2]]), threshold=0.5, margin=0.1)[0]
    assert match.employee_id == 7 and match.margin == pytest.approx(match.similarity)


def test_empty_gallery_gives_unknown():
    matches = Gallery.empty("test", 8).decide(np.ones((2, 8), np.float32), 0.3, 0.0)
    assert [m.employee_id for m in matches] == [None, None]


def test_other_recognizer_refused():
    gallery = Gallery.empty("adaface_ir_101", 512)
    with pytest.raises(GalleryError, match="cannot be compared"):
        gallery.check_compatible("edgeface_xs_q", 512)
    with pytest.raises(GalleryError, match="dimension"):
        gallery.check_compatible("adaface_ir_101", 128)


def _units(rows: np.ndarray) -> np.ndarray:
    return (rows / np.linalg.norm(rows, axis=1, keepdims=True)).astype(np.float32)


def test_look_alikes_are_found_and_told_apart_by_a_stricter_margin():
    rng = np.random.default_rng(3)
    twin = rng.normal(size=64)
    other = rng.normal(size=64)
    vectors = _units(np.stack([twin + 0.3 * rng.normal(size=64), twin + 0.3 * rng.normal(size=64),  # employee 7
                              twin + 0.3 * rng.normal(size=64),  # employee 9, very like 7
                              other, other + 0.1 * rng.normal(size=64)]))  # employee 4
    gallery = Gallery("r", vectors, np.array([7, 7, 9, 4, 4]))
    pairs = gallery.lookalikes(0.5)
    assert [p.pair for p in pairs] == [(7, 9)] and pairs[0].similarity > 0.5
    probe = _units((twin + 0.3 * rng.normal(size=64))[None])
    plain = gallery.decide(probe, 0.3, 0.0)[0]
    gallery.require_margin(pairs, 0.5)
    strict = gallery.decide(probe, 0.3, 0.0)[0]
    assert plain.employee_id in (7, 9) and strict.employee_id is None  # between twins, a clear lead is needed
    assert gallery.decide(_units(other[None]), 0.3, 0.0)[0].employee_id == 4  # others keep the plain rule


def test_a_face_closer_to_a_rejected_look_than_to_the_employee_is_not_taken_for_them():
    base = _unit(np.eye(4, dtype=np.float32))
    gallery = Gallery("test", base[:2], np.array([1, 2]))
    stranger = _unit(base[0] + 0.8 * base[3])  # taken for employee 1 (0.78) at a low threshold
    assert gallery.decide(stranger[None], threshold=0.5, margin=0.05)[0].employee_id == 1
    gallery.with_rejected(_unit(base[0] + 1.2 * base[3])[None], np.array([1]))  # "not me" said to a look of them
    stranger_again = _unit(base[0] + 0.9 * base[3])  # the same stranger, another day: closer to the rejected look
    decided = gallery.decide(np.stack([stranger_again, base[0], base[1]]), threshold=0.5, margin=0.05)
    assert decided[0].employee_id is None  # not taken for employee 1 any more...
    assert [m.employee_id for m in decided[1:]] == [1, 2]  # ...who, like everybody else, still is themselves
    assert gallery.person_similarities(stranger_again[None])[0, 0] > 0.5  # raw scores (enrolment checks) unchanged


def test_rejected_looks_follow_a_gallery_swapped_for_changed_people():
    base = _unit(np.eye(4, dtype=np.float32))
    gallery = Gallery("test", base[:2], np.array([1, 2])).with_rejected(np.stack([base[3], base[2]]), np.array([1, 2]))
    swapped = gallery.replaced([2], base[1:2], np.array([2]), rejected=(np.zeros((0, 4), np.float32), np.zeros(0, np.int64)))
    assert swapped.rejected_owners.tolist() == [1]  # 1's kept (not changed), 2's now none
    again = swapped.replaced([1], base[:1], np.array([1]), rejected=(base[2:3], np.array([1])))
    assert again.rejected_owners.tolist() == [1] and np.allclose(again.rejected, base[2:3])
