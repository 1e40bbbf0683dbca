"""Choosing an audio backend, and the cue player that turns engine events into sounds.

:func:`choose` tries, in order: simpleaudio (the ``audio`` extra) on a usable device, the
platform's player command (``pw-play``, ``paplay`` or ``aplay`` on Linux, ``afplay`` on macOS,
``winsound`` on Windows), the terminal bell, and finally silence with a notice. A preference
(``auto``, ``simpleaudio``, ``command``, ``bell``, ``off``) puts one of them first or turns sound
off. Probing prints nothing: ALSA's own error lines are caught (see :mod:`.alsa`).

:class:`CuePlayer` is an event sink. Called on the UI's thread, it only maps the event to a cue
and queues it; one worker thread starts playback, so the caller never waits for the audio system.
"""

from __future__ import annotations

import atexit
import contextlib
import importlib
import os
import queue
import shutil
import sys
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from stretchtimer.audio import alsa
from stretchtimer.audio.backends import (
    AudioError,
    Backend,
    BellBackend,
    CommandBackend,
    SilentBackend,
    SimpleAudioBackend,
    WinsoundBackend,
)
from stretchtimer.audio.cues import PRIORITY, cue_for
from stretchtimer.audio.preferences import PREFERENCES
from stretchtimer.audio.requests import (
    GIVE_WAY,
    CueRequest,
    HushRequest,
    PhraseRequest,
    PhraseTiming,
    Request,
    Timing,
    newest_moment,
)
from stretchtimer.audio.sounds import Cue, Sound, SoundBank, SoundError, scale
from stretchtimer.session.events import Event

INSTALL_HINT = "pip install 'stretchtimer[audio]'"


@dataclass(slots=True)
class Choice:
    """The backend chosen, and what was tried on the way.

    Attributes:
        backend: the backend to use.
        preference: the preference it was chosen for.
        tried: one line per backend passed over, saying why (``simpleaudio: not installed ...``).
    """

    backend: Backend
    preference: str = "auto"
    tried: list[str] = field(default_factory=list)

    def describe(self) -> str:
        """Return the backend's description, e.g. ``simpleaudio (ALSA)``."""
        return self.backend.describe()

    @property
    def notice(self) -> str | None:
        """Return a line to show the user when sound is degraded (bell or silent), else None."""
        if isinstance(self.backend, SilentBackend):
            if self.preference == "off":
                return None
            return f"No sound: {self.backend.reason}. Run 'stretchtimer doctor' for details."
        if isinstance(self.backend, BellBackend):
            return "Sound: terminal bell only. Run 'stretchtimer doctor' for details."
        return None


def _system() -> str:
    if sys.platform == "darwin":
        return "CoreAudio"
    if sys.platform == "win32":
        return "WinMM"
    return "ALSA"


def _try_simpleaudio() -> tuple[Backend | None, str]:
    alsa.silence_errors()  # before simpleaudio touches ALSA
    try:
        module = importlib.import_module("simpleaudio")
    except ImportError:
        return None, f"simpleaudio: not installed ({INSTALL_HINT})"
    except OSError as exc:  # the extension cannot load its sound library
        return None, f"simpleaudio: cannot load ({exc})"
    if sys.platform.startswith("linux"):
        problem = alsa.probe_default()
        if problem:
            return None, f"simpleaudio: {problem}"
    return SimpleAudioBackend(module, _system()), ""


def _socket_exists(env: str, *relative: str) -> bool:
    if os.environ.get(env):
        return True
    runtime = os.environ.get("XDG_RUNTIME_DIR")
    return runtime is not None and Path(runtime, *relative).exists()


