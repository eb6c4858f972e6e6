"""IdentityResolver on synthetic embeddings: scheduling, aggregation, looks, locking, conflicts, re-ID."""
from __future__ import annotations

import numpy as np

from pipeline.gallery import Gallery
from pipeline.recognition import IdentityResolver, RecognitionConfig
from pipeline.types import EmployeeName, IdentityState

DIM = 32
RNG = np.random.default_rng(3)
CENTRES = np.linalg.qr(RNG.normal(size=(DIM, DIM)))[0][:4].astype(np.float32)  # orthonormal identities
NAMES = {1: EmployeeName("E1", "Ada"), 2: EmployeeName("E2", "Bob")}
BOX = np.array([0, 0, 50, 50], np.float32)


def _look(person: int, noise: float = 0.3) -> np.ndarray:
    v = CENTRES[person] + noise * RNG.normal(size=DIM).astype(np.float32) / np.sqrt(DIM)
    return v / np.linalg.norm(v)


def _resolver(**overrides) -> IdentityResolver:
    gallery = Gallery("test", CENTRES[:2], np.array([1, 2]))
    config = RecognitionConfig(**{"min_looks": 2, "unknown_after": 3, **overrides})
    return IdentityResolver(gallery, threshold=0.6, margin=0.1, names=NAMES, config=config)


def _feed(resolver, track_id, person, frame, weight=1.0, noise=0.3):
    resolver.observe([track_id], _look(person, noise)[None], np.array([weight]), frame, frame / 30)


def test_needs_min_looks_then_locks():
    resolver = _resolver()
    _feed(resolver, 7, 0, 0)
    assert resolver.face(7, BOX, False).state is IdentityState.PENDING
    _feed(resolver, 7, 0, 3)
    face = resolver.face(7, BOX, False)
    assert face.state is IdentityState.RECOGNIZED and face.employee_id == 1 and face.label == "Ada" and face.code == "E1"
    assert face.looks == 2 and face.similarity > 0.6


def test_stranger_becomes_stable_visitor():
    resolver = _resolver()
    for frame in range(0, 12, 3):
        _feed(resolver, 5, 3, frame)
    first = resolver.face(5, BOX, False)
    assert first.state is IdentityState.UNKNOWN and first.label == "Visitor 1" and first.employee_id is None
    _feed(resolver, 5, 3, 15)
    assert resolver.face(5, BOX, False).label == "Visitor 1"
    for frame in range(0, 12, 3):
        _feed(resolver, 6, 2, frame)
    assert resolver.face(6, BOX, False).label == "Visitor 2"


def test_quality_weights_favour_good_looks():
    resolver = _resolver(min_looks=3)
    _feed(resolver, 1, 0, 0, weight=10.0, noise=0.1)
    _feed(resolver, 1, 1, 3, weight=0.1, noise=0.1)  # one poor look of someone else barely moves the mean
    _feed(resolver, 1, 0, 6, weight=10.0, noise=0.1)
    assert resolver.face(1, BOX, False).employee_id == 1


def test_due_schedule_priority_and_budget():
    resolver = _resolver(every_pending=3, every_locked=30, max_per_frame=2)
    assert resolver.due([1, 2, 3], 0) == [1, 2]  # new tracks first, budget of 2
    for frame in (0, 3):
        _feed(resolver, 1, 0, frame)
    _feed(resolver, 2, 1, 3)
    # track 1 is locked (every 30 frames), track 2 pending (every 3), track 3 never embedded
    assert resolver.due([1, 2, 3], 4) == [3]
    assert resolver.due([1, 2, 3], 6) == [3, 2]
    assert 1 in resolver.due([1], 33)


def test_two_tracks_claiming_one_employee_keep_the_better():
    resolver = _resolver()
    for frame in (0, 3):
        _feed(resolver, 1, 0, frame, noise=0.05)
        _feed(resolver, 2, 0, frame, noise=0.8)
    faces = {t: resolver.face(t, BOX, False) for t in (1, 2)}
    assert faces[1].employee_id == 1
    assert faces[2].employee_id is None
    _feed(resolver, 2, 0, 6, noise=0.05)
    assert resolver.face(2, BOX, False).employee_id is None  # released for good while track 1 holds Ada


def test_reidentification_continues_a_lost_track():
    resolver = _resolver(reid_seconds=5.0)
    for frame in (0, 3):
        _feed(resolver, 1, 0, frame)
    resolver.forget(1, time_s=1.0)
    _feed(resolver, 9, 0, 60)  # 2 s later, a new track of the same person
    face = resolver.face(9, BOX, False)
    assert face.state is IdentityState.RECOGNIZED and face.looks == 3  # history carried over


def test_reidentification_expires_and_needs_similarity():
    resolver = _resolver(reid_seconds=1.0)
    for frame in (0, 3):
        _feed(resolver, 1, 0, frame)
    resolver.forget(1, time_s=0.1)
    _feed(resolver, 9, 1, 30)  # someone else: not a continuation
    assert resolver.face(9, BOX, False).looks == 1
    _feed(resolver, 10, 0, 300)  # the right person, but 10 s later: expired
    assert resolver.face(10, BOX, False).looks == 1


def test_identity_switch_restarts_the_track():
    resolver = _resolver()
    for frame in (0, 3, 6):
        _feed(resolver, 1, 0, frame, noise=0.1)
    assert resolver.face(1, BOX, False).employee_id == 1
    _feed(resolver, 1, 1, 9, noise=0.1)  # the box now holds Bob
    face = resolver.face(1, BOX, False)
    assert face.employee_id is None and face.looks == 1
    _feed(resolver, 1, 1, 12, noise=0.1)
    assert resolver.face(1, BOX, False).employee_id == 2


def test_a_visitor_who_stays_has_a_work_budget():
    """A stranger standing in view for 10 s is embedded ``visitor_looks`` times, then only now and then."""
    resolver = _resolver(every_pending=3, every_locked=30, visitor_looks=6)
    looks = 0
    for frame in range(300):
        if resolver.due([9], frame):
            _feed(resolver, 9, 2, frame)  # person 2 is not enrolled
            looks += 1
    assert resolver.face(9, BOX, False).state is IdentityState.UNKNOWN
    pending_phase = 6 * 3  # six looks at the pending cadence
    assert looks <= 6 + (300 - pending_phase) // 30 + 1  # about 16 instead of 100
    assert looks > 6  # still re-checked: a late match stays possible
