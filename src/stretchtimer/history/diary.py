"""The cramp diary's data: a logged cramp, its choices, and when it happened (pure, no I/O).

A cramp belongs to two kinds of day:

- its **day**: the local date of the time it began (the date part of the stored time, which
  carries the UTC offset in force then, so a change to or from summer time moves nothing);
- its **night**, when it is a night cramp (one that woke the user, or began between 20:00 and
  08:00): the date of the evening that night began, so a cramp at 03:00 on Tuesday belongs to
  Monday's night, as in a sleep diary.

Its **diary day** is its night when it has one, else its day: the diary counts, charts and
marks each cramp on that one date.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from stretchtimer.safe_text import first_unsafe

LEGS = ("left", "right", "both")
MUSCLES = ("calf", "foot", "hamstring", "quadriceps", "other")
SIGNS = ("swelling", "redness", "weakness")
"""The signs the guidance names as a reason to see a doctor, as the diary records them."""
DEFAULT_LEG = "both"
DEFAULT_MUSCLE = "calf"
DEFAULT_SEVERITY = 5
NIGHT_STARTS = time(20, 0)
NIGHT_ENDS = time(8, 0)
NOON = time(12, 0)
LAST_NIGHT = time(3, 0)
"""The time ``--at "last night"`` stands for (03:00 exists on every day of summer-time changes)."""
NOTE_LIMIT = 500
LAST_NIGHT_WORDS = ("last night", "lastnight", "night", "tonight")
"""What a user may write for when a cramp began to mean last night (03:00)."""


@dataclass(frozen=True, slots=True)
class Cramp:
    """One logged cramp.

    Attributes:
        at: when it began, local time with its UTC offset.
        leg: ``left``, ``right`` or ``both``.
        muscle: ``calf``, ``foot``, ``hamstring``, ``quadriceps`` or ``other``.
        severity: 0 (barely) to 10 (the worst imaginable).
        minutes: how long it lasted, if known.
        woke: it woke the user.
        swelling: the leg was swollen.
        redness: the skin was red.
        weakness: the muscle was weak afterwards.
        note: the user's words.
        id: the local id (0 before it is saved).
        uid: the stable unique id (empty before it is saved).
    """

    at: datetime
    leg: str = DEFAULT_LEG
    muscle: str = DEFAULT_MUSCLE
    severity: int = DEFAULT_SEVERITY
    minutes: float | None = None
    woke: bool = False
    swelling: bool = False
    redness: bool = False
    weakness: bool = False
    note: str = ""
    id: int = 0
    uid: str = ""

    @property
    def day(self) -> date:
        """Return the local date it began on."""
        return self.at.date()

    @property
    def is_night(self) -> bool:
        """Return True for a night cramp: it woke the user, or began from 20:00 to 08:00."""
        moment = self.at.time()
        return self.woke or moment >= NIGHT_STARTS or moment < NIGHT_ENDS

    @property
    def night(self) -> date | None:
        """Return the date of the evening its night began, or None for a day cramp."""
        if not self.is_night:
            return None
        return self.day - timedelta(days=1) if self.at.time() < NOON else self.day

    @property
    def diary_day(self) -> date:
        """Return the date the diary counts it on: its night, or its day for a day cramp."""
        night = self.night
        return self.day if night is None else night

    @property
    def signs(self) -> tuple[str, ...]:
        """Return the signs recorded with it (swelling, redness, weakness)."""
        return tuple(name for name in SIGNS if getattr(self, name))

    def content(self) -> tuple[object, ...]:
        """Return what it records (not its ids), to tell two versions of one cramp apart."""
        return (
            self.at.isoformat(timespec="seconds"),
            self.leg,
            self.muscle,
            self.severity,
            self.minutes,
            self.woke,
            self.swelling,
            self.redness,
            self.weakness,
            self.note,
        )


class DiaryError(ValueError):
    """A value the diary cannot take; the message says what to type instead."""


def check_cramp(cramp: Cramp) -> None:
    """Check the values of a cramp.

    Raises:
        DiaryError: a value is out of range; the message names it and what is allowed.
    """
    if cramp.leg not in LEGS:
        raise DiaryError(f"leg must be one of {', '.join(LEGS)}, not {cramp.leg!r}")
    if cramp.muscle not in MUSCLES:
        raise DiaryError(f"muscle must be one of {', '.join(MUSCLES)}, not {cramp.muscle!r}")
    if not 0 <= cramp.severity <= 10:
        raise DiaryError(f"severity must be a whole number from 0 to 10, not {cramp.severity}")
    if cramp.minutes is not None and not 0 <= cramp.minutes <= 24 * 60:
        raise DiaryError(f"minutes must be from 0 to 1440, not {cramp.minutes:g}")
    unsafe = first_unsafe(cramp.note)
    if unsafe is not None:
        raise DiaryError(
            f"the note holds a control character at position {unsafe + 1}; "
            "type it with letters, digits and punctuation only"
        )
    if len(cramp.note) > NOTE_LIMIT:
        raise DiaryError(f"the note is {len(cramp.note)} characters long; keep it to {NOTE_LIMIT}")


_HHMM = re.compile(r"(\d{1,2}):(\d{2})")
_FULL = re.compile(r"(\d{4}-\d{2}-\d{2})[ T](\d{1,2}):(\d{2})")


def says_last_night(when: str) -> bool:
    """Return True when ``when`` (what the user wrote for when a cramp began) is last night.

    Args:
        when: the text, as :func:`parse_when` reads it.
    """
    return " ".join(when.lower().split()) in LAST_NIGHT_WORDS


def new_cramp(at: datetime, when: str = "now") -> Cramp:
    """Return a new cramp with the diary's defaults: the one place they are decided.

    Calf, both legs, severity 5; one the user says began last night woke them. The command
    line's questions, its options and the app's form all start from it.

    Args:
        at: when it began.
        when: what the user wrote for when it began (``now``, ``last night``, a time).
    """
    return Cramp(at=at, woke=says_last_night(when))


def default_words(cramp: Cramp) -> str:
    """Return a cramp's fields as the quick answer would give them, e.g. ``5 calf both woke``.

    Only what the quick answer holds: the severity, muscle and leg, and the flags that are set.

    Args:
        cramp: the cramp (a new one from :func:`new_cramp`, for a prompt's default).
    """
    flags = [name for name in ("woke", *SIGNS) if getattr(cramp, name)]
    return " ".join([str(cramp.severity), cramp.muscle, cramp.leg, *flags])


def parse_when(text: str, now: datetime) -> tuple[datetime, str | None]:
    """Read when a cramp began: ``now``, ``last night``, ``YYYY-MM-DD HH:MM`` or ``HH:MM``.

    Args:
        text: what the user typed (case and surrounding spaces do not matter).
        now: the local time now (naive or aware; the result is of the same kind).

    Returns:
        The time, and a remark for the user when the text was read in a way they may not
        expect (an ``HH:MM`` later than now is taken as yesterday's).

    Raises:
        DiaryError: the text is none of the accepted forms, names a time that does not
            exist, or a time in the future.
    """
    words = " ".join(text.lower().split())
    if words in ("", "now"):
        return now.replace(second=0, microsecond=0), None
    if words in LAST_NIGHT_WORDS:
        three = datetime.combine(now.date(), LAST_NIGHT, now.tzinfo)
        return (three, None) if now >= three else (now.replace(second=0, microsecond=0), None)
    full = _FULL.fullmatch(words)
    hhmm = _HHMM.fullmatch(words)
    try:
        if full:
            day = date.fromisoformat(full.group(1))
            moment = datetime.combine(day, time(int(full.group(2)), int(full.group(3))), now.tzinfo)
        elif hhmm:
            moment = datetime.combine(
                now.date(), time(int(hhmm.group(1)), int(hhmm.group(2))), now.tzinfo
            )
            if moment > now:
                moment -= timedelta(days=1)
                return moment, f"{words} is later than now: taken as yesterday, {moment:%Y-%m-%d}"
        else:
            raise DiaryError(
                f'cannot read the time {text!r}: use now, "last night", HH:MM (today) or '
                "YYYY-MM-DD HH:MM"
            )
    except ValueError as exc:
        if isinstance(exc, DiaryError):
            raise
        raise DiaryError(f"{text!r} is not a real date and time ({exc})") from None
    if moment > now:
        raise DiaryError(f"{text} is in the future; log a cramp once it has happened")
    return moment, None


def parse_quick(text: str) -> dict[str, object]:
    """Read the quick answer of the interactive prompt: a severity and any words of the diary.

    ``7 left calf woke`` gives severity 7, leg left, muscle calf, woke. Words may come in any
    order; an empty answer gives nothing (the defaults stay).

    Args:
        text: what the user typed.

    Returns:
        The fields named, as keyword arguments of :class:`Cramp`.

    Raises:
        DiaryError: a word is not one the diary knows.
    """
    fields: dict[str, object] = {}
    aliases = {
        "quad": "quadriceps",
        "quads": "quadriceps",
        "hamstrings": "hamstring",
        "calves": "calf",
        "feet": "foot",
        "woken": "woke",
        "swollen": "swelling",
        "red": "redness",
        "weak": "weakness",
        "l": "left",
        "r": "right",
        "b": "both",
    }
    for raw in text.lower().replace(",", " ").split():
        word = aliases.get(raw, raw)
        if word.isdigit():
            fields["severity"] = int(word)
        elif word in LEGS:
            fields["leg"] = word
        elif word in MUSCLES:
            fields["muscle"] = word
        elif word == "woke" or word in SIGNS:
            fields[word] = True
        else:
            raise DiaryError(
                f"{raw!r} is not a word the diary knows: type a severity 0-10, then any of "
                f"{', '.join(LEGS)}, {', '.join(MUSCLES)}, woke, {', '.join(SIGNS)}"
            )
    return fields


def describe(cramp: Cramp) -> str:
    """Return a one-line plain description (the note left out: it is the user's text)."""
    legs = (
        {"left": "left leg", "right": "right leg", "both": "both legs"}[cramp.leg]
        if cramp.leg in LEGS
        else cramp.leg
    )
    parts = [
        f"{cramp.at:%Y-%m-%d %H:%M}",
        f"{cramp.muscle}, {legs}",
        f"severity {cramp.severity}/10",
    ]
    if cramp.minutes is not None:
        parts.append(f"{cramp.minutes:g} min")
    if cramp.woke:
        parts.append("woke you")
    parts.extend(cramp.signs)
    return " · ".join(parts)
