"""The voice sink and the cue player's phrases: beep first, never late, the voice has the floor."""

from __future__ import annotations

import threading
import wave
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from history_support import LEGS, add_session
from stretchtimer import locations
from stretchtimer.audio.backends import SilentBackend
from stretchtimer.audio.player import CuePlayer
from stretchtimer.audio.sounds import Cue, SoundBank
from stretchtimer.history.store import HistoryStore
from stretchtimer.routines.model import HoldStep, RepsStep, Routine, Tempo
from stretchtimer.session.clock import FakeClock
from stretchtimer.session.engine import EngineState, SessionEngine
from stretchtimer.session.events import Event, Halfway, SegmentStarted
from stretchtimer.session.plan import Plan, build_plan
from stretchtimer.voice import sink as sink_mod
from stretchtimer.voice.cache import PhraseCache
from stretchtimer.voice.engines import EngineChoice
from stretchtimer.voice.options import VoiceOptions, resolve_voice
from stretchtimer.voice.script import END_KEY, Level
from stretchtimer.voice.sink import END_PLAIN_KEY, VoiceSink, history_streak, open_voice
from voice_support import RATE, FakeEngine, LogBackend, tone

CUE_SECONDS = 0.01


@pytest.fixture
def bank(tmp_path: Path) -> SoundBank:
    """Cue sounds of 10 ms each, so a phrase after its beep needs no long wait."""
    folder = tmp_path / "sounds"
    folder.mkdir()
    for cue in Cue:
        with wave.open(str(folder / cue.filename), "wb") as out:
            out.setnchannels(1)
            out.setsampwidth(2)
            out.setframerate(RATE)
            out.writeframes(tone(CUE_SECONDS))
    return SoundBank(folder=folder)


@pytest.fixture
def backend() -> LogBackend:
    return LogBackend()


def _ignore(message: str) -> None:
    """A notice nobody reads."""


@pytest.fixture
def player(backend: LogBackend, bank: SoundBank) -> Iterator[CuePlayer]:
    player = CuePlayer(backend, bank)
    yield player
    player.close()


@pytest.fixture(autouse=True)
def fresh_choices() -> None:
    sink_mod.forget_engines()


def phrase(player: CuePlayer, seconds: float, tmp_path: Path) -> object:
    return player.phrase_sound(tone(seconds), RATE, tmp_path / "p.wav")


# -- the player ------------------------------------------------------------------------------


def test_beep_first_then_the_phrase_of_the_same_moment(backend: LogBackend, tmp_path: Path) -> None:
    player = CuePlayer(backend, SoundBank())  # the shipped start cue: 0.34 s
    try:
        player.request(Cue.START, at=5.0)
        player.say(phrase(player, 0.2, tmp_path), at=5.0, label="Calf.")  # type: ignore[arg-type]
        assert player.wait_idle()
        start = player.bank.get(Cue.START).seconds
        player.request(Cue.START, at=9.0)
        assert player.wait_idle()
        player.say(phrase(player, 0.2, tmp_path), at=15.0)  # type: ignore[arg-type]
        assert player.wait_idle()
    finally:
        player.close()
    assert backend.names() == ["start", "phrase", "start", "phrase"]
    after_beep, no_beep = player.phrase_timings
    assert after_beep.due == pytest.approx(player.timings[0].play_returned + start)
    assert after_beep.play_called >= after_beep.due  # not before the beep has ended
    assert after_beep.play_returned - after_beep.due < 0.25  # nor long after (see the benchmark)
    assert no_beep.due - no_beep.requested < 0.25 < start  # a phrase of another moment: at once


def test_the_voice_has_the_floor_over_ticks_and_tempo_tones(
    player: CuePlayer, backend: LogBackend, tmp_path: Path
) -> None:
    player.say(phrase(player, 8.0, tmp_path), at=0.0)  # type: ignore[arg-type]
    assert player.wait_idle()
    for at, cue in ((1.0, Cue.TICK), (2.0, Cue.REP_DOWN), (3.0, Cue.REP_UP)):
        player.request(cue, at=at)
        assert player.wait_idle()
    assert backend.names() == ["phrase"]
    player.request(Cue.SWITCH, at=4.0)  # a new moment's own sound cuts the phrase
    assert player.wait_idle()
    player.request(Cue.TICK, at=5.0)  # and the phrase is over: ticks play again
    assert player.wait_idle()
    assert backend.names() == ["phrase", "switch", "tick"]


