"""``stretchtimer list [FILE...]``: the routines with their id, name, total time and source.

Built-in routines and the user's (a user routine replaces the built-in one with the same id),
then any files given. An invalid routine is listed with its first problem; the exit code is 0.
"""

from __future__ import annotations

import argparse

NAME_WIDTH = 36


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the command's arguments.

    Args:
        parser: the subcommand's parser.
    """
    parser.add_argument("paths", nargs="*", metavar="FILE", help="routine files to list as well")


def run(args: argparse.Namespace) -> int:
    """Print one line per routine.

    Args:
        args: the parsed arguments (``paths`` may be missing when called from ``home``).

    Returns:
        The exit code (0).
    """
    from stretchtimer.columns import table_lines
    from stretchtimer.commands._common import one_line, say, total_text
    from stretchtimer.routines.library import list_routines
    from stretchtimer.safe_text import visible_line
    from stretchtimer.session.plan import build_plan

    entries = list_routines(getattr(args, "paths", None) or [])
    rows: list[tuple[str, str, str, str, str]] = []
    for entry in entries:
        shown_id = visible_line(entry.id)  # a file name may hold anything
        if entry.routine is not None:
            name = one_line(visible_line(entry.routine.name), NAME_WIDTH)
            rows.append((shown_id, name, total_text(build_plan(entry.routine)), entry.source, ""))
            continue
        problem = str(entry.problems[0]) if entry.problems else "invalid"
        if len(entry.problems) > 1:
            problem += f" (and {len(entry.problems) - 1} more)"
        rows.append((shown_id, "(invalid)", "-", entry.source, problem))
    if not rows:
        say("No routines found.")
        return 0
    rows = [(visible_line(a), b, c, visible_line(d), visible_line(e)) for a, b, c, d, e in rows]
    header = ("ID", "NAME", "TIME", "SOURCE", "")
    for line in table_lines([header, *rows], right={2}):
        say(line)
    return 0
