"""The border cue: a face shown on a phone, a tablet or a print has straight edges around it.

Around the face box (``scale`` times its size) edges are found (Canny) and long straight
segments (probabilistic Hough, at least ``min_length`` face heights) are kept when they pass the
face on one side: upright ones left or right of it that span the face's centre row, level ones
above or below it that span its centre column. A bezel or the rim of a print gives two sides or
more; a real head against a wall rarely gives any (a door frame gives one). A track with at
least ``min_looks`` looks, of which a share ``min_share`` or more show ``min_sides`` sides, is a
presentation attack (:class:`LookShareCue`). Like the planar-motion cue it only ever refuses: no edges prove nothing.
It reads pixels the texture networks also see, but by geometry, not by a learned texture.
"""
from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from pipeline.liveness.looks import LookShareCue


@dataclass(frozen=True)
class BorderConfig:
    scale: float = 3.0  # the region searched, in face-box sizes
    min_length: float = 0.7  # shortest segment, in face heights
    min_sides: int = 2  # sides with an edge that make a look a "framed" one
    min_share: float = 0.5  # share of framed looks that makes a track an attack
    min_looks: int = 5  # looks before the cue speaks


def framed_sides(image: np.ndarray, box: np.ndarray, config: BorderConfig = BorderConfig()) -> int:
    """How many sides of the face (left, right, above, below) a long straight edge passes."""
    height, width = image.shape[:2]
    x1, y1, x2, y2 = (float(v) for v in box)
    face_w, face_h = max(x2 - x1, 1.0), max(y2 - y1, 1.0)
    cx, cy = (x1 + x2) / 2, (y1 + y2) / 2
    left, top = int(max(0, cx - face_w * config.scale / 2)), int(max(0, cy - face_h * config.scale / 2))
    right, bottom = int(min(width, cx + face_w * config.scale / 2)), int(min(height, cy + face_h * config.scale / 2))
    if right - left < 8 or bottom - top < 8:
        return 0
    grey = cv2.cvtColor(image[top:bottom, left:right], cv2.COLOR_BGR2GRAY)
    edges = cv2.Canny(cv2.GaussianBlur(grey, (3, 3), 0), 50, 150)
    segments = cv2.HoughLinesP(
        edges, 1, np.pi / 180, 40, minLineLength=int(config.min_length * face_h), maxLineGap=8
    )
    if segments is None:
        return 0
    sides = set()
    for xa, ya, xb, yb in segments.reshape(-1, 4).astype(np.float64) + [left, top, left, top]:
        dx, dy = xb - xa, yb - ya
        if abs(dx) < 0.35 * abs(dy) and min(ya, yb) < cy < max(ya, yb):  # upright, beside the face
            x = (xa + xb) / 2
            if x < x1 - 0.1 * face_w:
                sides.add("left")
            elif x > x2 + 0.1 * face_w:
                sides.add("right")
        elif abs(dy) < 0.35 * abs(dx) and min(xa, xb) < cx < max(xa, xb):  # level, above or below
            y = (ya + yb) / 2
            if y < y1 - 0.1 * face_h:
                sides.add("above")
            elif y > y2 + 0.1 * face_h:
                sides.add("below")
    return len(sides)


class BorderCue(LookShareCue):
    """Per track: the share of looks in which the face is framed by straight edges."""

    def __init__(self, config: BorderConfig = BorderConfig()) -> None:
        super().__init__(config.min_looks, config.min_share)
        self.config = config

    def flag(self, image: np.ndarray, box: np.ndarray) -> bool:
        return framed_sides(image, box, self.config) >= self.config.min_sides
