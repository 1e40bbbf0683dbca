"""Streaks, totals and the calendar grid: pure functions over plain data.

A session belongs to the local date of its start (the date part of its stored start time, which
carries the UTC offset in force then). A day *counts* for a streak when at least one session
started that day was completed; stopped and interrupted sessions never count.

The functions take either raw sessions (:class:`SessionSummary`) or per-day totals
(:class:`DayTotal`). The store computes per-day totals in SQL with the same meaning as
:func:`day_totals`, so 100,000 sessions come back as a few thousand rows.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import NamedTuple

COMPLETED = "completed"


class SessionSummary(NamedTuple):
    """One session, as the statistics need it."""

    started_at: datetime
    status: str
    active_seconds: float
    routine_id: str
    routine_name: str = ""


@dataclass(frozen=True, slots=True)
class DayTotal:
    """The sessions of one routine started on one local day."""

    day: date
    routine_id: str
    routine_name: str
    sessions: int
    completed: int
    active_seconds: float


@dataclass(frozen=True, slots=True)
class Streaks:
    """Whether today is done, and the current and longest runs of days done."""

    done_today: bool
    current: int
    longest: int


@dataclass(frozen=True, slots=True)
class RoutineTotal:
    """All sessions of one routine."""

    routine_id: str
    routine_name: str
    sessions: int
    completed: int
    active_seconds: float

    @property
    def minutes(self) -> float:
        """Return the active time in minutes."""
        return self.active_seconds / 60


@dataclass(frozen=True, slots=True)
class CalendarCell:
    """One day of the calendar grid: ``count`` sessions completed; ``future`` days are blank."""

    day: date
    count: int
    future: bool = False


@dataclass(slots=True)
class _DayAcc:
    sessions: int = 0
    completed: int = 0
    active: float = 0.0
    latest: datetime | None = None
    name: str = ""


def day_totals(sessions: Iterable[SessionSummary]) -> list[DayTotal]:
    """Group sessions by local start date and routine.

    Args:
        sessions: ``(started_at, status, active_seconds, routine_id, routine_name)`` rows;
            ``started_at`` is the local start time (offset-aware or naive local).

    Returns:
        One total per (day, routine), sorted by day then routine id. The routine name is the
        one of the latest session in the group.
    """
    groups: dict[tuple[date, str], _DayAcc] = {}
    for row in sessions:
        acc = groups.setdefault((row.started_at.date(), row.routine_id), _DayAcc())
        acc.sessions += 1
        acc.completed += row.status == COMPLETED
        acc.active += row.active_seconds
        if acc.latest is None or row.started_at >= acc.latest:
            acc.latest, acc.name = row.started_at, row.routine_name
    return [
        DayTotal(day, rid, acc.name, acc.sessions, acc.completed, acc.active)
        for (day, rid), acc in sorted(groups.items(), key=lambda item: item[0])
    ]


def completed_counts(totals: Iterable[DayTotal]) -> dict[date, int]:
    """Return how many sessions were completed on each day that has at least one."""
    counts: dict[date, int] = {}
    for total in totals:
        if total.completed:
            counts[total.day] = counts.get(total.day, 0) + total.completed
    return counts


def done_today(days: Collection[date], today: date) -> bool:
    """Return True when ``today`` is among the days done."""
    return today in days


def current_streak(days: Collection[date], today: date) -> int:
    """Return the run of consecutive days done ending today, or yesterday if today is not done.

    Today not being done yet does not break the streak: it is still running until midnight.
    """
    done = days if isinstance(days, set | frozenset) else set(days)
    day = today if today in done else today - timedelta(days=1)
    count = 0
    while day in done:
        count += 1
        day -= timedelta(days=1)
    return count


def longest_streak(days: Iterable[date]) -> int:
    """Return the longest run of consecutive days done."""
    best = run = 0
    previous: date | None = None
    for day in sorted(set(days)):
        run = run + 1 if previous is not None and (day - previous).days == 1 else 1
        best = max(best, run)
        previous = day
    return best


def streaks(days: Iterable[date], today: date) -> Streaks:
    """Return today's state with the current and longest streaks.

    Args:
        days: the local dates with at least one completed session.
        today: the local date now.
    """
    done = set(days)
    return Streaks(done_today(done, today), current_streak(done, today), longest_streak(done))


def routine_totals(totals: Iterable[DayTotal]) -> list[RoutineTotal]:
    """Sum per-day totals per routine, most sessions first (then by name)."""
    acc: dict[str, tuple[date, str, int, int, float]] = {}
    for t in totals:
        last_day, name, sessions, completed, active = acc.get(
            t.routine_id, (t.day, t.routine_name, 0, 0, 0.0)
        )
        if t.day >= last_day:
            last_day, name = t.day, t.routine_name
        acc[t.routine_id] = (
            last_day,
            name,
            sessions + t.sessions,
            completed + t.completed,
            active + t.active_seconds,
        )
    return sort_routine_totals(
        RoutineTotal(rid, name, s, c, a) for rid, (_, name, s, c, a) in acc.items()
    )


def sort_routine_totals(totals: Iterable[RoutineTotal]) -> list[RoutineTotal]:
    """Return routine totals with the most sessions first (then by name and id)."""
    return sorted(totals, key=lambda r: (-r.sessions, r.routine_name.casefold(), r.routine_id))


def week_start(day: date) -> date:
    """Return the Monday of the week holding ``day``."""
    return day - timedelta(days=day.weekday())


def calendar_grid(
    counts: Mapping[date, int], today: date, weeks: int = 26
) -> list[list[CalendarCell]]:
    """Return the last ``weeks`` weeks as columns of seven days, like a contribution graph.

    Args:
        counts: completed sessions per day (missing days count 0).
        today: the local date now; its week is the last column.
        weeks: how many weeks to show.

    Returns:
        ``weeks`` lists of seven cells, Monday to Sunday, oldest week first. Days after
        ``today`` are marked ``future`` with a count of 0.
    """
    first = week_start(today) - timedelta(weeks=weeks - 1)
    grid: list[list[CalendarCell]] = []
    for w in range(weeks):
        column = []
        for d in range(7):
            day = first + timedelta(days=7 * w + d)
            future = day > today
            column.append(CalendarCell(day, 0 if future else counts.get(day, 0), future))
        grid.append(column)
    return grid
