"""The runner's newer parts: +/- time, the window title, the palette, the cue key, notices."""

from __future__ import annotations

import asyncio

import pytest
from textual.command import CommandPalette
from textual.widgets import Label, Static

from stretchtimer.routines.model import HoldStep, Routine
from stretchtimer.session.clock import FakeClock
from stretchtimer.session.plan import build_plan
from stretchtimer.sinks import SessionSinks, sound_changed
from stretchtimer.tui import terminal_title
from stretchtimer.tui.modals import TextScreen
from stretchtimer.tui.runner import RunnerScreen
from tui_support import SHORT, SIZE, Recorder, advance, build, text

LONG = Routine(
    id="long",
    name="A routine with a very long name that runs right into the step count of the top bar",
    prepare=0,
    steps=(
        HoldStep("Reach up", 30, cue=" ".join(["Reach up, then breathe out slowly."] * 30)),
        HoldStep("Fold", 5),
    ),
)


async def test_plus_and_minus_change_the_time_and_the_record() -> None:
    clock = FakeClock()
    sink = Recorder()
    app = build(SHORT, clock, sink)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = await advance(pilot, clock, 2)
        await pilot.press("plus")
        assert text(app, "#digits") == "00:18"
        await pilot.press("equals_sign", "minus")
        assert text(app, "#digits") == "00:18"
        await pilot.press("minus", "minus")  # 8 s run: never below it, the part ends now
        await pilot.pause()
        assert screen.driver.view().segment is screen.plan.segments[1]
        first = screen.driver.record.segments[0]
        assert (first.planned, first.actual) == (10.0, 2.0)


