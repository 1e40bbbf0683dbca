"""``stretchtimer cramp``: log a cramp, list, edit or delete the logged ones.

- ``cramp [--at WHEN] [--leg ...] [--muscle ...] [--severity N] [--minutes N] [--woke]
  [--swelling] [--redness] [--weakness] [--note TEXT]`` logs one; with no options in a
  terminal it asks two questions whose defaults make it two keystrokes (Enter, Enter).
- ``cramp list [--weeks N]``: the week-by-week figures and the entries.
- ``cramp edit ID [options]``: change what was logged (only the options given).
- ``cramp delete ID [--yes]``: remove a mis-logged entry (asks first in a terminal).
- ``cramp dismiss``: hide the doctor advice for 30 days.

After logging or listing, the doctor advice is printed when it is due.
Exit codes: 0, 1 when the history cannot be used or no such entry, 2 for a bad argument.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, TextIO

from stretchtimer.history.diary import LEGS, MUSCLES

if TYPE_CHECKING:
    from stretchtimer.history.diary import Cramp
    from stretchtimer.history.store import HistoryStore

FIELDS = (
    "at",
    "leg",
    "muscle",
    "severity",
    "minutes",
    "woke",
    "swelling",
    "redness",
    "weakness",
    "note",
)


def _severity(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = -1
    if not 0 <= value <= 10:
        raise argparse.ArgumentTypeError(f"expected a whole number from 0 to 10, got {text!r}")
    return value


def _minutes(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not 0 <= value <= 1440:
        raise argparse.ArgumentTypeError(f"expected minutes from 0 to 1440, got {text!r}")
    return value


def _cramp_options(parser: argparse.ArgumentParser) -> None:
    s = argparse.SUPPRESS
    parser.add_argument(
        "--at",
        metavar="WHEN",
        default=s,
        help='when it began: now (default), "last night", HH:MM (today) or "YYYY-MM-DD HH:MM"',
    )
    parser.add_argument("--leg", choices=LEGS, default=s, help="which leg (default both)")
    parser.add_argument("--muscle", choices=MUSCLES, default=s, help="which muscle (default calf)")
    parser.add_argument(
        "--severity",
        type=_severity,
        metavar="0-10",
        default=s,
        help="how bad: 0 barely, 10 the worst imaginable (default 5)",
    )
    parser.add_argument(
        "--minutes", type=_minutes, metavar="N", default=s, help="how long it lasted"
    )
    for flag, text in (
        ("woke", "it woke you"),
        ("swelling", "the leg was swollen"),
        ("redness", "the skin was red"),
        ("weakness", "the muscle was weak afterwards"),
    ):
        parser.add_argument(f"--{flag}", action="store_true", default=s, help=text)
    parser.add_argument("--note", metavar="TEXT", default=s, help="your own words")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the command's arguments.

    Args:
        parser: the subcommand's parser.
    """
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    _cramp_options(parser)
    sub = parser.add_subparsers(dest="cramp_action", metavar="ACTION")
    listing = sub.add_parser("list", help="the week-by-week figures and the logged cramps")
    listing.add_argument(
        "--weeks", type=int, default=12, metavar="N", help="how many weeks (default 12)"
    )
    edit = sub.add_parser("edit", help="change a logged cramp (only the options given)")
    edit.add_argument("id", type=int, metavar="ID", help="the cramp's number (see list)")
    _cramp_options(edit)
    delete = sub.add_parser("delete", help="delete a mis-logged cramp")
    delete.add_argument("id", type=int, metavar="ID", help="the cramp's number (see list)")
    delete.add_argument("--yes", action="store_true", help="do not ask first")
    sub.add_parser("dismiss", help="hide the advice to see a doctor for 30 days")


