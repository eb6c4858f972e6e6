"""ByteTrack-style multi-object box tracker: Kalman prediction, three association passes, track lifecycle.

Lifecycle: a high-score detection that matches nothing starts a TENTATIVE track; ``min_hits``
consecutive matches make it CONFIRMED; a tentative track that misses a detector frame is REMOVED at
once. A confirmed track that misses a detector frame becomes LOST (kept and predicted, matchable by
high-score detections) and is REMOVED once more than ``max_age`` consecutive frames have passed
without a match. Frames where the detector did not run (``predict_only``) count towards ``max_age``
but never turn a track LOST or remove a tentative one.

Boxes returned: a track matched in this frame carries the matched detection's box unchanged (so it
agrees with that detection's landmarks); every other track carries the Kalman prediction.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import TYPE_CHECKING

import numpy as np

from tracking.association import Assignment, assign, box_cost
from tracking.kalman import BoxNoise, filter_box, make_box_filter, predict_box, update_box

if TYPE_CHECKING:
    from filterpy.kalman import KalmanFilter


class TrackState(Enum):
    TENTATIVE = "tentative"
    CONFIRMED = "confirmed"
    LOST = "lost"
    REMOVED = "removed"


@dataclass(frozen=True)
class Track:
    """A snapshot of one track after a tracker step (later steps never change it)."""

    track_id: int
    box: np.ndarray  # (4,) float32 xyxy: the matched detection's box, else the Kalman prediction
    score: float  # score of the last matched detection
    state: TrackState
    hits: int  # detections matched so far
    age: int  # frames since the track started (0 on its first frame)
    time_since_update: int  # frames since the last matched detection (0 when matched this frame)
    detection_index: int  # row of this frame's detections it matched, -1 if none


@dataclass(frozen=True)
class TrackUpdate:
    """Result of one tracker step."""

    tracks: tuple[Track, ...]  # tentative and confirmed tracks, by increasing track_id
    lost: tuple[int, ...]  # ids of confirmed tracks that became LOST in this step (and were not also removed)
    removed: tuple[int, ...]  # ids of tracks (tentative or lost) REMOVED in this step

    @property
    def confirmed(self) -> tuple[Track, ...]:
        return tuple(t for t in self.tracks if t.state is TrackState.CONFIRMED)


@dataclass(frozen=True)
class TrackerConfig:
    """Thresholds for :class:`Tracker`; IoU gates are minimum IoUs between a predicted box and a detection."""

    high_threshold: float = 0.5  # detections at or above: first and third association, may start tracks
    low_threshold: float = 0.1  # detections in [low, high): second association only; below: ignored
    new_track_threshold: float = 0.6  # an unmatched high detection needs this score to start a track
    match_iou: float = 0.2  # first pass: high detections vs confirmed + lost tracks
    low_match_iou: float = 0.5  # second pass: low detections vs confirmed tracks left over
    tentative_match_iou: float = 0.3  # third pass: remaining high detections vs tentative tracks
    center_weight: float = 0.0  # weight of the normalised centre-distance term added to 1 - IoU
    min_hits: int = 3  # matches (consecutive, on detector frames) that confirm a track
    max_age: int = 30  # frames a lost track is kept without a match
    noise: BoxNoise = field(default_factory=BoxNoise)

    def __post_init__(self) -> None:
        if not 0.0 <= self.low_threshold <= self.high_threshold:
            raise ValueError("TrackerConfig needs 0 <= low_threshold <= high_threshold")
        for name in ("match_iou", "low_match_iou", "tentative_match_iou"):
            if not 0.0 < getattr(self, name) <= 1.0:
                raise ValueError(f"TrackerConfig.{name} must be in (0, 1]")
        if self.min_hits < 1 or self.max_age < 0:
            raise ValueError("TrackerConfig needs min_hits >= 1 and max_age >= 0")


@dataclass(slots=True)
class _LiveTrack:
    """Mutable state the tracker keeps for one track."""

    track_id: int
    kf: KalmanFilter
    box: np.ndarray
    score: float
    state: TrackState
    hits: int = 1
    age: int = 0
    time_since_update: int = 0
    detection_index: int = -1

    def predict(self, noise: BoxNoise) -> None:
        predict_box(self.kf, noise, hold_size=self.state is TrackState.LOST)
        self.box = filter_box(self.kf)
        self.age += 1
        self.time_since_update += 1
        self.detection_index = -1

    def match(self, box: np.ndarray, score: float, index: int, config: TrackerConfig) -> None:
        update_box(self.kf, box, config.noise)
        self.box = box.copy()
        self.score = score
        self.hits += 1
        self.time_since_update = 0
        self.detection_index = index
        if self.state is TrackState.LOST or self.hits >= config.min_hits:
            self.state = TrackState.CONFIRMED

    def snapshot(self) -> Track:
        return Track(
            self.track_id, self.box.copy(), self.score, self.state,
            self.hits, self.age, self.time_since_update, self.detection_index,
        )


class Tracker:
    """Tracks boxes across frames; each instance numbers its own tracks from 1."""

    def __init__(self, config: TrackerConfig = TrackerConfig()) -> None:
        self.config = config
        self._tracks: list[_LiveTrack] = []  # every track not yet removed
        self._next_id = 1

    @property
    def alive(self) -> bool:
        """Whether any track is still kept (tentative, confirmed or lost but re-findable)."""
        return bool(self._tracks)

    def reset(self) -> tuple[int, ...]:
        """Drop every track (e.g. at a scene cut) and return their ids; the id counter keeps counting."""
        removed = tuple(track.track_id for track in self._tracks)
        self._tracks = []
        return removed

    def update(self, boxes: np.ndarray, scores: np.ndarray) -> TrackUpdate:
        """One detector frame: ``boxes`` (N, 4) xyxy and ``scores`` (N,); N may be 0."""
        boxes = np.asarray(boxes, np.float32).reshape(-1, 4)
        scores = np.asarray(scores, np.float32).reshape(-1)
        if len(scores) != len(boxes):
            raise ValueError(f"Tracker.update: {len(boxes)} boxes but {len(scores)} scores")
        if not (np.isfinite(boxes).all() and np.isfinite(scores).all()):
            raise ValueError("Tracker.update: boxes and scores must be finite")
        cfg = self.config
        self._predict_all()

        high = np.flatnonzero(scores >= cfg.high_threshold)
        low = np.flatnonzero((scores >= cfg.low_threshold) & (scores < cfg.high_threshold))
        pool = [t for t in self._tracks if t.state in (TrackState.CONFIRMED, TrackState.LOST)]
        tentative = [t for t in self._tracks if t.state is TrackState.TENTATIVE]

        # 1. high-score detections vs confirmed and lost tracks
        first = self._associate(pool, high, boxes, scores, cfg.match_iou)
        high = high[first.unmatched_cols]
        # 2. low-score detections vs confirmed tracks still unmatched (lost ones stay lost)
        left = [pool[i] for i in first.unmatched_rows if pool[i].state is TrackState.CONFIRMED]
        second = self._associate(left, low, boxes, scores, cfg.low_match_iou)
        lost = [left[i] for i in second.unmatched_rows]
        for track in lost:
            track.state = TrackState.LOST
        # 3. remaining high-score detections vs tentative tracks; a tentative track that misses dies
        third = self._associate(tentative, high, boxes, scores, cfg.tentative_match_iou)
        removed = [tentative[i] for i in third.unmatched_rows]
        for track in removed:
            track.state = TrackState.REMOVED
        for index in high[third.unmatched_cols]:
            if scores[index] >= cfg.new_track_threshold:
                self._start(boxes[index], float(scores[index]), int(index))

        return self._finish(lost=lost, removed=removed)

    def predict_only(self) -> TrackUpdate:
        """A frame the detector skipped: move every track along its velocity; states do not change."""
        self._predict_all()
        return self._finish(lost=[], removed=[])

    def _predict_all(self) -> None:
        for track in self._tracks:
            track.predict(self.config.noise)

    def _associate(
        self, tracks: list[_LiveTrack], det_indices: np.ndarray, boxes: np.ndarray, scores: np.ndarray,
        min_iou: float,
    ) -> Assignment:
        """Match ``tracks`` with the detections at ``det_indices``; matched tracks are updated."""
        track_boxes = np.array([t.box for t in tracks], np.float32).reshape(-1, 4)
        cost = box_cost(track_boxes, boxes[det_indices], self.config.center_weight)
        result = assign(cost, max_cost=1.0 - min_iou)
        for row, col in result.matches:
            index = int(det_indices[col])
            tracks[row].match(boxes[index], float(scores[index]), index, self.config)
        return result

    def _start(self, box: np.ndarray, score: float, index: int) -> None:
        state = TrackState.CONFIRMED if self.config.min_hits <= 1 else TrackState.TENTATIVE
        kf = make_box_filter(box, self.config.noise)
        self._tracks.append(_LiveTrack(self._next_id, kf, box.copy(), score, state, detection_index=index))
        self._next_id += 1

    def _finish(self, lost: list[_LiveTrack], removed: list[_LiveTrack]) -> TrackUpdate:
        """Remove lost tracks past ``max_age``, drop removed ones and report the step."""
        for track in self._tracks:
            if track.state is TrackState.LOST and track.time_since_update > self.config.max_age:
                track.state = TrackState.REMOVED
                removed.append(track)
        self._tracks = [t for t in self._tracks if t.state is not TrackState.REMOVED]
        active = sorted(
            (t for t in self._tracks if t.state in (TrackState.TENTATIVE, TrackState.CONFIRMED)),
            key=lambda t: t.track_id,
        )
        return TrackUpdate(
            tracks=tuple(t.snapshot() for t in active),
            lost=tuple(t.track_id for t in lost if t.state is TrackState.LOST),
            removed=tuple(sorted(t.track_id for t in removed)),
        )
