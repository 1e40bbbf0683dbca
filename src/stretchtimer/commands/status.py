"""``stretchtimer status [--format TEXT] [-q] [--routine ID]``: one line for a shell prompt.

Prints ``✓ 2/3 today · 12-day streak`` once today's goal is met, ``✗ not yet today · 12-day
streak`` (or ``✗ 1/3 today · ...``) before. ``--format`` takes the fields ``{today}`` (sessions
completed today), ``{goal}`` (the daily goal), ``{streak}`` (days in a row that met it),
``{weeks}`` (weeks in a row that met the weekly goal), ``{mark}`` (✓ or ✗) and ``{advice}``
(a pointer to ``stretchtimer cramp`` while the cramp diary's doctor advice is due, else empty;
the default line ends with it then); ``-q`` prints nothing. Exit code 0 when today's goal is
met, 1 when not, 2 for a bad argument, so ``stretchtimer status -q || ...`` works.

Made to run at every prompt: it imports neither textual nor yaml, reads the history read-only
(see :mod:`stretchtimer.history.peek`), never creates a file and never waits on a lock.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from datetime import date

TYPE_CHECKING = False  # not typing's: `status` runs at every shell prompt
if TYPE_CHECKING:
    import argparse
    import sqlite3

    from stretchtimer.goals import Goal, Progress

FIELDS = ("today", "goal", "streak", "weeks", "mark", "advice")
ADVICE = "cramp diary: see 'stretchtimer cramp'"
"""What the line adds while the cramp diary's doctor advice is due (and not dismissed)."""
MET, NOT_MET = "✓", "✗"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the command's arguments.

    Args:
        parser: the subcommand's parser.
    """
    parser.add_argument(
        "--format",
        dest="fmt",
        metavar="TEXT",
        default=None,
        help="the line to print, with the fields "
        + ", ".join(f"{{{f}}}" for f in FIELDS)
        + " (e.g. '{mark} {today}/{goal}')",
    )
    parser.add_argument(
        "-q",
        "--quiet",
        action="store_true",
        help="print nothing; only the exit code tells (0 met, 1 not yet)",
    )
    parser.add_argument(
        "--routine", metavar="ID", help="count only this routine's sessions, against its own goal"
    )


def measure(
    db: sqlite3.Connection | None, today: date, goal: Goal, routine: str | None = None
) -> Progress:
    """Return today's progress and both streaks, reading only as far back as they reach.

    The result's ``longest`` and ``any_ever`` only cover the days read.

    Args:
        db: a read-only history connection (None: no history).
        today: the local date now.
        goal: the goal to measure against.
        routine: only this routine's sessions.
    """
    from stretchtimer import goals
    from stretchtimer.history import peek

    return goals.progress_from_days(
        peek.days_done(db, today, routine), today, goal, lambda day: peek.count_on(db, day, routine)
    )


def line(p: Progress, fmt: str | None, advice: bool = False) -> str:
    """Return the status line for ``p``.

    Args:
        p: today's progress.
        fmt: the user's format, or None for the default line.
        advice: the cramp diary's doctor advice is due.

    Raises:
        ValueError: ``fmt`` names an unknown field or has unbalanced braces.
    """
    mark = MET if p.met_today else NOT_MET
    if fmt is None:
        today = f"{p.today}/{p.goal.daily} today" if p.today else "not yet today"
        return f"{mark} {today} · {p.streak}-day streak" + (f" · {ADVICE}" if advice else "")
    import string  # only with --format

    for _text, field, _spec, _conversion in string.Formatter().parse(fmt):
        if field is not None and field not in FIELDS:
            raise ValueError(
                f"unknown field {{{field}}}; the fields are "
                + ", ".join(f"{{{f}}}" for f in FIELDS)
            )
    values = {
        "today": p.today,
        "goal": p.goal.daily,
        "streak": p.streak,
        "weeks": p.weeks,
        "mark": mark,
        "advice": ADVICE if advice else "",
    }
    try:
        return fmt.format_map(values)
    except KeyError as exc:
        raise ValueError(
            f"unknown field {{{exc.args[0]}}}; the fields are "
            + ", ".join(f"{{{f}}}" for f in FIELDS)
        ) from None
    except (ValueError, IndexError, AttributeError) as exc:
        raise ValueError(f"{exc} (write {{{{ and }}}} for a literal brace)") from None


def run(args: argparse.Namespace) -> int:
    """Print the status line; the exit code says whether today's goal is met.

    Args:
        args: the parsed arguments.

    Returns:
        0 when today's goal is met, 1 when not, 2 for a bad ``--format``.
    """
    return status(args.fmt, args.quiet, args.routine)


def status(fmt: str | None, quiet: bool, routine: str | None) -> int:
    """Print the status line (unless ``quiet``) and return the exit code.

    Args:
        fmt: the ``--format`` text, or None for the default line.
        quiet: print nothing.
        routine: count only this routine's sessions, against its own goal.

    Returns:
        0 when today's goal is met, 1 when not, 2 for a bad ``fmt`` or a ``routine`` that
        names no routine (or several).
    """
    from stretchtimer import goals, locations
    from stretchtimer.history import peek

    db = peek.open_readonly(locations.history_db())
    advice = False
    try:
        if routine is not None:
            try:
                routine = resolve_routine(db, routine)
            except LookupError as exc:
                print(f"stretchtimer status: {exc.args[0]}", file=sys.stderr)
                return 2
        goal = goals.read_goal(str(locations.config_file()), routine)
        progress = measure(db, date.today(), goal, routine)
        if not quiet:
            advice = peek.doctor_advice(db, date.today()) is not None
    finally:
        if db is not None:
            db.close()
    if not quiet:
        try:
            text = line(progress, fmt, advice)
        except ValueError as exc:
            print(f"stretchtimer status: bad --format: {exc}", file=sys.stderr)
            return 2
        try:
            sys.stdout.write(text + "\n")
        except UnicodeEncodeError:  # a terminal that cannot show ✓ and ✗
            plain = text.replace(MET, "+").replace(NOT_MET, "-").replace("·", "|")
            sys.stdout.write(plain.encode("ascii", "replace").decode("ascii") + "\n")
        sys.stdout.flush()
    return 0 if progress.met_today else 1


def resolve_routine(db: sqlite3.Connection | None, text: str) -> str:
    """Return the routine id ``--routine`` names, by the rule ``history`` uses.

    An id with sessions is one index probe; only anything else reads the history's routines
    (see :mod:`stretchtimer.history.routine_match`). A history that cannot be read now
    (locked) leaves the text as it is: a prompt does not fail for that.

    Raises:
        LookupError: nothing or several routines match; its message says which exist.
    """
    from stretchtimer.history import peek

    if peek.has_routine(db, text):
        return text
    names = peek.routine_names(db)
    if names is None:
        return text
    from stretchtimer.history.routine_match import resolve_routine as match

    return match(text, names)


def quick_args(argv: Sequence[str]) -> tuple[str | None, bool, str | None] | None:
    """Read the usual ``status`` arguments without argparse (milliseconds at every prompt).

    Args:
        argv: the arguments after ``status``.

    Returns:
        ``(format, quiet, routine)``, or None when anything else (``--help``, a mistake)
        needs argparse's handling.
    """
    fmt: str | None = None
    routine: str | None = None
    quiet = False
    items = list(argv)
    while items:
        item = items.pop(0)
        if item in ("-q", "--quiet"):
            quiet = True
            continue
        key, sep, value = item.partition("=")
        if key not in ("--format", "--routine") or (not sep and not items):
            return None
        value = value if sep else items.pop(0)
        if key == "--format":
            fmt = value
        else:
            routine = value
    return fmt, quiet, routine


def main(argv: Sequence[str]) -> int:
    """Run ``status`` with its own arguments (the command line's fast path).

    Args:
        argv: the arguments after ``status``.
    """
    quick = quick_args(argv)
    if quick is not None:
        return status(*quick)
    import argparse

    from stretchtimer.commands._help import examples_text

    parser = argparse.ArgumentParser(
        prog="stretchtimer status",
        description="One line for a shell prompt or a status bar: today's sessions against "
        "your goal and your streak. Exit code 0 when today's goal is met, 1 if not.",
        epilog=examples_text("status"),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add_arguments(parser)
    return run(parser.parse_args(argv))
