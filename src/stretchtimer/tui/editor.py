"""Opening a routine in the user's editor, and every way that can fail.

The editor runs with the app suspended (the terminal handed over). Textual's ``App.suspend()``
resumes the app only when its block ends normally: an exception from inside it (the editor
program missing, a folder, not executable) leaves the app suspended for good, frozen. So the
command is checked before the app is suspended, and nothing is raised out of the block.
"""

from __future__ import annotations

import subprocess
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from stretchtimer.editor import EditorProblem, check_program, editor_command

__all__ = ["EditorProblem", "check_program", "editor_command", "run_editor"]


class SuspendingApp(Protocol):
    """What :func:`run_editor` needs from the app."""

    @property
    def is_headless(self) -> bool:
        """True when the app has no real terminal (tests)."""

    def suspend(self) -> AbstractContextManager[None]:
        """Hand the terminal over while the block runs."""


@dataclass(frozen=True)
class EditorRun:
    """How running the editor went."""

    returncode: int | None
    """The editor's exit code; None when it could not run."""
    problem: str | None = None
    """Why it could not run (a sentence for the user), else None."""


def run_editor(app: SuspendingApp, command: list[str], path: Path) -> EditorRun:
    """Run the editor on ``path`` with the app suspended; the app always resumes.

    Args:
        app: the running app.
        command: the editor command (checked by :func:`check_program`).
        path: the file to edit.
    """
    from textual.app import SuspendNotSupported

    argv = [*command, str(path)]
    try:
        with app.suspend():
            # nothing may leave this block by an exception: the app would never resume
            return _run(argv, capture=False)
    except SuspendNotSupported:
        if not app.is_headless:
            return EditorRun(None, f"cannot open an editor here; the file is {path}")
        return _run(argv, capture=True)  # tests: no terminal to hand over


def _run(argv: list[str], *, capture: bool) -> EditorRun:
    try:
        result = subprocess.run(argv, check=False, capture_output=capture)
    except OSError as exc:
        return EditorRun(None, f"cannot start {argv[0]}: {exc.strerror or exc}")
    except Exception as exc:  # e.g. a NUL byte in $EDITOR: never leave the app suspended
        return EditorRun(None, f"cannot start {argv[0]}: {exc}")
    return EditorRun(result.returncode)
