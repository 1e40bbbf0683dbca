"""Which cue sound fires on which engine event: mapping rules and a whole session through a
recording fake backend."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from stretchtimer.audio.backends import AudioError
from stretchtimer.audio.cues import cue_for
from stretchtimer.audio.player import CuePlayer
from stretchtimer.audio.sounds import Cue, Sound, SoundBank
from stretchtimer.routines.model import HoldStep, RepsStep, RestStep, Routine, Tempo
from stretchtimer.session.clock import FakeClock
from stretchtimer.session.engine import SessionEngine
from stretchtimer.session.events import (
    CountdownTick,
    Event,
    Halfway,
    RepPhase,
    SegmentEnded,
    SegmentRecord,
    SegmentStarted,
    SessionFinished,
    SessionRecord,
    SessionStopped,
    SideSwitch,
    StepStatus,
)
from stretchtimer.session.plan import Plan, Segment, SegmentKind, build_plan


class RecordingBackend:
    """A backend that records what it was asked to play, and can be made to block or fail."""

    name = "recording"

    def __init__(self) -> None:
        self.played: list[Cue] = []
        self.calls: list[str] = []
        self.gate: threading.Event | None = None
        self.entered = threading.Event()
        self.fail_with: str | None = None

    def describe(self) -> str:
        return "recording"

    def play(self, sound: Sound) -> None:
        self.entered.set()
        if self.gate is not None:
            self.gate.wait(5)
        if self.fail_with:
            raise AudioError(self.fail_with)
        assert sound.cue is not None
        self.played.append(sound.cue)

    def stop_all(self) -> None:
        self.calls.append("stop_all")

    def wait(self, timeout: float) -> bool:
        self.calls.append("wait")
        return True

    def close(self) -> None:
        self.calls.append("close")


def small_plan() -> Plan:
    """prepare 3 | calf left 5 | switch 3 | calf right 5 | rest 4 | toe lifts 2 x (1/1/1)."""
    routine = Routine(
        id="t",
        name="Test",
        prepare=3.0,
        rest=4.0,
        steps=(
            HoldStep("Calf", 5.0, sides=("left", "right"), switch=3.0),
            RepsStep("Toe lifts", 2, tempo=Tempo(up=1.0, hold=1.0, down=1.0)),
        ),
    )
    return build_plan(routine)


def seg(plan: Plan, kind: SegmentKind) -> Segment:
    return next(s for s in plan.segments if s.kind is kind)


def ended(segment: Segment, skipped: bool = False) -> SegmentEnded:
    rec = SegmentRecord(
        segment.index,
        segment.kind.value,
        segment.label,
        segment.side,
        segment.set_number,
        segment.duration,
        1.0,
        StepStatus.SKIPPED if skipped else StepStatus.DONE,
    )
    return SegmentEnded(segment, rec, 1.0)


RECORD = SessionRecord("t", "Test", 1)
PLAN = small_plan()
HOLD = seg(PLAN, SegmentKind.HOLD)
REPS = seg(PLAN, SegmentKind.REPS)


@pytest.mark.parametrize(
    ("event", "cue"),
    [
        (SegmentStarted(HOLD, 0.0), Cue.START),
        (SegmentStarted(REPS, 0.0), Cue.START),
        (SegmentStarted(seg(PLAN, SegmentKind.REST), 0.0), Cue.END),
        (SegmentStarted(seg(PLAN, SegmentKind.PREPARE), 0.0), None),
        (SegmentStarted(seg(PLAN, SegmentKind.SWITCH), 0.0), None),
        (SideSwitch(seg(PLAN, SegmentKind.SWITCH), "right", 0.0), Cue.SWITCH),
        (CountdownTick(HOLD, 3, 0.0), Cue.TICK),
        (CountdownTick(seg(PLAN, SegmentKind.PREPARE), 1, 0.0), Cue.TICK),
        (CountdownTick(REPS, 2, 0.0), None),  # paced reps: the rep tones keep the pace
        (RepPhase(REPS, 1, "up", 0.0), None),  # the set's start cue plays at that instant
        (RepPhase(REPS, 1, "hold", 0.0), None),
        (RepPhase(REPS, 1, "down", 0.0), Cue.REP_DOWN),
        (RepPhase(REPS, 2, "up", 0.0), Cue.REP_UP),
        (Halfway(HOLD, 0.0), None),
        (ended(HOLD), None),
        (ended(HOLD, skipped=True), None),
        (SessionFinished(RECORD, 0.0), Cue.FINISHED),
        (SessionStopped(RECORD, 0.0), None),
    ],
)
def test_cue_for_each_event(event: Event, cue: Cue | None) -> None:
    assert cue_for(event) == cue


def test_a_tempo_starting_with_hold_marks_each_new_rep() -> None:
    routine = Routine(
        id="t",
        name="T",
        prepare=0.0,
        steps=(RepsStep("Squeeze", 3, tempo=Tempo(hold=2.0, down=1.0)),),
    )
    reps = build_plan(routine).segments[0]
    assert cue_for(RepPhase(reps, 1, "hold", 0.0)) is None
    assert cue_for(RepPhase(reps, 2, "hold", 3.0)) is Cue.REP_UP
    assert cue_for(RepPhase(reps, 2, "down", 5.0)) is Cue.REP_DOWN


def run_session(plan: Plan, sink: CuePlayer | None = None) -> list[tuple[float, Cue]]:
    """Run the plan on a fake clock in 0.5 s steps; return (time, cue) for every cue event."""
    clock = FakeClock(0.0)
    engine = SessionEngine(plan, clock)
    out: list[tuple[float, Cue]] = []

    def deliver(events: list[Event]) -> None:
        for event in events:
            cue = cue_for(event)
            if cue is not None:
                out.append((event.at, cue))
            if sink is not None:
                sink(event)

    deliver(engine.start())
    while engine.next_event_at() is not None:
        clock.advance(0.5)
        deliver(engine.poll())
    return out


T, S, E, SW, RU, RD, F = (
    Cue.TICK,
    Cue.START,
    Cue.END,
    Cue.SWITCH,
    Cue.REP_UP,
    Cue.REP_DOWN,
    Cue.FINISHED,
)
EXPECTED = [
    (1.0, T),
    (2.0, T),  # prepare 3 s (a tick at its very start is left out)
    (3.0, S),
    (5.0, T),
    (6.0, T),
    (7.0, T),  # calf left
    (8.0, SW),
    (9.0, T),
    (10.0, T),  # switch 3 s
    (11.0, S),
    (13.0, T),
    (14.0, T),
    (15.0, T),  # calf right
    (16.0, E),
    (17.0, T),
    (18.0, T),
    (19.0, T),  # rest 4 s
    (20.0, S),
    (22.0, RD),
    (23.0, RU),
    (25.0, RD),  # toe lifts: up/hold/down x 2, no ticks
    (26.0, F),
]


def test_a_whole_session_fires_one_clear_cue_per_moment() -> None:
    cues = run_session(PLAN)
    assert cues == EXPECTED
    times = [at for at, _ in cues]
    assert len(times) == len(set(times)), "two sounds at the same instant"


def test_cue_player_plays_the_sessions_cues_through_the_backend() -> None:
    backend = RecordingBackend()
    player = CuePlayer(backend, SoundBank())
    try:
        for at, cue in EXPECTED:
            player.request(cue, at=at)
            assert player.wait_idle()
    finally:
        player.close()
    assert backend.played == [cue for _, cue in EXPECTED]
    assert player.errors == []


def test_engine_events_through_the_sink_reach_the_backend() -> None:
    backend = RecordingBackend()
    player = CuePlayer(backend, SoundBank())
    played: list[Cue] = []
    try:
        clock = FakeClock(0.0)
        engine = SessionEngine(PLAN, clock)
        for event in engine.start():
            player(event)
        while engine.next_event_at() is not None:
            clock.advance(0.5)
            for event in engine.poll():
                player(event)
            assert player.wait_idle()  # one moment at a time, as in real time
            played = list(backend.played)
    finally:
        player.close()
    assert played == [cue for _, cue in EXPECTED]


def test_same_instant_keeps_the_higher_priority_cue() -> None:
    backend = RecordingBackend()
    backend.gate = threading.Event()  # hold the worker so both requests are queued together
    player = CuePlayer(backend, SoundBank())
    try:
        player.request(Cue.TICK, at=0.0)
        assert backend.entered.wait(5)
        player.request(Cue.TICK, at=5.0)
        player.request(Cue.START, at=5.0)  # higher: replaces the queued tick
        player.request(Cue.REP_UP, at=5.0)  # lower: dropped
        backend.gate.set()
        assert player.wait_idle()
    finally:
        player.close()
    assert backend.played == [Cue.TICK, Cue.START]


def test_the_sink_never_waits_for_the_backend() -> None:
    backend = RecordingBackend()
    backend.gate = threading.Event()
    player = CuePlayer(backend, SoundBank())
    try:
        player(SegmentStarted(HOLD, 0.0))
        assert backend.entered.wait(5)  # the worker is now stuck inside play()
        # the caller goes on: these return although the backend is blocked
        player(CountdownTick(HOLD, 3, 2.0))
        player(CountdownTick(HOLD, 2, 3.0))
        player(SessionFinished(RECORD, 5.0))
        assert not player.wait_idle(timeout=0.05)
        backend.gate.set()
        assert player.wait_idle()
    finally:
        player.close()
    # the stale ticks queued behind the blocked call are dropped: only the newest plays
    assert backend.played == [Cue.START, Cue.FINISHED]


def test_close_stops_playback_waits_and_joins_the_worker() -> None:
    backend = RecordingBackend()
    player = CuePlayer(backend, SoundBank())
    player.request(Cue.FINISHED)
    assert player.wait_idle()
    player.close(let_finish=1.0)
    assert backend.calls == ["wait", "close"]
    assert not player._thread.is_alive()
    player.close()  # idempotent
    player.request(Cue.TICK)  # ignored after close
    assert backend.played == [Cue.FINISHED]


def test_playback_errors_are_reported_once_and_do_not_stop_the_player() -> None:
    backend = RecordingBackend()
    backend.fail_with = "device unplugged"
    notices: list[str] = []
    player = CuePlayer(backend, SoundBank(), on_error=notices.append)
    try:
        player.request(Cue.TICK)
        player.request(Cue.START, at=1.0)
        assert player.wait_idle()
        backend.fail_with = None
        player.request(Cue.END, at=2.0)
        assert player.wait_idle()
    finally:
        player.close()
    assert notices == ["device unplugged"]
    assert player.errors[0] == "device unplugged"
    assert backend.played == [Cue.END]


def test_missing_sound_files_are_reported_not_raised(tmp_path: Path) -> None:
    backend = RecordingBackend()
    player = CuePlayer(backend, SoundBank(folder=tmp_path))
    try:
        player.request(Cue.TICK)
        assert player.wait_idle()
    finally:
        player.close()
    assert backend.played == []
    assert any("tick.wav: missing" in e for e in player.errors)


def test_volume_zero_plays_nothing() -> None:
    backend = RecordingBackend()
    player = CuePlayer(backend, SoundBank(volume=0))
    try:
        player.request(Cue.TICK)
        assert player.wait_idle()
    finally:
        player.close()
    assert backend.played == []


def test_rest_step_and_skip_follow_the_next_segment_rule() -> None:
    routine = Routine(
        id="t",
        name="T",
        prepare=0.0,
        steps=(HoldStep("A", 10.0), RestStep(5.0), HoldStep("B", 10.0)),
    )
    plan = build_plan(routine)
    clock = FakeClock(0.0)
    engine = SessionEngine(plan, clock)
    cues = [cue_for(e) for e in engine.start()]
    clock.advance(4.0)
    cues += [cue_for(e) for e in engine.skip()]  # skip A: the rest's cue, no "end" of A
    clock.advance(1.0)
    cues += [cue_for(e) for e in engine.skip()]  # skip the rest: B starts
    assert [c for c in cues if c is not None] == [Cue.START, Cue.END, Cue.START]


def test_an_unexpected_backend_exception_does_not_kill_the_worker() -> None:
    class Exploding(RecordingBackend):
        def play(self, sound: Sound) -> None:
            if sound.cue is Cue.TICK:
                raise ValueError("bad buffer")
            super().play(sound)

    backend = Exploding()
    player = CuePlayer(backend, SoundBank())
    try:
        player.request(Cue.TICK)
        assert player.wait_idle()
        player.request(Cue.START)
        assert player.wait_idle()
    finally:
        player.close()
    assert player.errors == ["ValueError: bad buffer"]
    assert backend.played == [Cue.START]
