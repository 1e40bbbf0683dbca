"""How routines read on the home screen: one list row each, and the detail pane."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.table import Table
from rich.text import Text
from textual.content import Content

from stretchtimer.routines.model import HoldStep, RepsStep, RestStep, Routine, Step
from stretchtimer.safe_text import visible_line
from stretchtimer.session.plan import Plan
from stretchtimer.session.timefmt import format_seconds

if TYPE_CHECKING:
    from stretchtimer.routines.library import Entry

TIME_WIDTH = 8
SOURCE_WIDTH = 8
LAST_WIDTH = 10


def short_duration(seconds: float) -> str:
    """Return a duration briefly: ``45s``, ``2.5s``, ``60s``, ``2:30``.

    Args:
        seconds: the duration.
    """
    if seconds <= 90:
        return f"{seconds:g}s"
    return format_seconds(seconds)


def total_text(plan: Plan) -> str:
    """Return a plan's total time, with ``+ ?`` when some sets run until marked done."""
    text = format_seconds(plan.total_seconds)
    return f"{text} + ?" if plan.has_untimed else text


def step_text(step: Step) -> str:
    """Return one line describing a step, e.g. ``Wall calf stretch: hold 60s · left, right``.

    Args:
        step: a routine step.
    """
    if isinstance(step, RestStep):
        return f"Rest {short_duration(step.rest)}"
    parts: list[str] = []
    if isinstance(step, HoldStep):
        parts.append(f"hold {short_duration(step.hold)}")
    elif isinstance(step, RepsStep):
        if step.tempo is not None:
            pace = ", ".join(f"{name} {short_duration(secs)}" for name, secs in step.tempo.phases())
            parts.append(f"{step.reps} reps ({pace})")
        else:
            parts.append(f"{step.reps} reps at your pace")
    if step.sides:
        parts.append(", ".join(step.sides))
    if step.sets > 1:
        parts.append(f"{step.sets} sets")
    return f"{step.name}: {' · '.join(parts)}"


def option_prompt(entry: Entry, plan: Plan | None, last_done: str | None = None) -> Table:
    """Return a list row: name, total time and source, in columns that fit the list's width.

    Args:
        entry: the listed routine.
        plan: its plan, or None when the routine is invalid.
        last_done: when it was last done (``today``, ``3 days ago``...; ``never``), shown
            instead of the source (which the details show).
    """
    grid = Table.grid(expand=True, padding=(0, 1))
    grid.add_column(ratio=1, no_wrap=True, overflow="ellipsis")
    grid.add_column(width=TIME_WIDTH, justify="right", no_wrap=True)
    grid.add_column(
        width=SOURCE_WIDTH if last_done is None else LAST_WIDTH, no_wrap=True, overflow="ellipsis"
    )
    source = Text(entry.source if last_done is None else last_done, style="dim")
    if entry.routine is None or plan is None:
        grid.add_row(
            Text(f"⚠ {visible_line(entry.id or entry.path.name)}"),
            Text("invalid", style="bold red"),
            source,
        )
    else:
        grid.add_row(
            Text(visible_line(" ".join(entry.routine.name.split()))), total_text(plan), source
        )
    return grid


def _routine_detail(routine: Routine, plan: Plan) -> list[Content | str]:
    parts: list[Content | str] = [Content.styled(visible_line(routine.name), "bold"), "\n"]
    if routine.description:
        parts += ["\n", visible_line(" ".join(routine.description.split())), "\n"]
    if routine.caution:
        parts += [
            "\n",
            Content.styled("Caution: ", "bold $warning"),
            Content.styled(visible_line(" ".join(routine.caution.split())), "$warning"),
            "\n",
        ]
    parts += ["\n", Content.styled("Steps", "bold")]
    if routine.rest > 0:
        parts.append(
            Content.styled(f" · {short_duration(routine.rest)} rest between steps", "$text-muted")
        )
    parts.append("\n")
    if routine.prepare > 0:
        parts.append(f"   Get ready {short_duration(routine.prepare)}\n")
    for number, step in enumerate(routine.steps, start=1):
        name, _, how = visible_line(step_text(step)).partition(": ")
        parts.append(f"{number:>2}. {name}\n")
        if how:
            parts.append(Content.styled(f"    {how}\n", "$text-muted"))
    parts += ["\n", Content.styled("Total ", "bold"), total_text(plan)]
    if plan.has_untimed:
        parts.append(Content.styled("  (? = sets you mark done)", "$text-muted"))
    parts.append("\n")
    return parts


def detail_content(entry: Entry, plan: Plan | None, habit: str | None = None) -> Content:
    """Return the detail pane for a routine: description, caution, steps and total, or problems.

    Args:
        entry: the listed routine.
        plan: its plan, or None when the routine is invalid.
        habit: a line on when it was last done and its goal, shown under the name.
    """
    if entry.routine is not None and plan is not None:
        parts = _routine_detail(entry.routine, plan)
        if habit:
            parts[2:2] = [Content.styled(habit, "$text-muted"), "\n"]
    else:
        count = len(entry.problems)
        parts = [
            Content.styled(visible_line(entry.id or entry.path.name), "bold"),
            "\n\n",
            Content.styled(
                f"This routine has {count} problem{'s' if count != 1 else ''}:", "bold $error"
            ),
            "\n",
        ]
        for problem in entry.problems:
            where = f"line {problem.line}, column {problem.column}: " if problem.line > 0 else ""
            parts += [
                "• ",
                Content.styled(where, "$text-muted"),
                visible_line(problem.message),
                "\n",
            ]
        parts += ["\n", "Press ", Content.styled("e", "bold"), " to fix it in your editor.\n"]
    parts += ["\n", Content.styled(visible_line(f"{entry.source} · {entry.path}"), "$text-muted")]
    return Content.assemble(*parts)
