"""The screen cue: a face shown on a screen has a screen's colours, not skin's.

A phone or a monitor replays a face through its own primaries and its own white point (6500-9300 K,
bluer than the room's light, which the camera's white balance follows), and a face bright enough to
be seen on a screen held to the camera is washed towards it. A lit live face's skin, of any tone, is
warm: red well above blue. So each look measures the skin's *warmth*, the mean of ``(R - B) / (R + G + B)``
over the middle of the face box (cheeks, nose, mouth; no hair or background), and flags the look when
it is below ``max_warmth``. A look abstains when the picture has no colour to judge (a monochrome or
infrared camera) or the face is in poor light (``pipeline.liveness.light``), where noise and the
camera's low-light desaturation cool every face. A track whose counted looks are mostly flagged is an
attack (:class:`LookShareCue`); like the other cues it only ever refuses.

Tuned on the Apfol videos, the ydf1014 bright and original-light crops, the minivision samples and the
``faceset`` people A-L; measured on what it was not tuned on (``scripts/screen_cue.py``, docs/liveness.md).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from pipeline.liveness.light import face_crop, face_light
from pipeline.liveness.looks import LookShareCue

INNER = (0.2, 0.25, 0.8, 0.85)  # the middle of a face box (x1, y1, x2, y2 as fractions): skin, not hair or background


@dataclass(frozen=True)
class ScreenConfig:
    max_warmth: float = 0.02  # a look whose skin is this cool or cooler is flagged
    min_colour: float = 6.0  # a face's surroundings less colourful than this (mean |R-B| + |G-B|, 0-510) cannot tell: abstain
    min_looks: int = 5  # counted looks before the cue speaks
    min_share: float = 0.5  # share of flagged looks that makes a track an attack


def colourfulness(image: np.ndarray, box: np.ndarray) -> float:
    """Mean ``|R - B| + |G - B|`` around the face (three face sizes, every fourth pixel): 0 for a monochrome camera."""
    x1, y1, x2, y2 = (float(v) for v in box)
    cx, cy, half = (x1 + x2) / 2, (y1 + y2) / 2, 1.5 * max(x2 - x1, y2 - y1)
    sample = face_crop(image, np.array([cx - half, cy - half, cx + half, cy + half]))[::4, ::4].astype(np.int16)
    if sample.size == 0:
        return 0.0
    return float((np.abs(sample[..., 2] - sample[..., 0]) + np.abs(sample[..., 1] - sample[..., 0])).mean())


def skin_warmth(image: np.ndarray, box: np.ndarray) -> float | None:
    """The mean ``(R - B) / (R + G + B)`` of the middle of the face in ``box``; None when it holds no lit pixel."""
    x1, y1, x2, y2 = (float(v) for v in box)
    width, height = x2 - x1, y2 - y1
    inner = np.array([x1 + INNER[0] * width, y1 + INNER[1] * height, x1 + INNER[2] * width, y1 + INNER[3] * height])
    pixels = face_crop(image, inner).reshape(-1, 3).astype(np.float32)
    total = pixels.sum(axis=1)
    lit = total > 30  # near-black pixels have no colour to speak of
    if not lit.any():
        return None
    return float(((pixels[lit, 2] - pixels[lit, 0]) / total[lit]).mean())


class ScreenCue(LookShareCue):
    """Per track: the share of looks whose skin has a screen's cool colour."""

    def __init__(self, config: ScreenConfig = ScreenConfig()) -> None:
        super().__init__(config.min_looks, config.min_share)
        self.config = config

    def flag(self, image: np.ndarray, box: np.ndarray) -> bool | None:
        light = face_light(image, box)
        if light is None or light.poor or colourfulness(image, box) < self.config.min_colour:
            return None
        warmth = skin_warmth(image, box)
        return None if warmth is None else warmth < self.config.max_warmth
