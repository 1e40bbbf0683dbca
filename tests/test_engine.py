"""The session engine, driven by a fake clock: every action, every event, no sleeping."""

from __future__ import annotations

import pytest

from stretchtimer.routines.model import HoldStep, RepsStep, RestStep, Routine, Tempo
from stretchtimer.session.clock import FakeClock
from stretchtimer.session.engine import EngineState, SessionEngine
from stretchtimer.session.events import (
    CountdownTick,
    Event,
    Halfway,
    RepPhase,
    SegmentEnded,
    SegmentStarted,
    SessionFinished,
    SessionStatus,
    SessionStopped,
    SideSwitch,
    StepStatus,
)
from stretchtimer.session.plan import Plan, build_plan


def make_plan(
    *steps: HoldStep | RepsStep | RestStep, prepare: float = 0.0, rest: float = 0.0
) -> Plan:
    return build_plan(Routine(id="t", name="Test", steps=steps, prepare=prepare, rest=rest))


def brief(events: list[Event]) -> list[tuple[object, ...]]:
    """Events as short comparable tuples: (kind, segment index, detail, at)."""
    out: list[tuple[object, ...]] = []
    for ev in events:
        if isinstance(ev, SegmentStarted):
            out.append(("start", ev.segment.index, ev.at))
        elif isinstance(ev, SegmentEnded):
            out.append(("end", ev.segment.index, ev.record.skipped, ev.at))
        elif isinstance(ev, CountdownTick):
            out.append(("tick", ev.segment.index, ev.seconds_left, ev.at))
        elif isinstance(ev, Halfway):
            out.append(("half", ev.segment.index, ev.at))
        elif isinstance(ev, SideSwitch):
            out.append(("switch", ev.segment.index, ev.side, ev.at))
        elif isinstance(ev, RepPhase):
            out.append(("phase", ev.segment.index, ev.rep, ev.phase, ev.at))
        elif isinstance(ev, SessionFinished):
            out.append(("finished", ev.at))
        else:
            out.append(("stopped", ev.at))
    return out


CALF = HoldStep("Calf", 30.0, cue="lean on {side}", sides=("left", "right"), switch=2.0)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(100.0)


def test_fake_clock_moves_only_forward() -> None:
    clock = FakeClock(5.0)
    assert clock() == 5.0
    assert clock.advance(1.5) == 6.5
    clock.set(10.0)
    clock.sleep(-3)  # a negative sleep is no sleep
    assert clock() == 10.0
    with pytest.raises(ValueError):
        clock.advance(-1)
    with pytest.raises(ValueError):
        clock.set(9.0)


def test_ready_state_and_actions_before_start_do_nothing(clock: FakeClock) -> None:
    engine = SessionEngine(make_plan(CALF), clock)
    assert engine.state is EngineState.READY
    view = engine.view()
    assert view.segment is None and view.next_segment is engine.plan.segments[0]
    assert view.routine_remaining == engine.plan.total_seconds == 62.0
    for action in (
        engine.poll,
        engine.pause,
        engine.resume,
        engine.toggle_pause,
        engine.skip,
        engine.back,
        engine.done,
    ):
        assert action() == []
    assert engine.state is EngineState.READY
    assert engine.next_event_at() is None