def test_a_phrase_waiting_for_its_beep_is_dropped_by_a_newer_moment(
    backend: LogBackend, tmp_path: Path
) -> None:
    player = CuePlayer(backend, SoundBank())  # the shipped start cue lasts 0.34 s
    try:
        player.request(Cue.START, at=0.0)
        assert player.wait_idle()
        player.say(phrase(player, 0.2, tmp_path), at=0.0)  # type: ignore[arg-type]
        player.request(Cue.SWITCH, at=0.1)  # before the start cue has ended
        assert player.wait_idle()
    finally:
        player.close()
    assert backend.names() == ["start", "switch"]


def test_a_phrase_queued_before_its_beep_is_said_after_it(
    player: CuePlayer, backend: LogBackend, tmp_path: Path
) -> None:
    gate = threading.Event()
    original = backend.play

    def slow(sound: object) -> None:
        gate.wait(5)
        original(sound)  # type: ignore[arg-type]

    backend.play = slow  # type: ignore[method-assign]
    player.say(phrase(player, 0.5, tmp_path), at=7.0)  # type: ignore[arg-type]
    player.request(Cue.SWITCH, at=7.0)
    gate.set()
    assert player.wait_idle()
    assert backend.names()[-2:] == ["switch", "phrase"]


def test_hush_stops_the_phrase_being_said(
    player: CuePlayer, backend: LogBackend, tmp_path: Path
) -> None:
    stops: list[str] = []
    backend.stop_all = lambda: stops.append("stop")  # type: ignore[method-assign]
    player.hush(0.0)  # nothing is said: nothing to stop
    assert player.wait_idle() and stops == []
    player.say(phrase(player, 8.0, tmp_path), at=1.0)  # type: ignore[arg-type]
    assert player.wait_idle()
    player.hush(2.0)
    assert player.wait_idle() and stops == ["stop"]
    player.request(Cue.TICK, at=3.0)  # the voice no longer has the floor
    assert player.wait_idle()
    assert backend.names() == ["phrase", "tick"]


def test_volume_zero_says_nothing(backend: LogBackend, tmp_path: Path) -> None:
    player = CuePlayer(backend, SoundBank(volume=0))
    try:
        player.say(phrase(player, 0.1, tmp_path), at=0.0)  # type: ignore[arg-type]
        assert player.wait_idle()
    finally:
        player.close()
    assert backend.names() == []


def test_phrases_are_played_at_the_players_volume(backend: LogBackend, tmp_path: Path) -> None:
    player = CuePlayer(backend, SoundBank(volume=50))
    try:
        sound = player.phrase_sound(tone(0.1), RATE, tmp_path / "p.wav")
    finally:
        player.close()
    assert sound.volume == 50 and sound.frames != tone(0.1) and sound.cue is None


# -- the sink --------------------------------------------------------------------------------


def plan_of(*steps: object, prepare: float = 2.0, rest: float = 0.0) -> Plan:
    return build_plan(Routine("t", "T", tuple(steps), prepare=prepare, rest=rest))  # type: ignore[arg-type]


def run_session(
    plan: Plan, sinks: list[object], player: CuePlayer, *, skip_all: bool = False
) -> None:
    """Drive a session on a fake clock, one moment at a time, as a runner does."""
    clock = FakeClock(0.0)
    engine = SessionEngine(plan, clock)

    def deliver(events: list[Event]) -> None:
        for event in events:
            for sink in sinks:
                sink(event)  # type: ignore[operator]
        assert player.wait_idle()

    deliver(engine.start())
    while engine.state is EngineState.RUNNING:
        if skip_all:
            deliver(engine.skip())
            continue
        wake = engine.next_event_at()
        if wake is None:
            deliver(engine.done())
            continue
        clock.set(wake)
        deliver(engine.poll())


def open_sink(
    plan: Plan,
    player: CuePlayer,
    tmp_path: Path,
    notes: list[str],
    engine: FakeEngine | None = None,
    level: Level = Level.BRIEF,
    streak: int | None = None,
    muted: Callable[[], bool] | None = None,
) -> VoiceSink:
    sink = VoiceSink(
        plan,
        VoiceOptions(level=level),
        player,
        notes.append,
        streak=lambda: streak,
        cache=PhraseCache(tmp_path / "cache"),
        engine=engine or FakeEngine(),
        muted=muted,
    )
    assert sink.wait_ready(count=10_000, timeout=10)
    return sink


