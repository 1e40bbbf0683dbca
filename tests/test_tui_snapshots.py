"""Snapshot tests of every screen at 80x24 (pytest-textual-snapshot).

Update the stored SVGs after an intended change with ``pytest --snapshot-update`` and look at
them (``snapshot_report.html``) before accepting.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from stretchtimer import locations
from stretchtimer.config import Settings
from stretchtimer.routines.model import Routine
from stretchtimer.session.clock import FakeClock
from stretchtimer.tui.app import StretchApp, make_app
from stretchtimer.tui.home import HomeScreen
from stretchtimer.tui.runner import RunnerScreen
from tui_support import (
    BROKEN_YAML,
    CALF_YAML,
    FULL,
    PACED,
    QUICK_YAML,
    SHORT,
    SIZE,
    UNTIMED,
    run_to_end,
)

SnapCompare = Callable[..., bool]


def runner_app(routine: Routine, clock: FakeClock) -> StretchApp:
    return make_app(
        routine=routine, clock=clock, settings=Settings(), save_config=False, watch_interval=None
    )


def after(clock: FakeClock, seconds: float, *keys: str) -> Callable[[Pilot[Any]], Awaitable[None]]:
    """Return a run_before that moves the fake clock, lets the runner catch up, then presses."""

    async def run_before(pilot: Pilot[Any]) -> None:
        await pilot.pause()
        clock.advance(seconds)
        screen = pilot.app.screen
        if isinstance(screen, RunnerScreen):
            screen.tick()
        await pilot.pause()
        if keys:
            await pilot.press(*keys)
        await pilot.pause()

    return run_before


@pytest.fixture
def fixed_folders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Routine folders at relative paths, so the paths shown are the same on every run."""
    monkeypatch.chdir(tmp_path)
    builtin = Path("builtin")
    builtin.mkdir()
    (builtin / "calf-care.yaml").write_text(CALF_YAML, encoding="utf-8")
    monkeypatch.setattr(locations, "builtin_routines_dir", lambda: builtin)
    monkeypatch.setenv("STRETCHTIMER_CONFIG_DIR", "config")
    user = locations.user_routines_dir()
    user.mkdir(parents=True)
    (user / "quick.yaml").write_text(QUICK_YAML, encoding="utf-8")
    (user / "broken.yaml").write_text(BROKEN_YAML, encoding="utf-8")


async def _settled(pilot: Pilot[Any]) -> None:
    """Let the screen's workers (the streak line) finish and the result paint."""
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def _home_loaded(pilot: Pilot[Any]) -> None:
    home = pilot.app.screen
    assert isinstance(home, HomeScreen)
    for _ in range(100):
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        if home.loaded and not pilot.app.workers:
            break


def test_home(snap_compare: SnapCompare, fixed_folders: None) -> None:
    app = make_app(settings=Settings(), save_config=False, watch_interval=None)

    assert snap_compare(app, terminal_size=SIZE, run_before=_home_loaded)  # on calf-care


def test_home_invalid_routine(snap_compare: SnapCompare, fixed_folders: None) -> None:
    app = make_app(settings=Settings(), save_config=False, watch_interval=None)

    async def run_before(pilot: Pilot[Any]) -> None:
        await _home_loaded(pilot)
        await pilot.press("up")

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_help(snap_compare: SnapCompare, fixed_folders: None) -> None:
    app = make_app(settings=Settings(), save_config=False, watch_interval=None)

    async def run_before(pilot: Pilot[Any]) -> None:
        await _home_loaded(pilot)
        await pilot.press("question_mark")

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_caution(snap_compare: SnapCompare) -> None:
    clock = FakeClock()
    assert snap_compare(runner_app(FULL, clock), terminal_size=SIZE)


def test_runner_get_ready(snap_compare: SnapCompare) -> None:
    clock = FakeClock()
    assert snap_compare(
        runner_app(FULL, clock), terminal_size=SIZE, run_before=after(clock, 0.0, "enter")
    )


