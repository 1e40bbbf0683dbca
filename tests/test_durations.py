"""Durations: every accepted form, every rejection, and the range rules."""

from __future__ import annotations

import math

import pytest

from stretchtimer.routines.durations import DurationError, describe_type, parse_duration


@pytest.mark.parametrize(
    ("value", "seconds"),
    [
        (60, 60.0),
        (2.5, 2.5),
        (90, 90.0),  # what YAML 1.1 makes of an unquoted 1:30
        ("45", 45.0),
        ("2.5", 2.5),
        ("45s", 45.0),
        ("45 s", 45.0),
        ("2m", 120.0),
        ("1.5m", 90.0),
        ("1m30s", 90.0),
        ("1m 30s", 90.0),
        ("1 m 30 s", 90.0),
        ("1:30", 90.0),
        ("0:45", 45.0),
        ("1:30.5", 90.5),
        ("  45s\n", 45.0),  # a folded block scalar ends with a newline
        ("0045s", 45.0),
        ("3600", 3600.0),
        ("60m", 3600.0),
        ("60:00", 3600.0),
        ("59m59.5s", 3599.5),
        ("60m0s", 3600.0),
        (3600, 3600.0),
        (1e-3, 0.001),
    ],
)
def test_accepted_forms(value: object, seconds: float) -> None:
    assert parse_duration(value, allow_zero=False) == seconds


@pytest.mark.parametrize("value", [0, 0.0, "0", "0s", "0m", "0:00", "0m0s", "00.000"])
def test_zero_is_allowed_only_where_the_format_allows_it(value: object) -> None:
    assert parse_duration(value, allow_zero=True) == 0.0
    with pytest.raises(DurationError, match="longer than 0"):
        parse_duration(value, allow_zero=False)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (True, "got a boolean"),
        (False, "got a boolean"),
        (None, "got nothing"),
        ([1], "got a list"),
        ({"s": 1}, "got a mapping"),
        (-1, "must not be negative"),
        (-0.5, "must not be negative"),
        ("-5s", "must not be negative"),
        (math.nan, "finite"),
        (math.inf, "finite"),
        (-math.inf, "finite"),
        ("", "got an empty string"),
        ("1h", 'unknown unit "h"'),
        ("45S", 'unknown unit "S"'),
        ("2 min", 'unknown unit "min"'),
        ("1m90s", "below 60"),
        ("1:5", "is not a duration"),
        ("1:60", "is not a duration"),
        ("1.5m30s", "is not a duration"),
        ("1e3", "is not a duration"),
        ("forty", "is not a duration"),
        ("1:30:00", "is not a duration"),
        (3601, "too long"),
        (3600.5, "too long"),
        ("3600.0001", "too long"),
        ("60.5m", "too long"),
        ("60:01", "too long"),
        ("60m1s", "below 60|too long"),
        (10**400, "too long"),
    ],
)
def test_rejected(value: object, message: str) -> None:
    with pytest.raises(DurationError, match=message):
        parse_duration(value, allow_zero=True)


def test_long_bad_strings_are_clipped_in_messages() -> None:
    with pytest.raises(DurationError) as info:
        parse_duration("x" * 500)
    assert len(str(info.value)) < 150


def test_unicode_digits_are_not_digits() -> None:
    with pytest.raises(DurationError):
        parse_duration("٤٥s")  # Arabic-Indic 45


@pytest.mark.parametrize(
    ("value", "name"),
    [
        (None, "nothing"),
        (True, "a boolean"),
        (1, "an integer"),
        (1.5, "a number"),
        ("x", "a string"),
        ([], "a list"),
        ({}, "a mapping"),
        (b"x", "a bytes"),
    ],
)
def test_describe_type(value: object, name: str) -> None:
    assert name in describe_type(value)
