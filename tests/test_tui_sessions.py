"""The app as the CLI builds it: real history file, streak lines, and a real process in a pty."""

from __future__ import annotations

import os
import pty
import signal
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest

from pty_support import read_until
from stretchtimer import locations
from stretchtimer.config import Settings
from stretchtimer.history.store import HistoryStore
from stretchtimer.routines.model import HoldStep, Routine
from stretchtimer.session.clock import FakeClock
from stretchtimer.tui.app import make_app
from stretchtimer.tui.done import DoneScreen
from stretchtimer.tui.home import HomeScreen
from stretchtimer.tui.runner import RunnerScreen
from tui_support import SIZE, build, text

REPO = Path(__file__).resolve().parents[1]
TWO_HOLDS = Routine(
    "two-holds", "Two holds", (HoldStep("Reach", 3), HoldStep("Bend", 3)), prepare=0
)


def _sessions() -> list[tuple[str, str, int, int]]:
    store = HistoryStore(locations.history_db())
    try:
        return [
            (s.routine_id, s.status, s.steps_done, s.steps_total)
            for s in store.sessions(with_steps=True)
        ]
    finally:
        store.close()


async def test_a_finished_session_is_logged_and_the_streak_updates() -> None:
    clock = FakeClock()
    app = build(TWO_HOLDS, clock, history=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, RunnerScreen)
        for _ in range(8):
            clock.advance(1.0)
            if isinstance(app.screen, RunnerScreen):
                app.screen.tick()
            await pilot.pause()
        assert isinstance(app.screen, DoneScreen)
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert text(app, "#streak") == "✓ 1 of 1 today · 1-day streak · this week 1 of 5 days"
        await pilot.press("enter")  # home: the same streak line
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert text(app, "#streak") == "✓ 1 of 1 today · 1-day streak · week 1/5 days"
    assert _sessions() == [("two-holds", "completed", 2, 2)]
    store = HistoryStore(locations.history_db())
    assert store.streaks(date.today()).current == 1
    store.close()


async def test_a_declined_caution_leaves_no_session() -> None:
    routine = Routine("careful", "Careful", (HoldStep("Reach", 3),), caution="Go gently.")
    app = make_app(
        routine=routine,
        clock=FakeClock(),
        settings=Settings(),
        save_config=False,
        watch_interval=None,
        history=True,
    )
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
    assert _sessions() == []


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pty")
@pytest.mark.parametrize("how", ["ctrl+c", "SIGINT", "SIGTERM", "SIGHUP"])
def test_ctrl_c_in_the_real_app_stops_the_session_and_logs_it(tmp_path: Path, how: str) -> None:
    routine = tmp_path / "long.yaml"
    routine.write_text(
        "name: Long\nprepare: 0\nsteps:\n  - {name: Hold on, hold: 60}\n", encoding="utf-8"
    )
    env = {
        **os.environ,
        "PYTHONPATH": str(REPO / "src"),
        "TERM": "xterm-256color",
        "COLUMNS": "80",
        "LINES": "24",
    }
    leader, follower = pty.openpty()
    proc = subprocess.Popen(
        [sys.executable, "-m", "stretchtimer", "run", str(routine)],
        stdin=follower,
        stdout=follower,
        stderr=follower,
        env=env,
        close_fds=True,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    os.close(follower)
    try:
        shown = read_until(leader, b"Hold on", 20)
        assert b"Hold on" in shown
        time.sleep(1.0)
        if how == "ctrl+c":
            os.write(leader, b"\x03")  # Ctrl+C as the terminal sends it
        else:  # the terminal closed, or the process was asked to end
            proc.send_signal(getattr(signal, how))
        rest = read_until(leader, b"\x00never", 5)
        assert proc.wait(timeout=20) == 130
    finally:
        if proc.poll() is None:
            proc.kill()
        os.close(leader)
    assert b"Traceback" not in shown + rest
    [(routine_id, status, done, total)] = _sessions()
    assert (routine_id, status, done, total) == ("long", "stopped", 0, 1)
