"""The voice sink: says each phrase of the speech script at its moment, through the cue player.

:func:`open_voice` is what a runner calls. The sink it returns starts a background thread at
once: it picks the speech engine (the first session of a process probes it; later ones reuse the
choice), works out the speech script, and renders the phrases in time order into the phrase
cache, each fitted to its window (:func:`~stretchtimer.voice.script.fit`). Called with an engine
event, the sink only looks its phrase up and hands the samples to the player: a phrase that is not
rendered yet is dropped, never delayed. ``close()`` lets the end phrase finish and stops the
thread.

Nothing here writes to the terminal: problems go to ``notify`` once (no engine, an engine that
fails), and the beeps go on.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, replace

from stretchtimer.audio.backends import BellBackend, SilentBackend
from stretchtimer.audio.player import CuePlayer
from stretchtimer.audio.sounds import Cue, Sound, SoundError
from stretchtimer.session.events import Event, SessionFinished, SessionStatus, SessionStopped
from stretchtimer.session.plan import Plan
from stretchtimer.session.summary import summarize
from stretchtimer.voice.cache import PhraseCache
from stretchtimer.voice.engines import (
    SAMPLE_RATE,
    EngineChoice,
    SpeechEngine,
    SpeechError,
    choose_engine,
)
from stretchtimer.voice.options import VoiceOptions
from stretchtimer.voice.script import (
    END_KEY,
    GAP,
    Level,
    Phrase,
    PhraseKey,
    fit,
    key_for,
    speech_script,
)

Notify = Callable[[str], None]
StreakSource = Callable[[], "int | None"]
PlayerSource = Callable[[], "CuePlayer | None"]

PLAYER_WAIT = 10.0
"""Seconds the sink waits for a player that is still being opened (the app opens it late)."""
AHEAD = 60
"""Phrases kept rendered in memory after the session's last moment (a long routine is rendered
as it goes, so memory stays small); the rest wait in the disk cache or are rendered later."""
BEHIND = 8
"""Phrases kept in memory before the session's last moment, for Back."""

END_PLAIN_KEY: PhraseKey = ("end", -1, 1)
"""The end phrase without the streak, for a session that completes with every step skipped."""

_choices: dict[tuple[str, str, str | None, int], EngineChoice] = {}
_told: set[str] = set()
_pruned = False
_lock = threading.Lock()


def engine_for(options: VoiceOptions, language: str) -> EngineChoice:
    """Return the engine choice for these options and language, probing once per process.

    Args:
        options: the voice options.
        language: the routine's language tag.
    """
    key = (options.engine, language.lower(), options.voice_name, options.rate)
    with _lock:
        choice = _choices.get(key)
    if choice is None:
        choice = choose_engine(
            options.engine, language=language, voice_name=options.voice_name, rate=options.rate
        )
        with _lock:
            _choices[key] = choice
    return choice


def _first_prune() -> bool:
    """Return True the first time it is called in a process (the cache is pruned once)."""
    global _pruned
    with _lock:
        first, _pruned = not _pruned, True
    return first


def forget_engines() -> None:
    """Forget the engine choices and the notices given (a new PATH, a test)."""
    with _lock:
        _choices.clear()
        _told.clear()


def _tell_once(notify: Notify, message: str) -> None:
    with _lock:
        if message in _told:
            return
        _told.add(message)
    with contextlib.suppress(Exception):  # a notice is best effort
        notify(message)


@dataclass(frozen=True, slots=True)
class Ready:
    """A phrase rendered and fitted, ready to hand to the player.

    Attributes:
        phrase: the phrase.
        parts: how many of its parts are said.
        sound: the samples at the player's volume.
    """

    phrase: Phrase
    parts: int
    sound: Sound

    @property
    def text(self) -> str:
        """Return what is said: the parts that fit."""
        return " ".join(self.phrase.parts[: self.parts])


