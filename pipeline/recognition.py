"""Who is each track? Embeddings scheduled per track, aggregated by quality, decided with looks,
threshold and margin, locked, de-duplicated across live tracks, and re-identified after a loss."""
from __future__ import annotations

import itertools
import threading
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field

import numpy as np

from core.config import VideoSettings
from pipeline.gallery import Gallery
from pipeline.schedule import NEVER, Pace, due_tracks
from pipeline.types import UNKNOWN_NAME, VISITOR_LABEL, EmployeeName, IdentityState, Match, TrackedFace


@dataclass(frozen=True)
class RecognitionConfig:
    every_pending: int = 3  # frames between embeddings of a track not yet recognised
    every_locked: int = 30  # frames between confirming embeddings once locked
    max_per_frame: int = 8  # embeddings per frame at most: a crowd cannot stall the pipeline
    min_looks: int = 2  # embeddings needed before a decision
    unknown_after: int = 4  # looks after which an unmatched track is shown as a visitor
    visitor_looks: int = 12  # a visitor's work budget: after this many looks, embedded only every ``every_locked``
    reid_seconds: float = 10.0  # how long a lost track can be re-found
    reid_threshold: float = 0.55  # cosine similarity of track means to continue a lost track
    switch_threshold: float = 0.2  # a look this far from its track's mean is someone else: the track restarts

    @classmethod
    def from_settings(cls, video: VideoSettings) -> RecognitionConfig:
        return cls(
            every_pending=video.embed_every, every_locked=video.embed_every_locked, max_per_frame=video.max_embeddings_per_frame,
            min_looks=video.min_looks, reid_seconds=video.reid_seconds, reid_threshold=video.reid_threshold,
        )


@dataclass
class TrackMemory:
    """Everything learnt about one person along a track (and the tracks it was re-identified with)."""

    vector_sum: np.ndarray  # quality-weighted sum of the unit embeddings; its direction is the track's mean
    looks: int = 0
    last_embedded: int = NEVER
    match: Match = field(default_factory=lambda: Match(None, 0.0, 0.0))
    locked: bool = False
    visitor: int = 0  # anonymous label number, 0 = none yet
    excluded: set[int] = field(default_factory=set)  # employees another live track holds more surely
    lost_at: float = 0.0

    def add(self, vector: np.ndarray, weight: float, frame_index: int) -> None:
        self.vector_sum += weight * vector
        self.looks += 1
        self.last_embedded = frame_index

    def mean(self) -> np.ndarray:
        norm = float(np.linalg.norm(self.vector_sum))
        return self.vector_sum / norm if norm > 0 else self.vector_sum


@dataclass(frozen=True)
class _Swap:
    gallery: Gallery
    names: dict[int, EmployeeName]
    threshold: float
    margin: float
    dropped: frozenset[int]


