"""``stretchtimer`` with no command: the full-screen app, opening on the list of routines."""

from __future__ import annotations

import argparse
import sys


def run(args: argparse.Namespace) -> int:
    """Open the app on the home screen.

    Args:
        args: the parsed arguments (unused).

    Returns:
        The exit code: 0, or 130 after Ctrl+C, 2 when not in a terminal, or 1 when the UI
        cannot start.
    """
    del args
    from stretchtimer.tui.terminal import terminal_problem

    problem = terminal_problem()
    if problem:
        print(
            f"stretchtimer: {problem}. Without it, 'stretchtimer list' lists the routines "
            "and 'stretchtimer run ROUTINE --plain' runs one as plain lines.",
            file=sys.stderr,
        )
        return 2
    from stretchtimer.tui.routine_reader import RoutineReader
    from stretchtimer.tui.startup import collector_held

    with collector_held():  # until the first frame
        # read the routines while the UI library loads: they are often ready for the first frame
        routines = RoutineReader().start()
        try:
            from stretchtimer.tui.app import run_app
        except ImportError as exc:
            print(
                f"stretchtimer: the full-screen app is not available ({exc}); "
                "'stretchtimer list' and 'stretchtimer run --plain' work without it",
                file=sys.stderr,
            )
            return 1
        return run_app(routines=routines)