def run(args: argparse.Namespace) -> int:
    """Log, list, edit or delete cramps.

    Args:
        args: the parsed arguments.

    Returns:
        The exit code.
    """
    from stretchtimer import locations
    from stretchtimer.history.diary import DiaryError
    from stretchtimer.history.store import HistoryStore, HistoryUnavailable

    store = HistoryStore(locations.history_db())
    out = sys.stdout
    action = getattr(args, "cramp_action", None)
    settings_notice()
    try:
        if action == "list":
            return _list(store, max(1, min(args.weeks, 104)), out)
        if action == "edit":
            return _edit(store, args, out)
        if action == "delete":
            return _delete(store, args.id, args.yes, out)
        if action == "dismiss":
            return _dismiss(store, out)
        return _log(store, args, out)
    except DiaryError as exc:
        print(f"stretchtimer cramp: {exc}", file=sys.stderr)
        return 2
    except HistoryUnavailable as exc:
        print(f"stretchtimer: {exc.message}", file=sys.stderr)
        return 1
    except (EOFError, KeyboardInterrupt):
        print("\nNothing logged.", file=sys.stderr)
        return 130
    finally:
        store.close()
        if store.notice:
            print(f"stretchtimer: {store.notice}", file=sys.stderr)


def _given(args: argparse.Namespace) -> dict[str, Any]:
    return {name: getattr(args, name) for name in FIELDS if hasattr(args, name)}


def _now() -> datetime:
    return datetime.now().replace(second=0, microsecond=0)


def _build(values: dict[str, Any], base: Cramp | None, err: TextIO) -> Cramp:
    """Return a cramp from the options given (over ``base``, or the defaults)."""
    from dataclasses import replace

    from stretchtimer.history.diary import new_cramp, parse_when

    fields = dict(values)
    if "at" in fields:
        when, remark = parse_when(str(fields["at"]), _now())
        if remark:
            err.write(f"stretchtimer cramp: {remark}\n")
        fields["at"] = when
    if base is None:  # the diary's defaults for a new one, under the options given
        base = new_cramp(fields.pop("at", _now()), str(values.get("at", "now")))
    return replace(base, **fields)


def _log(store: HistoryStore, args: argparse.Namespace, out: TextIO) -> int:
    from stretchtimer.history.cramps import CrampLog
    from stretchtimer.history.diary import describe

    values = _given(args)
    if not values and sys.stdin.isatty() and out.isatty():
        cramp = ask(input, out)
    else:
        cramp = _build(values, None, sys.stderr)
    saved = CrampLog(store).add(cramp)
    out.write(f"Logged cramp {saved.id}: {describe(saved)}\n")
    if saved.note:
        out.write(f"  note: {_safe(saved.note)}\n")
    out.write(f"(Change it with: stretchtimer cramp edit {saved.id} --severity 6 --leg left ...)\n")
    _advice(store, out)
    return 0


def ask(read: Callable[[str], str], out: TextIO) -> Cramp:
    """Ask when and how bad, with defaults that make it two keystrokes (Enter, Enter).

    Args:
        read: shows a prompt and returns the answer (``input``).
        out: where the explanations go.

    Raises:
        EOFError: the input ended (nothing is logged).
    """
    from dataclasses import replace

    from stretchtimer.history.diary import (
        DiaryError,
        default_words,
        new_cramp,
        parse_quick,
        parse_when,
    )

    out.write("Log a cramp. Enter keeps the [default]; Ctrl+C cancels.\n")
    out.flush()
    while True:
        answer = read('When did it begin? now, "last night", HH:MM or YYYY-MM-DD HH:MM [now]: ')
        try:
            when, remark = parse_when(answer, _now())
            break
        except DiaryError as exc:
            out.write(f"  {exc}\n")
    if remark:
        out.write(f"  {remark}\n")
    cramp = new_cramp(when, answer)
    out.write(
        "How bad, 0 (barely) to 10 (the worst)? Add any words that fit: left right "
        "both,\n  calf foot hamstring quadriceps other, woke, swelling redness weakness.\n"
    )
    default = default_words(cramp)
    while True:
        answer = read(f"Severity and words [{default}]: ")
        try:
            return replace(cramp, **parse_quick(answer))  # type: ignore[arg-type]
        except DiaryError as exc:
            out.write(f"  {exc}\n")


def _edit(store: HistoryStore, args: argparse.Namespace, out: TextIO) -> int:
    from stretchtimer.history.cramps import CrampLog
    from stretchtimer.history.diary import describe

    log = CrampLog(store)
    cramp = log.get(args.id)
    if cramp is None:
        print(
            f"stretchtimer cramp: there is no cramp {args.id} (see: stretchtimer cramp list)",
            file=sys.stderr,
        )
        return 1
    values = _given(args)
    if not values:
        print(
            "stretchtimer cramp: say what to change, e.g. --severity 6 or --leg left",
            file=sys.stderr,
        )
        return 2
    changed = _build(values, cramp, sys.stderr)
    log.update(changed)
    out.write(f"Cramp {cramp.id} is now: {describe(changed)}\n")
    if changed.note:
        out.write(f"  note: {_safe(changed.note)}\n")
    return 0