def test_a_whole_session_says_every_phrase_after_its_beep(
    player: CuePlayer, backend: LogBackend, tmp_path: Path
) -> None:
    plan = plan_of(
        HoldStep("Calf", 30.0, sides=("left", "right"), switch=3.0),
        RepsStep("Toe lifts", 3, Tempo(up=1.0, down=2.0)),
        rest=4.0,
    )
    notes: list[str] = []
    sink = open_sink(plan, player, tmp_path, notes, streak=4)
    run_session(plan, [player, sink], player)
    sink.close()
    assert notes == [] and sink.dropped == []
    assert [key for key in sink.said] == [
        ("start", 0, 0),
        ("start", 1, 0),
        ("halfway", 1, 0),
        ("start", 2, 0),
        ("start", 3, 0),
        ("halfway", 3, 0),
        ("start", 4, 0),
        ("start", 5, 0),
        ("rep", 5, 2),
        ("rep", 5, 3),
        END_KEY,
    ]
    labels = [t.label for t in player.phrase_timings]
    assert labels[0] == "Get ready. First: Calf, left side."
    assert labels[3] == "Switch to your right side."
    assert labels[-1] == "Routine complete. Four days in a row."
    names = [n for n in backend.names() if n != "tick"]
    # every phrase that shares its moment with a cue comes right after that cue
    assert names[:3] == ["phrase", "start", "phrase"]
    assert names[-2:] == ["finished", "phrase"]
    for timing in player.phrase_timings:
        assert timing.play_returned - timing.due < 0.25, timing


def test_a_phrase_not_rendered_in_time_is_dropped_not_delayed(
    player: CuePlayer, backend: LogBackend, tmp_path: Path
) -> None:
    gate = threading.Event()

    class Slow(FakeEngine):
        def render(self, text: str, path: Path) -> None:
            gate.wait(5)
            super().render(text, path)

    plan = plan_of(HoldStep("Calf", 10.0))
    sink = VoiceSink(
        plan, VoiceOptions(), player, _ignore, cache=PhraseCache(tmp_path), engine=Slow()
    )
    engine = SessionEngine(plan, FakeClock(0.0))
    for event in engine.start():
        player(event)
        sink(event)
    gate.set()
    assert sink.wait_ready(count=10_000, timeout=10)
    sink.close()
    assert sink.dropped == [(("start", 0, 0), "not ready")]
    assert sink.said == []
    assert player.wait_idle() and "phrase" not in backend.names()


def test_a_phrase_too_long_for_its_window_is_dropped(player: CuePlayer, tmp_path: Path) -> None:
    plan = plan_of(HoldStep("Calf", 5.0, sides=("left", "right"), switch=0.5), prepare=0.0)
    sink = open_sink(plan, player, tmp_path, [])
    sink.close()
    assert (("start", 1, 0), "too long") in sink.dropped  # "Switch to your right side." in 0.5 s


def test_full_adds_the_cue_sentences_that_fit(player: CuePlayer, tmp_path: Path) -> None:
    cue = "Short one. " + "a much longer second sentence, " * 6 + "that cannot fit."
    plan = plan_of(HoldStep("Calf", 10.0, cue=cue), prepare=3.0)
    sink = open_sink(plan, player, tmp_path, [], level=Level.FULL)
    ready = sink._ready[("start", 0, 0)]
    sink.close()
    assert ready.parts == 2  # "Get ready." and "Short one."; the long sentence is left out
    assert ready.phrase.parts[:2] == ("Get ready.", "Short one.")


def test_stopping_the_session_silences_the_voice(
    player: CuePlayer, backend: LogBackend, tmp_path: Path
) -> None:
    plan = plan_of(HoldStep("Calf stretch against the wall with both hands on it", 60.0))
    sink = open_sink(plan, player, tmp_path, [])
    clock = FakeClock(0.0)
    engine = SessionEngine(plan, clock)
    stops: list[str] = []
    backend.stop_all = lambda: stops.append("stop")  # type: ignore[method-assign]
    for event in engine.start():
        player(event)
        sink(event)
    assert player.wait_idle()
    for event in engine.stop():
        player(event)
        sink(event)
    assert player.wait_idle()
    sink.close()
    assert "stop" in stops  # the get-ready phrase (1.6 s of tone) was cut


def test_no_streak_when_nothing_was_done(player: CuePlayer, tmp_path: Path) -> None:
    plan = plan_of(HoldStep("Calf", 10.0), prepare=0.0)
    sink = open_sink(plan, player, tmp_path, [], streak=9)
    run_session(plan, [player, sink], player, skip_all=True)
    sink.close()
    assert sink.said[-1] == END_PLAIN_KEY
    assert player.phrase_timings[-1].label == "Routine complete."


