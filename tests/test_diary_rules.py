"""The cramp diary's pure functions: time parsing, nights, the doctor rules, weeks, comparison."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest

from stretchtimer.history.diary import Cramp, DiaryError, check_cramp, parse_quick, parse_when
from stretchtimer.history.insights import (
    GUIDANCE,
    AdviceRules,
    Dismissal,
    WeekFigure,
    advice_due,
    advice_reasons,
    advice_text,
    comparison,
    complete_weeks,
    week_figures,
)

TZ = timezone(timedelta(hours=2))
TODAY = date(2024, 5, 15)  # a Wednesday
NOW = datetime(2024, 5, 15, 10, 30, tzinfo=TZ)


def cramp(day: date, hour: int = 3, **kw: object) -> Cramp:
    return Cramp(at=datetime(day.year, day.month, day.day, hour, 0, tzinfo=TZ), **kw)  # type: ignore[arg-type]


def days_ago(n: int) -> date:
    return TODAY - timedelta(days=n)


# -- when ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("now", datetime(2024, 5, 15, 10, 30, tzinfo=TZ)),
        ("", datetime(2024, 5, 15, 10, 30, tzinfo=TZ)),
        ("Last  Night", datetime(2024, 5, 15, 3, 0, tzinfo=TZ)),
        ("07:45", datetime(2024, 5, 15, 7, 45, tzinfo=TZ)),
        ("2024-05-13 23:10", datetime(2024, 5, 13, 23, 10, tzinfo=TZ)),
    ],
)
def test_parse_when(text: str, expected: datetime) -> None:
    assert parse_when(text, NOW) == (expected, None)


def test_a_time_later_than_now_is_yesterdays_and_says_so() -> None:
    moment, remark = parse_when("23:10", NOW)
    assert moment == datetime(2024, 5, 14, 23, 10, tzinfo=TZ)
    assert remark is not None and "yesterday" in remark


def test_last_night_before_three_is_now() -> None:
    early = datetime(2024, 5, 15, 1, 20, tzinfo=TZ)
    assert parse_when("last night", early)[0] == early


@pytest.mark.parametrize(
    "text", ["tomorrow", "25:00", "2024-02-30 10:00", "2030-01-01 10:00", "10.30"]
)
def test_parse_when_refuses(text: str) -> None:
    with pytest.raises(DiaryError):
        parse_when(text, NOW)


def test_parse_quick_reads_words_in_any_order() -> None:
    assert parse_quick("left 7 Calf woke") == {
        "severity": 7,
        "leg": "left",
        "muscle": "calf",
        "woke": True,
    }
    assert parse_quick("") == {}
    with pytest.raises(DiaryError, match="cramps"):
        parse_quick("7 cramps")


def test_check_cramp_ranges() -> None:
    check_cramp(cramp(TODAY, severity=10, minutes=0))
    for bad in (
        {"severity": 11},
        {"leg": "middle"},
        {"muscle": "neck"},
        {"minutes": -1},
        {"note": "x" * 501},
    ):
        with pytest.raises(DiaryError):
            check_cramp(cramp(TODAY, **bad))


def test_night_belongs_to_the_evening_it_began() -> None:
    assert cramp(TODAY, 3).night == cramp(TODAY, 3).diary_day == days_ago(1)
    assert cramp(TODAY, 14).diary_day == TODAY
    assert cramp(TODAY, 23).night == TODAY
    assert cramp(TODAY, 14).night is None  # a day cramp
    assert cramp(TODAY, 14, woke=True).night == TODAY  # woken from a nap


# -- the doctor rules ------------------------------------------------------------------------


def rules_of(cramps: list[Cramp], today: date = TODAY) -> list[str]:
    return [r.rule for r in advice_reasons(cramps, today)]


def test_the_third_woken_night_triggers() -> None:
    two = [cramp(days_ago(1), woke=True), cramp(days_ago(5), woke=True)]
    assert rules_of(two) == []
    # two cramps in the same night count once
    assert rules_of([*two, cramp(days_ago(1), 4, woke=True)]) == []
    three = [*two, cramp(days_ago(9), woke=True)]
    assert rules_of(three) == ["sleep"]
    assert "3 nights in the last 14 days" in advice_reasons(three, TODAY)[0].text


def test_a_night_fifteen_days_back_is_outside_the_window() -> None:
    # a cramp at 03:00 thirteen days ago belongs to the night 14 days ago: outside
    base = [cramp(days_ago(1), woke=True), cramp(days_ago(5), woke=True)]
    assert rules_of([*base, cramp(days_ago(13), 3, woke=True)]) == []
    assert rules_of([*base, cramp(days_ago(13), 23, woke=True)]) == ["sleep"]  # 14th night
    # a night cramp that did not wake the user does not count for sleep
    assert rules_of([*base, cramp(days_ago(2), 23)]) == []


def test_six_days_in_thirty() -> None:
    five = [cramp(days_ago(n), 15) for n in (0, 3, 7, 12, 29)]
    assert rules_of(five) == []
    assert rules_of([*five, cramp(days_ago(29), 16)]) == []  # the same day twice
    assert rules_of([*five, cramp(days_ago(30), 15)]) == []  # the 31st day is outside
    assert rules_of([*five, cramp(days_ago(20), 15)]) == ["often"]


def test_any_sign_triggers_within_the_window() -> None:
    assert rules_of([cramp(days_ago(2), redness=True)]) == ["signs"]
    assert rules_of([cramp(days_ago(30), swelling=True)]) == []
    reason = advice_reasons([cramp(days_ago(2), weakness=True, swelling=True)], TODAY)[0]
    assert reason.text == (
        "a cramp with swelling (last on 2024-05-13), weakness (last on 2024-05-13)"
    )


def test_future_cramps_are_ignored_and_thresholds_come_from_rules() -> None:
    assert rules_of([cramp(TODAY + timedelta(days=1), swelling=True)]) == []
    one = [cramp(days_ago(1), woke=True)]
    assert [r.rule for r in advice_reasons(one, TODAY, AdviceRules(woke_nights=1))] == ["sleep"]


def test_rules_across_a_dst_change() -> None:
    # Europe's spring change on 2024-03-31: the offsets differ, the dates count the same
    cet, cest = timezone(timedelta(hours=1)), timezone(timedelta(hours=2))
    today = date(2024, 4, 1)
    cramps = [
        Cramp(at=datetime(2024, 3, 30, 23, 30, tzinfo=cet), woke=True),
        Cramp(at=datetime(2024, 3, 31, 3, 30, tzinfo=cest), woke=True),  # same night
        Cramp(at=datetime(2024, 4, 1, 0, 30, tzinfo=cest), woke=True),
    ]
    assert [c.night for c in cramps] == [date(2024, 3, 30), date(2024, 3, 30), date(2024, 3, 31)]
    assert rules_of(cramps, today) == []
    assert rules_of(
        [*cramps, Cramp(at=datetime(2024, 3, 19, 22, 0, tzinfo=cet), woke=True)], today
    ) == ["sleep"]


def test_advice_due_and_dismissal() -> None:
    reasons = advice_reasons([cramp(days_ago(1), redness=True)], TODAY)
    assert advice_due(reasons, None, TODAY)
    assert not advice_due([], None, TODAY)
    dismissed = Dismissal(TODAY, frozenset({"signs"}))
    assert not advice_due(reasons, dismissed, TODAY + timedelta(days=29))
    assert advice_due(reasons, dismissed, TODAY + timedelta(days=30))
    # a rule that did not hold when it was dismissed shows it again
    more = [*reasons, *advice_reasons([cramp(days_ago(n), 15) for n in range(6)], TODAY)]
    assert advice_due(more, dismissed, TODAY + timedelta(days=1))


def test_advice_text_quotes_the_guidance_and_claims_nothing_else() -> None:
    text = advice_text(advice_reasons([cramp(days_ago(1), swelling=True)], TODAY))
    assert text.startswith("Your cramp diary shows a cramp with swelling")
    assert GUIDANCE in text
    assert "potassium" in text and "medicines" in text and "not a diagnosis" in text


# -- weeks and the comparison ----------------------------------------------------------------


def test_week_figures_count_days_nights_and_severity() -> None:
    monday = date(2024, 5, 13)
    stretch = {monday, monday + timedelta(days=1), date(2024, 5, 8), TODAY + timedelta(days=1)}
    cramps = [
        cramp(monday, 2, severity=4),  # Monday 02:00: Sunday's night, the week before
        cramp(monday, 23, severity=8, woke=True),
        cramp(monday + timedelta(days=1), 1, severity=6),  # the same night as the one above
        cramp(date(2024, 5, 8), 15, severity=3),  # a day cramp
    ]
    before, this = week_figures(stretch, cramps, TODAY, 2)
    assert this == WeekFigure(monday, 2, 2, 1, 1, 8, 7.0)
    assert before == WeekFigure(date(2024, 5, 6), 1, 2, 2, 1, 4, 3.5)


def test_week_figures_across_a_dst_change() -> None:
    cet, cest = timezone(timedelta(hours=1)), timezone(timedelta(hours=2))
    cramps = [
        Cramp(at=datetime(2024, 3, 31, 1, 30, tzinfo=cet)),  # Sunday, before the change
        Cramp(at=datetime(2024, 4, 1, 0, 30, tzinfo=cest)),
    ]  # Monday 00:30: Sunday's night
    before, after = week_figures(set(), cramps, date(2024, 4, 2), 2)
    assert (before.cramps, before.cramp_days, before.cramp_nights) == (2, 2, 2)
    assert (after.cramps, after.cramp_nights) == (0, 0)


def weeks(pattern: list[tuple[int, int]]) -> list[WeekFigure]:
    start = date(2024, 1, 1)
    return [
        WeekFigure(start + timedelta(weeks=i), days, 0, 0, nights, None, None)
        for i, (days, nights) in enumerate(pattern)
    ]


def test_comparison_needs_four_weeks() -> None:
    assert comparison(weeks([(5, 0), (2, 3), (6, 1)])) is None
    text = comparison(weeks([(5, 0), (2, 3), (6, 1), (1, 2)]))
    assert text == (
        "In your own record (a pattern, not proof): in the 2 weeks you stretched on "
        "5 days or more you had 0.5 cramp nights a week, against 2.5 in the 2 weeks "
        "you did not."
    )


def test_comparison_uses_the_goal_and_says_when_one_side_is_missing() -> None:
    data = weeks([(5, 0), (4, 3), (6, 1), (4, 2)])
    assert comparison(data, goal=4) is not None
    assert "all 4 weeks you did meet your goal" in (comparison(data, goal=4) or "")
    assert "0.5" in (comparison(data, goal=5) or "")


def test_complete_weeks_leave_out_this_week_and_before_the_first_record() -> None:
    figures = week_figures(set(), [], TODAY, 8)
    kept = complete_weeks(figures, TODAY, date(2024, 4, 3))
    assert [f.start for f in kept] == [date(2024, 4, 1) + timedelta(weeks=i) for i in range(6)]
    assert complete_weeks(figures, TODAY, None) == []
