"""The cue sounds: their names, and loading the shipped WAV files once, scaled by volume.

The files live in :func:`stretchtimer.locations.sounds_dir` and are made by
``tools/make_sounds.py``: mono, 16-bit PCM. Volume scales the samples (0-100, 100 leaves them as
they are), with clipping, so every backend plays the same loudness.
"""

from __future__ import annotations

import sys
import threading
import wave
from array import array
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from stretchtimer import locations


class Cue(StrEnum):
    """A cue sound; the value is the file name without ``.wav``."""

    START = "start"
    TICK = "tick"
    END = "end"
    SWITCH = "switch"
    REP_UP = "rep_up"
    REP_DOWN = "rep_down"
    FINISHED = "finished"

    @property
    def filename(self) -> str:
        """Return the WAV file's name."""
        return f"{self.value}.wav"


class SoundError(Exception):
    """A sound file is missing or is not a WAV file this app can play."""


@dataclass(frozen=True, slots=True)
class Sound:
    """A cue's samples, ready to play.

    Attributes:
        cue: which cue it is; None for a spoken phrase.
        frames: little-endian signed 16-bit PCM, ``channels`` interleaved.
        rate: sample rate in Hz.
        channels: 1 for mono.
        volume: the volume (0-100) the samples were scaled to.
        path: the file the samples came from (a shipped cue, a rendered phrase).
    """

    cue: Cue | None
    frames: bytes
    rate: int
    channels: int
    volume: int
    path: Path

    @property
    def seconds(self) -> float:
        """Return the sound's length."""
        return len(self.frames) / (2 * self.channels * self.rate)

    @property
    def scaled(self) -> bool:
        """Return True when the samples differ from the shipped file's (volume below 100)."""
        return self.volume != 100


def read_wav(path: Path) -> tuple[bytes, int, int]:
    """Return ``(frames, rate, channels)`` of a 16-bit PCM WAV file.

    Args:
        path: the file.

    Raises:
        SoundError: when the file is missing, unreadable or not 16-bit PCM.
    """
    try:
        with wave.open(str(path), "rb") as wav:
            if wav.getsampwidth() != 2:
                raise SoundError(f"{path}: not 16-bit PCM")
            return wav.readframes(wav.getnframes()), wav.getframerate(), wav.getnchannels()
    except FileNotFoundError as exc:
        raise SoundError(f"{path}: missing") from exc
    except (OSError, EOFError, wave.Error) as exc:
        raise SoundError(f"{path}: cannot read ({exc})") from exc


def scale(frames: bytes, volume: int) -> bytes:
    """Return 16-bit little-endian PCM scaled by ``volume`` percent, clipped to the 16-bit range.

    Args:
        frames: the samples.
        volume: 0-100 (values outside are clamped); 100 returns ``frames`` unchanged.
    """
    volume = max(0, min(100, volume))
    if volume == 100:
        return frames
    samples = array("h", frames)
    if sys.byteorder == "big":  # pragma: no cover - WAV data is little-endian
        samples.byteswap()
    gain = volume / 100
    out = array("h", (max(-32768, min(32767, round(s * gain))) for s in samples))
    if sys.byteorder == "big":  # pragma: no cover
        out.byteswap()
    return out.tobytes()


class SoundBank:
    """Loads each cue's file once, scales it to the volume, and keeps it.

    Safe to use from several threads.
    """

    def __init__(self, volume: int = 100, folder: Path | None = None) -> None:
        """Prepare a bank; nothing is read until a sound is asked for.

        Args:
            volume: 0-100.
            folder: where the WAV files are; :func:`locations.sounds_dir` when None.
        """
        self.volume = max(0, min(100, volume))
        self.folder = folder or locations.sounds_dir()
        self._cache: dict[Cue, Sound] = {}
        self._lock = threading.Lock()

    def get(self, cue: Cue) -> Sound:
        """Return the cue's sound, reading and scaling the file on first use.

        Raises:
            SoundError: when the file is missing or unreadable.
        """
        with self._lock:
            sound = self._cache.get(cue)
            if sound is None:
                path = self.folder / cue.filename
                frames, rate, channels = read_wav(path)
                sound = Sound(cue, scale(frames, self.volume), rate, channels, self.volume, path)
                self._cache[cue] = sound
            return sound

    def load_all(self) -> list[str]:
        """Read every cue's file now; return the problems found (empty when all are fine)."""
        problems = []
        for cue in Cue:
            try:
                self.get(cue)
            except SoundError as exc:
                problems.append(str(exc))
        return problems
