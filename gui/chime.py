"""The optional chime (Settings > Display and sound, off by default): a rising two-note tone when a check-in or
check-out counts, a low falling one when the kiosk refuses a face (a presentation attack).

Played with QtMultimedia's ``QSoundEffect``, which comes with the ``sound`` extra (PySide6-Addons); without it, or
without an audio device, the kiosk stays silent and says why once in ``gui.log``. The sounds are
``resources/sounds/*.wav`` (``scripts/make_chimes.py`` writes them).
"""
from __future__ import annotations

import logging
from collections.abc import Callable
from enum import Enum
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QUrl

from services.greeting import Greeting

log = logging.getLogger(__name__)

SOUNDS_DIR = Path(__file__).resolve().parents[1] / "resources" / "sounds"


class Sound(str, Enum):
    CHECK_IN = "check_in.wav"  # a check-in or a check-out counted
    REFUSAL = "refusal.wav"  # the live check failed

    @property
    def path(self) -> Path:
        return SOUNDS_DIR / self.value


def sound_for(greeting: Greeting) -> Sound | None:
    """The sound a greeting makes: a new punch chimes, a refusal sounds low, a repeat greeting is silent."""
    if greeting.kind in ("in", "out") and greeting.event is not None:
        return Sound.CHECK_IN
    if greeting.kind == "attack":
        return Sound.REFUSAL
    return None


class QtSounds(QObject):
    """Plays the sounds with QtMultimedia, each loaded once; silent (logged once) where it cannot."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._effects: dict[Sound, Any] | None = None
        self.unavailable: str | None = None  # why nothing plays, once known

    def _load(self) -> dict[Sound, Any]:
        if self._effects is None:
            self._effects = {}
            try:
                from PySide6.QtMultimedia import QSoundEffect
            except ImportError as exc:  # PySide6-Addons missing, or its audio library (libpulse)
                self.unavailable = f"no chime: QtMultimedia cannot load ({exc}); install the sound extra (PySide6-Addons)"
                log.warning("%s", self.unavailable)
                return self._effects
            for sound in Sound:
                effect = QSoundEffect(self)
                effect.setSource(QUrl.fromLocalFile(str(sound.path)))
                effect.setVolume(0.8)
                self._effects[sound] = effect
        return self._effects

    def play(self, sound: Sound) -> None:
        effect = self._load().get(sound)
        if effect is None:
            return
        if effect.status() == effect.Status.Error and self.unavailable is None:
            self.unavailable = "no chime: the audio device cannot play it (none, or busy)"
            log.warning("%s", self.unavailable)
        effect.play()


class Chime:
    """Sounds the greetings when the setting ``enabled()`` says so; ``play`` makes the sound (``QtSounds`` by default)."""

    def __init__(self, enabled: Callable[[], bool], play: Callable[[Sound], None]) -> None:
        self._enabled = enabled
        self._play = play

    def greeted(self, greeting: Greeting) -> Sound | None:
        """Play the greeting's sound if the chime is on; returns what was played."""
        sound = sound_for(greeting)
        if sound is None or not self._enabled():
            return None
        self._play(sound)
        return sound
