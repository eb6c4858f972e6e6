"""What the look-by-look cues share: per track, the share of looks that show an attack's trace.

A cue flags each look (or abstains, when the look cannot tell); a track with at least ``min_looks``
looks that did not abstain, of which a share ``min_share`` or more were flagged, is an attack. Such
a cue only ever refuses: looks without the trace prove nothing.
"""
from __future__ import annotations

from abc import ABC, abstractmethod

import numpy as np


class LookShareCue(ABC):
    """Per track: how many looks were counted and how many of them were flagged."""

    def __init__(self, min_looks: int, min_share: float) -> None:
        self.min_looks = min_looks
        self.min_share = min_share
        self._looks: dict[int, tuple[int, int]] = {}  # track -> (looks counted, looks flagged)

    @abstractmethod
    def flag(self, image: np.ndarray, box: np.ndarray) -> bool | None:
        """Whether the face in ``box`` shows the trace; None: this look cannot tell (it is not counted)."""

    def observe(self, track_id: int, image: np.ndarray, box: np.ndarray) -> bool:
        """Look at one face; True when the track is now judged an attack."""
        flagged = self.flag(image, box)
        if flagged is not None:
            looks, hits = self._looks.get(track_id, (0, 0))
            self._looks[track_id] = (looks + 1, hits + int(flagged))
        return self.refuses(track_id)

    def refuses(self, track_id: int) -> bool:
        looks, hits = self._looks.get(track_id, (0, 0))
        return looks >= self.min_looks and hits >= self.min_share * looks

    def share(self, track_id: int) -> float:
        """The share of the track's counted looks that were flagged."""
        looks, hits = self._looks.get(track_id, (0, 0))
        return hits / looks if looks else 0.0

    def forget(self, track_id: int) -> None:
        self._looks.pop(track_id, None)
