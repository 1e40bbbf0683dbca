"""``stretchtimer remind``: reminders through desktop notifications, on the platform's scheduler.

- ``remind add 08:00 [19:30 ...] [--routine ID] [--days mon-fri]``: at fixed times;
- ``remind add --every 50m --between 09:00-17:30 [--routine ID] [--days mon-fri]``: the
  "don't sit too long" break;
- ``remind list``, ``remind remove N``, ``remind test [--routine ID]``;
- ``remind install [--scheduler systemd|launchd|cron] [--print]``, ``remind uninstall``;
- ``remind fire ID``: what the scheduler runs at each reminder's time.

``add`` and ``remove`` keep the installed schedule in sync (``add`` installs it the first time).
Exit codes: 0, 1 when something could not be done (the message says why), 2 for bad arguments.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from stretchtimer.reminders.store import RemindersFile

SCHEDULER_CHOICES = ("systemd", "launchd", "cron")
TEST_WAIT = 60.0


def _scheduler_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--scheduler",
        choices=SCHEDULER_CHOICES,
        default=None,
        help="use this scheduler instead of the platform's usual one",
    )


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the command's subcommands and their arguments.

    Args:
        parser: the subcommand's parser.
    """
    sub = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    add = sub.add_parser(
        "add",
        help="add a reminder at fixed times, or every so often",
        description="Add a reminder: at fixed times (remind add 08:00), or "
        "every so often within a span of the day (remind add "
        "--every 50m --between 09:00-17:30).",
    )
    add.add_argument("times", nargs="*", metavar="HH:MM", help="times of day (24-hour clock)")
    add.add_argument("--every", metavar="DURATION", help="how often, e.g. 50m, 1h, 1h30m")
    add.add_argument(
        "--between",
        metavar="HH:MM-HH:MM",
        help="the span of the day --every covers (default 09:00-17:00)",
    )
    add.add_argument(
        "--days",
        default="daily",
        metavar="DAYS",
        help="days of the week: mon-fri, sat,sun, daily (default)",
    )
    add.add_argument(
        "--routine",
        metavar="ID",
        help="the routine it is for (its goal decides when it is skipped)",
    )
    _scheduler_option(add)
    sub.add_parser("list", help="list the reminders with their numbers")
    remove = sub.add_parser("remove", help="remove reminder N (see 'remind list')")
    remove.add_argument("number", metavar="N", help="the reminder's number in 'remind list'")
    test = sub.add_parser("test", help="show a reminder now, to see that notifications work")
    test.add_argument("--routine", metavar="ID", help="the routine its Start opens")
    test.add_argument(
        "--wait",
        type=float,
        default=TEST_WAIT,
        metavar="SECONDS",
        help=f"how long to wait for Start or Snooze (default {TEST_WAIT:.0f})",
    )
    for name, text in (
        ("install", "put the reminders into the platform's scheduler"),
        (
            "uninstall",
            "take the reminders out of the scheduler (they are kept in the reminders file)",
        ),
    ):
        action = sub.add_parser(name, help=text)
        _scheduler_option(action)
        action.add_argument(
            "--print",
            dest="dry_run",
            action="store_true",
            help="show what would be done, without doing it",
        )
    fire = sub.add_parser("fire", help="what the scheduler runs when a reminder is due")
    fire.add_argument("reminder_id", metavar="ID")
    fire.add_argument("--now", metavar="YYYY-MM-DDTHH:MM", default=None, help=argparse.SUPPRESS)


def _out(text: str, *, end: str = "\n", err: bool = False) -> None:
    """Print text that may carry names from files, made safe for the terminal."""
    from stretchtimer.safe_text import visible

    print(visible(text), end=end, file=sys.stderr if err else sys.stdout)


def _err(message: str) -> int:
    _out(f"stretchtimer: {message}", err=True)
    return 1


