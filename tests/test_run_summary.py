"""A run's one frame rate: from the first result to the newest, the models' loading before it left out."""
from __future__ import annotations

import numpy as np
import pytest

from pipeline.types import Frame, FrameResult
from services import video
from services.video import SummaryCollector


def test_the_progress_and_the_summary_give_one_frame_rate(monkeypatch: pytest.MonkeyPatch) -> None:
    clock = iter([100.0, 100.5, 101.0, 101.5, 102.0])  # the collector is made at 0: loading models takes 100 s
    monkeypatch.setattr(video.time, "perf_counter", lambda: next(clock))
    collector = SummaryCollector()
    image = np.zeros((4, 4, 3), np.uint8)
    rates = []
    for index in range(5):
        collector.add(FrameResult(Frame(image, index, index / 2)))
        rates.append(collector.fps)
    assert rates == [0.0, 2.0, 2.0, 2.0, 2.0]
    summary = collector.summary()
    assert (summary.frames, summary.seconds, summary.fps) == (5, 2.0, 2.0)