def _delete(store: HistoryStore, cramp_id: int, yes: bool, out: TextIO) -> int:
    from stretchtimer.history.cramps import CrampLog
    from stretchtimer.history.diary import describe

    log = CrampLog(store)
    cramp = log.get(cramp_id)
    if cramp is None:
        print(
            f"stretchtimer cramp: there is no cramp {cramp_id} (see: stretchtimer cramp list)",
            file=sys.stderr,
        )
        return 1
    if not yes:
        if not sys.stdin.isatty():
            print(
                "stretchtimer cramp: add --yes to delete without a terminal to ask in",
                file=sys.stderr,
            )
            return 2
        answer = input(f"Delete cramp {cramp_id} ({describe(cramp)})? [y/N] ")
        if answer.strip().lower() not in ("y", "yes"):
            out.write("Kept it.\n")
            return 0
    log.delete(cramp_id)
    out.write(f"Deleted cramp {cramp_id}: {describe(cramp)}\n")
    return 0


def _dismiss(store: HistoryStore, out: TextIO) -> int:
    from stretchtimer.history.cramps import CrampLog, current_advice

    due = current_advice(store)
    if due is None:
        out.write("There is no advice to dismiss.\n")
        return 0
    until = CrampLog(store).dismiss(date.today(), due[1]).until
    out.write(
        f"The advice to see a doctor is hidden until {until:%Y-%m-%d}, unless something "
        "new turns up in your diary.\n"
    )
    return 0


def _list(store: HistoryStore, weeks: int, out: TextIO) -> int:
    from stretchtimer.history.diary import describe
    from stretchtimer.history.overview import load_diary

    diary = load_diary(store, date.today(), weeks)
    write_figures(diary, out)
    if not diary.cramps:
        out.write(
            "\nNo cramps logged in these weeks."
            if diary.total_cramps
            else "\nNo cramps logged yet. Log one with: stretchtimer cramp"
        )
        out.write("\n")
    else:
        out.write(f"\nCramps ({len(diary.cramps)} in {weeks} weeks, newest first):\n")
        for c in diary.cramps:
            out.write(f"{c.id:>5}  {describe(c)}\n")
            if c.note:
                out.write(f"       note: {_safe(c.note)}\n")
    if diary.advice_due:
        from stretchtimer.history.insights import advice_text

        out.write("\n" + paragraph(advice_text(diary.reasons)) + "\n" + DISMISS_HINT + "\n")
    return 0


DISMISS_HINT = "(Hide this for 30 days with: stretchtimer cramp dismiss)"


def write_figures(diary: Any, out: TextIO) -> None:
    """Print the week-by-week figures and the comparison (shared with ``history``).

    Args:
        diary: a :class:`~stretchtimer.history.overview.DiaryOverview`.
        out: where to write.
    """
    from stretchtimer.history.overview import week_lines

    out.write(f"Stretching and cramps, week by week (goal: {diary.goal} days a week):\n")
    for line in week_lines(diary.recorded_weeks, diary.today):
        out.write(f"  {line}\n")
    if diary.comparison:
        out.write(paragraph(diary.comparison) + "\n")


def _advice(store: HistoryStore, out: TextIO) -> None:
    from stretchtimer.history.cramps import current_advice

    due = current_advice(store)
    if due is not None:
        out.write("\n" + paragraph(due[0]) + "\n" + DISMISS_HINT + "\n")


def settings_notice() -> None:
    """Print what is wrong with the diary's settings in ``config.toml``, if anything."""
    from stretchtimer.history.settings import load_diary_settings

    notice = load_diary_settings()[2]
    if notice:
        from stretchtimer.safe_text import visible_line

        print(f"stretchtimer: {visible_line(notice)}", file=sys.stderr)


def paragraph(text: str, width: int = 78) -> str:
    """Return ``text`` wrapped to ``width`` columns."""
    import textwrap

    return textwrap.fill(text, width)


def _safe(text: str) -> str:
    from stretchtimer.safe_text import visible_line

    return visible_line(text)
