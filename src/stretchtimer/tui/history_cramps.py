"""The cramps part of the history screen: the table's cells and the delete confirmation."""

from __future__ import annotations

from datetime import date
from typing import ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import Button, DataTable, Label, Static

from stretchtimer.history.diary import Cramp, describe
from stretchtimer.history.overview import DiaryOverview
from stretchtimer.history.store import HistoryStore, HistoryUnavailable
from stretchtimer.safe_text import visible_line
from stretchtimer.tui.widgets.footer import AppFooter

CRAMP_COLUMNS = (
    ("When", "when", 16),
    ("Leg", "leg", 5),
    ("Muscle", "muscle", 10),
    ("Sev", "severity", 3),
    ("Min", "minutes", 4),
    ("Woke", "woke", 4),
    ("Signs", "signs", 9),
)
"""The cramp table's columns before the note: label, key, width."""
NOTE_MIN = 10


def note_width(width: int) -> int:
    """Return the note column's width at a terminal ``width`` (it takes what is left)."""
    used = sum(w + 2 for _, _, w in CRAMP_COLUMNS) + 2 + 1 + 2  # border, scrollbar, padding
    return max(NOTE_MIN, width - used)


def _fit(text: str, width: int) -> str:
    return text if len(text) <= width else text[: max(width - 1, 0)] + "…"


def cramp_cells(cramp: Cramp, note: int = 40) -> tuple[str | Text, ...]:
    """Return the table cells of one cramp (the note as plain text, never markup).

    Args:
        cramp: the cramp.
        note: the note column's width (a longer note ends with an ellipsis).
    """
    return (
        f"{cramp.at:%Y-%m-%d %H:%M}",
        cramp.leg,
        cramp.muscle,
        Text(f"{cramp.severity:>2}", style="bold" if cramp.severity >= 7 else ""),
        "" if cramp.minutes is None else f"{cramp.minutes:g}",
        "yes" if cramp.woke else "",
        Text(_fit(", ".join(cramp.signs), 9), style="bold"),
        Text(_fit(visible_line(cramp.note), note)),
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
        yield AppFooter()

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


class CrampActions(Screen[None]):
    """The cramps tab's actions, for the history screen: log, change, delete, hide the advice."""

    store: HistoryStore
    today: date | None
    _cramps: dict[str, Cramp]

    def current_diary(self) -> DiaryOverview | None:
        """Return the diary as last read (None before the first read)."""
        return None

    def load(self, with_overview: bool = True) -> object:
        """Read the history again (the screen's worker)."""
        raise NotImplementedError

    def _cramp_under_cursor(self) -> Cramp | None:
        table = self.query_one("#cramps", DataTable)
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return self._cramps.get(key or "")

    def action_log_cramp(self) -> None:
        """Log a cramp, then show it."""
        from stretchtimer.tui.advice import log_cramp

        log_cramp(self, store=self.store, today=self.today, on_saved=self._diary_changed)

    def _edit_cramp(self, key: str | None) -> None:
        cramp = self._cramps.get(key or "")
        if cramp is not None:
            from stretchtimer.tui.cramp_form import CrampForm

            self.app.push_screen(
                CrampForm(cramp, title=f"Change cramp {cramp.id}"), self._save_edit
            )

    def _save_edit(self, cramp: Cramp | None) -> None:
        if cramp is not None:
            self._write_cramp("update", cramp)

    def action_delete_cramp(self) -> None:
        """Delete the cramp under the cursor, after asking."""
        cramp = self._cramp_under_cursor()
        if cramp is None:
            return

        def answered(delete: bool | None) -> None:
            if delete:
                self._write_cramp("delete", cramp)

        self.app.push_screen(ConfirmDelete(cramp), answered)

    @work(thread=True, group="history-write")
    def _write_cramp(self, what: str, cramp: Cramp) -> None:
        from stretchtimer.history.cramps import CrampLog

        log = CrampLog(self.store)
        try:
            if what == "delete":
                log.delete(cramp.id)
                message = f"Deleted cramp {cramp.id}"
            else:
                log.update(cramp)
                message = f"Changed cramp {cramp.id}"
        except HistoryUnavailable as exc:
            self.app.call_from_thread(self.notify, exc.message, severity="error")
            return
        self.app.call_from_thread(self.notify, message, timeout=3)
        self.app.call_from_thread(self._diary_changed, cramp)

    def _diary_changed(self, _cramp: object = None) -> None:
        if self.is_attached:
            self.load()

    def action_dismiss_advice(self) -> None:
        """Hide the doctor advice for 30 days."""
        diary = self.current_diary()
        if diary is None or not diary.advice_due:
            return
        from stretchtimer.tui.advice import _dismiss

        _dismiss(self, [r.rule for r in diary.reasons], self.store, self.today)
        self.remove_class("-advice")
        self.refresh_bindings()