def test_runner_hold(snap_compare: SnapCompare) -> None:
    clock = FakeClock()
    app = runner_app(FULL, clock)

    async def run_before(pilot: Pilot[Any]) -> None:
        await pilot.press("enter")
        await after(clock, 5 + 17.5)(pilot)  # 17.5 s into the left calf stretch

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_runner_paused(snap_compare: SnapCompare) -> None:
    clock = FakeClock()
    assert snap_compare(
        runner_app(SHORT, clock), terminal_size=SIZE, run_before=after(clock, 4.2, "space")
    )


def test_runner_last_three_seconds(snap_compare: SnapCompare) -> None:
    clock = FakeClock()
    assert snap_compare(runner_app(SHORT, clock), terminal_size=SIZE, run_before=after(clock, 7.5))


def test_runner_paced_reps(snap_compare: SnapCompare) -> None:
    clock = FakeClock()
    assert snap_compare(
        runner_app(PACED, clock), terminal_size=SIZE, run_before=after(clock, 13.5)
    )  # rep 3, holding


def test_runner_untimed_reps(snap_compare: SnapCompare) -> None:
    clock = FakeClock()
    assert snap_compare(
        runner_app(UNTIMED, clock), terminal_size=SIZE, run_before=after(clock, 42.0)
    )


def test_stop_modal(snap_compare: SnapCompare) -> None:
    clock = FakeClock()
    assert snap_compare(
        runner_app(SHORT, clock), terminal_size=SIZE, run_before=after(clock, 3.0, "q")
    )


def test_done(snap_compare: SnapCompare) -> None:
    clock = FakeClock()
    app = runner_app(FULL, clock)

    async def run_before(pilot: Pilot[Any]) -> None:
        await pilot.press("enter")
        await after(clock, 5 + 60 + 5 + 30, "right")(pilot)  # skip half the right side
        await run_to_end(pilot, clock)
        await _settled(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_done_stopped(snap_compare: SnapCompare) -> None:
    clock = FakeClock()

    async def run_before(pilot: Pilot[Any]) -> None:
        await after(clock, 12.0, "q", "y")(pilot)
        await _settled(pilot)

    assert snap_compare(runner_app(SHORT, clock), terminal_size=SIZE, run_before=run_before)


def test_light_theme_runner(snap_compare: SnapCompare) -> None:
    clock = FakeClock()
    app = make_app(
        routine=PACED,
        clock=clock,
        settings=Settings(theme="stretchtimer-light"),
        save_config=False,
        watch_interval=None,
    )
    assert snap_compare(app, terminal_size=SIZE, run_before=after(clock, 7.0))


def test_runner_hold_60x18(snap_compare: SnapCompare) -> None:
    clock = FakeClock()
    app = runner_app(FULL, clock)

    async def run_before(pilot: Pilot[Any]) -> None:
        await pilot.press("enter")
        await after(clock, 5 + 17.5)(pilot)

    assert snap_compare(app, terminal_size=(60, 18), run_before=run_before)


def test_runner_paced_reps_120x40(snap_compare: SnapCompare) -> None:
    clock = FakeClock()
    assert snap_compare(
        runner_app(PACED, clock), terminal_size=(120, 40), run_before=after(clock, 13.5)
    )


def test_stop_modal_over_the_big_clock_120x40(snap_compare: SnapCompare) -> None:
    clock = FakeClock()
    assert snap_compare(
        runner_app(SHORT, clock), terminal_size=(120, 40), run_before=after(clock, 3.0, "q")
    )


def test_help_60x18(snap_compare: SnapCompare, fixed_folders: None) -> None:
    app = make_app(settings=Settings(), save_config=False, watch_interval=None)

    async def run_before(pilot: Pilot[Any]) -> None:
        await _home_loaded(pilot)
        await pilot.press("question_mark")
        await pilot.pause()

    assert snap_compare(app, terminal_size=(60, 18), run_before=run_before)
