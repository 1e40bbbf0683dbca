"""Reminders as data: when each one fires, parsed from what the user typed, and checked.

A reminder fires at fixed times (``08:00``) or every so often within a span of the day
(``--every 50m --between 09:00-17:30``: 09:00, 09:50, ... 17:20), on chosen days of the week,
optionally for one routine. Pure: no I/O, no clock (the caller passes the time).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

DAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
ALL_DAYS: tuple[int, ...] = tuple(range(7))
LATE_AFTER = timedelta(minutes=30)
"""A reminder that fires this long after its time (the machine slept) is dropped."""
EARLY_GRACE = timedelta(minutes=2)
"""A scheduler that fires a little early still counts as on time."""

_TIME = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")
_EVERY = re.compile(r"^(?:(\d+)h)?(?:(\d+)m(?:in)?)?$")
_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,63}", re.ASCII)
"""A reminder id as it may name a unit, an agent and a crontab line (``r1``)."""


class ScheduleError(ValueError):
    """What the user typed is not a valid reminder; the message says how to write it."""


@dataclass(frozen=True, slots=True)
class Reminder:
    """One reminder.

    Attributes:
        id: a short stable name (units and crontab lines are named after it).
        times: fixed times of day as ``(hour, minute)`` (empty for an ``every`` reminder).
        every: minutes between two reminders (0 for fixed times).
        between: the span of the day an ``every`` reminder covers, ``((h, m), (h, m))``.
        days: days of the week it fires, 0 = Monday.
        routine: the routine it is for (None: the app opens on its usual choice).
    """

    id: str
    times: tuple[tuple[int, int], ...] = ()
    every: int = 0
    between: tuple[tuple[int, int], tuple[int, int]] = ((9, 0), (17, 0))
    days: tuple[int, ...] = ALL_DAYS
    routine: str | None = None

    def fire_times(self) -> tuple[tuple[int, int], ...]:
        """Return every ``(hour, minute)`` it fires at on a day it is on, earliest first."""
        if not self.every:
            return tuple(sorted(set(self.times)))
        (h1, m1), (h2, m2) = self.between
        start, end = h1 * 60 + m1, h2 * 60 + m2
        return tuple(divmod(t, 60) for t in range(start, end + 1, self.every))

    def describe(self) -> str:
        """Return it in words, e.g. ``every 50 min 09:00-17:30, Mon-Fri · toe-lifts``."""
        if self.every:
            (h1, m1), (h2, m2) = self.between
            when = f"every {format_every(self.every)} {h1:02}:{m1:02}-{h2:02}:{m2:02}"
        else:
            when = "at " + ", ".join(f"{h:02}:{m:02}" for h, m in self.fire_times())
        text = f"{when}, {format_days(self.days)}"
        return f"{text} · {self.routine}" if self.routine else text


def routine_problem(routine: str) -> str | None:
    """Say why ``routine`` cannot be a reminder's routine reference, or return None.

    A reference goes into unit files and notifications: it must be one line without control
    characters (see :func:`stretchtimer.safe_text.first_unsafe_in_line`).
    """
    from stretchtimer.safe_text import first_unsafe_in_line

    at = first_unsafe_in_line(routine)
    if at is None:
        return None
    return (
        f"the routine {routine!a} holds a control character ({routine[at]!a}); "
        "a routine is an id or a file name on one line"
    )


def install_problem(reminder: Reminder) -> str | None:
    """Say why a reminder (say, one edited into the reminders file) cannot be installed.

    Its id names files and scheduler entries: letters, digits, ``-`` and ``_`` only. Its
    routine must pass :func:`routine_problem`.

    Returns:
        None when it can be installed, else the reason, for the user.
    """
    if not _ID.fullmatch(reminder.id):
        return (
            f"the id {reminder.id!a} is not usable: ids are letters, digits, - and _ "
            "(at most 64), like r1"
        )
    return routine_problem(reminder.routine) if reminder.routine is not None else None


def parse_time(text: str) -> tuple[int, int]:
    """Parse ``HH:MM`` (24-hour clock).

    Raises:
        ScheduleError: not a time of day.
    """
    match = _TIME.match(text.strip())
    if not match:
        raise ScheduleError(
            f"{text!r} is not a time of day: write it as HH:MM, e.g. 08:00 or 17:30"
        )
    return int(match.group(1)), int(match.group(2))


def parse_every(text: str) -> int:
    """Parse how often, e.g. ``50m``, ``1h``, ``1h30m``, ``90`` (minutes).

    Raises:
        ScheduleError: not a duration from 5 minutes to 12 hours.
    """
    raw = text.strip().lower()
    minutes: int | None = int(raw) if raw.isdigit() else None
    if minutes is None:
        match = _EVERY.match(raw)
        if match and raw:
            minutes = int(match.group(1) or 0) * 60 + int(match.group(2) or 0)
    if minutes is None or not 5 <= minutes <= 720:
        raise ScheduleError(
            f"{text!r} is not a duration from 5 minutes to 12 hours: write it like 50m, 1h or 1h30m"
        )
    return minutes


def parse_between(text: str) -> tuple[tuple[int, int], tuple[int, int]]:
    """Parse a span of the day, ``HH:MM-HH:MM``.

    Raises:
        ScheduleError: not two times, or the second is not after the first.
    """
    first, sep, second = text.partition("-")
    if not sep:
        raise ScheduleError(
            f"{text!r} is not a span of the day: write it as HH:MM-HH:MM, e.g. 09:00-17:30"
        )
    start, end = parse_time(first), parse_time(second)
    if end <= start:
        raise ScheduleError(f"{text!r}: the end must come after the start on the same day")
    return start, end


def parse_days(text: str) -> tuple[int, ...]:
    """Parse days of the week: ``mon-fri``, ``mon,wed,fri``, ``sat-sun``, ``daily``.

    Also ``weekdays`` and ``weekends``; ranges may wrap (``fri-mon``).

    Raises:
        ScheduleError: a name that is not a day.
    """
    raw = text.strip().lower()
    named = {
        "daily": ALL_DAYS,
        "every": ALL_DAYS,
        "all": ALL_DAYS,
        "weekdays": (0, 1, 2, 3, 4),
        "weekends": (5, 6),
    }
    if raw in named:
        return named[raw]
    days: set[int] = set()
    for part in filter(None, (p.strip() for p in raw.split(","))):
        first, sep, last = part.partition("-")
        a = _day(first, text)
        if not sep:
            days.add(a)
            continue
        b = _day(last, text)
        span = (b - a) % 7
        days.update((a + i) % 7 for i in range(span + 1))
    if not days:
        raise ScheduleError(f"{text!r} names no day: write e.g. mon-fri, sat,sun or daily")
    return tuple(sorted(days))


def _day(name: str, text: str) -> int:
    key = name.strip()[:3]
    if len(name.strip()) < 3 or key not in DAY_NAMES:
        raise ScheduleError(
            f"{name.strip()!r} in {text!r} is not a day: use mon, tue, wed, "
            "thu, fri, sat, sun (e.g. mon-fri)"
        )
    return DAY_NAMES.index(key)


def format_days(days: Sequence[int]) -> str:
    """Return days in words: ``every day``, ``Mon-Fri``, ``Sat, Sun``, ``Mon, Wed, Fri``."""
    chosen = sorted(set(days))
    if chosen == list(ALL_DAYS):
        return "every day"
    runs: list[list[int]] = []
    for day in chosen:
        if runs and day == runs[-1][-1] + 1:
            runs[-1].append(day)
        else:
            runs.append([day])
    names = [DAY_NAMES[d].capitalize() for d in range(7)]
    return ", ".join(
        f"{names[r[0]]}-{names[r[-1]]}" if len(r) > 2 else ", ".join(names[d] for d in r)
        for r in runs
    )


def days_spec(days: Sequence[int]) -> str:
    """Return days in the form :func:`parse_days` reads back (``mon-fri``, ``mon,wed``)."""
    chosen = sorted(set(days))
    if chosen == list(ALL_DAYS):
        return "daily"
    return ",".join(DAY_NAMES[d] for d in chosen)


def format_every(minutes: int) -> str:
    """Return a duration briefly: ``50 min``, ``1 h``, ``1 h 30 min``."""
    hours, rest = divmod(minutes, 60)
    if not hours:
        return f"{rest} min"
    return f"{hours} h" + (f" {rest} min" if rest else "")


def every_spec(minutes: int) -> str:
    """Return a duration in the form :func:`parse_every` reads back (``50m``, ``1h30m``)."""
    hours, rest = divmod(minutes, 60)
    return (f"{hours}h" if hours else "") + (f"{rest}m" if rest or not hours else "")


def latest_due(reminder: Reminder, now: datetime) -> datetime | None:
    """Return the reminder's latest firing time at or before ``now`` (within the last 8 days).

    A firing up to :data:`EARLY_GRACE` ahead of ``now`` counts as due (a scheduler that fires
    a second early). Times are wall-clock times of ``now``'s day and zone.

    Args:
        reminder: the reminder.
        now: the local time now (naive or aware; the result matches).
    """
    horizon = now + EARLY_GRACE
    times = reminder.fire_times()
    for back in range(8):
        day = (now - timedelta(days=back)).date()
        if day.weekday() not in reminder.days:
            continue
        for hour, minute in reversed(times):
            moment = datetime(day.year, day.month, day.day, hour, minute, tzinfo=now.tzinfo)
            if moment <= horizon:
                return moment
    return None


def due_now(reminder: Reminder, now: datetime) -> tuple[bool, str]:
    """Say whether a reminder firing at ``now`` should be shown.

    Args:
        reminder: the reminder.
        now: the local time now.

    Returns:
        ``(True, "")``, or ``(False, why)`` when it is not due (e.g. fired late after the
        machine slept, or started by hand at a time it is not set for).
    """
    due = latest_due(reminder, now)
    if due is None:
        return False, "it is not set for this time"
    late = now - due
    if late > LATE_AFTER:
        minutes = int(late.total_seconds() // 60)
        return False, (
            f"it was due at {due:%H:%M} and is {minutes} min late (the computer was "
            "probably asleep); late reminders are dropped after 30 min"
        )
    return True, ""


def new_id(existing: Iterable[str]) -> str:
    """Return the next free reminder id: ``r1``, ``r2``, ..."""
    taken = set(existing)
    n = 1
    while f"r{n}" in taken:
        n += 1
    return f"r{n}"


def next_due(reminder: Reminder, now: datetime) -> datetime | None:
    """Return the reminder's next firing time after ``now`` (within the next 8 days).

    Args:
        reminder: the reminder.
        now: the local time now.
    """
    times = reminder.fire_times()
    for ahead in range(8):
        day = (now + timedelta(days=ahead)).date()
        if day.weekday() not in reminder.days:
            continue
        for hour, minute in times:
            moment = datetime(day.year, day.month, day.day, hour, minute, tzinfo=now.tzinfo)
            if moment > now:
                return moment
    return None


def when_text(moment: datetime, now: datetime) -> str:
    """Return a coming time briefly: ``today 17:20``, ``tomorrow 08:00``, ``Mon 08:00``."""
    days = (moment.date() - now.date()).days
    day = "today" if days == 0 else "tomorrow" if days == 1 else f"{moment:%a}"
    return f"{day} {moment:%H:%M}"
