"""The user's text editor: which command opens a file in it, and whether it can start.

The one rule for the app's ``e``/``n`` keys and for ``stretchtimer edit`` / ``new --edit``
(no UI toolkit here): a command that cannot start is an :class:`EditorProblem` with a message
a user can act on, found before anything is run.
"""

from __future__ import annotations

import os
import shlex
import shutil
from pathlib import Path

FALLBACK_EDITORS = ("nano", "vi")


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