def _try_command() -> tuple[Backend | None, str]:
    if sys.platform == "win32":
        try:
            return WinsoundBackend(importlib.import_module("winsound")), ""
        except ImportError:  # pragma: no cover - always present on Windows
            return None, "winsound: not available"
    if sys.platform == "darwin":
        found = shutil.which("afplay")
        return (CommandBackend([found]), "") if found else (None, "afplay: not found")
    reasons = []
    candidates: tuple[tuple[str, list[str], Callable[[], bool], str], ...] = (
        ("pw-play", [], lambda: _socket_exists("PIPEWIRE_REMOTE", "pipewire-0"), "no PipeWire"),
        ("paplay", [], lambda: _socket_exists("PULSE_SERVER", "pulse", "native"), "no PulseAudio"),
        ("aplay", ["-q"], lambda: alsa.probe_default() is None, "no ALSA device"),
    )
    for name, options, usable, missing in candidates:
        path = shutil.which(name)
        if path is None:
            reasons.append(f"{name}: not found")
        elif not usable():
            reasons.append(f"{name}: {missing}")
        else:
            return CommandBackend([path, *options]), ""
    return None, "; ".join(reasons)


def _try_bell(ring: Callable[[], None] | None) -> tuple[Backend | None, str]:
    if ring is not None:
        return BellBackend(ring), ""
    try:
        terminal = sys.stdout is not None and sys.stdout.isatty()
    except (AttributeError, ValueError):
        terminal = False
    return (BellBackend(), "") if terminal else (None, "bell: output is not a terminal")


def choose(preference: str = "auto", *, ring: Callable[[], None] | None = None) -> Choice:
    """Pick the audio backend, printing nothing.

    Args:
        preference: ``auto`` for the usual order, ``simpleaudio``, ``command`` or ``bell`` to try
            that one first, ``off`` for silence. Anything else counts as ``auto``.
        ring: rings the terminal bell for the bell backend (the TUI passes Textual's
            ``app.bell``); None writes a BEL character to standard output when it is a terminal.

    Returns:
        The choice; its backend is never None (silence is the last resort).
    """
    if preference == "off":
        return Choice(SilentBackend("sound turned off"), preference)
    if preference not in PREFERENCES:
        preference = "auto"
    tries: dict[str, Callable[[], tuple[Backend | None, str]]] = {
        "simpleaudio": _try_simpleaudio,
        "command": _try_command,
        "bell": lambda: _try_bell(ring),
    }
    order = list(tries)
    if preference in tries:
        order.remove(preference)
        order.insert(0, preference)
    choice = Choice(SilentBackend("no audio device found"), preference)
    for name in order:
        backend, why = tries[name]()
        if backend is not None:
            choice.backend = backend
            return choice
        choice.tried.append(why)
    return choice


