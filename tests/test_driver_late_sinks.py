"""Sinks made after the session started (the app shows its first frame first) miss no event,
and the history stamps each event with the time it happened, not the time it was handed over."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from history_support import calf_plan
from stretchtimer.history.recorder import HistoryRecorder
from stretchtimer.history.store import HistoryStore
from stretchtimer.session.actions import Action
from stretchtimer.session.clock import FakeClock
from stretchtimer.session.driver import SessionDriver
from stretchtimer.session.events import Event, SegmentEnded, SegmentStarted, SessionStopped
from test_history_recorder import Wall


class Late:
    """A sink that says how each event reached it."""

    def __init__(self) -> None:
        self.seen: list[tuple[str, Event, float | None]] = []

    def __call__(self, event: Event) -> None:
        self.seen.append(("now", event, None))

    def late(self, event: Event, seconds_ago: float) -> None:
        self.seen.append(("late", event, seconds_ago))


def test_events_before_the_sinks_are_handed_over_in_order_then_the_rest() -> None:
    clock = FakeClock()
    early: list[Event] = []
    plain: list[Event] = []
    late = Late()
    driver = SessionDriver(calf_plan(), clock=clock, sinks=[early.append], late_sinks=True)
    assert driver.awaiting_sinks
    started = driver.start()
    clock.advance(2.5)  # the get-ready (2 s) ends, the left hold starts
    polled = driver.poll()
    clock.advance(0.25)
    driver.add_sinks([plain.append, late])
    assert not driver.awaiting_sinks
    stopped = driver.act(Action.STOP)

    everything = [*started, *polled, *stopped]
    assert early == everything  # a sink given at the start got them as they came
    assert plain == everything
    assert [event for _, event, _ in late.seen] == everything
    assert [(how, ago) for how, _, ago in late.seen] == [
        *[("late", 2.75)] * len(started),
        *[("late", 0.25)] * len(polled),
        *[("now", None)] * len(stopped),
    ]
    assert isinstance(late.seen[0][1], SegmentStarted)
    assert isinstance(late.seen[-1][1], SessionStopped)


def test_a_late_sink_that_fails_on_the_events_so_far_is_dropped_and_told() -> None:
    told: list[str] = []

    def broken(event: Event) -> None:
        raise OSError("no sound card")

    kept: list[Event] = []
    driver = SessionDriver(
        calf_plan(), clock=FakeClock(), late_sinks=True, on_sink_failure=told.append
    )
    started = driver.start()
    driver.add_sinks([broken, kept.append])
    assert driver.sinks == [kept.append] and driver.failed_sinks == [broken]
    assert kept == started
    assert told == [
        "A sound or history helper stopped (OSError: no sound card); the routine goes on."
    ]


def test_without_late_sinks_no_events_are_kept() -> None:
    driver = SessionDriver(calf_plan(), clock=FakeClock())
    driver.start()
    assert not driver.awaiting_sinks
    later: list[Event] = []
    driver.add_sinks([later.append])  # added now: it gets what comes from now on
    assert later == []
    driver.stop()
    assert [type(event) for event in later][-1] is SessionStopped


def test_the_history_of_a_session_whose_recorder_came_late_has_its_real_times(
    tmp_path: Path,
) -> None:
    clock = FakeClock()
    plan = calf_plan()
    store = HistoryStore(tmp_path / "h.sqlite3")
    recorder = HistoryRecorder.for_plan(plan, store, now=Wall(clock))
    driver = SessionDriver(plan, clock=clock, late_sinks=True)
    driver.start()
    clock.advance(2.5)
    ended = [event for event in driver.poll() if isinstance(event, SegmentEnded)]
    assert ended  # the get-ready ended before the recorder was there
    clock.advance(0.5)
    driver.add_sinks([recorder])
    clock.advance(1.0)
    driver.stop()
    assert recorder.close(10)

    [row] = store.sessions(with_steps=True)
    origin = Wall(FakeClock()).origin
    assert row.started_at == origin  # when it started, not when the recorder came (3 s on)
    assert row.ended_at == origin + timedelta(seconds=4)
    assert row.status == "stopped"
    assert [(step.kind, step.skipped) for step in row.steps] == [
        ("prepare", False),
        ("hold", True),
    ]
