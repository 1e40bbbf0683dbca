"""The runner's display model: pure functions of the engine view (no textual, no app)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from stretchtimer.session.clock import FakeClock
from stretchtimer.session.engine import SessionEngine
from stretchtimer.session.plan import build_plan
from stretchtimer.session.view import next_change_in
from stretchtimer.tui.display import Display, display_of, mmss
from tui_support import FULL, PACED, SHORT, UNTIMED


def engine_at(routine: object, seconds: float) -> SessionEngine:
    clock = FakeClock()
    engine = SessionEngine(build_plan(routine), clock)  # type: ignore[arg-type]
    engine.start()
    clock.advance(seconds)
    engine.poll()
    return engine


def shown(routine: object, seconds: float) -> Display:
    engine = engine_at(routine, seconds)
    return display_of(engine.view(), engine.plan)


def test_mmss() -> None:
    assert [mmss(s) for s in (0, 9, 60, 61, 3600)] == ["00:00", "00:09", "01:00", "01:01", "60:00"]


def test_countdown_rounds_up_and_final_seconds() -> None:
    assert shown(SHORT, 0).digits == "00:10"
    assert shown(SHORT, 0.1).digits == "00:10"
    assert shown(SHORT, 1.0).digits == "00:09"
    assert not shown(SHORT, 6.9).final
    assert shown(SHORT, 7.0).digits == "00:03"
    assert shown(SHORT, 7.0).final and shown(SHORT, 9.9).final


def test_hold_with_sides_and_the_next_part() -> None:
    d = shown(FULL, 5 + 20)
    assert (d.kind, d.label, d.detail, d.position) == (
        "hold", "Wall calf stretch", "left side (1 of 2)", "step 1 of 4")
    assert d.cue == "Step back with your left foot, heel flat, and lean in."
    assert d.next == "next: Switch to right (0:05)"
    assert (d.elapsed, d.remaining) == ("0:25", "4:45+")  # 310 s planned; squats untimed
    switch = shown(FULL, 5 + 60 + 1)
    assert (switch.kind, switch.detail) == ("switch", "next side: right")


def test_paced_and_untimed_reps() -> None:
    d = shown(PACED, 6 * 2 + 1 + 0.2)  # rep 3, 0.2 s into the hold
    assert (d.rep, d.phase, d.phase_left) == ("3/10", "HOLD", 3)
    u = shown(UNTIMED, 75.5)
    assert (u.untimed, u.digits, u.target) == (True, "01:15", "12 reps · press Enter when done")


def test_equal_views_give_equal_displays() -> None:
    # the progress fraction is finer than a second (the bar widget decides what is visible)
    def looks(at: float) -> Display:
        return replace(shown(SHORT, at), progress=0)

    assert looks(2.1) == looks(2.9)
    assert looks(2.9) != looks(3.0)


@pytest.mark.parametrize(
    ("routine", "at", "expected"),
    [
        (SHORT, 0.0, 1.0),  # 10.0 left: shows 10 until 9.0 is left
        (SHORT, 0.25, 0.75),
        (SHORT, 9.5, 0.5),
        (PACED, 0.4, 0.6),  # the up phase (1 s) ends at 1.0
        (UNTIMED, 3.7, 0.3),  # counting up: the next whole second
    ],
)
def test_next_change(routine: object, at: float, expected: float) -> None:
    assert next_change_in(engine_at(routine, at).view()) == pytest.approx(expected)


def test_nothing_changes_while_paused_or_after_the_end() -> None:
    engine = engine_at(SHORT, 1.5)
    engine.pause()
    assert next_change_in(engine.view()) is None
    done = engine_at(SHORT, 100)
    assert next_change_in(done.view()) is None
    assert display_of(done.view(), done.plan).label == "Done"
