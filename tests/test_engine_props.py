"""Property tests of the engine: random routines, random actions at random times.

Checked for every example: events fire once each and in order (each pass through a segment emits
a prefix of that segment's schedule, the whole of it when the segment ran to its end), extra
polls at random moments change nothing (catch-up is exact), remaining time never goes below zero
or up except on back and ``more``, paused time is never counted as active, and the record adds up
to the time really run. Passes whose length was changed (``more``/``less``) end when their new
length has run, never before the time already run, and their countdown ticks fall at the new
end (no drift).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from stretchtimer.routines.model import HoldStep, RepsStep, RestStep, Routine, Step, Tempo
from stretchtimer.session.clock import FakeClock
from stretchtimer.session.engine import EngineState, SessionEngine, View
from stretchtimer.session.events import (
    CountdownTick,
    Event,
    SegmentEnded,
    SegmentStarted,
    SessionFinished,
    SessionStatus,
    SessionStopped,
    StepStatus,
)
from stretchtimer.session.plan import Plan, build_plan
from stretchtimer.session.view import schedule

EPS = 1e-6
ACTIONS = ("poll", "pause", "resume", "toggle", "skip", "back", "done", "stop", "more", "less")
ADJUSTS = ("more", "less")
TERMINAL = (EngineState.FINISHED, EngineState.STOPPED)

durations = st.one_of(
    st.sampled_from([0.5, 1.0, 2.0, 2.5, 3.0, 3.5, 30.0, 31.0]),
    st.floats(min_value=0.05, max_value=40.0, allow_nan=False, allow_infinity=False),
)
gaps = st.one_of(
    st.sampled_from([0.0, 0.5, 1.0, 2.0]), st.floats(min_value=0.0, max_value=45.0, allow_nan=False)
)
sides = st.sampled_from([(), ("left", "right"), ("left",)])
tempos = st.builds(
    Tempo,
    up=st.sampled_from([0.0, 0.5, 1.0]),
    hold=st.sampled_from([0.0, 2.0]),
    down=st.sampled_from([1.0, 1.5]),
)

steps: st.SearchStrategy[Step] = st.one_of(
    st.builds(
        HoldStep,
        name=st.just("Hold"),
        hold=durations,
        sides=sides,
        switch=st.sampled_from([0.0, 1.0, 5.0]),
        sets=st.integers(1, 2),
        rest=st.one_of(st.none(), st.sampled_from([0.0, 2.0])),
    ),
    st.builds(
        RepsStep,
        name=st.just("Reps"),
        reps=st.integers(1, 3),
        tempo=st.one_of(st.none(), tempos),
        sides=sides,
        sets=st.integers(1, 2),
    ),
    st.builds(RestStep, rest=st.sampled_from([0.0, 1.0, 10.0])),
)
plans = st.builds(
    lambda s, prepare, rest: build_plan(Routine("r", "R", tuple(s), prepare=prepare, rest=rest)),
    st.lists(steps, min_size=1, max_size=4),
    st.sampled_from([0.0, 3.0, 5.0]),
    st.sampled_from([0.0, 1.5]),
)
scripts = st.lists(st.tuples(gaps, st.sampled_from(ACTIONS)), max_size=25)


@dataclass
class Run:
    """What one simulated session produced."""

    events: list[tuple[Event, float, str]] = field(default_factory=list)  # event, now, action
    views: list[tuple[View, str]] = field(default_factory=list)
    pauses: list[tuple[float, float]] = field(default_factory=list)
    adjusts: list[float] = field(default_factory=list)  # when ``more``/``less`` was pressed
    start: float = 0.0


def simulate(
    plan: Plan, script: list[tuple[float, str]], extra: list[list[float]], finale: str = "wait"
) -> tuple[SessionEngine, Run]:
    """Run a script of (gap, action); ``extra[k]`` are fractions of gap k where to poll too.

    Then the finale: "wait" (resume and let it run to its end, marking untimed sets done) or
    "skip" (pause, then skip to the end while paused).
    """
    clock = FakeClock(10.0)
    engine = SessionEngine(plan, clock)
    run = Run(start=clock())
    paused_since: list[float] = []

    def act(name: str) -> None:
        before = engine.state
        method = {"toggle": engine.toggle_pause}.get(name) or getattr(engine, name)
        events = method()
        now = clock()
        run.events += [(ev, now, name) for ev in events]
        after = engine.state
        if after is EngineState.PAUSED and before is not EngineState.PAUSED:
            paused_since.append(now)
        if before is EngineState.PAUSED and after is not EngineState.PAUSED:
            end = events[-1].at if after in TERMINAL else now
            run.pauses.append((paused_since.pop(), end))
        run.views.append((engine.view(), name))
        if name in ADJUSTS:
            run.adjusts.append(now)
        due = engine.next_event_at()
        assert due is None or due > now, "a call leaves nothing due behind"

    act("start")
    t = clock()
    for k, (gap, name) in enumerate(script):
        for frac in sorted(extra[k % len(extra)] if extra else []):
            clock.set(t + gap * frac)
            act("poll")
        t += gap
        clock.set(t)
        act(name)
    for _ in range(40):
        if engine.state in TERMINAL:
            break
        if finale == "skip":
            act("pause")
            t += 3.0
            clock.set(t)
            act("skip")
            continue
        act("resume")
        t += 50.0
        clock.set(t)
        act("poll")
        act("done")
    act("stop")
    return engine, run


def check_passes(run: Run) -> None:
    """Each pass emits a prefix of its schedule, all of it when it ran to its end."""
    current = None
    started = 0.0
    got: list[tuple[object, ...]] = []
    ticks: list[tuple[int, float]] = []

    def close(natural: bool) -> None:
        assert current is not None
        want = [sig(make(0.0)) for _, make in schedule(current)]
        assert got == want[: len(got)], "events of a pass are a prefix of its schedule"
        if natural:
            assert got == want, "a completed pass emitted all its events"

    for ev, _now, _action in run.events:
        if isinstance(ev, SegmentStarted):
            assert current is None, "every pass ends before the next starts"
            current, got, ticks, started = ev.segment, [], [], ev.at
        elif isinstance(ev, SegmentEnded):
            assert current is not None and ev.segment == current
            timed_done = not ev.record.skipped and current.timed
            adjusted = [t for t in run.adjusts if started <= t <= ev.at]
            assert ev.record.planned == current.duration, "the record keeps the planned time"
            if adjusted and current.tempo is None:
                # the new length ran out; each tick after the last change falls at the new end,
                # less the time paused between the tick and the end
                assert ev.record.actual >= -EPS
                if timed_done:
                    for left, at in ticks:
                        if at > adjusted[-1] + EPS:
                            paused = paused_within(run.pauses, at, ev.at)
                            assert abs(at + paused - (ev.at - left)) < EPS, "a tick at its moment"
                current = None
                continue
            close(natural=timed_done)
            if timed_done:
                assert abs(ev.record.actual - (current.duration or 0.0)) < EPS
            assert ev.record.actual >= -EPS
            if current.duration is not None:
                assert ev.record.actual <= current.duration + EPS
            current = None
        elif isinstance(ev, SessionFinished | SessionStopped):
            assert current is None
        else:
            assert current is not None and ev.segment == current
            got.append(sig(ev))
            if isinstance(ev, CountdownTick):
                ticks.append((ev.seconds_left, ev.at))


def paused_within(pauses: list[tuple[float, float]], start: float, end: float) -> float:
    """Return how long the session was paused between two moments."""
    return sum(max(0.0, min(end, stop) - max(start, begin)) for begin, stop in pauses)


def sig(ev: Event) -> tuple[object, ...]:
    """An event without its time: kind and details."""
    return (
        type(ev).__name__,
        *(getattr(ev, name, None) for name in ("seconds_left", "rep", "phase", "side")),
    )


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    plan=plans,
    script=scripts,
    extra=st.lists(st.lists(st.floats(0.0, 1.0), max_size=4), max_size=5),
    finale=st.sampled_from(["wait", "skip"]),
)
@example(  # a tick due as a pause starts, after the hold was shortened: its moment moves too
    plan=build_plan(Routine("r", "R", (HoldStep("Hold", 30.0),), prepare=0.0, rest=0.0)),
    script=[(15.0, "less"), (2.0, "pause"), (0.5, "poll")],
    extra=[],
    finale="wait",
)
def test_engine_properties(
    plan: Plan, script: list[tuple[float, str]], extra: list[list[float]], finale: str
) -> None:
    engine, run = simulate(plan, script, [], finale)
    events = [ev for ev, _, _ in run.events]

    # once and in order; never delivered before due; one terminal event, last
    ats = [ev.at for ev in events]
    assert ats == sorted(ats)
    assert all(ev.at <= now + EPS for ev, now, _ in run.events)
    terminal = [ev for ev in events if isinstance(ev, SessionFinished | SessionStopped)]
    assert len(terminal) == 1 and events[-1] is terminal[0]
    check_passes(run)

    # extra polls at random moments do not change a single event
    if extra:
        _, again = simulate(plan, script, extra, finale)
        assert [ev for ev, _, _ in again.events] == events

    # remaining never below zero, never up except on back
    previous: View | None = None
    for view, action in run.views:
        assert view.routine_remaining >= -EPS and 0.0 <= view.progress <= 1.0
        assert view.remaining is None or view.remaining >= -EPS
        if previous is not None and action not in ("back", "more"):
            assert view.routine_remaining <= previous.routine_remaining + EPS
            if (
                view.index == previous.index
                and view.remaining is not None
                and previous.remaining is not None
            ):
                assert view.remaining <= previous.remaining + EPS
        previous = view

    # paused time never counted as active; the record adds up to the time really run
    rec = engine.record
    end = terminal[0].at
    paused = sum(b - a for a, b in run.pauses)
    assert abs(rec.paused_seconds - paused) < EPS
    assert abs(rec.active_seconds - (end - run.start - paused)) < EPS
    assert abs(rec.active_seconds - sum(r.actual for r in rec.segments)) < EPS
    # passes through one segment are numbered 1, 2, 3... in the order they ended
    seen: dict[int, int] = {}
    for r in rec.segments:
        seen[r.index] = seen.get(r.index, 0) + 1
        assert r.attempt == seen[r.index]
    # only the pass cut by Stop is "stopped", and only when the session was stopped
    stopped = [r for r in rec.segments if r.status is StepStatus.STOPPED]
    assert len(stopped) <= 1
    if stopped:
        assert stopped[0] is rec.segments[-1] and rec.status is SessionStatus.STOPPED
    assert rec.status is (
        SessionStatus.COMPLETED
        if isinstance(terminal[0], SessionFinished)
        else SessionStatus.STOPPED
    )
    assert len([e for e in events if isinstance(e, SegmentEnded)]) == len(rec.segments)
