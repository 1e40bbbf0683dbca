"""The cramps part of the history screen: the table's cells and the delete confirmation."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Footer, Label, Static

from stretchtimer.history.diary import Cramp, describe
from stretchtimer.safe_text import visible_line

CRAMP_COLUMNS = (("When", "when"), ("Leg", "leg"), ("Muscle", "muscle"), ("Sev", "severity"),
                 ("Min", "minutes"), ("Woke", "woke"), ("Signs", "signs"), ("Note", "note"))


def cramp_cells(cramp: Cramp) -> tuple[str | Text, ...]:
    """Return the table cells of one cramp (the note as plain text, never markup)."""
    return (
        f"{cramp.at:%Y-%m-%d %H:%M}",
        cramp.leg,
        cramp.muscle,
        Text(f"{cramp.severity:>2}", style="bold" if cramp.severity >= 7 else ""),
        "" if cramp.minutes is None else f"{cramp.minutes:g}",
        "yes" if cramp.woke else "",
        Text(", ".join(cramp.signs), style="bold"),
        Text(visible_line(cramp.note), no_wrap=True, overflow="ellipsis"),
    )


class ConfirmDelete(ModalScreen[bool]):
    """Asks before deleting a logged cramp; True means delete."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "answer(True)", "Delete", id="delete.yes"),
        Binding("n,escape", "answer(False)", "Keep", id="delete.no"),
    ]

    DEFAULT_CSS = """
    ConfirmDelete { align: center middle; }
    ConfirmDelete #delete-box {
        width: 64; max-width: 100%; height: auto; border: round $error;
        background: $surface; padding: 0 1;
    }
    ConfirmDelete #delete-buttons { height: 1; margin-top: 1; align-horizontal: right; }
    ConfirmDelete #delete-buttons Button { margin-left: 2; }
    """

    def __init__(self, cramp: Cramp) -> None:
        """Create the dialog for ``cramp``."""
        super().__init__()
        self.cramp = cramp

    def compose(self) -> ComposeResult:
        """Build the dialog."""
        with Vertical(id="delete-box"):
            yield Label("Delete this cramp from the diary?", id="delete-title")
            yield Static(describe(self.cramp), id="delete-what", markup=False)
            with Horizontal(id="delete-buttons"):
                yield Button("Delete (y)", id="delete-yes", variant="error", compact=True)
                yield Button("Keep (n)", id="delete-no", variant="primary", compact=True)
        yield Footer()

    def on_mount(self) -> None:
        """Focus the safe choice."""
        self.query_one("#delete-no", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        """Answer with the button pressed."""
        event.stop()
        self.dismiss(event.button.id == "delete-yes")

    def action_answer(self, delete: bool) -> None:
        """Answer."""
        self.dismiss(delete)