async def test_the_window_title_follows_the_countdown(monkeypatch: pytest.MonkeyPatch) -> None:
    written: list[str] = []
    monkeypatch.setattr(terminal_title, "_write", lambda app, data: written.append(data) or True)
    clock = FakeClock()
    app = build(SHORT, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = await advance(pilot, clock, 1)
        assert screen.window_title == "0:09 Reach up"
        await pilot.press("space")
        assert screen.window_title == "Paused 0:09 Reach up"
        await pilot.press("ctrl+c")
    assert written[0] == terminal_title.SAVE
    assert terminal_title.title_sequence("0:09 Reach up · stretchtimer") in written
    assert written[-1] == terminal_title.RESTORE  # given back on exit
    assert written.count(terminal_title.RESTORE) == 1


async def test_the_title_is_given_back_when_the_routine_ends(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    written: list[str] = []
    monkeypatch.setattr(terminal_title, "_write", lambda app, data: written.append(data) or True)
    clock = FakeClock()
    app = build(SHORT, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await advance(pilot, clock, 20)
        await pilot.pause()
        assert written[-1] == terminal_title.RESTORE
        count = len(written)
        app.exit()  # a signal's way out: nothing more is written
    assert len(written) == count


def test_a_title_never_carries_control_characters() -> None:
    assert terminal_title.title_sequence("a\x1b]0;x\x07b") == "\x1b]2;a]0;xb\x07"


async def test_the_palette_has_the_session_actions() -> None:
    clock = FakeClock()
    app = build(SHORT, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, RunnerScreen)
        titles = [c.title for c in app.get_system_commands(screen)]
        assert {"Pause/Resume", "Skip", "Back", "10s more", "10s less", "Stop"} <= set(titles)
        assert "Done" not in titles  # only in a set you count yourself
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*"10s more")
        await app.workers.wait_for_complete()  # the palette's search
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is screen
        assert text(app, "#digits") == "00:20"


async def test_a_long_cue_ends_with_an_ellipsis_and_i_shows_it_whole() -> None:
    clock = FakeClock()
    app = build(LONG, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, RunnerScreen)
        shown = str(screen.query_one("#cue", Static).content)
        assert screen.cue_cut and shown.endswith("…")
        assert len(shown.split("\n")) >= 4
        await pilot.press("i")
        await pilot.pause()
        assert isinstance(app.screen, TextScreen)
        assert str(app.screen.query_one("#text", Static).content) == LONG.steps[0].cue
        await pilot.press("escape")
        assert app.screen is screen
        await pilot.resize_terminal(120, 40)  # more room: more of the cue
        await pilot.pause()
        assert len(str(screen.query_one("#cue", Static).content).split("\n")) > len(
            shown.split("\n")
        )


async def test_a_long_routine_name_ends_with_an_ellipsis() -> None:
    clock = FakeClock()
    app = build(LONG, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        name = app.screen.query_one("#routine-name", Label)
        position = app.screen.query_one("#position", Label)
        assert name.region.right < position.region.x
        assert text(app, "#position") == "step 1 of 2"
        line = name.render_line(0).text
        assert line.rstrip().endswith("…") and len(line) == name.region.width


async def test_a_notice_shows_in_the_banner_row_and_goes() -> None:
    clock = FakeClock()
    app = build(SHORT, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, RunnerScreen)
        screen.show_notice("Sound: terminal bell only.")
        await pilot.pause()
        assert screen.has_class("-notice")
        assert screen.query_one("#notice").region.y < screen.query_one("#label").region.y
        assert screen._notice_timer is not None  # it goes by itself
        screen.clear_notice()
        await pilot.pause()
        assert not screen.has_class("-notice")


def test_the_sound_notice_is_shown_once_per_backend() -> None:
    assert sound_changed("bell | Sound: terminal bell only.")
    assert not sound_changed("bell | Sound: terminal bell only.")
    assert sound_changed("simpleaudio (ALSA) | ")
    assert sound_changed("bell | Sound: terminal bell only.")  # changed back: told again


def test_sinks_route_the_sound_notice(monkeypatch: pytest.MonkeyPatch) -> None:
    from stretchtimer.audio.options import SoundOptions

    told: list[str] = []
    other: list[str] = []
    sinks = SessionSinks(
        SoundOptions("bell", 80, "test"), other.append, history=False, notify_sound=told.append
    )
    sinks.open_sound(ring=lambda: None)
    sinks.close()
    again = SessionSinks(
        SoundOptions("bell", 80, "test"), other.append, history=False, notify_sound=told.append
    )
    again.open_sound(ring=lambda: None)
    again.close()
    assert told == ["Sound: terminal bell only. Run 'stretchtimer doctor' for details."]
    assert other == []


async def test_a_notice_under_the_caution_waits_for_the_runner() -> None:
    from stretchtimer.tui.modals import CautionScreen
    from tui_support import FULL

    clock = FakeClock()
    app = build(FULL, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, CautionScreen)
        runner = app.screen_stack[-2]
        assert isinstance(runner, RunnerScreen)
        runner.show_notice("Sound: terminal bell only.")
        assert not runner.has_class("-notice")
        await pilot.press("enter")
        await pilot.pause()
        assert runner.has_class("-notice")
        assert "terminal bell" in text(app, "#notice")


async def test_the_sinks_are_made_once_the_runner_is_shown_and_miss_nothing() -> None:
    clock = FakeClock()
    sink = Recorder()
    made: list[tuple[bool, str]] = []

    def factory(plan: object) -> list[Recorder]:
        runner = app.screen
        assert isinstance(runner, RunnerScreen)
        made.append((runner.driver.going, text(app, "#label")))
        return [sink]

    app = build(SHORT, clock, sinks_factory=factory)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert made == [(True, "Reach up")]  # after the session started and was shown
        await advance(pilot, clock, 10.5)
        await pilot.press("ctrl+c")
    kinds = sink.kinds()
    assert kinds[0] == "SegmentStarted" and kinds[-1] == "SessionStopped"
    assert kinds.count("SegmentStarted") == 2  # "Reach up" from its start, then "Fold"


async def test_a_caution_started_before_its_first_frame_still_gets_the_sinks_made() -> None:
    """A quick Enter on the caution: what waited for a frame went with the dialog."""
    from stretchtimer.tui.modals import CautionScreen
    from tui_support import FULL

    sink = Recorder()
    app = build(FULL, FakeClock(), sink)
    async with app.run_test(size=SIZE) as pilot:
        while not isinstance(app.screen, CautionScreen):  # no pause: before its first frame
            await asyncio.sleep(0)
        app.screen.action_start()
        await pilot.pause()
        runner = app.screen
        assert isinstance(runner, RunnerScreen) and runner.driver.going
        assert not runner.driver.awaiting_sinks
        assert sink.kinds()[:1] == ["SegmentStarted"]


def test_a_session_stopped_before_its_sinks_were_made_reaches_them_whole() -> None:
    sink = Recorder()
    runner = RunnerScreen(build_plan(SHORT), clock=FakeClock(), make_sinks=lambda: [sink])
    assert runner.driver.going and runner.driver.awaiting_sinks  # started as it was made
    runner.stop_now()  # Ctrl+C, or the terminal closed, before the first frame
    assert runner.driver.sinks == [sink]
    assert sink.kinds() == ["SegmentStarted", "SegmentEnded", "SessionStopped"]
