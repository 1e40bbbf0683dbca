"""The fixed phrases the voice says, in one catalogue per language, and numbers as words.

A catalogue holds the phrase templates keyed by id, and how that language says a whole number
and a duration. Only English exists so far; a translation adds a :class:`Catalogue` to
:data:`CATALOGUES` under its language tag (``de``, ``pt-br``...). A routine in a language with no
catalogue gets the English phrases (its own step names and cues are still read as written).

Templates use :meth:`str.format` fields; every field a template may use is listed beside it.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass

ENGLISH_TEMPLATES: Mapping[str, str] = {
    # Fragments; the speech script makes each one a sentence (capital letter, full stop).
    # a work step starts: its name, then each of the following that applies
    "step": "{name}",  # name
    "side": "{side} side",  # side
    "set": "set {number} of {total}",  # number, total
    "hold": "{duration}",  # duration
    "reps": "{count} {reps_word}",  # count, reps_word
    "reps_untimed": "{count} {reps_word}, press Enter when done",  # count, reps_word
    "rep_word_one": "rep",
    "rep_word_many": "reps",
    # moments inside a step
    "halfway": "halfway",
    "rep": "{number}",  # number
    # between steps
    "prepare": "get ready",
    "first": "first: {next}",  # next
    "switch": "switch to your {side} side",  # side
    "rest": "rest, {duration}",  # duration
    "next": "next: {next}",  # next
    "next_amount": "{name}, {amount}",  # name, amount
    # the end
    "complete": "routine complete",
    "streak": "{days} days in a row",  # days
    # units of durations
    "hour_one": "one hour",
    "hours": "{count} hours",  # count
    "minute_one": "one minute",
    "minutes": "{count} minutes",  # count
    "second_one": "one second",
    "seconds": "{count} seconds",  # count
    "minutes_seconds": "{minutes} {seconds}",  # minutes ("one minute"), seconds (a number)
    "half_second": "half a second",
}

_ONES = (
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
)
_TENS = ("", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")


def english_number(n: int) -> str:
    """Return a whole number as English words: 21 is ``twenty-one``, 105 ``one hundred five``.

    Args:
        n: a whole number; negative numbers get ``minus``, 10**6 and more stay digits.
    """
    if n < 0:
        return "minus " + english_number(-n)
    if n < 20:
        return _ONES[n]
    if n < 100:
        tens, ones = divmod(n, 10)
        return _TENS[tens] + (f"-{_ONES[ones]}" if ones else "")
    if n < 1000:
        hundreds, rest = divmod(n, 100)
        return f"{_ONES[hundreds]} hundred" + (f" {english_number(rest)}" if rest else "")
    if n < 1_000_000:
        thousands, rest = divmod(n, 1000)
        return f"{english_number(thousands)} thousand" + (
            f" {english_number(rest)}" if rest else ""
        )
    return str(n)


@dataclass(frozen=True, slots=True)
class Catalogue:
    """The phrases of one language.

    Attributes:
        language: the language tag (lower case).
        templates: phrase templates keyed by id (see :data:`ENGLISH_TEMPLATES` for the ids).
        number_words: says a whole number in words.
    """

    language: str
    templates: Mapping[str, str]
    number_words: Callable[[int], str]

    def say(self, key: str, **fields: object) -> str:
        """Return the phrase ``key`` with its fields filled in.

        Args:
            key: the template's id.
            **fields: the values of the template's fields.
        """
        return self.templates[key].format(**fields)

    def number(self, n: int) -> str:
        """Return ``n`` in words."""
        return self.number_words(n)

    def duration(self, seconds: float) -> str:
        """Return a duration the way a person says it: ``one minute thirty``, ``ten seconds``.

        Durations are rounded to the nearest second (half a second below one second).

        Args:
            seconds: a duration in seconds.
        """
        if 0 < seconds < 0.75:
            return self.say("half_second")
        whole = max(math.floor(seconds + 0.5), 1)
        hours, rest = divmod(whole, 3600)
        minutes, secs = divmod(rest, 60)
        parts = []
        if hours:
            parts.append(self._unit("hour_one", "hours", hours))
        if minutes:
            parts.append(self._unit("minute_one", "minutes", minutes))
        if not parts:
            return self._unit("second_one", "seconds", secs)
        if secs:
            return self.say("minutes_seconds", minutes=" ".join(parts), seconds=self.number(secs))
        return " ".join(parts)

    def _unit(self, one: str, many: str, count: int) -> str:
        return self.say(one) if count == 1 else self.say(many, count=self.number(count))

    def sentences(self, *fragments: str) -> str:
        """Return fragments as sentences: each starts with a capital and ends with a full stop.

        Args:
            *fragments: phrase fragments (from :meth:`say` or a routine's own text).
        """
        out = []
        for fragment in fragments:
            text = " ".join(fragment.split())
            if not text:
                continue
            text = text[0].upper() + text[1:]
            out.append(text if text.endswith((".", "!", "?")) else text + ".")
        return " ".join(out)

    def reps(self, count: int, *, untimed: bool = False) -> str:
        """Return ``five reps`` (or the untimed form with the Enter instruction)."""
        word = self.say("rep_word_one" if count == 1 else "rep_word_many")
        key = "reps_untimed" if untimed else "reps"
        return self.say(key, count=self.number(count), reps_word=word)


ENGLISH = Catalogue("en", ENGLISH_TEMPLATES, english_number)

CATALOGUES: dict[str, Catalogue] = {"en": ENGLISH}
"""The catalogues by language tag (lower case); add a translation here."""


def catalogue_for(language: str) -> Catalogue:
    """Return the catalogue for a language tag: exact, then its primary subtag, then English.

    Args:
        language: a language tag such as ``en``, ``de`` or ``pt-BR``.
    """
    tag = language.strip().lower().replace("_", "-")
    return CATALOGUES.get(tag) or CATALOGUES.get(tag.split("-")[0]) or ENGLISH
