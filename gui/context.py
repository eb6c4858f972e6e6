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
    approved_source: str | None = None  # a video file the admin chose behind the PIN (Settings): its events count

    def records(self, has_pin: bool) -> bool:
        """Whether the source's check-ins go to the attendance record: a camera's always; a video file's only
        when no PIN is set (nobody to ask) or the admin chose it in Settings. Otherwise it is a trial: a
        recording of an employee played to the kiosk must not check them in."""
        is_file = not self.source.isdigit() and "://" not in self.source
        return not is_file or not has_pin or self.approved_source == self.source
