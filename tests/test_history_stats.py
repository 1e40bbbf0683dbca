"""Streaks, totals and the calendar grid (pure functions)."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from stretchtimer.history import stats
from stretchtimer.history.stats import SessionSummary

D = date(2024, 5, 15)  # a Wednesday


def day(n: int) -> date:
    """Return the date ``n`` days after D (negative: before)."""
    return D + timedelta(days=n)


def sess(
    when: datetime,
    status: str = "completed",
    active: float = 60.0,
    routine: str = "legs",
    name: str = "Legs",
) -> SessionSummary:
    return SessionSummary(when, status, active, routine, name)


def local(d: date, hour: int, minute: int = 0, offset: float = 2) -> datetime:
    return datetime(d.year, d.month, d.day, hour, minute, tzinfo=timezone(timedelta(hours=offset)))


def streak_of(sessions: list[SessionSummary], today: date) -> stats.Streaks:
    return stats.streaks(stats.completed_counts(stats.day_totals(sessions)), today)


def test_no_sessions() -> None:
    assert stats.streaks([], D) == stats.Streaks(False, 0, 0)
    assert stats.longest_streak([]) == 0


def test_today_not_yet_done_keeps_the_streak_running() -> None:
    days = {day(-1), day(-2), day(-3)}
    assert stats.streaks(days, D) == stats.Streaks(False, 3, 3)


def test_today_done_counts() -> None:
    days = {D, day(-1), day(-2)}
    assert stats.streaks(days, D) == stats.Streaks(True, 3, 3)


def test_a_missed_yesterday_breaks_the_streak() -> None:
    days = {day(-2), day(-3), day(-4), day(-5)}
    assert stats.streaks(days, D) == stats.Streaks(False, 0, 4)
    assert stats.streaks(days | {D}, D) == stats.Streaks(True, 1, 4)


def test_gaps_and_longest() -> None:
    days = {
        day(-30),
        day(-29),
        day(-28),
        day(-27),
        day(-26),  # 5
        day(-10),
        day(-9),  # 2
        day(-1),
        D,
    }  # 2
    assert stats.streaks(days, D) == stats.Streaks(True, 2, 5)


def test_several_sessions_a_day_count_once() -> None:
    sessions = [sess(local(D, h)) for h in (7, 12, 21)] + [sess(local(day(-1), 8))]
    assert streak_of(sessions, D) == stats.Streaks(True, 2, 2)
    assert stats.completed_counts(stats.day_totals(sessions)) == {D: 3, day(-1): 1}


def test_only_stopped_or_interrupted_sessions_do_not_count() -> None:
    sessions = [
        sess(local(D, 8), "stopped"),
        sess(local(day(-1), 8), "interrupted"),
        sess(local(day(-2), 8)),
        sess(local(day(-3), 8), "running"),
    ]
    assert streak_of(sessions, D) == stats.Streaks(False, 0, 1)


def test_day_is_the_local_date_of_the_start() -> None:
    # 23:50 local on the 14th (21:50 UTC) and 00:10 local on the 15th (22:10 UTC, still the
    # 14th in UTC): two local days.
    sessions = [sess(local(day(-1), 23, 50)), sess(local(D, 0, 10))]
    assert streak_of(sessions, D) == stats.Streaks(True, 2, 2)
    # A session that runs past midnight counts for the day it started.
    assert stats.completed_counts(
        stats.day_totals([sess(local(day(-1), 23, 59), active=3600)])
    ) == {day(-1): 1}


@pytest.fixture
def berlin() -> Iterator[None]:
    if not hasattr(time, "tzset"):  # pragma: no cover - Windows
        pytest.skip("needs time.tzset")
    old = os.environ.get("TZ")
    os.environ["TZ"] = "Europe/Berlin"
    time.tzset()
    yield
    if old is None:
        del os.environ["TZ"]
    else:  # pragma: no cover
        os.environ["TZ"] = old
    time.tzset()


def test_streak_across_a_dst_change(berlin: None) -> None:
    # Clocks went forward on 2024-03-31 at 02:00 (a 23-hour day) and back on 2024-10-27.
    def at_local(y: int, m: int, d: int, h: int, mi: int = 0) -> datetime:
        return datetime(y, m, d, h, mi).astimezone()  # the offset in force then

    spring = [
        at_local(2024, 3, 30, 23, 30),
        at_local(2024, 3, 31, 0, 30),
        at_local(2024, 3, 31, 23, 30),
        at_local(2024, 4, 1, 0, 15),
    ]
    assert [s.utcoffset() for s in spring] == [timedelta(hours=h) for h in (1, 1, 2, 2)]
    result = streak_of([sess(s) for s in spring], date(2024, 4, 1))
    assert result == stats.Streaks(True, 3, 3)
    autumn = [
        at_local(2024, 10, 26, 23, 59),
        at_local(2024, 10, 27, 2, 30),
        at_local(2024, 10, 28, 0, 0),
    ]
    assert streak_of([sess(s) for s in autumn], date(2024, 10, 28)) == stats.Streaks(True, 3, 3)


def test_stored_offset_decides_the_day_not_the_current_zone() -> None:
    # Written at +02:00 late at night; read back anywhere, it stays on its local date.
    late = local(day(-1), 23, 30, offset=2)
    assert late.astimezone(UTC).date() == day(-1)
    early = local(D, 0, 30, offset=2)
    assert early.astimezone(UTC).date() == day(-1)  # UTC would merge the two
    assert streak_of([sess(late), sess(early)], D).current == 2


def test_routine_totals() -> None:
    sessions = [
        sess(local(day(-2), 8), active=120, routine="legs", name="Legs (old name)"),
        sess(local(day(-1), 8), active=60, routine="legs", name="Legs"),
        sess(local(D, 8), "stopped", active=30, routine="legs", name="Legs"),
        sess(local(D, 9), active=600, routine="back", name="Back"),
        sess(local(day(-9), 9), active=300, routine="back", name="Back"),
    ]
    totals = stats.day_totals(sessions)
    routines = stats.routine_totals(totals)
    assert [
        (r.routine_id, r.routine_name, r.sessions, r.completed, r.minutes) for r in routines
    ] == [
        ("legs", "Legs", 3, 2, 3.5),
        ("back", "Back", 2, 2, 15.0),
    ]


def test_calendar_grid_shape() -> None:
    counts = {D: 2, day(-1): 1, day(-7 * 25 - 2): 5, day(-7 * 30): 9}
    grid = stats.calendar_grid(counts, D, weeks=26)
    assert len(grid) == 26 and all(len(week) == 7 for week in grid)
    assert grid[0][0].day == date(2023, 11, 20) and grid[0][0].day.weekday() == 0
    assert grid[-1][2] == stats.CalendarCell(D, 2)  # Wednesday of the last week
    assert grid[-1][1].count == 1
    assert [c.future for c in grid[-1]] == [False] * 3 + [True] * 4
    assert all(c.count == 0 for c in grid[-1][3:])
    assert sum(c.count for week in grid for c in week) == 2 + 1 + 5  # day(-210) is outside
    assert [c.day for week in grid for c in week] == [
        grid[0][0].day + timedelta(days=i) for i in range(26 * 7)
    ]


def test_calendar_grid_on_a_sunday_has_no_future() -> None:
    sunday = date(2024, 5, 19)
    grid = stats.calendar_grid({}, sunday, weeks=4)
    assert grid[-1][-1].day == sunday and not any(c.future for w in grid for c in w)


@given(st.sets(st.integers(min_value=-400, max_value=0), max_size=60))
def test_streak_properties(offsets: set[int]) -> None:
    days = {day(n) for n in offsets}
    result = stats.streaks(days, D)
    assert 0 <= result.current <= result.longest <= len(days)
    # The current streak's days are all done, and the day before it is not.
    start = D if D in days else day(-1)
    assert all(start - timedelta(days=i) in days for i in range(result.current))
    assert start - timedelta(days=result.current) not in days
    # Brute force for the longest.
    best = max(
        (
            n
            for n in range(1, len(days) + 1)
            for first in days
            if all(first + timedelta(days=i) in days for i in range(n))
        ),
        default=0,
    )
    assert result.longest == best


def test_streaks_over_years_of_days() -> None:
    days = [day(-n) for n in range(3 * 365) if n % 17]
    result = stats.streaks(days, D)
    assert result.current == 16 and result.longest == 16
