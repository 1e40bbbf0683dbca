"""An editor that cannot start never freezes the app: it resumes and says what failed."""

from __future__ import annotations

import contextlib
import os
import pty
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from textual.widgets import OptionList

from pty_support import read_until
from stretchtimer import locations
from stretchtimer.config import Settings
from stretchtimer.tui.app import make_app
from stretchtimer.tui.editor import EditorProblem, check_program, editor_command, run_editor
from tui_support import CALF_YAML, SIZE, home_loaded

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture
def builtin(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "builtin"
    folder.mkdir()
    (folder / "calf-care.yaml").write_text(CALF_YAML, encoding="utf-8")
    monkeypatch.setattr(locations, "builtin_routines_dir", lambda: folder)
    return folder


def _bad_editors(tmp_path: Path) -> dict[str, tuple[str, str]]:
    """name -> ($EDITOR, a part of the message the user gets)."""
    not_executable = tmp_path / "not-executable"
    not_executable.write_text("#!/bin/sh\n", encoding="utf-8")
    not_executable.chmod(0o644)
    return {
        "missing": ("no-such-editor-here", "'no-such-editor-here' was not found on your PATH"),
        "missing path": (str(tmp_path / "gone" / "vim"), "does not exist"),
        "folder": (str(tmp_path), "is a folder, not a program"),
        "unbalanced quote": ('vim "my file', "which cannot be read (No closing quotation)"),
        "code --wait without code": ("code --wait", "'code' was not found on your PATH"),
        "not executable": (str(not_executable), "is not executable"),
    }


BAD = [
    "missing",
    "missing path",
    "folder",
    "unbalanced quote",
    "code --wait without code",
    "not executable",
]


@pytest.mark.parametrize("case", BAD)
async def test_an_editor_that_cannot_start_is_named_and_the_copy_removed(
    builtin: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, case: str
) -> None:
    value, expected = _bad_editors(tmp_path)[case]
    monkeypatch.setenv("VISUAL", value)
    monkeypatch.setenv("PATH", str(tmp_path / "empty-path"))
    app = make_app(settings=Settings(), save_config=False, watch_interval=None)
    notes: list[str] = []
    async with app.run_test(size=SIZE) as pilot:
        home = await home_loaded(pilot)
        home.notify = lambda message, **kw: notes.append(str(message))  # type: ignore[method-assign]
        ids = [entry.id for entry in home.entries]
        home.query_one("#routines", OptionList).highlighted = ids.index("calf-care")
        await pilot.press("e")
        await pilot.pause()
        assert app.screen is home
        assert len(notes) == 1, notes
        assert notes[0].startswith("Cannot open the editor: ")
        assert expected in notes[0]
        # the copy made for editing is gone again: the built-in one stays in use
        assert not (locations.user_routines_dir() / "calf-care.yaml").exists()
        await pilot.press("down")  # the app still answers keys
        assert app.is_running


def test_editor_command_refuses_an_unbalanced_quote(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EDITOR", "emacs 'oops")
    monkeypatch.delenv("VISUAL", raising=False)
    with pytest.raises(EditorProblem, match=r"\$EDITOR is \"emacs 'oops\""):
        editor_command()


def test_check_program_finds_programs_on_the_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    program = tmp_path / "myedit"
    program.write_text("#!/bin/sh\n", encoding="utf-8")
    program.chmod(0o755)
    monkeypatch.setenv("PATH", str(tmp_path))
    assert check_program(["myedit", "--wait"]) == str(program)
    with pytest.raises(EditorProblem):
        check_program(["nothing-like-it"])


class SuspendLikeTextual:
    """An app whose ``suspend`` resumes only when its block ends normally, as Textual's."""

    is_headless = False

    def __init__(self) -> None:
        self.suspended = False

    @contextlib.contextmanager
    def suspend(self) -> Iterator[None]:
        self.suspended = True
        yield
        self.suspended = False


@pytest.mark.parametrize("argv", [["/no/such/program"], ["ed\x00itor"], ["/"]])
def test_run_editor_always_resumes_the_app(argv: list[str], tmp_path: Path) -> None:
    app = SuspendLikeTextual()
    run = run_editor(app, argv, tmp_path / "r.yaml")
    assert not app.suspended
    assert run.returncode is None
    assert run.problem and run.problem.startswith("cannot start ")


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pty")
def test_in_a_real_terminal_a_missing_editor_leaves_the_app_working(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "PYTHONPATH": str(REPO / "src"),
        "TERM": "xterm-256color",
        "COLUMNS": "100",
        "LINES": "30",
        "EDITOR": "code --wait",
        "VISUAL": "",
        "PATH": str(tmp_path / "no-code-here"),
    }
    leader, follower = pty.openpty()
    proc = subprocess.Popen(
        [sys.executable, "-m", "stretchtimer"],
        stdin=follower,
        stdout=follower,
        stderr=follower,
        env=env,
        close_fds=True,
        start_new_session=True,
    )
    os.close(follower)
    try:
        assert b"built-in" in read_until(leader, b"built-in", 30)  # the routines are listed
        time.sleep(0.3)
        os.write(leader, b"e")  # edit the first (built-in) routine
        shown = read_until(leader, b"Editor", 15)  # the notice's title
        assert b"Editor" in shown
        os.write(leader, b"q")  # the app still answers
        assert proc.wait(timeout=15) == 0
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
            proc.wait()
        os.close(leader)
    assert not any(locations.user_routines_dir().glob("*.yaml"))
