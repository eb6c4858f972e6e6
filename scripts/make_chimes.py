"""Writes the kiosk's two chimes (resources/sounds/*.wav): a rising two-note chime for a check-in or check-out
that counted, a low falling one for a refusal. Synthesised here (no recording, no licence but the project's):

    .venv/bin/python scripts/make_chimes.py
"""
from __future__ import annotations

import wave
from pathlib import Path

import numpy as np

RATE = 44_100
SOUNDS = Path(__file__).resolve().parents[1] / "resources" / "sounds"


def note(frequency: float, seconds: float, volume: float) -> np.ndarray:
    """A bell-like note: the tone and a soft octave, struck and dying away, without a click at either end."""
    t = np.arange(int(RATE * seconds)) / RATE
    tone = np.sin(2 * np.pi * frequency * t) + 0.3 * np.sin(4 * np.pi * frequency * t)
    envelope = np.minimum(1.0, t / 0.005) * np.exp(-t * 6.0) * np.minimum(1.0, (seconds - t) / 0.02)
    return volume * tone * envelope / 1.3


def write(name: str, notes: list[tuple[float, float]], volume: float) -> Path:
    samples = np.concatenate([note(frequency, seconds, volume) for frequency, seconds in notes])
    path = SOUNDS / name
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(RATE)
        out.writeframes((np.clip(samples, -1, 1) * 32767).astype("<i2").tobytes())
    return path


def main() -> None:
    SOUNDS.mkdir(parents=True, exist_ok=True)
    print(write("check_in.wav", [(659.25, 0.16), (987.77, 0.42)], 0.45))  # E5 then B5: up, bright
    print(write("refusal.wav", [(220.0, 0.22), (164.81, 0.45)], 0.55))  # A3 then E3: down, low


if __name__ == "__main__":
    main()
