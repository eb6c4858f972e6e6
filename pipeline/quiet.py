"""Keeping native libraries' chatter off the kiosk's terminal."""
from __future__ import annotations

import os
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_holders = 0  # threads inside native_stderr_silenced (models load on several threads at once)
_saved: int | None = None  # the real standard error while it is silenced


@contextmanager
def native_stderr_silenced() -> Iterator[None]:
    """Send what C and C++ code writes to the process's standard error (file descriptor 2) to the null
    device for the duration, e.g. LiteRT's "INFO: Created TensorFlow Lite XNNPACK delegate for CPU."
    A model load that fails still says why: the kiosk reports its exception in its own words. Where
    standard error is no file (a test's capture), nothing changes. Threads may overlap: the first one in
    silences it, the last one out gives it back."""
    global _holders, _saved
    try:
        fd = sys.stderr.fileno()
    except (AttributeError, OSError, ValueError):
        yield
        return
    with _lock:
        if _holders == 0:
            sys.stderr.flush()
            _saved = os.dup(fd)
            with open(os.devnull, "wb") as null:
                os.dup2(null.fileno(), fd)
        _holders += 1
    try:
        yield
    finally:
        with _lock:
            _holders -= 1
            if _holders == 0 and _saved is not None:
                os.dup2(_saved, fd)
                os.close(_saved)
                _saved = None
