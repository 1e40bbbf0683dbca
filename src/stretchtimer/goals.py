"""Goals and the two streaks: pure functions over completed sessions per local day.

A *daily goal* is a number of completed sessions a day (default 1); a *weekly goal* is a number
of days a week (Monday to Sunday) with at least one completed session (default 5). Both may be
set for one routine, which then counts only its own sessions.

- The **day streak** is the run of days in a row that met the daily goal. Today not met yet does
  not break it: it is still running until midnight.
- The **week streak** is the run of weeks in a row that met the weekly goal, so a missed day does
  not wipe out a habit. This week not met yet does not break it either.

Days are local calendar dates (the date a session started, in the UTC offset in force then), so
a change of clocks or of time zone never moves a session to another day, and week arithmetic is
done on dates, never on elapsed seconds.

This module imports nothing heavy (plain classes: neither ``dataclasses`` nor ``typing``, which
cost milliseconds to import): ``stretchtimer status`` uses it at every shell prompt. It also
holds the rules of the goal settings (``daily_goal``, ``weekly_goal`` and the ``[goals]`` table
of ``config.toml``), which :mod:`stretchtimer.config` applies and ``status`` reads without
loading the rest.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date, datetime, timedelta

DEFAULT_DAILY = 1
DEFAULT_WEEKLY = 5
MAX_DAILY = 50
MAX_WEEKLY = 7
_ONE_DAY = timedelta(days=1)
_ONE_WEEK = timedelta(days=7)


class Goal:
    """How much counts as done (a small value class; treat it as immutable).

    Attributes:
        daily: completed sessions a day (1 to 50).
        weekly: days a week with a completed session (1 to 7).
    """

    __slots__ = ("daily", "weekly")

    def __init__(self, daily: int = DEFAULT_DAILY, weekly: int = DEFAULT_WEEKLY) -> None:
        self.daily = daily
        self.weekly = weekly

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Goal) and (self.daily, self.weekly) == (other.daily, other.weekly)

    def __hash__(self) -> int:
        return hash((self.daily, self.weekly))

    def __repr__(self) -> str:
        return f"Goal(daily={self.daily}, weekly={self.weekly})"


class Progress:
    """Where the user stands today against a goal (a small value class).

    Attributes:
        goal: the goal measured against.
        today: sessions completed today.
        streak: days in a row that met the daily goal (today included once met).
        longest: the longest such run ever.
        week_days: days of this week (Monday first) with a completed session.
        weeks: weeks in a row that met the weekly goal (this week included once met).
        any_ever: whether any session was ever completed.
    """

    __slots__ = ("any_ever", "goal", "longest", "streak", "today", "week_days", "weeks")

    def __init__(
        self,
        goal: Goal,
        today: int,
        streak: int,
        longest: int,
        week_days: int,
        weeks: int,
        any_ever: bool,
    ) -> None:
        self.goal = goal
        self.today = today
        self.streak = streak
        self.longest = longest
        self.week_days = week_days
        self.weeks = weeks
        self.any_ever = any_ever

    def _key(self) -> tuple[object, ...]:
        return (
            self.goal,
            self.today,
            self.streak,
            self.longest,
            self.week_days,
            self.weeks,
            self.any_ever,
        )

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Progress) and self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def __repr__(self) -> str:
        return (
            f"Progress(goal={self.goal!r}, today={self.today}, streak={self.streak}, "
            f"longest={self.longest}, week_days={self.week_days}, weeks={self.weeks}, "
            f"any_ever={self.any_ever})"
        )

    @property
    def met_today(self) -> bool:
        """Return True when today's goal is met."""
        return self.today >= self.goal.daily

    @property
    def week_met(self) -> bool:
        """Return True when this week's goal is met."""
        return self.week_days >= self.goal.weekly


def local_day(moment: datetime) -> date:
    """Return the local calendar date a moment counts for.

    An aware moment keeps its own offset (the one in force where and when it happened); a naive
    one is taken as local time.

    Args:
        moment: a session's start.
    """
    return moment.date()


