"""``stretchtimer validate FILE...``: check routine files.

Prints ``FILE: ok`` for a valid file and one ``FILE:LINE:COL: message`` line per problem
otherwise. Exit code 0 when every file is valid, 1 when any has a problem (a missing or
unreadable file is a problem too), 2 for a usage error (from argparse).
"""

from __future__ import annotations

import argparse


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the command's arguments.

    Args:
        parser: the subcommand's parser.
    """
    parser.add_argument(
        "files",
        nargs="+",
        metavar="FILE",
        help="routine files to check (a routine id checks that routine's file)",
    )


def run(args: argparse.Namespace) -> int:
    """Check each file and print the result.

    Args:
        args: the parsed arguments.

    Returns:
        0 when all files are valid, else 1.
    """
    from pathlib import Path

    from stretchtimer.commands._common import say
    from stretchtimer.routines.cache import RoutineCache
    from stretchtimer.routines.library import checked_entry
    from stretchtimer.safe_text import visible_line

    status = 0
    cache = RoutineCache()  # an unchanged file was checked before: its result is kept
    for name in args.files:
        path = _file_of(name)
        entry = checked_entry(Path(path), cache)
        if entry.problems:
            status = 1
            for problem in entry.problems:
                say(visible_line(str(problem)))
        else:
            say(f"{visible_line(path)}: ok")
    cache.save()
    return status


def _file_of(name: str) -> str:
    """Return the file to check: ``name`` itself, or the file of the routine with that id.

    A name that is not an existing file and does not look like a path may be a routine id
    (``stretchtimer validate leg-cramp-prevention``); its file is checked instead.
    """
    import os

    from stretchtimer.routines.library import locate, looks_like_path
    from stretchtimer.routines.problems import RoutineError

    if os.path.exists(name) or looks_like_path(name) or not name.strip():
        return name
    try:
        return str(locate(name).path)
    except RoutineError:
        return name  # the loader reports the missing file