def test_whole_run_emits_every_event_once_in_order(clock: FakeClock) -> None:
    engine = SessionEngine(make_plan(CALF, prepare=3.0), clock)
    events = engine.start()
    assert brief(events) == [("start", 0, 100.0)]
    assert engine.next_event_at() == 101.0  # tick 2 of a 3 s prepare (tick 3 would be at 0)
    seen: list[Event] = list(events)
    for _ in range(200):
        clock.advance(0.5)
        seen += engine.poll()
    assert brief(seen) == [
        ("start", 0, 100.0),
        ("tick", 0, 2, 101.0),
        ("tick", 0, 1, 102.0),
        ("end", 0, False, 103.0),
        ("start", 1, 103.0),
        ("half", 1, 118.0),
        ("tick", 1, 3, 130.0),
        ("tick", 1, 2, 131.0),
        ("tick", 1, 1, 132.0),
        ("end", 1, False, 133.0),
        ("start", 2, 133.0),
        ("switch", 2, "right", 133.0),
        ("tick", 2, 1, 134.0),
        ("end", 2, False, 135.0),
        ("start", 3, 135.0),
        ("half", 3, 150.0),
        ("tick", 3, 3, 162.0),
        ("tick", 3, 2, 163.0),
        ("tick", 3, 1, 164.0),
        ("end", 3, False, 165.0),
        ("finished", 165.0),
    ]
    assert engine.state is EngineState.FINISHED
    rec = engine.record
    assert rec.status is SessionStatus.COMPLETED
    assert [r.actual for r in rec.segments] == [3.0, 30.0, 2.0, 30.0]
    assert rec.active_seconds == 65.0 and rec.paused_seconds == 0.0
    assert [r.status for r in rec.segments] == [StepStatus.DONE] * 4
    assert [r.attempt for r in rec.segments] == [1] * 4
    assert engine.poll() == [] and engine.stop() == []  # actions after the end do nothing


def test_late_poll_catches_up_with_due_times(clock: FakeClock) -> None:
    engine = SessionEngine(make_plan(CALF, prepare=3.0), clock)
    engine.start()
    clock.advance(34.0)  # suspended: prepare and the whole left side passed
    events = brief(engine.poll())
    assert events[0] == ("tick", 0, 2, 101.0)
    assert ("end", 1, False, 133.0) in events and events[-1] == ("tick", 2, 1, 134.0)
    view = engine.view()
    assert view.index == 2 and view.remaining == pytest.approx(1.0)
    # the next deadline was chained from the previous one, not from the late reading
    assert engine.next_event_at() == 135.0


def test_view_looks_ahead_without_emitting(clock: FakeClock) -> None:
    engine = SessionEngine(make_plan(CALF), clock)
    engine.start()
    clock.advance(31.0)
    view = engine.view()
    assert view.index == 1 and view.segment is not None and view.segment.side == "right"
    assert view.remaining == pytest.approx(1.0)
    assert view.routine_elapsed == pytest.approx(31.0)
    assert view.routine_remaining == pytest.approx(31.0)
    assert view.progress == pytest.approx(31 / 62)
    assert engine.state is EngineState.RUNNING and engine.record.segments == []
    clock.advance(100.0)
    done = engine.view()
    assert done.state is EngineState.FINISHED and done.segment is None
    assert done.progress == 1.0 and done.remaining == 0.0 and done.routine_elapsed == 62.0


def test_pause_keeps_remaining_and_resume_sets_new_deadline(clock: FakeClock) -> None:
    engine = SessionEngine(make_plan(HoldStep("Hold", 10.0)), clock)
    engine.start()
    clock.advance(4.0)
    assert engine.pause() == []
    assert engine.state is EngineState.PAUSED and engine.next_event_at() is None
    assert engine.pause() == []  # no-op while paused
    clock.advance(50.0)
    assert engine.poll() == []
    view = engine.view()
    assert view.state is EngineState.PAUSED and view.remaining == 6.0 and view.elapsed == 4.0
    assert engine.resume() == []
    assert engine.resume() == []  # no-op while running
    assert engine.next_event_at() == 157.0  # deadline 160 = resumed at 154 + 6 left
    clock.advance(10.0)
    events = brief(engine.poll())
    assert events == [
        ("tick", 0, 3, 157.0),
        ("tick", 0, 2, 158.0),
        ("tick", 0, 1, 159.0),
        ("end", 0, False, 160.0),
        ("finished", 160.0),
    ]
    rec = engine.record
    assert rec.segments[0].actual == 10.0
    assert rec.active_seconds == 10.0 and rec.paused_seconds == 50.0


