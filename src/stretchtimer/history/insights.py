"""What the diary shows: the doctor advice, the weekly figures and the comparison (pure).

The doctor advice follows the guidance the app is built on, and nothing beyond it: cramps that
are regular or recurring, that disturb sleep, or that come with swelling, redness or muscle
weakness should be checked by a doctor. Three rules decide when the diary says so (thresholds
in ``config.toml``, see :class:`AdviceRules`):

- **signs**: a cramp logged with swelling, redness or weakness in the last ``window_days`` days;
- **sleep**: cramps that woke the user on ``woke_nights`` or more nights in the last
  ``woke_days`` days (the night of today's evening included);
- **often**: cramps on ``cramp_days`` or more days in the last ``window_days`` days (counted
  by their diary day: a cramp at 03:00 counts for the evening before).

"The last N days" are the N local dates ending today. Dates are compared as dates, so a change
to or from summer time inside a window changes nothing.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from stretchtimer.history.diary import Cramp
from stretchtimer.history.stats import week_start

GUIDANCE = (
    "The guidance this app follows says that cramps that are regular or keep coming back, "
    "that disturb your sleep or daily activities, or that come with swelling, redness or "
    "muscle weakness should be checked by a doctor, who may test your blood electrolytes "
    "(such as potassium) and review your medicines and medical history."
)
NOT_A_DIAGNOSIS = "This is not a diagnosis; it is what your own diary shows."
DISMISS_DAYS = 30
DEFAULT_WEEKLY_GOAL = 5
MIN_WEEKS_TO_COMPARE = 4


@dataclass(frozen=True, slots=True)
class AdviceRules:
    """The thresholds of the doctor advice (``[cramp_advice]`` in ``config.toml``).

    Attributes:
        woke_nights: nights with a cramp that woke the user...
        woke_days: ...within this many days.
        cramp_days: days with a cramp...
        window_days: ...within this many days (also how far back a sign counts).
    """

    woke_nights: int = 3
    woke_days: int = 14
    cramp_days: int = 6
    window_days: int = 30


@dataclass(frozen=True, slots=True)
class Reason:
    """One rule that holds: its key (``signs``, ``sleep``, ``often``) and what the diary shows."""

    rule: str
    text: str


@dataclass(frozen=True, slots=True)
class Dismissal:
    """The user dismissed the advice on ``on`` while these rules held."""

    on: date
    rules: frozenset[str]

    @property
    def until(self) -> date:
        """Return the first day the advice may show again."""
        return self.on + timedelta(days=DISMISS_DAYS)


def _last_days(today: date, days: int) -> tuple[date, date]:
    return today - timedelta(days=days - 1), today


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def advice_reasons(
    cramps: Iterable[Cramp], today: date, rules: AdviceRules = AdviceRules()
) -> list[Reason]:
    """Return the rules that hold for the cramps logged up to ``today``.

    Args:
        cramps: the logged cramps (any order; those after today are ignored).
        today: the local date now.
        rules: the thresholds.

    Returns:
        The reasons, in the order signs, sleep, often; empty when no rule holds.
    """
    first, _ = _last_days(today, rules.window_days)
    woke_first, _ = _last_days(today, rules.woke_days)
    signs: dict[str, date] = {}
    woke_nights: set[date] = set()
    days: set[date] = set()
    for cramp in cramps:
        if cramp.day > today:
            continue
        if cramp.diary_day >= first:
            days.add(cramp.diary_day)
        if cramp.day >= first:
            for sign in cramp.signs:
                signs[sign] = max(signs.get(sign, cramp.day), cramp.day)
        night = cramp.night
        if cramp.woke and night is not None and woke_first <= night <= today:
            woke_nights.add(night)
    reasons: list[Reason] = []
    if signs:
        listed = ", ".join(
            f"{name} (last on {day:%Y-%m-%d})"
            for name, day in sorted(
                signs.items(), key=lambda item: ("swelling", "redness", "weakness").index(item[0])
            )
        )
        reasons.append(Reason("signs", f"a cramp with {listed}"))
    if len(woke_nights) >= rules.woke_nights:
        reasons.append(
            Reason(
                "sleep",
                f"cramps that woke you on "
                f"{_plural(len(woke_nights), 'night')} in the last "
                f"{rules.woke_days} days",
            )
        )
    if len(days) >= rules.cramp_days:
        reasons.append(
            Reason(
                "often",
                f"cramps on {_plural(len(days), 'day')} in the last {rules.window_days} days",
            )
        )
    return reasons


def advice_due(reasons: Sequence[Reason], dismissal: Dismissal | None, today: date) -> bool:
    """Return True when the advice should be shown.

    It shows when a rule holds, unless the user dismissed it less than 30 days ago and no rule
    holds now that did not hold then.

    Args:
        reasons: the rules that hold (see :func:`advice_reasons`).
        dismissal: the last dismissal, if any.
        today: the local date now.
    """
    if not reasons:
        return False
    if dismissal is None or today >= dismissal.until:
        return True
    return not {r.rule for r in reasons} <= dismissal.rules


def advice_text(reasons: Sequence[Reason]) -> str:
    """Return the advice in plain words: what the diary shows, then the guidance.

    Args:
        reasons: the rules that hold (at least one).
    """
    shown = "; ".join(r.text for r in reasons)
    return f"Your cramp diary shows {shown}. {GUIDANCE} {NOT_A_DIAGNOSIS}"


@dataclass(frozen=True, slots=True)
class WeekFigure:
    """One week (Monday to Sunday) of the diary beside the stretching record.

    Attributes:
        start: its Monday.
        days_stretched: days with a completed session.
        cramps: cramps logged (by their diary day).
        cramp_days: days with a cramp (by their diary day).
        cramp_nights: nights with a night cramp (by the date the night began).
        worst: the highest severity, None without cramps.
        mean_severity: the mean severity, None without cramps.
    """

    start: date
    days_stretched: int
    cramps: int
    cramp_days: int
    cramp_nights: int
    worst: int | None
    mean_severity: float | None


def week_figures(
    stretch_days: Collection[date], cramps: Iterable[Cramp], today: date, weeks: int
) -> list[WeekFigure]:
    """Return the last ``weeks`` weeks, oldest first, the current (partial) week last.

    Args:
        stretch_days: the local dates with at least one completed session.
        cramps: the logged cramps.
        today: the local date now.
        weeks: how many weeks.
    """
    first = week_start(today) - timedelta(weeks=weeks - 1)
    starts = [first + timedelta(weeks=w) for w in range(weeks)]
    by_week: dict[date, list[Cramp]] = {s: [] for s in starts}
    nights: dict[date, set[date]] = {s: set() for s in starts}
    for cramp in cramps:
        if cramp.day > today:
            continue
        key = week_start(cramp.diary_day)
        if key in by_week:
            by_week[key].append(cramp)
        night = cramp.night
        if night is not None and week_start(night) in nights:
            nights[week_start(night)].add(night)
    figures = []
    for start in starts:
        own = by_week[start]
        severities = [c.severity for c in own]
        figures.append(
            WeekFigure(
                start=start,
                days_stretched=sum(
                    1 for d in stretch_days if start <= d < start + timedelta(days=7) and d <= today
                ),
                cramps=len(own),
                cramp_days=len({c.diary_day for c in own}),
                cramp_nights=len(nights[start]),
                worst=max(severities) if severities else None,
                mean_severity=sum(severities) / len(severities) if severities else None,
            )
        )
    return figures


def complete_weeks(
    figures: Sequence[WeekFigure], today: date, since: date | None
) -> list[WeekFigure]:
    """Return the weeks that count as data.

    Those are the weeks that ended before today's week and began on or after the week of
    ``since`` (the first record of either kind).

    Args:
        figures: the weekly figures.
        today: the local date now.
        since: the date of the first session or cramp; None when there is none.
    """
    if since is None:
        return []
    first = week_start(since)
    current = week_start(today)
    return [f for f in figures if first <= f.start < current]


def _per_week(values: Sequence[WeekFigure]) -> float:
    return sum(f.cramp_nights for f in values) / len(values)


def comparison(weeks: Sequence[WeekFigure], goal: int = DEFAULT_WEEKLY_GOAL) -> str | None:
    """Return one sentence comparing weeks with the weekly goal met and weeks without.

    Args:
        weeks: complete weeks of data (see :func:`complete_weeks`).
        goal: days a week with a completed session that meet the weekly goal.

    Returns:
        The sentence, or None with fewer than four weeks of data.
    """
    if len(weeks) < MIN_WEEKS_TO_COMPARE:
        return None
    met = [w for w in weeks if w.days_stretched >= goal]
    missed = [w for w in weeks if w.days_stretched < goal]
    prefix = "In your own record (a pattern, not proof):"
    goal_text = f"stretched on {_plural(goal, 'day')} or more"
    if met and missed:
        return (
            f"{prefix} in the {_plural(len(met), 'week')} you {goal_text} you had "
            f"{_per_week(met):.1f} cramp nights a week, against {_per_week(missed):.1f} in "
            f"the {_plural(len(missed), 'week')} you did not."
        )
    which = met or missed
    did = "" if met else " not"
    return (
        f"{prefix} in all {_plural(len(which), 'week')} you did{did} meet your goal "
        f"({goal_text}), with {_per_week(which):.1f} cramp nights a week; there are no "
        f"weeks of the other kind to compare with yet."
    )
