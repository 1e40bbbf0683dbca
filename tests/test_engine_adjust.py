"""``more`` and ``less`` (the + and - keys): the current pass gets a new end, drift-free."""

from __future__ import annotations

import pytest

from stretchtimer.routines.model import HoldStep, RepsStep, Tempo
from stretchtimer.session.actions import ACTION_OF_KEY, Action
from stretchtimer.session.clock import FakeClock
from stretchtimer.session.driver import SessionDriver
from stretchtimer.session.engine import ADJUST_STEP, EngineState, SessionEngine
from stretchtimer.session.events import Event, SegmentEnded
from test_engine import CALF, brief, make_plan


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(100.0)


def run_out(engine: SessionEngine, clock: FakeClock, seconds: float) -> list[Event]:
    seen: list[Event] = []
    for _ in range(int(seconds * 2)):
        clock.advance(0.5)
        seen += engine.poll()
    return seen


def test_more_moves_the_end_ticks_and_halfway(clock: FakeClock) -> None:
    engine = SessionEngine(make_plan(HoldStep("Calf", 30.0)), clock)
    engine.start()
    clock.advance(10.0)
    assert engine.more() == []
    assert engine.view().remaining == 30.0
    assert engine.next_event_at() == 120.0  # halfway of 40 s
    seen = run_out(engine, clock, 40.0)
    assert brief(seen) == [
        ("half", 0, 120.0),
        ("tick", 0, 3, 137.0),
        ("tick", 0, 2, 138.0),
        ("tick", 0, 1, 139.0),
        ("end", 0, False, 140.0),
        ("finished", 140.0),
    ]
    rec = engine.record.segments[0]
    assert rec.planned == 30.0 and rec.actual == ADJUST_STEP + 30.0
    assert engine.record.active_seconds == 40.0


def test_less_never_goes_below_the_time_run(clock: FakeClock) -> None:
    engine = SessionEngine(make_plan(HoldStep("Calf", 30.0), HoldStep("Next", 20.0)), clock)
    engine.start()
    clock.advance(12.5)
    assert engine.less() == []
    assert engine.view().remaining == pytest.approx(7.5)
    clock.advance(3.0)
    events = engine.less()  # 4.5 s were left: the pass ends now, as done
    assert brief(events) == [("end", 0, False, 115.5), ("start", 1, 115.5)]
    ended = next(e for e in events if isinstance(e, SegmentEnded))
    assert ended.record.actual == 15.5 and ended.record.planned == 30.0
    assert engine.view().segment is engine.plan.segments[1]
    assert engine.view().remaining == 20.0  # the next pass has its planned length


def test_passed_moments_are_not_emitted_again(clock: FakeClock) -> None:
    engine = SessionEngine(make_plan(HoldStep("Calf", 60.0)), clock)
    engine.start()
    clock.advance(31.0)
    assert brief(engine.poll()) == [("half", 0, 130.0)]
    assert engine.less() == [] and engine.less() == []  # 40 s: halfway at 20 s is behind us
    seen = run_out(engine, clock, 20.0)
    assert [b[0] for b in brief(seen)] == ["tick", "tick", "tick", "end", "finished"]
    assert seen[-1].at == 140.0


def test_adjust_while_paused_keeps_paused_and_shows_the_new_time(clock: FakeClock) -> None:
    engine = SessionEngine(make_plan(HoldStep("Calf", 30.0)), clock)
    engine.start()
    clock.advance(5.0)
    engine.pause()
    engine.more()
    assert engine.state is EngineState.PAUSED
    assert engine.view().remaining == 35.0
    clock.advance(100.0)
    assert engine.view().remaining == 35.0
    engine.resume()
    seen = run_out(engine, clock, 40.0)
    assert seen[-1].at == 240.0  # 100 s paused + 5 + 35


def test_back_restores_the_planned_length(clock: FakeClock) -> None:
    engine = SessionEngine(make_plan(HoldStep("Calf", 30.0)), clock)
    engine.start()
    clock.advance(5.0)
    engine.more()
    engine.back()
    assert engine.view().remaining == 30.0


@pytest.mark.parametrize(
    "step",
    [
        RepsStep("Toe lifts", reps=3),  # untimed
        RepsStep("Paced", reps=2, tempo=Tempo(up=1.0, hold=2.0, down=1.0)),
    ],
)
def test_untimed_and_paced_reps_are_not_adjusted(clock: FakeClock, step: RepsStep) -> None:
    engine = SessionEngine(make_plan(step), clock)
    engine.start()
    clock.advance(1.5)
    engine.poll()
    before = engine.view()
    assert engine.more() == [] and engine.less() == []
    assert engine.view() == before


def test_not_going_does_nothing(clock: FakeClock) -> None:
    engine = SessionEngine(make_plan(CALF), clock)
    assert engine.more() == [] and engine.state is EngineState.READY
    engine.start()
    engine.stop()
    assert engine.less() == []


def test_driver_and_keys_reach_it(clock: FakeClock) -> None:
    driver = SessionDriver(make_plan(HoldStep("Calf", 30.0)), clock=clock)
    driver.start()
    assert ACTION_OF_KEY["plus"] is Action.MORE and ACTION_OF_KEY["equals_sign"] is Action.MORE
    assert ACTION_OF_KEY["minus"] is Action.LESS
    driver.act(Action.MORE)
    assert driver.view().remaining == 40.0
    driver.act(Action.LESS)
    driver.act(Action.LESS)
    assert driver.view().remaining == 20.0


def test_cut_to_the_time_run_while_paused_ends_on_resume(clock: FakeClock) -> None:
    engine = SessionEngine(make_plan(HoldStep("Hold", 0.5)), clock)
    engine.start()
    engine.pause()
    engine.less()
    assert engine.view().remaining == 0.0 and engine.state is EngineState.PAUSED
    clock.advance(10.0)
    events = engine.resume()
    assert brief(events) == [("end", 0, False, 110.0), ("finished", 110.0)]
    assert engine.next_event_at() is None
