"""Fakes for the voice tests: an engine that needs no program, a backend that records."""

from __future__ import annotations

import math
import threading
import time
import wave
from array import array
from dataclasses import dataclass, field
from pathlib import Path

from stretchtimer.audio.sounds import Sound

RATE = 22050
SECONDS_PER_CHAR = 0.02


def tone(seconds: float, rate: int = RATE, channels: int = 1) -> bytes:
    """Return a loud 440 Hz tone (no silence to trim), ``channels`` interleaved."""
    count = max(int(seconds * rate), 1)
    samples = array("h")
    for i in range(count):
        value = int(8000 * math.sin(2 * math.pi * 440 * i / rate)) or 1000
        samples.extend([value] * channels)
    return samples.tobytes()


@dataclass
class FakeEngine:
    """Renders a tone as long as the text (``SECONDS_PER_CHAR`` a character)."""

    voice: str = "fake"
    rate: int = 175
    name: str = "fake"
    rendered: list[str] = field(default_factory=list)
    fail: str | None = None
    delay: float = 0.0

    def describe(self) -> str:
        return f"fake (voice {self.voice}, {self.rate} words a minute)"

    def render(self, text: str, path: Path) -> None:
        from stretchtimer.voice.engines import SpeechError

        if self.fail:
            raise SpeechError(self.fail)
        if self.delay:
            time.sleep(self.delay)
        self.rendered.append(text)
        with wave.open(str(path), "wb") as out:
            out.setnchannels(1)
            out.setsampwidth(2)
            out.setframerate(RATE)
            out.writeframes(tone(len(text) * SECONDS_PER_CHAR))


class LogBackend:
    """Records what was played (cue name or ``phrase``) with the sound's samples."""

    name = "log"

    def __init__(self) -> None:
        self.played: list[tuple[str, Sound]] = []
        self.lock = threading.Lock()

    def describe(self) -> str:
        return "log"

    def play(self, sound: Sound) -> None:
        with self.lock:
            self.played.append((sound.cue.value if sound.cue else "phrase", sound))

    def names(self) -> list[str]:
        with self.lock:
            return [name for name, _ in self.played]

    def stop_all(self) -> None:
        pass

    def wait(self, timeout: float) -> bool:
        return True

    def close(self) -> None:
        pass


def require_espeak() -> None:
    """Skip without espeak-ng, except in CI, which installs it: there it is a failure."""
    import os
    import shutil

    import pytest

    if shutil.which("espeak-ng") is None:
        reason = "espeak-ng is not installed (Debian and Ubuntu: apt install espeak-ng)"
        if os.environ.get("CI"):
            pytest.fail(f"{reason}; CI must install it")
        pytest.skip(reason)
