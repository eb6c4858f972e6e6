"""Noticing this computer's clock jump: the wall clock moved other than the monotonic clock between two looks.

A clock set back is how a check-in gets a faked time; a kiosk says so when it happens (and the record's
verification names links dated before their predecessors)."""
from __future__ import annotations

import time
from collections.abc import Callable

JUMP_TOLERANCE_S = 60.0  # NTP corrects by far less; a DST change moves no UTC clock


class ClockWatch:
    def __init__(
        self, wall: Callable[[], float] = time.time, monotonic: Callable[[], float] = time.monotonic,
        tolerance_s: float = JUMP_TOLERANCE_S,
    ) -> None:
        self._wall, self._monotonic, self._tolerance = wall, monotonic, tolerance_s
        self._last = (wall(), monotonic())

    def jump(self) -> float | None:
        """Seconds the wall clock jumped since the last look (negative: set back), or None within the tolerance."""
        now = (self._wall(), self._monotonic())
        (wall_then, mono_then), self._last = self._last, now
        jumped = (now[0] - wall_then) - (now[1] - mono_then)
        return jumped if abs(jumped) > self._tolerance else None


def jump_text(seconds: float) -> str:
    direction = "back" if seconds < 0 else "forward"
    span = abs(seconds)
    amount = f"{span / 86400:.1f} days" if span >= 86400 else f"{span / 3600:.1f} hours" if span >= 3600 else f"{span / 60:.0f} minutes"
    return f"this computer's clock was set {direction} by {amount}"