def run(args: argparse.Namespace) -> int:
    """Run one ``remind`` action.

    Args:
        args: the parsed arguments.

    Returns:
        The exit code.
    """
    from stretchtimer.reminders import store
    from stretchtimer.reminders.schedule import ScheduleError
    from stretchtimer.reminders.schedulers import SchedulerError

    try:
        state = store.load()
        action = args.action
        if action == "add":
            return _add(state, args)
        if action == "list":
            return _list(state)
        if action == "remove":
            return _remove(state, args.number)
        if action == "test":
            return _test(args.routine, args.wait)
        if action == "install":
            return _install(state, args.scheduler, args.dry_run)
        if action == "uninstall":
            return _uninstall(state, args.scheduler, args.dry_run)
        return _fire(state, args.reminder_id, args.now)
    except (store.RemindersFileError, SchedulerError) as exc:
        return _err(str(exc))
    except ScheduleError as exc:
        _out(f"stretchtimer remind: {exc}", err=True)
        return 2
    except OSError as exc:
        return _err(f"cannot write {exc.filename or 'the reminders file'}: {exc.strerror or exc}")


def _check_routine(routine: str | None) -> str | None:
    """Return the routine's name, or raise ScheduleError when there is no such routine."""
    return _find_routine(routine)[1] if routine is not None else None


def _find_routine(ref: str) -> tuple[str, str]:
    """Find a routine as ``run`` and ``show`` do: an id, the start of one, or a routine file.

    Returns:
        ``(reference, name)``: what a reminder stores (the id, or the file's absolute path, so
        it means the same routine from the scheduler's folder and after more routines are
        added) and the routine's name.

    Raises:
        ScheduleError: ``ref`` (or the file it finds) holds a control character, or names no
            routine, or a routine file that is not valid; the message says which.
    """
    import os

    from stretchtimer.reminders.schedule import ScheduleError, routine_problem
    from stretchtimer.routines.library import locate
    from stretchtimer.routines.problems import RoutineNotFoundError
    from stretchtimer.safe_text import visible_line

    problem = routine_problem(ref)
    if problem:
        raise ScheduleError(problem)
    try:
        entry = locate(ref)
    except RoutineNotFoundError as exc:
        reason = exc.problems[0].message if exc.problems else "no such routine"
        raise ScheduleError(f"there is no routine {ref!r}: {visible_line(reason)}") from None
    if entry.routine is None:
        first = entry.problems[0] if entry.problems else None
        reason = f": {visible_line(first.message)}" if first else ""
        more = len(entry.problems) - 1
        hint = f" ({more} more; 'stretchtimer validate {ref}' lists them)" if more > 0 else ""
        if not entry.path.exists():
            raise ScheduleError(f"there is no routine {ref!r}{reason}")
        raise ScheduleError(f"the routine {ref!r} is not valid{reason}{hint}")
    stored = entry.id if entry.source != "path" else os.path.abspath(entry.path)
    problem = routine_problem(stored)
    if problem:
        raise ScheduleError(problem)
    return stored, entry.routine.name


def _add(state: RemindersFile, args: argparse.Namespace) -> int:
    from dataclasses import replace

    from stretchtimer.reminders.schedule import (
        Reminder,
        ScheduleError,
        new_id,
        parse_between,
        parse_days,
        parse_every,
        parse_time,
    )

    days = parse_days(args.days)
    routine = _find_routine(args.routine)[0] if args.routine is not None else None
    rid = new_id(r.id for r in state.reminders)
    if args.every:
        if args.times:
            raise ScheduleError("give either times (08:00) or --every, not both")
        reminder = Reminder(
            rid,
            every=parse_every(args.every),
            between=parse_between(args.between or "09:00-17:00"),
            days=days,
            routine=routine,
        )
    else:
        if not args.times:
            raise ScheduleError("say when: a time like 08:00, or --every 50m --between 09:00-17:30")
        if args.between:
            raise ScheduleError("--between goes with --every")
        reminder = Reminder(
            rid, times=tuple(parse_time(t) for t in args.times), days=days, routine=routine
        )
    same = next(
        (n for n, r in enumerate(state.reminders, start=1) if replace(r, id=rid) == reminder), None
    )
    if same is not None:
        _out(f"Reminder {same} is already {reminder.describe()}: nothing added.")
        return 0
    state.reminders.append(reminder)
    from stretchtimer.reminders import store

    store.save(state)
    _out(f"Added reminder {len(state.reminders)}: {reminder.describe()}")
    return _sync(state, args.scheduler)


