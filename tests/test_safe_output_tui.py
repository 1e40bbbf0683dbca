"""No control character from a routine, a file name, a config or the history reaches the
terminal raw on any screen of the app: each screen is fed every kind of hostile text and what
it would draw (its screenshot, notifications included) is checked.

Routines are built directly (the loader refuses such files); history rows are written straight
into SQLite.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from textual.pilot import Pilot

from hostile_text import HOSTILE_TEXT, assert_no_raw_controls, hostile_history, hostile_routine
from stretchtimer import locations
from stretchtimer.config import Settings
from stretchtimer.routines import library
from stretchtimer.routines.library import Entry
from stretchtimer.routines.problems import Problem
from stretchtimer.session.clock import FakeClock
from stretchtimer.tui.app import StretchApp, make_app
from stretchtimer.tui.done import DoneScreen
from stretchtimer.tui.history_detail import SessionDetailScreen
from stretchtimer.tui.history_screen import HistoryScreen
from stretchtimer.tui.home import HomeScreen
from stretchtimer.tui.modals import CautionScreen
from stretchtimer.tui.runner import RunnerScreen

SHOWN = "Calf\\x1b]52;c;aGVsbG8="  # how the hostile text reads on screen (cut where it fits)


def drawn(app: StretchApp) -> str:
    """Return the text the app draws now, checked for raw control characters."""
    svg = app.export_screenshot()
    assert_no_raw_controls(svg)
    body = svg[svg.index('<g class="terminal-') :]
    return html.unescape(re.sub(r"<[^>]+>", "", body)).replace("\xa0", " ")


def app_for(clock: FakeClock | None = None, **kwargs: object) -> StretchApp:
    return make_app(
        settings=Settings(),
        save_config=False,
        watch_interval=None,
        clock=clock or FakeClock(),
        **kwargs,  # type: ignore[arg-type]
    )


def toasts(app: StretchApp) -> str:
    """Return the text of the notifications on screen, checked for raw control characters."""
    shown = "\n".join(str(toast.render()) for toast in app.screen.query("Toast"))
    assert_no_raw_controls(shown)
    return shown


async def settle(pilot: Pilot[int]) -> None:
    for _ in range(5):
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def test_caution_runner_and_done_screens() -> None:
    clock = FakeClock()
    app = app_for(clock, routine=hostile_routine())
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, CautionScreen)
        assert SHOWN in drawn(app)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, RunnerScreen)
        seen = drawn(app)
        assert "Name Calf\\x1b]52" in seen
        runner = app.screen
        for _ in range(10):  # through the holds (label, side, cue) and the paced reps
            clock.advance(1.5)
            runner.tick()
            await pilot.pause()
            seen += drawn(app)
        for field in ("Hold", "Cue", "Reps", "Rep cue"):
            assert f"{field} Calf\\x1b]52" in seen, field
        assert "left side" not in seen and "leftCalf\\x1b]52" in seen
        clock.advance(60)
        runner.tick()
        await settle(pilot)
        assert isinstance(app.screen, DoneScreen)
        assert "Hold Calf\\x1b]52" in drawn(app)


def _entries(folder: Path) -> list[Entry]:
    bad = Problem(str(folder / f"bad{HOSTILE_TEXT}.yaml"), 3, 7, f"unknown key `{HOSTILE_TEXT}`")
    return [
        Entry(
            f"evil{HOSTILE_TEXT}", "user", folder / f"evil{HOSTILE_TEXT}.yaml", hostile_routine()
        ),
        Entry(f"bad{HOSTILE_TEXT}", "user", folder / f"bad{HOSTILE_TEXT}.yaml", None, (bad,)),
    ]


async def test_home_list_detail_and_notices(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(library, "list_routines", lambda paths=(): _entries(tmp_path))
    app = app_for()
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await settle(pilot)
        home = app.screen
        assert isinstance(home, HomeScreen) and home.loaded
        seen = drawn(app)
        assert "Name Calf\\x1b]52" in seen and "Description Calf\\x1b]52" in seen
        await pilot.press("down")
        await settle(pilot)
        seen = drawn(app)
        assert "unknown key `Calf\\x1b]52" in seen
        await pilot.press("enter")  # "this routine has problems", titled with its id
        await pilot.pause()
        app.notify(f"A notice {HOSTILE_TEXT}", title=f"Title {HOSTILE_TEXT}")
        app.notify_threadsafe(f"From a thread {HOSTILE_TEXT}")
        await settle(pilot)
        shown = toasts(app)
        assert "A notice Calf\\x1b]52" in shown and "Title Calf\\x1b]52" in shown
        assert "From a thread Calf\\x1b]52" in shown
        assert "This routine has problems" in shown and "badCalf\\x1b]52" in shown


async def test_history_screen_and_session_detail(isolated_dirs: dict[str, Path]) -> None:
    hostile_history(locations.history_db())
    app = app_for()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.push_screen(HistoryScreen())
        await settle(pilot)
        assert isinstance(app.screen, HistoryScreen)
        seen = drawn(app)
        assert "=1+1Calf\\x1b]52" in seen  # the totals, on the overview
        await pilot.press("2")
        await settle(pilot)
        assert "=1+1Calf\\x1b]52" in drawn(app)  # the sessions table
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, SessionDetailScreen)
        seen = drawn(app)
        assert "@SUM(A1)Calf\\x1b]52" in seen and "completedCalf\\x1b]52" in seen


async def test_a_notice_after_the_app_exited_goes_to_stderr_made_safe(
    capsys: pytest.CaptureFixture[str],
) -> None:
    app = app_for()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
    app.notify_threadsafe(f"This session was saved to {HOSTILE_TEXT}")
    err = capsys.readouterr().err
    assert_no_raw_controls(err)
    assert (
        err == f"stretchtimer: This session was saved to {SHOWN}\\x07 stretch\\x9b2J"
        "\\x1b[2J\\u202eok\n"
    )


async def test_the_first_look_at_the_history_tells_what_it_repaired(
    isolated_dirs: dict[str, Path],
) -> None:
    data = isolated_dirs["data"]
    data.mkdir()
    (data / "history.sqlite3").write_text("not a database")
    app = app_for()
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(pilot)
        shown = toasts(app)
    assert "could not be read" in shown and ".corrupt-" in shown