class VoiceSink:
    """An event sink that says the speech script's phrases through a cue player.

    Attributes:
        said: the keys of the phrases handed to the player, in order.
        dropped: ``(key, reason)`` for each phrase not said: ``not ready`` (not rendered by its
            moment) or ``too long`` (its first part does not fit its window).
        choice: the engine choice, once made.
    """

    def __init__(
        self,
        plan: Plan,
        options: VoiceOptions,
        player: CuePlayer | PlayerSource,
        notify: Notify,
        *,
        streak: StreakSource | None = None,
        cache: PhraseCache | None = None,
        engine: SpeechEngine | None = None,
        muted: Callable[[], bool] | None = None,
    ) -> None:
        """Start rendering in the background.

        Args:
            plan: the session's plan.
            options: the voice options (the level must not be ``off``).
            player: plays the phrases (and the cues); or a function that returns it once it
                is open (None until then), for a player opened in the background.
            notify: tells the user something, from any thread.
            streak: returns the streak of days a completed session makes when it grows
                (None otherwise); called on the background thread.
            cache: where phrases are rendered; the user's cache folder when None.
            engine: use this engine instead of choosing one.
            muted: returns True while the voice is turned off for now (the phrases are still
                rendered and followed, so it speaks again at the next moment once back on).
        """
        self.plan = plan
        self._muted = muted
        self.options = options
        self.player: CuePlayer | None = player if isinstance(player, CuePlayer) else None
        self._player_source = None if isinstance(player, CuePlayer) else player
        self.notify = notify
        self.said: list[PhraseKey] = []
        self.dropped: list[tuple[PhraseKey, str]] = []
        self.choice: EngineChoice | None = None
        self._streak = streak
        self._cache = cache or PhraseCache()
        self._engine = engine
        self._ready: dict[PhraseKey, Ready] = {}
        self._keys: set[PhraseKey] = set()
        self._index: dict[PhraseKey, int] = {}
        self._pos = -1  # the index of the phrase of the last moment reached
        self._pos_lock = threading.Lock()
        self._end_said = False
        self._stop = threading.Event()
        self._done = threading.Event()  # the first phrases are rendered, or rendering ended
        self._moved = threading.Event()  # the session reached a moment: render further
        self._caught_up = threading.Event()  # every phrase wanted now is rendered
        self._thread = threading.Thread(
            target=self._prepare, name="stretchtimer-voice", daemon=True
        )
        self._thread.start()

    # -- the sink --------------------------------------------------------------------------

    def __call__(self, event: Event) -> None:
        """Hand the event's phrase to the player if it is ready (never waits)."""
        if isinstance(event, SessionStopped):
            if self.player is not None:
                self.player.hush(event.at)  # a stopped session falls silent
            return
        key = key_for(event)
        if key is None:
            return
        if (
            isinstance(event, SessionFinished)
            and summarize(event.record, self.plan.work_segments).status
            is not SessionStatus.COMPLETED
        ):
            key = END_PLAIN_KEY  # nothing was done: not counted, the streak does not grow
        index = self._index.get(key)
        if index is not None:
            with self._pos_lock:
                self._pos = index
                self._caught_up.clear()
            self._moved.set()
        ready = self._ready.get(key)
        player = self.player
        if ready is None or player is None:
            if key in self._keys or not self._done.is_set():
                self.dropped.append((key, "not ready"))
            return
        if self._muted is not None and self._muted():
            return
        player.say(ready.sound, at=event.at, label=ready.text)
        self.said.append(key)
        if key in (END_KEY, END_PLAIN_KEY):
            self._end_said = True

    def wait_ready(self, count: int = 1, timeout: float = 1.0) -> bool:
        """Wait until the first ``count`` phrases are rendered, or rendering ended.

        A runner may call this before starting the session so that the get-ready phrase is
        heard on the first run too (later runs find it in the cache at once).

        Args:
            count: how many phrases.
            timeout: seconds to wait at most.
        """
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self._done.is_set() or len(self._ready) + len(self.dropped) >= count:
                return True
            time.sleep(0.005)
        return False

    def close(self, timeout: float = 8.0) -> None:
        """Let the end phrase finish, then stop rendering (idempotent).

        Args:
            timeout: seconds to wait at most for the end phrase.
        """
        self._stop.set()
        self._moved.set()
        if self._end_said and self.player is not None:
            self._end_said = False
            self.player.wait_quiet(timeout)
        self._thread.join(timeout=0.5)

    # -- the background thread -------------------------------------------------------------

    def _prepare(self) -> None:
        try:
            self._render_all()
        except Exception as exc:  # never let the voice take the session down
            _tell_once(self.notify, f"Voice problem: {type(exc).__name__}: {exc}; the beeps go on.")
        finally:
            self._done.set()

    def _leads(self, player: CuePlayer) -> dict[Cue, float]:
        leads = {}
        for cue in Cue:
            with contextlib.suppress(SoundError):
                leads[cue] = player.bank.get(cue).seconds
        return leads

    def _wait_for_player(self) -> CuePlayer | None:
        """Return the player once it is open and can be heard, else None (silently)."""
        player = self.player
        source = self._player_source
        deadline = time.monotonic() + PLAYER_WAIT
        while player is None and source is not None and not self._stop.is_set():
            player = source()
            if player is None:
                if time.monotonic() >= deadline:
                    return None
                self._stop.wait(0.02)
        if player is None or not audible(player):
            return None  # nothing to hear: the sound notice already said why
        return player

    def _render_all(self) -> None:
        player = self._wait_for_player()
        if player is None:
            return
        self.player = player
        engine = self._engine
        if engine is None:
            self.choice = engine_for(self.options, self.plan.routine.language)
            engine = self.choice.engine
            if engine is None:
                _tell_once(self.notify, self.choice.notice)
                return
        streak = None
        if self._streak is not None:
            with contextlib.suppress(Exception):  # no history: no streak phrase
                streak = self._streak()
        phrases = list(speech_script(self.plan, self.options.level, streak=streak))
        plain_end = speech_script(self.plan, self.options.level)[-1]
        phrases.append(replace(plain_end, key=END_PLAIN_KEY))
        self._index = {phrase.key: i for i, phrase in enumerate(phrases)}
        self._keys = set(self._index)
        leads = self._leads(player)
        too_long: set[int] = set()
        ends = {len(phrases) - 2, len(phrases) - 1}  # kept ready however the session jumps
        while not self._stop.is_set():
            self._moved.clear()
            pos = self._pos
            todo = self._window(pos, phrases, ends, too_long)
            if todo is None:
                if not self._done.is_set():
                    self._done.set()
                    if _first_prune():
                        self._cache.prune()
                with self._pos_lock:
                    if pos == self._pos:  # not moved on meanwhile
                        self._caught_up.set()
                self._moved.wait(1.0)
                continue
            phrase = phrases[todo]
            try:
                ready = self._render(
                    engine,
                    player,
                    phrase,
                    leads.get(phrase.cue, 0.0) if phrase.cue is not None else 0.0,
                )
            except SpeechError as exc:
                _tell_once(self.notify, f"Voice problem: {exc}; the beeps go on.")
                return
            if ready is None:
                too_long.add(todo)
                self.dropped.append((phrase.key, "too long"))
            else:
                self._ready[phrase.key] = ready

    def _window(
        self, pos: int, phrases: list[Phrase], ends: set[int], too_long: set[int]
    ) -> int | None:
        """Forget the phrases far from position ``pos``; return the next one to render."""
        wanted = set(range(max(pos - BEHIND, 0), min(pos + 1 + AHEAD, len(phrases)))) | ends
        for key in [key for key in self._ready if self._index[key] not in wanted]:
            del self._ready[key]
        return next(
            (i for i in sorted(wanted) if i not in too_long and phrases[i].key not in self._ready),
            None,
        )

    def _render(
        self, engine: SpeechEngine, player: CuePlayer, phrase: Phrase, lead: float
    ) -> Ready | None:
        frames = [self._cache.load(engine, part) for part in phrase.parts[:1]]
        lengths = [len(frames[0]) / (2 * SAMPLE_RATE)]
        count = fit(phrase, lengths, lead)
        if count == 0:
            return None
        for part in phrase.parts[1:]:  # the optional parts, as far as they fit
            more = self._cache.load(engine, part)
            if fit(phrase, [*lengths, len(more) / (2 * SAMPLE_RATE)], lead) <= len(lengths):
                break
            frames.append(more)
            lengths.append(len(more) / (2 * SAMPLE_RATE))
        gap = bytes(2 * int(GAP * SAMPLE_RATE))
        joined = gap.join(frames)
        path = self._cache.store_joined(engine, phrase.parts[: len(frames)], joined)
        sound = player.phrase_sound(joined, SAMPLE_RATE, path)
        return Ready(phrase, len(frames), sound)