def test_toggle_pause(clock: FakeClock) -> None:
    engine = SessionEngine(make_plan(HoldStep("Hold", 10.0)), clock)
    engine.start()
    clock.advance(1.0)
    engine.toggle_pause()
    assert engine.state is EngineState.PAUSED
    clock.advance(2.0)
    engine.toggle_pause()
    assert engine.view().state is EngineState.RUNNING
    assert engine.view().remaining == 9.0
    assert engine.record.paused_seconds == 2.0


def test_pause_after_deadline_catches_up_first(clock: FakeClock) -> None:
    engine = SessionEngine(make_plan(HoldStep("A", 5.0), HoldStep("B", 5.0)), clock)
    engine.start()
    clock.advance(7.0)
    events = brief(engine.pause())
    assert ("start", 1, 105.0) in events
    view = engine.view()
    assert view.index == 1 and view.remaining == 3.0 and view.state is EngineState.PAUSED


def test_skip_ends_segment_as_skipped_and_starts_next_now(clock: FakeClock) -> None:
    engine = SessionEngine(make_plan(CALF), clock)
    engine.start()
    clock.advance(12.5)
    assert brief(engine.skip()) == [
        ("end", 0, True, 112.5),
        ("start", 1, 112.5),
        ("switch", 1, "right", 112.5),
    ]
    assert engine.record.segments[0].actual == 12.5 and engine.record.segments[0].skipped
    assert engine.view().remaining == 2.0
    engine.skip()
    assert brief(engine.skip()) == [("end", 2, True, 112.5), ("finished", 112.5)]
    assert engine.record.status is SessionStatus.COMPLETED
    assert [r.status for r in engine.record.segments] == [StepStatus.SKIPPED] * 3
    assert engine.record.active_seconds == 12.5


def test_skip_while_paused_stays_paused(clock: FakeClock) -> None:
    engine = SessionEngine(make_plan(HoldStep("A", 5.0), HoldStep("B", 5.0)), clock)
    engine.start()
    clock.advance(1.0)
    engine.pause()
    clock.advance(3.0)
    assert brief(engine.skip()) == [("end", 0, True, 104.0), ("start", 1, 104.0)]
    assert engine.state is EngineState.PAUSED and engine.view().remaining == 5.0
    clock.advance(2.0)
    engine.resume()
    clock.advance(5.0)
    assert brief(engine.poll())[-1] == ("finished", 111.0)
    rec = engine.record
    assert rec.paused_seconds == 5.0 and rec.active_seconds == 6.0
    assert rec.active_seconds + rec.paused_seconds == 111.0 - 100.0


def test_back_restarts_current_segment_after_two_seconds(clock: FakeClock) -> None:
    engine = SessionEngine(make_plan(HoldStep("A", 5.0), HoldStep("B", 30.0)), clock)
    engine.start()
    clock.advance(5.0 + 20.0)
    engine.poll()
    # the pass left by "back" ends as skipped; the segment starts again
    assert brief(engine.back()) == [("end", 1, True, 125.0), ("start", 1, 125.0)]
    assert engine.view().remaining == 30.0
    clock.advance(15.0)
    assert brief(engine.poll()) == [("half", 1, 140.0)]  # a new pass: halfway again
    clock.advance(15.0)
    engine.poll()
    rec = engine.record
    assert [(r.index, r.actual, r.status, r.attempt) for r in rec.segments] == [
        (0, 5.0, StepStatus.DONE, 1),
        (1, 20.0, StepStatus.SKIPPED, 1),
        (1, 30.0, StepStatus.DONE, 2),
    ]
    assert rec.active_seconds == 55.0 == sum(r.actual for r in rec.segments)


def test_back_within_two_seconds_goes_to_previous(clock: FakeClock) -> None:
    engine = SessionEngine(make_plan(HoldStep("A", 5.0), HoldStep("B", 5.0)), clock)
    engine.start()
    clock.advance(6.5)
    engine.poll()
    assert brief(engine.back()) == [("end", 1, True, 106.5), ("start", 0, 106.5)]
    clock.advance(20.0)
    events = brief(engine.poll())
    assert events[0] == ("tick", 0, 3, 108.5) and ("end", 0, False, 111.5) in events
    rec = engine.record
    # the earlier record of A stays, and so does the 1.5 s of B that was left
    assert [(r.index, r.attempt) for r in rec.segments] == [(0, 1), (1, 1), (0, 2), (1, 2)]
    assert rec.segments[1].actual == 1.5 and rec.active_seconds == 16.5


