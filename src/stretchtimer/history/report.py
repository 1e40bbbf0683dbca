"""The report for a doctor's appointment: one page of the cramp diary and the stretching record.

:func:`build_report` turns what was read into plain text or Markdown (pure: no I/O). All the
user's own text (notes, routine names) passes through :func:`stretchtimer.safe_text.visible_line`;
in Markdown, characters that would change the table or the formatting are escaped.
"""

from __future__ import annotations

import re
import textwrap
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from stretchtimer.columns import table_lines
from stretchtimer.history.diary import Cramp
from stretchtimer.history.insights import GUIDANCE, Reason, WeekFigure
from stretchtimer.history.stats import RoutineTotal
from stretchtimer.safe_text import visible_line

NOTE_WIDTH = 60
WIDTH = 78


@dataclass(frozen=True, slots=True)
class ReportData:
    """What the report shows.

    Attributes:
        today: the local date it was made.
        weeks: the weekly figures, oldest first.
        cramps: the cramps of those weeks, oldest first.
        stretch_days: days with a completed session in those weeks.
        routines: completed sessions per routine in those weeks.
        reasons: the doctor-advice rules that hold (dismissed or not).
        goal: the weekly goal.
    """

    today: date
    weeks: list[WeekFigure]
    cramps: list[Cramp]
    stretch_days: int
    routines: list[RoutineTotal]
    reasons: list[Reason]
    goal: int


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+\-!|])")


def _text(value: str, markdown: bool) -> str:
    safe = visible_line(value)
    return _MD_SPECIAL.sub(r"\\\1", safe) if markdown else safe


def _cut(value: str, width: int) -> str:
    return value if len(value) <= width else value[: width - 1] + "…"


def _signs(c: Cramp) -> str:
    return ", ".join(c.signs) or "-"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def summary_lines(data: ReportData) -> list[str]:
    """Return the summary facts of the report, one per line (plain words)."""
    cramps = data.cramps
    days = len(data.weeks) * 7 - (6 - data.today.weekday())
    lines = []
    if cramps:
        nights = {c.night for c in cramps if c.night is not None}
        severities = [c.severity for c in cramps]
        cramp_days = _plural(len({c.diary_day for c in cramps}), "day")
        lines.append(
            f"Cramps logged: {len(cramps)} on {cramp_days}; "
            f"{_plural(len(nights), 'night')} with cramps; "
            f"{sum(c.woke for c in cramps)} woke the person up."
        )
        lines.append(
            f"Severity (0-10): mean {sum(severities) / len(severities):.1f}, "
            f"worst {max(severities)}."
        )
        muscles = Counter(c.muscle for c in cramps)
        legs = Counter(c.leg for c in cramps)
        lines.append(
            "Muscles: "
            + ", ".join(f"{m} {n}" for m, n in muscles.most_common())
            + "; legs: "
            + ", ".join(f"{leg} {n}" for leg, n in legs.most_common())
            + "."
        )
        timed = [c.minutes for c in cramps if c.minutes is not None]
        if timed:
            lines.append(
                f"Duration (where noted): mean {sum(timed) / len(timed):.0f} min, "
                f"longest {max(timed):g} min."
            )
        signed = [c for c in cramps if c.signs]
        lines.append(
            "Swelling, redness or weakness noted: "
            + ("; ".join(f"{c.at:%Y-%m-%d} ({_signs(c)})" for c in signed) if signed else "never")
            + "."
        )
    else:
        lines.append("Cramps logged: none in this period.")
    lines.append(
        f"Stretching: sessions completed on {data.stretch_days} of {days} days "
        f"(goal: {data.goal} days a week)."
    )
    return lines


def build_report(data: ReportData, markdown: bool = False) -> str:
    """Return the report as plain text or Markdown.

    Args:
        data: what to show.
        markdown: Markdown (headings and tables) instead of plain text.
    """
    first = data.weeks[0].start if data.weeks else data.today
    title = (
        f"Leg cramp diary, {first:%Y-%m-%d} to {data.today:%Y-%m-%d} "
        f"({_plural(len(data.weeks), 'week')})"
    )
    out: list[str] = []

    def heading(text: str, level: int = 2) -> None:
        if out:
            out.append("")
        if markdown:
            out.append(f"{'#' * level} {text}")
        else:
            out.append(text)
            out.append(("=" if level == 1 else "-") * len(text))
        out.append("")

    def para(text: str) -> None:
        out.extend(textwrap.wrap(text, WIDTH) if not markdown else [text])

    def table(head: Sequence[str], rows: list[Sequence[str]], right: set[int]) -> None:
        if markdown:
            out.append("| " + " | ".join(head) + " |")
            out.append(
                "|" + "|".join("---:" if i in right else "---" for i in range(len(head))) + "|"
            )
            out.extend("| " + " | ".join(r) + " |" for r in rows)
            return
        out.extend(table_lines([list(head), *[[str(c) for c in r] for r in rows]], right))

    heading(title, 1)
    para(
        "Kept by the person in stretchtimer, a stretching timer with a cramp diary. "
        "Severity is their own rating from 0 (barely) to 10 (the worst imaginable)."
    )
    heading("Summary")
    out.extend(f"- {line}" for line in summary_lines(data))
    if data.routines:
        out.append(
            "- Routines completed: "
            + ", ".join(
                f"{_text(r.routine_name, markdown)} {r.completed}"
                for r in data.routines
                if r.completed
            )
            + "."
        )
    heading("What the diary shows against the guidance")
    if data.reasons:
        for r in data.reasons:
            text = r.text.replace("woke you", "woke the person")
            out.append(f"- {text[:1].upper()}{text[1:]}.")
        out.append("")
        para(GUIDANCE)
    else:
        para(
            "None of the app's rules holds (signs of swelling, redness or weakness; "
            "cramps that woke the person on several nights; cramps on many days)."
        )
    heading("Week by week")
    table(
        ("Week of", "Days stretched", "Cramps", "Cramp nights", "Worst", "Mean"),
        [
            (
                f"{w.start:%Y-%m-%d}",
                str(w.days_stretched),
                str(w.cramps),
                str(w.cramp_nights),
                "-" if w.worst is None else str(w.worst),
                "-" if w.mean_severity is None else f"{w.mean_severity:.1f}",
            )
            for w in data.weeks
        ],
        {1, 2, 3, 4, 5},
    )
    heading("Cramps")
    if not data.cramps:
        out.append("None logged in this period.")
    else:
        table(
            ("Date", "Time", "Leg", "Muscle", "Severity", "Min", "Woke", "Signs", "Note"),
            [
                (
                    f"{c.at:%Y-%m-%d}",
                    f"{c.at:%H:%M}",
                    c.leg,
                    c.muscle,
                    str(c.severity),
                    "-" if c.minutes is None else f"{c.minutes:g}",
                    "yes" if c.woke else "no",
                    _signs(c),
                    _text(_cut(" ".join(c.note.split()), NOTE_WIDTH), markdown) or "-",
                )
                for c in data.cramps
            ],
            {4, 5},
        )
    out.append("")
    out.append(f"Made on {data.today:%Y-%m-%d}. This is the person's own record, not a diagnosis.")
    return "\n".join(out) + "\n"


def report_weeks_start(today: date, weeks: int) -> date:
    """Return the Monday of the first of the last ``weeks`` weeks."""
    return today - timedelta(days=today.weekday()) - timedelta(weeks=weeks - 1)
