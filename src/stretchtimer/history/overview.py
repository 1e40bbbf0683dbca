"""The diary beside the stretching record, read once for every place that shows it.

:func:`load_diary` reads what the history screen, ``stretchtimer cramp``, ``stretchtimer
history`` and ``stretchtimer report`` show (blocking: call it off the event loop), so they all
show the same figures; :func:`week_lines` is their plain-text form.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from stretchtimer.history.cramps import CrampLog
from stretchtimer.history.diary import Cramp
from stretchtimer.history.insights import (
    AdviceRules,
    Reason,
    WeekFigure,
    advice_due,
    advice_reasons,
    comparison,
    complete_weeks,
    week_figures,
)
from stretchtimer.history.store import HistoryStore

CHART_WEEKS = 12
STRETCHED = "■"
NOT_STRETCHED = "□"
NIGHT = "●"


@dataclass(frozen=True, slots=True)
class DiaryOverview:
    """The diary of the last weeks.

    Attributes:
        today: the local date it was read for.
        weeks: the weekly figures, oldest first, this (partial) week last.
        cramps: the cramps of those weeks, newest first.
        comparison: the sentence comparing weeks with the goal met and without (None with
            fewer than four weeks of data, or before the first cramp is logged).
        reasons: the doctor-advice rules that hold.
        advice_due: the advice should be shown (a rule holds and it is not dismissed).
        goal: the weekly goal used.
        total_cramps: all cramps ever logged.
        first_day: the date of the first record of either kind (None when there is none).
    """

    today: date
    weeks: list[WeekFigure]
    cramps: list[Cramp]
    comparison: str | None
    reasons: list[Reason]
    advice_due: bool
    goal: int
    total_cramps: int
    first_day: date | None = None

    @property
    def recorded_weeks(self) -> list[WeekFigure]:
        """Return the weeks from the one of the first record on (all weeks when unknown)."""
        if self.first_day is None:
            return self.weeks
        first = self.first_day - timedelta(days=self.first_day.weekday())
        return [w for w in self.weeks if w.start >= first] or self.weeks[-1:]


def load_diary(
    store: HistoryStore,
    today: date,
    weeks: int = CHART_WEEKS,
    rules: AdviceRules | None = None,
    goal: int | None = None,
) -> DiaryOverview:
    """Read the diary of the last ``weeks`` weeks with the stretching days (blocking).

    Args:
        store: the history.
        today: the local date now.
        weeks: how many weeks (the comparison looks at as many, at least 4).
        rules: the advice thresholds; from ``config.toml`` when None.
        goal: the weekly goal (days a week); from ``config.toml`` when None.
    """
    if rules is None or goal is None:
        from stretchtimer.history.settings import load_diary_settings

        read_rules, read_goal, _ = load_diary_settings()
        rules = rules or read_rules
        goal = goal if goal is not None else read_goal
    log = CrampLog(store)
    first = today - timedelta(days=today.weekday()) - timedelta(weeks=weeks - 1)
    span = max(rules.window_days, rules.woke_days) + 1
    since = min(first - timedelta(days=1), today - timedelta(days=span))
    cramps = log.cramps(since=since)
    stretch_days = set(store.days_completed(since=first))
    figures = week_figures(stretch_days, cramps, today, weeks)
    reasons = advice_reasons(cramps, today, rules)
    due = advice_due(reasons, log.dismissal() if reasons else None, today)
    first_day = log.first_day()
    data_weeks = complete_weeks(figures, today, first_day)
    return DiaryOverview(
        today=today,
        weeks=figures,
        cramps=[c for c in cramps if c.day >= first],
        comparison=comparison(data_weeks, goal) if log.count() else None,
        reasons=reasons,
        advice_due=due,
        goal=goal,
        total_cramps=log.count(),
        first_day=first_day,
    )


def week_lines(weeks: list[WeekFigure], today: date | None = None) -> list[str]:
    """Return the week-by-week figures as a small text chart, one line a week.

    Args:
        weeks: the weekly figures, oldest first.
        today: the local date now; its week is marked "this week".
    """
    lines = [f"{'Week of':<10}  {'Days stretched':<16}  {'Cramp nights':<14}  Worst"]
    for w in weeks:
        label = (
            "this week"
            if today is not None and w.start <= today < w.start + timedelta(days=7)
            else f"{w.start:%Y-%m-%d}"
        )
        days = STRETCHED * w.days_stretched + NOT_STRETCHED * (7 - w.days_stretched)
        nights = (NIGHT * min(w.cramp_nights, 7)) or "-"
        worst = "-" if w.worst is None else f"{w.worst}/10"
        lines.append(
            f"{label:<10}  {days} {w.days_stretched:<6}  {nights:<8}{w.cramp_nights:>2}    {worst}"
        )
    return lines
