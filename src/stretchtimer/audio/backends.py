"""Audio backends: the ways a cue sound can reach the user.

Each backend's :meth:`~Backend.play` only starts playback and returns; the sound plays on the
library's or the player process's own thread. :class:`~stretchtimer.audio.player.CuePlayer` calls
it from its worker thread, never from the UI's event loop.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

from stretchtimer.audio.sounds import Sound

# How long stopping a sound may take before the next one starts anyway (seconds).
STOP_WAIT = 0.1


class AudioError(Exception):
    """A backend could not start a sound."""


class Backend(Protocol):
    """What every backend does."""

    name: str

    def describe(self) -> str:
        """Return a short description for ``stretchtimer doctor`` and ``paths``."""
        ...

    def play(self, sound: Sound) -> None:
        """Start playing ``sound`` and return at once; a sound still playing is stopped first.

        Raises:
            AudioError: when playback could not start.
        """
        ...

    def stop_all(self) -> None:
        """Stop every sound this backend is playing."""
        ...

    def wait(self, timeout: float) -> bool:
        """Wait until nothing plays; return False if something still plays after ``timeout`` s."""
        ...

    def close(self) -> None:
        """Stop playback, wait for it to end, and release what the backend holds."""
        ...


def _wait_until(done: Callable[[], bool], timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while not done():
        if time.monotonic() >= deadline:
            return False
        time.sleep(0.002)
    return True


class SimpleAudioBackend:
    """Plays the samples from memory with simpleaudio (the ``audio`` extra)."""

    name = "simpleaudio"

    def __init__(self, module: Any, system: str) -> None:
        """Wrap an imported ``simpleaudio`` module.

        Args:
            module: the ``simpleaudio`` module.
            system: the sound system under it, for :meth:`describe` (``ALSA``, ``CoreAudio``...).
        """
        self._sa = module
        self._system = system
        self._playing: list[Any] = []

    def describe(self) -> str:
        """Return e.g. ``simpleaudio (ALSA)``."""
        return f"simpleaudio ({self._system})"

    def _busy(self) -> bool:
        self._playing = [p for p in self._playing if p.is_playing()]
        return bool(self._playing)

    def play(self, sound: Sound) -> None:
        """Start the sound from memory (a sound still playing is stopped first)."""
        if self._busy():
            self.stop_all()
            _wait_until(lambda: not self._busy(), STOP_WAIT)
        try:
            self._playing.append(self._sa.play_buffer(sound.frames, sound.channels, 2, sound.rate))
        except Exception as exc:  # simpleaudio raises its own SimpleaudioError
            raise AudioError(str(exc)) from exc

    def stop_all(self) -> None:
        """Stop the sounds playing."""
        for play in self._playing:
            play.stop()

    def wait(self, timeout: float) -> bool:
        """Wait for the sounds to end."""
        return _wait_until(lambda: not self._busy(), timeout)

    def close(self) -> None:
        """Stop the sounds and wait for simpleaudio's threads to end (exiting earlier can crash)."""
        self.stop_all()
        self.wait(1.0)


class _ScaledFiles:
    """WAV files for player commands: the sound's own file, or a scaled copy written once."""

    def __init__(self) -> None:
        self._tmp: tempfile.TemporaryDirectory[str] | None = None
        self._files: dict[tuple[str, int], Path] = {}

    def path_for(self, sound: Sound) -> Path:
        """Return a file holding exactly the sound's samples."""
        if not sound.scaled:
            return sound.path
        key = (str(sound.path), sound.volume)
        path = self._files.get(key)
        if path is None:
            if self._tmp is None:
                self._tmp = tempfile.TemporaryDirectory(prefix="stretchtimer-sounds-")
            path = Path(self._tmp.name) / f"{sound.path.stem}-{sound.volume}.wav"
            write_wav(path, sound)
            self._files[key] = path
        return path

    def cleanup(self) -> None:
        """Delete the scaled copies."""
        if self._tmp is not None:
            self._tmp.cleanup()
            self._tmp = None
            self._files.clear()


