"""The runner's display model: pure functions of the engine view (no textual, no app)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from stretchtimer.session.clock import FakeClock
from stretchtimer.session.engine import SessionEngine
from stretchtimer.session.plan import build_plan
from stretchtimer.session.view import next_change_in
from stretchtimer.tui.display import Display, DisplayMaker, display_of, mmss
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
    assert (d.kind, d.label, d.side, d.detail, d.position) == (
        "hold",
        "Wall calf stretch",
        "◀ LEFT",
        "◀ LEFT side (1 of 2)",
        "step 1 of 4",
    )
    assert d.title == "0:40 Wall calf stretch, left"
    assert d.cue == "Step back with your left foot, heel flat, and lean in."
    assert d.next == "next: Switch to right (0:05)"
    assert (d.elapsed, d.remaining) == ("0:25", "4:45+")  # 310 s planned; squats untimed
    switch = shown(FULL, 5 + 60 + 1)
    assert (switch.kind, switch.side, switch.detail) == (
        "switch",
        "RIGHT ▶",
        "RIGHT side ▶ (2 of 2)",
    )
    assert switch.label == "Switch sides · next: Wall calf stretch"
    assert switch.cue == "Step back with your right foot, heel flat, and lean in."


def test_get_ready_and_rest_show_what_comes_next() -> None:
    ready = shown(FULL, 1)
    assert ready.label == "Get ready · next: Wall calf stretch"
    assert (ready.side, ready.sided) == ("◀ LEFT", True)
    assert ready.cue == "Step back with your left foot, heel flat, and lean in."
    rest = shown(FULL, 5 + 60 + 5 + 60 + 1)
    assert rest.label == "Rest · next: Toe lifts"
    assert rest.detail == "set 1 of 2" and rest.side == ""
    assert rest.cue == "Rise onto your toes, hold, then lower slowly."


def test_a_rest_step_keeps_its_own_cue_then_the_next() -> None:
    from stretchtimer.routines.model import HoldStep, RestStep, Routine

    routine = Routine(
        id="r",
        name="R",
        prepare=0,
        steps=(
            HoldStep("Reach", 5),
            RestStep(rest=10, cue="Shake out your legs."),
            HoldStep("Fold", 5, cue="Fold forward."),
        ),
    )
    rest = shown(routine, 6)
    assert rest.label == "Rest · next: Fold"
    assert rest.cue == "Shake out your legs.\nFold forward."


def test_side_words() -> None:
    from stretchtimer.tui.display import side_word

    assert [side_word(s) for s in ("left", "Right", "front", "", None)] == [
        "◀ LEFT",
        "RIGHT ▶",
        "FRONT",
        "",
        "",
    ]
    assert side_word("linke Seite") == ""  # too long for the letters: the side line says it
    assert side_word("левая") == ""  # not in the block font


def test_the_title_is_safe_for_a_terminal() -> None:
    from stretchtimer.routines.model import HoldStep, Routine

    evil = Routine(id="e", name="E", prepare=0, steps=(HoldStep("Calf\x1b]2;pwned\x07", 5),))
    title = shown(evil, 0).title
    assert "\x1b" not in title and "\x07" not in title and title.startswith("0:05 Calf")


def test_fit_text_wraps_and_ends_a_cut_text_with_an_ellipsis() -> None:
    from stretchtimer.tui.display import fit_text

    text = "Stand facing a wall, hands on the wall at shoulder height, and lean in."
    assert fit_text(text, 80, 2) == (text, False)
    wrapped, cut = fit_text(text, 30, 4)
    assert not cut and wrapped.split("\n")[0] == "Stand facing a wall, hands on"
    short, cut = fit_text(text, 30, 2)
    lines = short.split("\n")
    assert cut and len(lines) == 2 and lines[-1].endswith("…")
    assert all(len(line) <= 30 for line in lines)
    assert fit_text("one\ntwo\nthree", 20, 2) == ("one\ntwo …", True)


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


@pytest.mark.parametrize("routine", [FULL, PACED, SHORT, UNTIMED], ids=lambda r: r.name)
def test_a_runner_s_maker_shows_what_a_fresh_one_shows_all_session_long(routine: object) -> None:
    """The maker a runner keeps works out each part's texts once: never stale ones.

    The session goes forwards and backwards, pauses, and has a part lengthened and shortened,
    and at every reading the kept maker agrees with one made for that reading alone.
    """
    clock = FakeClock()
    engine = SessionEngine(build_plan(routine), clock)  # type: ignore[arg-type]
    kept = DisplayMaker(engine.plan)
    seen = []
    moves = [engine.skip, engine.back, engine.more, engine.pause, engine.resume, engine.less]
    engine.start()
    for tick in range(400):
        clock.advance(0.25)
        engine.poll()
        if tick % 9 == 8:
            moves[(tick // 9) % len(moves)]()
        if tick % 37 == 36:
            engine.back()
        view = engine.view()
        assert kept(view) == display_of(view, engine.plan)
        seen.append(kept(view).label)
        if engine.state.value in ("finished", "stopped"):
            break
    assert len(set(seen)) > 1  # more than one part was shown
