"""Small helpers shared by the routine commands (no heavy imports)."""

from __future__ import annotations

import argparse
import os
import sys

TYPE_CHECKING = False  # typing itself is not imported: quick commands stay quick
if TYPE_CHECKING:
    from typing import TextIO

    from stretchtimer.session.plan import Plan


def say(text: str = "", *, file: TextIO | None = None, flush: bool = False) -> None:
    """Print a line that may hold text from a file, a config or the history, made visible.

    Every command prints through this (see :func:`stretchtimer.safe_text.visible`), so no
    control character from a routine, a file name or the history reaches the terminal raw.

    Args:
        text: what to print (a newline is added).
        file: where to (standard output by default).
        flush: flush at once.
    """
    from stretchtimer.safe_text import visible

    print(visible(text), file=file, flush=flush)


def add_volume_argument(parser: argparse.ArgumentParser) -> None:
    """Add ``--volume 0-100`` (the user's setting when not given) to a command's parser.

    Args:
        parser: the subcommand's parser.
    """
    parser.add_argument(
        "--volume",
        type=volume_arg,
        default=None,
        metavar="0-100",
        help="sound volume in percent (default: your setting)",
    )


def volume_arg(text: str) -> int:
    """Parse a ``--volume`` value: a whole number from 0 to 100 (argparse ``type``).

    Raises:
        argparse.ArgumentTypeError: the value is not a whole number from 0 to 100.
    """
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"expected a whole number from 0 to 100, got {text!r}"
        ) from None
    if not 0 <= value <= 100:
        raise argparse.ArgumentTypeError(f"expected a whole number from 0 to 100, got {value}")
    return value


def add_routine_argument(parser: argparse.ArgumentParser) -> None:
    """Add the ``ROUTINE`` argument (an id or a path) to a command's parser.

    Args:
        parser: the subcommand's parser.
    """
    parser.add_argument(
        "routine",
        metavar="ROUTINE",
        help="a routine id (see 'stretchtimer list') or the path of a routine file",
    )


def total_text(plan: Plan) -> str:
    """Return a plan's total time, with ``+ ?`` when some sets run until marked done."""
    from stretchtimer.session.timefmt import format_seconds

    text = format_seconds(plan.total_seconds)
    return f"{text} + ?" if plan.has_untimed else text


def one_line(text: str, width: int) -> str:
    """Return ``text`` on one line, cut to ``width`` terminal cells with an ellipsis."""
    from stretchtimer.columns import cut

    return cut(" ".join(text.split()), width)


def terminal_columns() -> int:
    """Return the terminal's width as ``shutil.get_terminal_size`` would, without shutil.

    ``COLUMNS`` first, then the terminal on standard output, else 80. (Importing shutil costs
    more than parsing a command line.)
    """
    try:
        columns = int(os.environ.get("COLUMNS", "0"))
    except ValueError:
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns  # type: ignore[union-attr]
        except (AttributeError, ValueError, OSError):
            columns = 0
    return columns if columns > 0 else 80
