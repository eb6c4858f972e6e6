"""Which tracks get model work this frame: the one schedule embeddings and liveness looks share."""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

NEVER = -(10**9)  # "last worked on" of a track never worked on


@dataclass(frozen=True)
class Pace:
    """A track's place in the schedule: the frame it was last worked on and whether it is settled."""

    last: int
    settled: bool


def due_tracks(
    track_ids: Iterable[int],
    frame_index: int,
    pace_of: Callable[[int], Pace | None],
    every_pending: int,
    every_settled: int,
    limit: int,
) -> list[int]:
    """Tracks due now, at most ``limit``: new ones first, then unsettled, then settled, least recently worked on first.

    ``pace_of(track)`` is None for a track never worked on; a pending track is due every
    ``every_pending`` frames, a settled one every ``every_settled``.
    """
    ranked = []
    for track_id in track_ids:
        pace = pace_of(track_id)
        if pace is None:
            ranked.append((0, NEVER, track_id))
            continue
        every = every_settled if pace.settled else every_pending
        if frame_index - pace.last >= every:
            ranked.append((int(pace.settled), pace.last, track_id))
    ranked.sort()
    return [track_id for _, _, track_id in ranked[:limit]]