def test_no_engine_is_said_once_and_the_beeps_go_on(
    player: CuePlayer, backend: LogBackend, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    none = EngineChoice(None, tried=["espeak-ng: not found"])
    monkeypatch.setattr(sink_mod, "choose_engine", lambda *a, **k: none)
    notes: list[str] = []
    plan = plan_of(HoldStep("Calf", 5.0))
    for _ in range(2):  # two sessions, one notice
        sink = open_voice(plan, VoiceOptions(), player, notes.append)
        assert sink is not None and sink.wait_ready(count=10_000, timeout=5)
        run_session(plan, [player, sink], player)
        sink.close()
        assert sink.said == []
    assert notes == [none.notice]
    assert "start" in backend.names() and "phrase" not in backend.names()


def test_an_engine_that_fails_is_said_once(player: CuePlayer, tmp_path: Path) -> None:
    notes: list[str] = []
    plan = plan_of(HoldStep("Calf", 5.0))
    for _ in range(2):
        sink = VoiceSink(
            plan,
            VoiceOptions(),
            player,
            notes.append,
            cache=PhraseCache(tmp_path),
            engine=FakeEngine(fail="espeak-ng: cannot open voice"),
        )
        assert sink.wait_ready(count=10_000, timeout=5)
        sink.close()
    assert notes == ["Voice problem: espeak-ng: cannot open voice; the beeps go on."]


def test_open_voice_only_when_something_can_be_heard(player: CuePlayer) -> None:
    plan = plan_of(HoldStep("Calf", 5.0))
    assert open_voice(plan, VoiceOptions(level=Level.OFF), player, print) is None
    assert open_voice(plan, VoiceOptions(), None, print) is None
    silent = CuePlayer(SilentBackend("sound turned off"))
    muted = CuePlayer(LogBackend(), SoundBank(volume=0))
    try:
        assert open_voice(plan, VoiceOptions(), silent, print) is None
        assert open_voice(plan, VoiceOptions(), muted, print) is None
    finally:
        silent.close()
        muted.close()


def test_levels_from_the_flag_and_the_settings() -> None:
    from stretchtimer.config import Settings

    assert resolve_voice(None).level is Level.BRIEF
    assert resolve_voice(None, plain=True).level is Level.OFF
    assert resolve_voice("full", plain=True).level is Level.FULL
    assert resolve_voice(None, Settings(voice="off")).level is Level.OFF
    opts = resolve_voice(
        "brief", Settings(voice="off", voice_engine="say", voice_name=" Anna ", voice_rate=500)
    )
    assert (opts.level, opts.engine, opts.voice_name, opts.rate, opts.source) == (
        Level.BRIEF,
        "say",
        "Anna",
        400,
        "--voice",
    )
    assert resolve_voice(None, Settings(voice_engine="Loud")).notes == (
        "ignoring voice_engine='Loud' (expected one of: auto, espeak-ng, say, windows)",
    )


def test_the_streak_grows_only_when_today_is_not_done_yet() -> None:
    assert history_streak() == 1  # nothing yet: completing now starts a streak of one
    store = HistoryStore(locations.history_db())
    try:
        now = datetime.now().astimezone()
        add_session(store, LEGS, now - timedelta(days=1))
        assert history_streak() == 2
        add_session(store, LEGS, now - timedelta(minutes=30))
        assert history_streak() is None
    finally:
        store.close()


def test_the_session_sinks_add_the_voice_after_the_player(
    player: CuePlayer, backend: LogBackend
) -> None:
    from stretchtimer.audio.options import SoundOptions
    from stretchtimer.sinks import SessionSinks, wait_for_voice

    plan = plan_of(HoldStep("Calf", 5.0))
    notes: list[str] = []
    sinks = SessionSinks(
        SoundOptions(), notes.append, history=False, voice=VoiceOptions(level=Level.BRIEF)
    )
    made = sinks(plan)  # the player is not open yet: the voice waits for it
    voice = made[-1]
    assert isinstance(voice, VoiceSink) and voice.player is None
    sinks.player = player
    wait_for_voice(made, timeout=10)
    assert voice.player is player
    voice.close()
    assert not any(
        isinstance(s, VoiceSink)
        for s in SessionSinks(
            SoundOptions(), print, history=False, voice=VoiceOptions(level=Level.OFF)
        )(plan)
    )
    assert not any(
        isinstance(s, VoiceSink)
        for s in SessionSinks(None, print, history=False, voice=VoiceOptions())(plan)
    )


def test_the_app_hands_its_voice_options_to_the_sinks() -> None:
    from stretchtimer.audio.options import SoundOptions
    from stretchtimer.tui.app import make_app

    options = VoiceOptions(level=Level.FULL)
    app = make_app(
        settings=None,
        sound=SoundOptions(preference="off"),
        voice=options,
        watch_interval=None,
        save_config=False,
    )
    sinks = app.own_sinks()  # made when a session is near, not before the first frame
    assert sinks is not None and sinks.voice is options


def test_a_long_routine_is_rendered_as_it_goes_within_a_window(
    player: CuePlayer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sink_mod, "AHEAD", 4)
    monkeypatch.setattr(sink_mod, "BEHIND", 2)
    plan = plan_of(RepsStep("Toe lifts", 40, Tempo(up=1.0, down=1.0)), prepare=0.0)
    sink = VoiceSink(
        plan,
        VoiceOptions(),
        player,
        _ignore,
        cache=PhraseCache(tmp_path / "cache"),
        engine=FakeEngine(),
    )
    assert sink._caught_up.wait(10)
    most = len(sink._ready)
    clock = FakeClock(0.0)
    engine = SessionEngine(plan, clock)
    events = list(engine.start())
    while True:
        for event in events:
            player(event)
            sink(event)
        assert sink._caught_up.wait(10)  # the thread renders the next few as the session goes
        most = max(most, len(sink._ready))
        wake = engine.next_event_at()
        if wake is None:
            break
        clock.set(wake)
        events = engine.poll()
    sink.close()
    assert most <= 4 + 2 + 1 + 2  # ahead, behind, the current one and the two end phrases
    assert sink.dropped == []
    assert sink.said == [("start", 0, 0), *[("rep", 0, rep) for rep in range(2, 41)], END_KEY]


def test_a_sound_asked_for_just_before_closing_still_plays(tmp_path: Path) -> None:
    gate, entered = threading.Event(), threading.Event()
    backend = LogBackend()
    original = backend.play

    def held(sound: object) -> None:
        entered.set()
        gate.wait(5)
        original(sound)  # type: ignore[arg-type]

    backend.play = held  # type: ignore[method-assign]
    player = CuePlayer(backend, SoundBank())
    player.request(Cue.START, at=0.0)
    assert entered.wait(5)  # the worker is held inside play()
    player.request(Cue.FINISHED, at=1.0)
    closer = threading.Thread(target=player.close, kwargs={"let_finish": 0.1})
    closer.start()  # the stop lands in the queue right behind the chime
    gate.set()
    closer.join(10)
    assert backend.names() == ["start", "finished"]


def test_a_muted_voice_follows_the_session_and_speaks_again_when_unmuted(
    player: CuePlayer, tmp_path: Path
) -> None:
    plan = plan_of(HoldStep("Calf", 30.0, sides=("left", "right"), switch=3.0))
    muted = [False]
    sink = open_sink(plan, player, tmp_path, [], muted=lambda: muted[0])

    def toggle(event: Event) -> None:  # off from the first side's start to the second's half
        if isinstance(event, SegmentStarted) and event.segment.index == 1:
            muted[0] = True
        if isinstance(event, Halfway) and event.segment.index == 3:
            muted[0] = False

    run_session(plan, [player, toggle, sink], player)
    sink.close()
    assert sink.said == [("start", 0, 0), ("halfway", 3, 0), END_KEY]
    assert sink.dropped == []  # a muted phrase is neither said nor dropped
    assert len(player.phrase_timings) == 3


async def test_the_palette_turns_the_voice_off_and_on_for_this_run(
    player: CuePlayer, tmp_path: Path
) -> None:
    from stretchtimer.sinks import SessionSinks
    from stretchtimer.tui.runner import RunnerScreen
    from tui_support import SHORT, SIZE, build

    shared = SessionSinks(None, _ignore, history=False)
    voices: list[VoiceSink] = []

    def factory(plan: Plan) -> list[VoiceSink]:
        voice = open_sink(plan, player, tmp_path, [], muted=lambda: shared.voice_muted)
        voices.append(voice)
        return [voice]

    app = build(SHORT, FakeClock(), sinks_factory=factory)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.session_sinks = shared  # the app's own sinks, as when no factory is given
        screen = app.screen
        assert isinstance(screen, RunnerScreen) and screen.speaks()
        assert "Voice off" in [c.title for c in app.get_system_commands(screen)]
        app.action_toggle_voice()
        assert shared.voice_muted
        assert "Voice on" in [c.title for c in app.get_system_commands(screen)]
        app.action_toggle_voice()
        assert not shared.voice_muted
    for voice in voices:
        voice.close()