def _check_installable(state: RemindersFile) -> None:
    """Refuse reminders that cannot go into a scheduler as they are (an edited file).

    Raises:
        RemindersFileError: naming the reminders file, the reminder and what is wrong.
    """
    from stretchtimer.reminders import store
    from stretchtimer.reminders.schedule import install_problem

    for number, reminder in enumerate(state.reminders, start=1):
        problem = install_problem(reminder)
        if problem:
            raise store.RemindersFileError(
                f"{store.reminders_file()}: reminder {number}: {problem}. Nothing was "
                f"installed: correct it in that file, or remove it with 'stretchtimer remind "
                f"remove {number}'"
            )


def _sync(state: RemindersFile, override: str | None = None) -> int:
    """Install the reminders into their scheduler (the first time: the usual one)."""
    from stretchtimer.reminders import schedulers, store

    scheduler = override or state.installed or schedulers.choose()
    if not state.reminders:
        return _uninstall(state, override, dry_run=False)
    _check_installable(state)
    setup = schedulers.plan(state.reminders, scheduler)
    problems = schedulers.install(setup)
    state.installed = scheduler
    store.save(state)
    for note in setup.notes:
        _out(f"note: {note}")
    for problem in problems:
        _out(f"stretchtimer: {problem}", err=True)
    count = len(state.reminders)
    _out(f"{count} reminder{'s' if count != 1 else ''} scheduled with {scheduler}.")
    return 1 if problems else 0


def _list(state: RemindersFile) -> int:
    from stretchtimer.safe_text import visible_line

    if not state.reminders:
        _out("No reminders. Add one with 'stretchtimer remind add 08:00'.")
        return 0
    from datetime import datetime

    from stretchtimer.reminders.schedule import next_due, when_text

    now = datetime.now()
    for n, r in enumerate(state.reminders, start=1):
        coming = next_due(r, now)
        after = f"  (next: {when_text(coming, now)})" if coming and state.installed else ""
        _out(f"{n:>3}. {visible_line(r.describe())}{after}")
    where = (
        f"scheduled with {state.installed}"
        if state.installed
        else ("not installed: 'stretchtimer remind install' puts them into the scheduler")
    )
    _out(f"({where})")
    return 0


def _remove(state: RemindersFile, number: str) -> int:
    from stretchtimer.reminders import store
    from stretchtimer.reminders.schedule import ScheduleError
    from stretchtimer.safe_text import visible_line

    index = (
        int(number) - 1
        if number.isdigit()
        else next((i for i, r in enumerate(state.reminders) if r.id == number), -1)
    )
    if not 0 <= index < len(state.reminders):
        raise ScheduleError(
            f"there is no reminder {number} ('stretchtimer remind list' shows their numbers)"
        )
    gone = state.reminders.pop(index)
    store.save(state)
    _out(f"Removed reminder {index + 1}: {visible_line(gone.describe())}")
    if state.installed:
        return _sync(state)
    return 0


def _install(state: RemindersFile, override: str | None, dry_run: bool) -> int:
    from stretchtimer.reminders import schedulers

    scheduler = override or state.installed or schedulers.choose()
    _check_installable(state)
    if dry_run:
        _out(schedulers.describe(schedulers.plan(state.reminders, scheduler)), end="")
        return 0
    if not state.reminders:
        _out("No reminders to install. Add one with 'stretchtimer remind add 08:00'.")
        return 0
    if state.installed and state.installed != scheduler:  # moving: clear the old one first
        schedulers.install(schedulers.plan([], state.installed))
    return _sync(state, scheduler)