def week_start(day: date) -> date:
    """Return the Monday of the week holding ``day``."""
    return day - timedelta(days=day.weekday())


def day_streak(counts: Mapping[date, int], today: date, daily: int = DEFAULT_DAILY) -> int:
    """Return the days in a row, up to today, that met the daily goal.

    Args:
        counts: completed sessions per local date (missing dates count 0).
        today: the local date now.
        daily: sessions a day that meet the goal.
    """
    day = today if counts.get(today, 0) >= daily else today - _ONE_DAY
    run = 0
    while counts.get(day, 0) >= daily:
        run += 1
        day -= _ONE_DAY
    return run


def longest_day_streak(counts: Mapping[date, int], daily: int = DEFAULT_DAILY) -> int:
    """Return the longest run of days in a row that met the daily goal."""
    best = run = 0
    previous: date | None = None
    for day in sorted(d for d, n in counts.items() if n >= daily):
        run = run + 1 if previous is not None and day - previous == _ONE_DAY else 1
        best = max(best, run)
        previous = day
    return best


def days_per_week(days: Iterable[date]) -> dict[date, int]:
    """Return, for each week (keyed by its Monday), how many distinct days are in ``days``."""
    weeks: dict[date, int] = {}
    for day in set(days):
        monday = week_start(day)
        weeks[monday] = weeks.get(monday, 0) + 1
    return weeks


def week_streak(counts: Mapping[date, int], today: date, weekly: int = DEFAULT_WEEKLY) -> int:
    """Return the weeks in a row, up to this one, that met the weekly goal.

    Args:
        counts: completed sessions per local date (dates with 0 do not count).
        today: the local date now.
        weekly: days a week with a completed session that meet the goal.
    """
    weeks = days_per_week(d for d, n in counts.items() if n > 0)
    monday = week_start(today)
    if weeks.get(monday, 0) < weekly:
        monday -= _ONE_WEEK
    run = 0
    while weeks.get(monday, 0) >= weekly:
        run += 1
        monday -= _ONE_WEEK
    return run


def progress(counts: Mapping[date, int], today: date, goal: Goal | None = None) -> Progress:
    """Measure the completed sessions against a goal.

    Args:
        counts: completed sessions per local date.
        today: the local date now.
        goal: the goal (the defaults when None).
    """
    goal = goal or Goal()
    monday = week_start(today)
    week_days = sum(1 for d, n in counts.items() if n > 0 and monday <= d <= today)
    return Progress(
        goal=goal,
        today=counts.get(today, 0),
        streak=day_streak(counts, today, goal.daily),
        longest=longest_day_streak(counts, goal.daily),
        week_days=week_days,
        weeks=week_streak(counts, today, goal.weekly),
        any_ever=any(n > 0 for n in counts.values()),
    )


def progress_from_days(
    days: Iterable[date], today: date, goal: Goal, count_on: Callable[[date], int]
) -> Progress:
    """Measure against a goal reading only as many days as the streaks reach back.

    The same figures as :func:`progress`, for a history too long to read whole at every shell
    prompt: ``days`` is consumed lazily and ``count_on`` asked only where a count matters.
    ``longest`` and ``any_ever`` then only cover the days read.

    Args:
        days: the distinct local dates with a completed session, up to ``today``, newest first.
        today: the local date now.
        goal: the goal to measure against.
        count_on: the completed sessions of one date.
    """
    seen: dict[date, int] = {}
    expected = today  # the next day the day streak needs (today may still be missing)
    day_open = True
    this_week = week_start(today)
    week, in_week = this_week, 0  # the week being counted and its days so far
    weeks_open = True
    for day in days:
        seen[day] = 1
        if day_open:
            if day == expected or (expected == today and day == today - _ONE_DAY):
                expected = day - _ONE_DAY
            else:
                day_open = False
        monday = week_start(day)
        while weeks_open and monday < week:  # the week counted so far is complete
            weeks_open = (in_week >= goal.weekly) or week == this_week
            week, in_week = week - _ONE_WEEK, 0
        if monday == week:
            in_week += 1
        if not day_open and not weeks_open:
            break
    counts = dict(seen)
    if today in counts:
        counts[today] = count_on(today)
    if goal.daily > 1:  # the day streak needs real counts, as far as it reaches
        day = today if counts.get(today, 0) >= goal.daily else today - _ONE_DAY
        while day in counts:
            counts[day] = count_on(day) if day != today else counts[day]
            if counts[day] < goal.daily:
                break
            day -= _ONE_DAY
    return progress(counts, today, goal)


