"""Functional tests of the runner screen: every key, with the engine's clock faked."""

from __future__ import annotations

import asyncio

import pytest

from stretchtimer.config import Settings
from stretchtimer.routines.model import HoldStep, RepsStep, Routine, Tempo
from stretchtimer.session.clock import FakeClock
from stretchtimer.session.driver import DISPLAY_MARGIN
from stretchtimer.session.engine import EngineState
from stretchtimer.session.events import Event, SessionStatus
from stretchtimer.tui.app import StretchApp, make_app
from stretchtimer.tui.done import DoneScreen
from stretchtimer.tui.home import HomeScreen
from stretchtimer.tui.modals import CautionScreen, ConfirmStop, HelpScreen
from stretchtimer.tui.runner import RunnerScreen
from stretchtimer.tui.widgets.bigtext import BigText
from stretchtimer.tui.widgets.blockfont import word_width
from stretchtimer.tui.widgets.countdown import BigClock
from tui_support import (
    FULL,
    PACED,
    SHORT,
    SIZE,
    UNTIMED,
    Recorder,
    advance,
    build,
    run_to_end,
    text,
)


async def test_caution_first_then_enter_starts() -> None:
    clock = FakeClock(100.0)
    app = build(FULL, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, CautionScreen)
        assert "Stop if anything hurts." in text(app, "#caution-text")
        runner = app.screen_stack[-2]
        assert isinstance(runner, RunnerScreen)
        assert runner.engine.state is EngineState.READY
        await pilot.press("enter")
        assert app.screen is runner
        assert runner.engine.state is EngineState.RUNNING
        assert text(app, "#label") == "Get ready · next: Wall calf stretch"
        assert text(app, "#digits") == "00:05"
        assert text(app, "#next") == "next: Wall calf stretch, left (1:00)"