def test_back_on_first_segment_restarts_it(clock: FakeClock) -> None:
    engine = SessionEngine(make_plan(HoldStep("A", 5.0)), clock)
    engine.start()
    clock.advance(1.0)
    assert brief(engine.back()) == [("end", 0, True, 101.0), ("start", 0, 101.0)]


def test_back_while_paused_restarts_and_stays_paused(clock: FakeClock) -> None:
    engine = SessionEngine(make_plan(HoldStep("A", 10.0)), clock)
    engine.start()
    clock.advance(4.0)
    engine.pause()
    clock.advance(1.0)
    engine.back()
    view = engine.view()
    assert view.state is EngineState.PAUSED and view.remaining == 10.0
    [left] = engine.record.segments
    assert (left.actual, left.status, left.attempt) == (4.0, StepStatus.SKIPPED, 1)


def test_paced_reps_emit_every_phase(clock: FakeClock) -> None:
    toes = RepsStep("Toes", 2, tempo=Tempo(up=1.0, hold=2.0, down=1.0))
    engine = SessionEngine(make_plan(toes), clock)
    events = engine.start()
    assert brief(events) == [("start", 0, 100.0), ("phase", 0, 1, "up", 100.0)]
    clock.advance(1.5)
    view = engine.view()
    assert (view.rep, view.phase, view.phase_remaining) == (1, "hold", 1.5)
    clock.advance(10.0)
    assert brief(engine.poll()) == [
        ("phase", 0, 1, "hold", 101.0),
        ("phase", 0, 1, "down", 103.0),
        ("phase", 0, 2, "up", 104.0),
        ("phase", 0, 2, "hold", 105.0),
        ("tick", 0, 3, 105.0),
        ("tick", 0, 2, 106.0),
        ("phase", 0, 2, "down", 107.0),
        ("tick", 0, 1, 107.0),
        ("end", 0, False, 108.0),
        ("finished", 108.0),
    ]


def test_untimed_reps_wait_for_done(clock: FakeClock) -> None:
    engine = SessionEngine(make_plan(RepsStep("Squats", 10), HoldStep("A", 5.0)), clock)
    engine.start()
    assert engine.next_event_at() is None
    clock.advance(1000.0)
    assert engine.poll() == []
    view = engine.view()
    assert view.remaining is None and view.elapsed == 1000.0 and view.rep is None
    assert view.routine_remaining == 5.0  # the untimed set counts 0
    assert brief(engine.done()) == [("end", 0, False, 1100.0), ("start", 1, 1100.0)]
    assert engine.record.segments[0].actual == 1000.0
    assert engine.record.segments[0].planned is None
    assert engine.done() == []  # not an untimed set: no-op
    assert engine.view().remaining == 5.0


def test_skip_untimed_reps_is_skipped(clock: FakeClock) -> None:
    engine = SessionEngine(make_plan(RepsStep("Squats", 10)), clock)
    engine.start()
    clock.advance(3.0)
    assert brief(engine.skip()) == [("end", 0, True, 103.0), ("finished", 103.0)]


def test_stop_records_partial_segment_and_stops(clock: FakeClock) -> None:
    engine = SessionEngine(make_plan(HoldStep("A", 5.0), HoldStep("B", 60.0)), clock)
    engine.start()
    clock.advance(25.0)
    events = engine.stop()
    assert brief(events)[-2:] == [("end", 1, True, 125.0), ("stopped", 125.0)]
    assert isinstance(events[-1], SessionStopped)
    rec = engine.record
    assert rec.status is SessionStatus.STOPPED and engine.state is EngineState.STOPPED
    assert [(r.actual, r.status) for r in rec.segments] == [
        (5.0, StepStatus.DONE),
        (20.0, StepStatus.STOPPED),
    ]
    assert rec.active_seconds == 25.0
    view = engine.view()
    assert view.state is EngineState.STOPPED and view.segment is None
    assert view.progress == pytest.approx(25.0 / 65.0)
    for action in (
        engine.poll,
        engine.pause,
        engine.resume,
        engine.skip,
        engine.back,
        engine.done,
        engine.stop,
        engine.start,
    ):
        assert action() == []


