"""The done screen: what a finished or stopped session did."""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Label, Static

from stretchtimer.safe_text import visible_line
from stretchtimer.session.events import SegmentRecord, SessionRecord, SessionStatus, StepStatus
from stretchtimer.session.plan import Plan
from stretchtimer.session.summary import SessionSummary, final_passes, summarize
from stretchtimer.session.timefmt import format_elapsed
from stretchtimer.tui.widgets.footer import AppFooter
from stretchtimer.tui.widgets.streak import StreakLabel


def summary_lines(summary: SessionSummary) -> list[str]:
    """Return the headline facts of a session, one per line, from its one summary.

    Args:
        summary: what the session did.
    """
    lines = [f"Time taken: {format_elapsed(summary.active_seconds)}"]
    if summary.paused_seconds >= 1:
        lines[0] += f" (plus {format_elapsed(summary.paused_seconds)} paused)"
    lines.append(f"Exercises done: {summary.done} of {summary.exercises}")
    lines.append(f"Skipped: {summary.skipped}" if summary.skipped else "Skipped: none")
    if summary.stopped:
        lines.append(f"Stopped during: {summary.stopped}")
    return lines


def _row_title(seg: SegmentRecord) -> str:
    title = seg.label
    if seg.side:
        title += f", {seg.side}"
    return visible_line(title)


def segments_table(record: SessionRecord) -> Table:
    """Return a table of the exercises of a session with their time, marking skipped ones.

    Args:
        record: what the session did.
    """
    table = Table(box=None, show_header=True, header_style="bold", pad_edge=False, expand=False)
    table.add_column("", width=2)
    table.add_column("Exercise", overflow="ellipsis", max_width=40, no_wrap=True)
    table.add_column("Set", justify="right")
    table.add_column("Time", justify="right")
    for seg in final_passes(record.segments):
        if seg.status is StepStatus.DONE:
            mark, time = Text("✓", style="bold green"), Text(format_elapsed(seg.actual))
        else:
            mark, time = Text("–", style="dim"), Text(seg.status.value, style="dim")
        table.add_row(mark, Text(_row_title(seg)), str(seg.set_number), time)
    return table


class DoneScreen(Screen[None]):
    """Shows the result of a session; Enter goes back to the routines."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "home", "Routines", id="done.home"),
        Binding("c", "log_cramp", "Log this cramp", id="done.cramp"),
        Binding("q", "app.quit", "Quit", id="done.quit"),
    ]
    RELIEF_ROUTINE = "cramp-relief"

    def __init__(
        self,
        record: SessionRecord,
        plan: Plan,
        *,
        summary: SessionSummary | None = None,
        wait_history: Callable[[], object] | None = None,
    ) -> None:
        """Create the screen.

        Args:
            record: what the session did.
            plan: the plan it ran.
            summary: the session's summary (made from ``record`` when not given).
            wait_history: blocks until the session's history is written (run on a worker
                thread before the streak is read), so the streak shown includes this session.
        """
        super().__init__(classes="done")
        self.record = record
        self.plan = plan
        self.summary = summary or summarize(record, plan.work_segments)
        self.wait_history = wait_history

    def compose(self) -> ComposeResult:
        """Build the screen."""
        summary = self.summary
        finished = summary.status is SessionStatus.COMPLETED
        if finished:
            headline = "Well done!"
        elif self.record.status is SessionStatus.COMPLETED:  # reached the end, nothing done
            headline = "Everything skipped: not counted as done"
        else:
            headline = "Stopped"
        with Vertical(id="summary"):
            yield Label(headline, id="headline", classes="finished" if finished else "stopped")
            yield Label(visible_line(self.plan.routine.name), id="routine-name", markup=False)
            yield Static("\n".join(summary_lines(summary)), id="facts", markup=False)
            yield StreakLabel(wait=self.wait_history, id="streak")
            if self.plan.routine.id == self.RELIEF_ROUTINE:
                yield Label(
                    "Press c to log the cramp it relieved in your diary.", id="log-cramp-hint"
                )
        with VerticalScroll(id="segments"):
            yield Static(segments_table(self.record), id="segments-table")
        yield AppFooter()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Offer to log a cramp after the cramp relief routine only."""
        if action == "log_cramp":
            return self.plan.routine.id == self.RELIEF_ROUTINE
        return True

    def action_log_cramp(self) -> None:
        """Log the cramp the routine relieved, starting when the session did."""
        from stretchtimer.tui.advice import log_cramp, relieved_cramp

        log_cramp(self, relieved_cramp(self.record))

    def action_home(self) -> None:
        """Go back to the list of routines."""
        go_home = getattr(self.app, "go_home", None)
        if callable(go_home):
            go_home()
        else:  # pragma: no cover - only inside StretchApp in practice
            self.app.pop_screen()
