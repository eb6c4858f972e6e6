"""Motion-gated detection: with nobody in view the detector need not run on every frame.

A small blurred grey thumbnail of each frame is compared with a slowly adapting background (a running
average, so slow light changes fade in). A pixel has moved when it differs by more than ``pixel_delta``
(above sensor noise); pixels that keep changing (a flickering screen, leaves) are learnt as restless and
ignored. The scene moves when more than ``min_area`` of the thumbnail has moved. The pipeline detects
while the scene moves or a track is alive, and otherwise only every ``heartbeat_s`` (so someone who walks
in and stands still is still found).
"""
from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np


@dataclass(frozen=True)
class MotionGateConfig:
    width: int = 64  # thumbnail size: enough for a person crossing, blind to sensor grain
    height: int = 36
    pixel_delta: float = 10.0  # 0-255: a pixel moved when it differs from the background by more
    min_area: float = 0.003  # share of thumbnail pixels that must move
    background_rate: float = 0.05  # per frame: how fast the background follows the scene
    restless_rate: float = 0.02  # per frame: how fast a pixel is learnt as restless (or forgotten)
    restless_share: float = 0.3  # a pixel that moved this share of the time is ignored
    heartbeat_s: float = 2.0  # detect at least this often when nothing moves


class MotionGate:
    """``moving(image)`` per frame; ``due(time_s, tracks_alive)`` says whether the detector must run."""

    def __init__(self, config: MotionGateConfig = MotionGateConfig()) -> None:
        self.config = config
        self._background: np.ndarray | None = None
        self._restless: np.ndarray | None = None
        self._last_detect_s: float | None = None
        self.idle = False  # the last frame was skipped for want of motion

    def moving(self, image: np.ndarray) -> bool:
        c = self.config
        small = cv2.resize(cv2.cvtColor(image, cv2.COLOR_BGR2GRAY), (c.width, c.height), interpolation=cv2.INTER_AREA)
        thumb = cv2.GaussianBlur(small, (3, 3), 0).astype(np.float32)
        if self._background is None or self._restless is None:
            self._background, self._restless = thumb, np.zeros_like(thumb)
            return True
        changed = np.abs(thumb - self._background) > c.pixel_delta
        self._restless += c.restless_rate * (changed.astype(np.float32) - self._restless)
        counted = changed & (self._restless < c.restless_share)
        self._background += c.background_rate * (thumb - self._background)
        return float(counted.mean()) > c.min_area

    def due(self, image: np.ndarray, time_s: float, tracks_alive: bool) -> bool:
        """Whether to detect on this frame: motion, a live track, or the heartbeat."""
        moving = self.moving(image)  # every frame, so the background keeps up
        heartbeat = self._last_detect_s is None or time_s - self._last_detect_s >= self.config.heartbeat_s
        run = moving or tracks_alive or heartbeat
        self.idle = not run
        if run:
            self._last_detect_s = time_s
        return run
