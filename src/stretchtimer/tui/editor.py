"""Opening a routine in the user's editor, and every way that can fail.

The editor runs with the app suspended (the terminal handed over). Textual's ``App.suspend()``
resumes the app only when its block ends normally: an exception from inside it (the editor
program missing, a folder, not executable) leaves the app suspended for good, frozen. So the
command is checked before the app is suspended, and nothing is raised out of the block.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from stretchtimer.editor import FALLBACK_EDITORS


class EditorProblem(Exception):
    """The editor cannot be started; the message says why, in words a user can act on."""


def _describe(variable: str, value: str) -> str:
    return f"${variable} is {value!r}"


def editor_command() -> list[str] | None:
    """Return the command that opens a file in the user's editor, without the file.

    ``$VISUAL``, then ``$EDITOR`` (both may carry arguments, e.g. ``code --wait``), then the first
    of nano and vi found on the PATH; None when there is none.

    Raises:
        EditorProblem: the variable cannot be split into words (an unbalanced quote).
    """
    for name in ("VISUAL", "EDITOR"):
        value = os.environ.get(name, "").strip()
        if value:
            try:
                words = shlex.split(value)
            except ValueError as exc:
                raise EditorProblem(
                    f"{_describe(name, value)}, which cannot be read ({exc}); "
                    "fix the quotes or set it to an editor's name"
                ) from None
            if words:
                return words
    for editor in FALLBACK_EDITORS:
        found = shutil.which(editor)
        if found:
            return [found]
    return None


def check_program(command: list[str]) -> str:
    """Return the full path of the command's program, ready to run.

    Args:
        command: the editor command, as :func:`editor_command` returns it.

    Raises:
        EditorProblem: the program is missing, a folder, or not executable.
    """
    program = command[0]
    where = Path(program).expanduser()
    if os.sep in program or (os.altsep and os.altsep in program):
        if where.is_dir():
            raise EditorProblem(f"{program} is a folder, not a program")
        if not where.exists():
            raise EditorProblem(f"{program} does not exist")
        if not os.access(where, os.X_OK):
            raise EditorProblem(f"{program} is not executable")
        return str(where)
    found = shutil.which(program)
    if found is None:
        raise EditorProblem(
            f"{program!r} was not found on your PATH; set $VISUAL or $EDITOR to an editor you have"
        )
    if Path(found).is_dir():
        raise EditorProblem(f"{found} is a folder, not a program")
    return found


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
