"""``stretchtimer report [--weeks 12] [--format text|markdown]``: one page for a doctor.

The cramp entries, the per-week counts and severity, the stretching record and which advice
rule holds, for the last ``--weeks`` weeks (this week included). Exit codes: 0, 1 when the
history cannot be read, 2 for a bad argument.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date


def _weeks(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if not 1 <= value <= 104:
        raise argparse.ArgumentTypeError(f"expected a number of weeks from 1 to 104, got {text!r}")
    return value


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the command's arguments.

    Args:
        parser: the subcommand's parser.
    """
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    parser.add_argument(
        "--weeks",
        type=_weeks,
        default=12,
        metavar="N",
        help="how many weeks, this one included (default 12)",
    )
    parser.add_argument(
        "--format",
        choices=("text", "markdown"),
        default="text",
        help="plain text (default) or Markdown",
    )


def run(args: argparse.Namespace) -> int:
    """Print the report.

    Args:
        args: the parsed arguments.

    Returns:
        The exit code.
    """
    from stretchtimer import locations
    from stretchtimer.commands.cramp import settings_notice
    from stretchtimer.history.overview import load_diary
    from stretchtimer.history.report import ReportData, build_report, report_weeks_start
    from stretchtimer.history.store import HistoryStore, HistoryUnavailable

    settings_notice()
    today = date.today()
    store = HistoryStore(locations.history_db())
    try:
        diary = load_diary(store, today, args.weeks)
        first = report_weeks_start(today, args.weeks)
        data = ReportData(
            today=today,
            weeks=diary.weeks,
            cramps=sorted(diary.cramps, key=lambda c: (c.at, c.id)),
            stretch_days=len(store.days_completed(since=first)),
            routines=store.routine_totals(since=first),
            reasons=diary.reasons,
            goal=diary.goal,
        )
    except HistoryUnavailable as exc:
        print(f"stretchtimer: {exc.message}", file=sys.stderr)
        return 1
    finally:
        store.close()
    sys.stdout.write(build_report(data, markdown=args.format == "markdown"))
    return 0
