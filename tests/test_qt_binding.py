"""The Qt binding itself: faults of a PySide6 release that would bring the kiosk down."""
from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal


class _Emitter(QObject):
    fired = Signal(int)


def test_emitting_a_signal_keeps_python_reference_counts() -> None:
    # PySide6 6.12.0 returned True from Signal.emit without taking a reference, so every emit took one
    # from True; the app emits a few signals per frame, and after ~50,000 (minutes at 30 fps) Python
    # aborted with "bool_dealloc: deallocating True or False". pyproject.toml excludes that release.
    emitter = _Emitter()
    received: list[int] = []
    emitter.fired.connect(received.append)
    before = sys.getrefcount(True)
    for n in range(1000):
        emitter.fired.emit(n)
    assert len(received) == 1000
    assert sys.getrefcount(True) - before > -100  # the faulty release: -1000
