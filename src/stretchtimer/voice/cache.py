"""Rendered phrases, kept on disk in the user's cache folder so each is rendered once.

A phrase's file is named by a hash of the engine (name, version, voice, rate) and the text, so a
change of any of them renders it again. The file holds exactly the samples that are played:
16-bit mono PCM at 22050 Hz with the engine's silence trimmed from both ends. Files are written
to a temporary name in the same folder and renamed into place, so a reader never sees half a
file and two sessions rendering the same phrase do not disturb each other. The cache can be
deleted at any time; phrases unused for :data:`PRUNE_DAYS` days are deleted by the voice.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sys
import tempfile
import time
import wave
from array import array
from pathlib import Path

from stretchtimer import locations
from stretchtimer.audio.sounds import SoundError, read_wav
from stretchtimer.voice.engines import SAMPLE_RATE, SpeechEngine, SpeechError

SILENCE = 200
"""Samples quieter than this (of 32767) at either end of a phrase are trimmed."""
PRUNE_DAYS = 90
"""A phrase not used for this many days is deleted (it is rendered again when needed)."""
LEFTOVER_SECONDS = 3600
"""A temporary file of a render older than this was left by a process that ended mid-way."""
KEEP = int(SAMPLE_RATE * 0.02)
"""Samples of the trimmed silence kept at the end (20 ms) so a phrase does not end abruptly."""


def voice_cache_dir() -> Path:
    """Return the folder of rendered phrases (may not exist yet)."""
    return locations.cache_dir() / "voice"


def _samples(frames: bytes) -> array[int]:
    samples = array("h", frames)
    if sys.byteorder == "big":  # pragma: no cover - WAV data is little-endian
        samples.byteswap()
    return samples


def _bytes(samples: array[int]) -> bytes:
    if sys.byteorder == "big":  # pragma: no cover
        samples = array("h", samples)
        samples.byteswap()
    return samples.tobytes()


def normalise(frames: bytes, rate: int, channels: int) -> bytes:
    """Return 16-bit PCM as mono at :data:`SAMPLE_RATE` with the silence at both ends trimmed.

    Args:
        frames: little-endian 16-bit PCM, ``channels`` interleaved.
        rate: its sample rate.
        channels: 1 or more.
    """
    samples = _samples(frames)
    if channels > 1:
        samples = array(
            "h",
            (
                sum(samples[i : i + channels]) // channels
                for i in range(0, len(samples) - channels + 1, channels)
            ),
        )
    if rate != SAMPLE_RATE and samples:
        step = rate / SAMPLE_RATE
        count = int(len(samples) / step)
        last = len(samples) - 1
        samples = array("h", (samples[min(int(i * step), last)] for i in range(count)))
    if samples:
        start = next((i for i, s in enumerate(samples) if abs(s) > SILENCE), len(samples))
        end = len(samples)
        while end > start and abs(samples[end - 1]) <= SILENCE:
            end -= 1
        samples = samples[start : min(end + KEEP, len(samples))]
    return _bytes(samples)


def write_wav(path: Path, frames: bytes) -> None:
    """Write mono 16-bit PCM at :data:`SAMPLE_RATE` to ``path``."""
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(SAMPLE_RATE)
        out.writeframes(frames)


class PhraseCache:
    """Renders phrases with an engine into the cache folder, once each."""

    def __init__(self, folder: Path | None = None) -> None:
        """Use a cache folder.

        Args:
            folder: where the files go; :func:`voice_cache_dir` when None.
        """
        self.folder = folder or voice_cache_dir()

    def path_for(self, engine: SpeechEngine, text: str) -> Path:
        """Return the file a phrase is kept in (it may not exist yet)."""
        key = json.dumps([engine.describe(), text], ensure_ascii=False)
        digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]
        return self.folder / f"{digest}.wav"

    def store_joined(self, engine: SpeechEngine, parts: tuple[str, ...], frames: bytes) -> Path:
        """Return a file holding ``frames``, the samples of several parts said in a row.

        One part is its own file; several are written once to a file of their own (player
        commands play files).

        Raises:
            SpeechError: when the cache folder cannot be written.
        """
        if len(parts) == 1:
            return self.path_for(engine, parts[0])
        path = self.path_for(engine, "\x00".join(parts))
        if path.exists():
            return path
        try:
            fd, name = tempfile.mkstemp(prefix=".final-", suffix=".wav", dir=self.folder)
            os.close(fd)
            try:
                write_wav(Path(name), frames)
                os.replace(name, path)
            finally:
                Path(name).unlink(missing_ok=True)
        except OSError as exc:
            raise SpeechError(
                f"cannot write the voice cache {self.folder}: {exc.strerror or exc}"
            ) from exc
        return path

    def load(self, engine: SpeechEngine, text: str) -> bytes:
        """Return a phrase's samples (mono 16-bit PCM at 22050 Hz), rendering it if needed.

        Raises:
            SpeechError: when the engine fails or the cache folder cannot be written.
        """
        path = self.path_for(engine, text)
        with contextlib.suppress(SoundError):
            frames, rate, channels = read_wav(path)
            if rate == SAMPLE_RATE and channels == 1:
                with contextlib.suppress(OSError):  # its time of last use, for prune()
                    os.utime(path)
                return frames
        return self._render(engine, text, path)

    def prune(self, max_age_days: float = PRUNE_DAYS, now: float | None = None) -> int:
        """Delete phrases not used for ``max_age_days``, and leftovers of interrupted renders.

        Args:
            max_age_days: how long an unused phrase is kept.
            now: the time (``time.time()`` when None).

        Returns:
            How many files were deleted.
        """
        now = time.time() if now is None else now
        deleted = 0
        try:
            entries = list(self.folder.iterdir())
        except OSError:
            return 0
        for entry in entries:
            if not entry.name.endswith(".wav"):
                continue
            limit = LEFTOVER_SECONDS if entry.name.startswith(".") else max_age_days * 86400
            with contextlib.suppress(OSError):
                if now - entry.stat().st_mtime > limit:
                    entry.unlink()
                    deleted += 1
        return deleted

    def _render(self, engine: SpeechEngine, text: str, path: Path) -> bytes:
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            fd, raw_name = tempfile.mkstemp(prefix=".render-", suffix=".wav", dir=self.folder)
            os.close(fd)
        except OSError as exc:
            raise SpeechError(
                f"cannot write the voice cache {self.folder}: {exc.strerror or exc}"
            ) from exc
        raw = Path(raw_name)
        final = raw.with_name(raw.name.replace(".render-", ".final-"))
        try:
            engine.render(text, raw)
            try:
                frames, rate, channels = read_wav(raw)
            except SoundError as exc:
                raise SpeechError(f"{engine.name} wrote no usable sound ({exc})") from exc
            frames = normalise(frames, rate, channels)
            write_wav(final, frames)
            os.replace(final, path)
        except OSError as exc:
            raise SpeechError(
                f"cannot write the voice cache {self.folder}: {exc.strerror or exc}"
            ) from exc
        finally:
            raw.unlink(missing_ok=True)
            final.unlink(missing_ok=True)
        return frames