def history_streak() -> int | None:
    """Return the streak of days a session completed now makes, when it grows; else None.

    Reads the user's history (blocking: the voice calls it on its own thread). None when
    today is already done (the streak does not grow) or the history cannot be read.
    """
    from stretchtimer import locations
    from stretchtimer.history.store import HistoryStore, HistoryUnavailable

    store = HistoryStore(locations.history_db())
    try:
        streaks = store.streaks()
    except HistoryUnavailable:
        return None
    finally:
        store.close()
    return None if streaks.done_today else streaks.current + 1


def audible(player: CuePlayer) -> bool:
    """Return True when the player's phrases can be heard (not silent, a bell, or volume 0)."""
    return not isinstance(player.backend, SilentBackend | BellBackend) and player.bank.volume > 0


def open_voice(
    plan: Plan,
    options: VoiceOptions,
    player: CuePlayer | PlayerSource | None,
    notify: Notify,
    *,
    streak: StreakSource | None = None,
    muted: Callable[[], bool] | None = None,
) -> VoiceSink | None:
    """Return the voice sink of a session, or None when the voice is off or cannot be heard.

    Returns at once (nothing blocks: the engine is chosen and the phrases rendered on the
    sink's own thread). Put the sink after the cue player in the list of sinks, so a moment's
    beep is queued before its phrase, and call its ``close()`` before the player's.

    Args:
        plan: the session's plan.
        options: from :func:`~stretchtimer.voice.options.resolve_voice`.
        player: the session's cue player, or a function that returns it once it is open
            (None until then: the sink waits for it on its own thread); None (no sound)
            means no voice.
        notify: shows a message to the user; called at most once per problem per process,
            from the sink's thread (it must be thread-safe).
        streak: returns the streak of days a completed session makes when it grows, else None
            (see :func:`history_streak`); called on the sink's thread.
        muted: returns True while the voice is turned off for now (see :class:`VoiceSink`).
    """
    if options.level is Level.OFF or player is None:
        return None
    if isinstance(player, CuePlayer) and not audible(player):
        return None  # nothing to hear (the sound notice already said why)
    return VoiceSink(plan, options, player, notify, streak=streak, muted=muted)
