"""Reminder schedules: parsing what the user types, firing times, late and early firings."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from stretchtimer.reminders import store
from stretchtimer.reminders.schedule import (
    Reminder,
    ScheduleError,
    due_now,
    format_days,
    latest_due,
    new_id,
    next_due,
    parse_between,
    parse_days,
    parse_every,
    parse_time,
    when_text,
)

WED = datetime(2024, 5, 15, 8, 0)  # a Wednesday


@pytest.mark.parametrize(
    ("text", "expected"),
    [("08:00", (8, 0)), ("8:05", (8, 5)), ("23:59", (23, 59)), (" 00:00 ", (0, 0))],
)
def test_parse_time(text: str, expected: tuple[int, int]) -> None:
    assert parse_time(text) == expected


@pytest.mark.parametrize("text", ["24:00", "8", "08:60", "8am", "", "08:00:00"])
def test_bad_time_says_how_to_write_it(text: str) -> None:
    with pytest.raises(ScheduleError, match="HH:MM"):
        parse_time(text)


@pytest.mark.parametrize(
    ("text", "minutes"),
    [("50m", 50), ("1h", 60), ("1h30m", 90), ("90", 90), ("45min", 45), ("12h", 720)],
)
def test_parse_every(text: str, minutes: int) -> None:
    assert parse_every(text) == minutes


@pytest.mark.parametrize("text", ["0m", "4m", "13h", "m", "h", "fast", "-5m", ""])
def test_bad_every(text: str) -> None:
    with pytest.raises(ScheduleError, match="5 minutes to 12 hours"):
        parse_every(text)


def test_parse_between() -> None:
    assert parse_between("09:00-17:30") == ((9, 0), (17, 30))
    with pytest.raises(ScheduleError, match="after the start"):
        parse_between("17:00-09:00")
    with pytest.raises(ScheduleError, match="HH:MM-HH:MM"):
        parse_between("09:00")


@pytest.mark.parametrize(
    ("text", "days"),
    [
        ("mon-fri", (0, 1, 2, 3, 4)),
        ("sat,sun", (5, 6)),
        ("daily", tuple(range(7))),
        ("weekdays", (0, 1, 2, 3, 4)),
        ("fri-mon", (0, 4, 5, 6)),
        ("Monday,wed", (0, 2)),
        ("mon", (0,)),
    ],
)
def test_parse_days(text: str, days: tuple[int, ...]) -> None:
    assert parse_days(text) == days


@pytest.mark.parametrize("text", ["mo-fr", "funday", ",", "mon-xyz"])
def test_bad_days(text: str) -> None:
    with pytest.raises(ScheduleError):
        parse_days(text)


def test_format_days() -> None:
    assert format_days((0, 1, 2, 3, 4)) == "Mon-Fri"
    assert format_days(tuple(range(7))) == "every day"
    assert format_days((5, 6)) == "Sat, Sun"
    assert format_days((0, 2, 4)) == "Mon, Wed, Fri"


def test_every_fires_through_the_span_and_stops_at_its_end() -> None:
    r = Reminder("r1", every=50, between=((9, 0), (17, 30)))
    times = r.fire_times()
    assert times[:3] == ((9, 0), (9, 50), (10, 40))
    assert times[-1] == (17, 20)
    assert len(times) == 11
    assert r.describe() == "every 50 min 09:00-17:30, every day"


def test_describe_fixed_times() -> None:
    r = Reminder("r1", times=((19, 30), (8, 0)), days=(0, 1, 2, 3, 4), routine="toe-lifts")
    assert r.describe() == "at 08:00, 19:30, Mon-Fri · toe-lifts"


def test_due_on_time_and_a_little_early() -> None:
    r = Reminder("r1", times=((8, 0),))
    assert due_now(r, WED) == (True, "")
    assert due_now(r, WED - timedelta(minutes=1))[0]  # a scheduler a minute early
    assert latest_due(r, WED + timedelta(minutes=29)) == WED


def test_a_late_firing_is_dropped_after_30_minutes() -> None:
    r = Reminder("r1", times=((8, 0),))
    assert due_now(r, WED + timedelta(minutes=30))[0]
    ok, why = due_now(r, WED + timedelta(minutes=31))
    assert not ok and "31 min late" in why and "asleep" in why


def test_a_late_every_firing_counts_from_its_own_time() -> None:
    r = Reminder("r1", every=50, between=((9, 0), (17, 30)))
    assert due_now(r, datetime(2024, 5, 15, 10, 45))[0]  # 10:40's
    ok, why = due_now(r, datetime(2024, 5, 15, 11, 20))  # 10:40's, 40 min late
    assert not ok and "10:40" in why
    ok, why = due_now(r, datetime(2024, 5, 15, 22, 0))  # after the span: 17:20 was last
    assert not ok and "17:20" in why


def test_a_day_it_is_not_on_looks_back_to_its_last_day() -> None:
    r = Reminder("r1", times=((8, 0),), days=(0, 1, 2, 3, 4))
    saturday = datetime(2024, 5, 18, 8, 0)
    assert latest_due(r, saturday) == datetime(2024, 5, 17, 8, 0)
    assert not due_now(r, saturday)[0]


def test_next_due() -> None:
    r = Reminder("r1", times=((8, 0), (17, 30)), days=(0, 1, 2, 3, 4))
    assert next_due(r, WED) == datetime(2024, 5, 15, 17, 30)  # 08:00 itself is not "next"
    friday_evening = datetime(2024, 5, 17, 18, 0)
    assert next_due(r, friday_evening) == datetime(2024, 5, 20, 8, 0)  # over the weekend
    assert when_text(datetime(2024, 5, 20, 8, 0), friday_evening) == "Mon 08:00"
    assert when_text(datetime(2024, 5, 16, 8, 0), WED) == "tomorrow 08:00"
    assert when_text(datetime(2024, 5, 15, 17, 30), WED) == "today 17:30"


def test_new_ids_do_not_reuse_one_in_use() -> None:
    assert new_id([]) == "r1"
    assert new_id(["r1", "r3"]) == "r2"


def test_the_file_round_trips(isolated_dirs: dict[str, object]) -> None:
    state = store.RemindersFile(
        [
            Reminder("r1", times=((8, 0), (19, 30)), days=(0, 1, 2, 3, 4), routine="toe-lifts"),
            Reminder("r2", every=90, between=((9, 0), (17, 30)), days=(5, 6)),
            Reminder("r3", times=((7, 5),), routine='we"ird'),
        ],
        installed="cron",
    )
    store.save(state)
    assert store.load() == state


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ('[[reminder]]\nid = "r1"\nat = ["25:00"]\n', "reminder 1: '25:00' is not a time of day"),
        ('[[reminder]]\nid = "r1"\n', "reminder 1: give `at`"),
        ('[[reminder]]\nat = ["08:00"]\n', "reminder 1: `id` must be"),
        (
            '[[reminder]]\nid = "a"\nat = "08:00"\n[[reminder]]\nid = "a"\nat = "09:00"\n',
            "two reminders have the id 'a'",
        ),
        ("reminder = 3\n", "must be a list"),
        ("installed = 'anacron'\n", "`installed` must be one of"),
        ("[[reminder\n", "not a valid settings file"),
    ],
)
def test_a_wrong_file_names_itself_and_the_problem(text: str, problem: str) -> None:
    path = store.reminders_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    with pytest.raises(store.RemindersFileError) as exc:
        store.load()
    assert str(exc.value).startswith(str(path))
    assert problem in str(exc.value)
