"""The optional chime: a rising tone for a check-in that counted, a low falling one for a refused face, silence for
a repeat greeting and whenever the setting is off; the sounds themselves are what they say."""
from __future__ import annotations

import wave
from datetime import datetime, timezone
from pathlib import Path

import numpy as np
import pytest

from attendance.events import AttendanceEvent
from core.config import AppConfig
from gui.chime import Chime, QtSounds, Sound, sound_for
from services.greeting import Greeting
from services.runtime import Runtime

AT = datetime(2026, 12, 7, 8, 0, tzinfo=timezone.utc)


def greeting(kind: str, punched: bool = True) -> Greeting:
    event = AttendanceEvent(1, "in" if kind != "out" else "out", AT, 0.7, 0.2, "door-1", 1, "edgeface_xs_q") if punched else None
    return Greeting(kind, 1, "Ann", AT, None, None, event)  # type: ignore[arg-type]


def test_each_greeting_makes_its_sound_only_when_the_chime_is_on():
    assert sound_for(greeting("in")) is sound_for(greeting("out")) is Sound.CHECK_IN
    assert sound_for(greeting("attack", punched=False)) is Sound.REFUSAL
    assert sound_for(greeting("already_in", punched=False)) is None  # "already checked in": no new punch, no chime
    played: list[Sound] = []
    on = False
    chime = Chime(lambda: on, played.append)
    assert chime.greeted(greeting("in")) is None and played == []  # off by default
    on = True
    assert chime.greeted(greeting("in")) is Sound.CHECK_IN
    chime.greeted(greeting("attack", punched=False))
    chime.greeted(greeting("already_out", punched=False))
    assert played == [Sound.CHECK_IN, Sound.REFUSAL]


def _pitch(samples: np.ndarray, rate: int) -> float:
    spectrum = np.abs(np.fft.rfft(samples * np.hanning(len(samples))))
    return float(np.fft.rfftfreq(len(samples), 1 / rate)[int(np.argmax(spectrum))])


@pytest.mark.parametrize(("sound", "rising"), [(Sound.CHECK_IN, True), (Sound.REFUSAL, False)])
def test_the_chimes_rise_for_a_check_in_and_fall_for_a_refusal(sound, rising):
    with wave.open(str(sound.path)) as file:
        rate, width, channels = file.getframerate(), file.getsampwidth(), file.getnchannels()
        samples = np.frombuffer(file.readframes(file.getnframes()), "<i2").astype(np.float32) / 32767
    assert (rate, width, channels) == (44_100, 2, 1) and 0.4 < len(samples) / rate < 1.0  # short, and Qt plays 16-bit PCM
    assert 0.3 < np.abs(samples).max() < 0.99 and abs(samples[0]) < 0.01 and abs(samples[-1]) < 0.01  # no clipping, no click
    first, second = _pitch(samples[: len(samples) // 5], rate), _pitch(samples[-len(samples) // 2 :], rate)
    assert (second > first) is rising
    assert (first > 500) is rising  # a check-in is bright, a refusal low


def test_the_live_view_chimes_as_the_setting_says(qtbot, monkeypatch, tmp_path: Path):
    from gui import kiosk_view
    from gui.context import GuiContext

    played: list[Sound] = []

    class Recording:
        def __init__(self, parent: object) -> None:
            pass

        def play(self, sound: Sound) -> None:
            played.append(sound)

    monkeypatch.setattr(kiosk_view, "QtSounds", Recording)
    runtime = Runtime(AppConfig(data_dir=tmp_path / "data"))
    view = kiosk_view.KioskView(GuiContext(runtime, tmp_path / "kiosk.toml", "0"))
    qtbot.addWidget(view)
    view.show_greeting(greeting("attack", punched=False))
    assert played == []
    runtime.config.display.chime = True  # as Settings saves it: the next greeting chimes
    view.show_greeting(greeting("attack", punched=False))
    assert played == [Sound.REFUSAL]
    runtime.close()


def test_without_qtmultimedia_the_kiosk_stays_silent_and_says_why(qtbot, monkeypatch, caplog):
    import builtins

    real_import = builtins.__import__

    def no_multimedia(name: str, *args: object, **kwargs: object) -> object:
        if name == "PySide6.QtMultimedia":
            raise ImportError("libpulse.so.0: cannot open shared object file")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_multimedia)
    sounds = QtSounds()
    sounds.play(Sound.CHECK_IN)
    sounds.play(Sound.REFUSAL)
    assert sounds.unavailable is not None and "install the sound extra" in sounds.unavailable
    assert caplog.text.count("no chime") == 1  # said once


def test_qtmultimedia_loads_the_chimes(qtbot):
    pytest.importorskip("PySide6.QtMultimedia", reason="the sound extra (PySide6-Addons) is not installed")
    from PySide6.QtMultimedia import QSoundEffect

    sounds = QtSounds()
    sounds.play(Sound.CHECK_IN)  # with no audio device it cannot play: no error, and it says so
    effect = sounds._load()[Sound.CHECK_IN]
    qtbot.waitUntil(lambda: effect.status() in (QSoundEffect.Status.Ready, QSoundEffect.Status.Error), timeout=5000)
    sounds.play(Sound.CHECK_IN)
    assert (effect.status() == QSoundEffect.Status.Ready) == (sounds.unavailable is None)