@pytest.mark.parametrize("key", ["escape", "q"])
async def test_declining_the_caution_leaves_the_app_when_run_directly(key: str) -> None:
    clock = FakeClock()
    app = build(FULL, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(key)
        await pilot.pause()
    assert app.return_code == 0


async def test_countdown_follows_the_engine_clock_only() -> None:
    clock = FakeClock()
    sink = Recorder()
    app = build(SHORT, clock, sink)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert text(app, "#label") == "Reach up"
        assert text(app, "#digits") == "00:10"
        assert text(app, "#cue") == "Reach for the ceiling."
        assert text(app, "#times") == "0:00 · 0:15 left"
        # time passing for the app but not for the engine changes nothing
        await pilot.pause(0.3)
        assert text(app, "#digits") == "00:10"
        await advance(pilot, clock, 0.5)
        assert text(app, "#digits") == "00:10"  # 9.5 s left shows as 10
        await advance(pilot, clock, 0.6)
        assert text(app, "#digits") == "00:09"
        assert text(app, "#times") == "0:01 · 0:14 left"
        assert sink.kinds()[0] == "SegmentStarted"


async def test_last_three_seconds_change_class() -> None:
    clock = FakeClock()
    app = build(SHORT, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = await advance(pilot, clock, 6.5)
        assert text(app, "#digits") == "00:04"
        assert not screen.has_class("-final")
        await advance(pilot, clock, 0.6)
        assert text(app, "#digits") == "00:03"
        assert screen.has_class("-final")
        await advance(pilot, clock, 3.0)  # next segment (Fold, 5 s)
        assert text(app, "#label") == "Fold"
        assert not screen.has_class("-final")


async def test_space_pauses_and_freezes_the_digits() -> None:
    clock = FakeClock()
    app = build(SHORT, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = await advance(pilot, clock, 2.2)
        assert text(app, "#digits") == "00:08"
        where = {sel: screen.query_one(sel).region for sel in ("#label", "#digits", "#cue")}
        await pilot.press("space")
        await pilot.pause()
        assert screen.engine.state is EngineState.PAUSED
        assert screen.has_class("-paused")
        assert screen.query_one("#paused-banner").region.height == 1
        # the banner has its row all along: pausing moves nothing else
        assert {sel: screen.query_one(sel).region for sel in where} == where
        await advance(pilot, clock, 30)
        assert text(app, "#digits") == "00:08"
        assert screen.wake_in is None  # nothing scheduled while paused
        await pilot.press("space")
        assert not screen.has_class("-paused")
        assert screen.query_one("#paused-banner").region.height == 0
        await advance(pilot, clock, 1.0)
        assert text(app, "#digits") == "00:07"


@pytest.mark.parametrize("key", ["right", "n"])
async def test_skip_keys(key: str) -> None:
    clock = FakeClock()
    sink = Recorder()
    app = build(SHORT, clock, sink)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press(key)
        assert text(app, "#label") == "Fold"
        assert text(app, "#digits") == "00:05"
        ended = [e for e in sink.events if type(e).__name__ == "SegmentEnded"]
        assert ended and ended[0].record.skipped  # type: ignore[union-attr]


@pytest.mark.parametrize("key", ["left", "p"])
async def test_back_keys_restart_then_go_back(key: str) -> None:
    clock = FakeClock()
    app = build(SHORT, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await advance(pilot, clock, 4.5)
        assert text(app, "#digits") == "00:06"
        await pilot.press(key)  # more than 2 s in: restart the segment
        assert text(app, "#label") == "Reach up"
        assert text(app, "#digits") == "00:10"
        await pilot.press("right")
        assert text(app, "#label") == "Fold"
        await pilot.press(key)  # within 2 s: the previous segment
        assert text(app, "#label") == "Reach up"


async def test_enter_marks_untimed_reps_done_and_footer_shows_it() -> None:
    clock = FakeClock()
    app = build(UNTIMED, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, RunnerScreen)
        assert text(app, "#target") == "12 reps · press Enter when done"
        assert text(app, "#digits") == "00:00"
        assert screen.check_action("done", ())
        await advance(pilot, clock, 61.2)  # untimed: counts up
        assert text(app, "#digits") == "01:01"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, DoneScreen)
        assert app.screen.record.status is SessionStatus.COMPLETED
        assert app.screen.record.segments[0].actual == pytest.approx(61.2)


async def test_enter_does_nothing_on_timed_segments() -> None:
    clock = FakeClock()
    app = build(SHORT, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, RunnerScreen)
        assert not screen.check_action("done", ())
        await pilot.press("enter")
        assert text(app, "#label") == "Reach up"


async def test_paced_reps_show_rep_and_phase() -> None:
    clock = FakeClock()
    app = build(PACED, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        assert screen.query_one("#reps").display
        assert screen.query_one("#rep", BigText).text == "1/10"
        assert screen.query_one("#phase", BigText).text == "UP 1"
        await advance(pilot, clock, 12 + 1.5)  # rep 3, 0.5 s into the 3 s hold
        assert screen.query_one("#rep", BigText).text == "3/10"
        assert screen.query_one("#phase", BigText).text == "HOLD 3"  # with its seconds left
        assert text(app, "#phase-caption") == "PHASE · SECONDS"
        assert text(app, "#detail") == "set 1 of 2"
        await advance(pilot, clock, 3)
        assert screen.query_one("#phase", BigText).text == "DOWN 2"


async def test_the_reps_row_does_not_shift_as_rep_and_phase_change() -> None:
    clock = FakeClock()
    app = build(PACED, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        boxes = ("#rep-box", "#phase-box")
        where = {sel: screen.query_one(sel).region for sel in boxes}
        seen: list[tuple[str, str]] = []
        # UP 1/10, HOLD, DOWN, then 9/10 and 10/10 (a rep is 1 + 3 + 2 s)
        for step in (0.5, 1.5, 3, 43.5, 6):
            await advance(pilot, clock, step)
            rep, phase = screen.query_one("#rep", BigText), screen.query_one("#phase", BigText)
            seen.append((rep.text, phase.text))
            assert {sel: screen.query_one(sel).region for sel in boxes} == where
            # drawn in full, not clipped by the fixed widths
            assert rep.region.width == word_width(rep.text)
            assert phase.region.width == word_width(phase.text)
            assert where["#rep-box"].contains_region(rep.region)
            assert where["#phase-box"].contains_region(phase.region)
            assert rep.region.height == phase.region.height == 3
        assert seen == [
            ("1/10", "UP 1"),
            ("1/10", "HOLD 2"),
            ("1/10", "DOWN 1"),
            ("9/10", "UP 1"),
            ("10/10", "UP 1"),
        ]


@pytest.mark.parametrize("key", ["q", "escape"])
async def test_stop_asks_and_keep_going_resumes(key: str) -> None:
    clock = FakeClock()
    app = build(SHORT, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        runner = app.screen
        assert isinstance(runner, RunnerScreen)
        await pilot.press(key)
        assert isinstance(app.screen, ConfirmStop)
        assert runner.engine.state is EngineState.PAUSED
        await pilot.press("n")
        assert app.screen is runner
        assert runner.engine.state is EngineState.RUNNING
        await pilot.press(key)
        await pilot.press("escape")
        assert runner.engine.state is EngineState.RUNNING


async def test_stop_keeps_a_pause_made_before() -> None:
    clock = FakeClock()
    app = build(SHORT, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        runner = app.screen
        assert isinstance(runner, RunnerScreen)
        await pilot.press("space", "q", "n")
        assert runner.engine.state is EngineState.PAUSED


async def test_a_second_q_does_not_stop() -> None:
    clock = FakeClock()
    app = build(SHORT, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        runner = app.screen
        await pilot.press("q", "q")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmStop)
        assert isinstance(runner, RunnerScreen) and runner.driver.going
        assert runner.has_class("-covered")  # no big digits beside the dialog
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is runner and not runner.has_class("-covered")
        assert runner.engine.state is EngineState.RUNNING


@pytest.mark.parametrize("answer", ["y", "escape"])
async def test_stop_confirmed_shows_done_as_stopped(answer: str) -> None:
    clock = FakeClock()
    sink = Recorder()
    app = build(SHORT, clock, sink)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await advance(pilot, clock, 3)
        await pilot.press("q" if answer == "y" else "escape", "y")
        await pilot.pause()
        assert isinstance(app.screen, DoneScreen)
        assert text(app, "#headline") == "Stopped"
        assert sink.kinds()[-1] == "SessionStopped"


async def test_stop_button_click() -> None:
    clock = FakeClock()
    app = build(SHORT, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("q")
        await pilot.click("#stop")
        await pilot.pause()
        assert isinstance(app.screen, DoneScreen)


async def test_running_to_the_end_shows_done_then_home() -> None:
    clock = FakeClock()
    sink = Recorder()
    app = build(SHORT, clock, sink)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        runner = await advance(pilot, clock, 15.5)
        await pilot.pause()
        assert isinstance(app.screen, DoneScreen)
        assert text(app, "#headline") == "Well done!"
        assert "Time taken: 0:15" in text(app, "#facts")
        assert sink.kinds()[-1] == "SessionFinished"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
    assert runner.closer is not None
    runner.closer.join(5)
    assert sink.closed


async def test_ctrl_c_stops_the_session_and_quits() -> None:
    clock = FakeClock()
    sink = Recorder()
    app = build(SHORT, clock, sink)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        runner = await advance(pilot, clock, 2)
        await pilot.press("ctrl+c")
        await pilot.pause()
    assert app.return_code == 130
    assert runner.closer is not None
    runner.closer.join(5)
    assert sink.kinds()[-1] == "SessionStopped"
    assert sink.events[-1].record.status is SessionStatus.STOPPED  # type: ignore[union-attr]
    assert sink.closed


async def test_ctrl_c_works_inside_the_stop_modal() -> None:
    clock = FakeClock()
    sink = Recorder()
    app = build(SHORT, clock, sink)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("q", "ctrl+c")
        await pilot.pause()
    assert app.return_code == 130
    assert sink.kinds().count("SessionStopped") == 1


async def test_a_failing_sink_is_dropped_and_the_run_goes_on() -> None:
    clock = FakeClock()

    def broken(event: object) -> None:
        raise OSError("no sound card")

    app = make_app(
        routine=SHORT,
        clock=clock,
        settings=Settings(),
        save_config=False,
        sinks_factory=lambda plan: [broken],
        watch_interval=None,
    )
    notes: list[str] = []
    app.notify = lambda message, **kw: notes.append(str(message))  # type: ignore[method-assign]
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        runner = app.screen
        assert isinstance(runner, RunnerScreen)
        assert runner.driver.sinks == [] and runner.driver.failed_sinks == [broken]
        assert notes == [
            "A sound or history helper stopped (OSError: no sound card); the routine goes on."
        ]
        await advance(pilot, clock, 1.0)
        assert text(app, "#digits") == "00:09"


async def test_a_failing_sinks_factory_runs_without_them() -> None:
    clock = FakeClock()

    def factory(plan: object) -> list[object]:
        raise RuntimeError("history is locked")

    app = make_app(
        routine=SHORT,
        clock=clock,
        settings=Settings(),
        save_config=False,
        sinks_factory=factory,  # type: ignore[arg-type]
        watch_interval=None,
    )
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, RunnerScreen)
        assert text(app, "#label") == "Reach up"


LONG_CUE = (
    "Standing or sitting, lift your heels off the floor as high as you comfortably can, hold "
    "them there for a few seconds while you breathe out slowly, then lower them back down with "
    "control, keeping your weight even on both feet, and let the calves relax completely."
)
# the most the runner ever shows at once: paced reps, a set number, a 4-line cue, paused
CROWDED = Routine(
    id="crowded",
    name="Crowded",
    prepare=0,
    steps=(
        RepsStep(
            name="Toe lifts",
            reps=10,
            tempo=Tempo(up=1, hold=3, down=2),
            sets=2,
            sides=("left", "right"),
            cue=LONG_CUE,
        ),
    ),
)
SIDED = Routine(
    id="sided",
    name="Sided",
    prepare=0,
    steps=(HoldStep(name="Calf stretch", hold=60, sets=2, sides=("left", "right"), cue=LONG_CUE),),
)


def assert_all_shown(screen: RunnerScreen) -> None:
    """Every part of ``#main`` that is displayed lies wholly inside it (nothing cut off)."""
    main = screen.query_one("#main")
    area = main.content_region
    shown = [w for w in main.query("*") if w.display and w.region.area]
    assert {w.id for w in shown} >= {"label", "digits", "cue"}
    for widget in shown:
        assert area.contains_region(widget.region), (widget.id, widget.region, area)


@pytest.mark.parametrize(
    ("size", "clock_size", "compact"),
    [
        ((80, 24), (34, 5), False),  # the 5-row font with every margin
        ((80, 28), (34, 5), False),  # one row short of the doubled font
        ((80, 29), (68, 10), False),  # room for the doubled font
        ((120, 40), (68, 10), False),
        ((80, 23), (34, 5), True),  # margins dropped first
        ((60, 20), (34, 5), True),
        ((60, 19), (17, 3), True),  # then the 3-row font
        ((60, 18), (17, 3), True),
    ],
)
async def test_a_sided_hold_fits(
    size: tuple[int, int], clock_size: tuple[int, int], compact: bool
) -> None:
    clock = FakeClock()
    app = build(SIDED, clock)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        await pilot.press("space")
        screen = await advance(pilot, clock, 0)
        assert text(app, "#detail") == "◀ LEFT side (1 of 2) · set 1 of 2"
        assert screen.query_one("#side", BigText).text == "◀ LEFT"
        assert screen.query_one("#side").region.height == 3
        assert screen.has_class("-sided")
        assert screen.query_one("#paused-banner").region.height == 1
        assert screen.query_one("#cue").region.height >= 4
        digits = screen.query_one("#digits", BigClock)
        assert (digits.region.width, digits.region.height) == clock_size
        assert screen.has_class("-compact") is compact
        assert_all_shown(screen)


@pytest.mark.parametrize(
    ("size", "factor"),
    [((80, 24), 1), ((80, 29), 1), ((100, 29), 2), ((120, 40), 2), ((60, 20), 1), ((60, 18), 1)],
)
async def test_paced_reps_get_the_big_letters(size: tuple[int, int], factor: int) -> None:
    clock = FakeClock()
    app = build(CROWDED, clock)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        await pilot.press("space")
        screen = await advance(pilot, clock, 0)
        assert screen.has_class("-paced")
        assert screen.query_one("#reps").display
        rep = screen.query_one("#rep", BigText)
        assert rep.factor == factor and rep.region.height == 3 * factor
        digits = screen.query_one("#digits", BigClock)
        assert (digits.region.width, digits.region.height) == (17, 3)  # the small font
        assert rep.region.bottom <= digits.region.y  # the count above the clock
        assert screen.query_one("#cue").region.height >= 1
        assert_all_shown(screen)


async def test_untimed_reps_fit_at_80x24() -> None:
    clock = FakeClock()
    app = build(UNTIMED, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("space")
        screen = await advance(pilot, clock, 0)
        assert screen.query_one("#target").region.height == 1
        assert screen.query_one("#digits").region.height == 5
        assert_all_shown(screen)


async def test_resizing_mid_run_keeps_everything() -> None:
    clock = FakeClock()
    app = build(PACED, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        for width, height, rows in [(120, 40, 6), (60, 18, 3), (80, 24, 3), (200, 60, 6)]:
            await pilot.resize_terminal(width, height)
            screen = await advance(pilot, clock, 1.0)
            digits = screen.query_one("#digits", BigClock)
            assert digits.region.height == 3  # paced reps: the small clock
            assert screen.query_one("#phase", BigText).region.height == rows
            assert digits.region.right <= width
            assert_all_shown(screen)
        assert app.screen.query_one("#phase", BigText).text.split()[0] in {"UP", "HOLD", "DOWN"}


async def test_a_resize_behind_a_dialog_resizes_the_clock() -> None:
    clock = FakeClock()
    app = build(SHORT, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        runner = app.screen
        assert isinstance(runner, RunnerScreen)
        await pilot.press("q")
        assert isinstance(app.screen_stack[-1], ConfirmStop)
        await pilot.resize_terminal(120, 40)
        await pilot.pause()
        await pilot.press("escape")  # keep going
        await pilot.pause()
        assert runner.is_current
        assert runner.query_one("#digits", BigClock).scale == 2


async def test_the_timer_sleeps_until_the_next_second() -> None:
    clock = FakeClock()
    app = build(SHORT, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = await advance(pilot, clock, 0.25)
        # next change at 1.0 s: 0.75 s away (plus the small display margin)
        assert screen.wake_in == pytest.approx(0.75 + DISPLAY_MARGIN, abs=1e-6)
        await pilot.press("space")
        assert screen.wake_in is None


async def test_sink_gets_events_in_order_through_a_whole_run() -> None:
    clock = FakeClock()
    sink = Recorder()
    app = build(FULL, clock, sink)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        await run_to_end(pilot, clock)
        await pilot.pause()
        assert isinstance(app.screen, DoneScreen)
        assert sink.kinds()[-1] == "SessionFinished"
        assert "Skipped: none" in text(app, "#facts")


async def test_finishing_under_the_help_screen_still_shows_done() -> None:
    clock = FakeClock()
    app = build(SHORT, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        runner = app.screen
        assert isinstance(runner, RunnerScreen)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        clock.advance(20)
        runner.tick()
        await pilot.pause()
        assert isinstance(app.screen, DoneScreen)


def footer_actions(app: StretchApp) -> list[str]:
    """Return the actions of the keys the footer of the screen on top shows."""
    from textual.widgets._footer import FooterKey  # the footer's own key widget

    return [key.action for key in app.screen.query(FooterKey)]


async def test_dialogs_show_their_own_keys_in_the_footer() -> None:
    # the runner's keys (space, skip, back) do nothing while a dialog is open: the footer
    # at the bottom must be the dialog's
    clock = FakeClock()
    app = build(FULL, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, CautionScreen)
        assert footer_actions(app)[:2] == ["start", "back"]
        await pilot.press("enter", "q")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmStop)
        assert footer_actions(app)[:2] == ["stop", "keep"]
        await pilot.press("n", "question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        assert footer_actions(app)[:1] == ["close"]


BRACKETS = Routine(
    id="brackets",
    name="Legs [/] [b]bold",
    caution="Careful [/] now.",
    prepare=0,
    steps=(
        HoldStep(name="Calf [wall] stretch", hold=2, sides=("[left]", "right")),
        HoldStep(name="Fold [/]", hold=2),
    ),
)


async def test_square_brackets_in_names_show_as_written() -> None:
    # names are the user's text, not markup: "[/]" used to crash the caution and done screens
    clock = FakeClock()
    app = build(BRACKETS, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, CautionScreen)
        assert "Before you start: Legs [/] [b]bold" in app.export_screenshot().replace(
            "&#160;", " "
        )
        await pilot.press("enter")
        assert text(app, "#label") == "Calf [wall] stretch"
        for _ in range(60):  # sides, a switch, rests: run to the end
            await advance(pilot, clock, 1)
            if not isinstance(app.screen, RunnerScreen):
                break
        await pilot.pause()
        assert isinstance(app.screen, DoneScreen)
        shown = app.export_screenshot().replace("&#160;", " ")
        assert "Calf [wall] stretch, [left]" in shown
        assert "Fold [/]" in shown


async def test_the_wake_up_ticks_on_its_own_at_the_deadline() -> None:
    clock = FakeClock()
    app = build(SHORT, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = await advance(pilot, clock, 0.99)
        assert text(app, "#digits") == "00:10"
        clock.advance(0.1)  # the fake clock passes the second; the wake-up is real time
        await asyncio.sleep(screen.wake_in + 0.05)
        await pilot.pause()
        assert text(app, "#digits") == "00:09"


async def test_an_error_in_a_wake_up_ends_the_app_as_in_any_textual_callback() -> None:
    clock = FakeClock()
    app = build(SHORT, clock)

    def broken() -> list[Event]:
        raise RuntimeError("poll failed")

    with pytest.raises(RuntimeError, match="poll failed"):
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, RunnerScreen) and screen.wake_in is not None
            screen.driver.poll = broken  # type: ignore[method-assign]
            await asyncio.sleep(screen.wake_in + 0.05)
            await pilot.pause()
    assert app.return_code == 1
