"""Shared fixtures: where the real models and media live (``../shared``), skipping cleanly without them."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

PROJECT_ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("KIOSK_SHARED_DIR", PROJECT_ROOT.parent / "shared"))


def shared_path(relative: str) -> Path:
    """Path of a file under ../shared, or skip the test saying what is missing."""
    path = SHARED / relative
    if not path.exists():
        pytest.skip(f"needs {path} (real models/media from ../shared; absent on this machine)")
    return path


@pytest.fixture
def shared() -> Path:
    if not SHARED.is_dir():
        pytest.skip(f"needs the ../shared folder with real models and media ({SHARED} is absent)")
    return SHARED