def test_stop_while_paused_counts_pause(clock: FakeClock) -> None:
    engine = SessionEngine(make_plan(HoldStep("A", 50.0)), clock)
    engine.start()
    clock.advance(10.0)
    engine.pause()
    clock.advance(30.0)
    engine.stop()
    rec = engine.record
    assert rec.active_seconds == 10.0 and rec.paused_seconds == 30.0


def test_stop_before_start(clock: FakeClock) -> None:
    engine = SessionEngine(make_plan(HoldStep("A", 5.0)), clock)
    assert brief(engine.stop()) == [("stopped", 100.0)]
    assert engine.record.segments == [] and engine.state is EngineState.STOPPED


def test_empty_plan_finishes_at_once(clock: FakeClock) -> None:
    engine = SessionEngine(make_plan(RestStep(0.0)), clock)
    assert engine.plan.segments == ()
    assert brief(engine.start()) == [("finished", 100.0)]
    assert engine.view().progress == 1.0


def test_short_segments_get_only_ticks_after_their_start(clock: FakeClock) -> None:
    engine = SessionEngine(
        make_plan(HoldStep("A", 2.0), HoldStep("B", 0.5), HoldStep("C", 3.5)), clock
    )
    engine.start()
    clock.advance(10.0)
    ticks = [e for e in brief(engine.poll()) if e[0] == "tick"]
    assert ticks == [
        ("tick", 0, 1, 101.0),
        ("tick", 2, 3, 103.0),
        ("tick", 2, 2, 104.0),
        ("tick", 2, 1, 105.0),
    ]


def test_halfway_only_for_holds_of_thirty_seconds(clock: FakeClock) -> None:
    engine = SessionEngine(
        make_plan(HoldStep("A", 29.0), RestStep(40.0), HoldStep("B", 30.0)), clock
    )
    engine.start()
    clock.advance(200.0)
    halves = [e for e in brief(engine.poll()) if e[0] == "half"]
    assert halves == [("half", 2, 69.0 + 100.0 + 15.0)]


def test_clock_going_backwards_does_not_undo_events(clock: FakeClock) -> None:
    readings = iter([0.0, 10.0, 4.0, 4.0, 11.0])
    engine = SessionEngine(
        make_plan(HoldStep("A", 5.0), HoldStep("B", 5.0)), lambda: next(readings)
    )
    engine.start()
    assert brief(engine.poll())[-1] == ("finished", 10.0)
    assert engine.poll() == []
    assert engine.view().state is EngineState.FINISHED


def test_no_drift_over_many_segments(clock: FakeClock) -> None:
    plan = make_plan(*(HoldStep(f"H{i}", 0.1) for i in range(1000)))
    engine = SessionEngine(plan, clock)
    engine.start()
    # irregular, late polls: the finish is still due exactly at start + planned total
    step = 0.0
    while engine.state is EngineState.RUNNING:
        step = 0.0371 if step > 0.05 else step + 0.0173
        clock.advance(step)
        events = engine.poll()
    assert isinstance(events[-1], SessionFinished)
    assert events[-1].at == pytest.approx(100.0 + 100.0, abs=1e-9)


def test_skipping_the_last_segment_while_paused_counts_the_pause(clock: FakeClock) -> None:
    engine = SessionEngine(make_plan(HoldStep("A", 10.0)), clock)
    engine.start()
    clock.advance(2.0)
    engine.pause()
    clock.advance(5.0)
    assert brief(engine.skip()) == [("end", 0, True, 107.0), ("finished", 107.0)]
    rec = engine.record
    assert rec.paused_seconds == 5.0 and rec.active_seconds == 2.0
