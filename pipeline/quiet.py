"""Keeping native libraries' chatter off the kiosk's terminal."""
from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def native_stderr_silenced() -> Iterator[None]:
    """Send what C and C++ code writes to the process's standard error (file descriptor 2) to the null
    device for the duration, e.g. LiteRT's "INFO: Created TensorFlow Lite XNNPACK delegate for CPU."
    A model load that fails still says why: the kiosk reports its exception in its own words. Where
    standard error is no file (a test's capture), nothing changes."""
    try:
        fd = sys.stderr.fileno()
    except (AttributeError, OSError, ValueError):
        yield
        return
    sys.stderr.flush()
    saved = os.dup(fd)
    try:
        with open(os.devnull, "wb") as null:
            os.dup2(null.fileno(), fd)
        yield
    finally:
        os.dup2(saved, fd)
        os.close(saved)
