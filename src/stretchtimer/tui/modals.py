"""Modal screens: the caution note, the stop confirmation and the help."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Footer, Input, Label, Static

from stretchtimer.safe_text import visible, visible_line
from stretchtimer.tui.stack import DismissOnce


class CautionScreen(DismissOnce, ModalScreen[bool]):
    """The routine's caution note, shown once before it starts; True means start."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "start", "Start", id="caution.start", priority=True),
        Binding("escape,q", "back", "Back", id="caution.back"),
    ]

    def __init__(self, routine_name: str, caution: str) -> None:
        """Create the screen.

        Args:
            routine_name: shown in the title.
            caution: the routine's caution text.
        """
        super().__init__()
        self.routine_name = routine_name
        self.caution = caution

    def compose(self) -> ComposeResult:
        """Build the dialog."""
        with Vertical(id="dialog", classes="caution"):
            yield Label(f"Before you start: {visible_line(self.routine_name)}", id="title",
                        markup=False)
            with VerticalScroll(id="body"):
                yield Static(visible(self.caution.strip()), id="caution-text", markup=False)
            yield Label("Enter start  ·  Esc back", id="hint")
        yield Footer()  # this dialog's keys, over the runner's (which do nothing here)

    def action_start(self) -> None:
        """Start the routine."""
        self.dismiss(True)

    def action_back(self) -> None:
        """Do not start."""
        self.dismiss(False)


class ConfirmStop(DismissOnce, ModalScreen[bool]):
    """Ask before stopping a routine; True means stop."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y,q", "stop", "Stop", id="confirm.stop"),
        Binding("n,escape", "keep", "Keep going", id="confirm.keep"),
    ]

    def compose(self) -> ComposeResult:
        """Build the dialog."""
        with Vertical(id="dialog", classes="confirm"):
            yield Label("Stop the routine?", id="title")
            yield Static(
                "It is saved as stopped, with the steps done so far.", id="question"
            )
            with Horizontal(id="buttons"):
                yield Button("Stop (y)", id="stop", variant="error")
                yield Button("Keep going (n)", id="keep", variant="primary")
        yield Footer()

    def on_mount(self) -> None:
        """Focus the safe choice."""
        if not self.is_attached:  # the app exits (or the screen went) before it was composed
            return
        self.query_one("#keep", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        """Answer with the button pressed."""
        event.stop()
        self.dismiss(event.button.id == "stop")

    def action_stop(self) -> None:
        """Stop the routine."""
        self.dismiss(True)

    def action_keep(self) -> None:
        """Keep going."""
        self.dismiss(False)


class NewRoutineScreen(DismissOnce, ModalScreen[str | None]):
    """Ask for the name of a new routine; returns the name, or None when cancelled."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="new.cancel"),
    ]

    def compose(self) -> ComposeResult:
        """Build the dialog."""
        with Vertical(id="dialog", classes="new"):
            yield Label("New routine", id="title")
            yield Input(placeholder="its name, e.g. Morning legs", max_length=120, id="name")
            yield Label("Enter create and edit  ·  Esc cancel", id="hint")
        yield Footer()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Create the routine with the name typed."""
        event.stop()
        name = event.value.strip()
        if name:
            self.dismiss(name)

    def action_cancel(self) -> None:
        """Do not create anything."""
        self.dismiss(None)


HELP_TEXT = """\
[b]Home[/b]
  ↑ ↓       choose a routine         e   edit it in $EDITOR
  Enter     start it                 n   new routine from the template
  r         reload the routines      h   history
  !         cramp relief, at once
  ?         this help                q   quit
  (editing a built-in routine copies it to your routines folder first)

[b]Running a routine[/b]
  Space     pause / resume           Enter     done (reps you count)
  → or n    skip this part           q or Esc  stop (asks first)
  ← or p    restart this part; in its first 2 s, the one before

[b]Anywhere[/b]
  Ctrl+P    command palette: themes and more
  Ctrl+C    stop and quit at once (a running routine is saved as stopped)
"""


class HelpScreen(DismissOnce, ModalScreen[None]):
    """The list of keys."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark,enter", "close", "Close", id="help.close"),
    ]

    def compose(self) -> ComposeResult:
        """Build the dialog."""
        with Vertical(id="dialog", classes="help"):
            yield Label("Keys", id="title")
            with VerticalScroll(id="body"):
                yield Static(HELP_TEXT, id="help-text")
        yield Footer()  # "esc Close" (no hint line: at 80x24 the keys fill the dialog)

    def action_close(self) -> None:
        """Close the help."""
        self.dismiss(None)
