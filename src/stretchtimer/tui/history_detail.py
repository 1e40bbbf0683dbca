"""The steps of one recorded session, over the history screen."""

from __future__ import annotations

from typing import ClassVar

from rich.markup import escape
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Label
from textual.worker import get_current_worker

from stretchtimer.history.records import SessionRow, StepRow
from stretchtimer.history.store import HistoryStore, HistoryUnavailable
from stretchtimer.safe_text import visible_line
from stretchtimer.session.timefmt import format_elapsed, format_seconds
from stretchtimer.tui.stack import DismissOnce
from stretchtimer.tui.widgets.footer import AppFooter


def session_title(row: SessionRow) -> str:
    """Return the heading of a session: routine, start, status, active time and steps."""
    return (
        f"{visible_line(row.routine_name)} · {row.started_at:%Y-%m-%d %H:%M} · "
        f"{visible_line(row.status)} · "
        f"{format_elapsed(row.active_seconds)} · {row.steps_done}/{row.steps_total} steps"
    )


def step_cells(step: StepRow) -> tuple[str, ...]:
    """Return the table cells of one step."""
    return (
        str(step.seq),
        escape(visible_line(step.label if step.kind != "switch" else f"Switch to {step.side}")),
        escape(visible_line(step.side)) if step.side and step.kind != "switch" else "",
        str(step.set_number),
        format_seconds(step.planned) if step.planned is not None else "until done",
        format_elapsed(step.actual),
        step.status,
    )


class SessionDetailScreen(DismissOnce, ModalScreen[None]):
    """Lists a session's steps; Escape or q closes it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Back", id="session.back"),
        Binding("q", "close", "Back", show=False, id="session.quit"),
    ]

    DEFAULT_CSS = """
    SessionDetailScreen { align: center middle; }
    SessionDetailScreen #session-box {
        width: 76; max-width: 100%; height: auto; max-height: 90%;
        border: round $primary; background: $surface; padding: 0 1;
    }
    SessionDetailScreen #session-title { width: 1fr; text-style: bold; margin-bottom: 1; }
    SessionDetailScreen #steps { height: auto; max-height: 16; scrollbar-size-vertical: 1; }
    """

    def __init__(self, store: HistoryStore, session: SessionRow) -> None:
        """Create the screen.

        Args:
            store: the history, to read the steps from.
            session: the session (its steps are read on a worker thread).
        """
        super().__init__()
        self.store = store
        self.session = session
        self.loaded = False
        """True once the steps are shown."""

    def compose(self) -> ComposeResult:
        """Build the screen."""
        with Vertical(id="session-box") as box:
            box.border_title = "Session"
            yield Label(session_title(self.session), id="session-title", markup=False)
            yield DataTable(id="steps", cursor_type="row", zebra_stripes=True)
        yield AppFooter()

    def on_mount(self) -> None:
        """Set up the table and read the steps."""
        if not self.is_attached:  # the app exits (or the screen went) before it was composed
            return
        table = self.query_one("#steps", DataTable)
        for label in ("#", "Step", "Side", "Set", "Planned", "Actual", ""):
            table.add_column(label)
        table.focus()
        self.load_steps()

    @work(thread=True, exclusive=True, group="session-steps")
    def load_steps(self) -> None:
        """Read the steps on a worker thread and show them."""
        worker = get_current_worker()
        try:
            steps = self.store.steps(self.session.id)
        except HistoryUnavailable as exc:
            if not worker.is_cancelled:
                self.app.call_from_thread(self.notify, exc.message, severity="error")
            return
        if not worker.is_cancelled:
            self.app.call_from_thread(self._show, steps)

    def _show(self, steps: list[StepRow]) -> None:
        if not self.is_attached:  # closed while reading
            return
        table = self.query_one("#steps", DataTable)
        table.add_rows(step_cells(step) for step in steps)
        if not steps:
            self.query_one("#session-title", Label).update(
                session_title(self.session) + "\nNo steps were recorded."
            )
        self.loaded = True

    def action_close(self) -> None:
        """Close the steps."""
        self.dismiss()