DEFAULT_ROUTINE = "leg-cramp-prevention"
"""Where a new user starts: the daily routine against leg cramps."""


def likely_routine(
    routine_ids: Sequence[str],
    own_goals: Mapping[str, Goal],
    done_today: Mapping[str, int],
    last_run: str | None,
) -> str | None:
    """Return the routine the user most likely wants now.

    A routine with its own daily goal not met yet today comes first (the one run last, else
    the first listed); otherwise the routine run last; otherwise the daily routine against
    leg cramps; otherwise the first listed.

    Args:
        routine_ids: the routines, in list order.
        own_goals: the routines that have their own goal.
        done_today: completed sessions today, per routine.
        last_run: the routine of the latest session (whatever its outcome), if any.
    """
    open_goals = [
        rid
        for rid in routine_ids
        if rid in own_goals and done_today.get(rid, 0) < own_goals[rid].daily
    ]
    if open_goals:
        return last_run if last_run in open_goals else open_goals[0]
    for choice in (last_run, DEFAULT_ROUTINE):
        if choice in routine_ids:
            return choice
    return routine_ids[0] if routine_ids else None


def ago(day: date, today: date) -> str:
    """Return how long ago a day was, briefly.

    ``today``, ``yesterday``, ``3 days ago``, ``12 May``, or ``12 May 2023`` in another year.
    """
    days = (today - day).days
    if days <= 0:
        return "today"
    if days == 1:
        return "yesterday"
    if days < 7:
        return f"{days} days ago"
    return f"{day.day} {day:%b}" if day.year == today.year else f"{day.day} {day:%b %Y}"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def today_text(p: Progress) -> str:
    """Return today's part, e.g. ``2 of 3 today`` (with ✓ once met)."""
    text = f"{p.today} of {p.goal.daily} today"
    return f"✓ {text}" if p.met_today else text


def streaks_text(p: Progress) -> str:
    """Return both streaks, e.g. ``12-day streak (best 20) · 3 weeks at 5+ days``.

    With no week streak yet, the week part is this week's progress: ``this week 2 of 5 days``.
    """
    days = f"{p.streak}-day streak"
    if p.longest > p.streak:
        days += f" (best {p.longest})"
    if not p.weeks:
        return f"{days} · this week {p.week_days} of {_plural(p.goal.weekly, 'day')}"
    return f"{days} · {_plural(p.weeks, 'week')} at {p.goal.weekly}+ days"


def compact_text(p: Progress | None) -> str:
    """Return a short line for a top bar, e.g. ``✓ 2 of 3 today · 12-day streak · 3-week streak``.

    Args:
        p: the progress; None when the history could not be read.
    """
    if p is None or not p.any_ever:
        return "no completed sessions yet"  # stopped ones may be there: they count for nothing
    weeks = f"{p.weeks}-week streak" if p.weeks else f"week {p.week_days}/{p.goal.weekly} days"
    return f"{today_text(p)} · {p.streak}-day streak · {weeks}"


def progress_text(p: Progress | None) -> str:
    """Return the one line the screens and ``history`` show.

    For example ``2 of 3 today · 12-day streak · 3 weeks at 5+ days``.

    Args:
        p: the progress; None when the history could not be read.
    """
    if p is None or not p.any_ever:
        goal = _plural(p.goal.daily if p else 1, "session")
        return f"no completed sessions yet · goal {goal} a day"
    return f"{today_text(p)} · {streaks_text(p)}"