class CuePlayer:
    """An event sink that plays each event's cue on a background thread, and spoken phrases.

    Calling it never waits for the audio system: it maps the event to a cue (:func:`cue_for`),
    queues it and yields the GIL once so the worker starts playback at once. (simpleaudio keeps
    the GIL while it opens the device, about 0.6 ms on ALSA, so that moment holds every thread.)
    When cues pile up (a burst of events after the engine caught up) only the newest moment is
    played. Two cues due at the same instant keep the one with the higher :data:`PRIORITY`.

    One sound plays at a time. :meth:`say` queues a spoken phrase (rendered ahead by the
    voice): a phrase for the same moment as the cue just played starts when that cue ends (the
    beep first, then the phrase); otherwise at once. A newer moment's sound cuts a phrase, but
    the countdown ticks and tempo tones (:data:`GIVE_WAY`) are skipped while a phrase speaks.
    Call :meth:`close` before exiting (it is also registered with :mod:`atexit`): it stops
    playback and waits for it to end.
    """

    def __init__(
        self,
        backend: Backend,
        bank: SoundBank | None = None,
        *,
        on_error: Callable[[str], None] | None = None,
    ) -> None:
        """Start the worker thread.

        Args:
            backend: where sounds go.
            bank: the sounds (volume included); the shipped ones at full volume when None.
            on_error: called once, on the worker thread, with the first playback problem.
        """
        self.backend = backend
        self.bank = bank or SoundBank()
        self.on_error = on_error
        self.errors: list[str] = []
        self.timings: deque[Timing] = deque(maxlen=1000)
        self.phrase_timings: deque[PhraseTiming] = deque(maxlen=1000)
        self._queue: queue.Queue[Request | None] = queue.Queue()  # None: stop
        self._pending = 0
        self._idle = threading.Condition()
        self._last: tuple[float, Cue] | None = None
        self._closed = False
        # worker state: the last cue's moment and end, the phrase speaking and its end
        self._cue_at: float | None = None
        self._cue_end = 0.0
        self._speaking: PhraseRequest | None = None
        self._speaking_end = 0.0
        self._thread = threading.Thread(target=self._run, name="stretchtimer-audio", daemon=True)
        self._thread.start()
        atexit.register(self.close)

    def __call__(self, event: Event) -> None:
        """Queue the cue for ``event``, if it has one (the sink interface)."""
        cue = cue_for(event)
        if cue is not None:
            self.request(cue, at=event.at)

    def request(self, cue: Cue, at: float | None = None) -> None:
        """Queue a cue to play now.

        Args:
            cue: the cue.
            at: the engine instant it belongs to; a cue for the same instant as the previous
                one plays only if it has a higher priority.
        """
        now = time.perf_counter()
        if self._closed:
            return
        if at is not None:
            last = self._last
            if last is not None and abs(last[0] - at) < 1e-6 and PRIORITY[cue] <= PRIORITY[last[1]]:
                return
            self._last = (at, cue)
        self._put(CueRequest(cue, at, now))

    def phrase_sound(self, frames: bytes, rate: int, path: Path) -> Sound:
        """Return a phrase's samples as a sound at the player's volume (call it ahead of time).

        Args:
            frames: mono 16-bit PCM.
            rate: its sample rate.
            path: the file the samples came from (player commands play it).
        """
        return Sound(None, scale(frames, self.bank.volume), rate, 1, self.bank.volume, path)

    def say(self, sound: Sound, at: float | None = None, label: str = "") -> None:
        """Queue a spoken phrase (from :meth:`phrase_sound`) to play now, after its moment's cue.

        Args:
            sound: the phrase.
            at: the engine instant it belongs to; when the cue just played is for the same
                instant, the phrase starts as that cue ends.
            label: a name for :attr:`phrase_timings`.
        """
        now = time.perf_counter()
        if self._closed or self.bank.volume == 0:
            return
        self._put(PhraseRequest(sound, at, now, label))

    def hush(self, at: float | None = None) -> None:
        """Stop the phrase being spoken, or waiting for its beep (the session was stopped).

        Args:
            at: the engine instant it belongs to.
        """
        if not self._closed:
            self._put(HushRequest(at, time.perf_counter()))

    def _put(self, item: Request) -> None:
        with self._idle:
            self._pending += 1
        self._queue.put(item)
        # Hand the GIL to the worker now: a caller that goes on running Python (a UI repainting)
        # would otherwise hold it for the 5 ms switch interval or more, delaying the onset.
        time.sleep(0)

    def wait_idle(self, timeout: float = 5.0) -> bool:
        """Wait until every queued sound has been handed to the backend; False on timeout."""
        with self._idle:
            return self._idle.wait_for(lambda: self._pending == 0, timeout)

    def wait_quiet(self, timeout: float = 5.0) -> bool:
        """Wait until every queued sound has been handed over and has finished playing.

        Args:
            timeout: seconds to wait at most.

        Returns:
            False when something still plays after ``timeout``.
        """
        deadline = time.monotonic() + timeout
        if not self.wait_idle(timeout):
            return False
        return self.backend.wait(max(deadline - time.monotonic(), 0.0))

    def _done(self, count: int) -> None:
        with self._idle:
            self._pending -= count
            self._idle.notify_all()

    def _run(self) -> None:
        for problem in self.bank.load_all():
            self._error(problem)
        deferred: tuple[PhraseRequest, float] | None = None  # a phrase waiting for its cue
        while True:
            timeout = None if deferred is None else max(deferred[1] - time.perf_counter(), 0.0)
            try:
                items = [self._queue.get(timeout=timeout)]
            except queue.Empty:
                assert deferred is not None
                self._start_phrase(*deferred)
                deferred = None
                self._done(1)
                continue
            while True:  # keep only the newest moment of a burst
                try:
                    items.append(self._queue.get_nowait())
                except queue.Empty:
                    break
            stop = None in items
            requests = [item for item in items if item is not None]
            if requests:  # before a stop too: the chime asked for just before closing plays
                before = deferred
                deferred = self._serve(newest_moment(requests), deferred)
                if before is not None and deferred is not before:
                    self._done(1)  # the phrase that waited was replaced or cancelled
                if deferred is not None and deferred is not before:
                    self._pending_add(1)
            self._done(len(requests))
            if stop:
                if deferred is not None:
                    self._done(1)
                return

    def _pending_add(self, count: int) -> None:
        with self._idle:
            self._pending += count

    def _serve(
        self, requests: list[Request], deferred: tuple[PhraseRequest, float] | None
    ) -> tuple[PhraseRequest, float] | None:
        """Play one moment's requests; return the phrase left waiting for its cue to end."""
        for request in requests:
            now = time.perf_counter()
            if isinstance(request, HushRequest):
                deferred = None
                if self._speaking is not None and self._speaking_end > now:
                    self.backend.stop_all()
                self._speaking, self._speaking_end = None, 0.0
            elif isinstance(request, CueRequest):
                if self._speaking_end > now and request.cue in GIVE_WAY:
                    continue  # the voice has the floor
                again = self._speaking
                if deferred is not None and deferred[0].at != request.at:
                    deferred = None  # a newer moment: the older phrase is dropped, not delayed
                if self._play(request.cue, request.at, request.requested):
                    self._speaking, self._speaking_end = None, 0.0
                    if (
                        again is not None
                        and again.at is not None
                        and again.at == request.at
                        and deferred is None
                    ):
                        deferred = (again, self._cue_end)  # its cue came second: say it again
            elif request.at is not None and request.at == self._cue_at and self._cue_end > now:
                deferred = (request, self._cue_end)
            else:
                deferred = None
                self._start_phrase(request, now)
        return deferred

    def _play(self, cue: Cue, at: float | None, requested: float) -> bool:
        if self.bank.volume == 0:
            return False
        try:
            sound = self.bank.get(cue)
            called = time.perf_counter()
            self.backend.play(sound)
            returned = time.perf_counter()
            self.timings.append(Timing(cue, requested, called, returned))
            self._cue_at, self._cue_end = at, returned + sound.seconds
            return True
        except (AudioError, SoundError) as exc:
            self._error(str(exc))
        except Exception as exc:  # a backend's surprise must not kill the worker or print
            self._error(f"{type(exc).__name__}: {exc}")
        return False

    def _start_phrase(self, request: PhraseRequest, due: float) -> None:
        try:
            called = time.perf_counter()
            self.backend.play(request.sound)
            returned = time.perf_counter()
        except AudioError as exc:
            self._error(str(exc))
            return
        except Exception as exc:  # a backend's surprise must not kill the worker or print
            self._error(f"{type(exc).__name__}: {exc}")
            return
        self.phrase_timings.append(
            PhraseTiming(request.label, request.at, request.requested, due, called, returned)
        )
        self._speaking, self._speaking_end = request, returned + request.sound.seconds

    def _error(self, message: str) -> None:
        self.errors.append(message)
        if len(self.errors) == 1 and self.on_error is not None:
            with contextlib.suppress(Exception):  # the notice is best effort; playback goes on
                self.on_error(message)

    def close(self, let_finish: float = 0.0) -> None:
        """Stop the worker and playback, and wait for them to end (idempotent).

        Args:
            let_finish: seconds to let a playing sound (the finished chime) end by itself
                before it is stopped.
        """
        if self._closed:
            return
        self._closed = True
        atexit.unregister(self.close)
        self._queue.put(None)
        self._thread.join(timeout=2.0)
        if let_finish > 0:
            self.backend.wait(let_finish)
        self.backend.close()
