"""What every page of the desktop app is built from (created once in gui/app.py)."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from services.runtime import Runtime


@dataclass
class GuiContext:
    """The runtime (config, store, models on demand), where settings are saved, and the video source."""

    runtime: Runtime
    config_path: Path  # the TOML file the settings page writes
    source: str  # camera index ("0") or a video file path
    loop_video: bool = True  # a video source loops (demos and trials)