def _uninstall(state: RemindersFile, override: str | None, dry_run: bool) -> int:
    from stretchtimer.reminders import schedulers, store

    scheduler = override or state.installed or schedulers.choose()
    setup = schedulers.plan([], scheduler)
    if not setup.usable and not dry_run:
        _out(f"Nothing to uninstall: {setup.scheduler} is not installed here.")
        return 0
    if dry_run:
        _out(schedulers.describe(setup), end="")
        return 0
    problems = schedulers.install(setup)
    state.installed = None
    store.save(state)
    for problem in problems:
        _out(f"stretchtimer: {problem}", err=True)
    kept = len(state.reminders)
    _out(
        f"Nothing of stretchtimer is left in {scheduler}."
        + (
            f" Your {kept} reminder{'s are' if kept != 1 else ' is'} kept in "
            f"{store.reminders_file()}; 'stretchtimer remind install' puts "
            f"{'them' if kept != 1 else 'it'} back."
            if kept
            else ""
        )
    )
    return 1 if problems else 0


def _test(routine: str | None, wait: float) -> int:
    import asyncio

    from stretchtimer.config import load_settings
    from stretchtimer.reminders import launch, notify

    ref, name = _find_routine(routine) if routine is not None else (None, None)
    problem = notify.desktop_problem()
    if problem:
        return _err(
            f"cannot show a reminder: {problem}. Reminders need a desktop session "
            "(they are shown as desktop notifications)."
        )
    settings, _ = load_settings()
    _out(
        f"Showing a reminder now; waiting up to {wait:.0f} s for Start or Snooze "
        "(Ctrl+C stops waiting)."
    )
    sys.stdout.flush()
    answer = asyncio.run(
        notify.ask(
            f"Time for {name}" if name else "Time to stretch",
            "This is how a stretchtimer reminder looks. Start opens the routine in your terminal.",
            wait,
        )
    )
    if answer == notify.START:
        failed = launch.start_in_terminal(ref, settings.terminal)
        if failed:
            return _err(f"Start was pressed, but {failed}")
        _out(f"Start pressed: opened with {launch.describe(settings.terminal)}.")
    elif answer == notify.SNOOZE:
        _out("Snooze pressed: a real reminder comes back in 15 minutes.")
    elif answer == notify.FAILED:
        return _err("the notification service refused the reminder")
    else:
        _out(f"The reminder was shown ({answer}).")
    return 0


def _fire(state: RemindersFile, reminder_id: str, now_text: str | None) -> int:
    import time
    from datetime import date, datetime

    from stretchtimer import locations
    from stretchtimer.config import load_settings
    from stretchtimer.history import peek
    from stretchtimer.reminders import launch
    from stretchtimer.reminders.fire import fire
    from stretchtimer.routines.ids import routine_id_for

    reminder = state.find(reminder_id)
    now = datetime.fromisoformat(now_text) if now_text else datetime.now()
    settings, _ = load_settings()
    routine = reminder.routine if reminder else None
    try:
        name = _check_routine(routine)
    except ValueError:
        name = None
    # sessions and goals are kept by routine id: a routine file's id is its name's stem
    routine_id = routine_id_for(routine) if routine is not None else None

    def done_today() -> int:
        db = peek.open_readonly(locations.history_db())
        try:
            return peek.count_on(db, date.today(), routine_id)
        finally:
            if db is not None:
                db.close()

    outcome = fire(
        reminder,
        now,
        goal=settings.goal_for(routine_id),
        done_today=done_today,
        routine_name=name,
        start=lambda rid: launch.start_in_terminal(rid, settings.terminal),
        sleep=time.sleep,
    )
    _out(outcome.message)
    return outcome.code
