"""How routines read on the home screen: one list row each, and the detail pane."""

from __future__ import annotations

from collections.abc import Sequence
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


def option_prompts(rows: Sequence[tuple[Entry, Plan | None, str]]) -> list[Table]:
    """Return the list's rows: name, total time and when each routine was last done.

    The time and last-done columns are as wide as their widest cell in the whole list, so
    they line up from row to row and every other cell of the width goes to the names.

    Args:
        rows: each listed routine, its plan (None when the routine is invalid) and when it
            was last done (``today``, ``3 days ago``..., ``never``).
    """
    cells = [_row_cells(entry, plan, last_done) for entry, plan, last_done in rows]
    time_width = max((time.cell_len for _, time, _ in cells), default=0)
    last_width = max((last.cell_len for _, _, last in cells), default=0)
    prompts = []
    for name, time, last in cells:
        grid = Table.grid(expand=True, padding=(0, 1))
        grid.add_column(ratio=1, no_wrap=True, overflow="ellipsis")
        grid.add_column(width=time_width, justify="right", no_wrap=True)
        grid.add_column(width=last_width, no_wrap=True)
        grid.add_row(name, time, last)
        prompts.append(grid)
    return prompts


def _row_cells(entry: Entry, plan: Plan | None, last_done: str) -> tuple[Text, Text, Text]:
    last = Text(last_done, style="dim")
    if entry.routine is None or plan is None:
        name = f"⚠ {visible_line(entry.id or entry.path.name)}"
        return Text(name), Text("invalid", style="bold red"), last
    name = visible_line(" ".join(entry.routine.name.split()))
    return Text(name), Text(total_text(plan)), last


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