class IdentityResolver:
    """Per-track identity state machine over one gallery.

    ``due`` says which tracks to embed this frame, ``observe`` folds new embeddings in and
    decides, ``forget`` moves a lost track to the re-identification pool, ``faces`` renders the
    state for display. Employee names come from ``names`` (id -> ``EmployeeName``).
    """

    def __init__(
        self,
        gallery: Gallery,
        threshold: float,
        margin: float,
        names: Mapping[int, EmployeeName],
        config: RecognitionConfig = RecognitionConfig(),
    ) -> None:
        self.gallery = gallery
        self.threshold = threshold
        self.margin = margin
        self.names = names
        self.config = config
        self._live: dict[int, TrackMemory] = {}
        self._lost: dict[int, TrackMemory] = {}
        self._visitors = itertools.count(1)
        self._swap_lock = threading.Lock()
        self._swap: _Swap | None = None  # a gallery handed over by another thread, taken up at the next frame

    def swap(self, gallery: Gallery, names: Mapping[int, EmployeeName], threshold: float, margin: float, dropped: Collection[int] = ()) -> None:
        """Decide with ``gallery``, ``names``, ``threshold`` and ``margin`` from the next frame on, and forget every
        decision about the ``dropped`` people (erased, deactivated): their tracks start again as strangers and the
        re-identification pool lets go of them. Safe from any thread; swaps handed over before the recognition
        thread took them up add up."""
        with self._swap_lock:
            earlier = self._swap.dropped if self._swap is not None else frozenset()
            self._swap = _Swap(gallery, dict(names), threshold, margin, earlier | frozenset(int(i) for i in dropped))

    def _take_swap(self) -> None:
        """On the recognition thread: use the gallery ``swap`` handed over, if any."""
        if self._swap is None:
            return
        with self._swap_lock:
            swap, self._swap = self._swap, None
        if swap is None:
            return
        self.gallery, self.names, self.threshold, self.margin = swap.gallery, swap.names, swap.threshold, swap.margin
        for memory in self._live.values():
            if memory.match.employee_id in swap.dropped:
                memory.match = Match(None, memory.match.similarity, memory.match.margin)
                memory.locked = False
        self._lost = {t: m for t, m in self._lost.items() if m.match.employee_id not in swap.dropped}

    def due(self, track_ids: list[int], frame_index: int) -> list[int]:
        """Tracks to embed now, most in need first, at most ``max_per_frame``."""
        self._take_swap()
        config = self.config
        return due_tracks(track_ids, frame_index, self._pace, config.every_pending, config.every_locked, config.max_per_frame)

    def _pace(self, track_id: int) -> Pace | None:
        memory = self._live.get(track_id)
        if memory is None:
            return None
        # recognised tracks and visitors past their budget (as frigate limits attempts) are only re-checked now and then
        settled = memory.locked or (memory.visitor > 0 and memory.looks >= self.config.visitor_looks)
        return Pace(memory.last_embedded, settled)

    def observe(self, track_ids: list[int], vectors: np.ndarray, weights: np.ndarray, frame_index: int, time_s: float) -> None:
        """Fold one embedding per track into its memory, re-identify new tracks, then decide."""
        self._take_swap()
        for track_id, vector, weight in zip(track_ids, vectors, weights):
            memory = self._live.get(track_id)
            if memory is not None and memory.looks >= self.config.min_looks and float(memory.mean() @ vector) < self.config.switch_threshold:
                self.forget(track_id, time_s)  # the tracker followed a box onto another person
                memory = None
            if memory is None:
                memory = self._reidentify(vector, time_s) or TrackMemory(np.zeros_like(vector))
                self._live[track_id] = memory
            memory.add(vector, float(max(weight, 1e-6)), frame_index)
        self._decide([t for t in track_ids if t in self._live])

    def forget(self, track_id: int, time_s: float) -> None:
        """A track was lost: keep its memory for ``reid_seconds`` in case the person comes back."""
        memory = self._live.pop(track_id, None)
        if memory is not None and memory.looks:
            memory.lost_at = time_s
            self._lost[track_id] = memory

    def face(self, track_id: int, box: np.ndarray, predicted: bool) -> TrackedFace:
        """Display state of one live track."""
        self._take_swap()
        memory = self._live.get(track_id)
        if memory is None:
            return TrackedFace(track_id, box, IdentityState.PENDING, "", predicted=predicted)
        match = memory.match
        if memory.locked and match.employee_id is not None:
            shown = self.names.get(match.employee_id, UNKNOWN_NAME)
            code, name = shown.code, shown.name
            return TrackedFace(
                track_id, box, IdentityState.RECOGNIZED, name, match.employee_id, code,
                match.similarity, match.margin, memory.looks, predicted, vector=memory.mean(),
            )
        if memory.visitor:
            return TrackedFace(
                track_id, box, IdentityState.UNKNOWN, VISITOR_LABEL.format(number=memory.visitor),
                similarity=match.similarity, margin=match.margin, looks=memory.looks, predicted=predicted, visitor=memory.visitor,
            )
        return TrackedFace(track_id, box, IdentityState.PENDING, "", similarity=match.similarity, looks=memory.looks, predicted=predicted)

    def _reidentify(self, vector: np.ndarray, time_s: float) -> TrackMemory | None:
        """The lost track (within ``reid_seconds``) this new face continues, removed from the pool."""
        horizon = time_s - self.config.reid_seconds
        for track_id in [t for t, m in self._lost.items() if m.lost_at < horizon]:
            del self._lost[track_id]
        best_id, best_score = None, self.config.reid_threshold
        for track_id, memory in self._lost.items():
            score = float(memory.mean() @ vector)
            if score >= best_score:
                best_id, best_score = track_id, score
        return self._lost.pop(best_id) if best_id is not None else None

    def _decide(self, track_ids: list[int]) -> None:
        means = np.stack([self._live[t].mean() for t in track_ids]) if track_ids else None
        if means is None:
            return
        matches = self.gallery.decide(means, self.threshold, self.margin)
        for track_id, match in zip(track_ids, matches):
            memory = self._live[track_id]
            if match.employee_id in memory.excluded:
                match = Match(None, match.similarity, match.margin)
            previous = memory.match.employee_id if memory.locked else None
            memory.match = match
            if memory.locked and match.employee_id != previous:
                memory.locked = False  # the aggregate drifted away from the locked employee: decide again
            if not memory.locked and match.is_known and memory.looks >= self.config.min_looks:
                memory.locked = True
                self._resolve_conflict(track_id)
            if not memory.locked and memory.looks >= self.config.unknown_after and not memory.visitor:
                memory.visitor = next(self._visitors)

    def _resolve_conflict(self, track_id: int) -> None:
        """Two live tracks claiming one employee: the more similar keeps the lock, the other decides again."""
        memory = self._live[track_id]
        for other_id, other in self._live.items():
            if other_id == track_id or not other.locked or other.match.employee_id != memory.match.employee_id:
                continue
            loser = memory if memory.match.similarity < other.match.similarity else other
            loser.locked = False
            if loser.match.employee_id is not None:
                loser.excluded.add(loser.match.employee_id)
            loser.match = Match(None, loser.match.similarity, loser.match.margin)
