"""Durations in routine files: a number of seconds, or a string such as ``"1m30s"``.

Accepted forms (surrounding spaces, tabs and newlines are ignored):

- a number: ``60``, ``2.5`` (YAML also reads an unquoted ``1:30`` as the integer 90);
- seconds: ``"45"``, ``"45s"``, ``"2.5 s"``;
- minutes: ``"2m"``, ``"1.5m"``;
- minutes and seconds: ``"1m30s"``, ``"1m 30s"`` (whole minutes, seconds below 60);
- a clock: ``"1:30"``, ``"0:45"``, ``"1:30.5"`` (two-digit seconds, 00 to 59).

Units are ``s`` and ``m`` only, lower case. Booleans, negative numbers, NaN and infinities are
rejected. Ranges: ``hold`` and tempo phases at most 3600 s (``hold`` more than 0); ``prepare``,
``rest``, ``switch`` and tempo phases from 0 to 3600 s. Range checks on strings use exact decimal
arithmetic, so ``"3600.0001"`` is over the limit.
"""

from __future__ import annotations

import math
import re

TYPE_CHECKING = False  # typing itself is not imported: quick commands stay quick
if TYPE_CHECKING:
    from decimal import Decimal

    Exact = int | float | Decimal

MAX_SECONDS = 3600
FORMS_HINT = 'seconds like 60 or 2.5, or a string like "45s", "2m", "1m30s" or "1:30"'
_BLANKS = " \t\n"
# Patterns, compiled by re on first use (and kept): most files use one or two of the forms,
# and each compile costs about a fifth of a millisecond of a command's start.
_NUM = r"[0-9]+(?:\.[0-9]+)?"
_SECONDS = rf"(?P<s>{_NUM})(?: ?s)?"
_MINUTES = rf"(?P<m>{_NUM}) ?m"
_MIN_SEC = rf"(?P<m>[0-9]+) ?m ?(?P<s>{_NUM}) ?s"
_CLOCK = r"(?P<m>[0-9]+):(?P<s>[0-5][0-9](?:\.[0-9]+)?)"
_UNIT = rf"{_NUM} ?(?P<unit>[^0-9 .:]+)"
# Whole numbers of at most this many digits are read as int: exact, and far below the 28 digits
# of decimal arithmetic, so the sums below give what Decimal would.
_SHORT = 18


class DurationError(ValueError):
    """A value is not a valid duration; ``str()`` is a message for the user."""


def describe_type(value: object) -> str:
    """Return how a user would name the type of a YAML value (``a string``, ``a list``...)."""
    if value is None:
        return "nothing (an empty value)"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int):
        return "an integer"
    if isinstance(value, float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list | tuple):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return f"a {type(value).__name__}"


def _exact(value: object) -> Exact:
    """Return a duration's exact value in seconds; raise DurationError if it is not one.

    An int, a float (both compare exactly with the limits) or, for a string with a fraction or
    very many digits, a Decimal.
    """
    if isinstance(value, bool):
        raise DurationError(
            f"expected a duration ({FORMS_HINT}), got a boolean "
            "(YAML reads yes/no/on/off/true/false as booleans)"
        )
    if isinstance(value, int):
        if value < 0:
            raise DurationError("must not be negative")
        return value
    if isinstance(value, float):
        if math.isnan(value) or math.isinf(value):
            raise DurationError("must be a finite number of seconds (not NaN or infinity)")
        if value < 0:
            raise DurationError("must not be negative")
        return value
    if isinstance(value, str):
        return _parse_text(value)
    raise DurationError(f"expected a duration ({FORMS_HINT}), got {describe_type(value)}")


def _parse_text(value: str) -> Exact:
    text = value.strip(_BLANKS)
    shown = text if len(text) <= 30 else text[:29] + "…"
    if not text:
        raise DurationError(f"expected a duration ({FORMS_HINT}), got an empty string")
    if text.startswith("-") and _parse_or_none(text[1:]) is not None:
        raise DurationError("must not be negative")
    parsed = _parse_or_none(text)
    if parsed is not None:
        return parsed
    if re.fullmatch(_MIN_SEC, text):
        raise DurationError(
            f'"{shown}": the seconds after the minutes must be below 60 '
            '(write "2m30s", not "1m90s")'
        )
    unit = re.fullmatch(_UNIT, text)
    if unit is not None and unit["unit"] not in ("s", "m"):
        raise DurationError(
            f'"{shown}": unknown unit "{unit["unit"]}"; the units are s and m (lower case)'
        )
    raise DurationError(f'"{shown}" is not a duration; use {FORMS_HINT}')


def _parse_or_none(text: str) -> Exact | None:
    if match := re.fullmatch(_SECONDS, text):
        return _number(match["s"])
    if match := re.fullmatch(_MINUTES, text):
        return _number(match["m"]) * 60
    if (match := re.fullmatch(_MIN_SEC, text)) and _number(match["s"]) < 60:
        return _number(match["m"]) * 60 + _number(match["s"])
    if match := re.fullmatch(_CLOCK, text):
        return _number(match["m"]) * 60 + _number(match["s"])
    return None


def _number(digits: str) -> int | Decimal:
    """Return digits with an optional fraction (``45``, ``2.5``) as an exact number.

    Whole numbers, the usual case, are ints; only a fraction or a very long number needs
    :mod:`decimal`, which is imported then (it is not cheap to import).
    """
    if len(digits) <= _SHORT and "." not in digits:
        return int(digits)
    from decimal import Decimal

    return Decimal(digits)


def parse_duration(value: object, *, allow_zero: bool = True) -> float:
    """Return a duration in seconds, checked against the format's range.

    Args:
        value: a value read from YAML: an int or float of seconds, or a duration string.
        allow_zero: True for ``prepare``, ``rest``, ``switch`` and tempo phases (0 to 3600);
            False for ``hold`` (more than 0, at most 3600).

    Returns:
        The duration in seconds.

    Raises:
        DurationError: the value is not a duration or is out of range; the message says why.
    """
    exact = _exact(value)
    if exact > MAX_SECONDS:
        raise DurationError(f"is too long: the most is {MAX_SECONDS} seconds (1 hour)")
    if exact == 0 and not allow_zero:
        raise DurationError("must be longer than 0 seconds")
    return float(exact)
