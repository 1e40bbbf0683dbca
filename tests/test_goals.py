"""Goals and both streaks as pure functions, across DST changes and time zones."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from stretchtimer import goals
from stretchtimer.goals import Goal, Progress
from stretchtimer.history import stats
from stretchtimer.history.stats import SessionSummary

WED = date(2024, 5, 15)  # a Wednesday
BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")
TOKYO = ZoneInfo("Asia/Tokyo")


def counts_of(moments: list[datetime], status: str = "completed") -> dict[date, int]:
    sessions = [SessionSummary(m, status, 60.0, "legs") for m in moments]
    return stats.completed_counts(stats.day_totals(sessions))


def test_defaults_are_one_a_day_and_five_days_a_week() -> None:
    assert Goal() == Goal(1, 5)
    p = goals.progress({}, WED)
    assert p == Progress(Goal(1, 5), 0, 0, 0, 0, 0, False)
    assert not p.met_today


def test_two_of_three_today_and_the_day_streak_counts_days_that_met_the_goal() -> None:
    goal = Goal(daily=3, weekly=5)
    counts = {WED: 2, WED - timedelta(1): 3, WED - timedelta(2): 4, WED - timedelta(3): 1}
    p = goals.progress(counts, WED, goal)
    assert (p.today, p.met_today, p.streak) == (2, False, 2)  # today not met does not break it
    assert goals.today_text(p) == "2 of 3 today"
    counts[WED] = 3
    p = goals.progress(counts, WED, goal)
    assert (p.met_today, p.streak, p.longest) == (True, 3, 3)
    assert goals.today_text(p) == "✓ 3 of 3 today"


def test_a_missed_day_breaks_the_day_streak_but_not_the_week_streak() -> None:
    # four full weeks of Mon-Fri, weekends off, then this week Mon-Tue done
    monday = goals.week_start(WED)
    days = {monday - timedelta(weeks=w) + timedelta(days=d) for w in range(1, 5) for d in range(5)}
    days |= {monday, monday + timedelta(1)}
    counts = dict.fromkeys(days, 1)
    p = goals.progress(counts, WED)
    assert p.streak == 2  # Monday and Tuesday: the weekend broke the day streak
    assert p.weeks == 4  # this week is not met yet (2 of 5 days) and does not break it
    assert p.week_days == 2
    counts[WED] = counts[WED + timedelta(1)] = counts[WED + timedelta(2)] = 1
    assert goals.progress(counts, WED + timedelta(2)).weeks == 5


def test_a_week_below_the_goal_breaks_the_week_streak() -> None:
    monday = goals.week_start(WED)
    days = {monday - timedelta(weeks=w) + timedelta(days=d) for w in (1, 3, 4) for d in range(5)}
    days |= {monday - timedelta(weeks=2) + timedelta(days=d) for d in range(4)}  # 4 of 5
    counts = dict.fromkeys(days, 1)
    assert goals.week_streak(counts, WED, 5) == 1
    assert goals.week_streak(counts, WED, 4) == 4


def test_weeks_start_on_monday() -> None:
    assert goals.week_start(date(2024, 5, 19)) == date(2024, 5, 13)  # Sunday -> Monday
    assert goals.week_start(date(2024, 5, 20)) == date(2024, 5, 20)


def test_days_across_the_spring_dst_change_count_one_each() -> None:
    # Europe: clocks go forward on Sunday 2024-03-31 at 02:00 (a 23-hour day)
    moments = [datetime(2024, 3, d, 23, 30, tzinfo=BERLIN) for d in range(25, 32)]
    moments += [datetime(2024, 4, 1, 0, 15, tzinfo=BERLIN)]
    counts = counts_of(moments)
    assert sorted(counts) == [date(2024, 3, d) for d in range(25, 32)] + [date(2024, 4, 1)]
    p = goals.progress(counts, date(2024, 4, 1), Goal(1, 7))
    assert (p.streak, p.weeks, p.today) == (8, 1, 1)  # a full Monday-Sunday week: 7 of 7


def test_days_across_the_autumn_dst_change_count_one_each() -> None:
    # US: clocks go back on Sunday 2024-11-03 at 02:00 (a 25-hour day); 01:30 happens twice
    first = datetime(2024, 11, 3, 1, 30, tzinfo=NEW_YORK)
    second = datetime(2024, 11, 3, 1, 30, fold=1, tzinfo=NEW_YORK)
    assert first.utcoffset() != second.utcoffset()
    moments = [
        datetime(2024, 11, 2, 23, 59, tzinfo=NEW_YORK),
        first,
        second,
        datetime(2024, 11, 4, 0, 1, tzinfo=NEW_YORK),
    ]
    counts = counts_of(moments)
    assert counts == {date(2024, 11, 2): 1, date(2024, 11, 3): 2, date(2024, 11, 4): 1}
    p = goals.progress(counts, date(2024, 11, 4), Goal(2, 1))
    assert (p.today, p.streak, p.longest) == (1, 1, 1)  # only Sunday met two a day


def test_a_session_counts_for_the_local_day_where_it_happened() -> None:
    # one trip: Tokyo in the morning, then New York; the same instant is two local dates
    tokyo = datetime(2024, 5, 16, 7, 0, tzinfo=TOKYO)  # = 2024-05-15 18:00 in New York
    assert tokyo.astimezone(NEW_YORK).date() == date(2024, 5, 15)
    assert goals.local_day(tokyo) == date(2024, 5, 16)
    counts = counts_of(
        [
            datetime(2024, 5, 15, 8, 0, tzinfo=TOKYO),
            tokyo,
            datetime(2024, 5, 17, 9, 0, tzinfo=NEW_YORK),
        ]
    )
    assert goals.progress(counts, date(2024, 5, 17)).streak == 3


def test_stopped_sessions_never_count() -> None:
    counts = counts_of([datetime(2024, 5, 15, 8, tzinfo=BERLIN)], status="stopped")
    assert goals.progress(counts, WED).today == 0
    # a stopped session is there, but none was completed: the line says which
    assert goals.compact_text(goals.progress(counts, WED)) == "no completed sessions yet"


def test_compact_text_for_a_top_bar() -> None:
    assert goals.compact_text(None) == "no completed sessions yet"
    p = goals.progress({WED: 2, WED - timedelta(1): 3}, WED, Goal(3, 5))
    assert goals.compact_text(p) == "2 of 3 today · 1-day streak · week 2/5 days"
    p = goals.progress({WED - timedelta(d): 1 for d in range(10)}, WED, Goal(1, 1))
    assert goals.compact_text(p) == "✓ 1 of 1 today · 10-day streak · 2-week streak"


def test_progress_text() -> None:
    assert goals.progress_text(None) == "no completed sessions yet · goal 1 session a day"
    p = goals.progress({WED: 2, WED - timedelta(1): 3}, WED, Goal(3, 5))
    assert goals.progress_text(p) == ("2 of 3 today · 1-day streak · this week 2 of 5 days")
    p = goals.progress(
        {WED - timedelta(d): 1 for d in range(10)} | {WED - timedelta(20): 1}, WED, Goal(1, 1)
    )
    assert goals.progress_text(p) == "✓ 1 of 1 today · 10-day streak · 2 weeks at 1+ days"


day_sets = st.sets(st.integers(min_value=0, max_value=120), max_size=90)


@given(
    days=day_sets,
    daily=st.integers(1, 3),
    weekly=st.integers(1, 7),
    extra=st.dictionaries(st.integers(0, 120), st.integers(1, 4)),
)
def test_reading_lazily_gives_the_same_streaks(
    days: set[int], daily: int, weekly: int, extra: dict[int, int]
) -> None:
    today = WED
    counts = {today - timedelta(d): 1 + extra.get(d, 0) for d in days}
    goal = Goal(daily, weekly)
    full = goals.progress(counts, today, goal)
    newest_first = sorted(counts, reverse=True)
    asked: list[date] = []

    def count_on(day: date) -> int:
        asked.append(day)
        return counts.get(day, 0)

    lazy = goals.progress_from_days(iter(newest_first), today, goal, count_on)
    assert (lazy.today, lazy.streak, lazy.weeks, lazy.week_days) == (
        full.today,
        full.streak,
        full.weeks,
        full.week_days,
    )
    assert len(asked) <= full.streak + 2


def test_reading_lazily_stops_once_both_streaks_are_known() -> None:
    counts = {WED - timedelta(d): 1 for d in range(0, 3)} | {
        WED - timedelta(d): 1 for d in range(30, 1000)
    }
    consumed: list[date] = []

    def days():  # type: ignore[no-untyped-def]
        for day in sorted(counts, reverse=True):
            consumed.append(day)
            yield day

    p = goals.progress_from_days(days(), WED, Goal(1, 5), lambda d: counts.get(d, 0))
    assert (p.streak, p.weeks) == (3, 0)
    assert len(consumed) < 10


@pytest.mark.parametrize(
    ("data", "general", "own"),
    [
        ({}, Goal(1, 5), ()),
        ({"daily_goal": 3, "weekly_goal": 7}, Goal(3, 7), ()),
        (
            {"daily_goal": 2, "goals": {"toe-lifts": {"daily": 6}}},
            Goal(2, 5),
            (("toe-lifts", Goal(6, 5)),),
        ),
        ({"daily_goal": 0, "weekly_goal": 8}, Goal(1, 5), ()),
    ],
)
def test_goal_settings(
    data: dict[str, object], general: Goal, own: tuple[tuple[str, Goal], ...]
) -> None:
    assert goals.goals_from_settings(data) == (general, own)


def test_goal_setting_problems_say_what_is_wrong() -> None:
    assert goals.check_setting("daily_goal", 2) is None
    assert "1 to 50" in (goals.check_setting("daily_goal", 0) or "")
    assert "1 to 7" in (goals.check_setting("weekly_goal", True) or "")
    assert "[goals.toe-lifts]" in (goals.check_setting("goals", {"x": {"often": 2}}) or "")
