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
    parser.add_argument("files", nargs="+", metavar="FILE", help="routine files to check")


def run(args: argparse.Namespace) -> int:
    """Check each file and print the result.

    Args:
        args: the parsed arguments.

    Returns:
        0 when all files are valid, else 1.
    """
    from stretchtimer.routines.loader import RoutineError, load_routine

    status = 0
    for name in args.files:
        try:
            load_routine(name)
        except RoutineError as exc:
            status = 1
            for problem in exc.problems:
                print(problem)
        else:
            print(f"{name}: ok")
    return status