class CommandBackend:
    """Plays each sound's WAV file with a player command (``pw-play``, ``paplay``, ``aplay``...)."""

    name = "command"

    def __init__(self, argv: list[str]) -> None:
        """Use a player command.

        Args:
            argv: the command and its options; the WAV file's path is appended.
        """
        self.argv = list(argv)
        self._procs: list[subprocess.Popen[bytes]] = []
        self._files = _ScaledFiles()

    def describe(self) -> str:
        """Return e.g. ``aplay command``."""
        return f"{Path(self.argv[0]).name} command"

    def _busy(self) -> bool:
        self._procs = [p for p in self._procs if p.poll() is None]
        return bool(self._procs)

    def play(self, sound: Sound) -> None:
        """Start the player on the sound's file (a sound still playing is stopped first)."""
        if self._busy():
            self.stop_all()
            _wait_until(lambda: not self._busy(), STOP_WAIT)
        try:
            proc = subprocess.Popen(
                [*self.argv, str(self._files.path_for(sound))],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,  # the child's stderr, not ours
            )
        except OSError as exc:
            raise AudioError(f"{self.argv[0]}: {exc.strerror or exc}") from exc
        self._procs.append(proc)

    def stop_all(self) -> None:
        """Terminate the player processes still running."""
        for proc in self._procs:
            if proc.poll() is None:
                proc.terminate()

    def wait(self, timeout: float) -> bool:
        """Wait for the player processes to exit."""
        return _wait_until(lambda: not self._busy(), timeout)

    def close(self) -> None:
        """Stop the players, reap them, and delete the scaled copies."""
        self.stop_all()
        if not self.wait(1.0):
            for proc in self._procs:
                proc.kill()
            self.wait(1.0)
        self._files.cleanup()


class WinsoundBackend:
    """Plays each sound's WAV file with Windows' ``winsound`` module, asynchronously."""

    name = "winsound"

    def __init__(self, module: Any) -> None:
        """Wrap the imported ``winsound`` module."""
        self._ws = module
        self._files = _ScaledFiles()
        self._until = 0.0

    def describe(self) -> str:
        """Return ``winsound``."""
        return "winsound"

    def play(self, sound: Sound) -> None:
        """Start the sound; winsound itself stops the one playing."""
        flags = self._ws.SND_FILENAME | self._ws.SND_ASYNC | self._ws.SND_NODEFAULT
        try:
            self._ws.PlaySound(str(self._files.path_for(sound)), flags)
        except (RuntimeError, OSError) as exc:
            raise AudioError(str(exc)) from exc
        self._until = time.monotonic() + sound.seconds

    def stop_all(self) -> None:
        """Stop the sound playing (``PlaySound(None, 0)`` stops any waveform sound)."""
        self._ws.PlaySound(None, 0)
        self._until = 0.0

    def wait(self, timeout: float) -> bool:
        """Wait until the last sound's length has passed."""
        return _wait_until(lambda: time.monotonic() >= self._until, timeout)

    def close(self) -> None:
        """Stop the sound and delete the scaled copies."""
        self.stop_all()
        self._files.cleanup()


class BellBackend:
    """Rings the terminal bell for every cue: one sound for all, but better than nothing."""

    name = "bell"

    def __init__(self, ring: Callable[[], None] | None = None) -> None:
        """Use a bell.

        Args:
            ring: rings the bell; called on the cue player's worker thread, so it must not
                wait for the UI (Textual's ``app.bell`` only queues a write and is fine). None
                writes a BEL character to standard output.
        """
        self._ring = ring or _write_bell

    def describe(self) -> str:
        """Return ``terminal bell``."""
        return "terminal bell"

    def play(self, sound: Sound) -> None:
        """Ring the bell."""
        try:
            self._ring()
        except Exception as exc:  # a UI that is shutting down
            raise AudioError(f"bell: {exc}") from exc

    def stop_all(self) -> None:
        """Do nothing: a bell cannot be stopped."""

    def wait(self, timeout: float) -> bool:
        """Return True: nothing to wait for."""
        return True

    def close(self) -> None:
        """Do nothing."""


def _write_bell() -> None:
    sys.stdout.write("\a")
    sys.stdout.flush()


class SilentBackend:
    """Plays nothing; ``reason`` says why, for the notice the user sees."""

    name = "off"

    def __init__(self, reason: str) -> None:
        """Stay silent.

        Args:
            reason: e.g. ``no audio device found`` or ``sound turned off``.
        """
        self.reason = reason

    def describe(self) -> str:
        """Return ``silent: <reason>``."""
        return f"silent: {self.reason}"

    def play(self, sound: Sound) -> None:
        """Do nothing."""

    def stop_all(self) -> None:
        """Do nothing: a bell cannot be stopped."""

    def wait(self, timeout: float) -> bool:
        """Return True: nothing to wait for."""
        return True

    def close(self) -> None:
        """Do nothing."""


def write_wav(path: Path, sound: Sound) -> None:
    """Write a sound's samples as a 16-bit PCM WAV file."""
    import wave

    with wave.open(str(path), "wb") as out:
        out.setnchannels(sound.channels)
        out.setsampwidth(2)
        out.setframerate(sound.rate)
        out.writeframes(sound.frames)
