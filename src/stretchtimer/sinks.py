"""The one place a session's sinks are assembled, for both front ends: history, sound, voice.

The session driver hands every event to each sink (a plain callable). Sinks must return quickly:
the audio player and the history recorder do their blocking work on their own threads. The cue
player lives as long as the app or the plain run (choosing a backend probes the sound system,
so it is opened once, off any UI loop); each session gets its own history recorder and voice
(which renders the session's phrases on its own thread and speaks through the player), which the
driver closes when the session is over.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from stretchtimer.session.driver import Sink

__all__ = ["SessionSinks", "Sink", "SinksFactory", "wait_for_history", "wait_for_voice"]
from stretchtimer.session.plan import Plan

if TYPE_CHECKING:  # imported when first used, to keep the app's first frame quick
    from pathlib import Path

    from stretchtimer.audio.options import SoundOptions
    from stretchtimer.audio.player import CuePlayer
    from stretchtimer.session.events import Event
    from stretchtimer.voice.options import VoiceOptions

SinksFactory = Callable[[Plan], Sequence[Sink]]
Notify = Callable[[str], None]
SOUND_SEEN_FILE = "last-sound-backend"
"""In the config folder: the sound backend last chosen, so its notice shows once per change."""


def sound_seen_file() -> Path:
    """Return the file of the sound backend last chosen (may not exist yet)."""
    from stretchtimer import locations

    return locations.config_dir() / SOUND_SEEN_FILE


def sound_changed(described: str) -> bool:
    """Return True, and remember ``described``, when the sound differs from the last run's.

    A folder that cannot be read or written counts as a change (the notice then shows).

    Args:
        described: what identifies the backend chosen and its notice.
    """
    path = sound_seen_file()
    try:
        last: str | None = path.read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError):
        last = None
    if last == described:
        return False
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(described + "\n", encoding="utf-8")
    except OSError:
        pass
    return True


class SessionSinks:
    """Owns the app's cue player and makes each session's sinks (a :data:`SinksFactory`).

    Args:
        sound: the sound options; None plays nothing.
        notify: shows a message to the user; it may be called from any thread, so it must be
            thread-safe (the app passes a function that hops onto its event loop).
        history: record sessions in the user's history file.
        notify_sound: shows the sound notice (bell only, no sound), from any thread; ``notify``
            when None. The notice is shown once per change of backend, not at every start.
        voice: the voice options; None (or level ``off``) says nothing.
    """

    def __init__(
        self,
        sound: SoundOptions | None,
        notify: Notify,
        *,
        history: bool = True,
        notify_sound: Notify | None = None,
        voice: VoiceOptions | None = None,
    ) -> None:
        self.sound = sound
        self.notify = notify
        self.notify_sound = notify_sound or notify
        self.muted = False
        """True while the user turned the cues off for this run (the command palette)."""
        self.voice_muted = False
        """True while the user turned the voice off for this run (the command palette)."""
        self.history = history
        self.voice = voice
        self.player: CuePlayer | None = None
        self._lock = threading.Lock()
        self._closed = False
        self.recorders: list[Sink] = []
        """The history recorders of the sessions so far (to wait for their writes)."""

    def open_sound(self, ring: Callable[[], None] | None = None) -> None:
        """Choose the sound backend and start the player (blocking: call it off the UI loop).

        Args:
            ring: rings the terminal bell, for the bell backend.
        """
        if self.sound is None:
            return
        from stretchtimer.audio.options import open_player

        player, choice = open_player(self.sound, ring=ring, on_error=self._sound_error)
        with self._lock:
            if self._closed:
                player.close()
                return
            self.player = player
        if sound_changed(f"{choice.describe()} | {choice.notice or ''}") and choice.notice:
            self.notify_sound(choice.notice)

    def _sound_error(self, message: str) -> None:
        self.notify(f"Sound problem: {message}")

    def _play(self, event: Event) -> None:
        """Play the cue of an event on the shared player (a sink that is never closed)."""
        player = self.player
        if player is not None and not self.muted:
            player(event)

    def __call__(self, plan: Plan) -> list[Sink]:
        """Return the sinks of one session: its history recorder, the shared player, its voice.

        The recorder writes nothing until the first event, so a session that never starts
        (the caution was declined) leaves no trace. The voice comes after the player, so a
        moment's beep is queued before its phrase; it starts rendering at once.
        """
        from stretchtimer.history.recorder import HistoryRecorder

        sinks: list[Sink] = []
        if self.history:
            recorder = HistoryRecorder.for_plan(plan, on_notice=self.notify)
            self.recorders.append(recorder)
            sinks.append(recorder)
        sinks.append(self._play)  # no close(): the player outlives the session
        if self.sound is not None and self.voice is not None and self.voice.level != "off":
            from stretchtimer.voice.sink import history_streak, open_voice

            voice = open_voice(
                plan,
                self.voice,
                lambda: self.player,
                self.notify,
                streak=history_streak if self.history else None,
                muted=lambda: self.voice_muted,
            )
            if voice is not None:
                sinks.append(voice)
        return sinks

    def close(self, let_finish: float = 1.0) -> None:
        """Stop playback and the player's thread (after the session or the app has ended).

        Args:
            let_finish: seconds a sound still playing may take to end.
        """
        with self._lock:
            self._closed = True
            player, self.player = self.player, None
        if player is not None:
            player.close(let_finish=let_finish)


def wait_for_voice(sinks: Sequence[object], timeout: float = 1.0) -> None:
    """Give a session's voice up to ``timeout`` s to render its first phrase (the get-ready).

    On the first run the phrase cache is empty; a front end that starts the session at once
    calls this first, so the first phrase is not dropped. With a cached phrase it returns at
    once.

    Args:
        sinks: a session's sinks.
        timeout: seconds to wait at most.
    """
    from stretchtimer.voice.sink import VoiceSink

    for sink in sinks:
        if isinstance(sink, VoiceSink):
            sink.wait_ready(count=1, timeout=timeout)


def wait_for_history(sinks: Sequence[object], timeout: float = 5.0) -> None:
    """Block until the history recorders among ``sinks`` have written their session's end.

    Args:
        sinks: a session's sinks.
        timeout: seconds to wait for each recorder.
    """
    from stretchtimer.history.recorder import HistoryRecorder

    for sink in sinks:
        if isinstance(sink, HistoryRecorder):
            sink.flush(timeout)
