"""``stretchtimer edit ROUTINE``: open a routine in your editor, as ``e`` does in the app.

A built-in routine is first copied to your routines folder (your copy then replaces it); a copy
left unchanged is removed again, so the built-in one stays in use. After the editor closes the
routine is checked and any problems are printed. The editor is ``$VISUAL``, then ``$EDITOR``,
then nano or vi.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

from stretchtimer.commands._common import add_routine_argument


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the command's arguments.

    Args:
        parser: the subcommand's parser.
    """
    add_routine_argument(parser)


def open_in_editor(path: Path, copied_from: Path | None = None) -> int:
    """Open ``path`` in the user's editor, then say whether the routine is valid.

    Args:
        path: the routine file to edit.
        copied_from: the built-in file ``path`` was just copied from; an unchanged copy is
            removed again.

    Returns:
        0 when the editor ran and the routine is valid, 1 otherwise.
    """
    from stretchtimer.editor import EditorProblem, check_program, editor_command
    from stretchtimer.routines.editing import EditTarget, drop_unchanged_copy
    from stretchtimer.routines.library import load_entry
    from stretchtimer.safe_text import visible_line

    target = EditTarget(path, copied_from)
    shown = visible_line(str(path))
    try:
        command = editor_command()
        if command is not None:
            command = [check_program(command), *command[1:]]
    except EditorProblem as exc:
        drop_unchanged_copy(target)
        print(f"stretchtimer: cannot open the editor: {visible_line(str(exc))}", file=sys.stderr)
        return 1
    if command is None:
        drop_unchanged_copy(target)  # nothing was edited: the built-in one stays in use
        where = visible_line(str(copied_from or path))
        print(
            f"stretchtimer: no editor found; set $EDITOR (or $VISUAL). The file is {where}",
            file=sys.stderr,
        )
        return 1
    try:
        result = subprocess.run([*command, str(path)], check=False)
    except OSError as exc:
        drop_unchanged_copy(target)
        print(
            f"stretchtimer: cannot start {visible_line(command[0])}: {exc.strerror or exc}",
            file=sys.stderr,
        )
        return 1
    unchanged = drop_unchanged_copy(target)
    if result.returncode != 0:  # said first: "No changes" alone would hide that it failed
        print(f"stretchtimer: the editor exited with code {result.returncode}", file=sys.stderr)
    if unchanged:
        print("No changes: the built-in routine stays as it is.")
        return 0 if result.returncode == 0 else 1
    if unchanged is False:
        print(f"Saved as your routine {shown}; it replaces the built-in one.")
    entry = load_entry(path, "user")
    if entry.routine is None:
        for problem in entry.problems:
            print(visible_line(str(problem)), file=sys.stderr)
        return 1
    print(
        f"{visible_line(entry.routine.name)}: valid, ready to run "
        f"(stretchtimer run {visible_line(entry.id)})"
    )
    return 0 if result.returncode == 0 else 1


def run(args: argparse.Namespace) -> int:
    """Open the routine named by ``args.routine`` in the editor.

    Args:
        args: the parsed arguments.

    Returns:
        0 when edited and valid, 1 when it cannot be found, copied or edited, or is invalid.
    """
    from stretchtimer import locations
    from stretchtimer.routines.editing import edit_target
    from stretchtimer.routines.library import locate
    from stretchtimer.routines.problems import RoutineNotFoundError
    from stretchtimer.safe_text import visible_line

    try:
        entry = locate(args.routine)
    except RoutineNotFoundError as exc:
        for problem in exc.problems:
            print(f"stretchtimer: {visible_line(str(problem))}", file=sys.stderr)
        return 1
    if entry.source == "path" and not entry.path.is_file():
        print(f"stretchtimer: {visible_line(str(entry.path))} is not a file", file=sys.stderr)
        return 1
    try:
        target = edit_target(entry)
    except OSError as exc:
        where = visible_line(str(locations.user_routines_dir()))
        print(f"stretchtimer: cannot copy it to {where}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    if target.copied_from is not None:
        print(f"Copied the built-in routine to {visible_line(str(target.path))}")
    return open_in_editor(target.path, target.copied_from)
