"""The home screen's routines are read on a thread of their own: shown at once when ready,
filled in when they arrive, and never waited for when the user quits."""

from __future__ import annotations

import asyncio
import threading
from pathlib import Path

import pytest

from stretchtimer import locations
from stretchtimer.config import Settings
from stretchtimer.routines.library import Entry, list_routines
from stretchtimer.tui.app import StretchApp, make_app
from stretchtimer.tui.home import HomeScreen
from stretchtimer.tui.routine_reader import ReadResult, RoutineReader, read_all
from tui_support import CALF_YAML, QUICK_YAML, SIZE, text


@pytest.fixture
def folders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    builtin = tmp_path / "builtin"
    builtin.mkdir()
    (builtin / "calf-care.yaml").write_text(CALF_YAML, encoding="utf-8")
    monkeypatch.setattr(locations, "builtin_routines_dir", lambda: builtin)
    user = locations.user_routines_dir()
    user.mkdir(parents=True)
    (user / "quick.yaml").write_text(QUICK_YAML, encoding="utf-8")


def build(reader: RoutineReader) -> StretchApp:
    return make_app(settings=Settings(), save_config=False, watch_interval=None, routines=reader)


def held_reader() -> tuple[RoutineReader, threading.Event, list[Entry]]:
    """A reader whose thread waits for the returned event before it hands the routines over."""
    release = threading.Event()
    entries = list_routines()

    def read() -> ReadResult:
        release.wait(10)
        return entries, None, None

    return RoutineReader(read), release, entries


def test_read_all_turns_a_failure_into_a_problem(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken() -> list[Entry]:
        raise OSError("disk on fire")

    monkeypatch.setattr("stretchtimer.routines.library.list_routines", broken)
    entries, problem, habit = read_all()
    assert (entries, problem) == ([], "Cannot read the routines: disk on fire")
    assert habit is not None  # "last done" is read all the same


def test_read_all_reads_the_routines_and_the_habit(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(settings: object = None) -> None:
        raise OSError("history gone")

    monkeypatch.setattr("stretchtimer.tui.habit.read_habit", broken)
    entries, problem, habit = read_all()
    assert entries and problem is None and habit is None  # the routines show without it


@pytest.mark.usefixtures("folders")
async def test_routines_read_before_the_ui_are_in_its_first_frame() -> None:
    reader = RoutineReader().start()
    assert reader.wait(10) is not None
    app = build(reader)
    async with app.run_test(size=SIZE):
        home = app.screen
        assert isinstance(home, HomeScreen)
        assert home.loaded  # no placeholder frame, no worker
        assert [entry.id for entry in home.entries] == ["calf-care", "quick"]
        assert text(app, "#count") == "2 routines"
        assert "Calf care" in text(app, "#detail-text")


@pytest.mark.usefixtures("folders")
async def test_routines_read_late_are_filled_in() -> None:
    reader, release, entries = held_reader()
    app = build(reader.start())
    async with app.run_test(size=SIZE) as pilot:
        home = app.screen
        assert isinstance(home, HomeScreen)
        await pilot.pause()
        assert not home.loaded
        assert text(app, "#count") == "reading routines…"
        release.set()
        await asyncio.to_thread(reader.wait, 10)
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        assert home.loaded
        assert home.entries == entries
        assert text(app, "#count") == "2 routines"


@pytest.mark.usefixtures("folders")
async def test_quitting_does_not_wait_for_the_routines() -> None:
    reader, release, _ = held_reader()
    app = build(reader.start())
    try:
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("q")
        assert app.return_code == 0
        assert reader.result is None  # still reading: the app did not wait for it
        assert reader._thread is not None and reader._thread.daemon
    finally:
        release.set()
    assert reader.wait(10) is not None


LAZY_CHECK = """
import asyncio, sys
from stretchtimer.config import Settings
from stretchtimer.tui import home
from stretchtimer.tui.app import make_app
from stretchtimer.tui.routine_reader import RoutineReader
from stretchtimer.audio.options import resolve

SESSION = ["stretchtimer.tui.runner", "stretchtimer.session.engine", "stretchtimer.sinks",
           "stretchtimer.audio.player", "stretchtimer.history.recorder"]
seen = []
show = home.HomeScreen._show_entries

def spy(self, *args, **kwargs):
    seen.append(sorted(m for m in SESSION if m in sys.modules))
    show(self, *args, **kwargs)

home.HomeScreen._show_entries = spy

async def main():
    app = make_app(settings=Settings(), save_config=False, watch_interval=None,
                   sound=resolve(no_sound=True), history=True,
                   routines=RoutineReader().start())
    async with app.run_test(size=(80, 24)) as pilot:
        for _ in range(50):
            await pilot.pause()
            if app.session_sinks is not None:
                break
        print(seen[0], app.session_sinks is not None)

asyncio.run(main())
"""


def test_home_imports_no_session_module_before_a_session(isolated_dirs: dict[str, Path]) -> None:
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "-c", LAZY_CHECK], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0, result.stderr
    # none of them when the routines are shown; the sinks are made soon after
    assert result.stdout.strip().splitlines()[-1] == "[] True"
