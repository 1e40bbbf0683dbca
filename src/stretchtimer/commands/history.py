"""``stretchtimer history [--json | --csv] [--since DATE] [--routine ID] [--limit N]``.

Without an export flag it prints today's sessions against the daily goal, the current and
longest day streaks and the weeks in a row that met the weekly goal, totals per routine and
the most recent sessions (``--limit``, default 10). ``--since`` and ``--routine`` filter every
figure, streaks included (``--routine`` measures against that routine's own goal, if it has one).

Exports cover every matching session (the newest ``--limit`` ones if given), oldest first:

- ``--json``: a JSON array of session objects: ``id``, ``routine``, ``routine_name``,
  ``started_at`` and ``ended_at`` (ISO 8601 with the UTC offset in force then; ``ended_at`` is
  null for a session still running, and for an interrupted one is when its last step was
  recorded), ``status``, ``active_seconds``, ``paused_seconds``, ``steps_done``,
  ``steps_total``, ``steps_skipped``, ``steps_stopped`` and ``steps``: a list of objects with
  ``index`` (position in the plan), ``kind``, ``label``, ``side``, ``set``,
  ``planned_seconds`` (null for untimed reps), ``actual_seconds``, ``status`` (``done``,
  ``skipped`` or ``stopped``), ``attempt`` (2 and up for a part run again after "back") and
  ``skipped`` (true unless done; kept for older readers).
- ``--csv``: one row per step, the session's columns repeated on each; a session without steps
  gives one row with empty step columns. Columns: see :data:`CSV_COLUMNS` (``step`` is the
  order in which the step ended, ``step_index`` its position in the plan; ``skipped`` is
  ``true``/``false``; ``step_status`` is ``done``, ``skipped`` or ``stopped``). Rows end
  with a bare newline (LF). Text cells are safe to open in a spreadsheet (see
  :func:`stretchtimer.safe_text.spreadsheet_cell`).

Text read from the history is made visible (:func:`stretchtimer.safe_text.visible`) in the
summary and the CSV; the JSON is exact (unsafe characters are JSON escapes in it). Nothing is
printed until the whole output is ready, so a history that cannot be read gives one message
and no partial output.

Exit codes: 0, 1 when the history cannot be read, 2 for a bad argument (e.g. ``--since``).
"""

from __future__ import annotations

import argparse
import io
import re
import sys
from datetime import date
from typing import TYPE_CHECKING, Any, TextIO

if TYPE_CHECKING:
    from stretchtimer.history.records import SessionRow
    from stretchtimer.history.store import HistoryStore

CSV_COLUMNS = (
    "session_id", "routine", "routine_name", "started_at", "ended_at", "status",
    "active_seconds", "paused_seconds", "steps_done", "steps_total",
    "step", "step_index", "kind", "label", "side", "set", "planned_seconds", "actual_seconds",
    "skipped", "steps_skipped", "steps_stopped", "step_status", "attempt",
)

MAX_LIMIT = 2**63 - 1
"""The largest ``--limit`` SQLite takes; a larger number means the same: everything."""


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"invalid date {text!r}: expected YYYY-MM-DD, e.g. 2024-05-01") from None