# -- settings ------------------------------------------------------------------------------------

GOAL_KEYS = ("daily_goal", "weekly_goal", "goals")


def _whole(value: object, low: int, high: int) -> bool:
    return not isinstance(value, bool) and isinstance(value, int) and low <= value <= high


def check_setting(key: str, value: object) -> str | None:
    """Return the problem with one goal setting of ``config.toml``, or None when it is right.

    Args:
        key: ``daily_goal``, ``weekly_goal`` or ``goals``.
        value: its parsed TOML value.
    """
    if key == "daily_goal" and not _whole(value, 1, MAX_DAILY):
        return f"`daily_goal` must be a whole number of sessions from 1 to {MAX_DAILY}"
    if key == "weekly_goal" and not _whole(value, 1, MAX_WEEKLY):
        return f"`weekly_goal` must be a whole number of days from 1 to {MAX_WEEKLY}"
    if key == "goals" and routine_goals(value) is None:
        return (
            "`goals` must hold tables like [goals.toe-lifts] with `daily` (1 to "
            f"{MAX_DAILY}) and/or `weekly` (1 to {MAX_WEEKLY})"
        )
    return None


def routine_goals(
    value: object, general: Goal | None = None
) -> tuple[tuple[str, Goal], ...] | None:
    """Read the ``[goals]`` table: one table per routine id with ``daily`` and/or ``weekly``.

    Args:
        value: the parsed ``goals`` value.
        general: what a routine's missing key falls back on.

    Returns:
        ``(routine id, goal)`` pairs, or None when the table is malformed.
    """
    if not isinstance(value, dict):
        return None
    general = general or Goal()
    out: list[tuple[str, Goal]] = []
    for rid, table in value.items():
        if not isinstance(table, dict) or not table or set(table) - {"daily", "weekly"}:
            return None
        daily = table.get("daily", general.daily)
        weekly = table.get("weekly", general.weekly)
        if not _whole(daily, 1, MAX_DAILY) or not _whole(weekly, 1, MAX_WEEKLY):
            return None
        out.append((str(rid), Goal(daily, weekly)))
    return tuple(out)


def goals_from_settings(data: Mapping[str, object]) -> tuple[Goal, tuple[tuple[str, Goal], ...]]:
    """Return the general goal and the routines' own goals from a parsed settings file.

    Wrong values fall back on the defaults (:func:`check_setting` says what is wrong).

    Args:
        data: the parsed ``config.toml``.
    """
    daily, weekly = data.get("daily_goal"), data.get("weekly_goal")
    general = Goal(
        daily
        if isinstance(daily, int) and check_setting("daily_goal", daily) is None
        else DEFAULT_DAILY,
        weekly
        if isinstance(weekly, int) and check_setting("weekly_goal", weekly) is None
        else DEFAULT_WEEKLY,
    )
    return general, routine_goals(data.get("goals", {}), general) or ()


def goal_for(general: Goal, own: Iterable[tuple[str, Goal]], routine_id: str | None) -> Goal:
    """Return a routine's own goal, else the general one (all sessions: the general one).

    Args:
        general: the general goal.
        own: the routines' own goals.
        routine_id: the routine, or None for all sessions.
    """
    for rid, goal in own:
        if rid == routine_id:
            return goal
    return general


def read_goal(path: str, routine_id: str | None = None) -> Goal:
    """Return the goal set in a settings file, quietly using the defaults for anything wrong.

    For ``status``, which must not print a settings problem at every prompt (the app and the
    other commands report it).

    Args:
        path: the ``config.toml`` file (missing: the defaults).
        routine_id: the routine whose goal is wanted; None for the general goal.
    """
    try:
        with open(path, "rb") as handle:
            raw = handle.read()
    except OSError:
        return Goal()
    import tomllib

    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError):
        return Goal()
    general, own = goals_from_settings(data)
    return goal_for(general, own, routine_id)
