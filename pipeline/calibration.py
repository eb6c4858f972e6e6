"""Open-set calibration: the match threshold for a target FPIR at the number of people enrolled.

A recognizer's calibration is p(t), the chance that a stranger's best score against one enrolled person
reaches t, measured on a calibration set (`evaluate --open-set --calibrate`, see ``measure.openset``).
With N people enrolled a stranger is taken for somebody with probability FPIR(t, N) = 1 - (1 - p(t))^N,
so the threshold for a target FPIR grows with the gallery: the admin chooses the target (e.g. 1 stranger
in 200), and the kiosk derives the cosine threshold from it for the gallery it has.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from core.errors import KioskError

CALIBRATION_DIR = Path(__file__).resolve().parents[1] / "resources" / "calibration"
MIN_RATE = 1e-9


@dataclass(frozen=True)
class OpenSetCalibration:
    """p(t) of one recognizer: thresholds ascending, the per-person false-match rate at each (descending)."""

    recognizer: str
    thresholds: np.ndarray
    person_fmr: np.ndarray
    source: str  # what it was measured on, for the docs and the Settings page

    def __post_init__(self) -> None:
        if self.thresholds.shape != self.person_fmr.shape or len(self.thresholds) < 2:
            raise KioskError(f"calibration of {self.recognizer}: thresholds and rates must be two arrays of the same length")
        if np.any(np.diff(self.thresholds) < 0) or np.any(np.diff(self.person_fmr) > 0):
            raise KioskError(f"calibration of {self.recognizer}: thresholds must ascend and rates descend")

    @property
    def resolved(self) -> float:
        """The smallest per-person rate the calibration set could measure (above zero)."""
        positive = self.person_fmr[self.person_fmr > 0]
        return float(positive.min()) if len(positive) else MIN_RATE

    def person_fmr_at(self, threshold: float) -> float:
        log_rate = np.log(np.maximum(self.person_fmr, MIN_RATE))
        return float(np.exp(np.interp(threshold, self.thresholds, log_rate)))

    def fpir_at(self, threshold: float, people: int) -> float:
        """The share of strangers taken for one of ``people`` enrolled people at ``threshold``."""
        return float(1.0 - (1.0 - self.person_fmr_at(threshold)) ** max(1, people))

    def threshold_for(self, target_fpir: float, people: int) -> float:
        """The lowest threshold keeping FPIR at most ``target_fpir`` with ``people`` enrolled (clamped to the
        calibration's range: a target beyond what it measured gets its highest threshold)."""
        if not 0.0 < target_fpir < 1.0:
            raise KioskError(f"a target FPIR is between 0 and 1, got {target_fpir}")
        per_person = 1.0 - (1.0 - target_fpir) ** (1.0 / max(1, people))
        rates = np.maximum(self.person_fmr, MIN_RATE)
        # np.interp needs ascending x: walk the curve from the rare end
        return float(np.interp(np.log(max(per_person, MIN_RATE)), np.log(rates[::-1]), self.thresholds[::-1]))

    def measured(self, target_fpir: float, people: int) -> bool:
        """Whether the calibration set resolved the per-person rate this target needs at this gallery size
        (beyond it the threshold is the highest measured, and the true FPIR may be above the target)."""
        return 1.0 - (1.0 - target_fpir) ** (1.0 / max(1, people)) >= self.resolved

    def to_json(self) -> str:
        return json.dumps({
            "recognizer": self.recognizer, "source": self.source,
            "thresholds": [round(float(t), 6) for t in self.thresholds],
            "person_fmr": [float(f"{r:.6g}") for r in self.person_fmr],
        })

    @classmethod
    def from_json(cls, text: str) -> OpenSetCalibration:
        data = json.loads(text)
        return cls(data["recognizer"], np.array(data["thresholds"], np.float64), np.array(data["person_fmr"], np.float64), data["source"])


def calibration_path(recognizer: str, folder: Path = CALIBRATION_DIR) -> Path:
    return folder / f"{recognizer}.json"


def load_calibration(recognizer: str, folder: Path = CALIBRATION_DIR) -> OpenSetCalibration | None:
    """The shipped calibration of ``recognizer`` (a registry name), None when it has none."""
    path = calibration_path(recognizer, folder)
    if not path.is_file():
        return None
    try:
        return OpenSetCalibration.from_json(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, KeyError) as exc:
        raise KioskError(f"the calibration file {path} is unreadable ({exc}): reinstall face-kiosk") from None
