"""``stretchtimer history [--json | --csv] [--since WHEN] [--routine ROUTINE] [--limit N]``.

Without an export flag it prints today's sessions against the daily goal, the current and
longest day streaks and the weeks in a row that met the weekly goal, totals per routine, the
most recent sessions (``--limit``, default 10) and the cramp diary's weeks. ``--since``
(``YYYY-MM-DD``, ``today``, ``yesterday``, ``7d``, ``4w``) and ``--routine`` (an id or a name)
filter every session figure, streaks included (``--routine`` measures against that routine's
own goal, if it has one).

``stretchtimer history import FILE`` merges a ``--json`` export into the history (see
:mod:`stretchtimer.history.exchange`).

Exports cover every matching session (the newest ``--limit`` ones if given), oldest first:

- ``--json``: one object, ``{"stretchtimer_history": 1, "sessions": [...], "cramps": [...]}``
  (cramps filtered by ``--since`` only). Each session object has ``id``, ``uid``, ``routine``,
  ``routine_name``,
  ``started_at`` and ``ended_at`` (ISO 8601 with the UTC offset in force then; ``ended_at`` is
  null for a session still running, and for an interrupted one is when its last step was
  recorded), ``status``, ``active_seconds``, ``paused_seconds``, ``steps_done``,
  ``steps_total``, ``steps_skipped``, ``steps_stopped`` and ``steps``: a list of objects with
  ``index`` (position in the plan), ``kind``, ``label``, ``side``, ``set``,
  ``planned_seconds`` (null for untimed reps), ``actual_seconds``, ``status`` (``done``,
  ``skipped`` or ``stopped``), ``attempt`` (2 and up for a part run again after "back") and
  ``skipped`` (true unless done; kept for older readers). Each cramp has ``id``, ``uid``,
  ``at``, ``leg``, ``muscle``, ``severity``, ``minutes``, ``woke``, ``swelling``, ``redness``,
  ``weakness`` and ``note``.
- ``--csv``: one row per step, the session's columns repeated on each; a session without steps
  gives one row with empty step columns. Columns: see :data:`CSV_COLUMNS` (``step`` is the
  order in which the step ended, ``step_index`` its position in the plan; ``skipped`` is
  ``true``/``false``; ``step_status`` is ``done``, ``skipped`` or ``stopped``). Rows end
  with a bare newline (LF). Text cells are safe to open in a spreadsheet (see
  :func:`stretchtimer.safe_text.spreadsheet_cell`).

Text read from the history is made visible (:func:`stretchtimer.safe_text.visible`) in the
summary and the CSV; the JSON is exact (unsafe characters are JSON escapes in it).

An export is written as it is read, from one snapshot of the history (one read transaction:
what is recorded meanwhile is not in it). Nothing is written before the history is opened and
the first :data:`FIRST_BATCH` sessions are read, so a history that cannot be read gives one
message and no output at all. A read that fails after that (a disk error) ends the output
where it is, with a message on stderr saying that it is incomplete. The summary is printed
once complete.

Exit codes: 0, 1 when the history cannot be read (an export cut short included), 2 for a bad
argument (e.g. ``--since``).
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Iterable, Iterator
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any, TextIO, TypeVar

if TYPE_CHECKING:
    from _typeshed import SupportsWrite

    from stretchtimer.history.records import SessionRow
    from stretchtimer.history.store import HistoryStore

T = TypeVar("T")

CSV_COLUMNS = (
    "session_id",
    "routine",
    "routine_name",
    "started_at",
    "ended_at",
    "status",
    "active_seconds",
    "paused_seconds",
    "steps_done",
    "steps_total",
    "step",
    "step_index",
    "kind",
    "label",
    "side",
    "set",
    "planned_seconds",
    "actual_seconds",
    "skipped",
    "steps_skipped",
    "steps_stopped",
    "step_status",
    "attempt",
)

FIRST_BATCH = 100
"""Sessions an export reads before it writes anything (with their steps)."""

WRITE_SIZE = 1 << 20
"""About how many characters an export hands to the output at a time."""

MAX_LIMIT = 2**63 - 1
"""The largest ``--limit`` SQLite takes; a larger number means the same: everything."""


_AGO = re.compile(r"(\d{1,4})\s*([dw])")


def since_date(text: str, today: date) -> date:
    """Read a ``--since`` value: ``YYYY-MM-DD``, ``today``, ``yesterday``, ``7d`` or ``4w``.

    ``7d`` is the last seven days, today included (the day six days ago onwards); ``4w`` the
    last 28.

    Raises:
        ValueError: none of those forms.
    """
    words = text.strip().lower()
    if words == "today":
        return today
    if words == "yesterday":
        return today - timedelta(days=1)
    ago = _AGO.fullmatch(words)
    if ago:
        days = int(ago.group(1)) * (7 if ago.group(2) == "w" else 1)
        return today - timedelta(days=max(days - 1, 0))
    return date.fromisoformat(words)


def _date(text: str) -> date:
    try:
        return since_date(text, date.today())
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"invalid date {text!r}: expected YYYY-MM-DD (e.g. 2024-05-01), today, yesterday, "
            "a number of days (7d) or weeks (4w)"
        ) from None


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
    fmt.add_argument(
        "--json",
        action="store_true",
        help="print every session with its steps, and the cramps, as one JSON object",
    )
    fmt.add_argument(
        "--csv",
        action="store_true",
        help="print one CSV row per step, with the session's columns repeated",
    )
    parser.add_argument(
        "--since",
        type=_date,
        metavar="WHEN",
        help="only sessions started on or after WHEN: YYYY-MM-DD (local), "
        "today, yesterday, 7d (the last 7 days), 4w (the last 4 weeks)",
    )
    parser.add_argument(
        "--routine", metavar="ROUTINE", help="only sessions of this routine (its id or its name)"
    )
    parser.add_argument(
        "--limit",
        type=_positive,
        metavar="N",
        help="recent sessions to show (default 10), or the newest N to export",
    )
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    sub = parser.add_subparsers(dest="history_action", metavar="ACTION")
    imp = sub.add_parser(
        "import", help="merge a --json export (a backup, another machine) into the history"
    )
    imp.add_argument("file", metavar="FILE", help="the JSON file (- reads standard input)")


def run(args: argparse.Namespace) -> int:
    """Print the history, or export it.

    Args:
        args: the parsed arguments.

    Returns:
        The exit code.
    """
    import io

    from stretchtimer import locations
    from stretchtimer.history.store import HistoryStore, HistoryUnavailable
    from stretchtimer.safe_text import visible

    store = HistoryStore(locations.history_db())
    summary = io.StringIO()  # printed once complete
    try:
        if getattr(args, "history_action", None) == "import":
            return _import(store, args.file, sys.stdout)
        if args.routine is not None:
            try:
                args.routine = resolve_routine(store, args.routine)
            except LookupError as exc:
                print(f"stretchtimer history: {exc.args[0]}", file=sys.stderr)
                return 2
        if args.json or args.csv:
            return _export(store, args, sys.stdout)
        _print_summary(store, args, summary)
    except HistoryUnavailable as exc:
        print(f"stretchtimer: {visible(exc.message)}", file=sys.stderr)
        return 1
    finally:
        store.close()
        if store.notice:
            print(f"stretchtimer: {visible(store.notice)}", file=sys.stderr)
    sys.stdout.write(summary.getvalue())
    return 0


class _Counted(Iterable[T]):
    """The sessions of an export, counted as they are written."""

    def __init__(self, items: Iterator[T]) -> None:
        self.items = items
        self.count = 0

    def __iter__(self) -> Iterator[T]:
        for item in self.items:
            yield item
            self.count += 1


class _Batched:
    """Text gathered into writes of about :data:`WRITE_SIZE` characters.

    An export writes a few pieces per session: passed on one by one, they cost a system call
    per 8 KiB (the output's buffer), a third of the export's time on a pipe.
    """

    def __init__(self, out: TextIO) -> None:
        self.out = out
        self.parts: list[str] = []
        self.size = 0

    def write(self, text: str) -> int:
        """Add ``text``; pass what is gathered on once it is large enough."""
        self.parts.append(text)
        self.size += len(text)
        if self.size >= WRITE_SIZE:
            self.flush()
        return len(text)

    def flush(self) -> None:
        """Pass on what is gathered, and flush the output."""
        self.out.write("".join(self.parts))
        self.parts.clear()
        self.size = 0
        self.out.flush()


def _read_ahead(items: Iterator[T]) -> Iterator[T]:
    """Read the first :data:`FIRST_BATCH` items now (a failure raises here), the rest later."""
    from itertools import chain, islice

    return chain(list(islice(items, FIRST_BATCH)), items)


def _export(store: HistoryStore, args: argparse.Namespace, out: TextIO) -> int:
    """Write the ``--json`` or ``--csv`` export as it is read; return the exit code.

    Raises:
        HistoryUnavailable: the history cannot be read; nothing was written.
    """
    from stretchtimer.history.store import HistoryUnavailable
    from stretchtimer.safe_text import visible

    with store.snapshot():
        sessions: _Counted[Any]
        cramps: list[Any] = []
        if args.json:
            from stretchtimer.history.cramps import CrampLog

            cramps = CrampLog(store).cramps(since=args.since, oldest_first=True)
            sessions = _Counted(
                _read_ahead(store.export_rows(args.since, args.routine, args.limit))
            )
        else:
            sessions = _Counted(_read_ahead(store.export(args.since, args.routine, args.limit)))
        # the history is open and its first sessions are read: from here on the output streams
        batched = _Batched(out)
        try:
            if args.json:
                from stretchtimer.history.export_json import write_json

                write_json(sessions, cramps, batched)
            else:
                _write_csv(sessions, batched)
        except HistoryUnavailable as exc:
            batched.flush()
            print(
                f"stretchtimer: the export is incomplete, cut short after {sessions.count} "
                f"session{'' if sessions.count == 1 else 's'}: {visible(exc.message)}",
                file=sys.stderr,
            )
            return 1
        batched.flush()
    return 0


def _print_summary(store: HistoryStore, args: argparse.Namespace, out: TextIO) -> None:
    from stretchtimer import goals
    from stretchtimer.config import load_settings
    from stretchtimer.history import stats
    from stretchtimer.safe_text import visible_line
    from stretchtimer.session.timefmt import format_elapsed

    since, routine = args.since, args.routine
    routines = store.routine_totals(since, routine)
    if not routines:
        out.write(
            "No sessions recorded yet."
            if since is None and routine is None
            else "No sessions match."
        )
        out.write("\n")
        _print_diary(store, out)
        return
    today = date.today()
    counts = store.completed_counts(since, routine)
    p = goals.progress(counts, today, load_settings()[0].goal_for(routine))
    out.write(
        f"Today: {'✓ ' if p.met_today else ''}{p.today} of {p.goal.daily} sessions"
        f" (daily goal {'met' if p.met_today else 'not met yet'})\n"
    )
    out.write(
        f"Current streak: {_plural(p.streak, 'day')}"
        f"   Longest streak: {_plural(p.longest, 'day')}"
        f"   Weeks at {p.goal.weekly}+ days: {p.weeks} (this week {p.week_days})\n"
    )
    monday = stats.week_start(today)
    week = store.day_totals(max(since or monday, monday), routine)
    out.write(
        f"This week: {_plural(sum(t.sessions for t in week), 'session')}, "
        f"{sum(t.active_seconds for t in week) / 60:.0f} min\n\n"
    )

    out.write(f"{'Routine':<32} {'Sessions':>8} {'Completed':>9} {'Minutes':>8}\n")
    for rt in routines:
        out.write(
            f"{_fit(visible_line(rt.routine_name), 32):<32} {rt.sessions:>8} "
            f"{rt.completed:>9} {rt.minutes:>8.0f}\n"
        )

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
    _print_diary(store, out)


def _print_diary(store: HistoryStore, out: TextIO) -> None:
    """Print the cramp diary's weeks (the same figures as ``cramp list``) once it has entries."""
    from stretchtimer.commands.cramp import DISMISS_HINT, paragraph, write_figures
    from stretchtimer.history.insights import advice_text
    from stretchtimer.history.overview import load_diary

    diary = load_diary(store, date.today())
    if not diary.total_cramps:
        return
    out.write("\n")
    write_figures(diary, out)
    if diary.advice_due:
        out.write("\n" + paragraph(advice_text(diary.reasons)) + "\n" + DISMISS_HINT + "\n")


def resolve_routine(store: HistoryStore, text: str) -> str:
    """Return the routine id ``text`` names (see :mod:`stretchtimer.history.routine_match`).

    Raises:
        LookupError: nothing or several routines match; its message says which exist.
    """
    from stretchtimer.history.routine_match import resolve_routine as match

    return match(text, store.routine_names())


def _import(store: HistoryStore, file: str, out: TextIO) -> int:
    from stretchtimer.history.exchange import ImportProblem, import_document, parse_document
    from stretchtimer.safe_text import visible_line

    name = "standard input" if file == "-" else visible_line(file)
    try:
        if file == "-":
            text = sys.stdin.read()
        else:
            with open(file, encoding="utf-8") as handle:
                text = handle.read()
        sessions, cramps = parse_document(text)
    except OSError as exc:
        print(
            f"stretchtimer history import: cannot read {name}: {exc.strerror or exc}",
            file=sys.stderr,
        )
        return 1
    except UnicodeDecodeError:
        print(f"stretchtimer history import: {name} is not UTF-8 text", file=sys.stderr)
        return 1
    except ImportProblem as exc:
        print(
            f"stretchtimer history import: {name}: {visible_line(str(exc))}; nothing was imported",
            file=sys.stderr,
        )
        return 1
    result = import_document(store, sessions, cramps)
    out.write(
        f"Imported from {name}: {_plural(result.sessions_added, 'new session')} "
        f"({result.sessions_present} already here), "
        f"{_plural(result.cramps_added, 'new cramp')} "
        f"({result.cramps_present} already here).\n"
    )
    for conflict in result.conflicts:
        out.write(f"  {visible_line(conflict)}\n")
    if result.conflicts:
        out.write(
            f"{_plural(len(result.conflicts), 'record')} with the same id but different "
            "content: the ones already here were kept.\n"
        )
    return 0


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _fit(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _iso(moment: Any) -> str | None:
    return None if moment is None else str(moment.isoformat())


def session_json(s: SessionRow) -> dict[str, Any]:
    """Return one session as the JSON export's object."""
    from stretchtimer.history.exchange import session_json as to_json

    return to_json(s)


def _write_csv(sessions: Iterable[SessionRow], out: SupportsWrite[str]) -> None:
    """Write the CSV export: a row per step (see the module docstring)."""
    import csv

    from stretchtimer.safe_text import spreadsheet_cell as cell

    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for s in sessions:
        head = [
            s.id,
            cell(s.routine_id),
            cell(s.routine_name),
            _iso(s.started_at),
            _iso(s.ended_at) or "",
            cell(s.status),
            round(s.active_seconds, 3),
            round(s.paused_seconds, 3),
            s.steps_done,
            s.steps_total,
        ]
        counts = [s.steps_skipped, s.steps_stopped]
        if not s.steps:
            writer.writerow([*head, *[""] * 9, *counts, "", ""])
        for st in s.steps:
            writer.writerow(
                [
                    *head,
                    st.seq,
                    st.segment_index,
                    cell(st.kind),
                    cell(st.label),
                    cell(st.side or ""),
                    st.set_number,
                    "" if st.planned is None else st.planned,
                    round(st.actual, 3),
                    "true" if st.skipped else "false",
                    *counts,
                    cell(st.status),
                    st.attempt,
                ]
            )