def _positive(text: str) -> int:
    digits = text.strip().lstrip("0")
    value = 0
    if re.fullmatch(r"[0-9]*", digits, re.ASCII):  # any length: more than all is all
        value = MAX_LIMIT if len(digits) > 19 else min(int(digits or "0"), MAX_LIMIT)
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, got {text!r}")
    return value


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the command's arguments.

    Args:
        parser: the subcommand's parser.
    """
    fmt = parser.add_mutually_exclusive_group()
    fmt.add_argument("--json", action="store_true",
                     help="print every session with its steps as a JSON array")
    fmt.add_argument("--csv", action="store_true",
                     help="print one CSV row per step, with the session's columns repeated")
    parser.add_argument("--since", type=_date, metavar="DATE",
                        help="only sessions started on or after DATE (YYYY-MM-DD, local time)")
    parser.add_argument("--routine", metavar="ID", help="only sessions of this routine id")
    parser.add_argument("--limit", type=_positive, metavar="N",
                        help="recent sessions to show (default 10), or the newest N to export")


def run(args: argparse.Namespace) -> int:
    """Print the history, or export it.

    Args:
        args: the parsed arguments.

    Returns:
        The exit code.
    """
    from stretchtimer import locations
    from stretchtimer.history.store import HistoryStore, HistoryUnavailable
    from stretchtimer.safe_text import visible

    store = HistoryStore(locations.history_db())
    out = io.StringIO()  # printed only once complete: never a partial export
    try:
        if args.json:
            _print_json(store, args, out)
        elif args.csv:
            _print_csv(store, args, out)
        else:
            _print_summary(store, args, out)
    except HistoryUnavailable as exc:
        print(f"stretchtimer: {visible(exc.message)}", file=sys.stderr)
        return 1
    finally:
        store.close()
        if store.notice:
            print(f"stretchtimer: {visible(store.notice)}", file=sys.stderr)
    sys.stdout.write(out.getvalue())
    return 0


def _print_summary(store: HistoryStore, args: argparse.Namespace, out: TextIO) -> None:
    from stretchtimer import goals
    from stretchtimer.config import load_settings
    from stretchtimer.history import stats
    from stretchtimer.safe_text import visible_line
    from stretchtimer.session.plan import format_elapsed

    since, routine = args.since, args.routine
    routines = store.routine_totals(since, routine)
    if not routines:
        out.write("No sessions recorded yet." if since is None and routine is None
                  else "No sessions match.")
        out.write("\n")
        return
    today = date.today()
    counts = store.completed_counts(since, routine)
    p = goals.progress(counts, today, load_settings()[0].goal_for(routine))
    out.write(f"Today: {'✓ ' if p.met_today else ''}{p.today} of {p.goal.daily} sessions"
              f" (daily goal {'met' if p.met_today else 'not met yet'})\n")
    out.write(f"Current streak: {_plural(p.streak, 'day')}"
              f"   Longest streak: {_plural(p.longest, 'day')}"
              f"   Weeks at {p.goal.weekly}+ days: {p.weeks} (this week {p.week_days})\n")
    monday = stats.week_start(today)
    week = store.day_totals(max(since or monday, monday), routine)
    out.write(f"This week: {_plural(sum(t.sessions for t in week), 'session')}, "
              f"{sum(t.active_seconds for t in week) / 60:.0f} min\n\n")

    out.write(f"{'Routine':<32} {'Sessions':>8} {'Completed':>9} {'Minutes':>8}\n")
    for rt in routines:
        out.write(f"{_fit(visible_line(rt.routine_name), 32):<32} {rt.sessions:>8} "
                  f"{rt.completed:>9} {rt.minutes:>8.0f}\n")

    limit = args.limit or 10
    recent = store.sessions(since, routine, limit=limit)
    count = sum(r.sessions for r in routines)
    out.write(f"\nRecent sessions ({len(recent)} of {count}):\n")
    out.write(f"{'Started':<16}  {'Routine':<28} {'Time':>7}  {'Status':<11} {'Steps':>7}\n")
    for s in recent:
        out.write(
            f"{s.started_at:%Y-%m-%d %H:%M}  {_fit(visible_line(s.routine_name), 28):<28} "
            f"{format_elapsed(s.active_seconds):>7}  {visible_line(s.status):<11} "
            f"{f'{s.steps_done}/{s.steps_total}':>7}\n"
        )


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _fit(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _iso(moment: Any) -> str | None:
    return None if moment is None else str(moment.isoformat())


def session_json(s: SessionRow) -> dict[str, Any]:
    """Return one session as the JSON export's object."""
    return {
        "id": s.id,
        "routine": s.routine_id,
        "routine_name": s.routine_name,
        "started_at": _iso(s.started_at),
        "ended_at": _iso(s.ended_at),
        "status": s.status,
        "active_seconds": round(s.active_seconds, 3),
        "paused_seconds": round(s.paused_seconds, 3),
        "steps_done": s.steps_done,
        "steps_total": s.steps_total,
        "steps_skipped": s.steps_skipped,
        "steps_stopped": s.steps_stopped,
        "steps": [
            {
                "index": st.segment_index,
                "kind": st.kind,
                "label": st.label,
                "side": st.side,
                "set": st.set_number,
                "planned_seconds": st.planned,
                "actual_seconds": round(st.actual, 3),
                "status": st.status,
                "attempt": st.attempt,
                "skipped": st.skipped,
            }
            for st in s.steps
        ],
    }


def _print_json(store: HistoryStore, args: argparse.Namespace, out: TextIO) -> None:
    import json

    from stretchtimer.safe_text import json_escaped

    out.write("[")
    first = True
    for s in store.export(args.since, args.routine, args.limit):
        out.write("\n  " if first else ",\n  ")
        out.write(json_escaped(json.dumps(session_json(s), ensure_ascii=False)))
        first = False
    out.write("]\n" if first else "\n]\n")


def _print_csv(store: HistoryStore, args: argparse.Namespace, out: TextIO) -> None:
    import csv

    from stretchtimer.safe_text import spreadsheet_cell as cell

    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for s in store.export(args.since, args.routine, args.limit):
        head = [s.id, cell(s.routine_id), cell(s.routine_name), _iso(s.started_at),
                _iso(s.ended_at) or "", cell(s.status), round(s.active_seconds, 3),
                round(s.paused_seconds, 3), s.steps_done, s.steps_total]
        counts = [s.steps_skipped, s.steps_stopped]
        if not s.steps:
            writer.writerow([*head, *[""] * 9, *counts, "", ""])
        for st in s.steps:
            writer.writerow([
                *head, st.seq, st.segment_index, cell(st.kind), cell(st.label), cell(st.side or ""),
                st.set_number, "" if st.planned is None else st.planned, round(st.actual, 3),
                "true" if st.skipped else "false", *counts, cell(st.status), st.attempt,
            ])
