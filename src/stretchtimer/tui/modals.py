"""Modal screens: the caution note, the stop confirmation and the help."""

from __future__ import annotations

import textwrap
from typing import ClassVar

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

from stretchtimer.safe_text import visible, visible_line
from stretchtimer.session.actions import SESSION_KEYS, key_label
from stretchtimer.tui.stack import DismissOnce
from stretchtimer.tui.widgets.footer import AppFooter


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
            yield Label(
                f"Before you start: {visible_line(self.routine_name)}", id="title", markup=False
            )
            with VerticalScroll(id="body"):
                yield Static(visible(self.caution.strip()), id="caution-text", markup=False)
            yield Label("Enter start  ·  Esc back", id="hint")
        yield AppFooter()  # this dialog's keys, over the runner's (which do nothing here)

    def action_start(self) -> None:
        """Start the routine."""
        self.dismiss(True)

    def action_back(self) -> None:
        """Do not start."""
        self.dismiss(False)


class TextScreen(DismissOnce, ModalScreen[None]):
    """A text shown whole (a long cue), scrollable; Esc, Enter or ``i`` closes it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,enter,i,q", "close", "Close", id="text.close"),
    ]

    def __init__(self, title: str, text: str) -> None:
        """Create the screen.

        Args:
            title: the title (a step name).
            text: the text.
        """
        super().__init__()
        self.title_text = title
        self.text = text

    def compose(self) -> ComposeResult:
        """Build the dialog."""
        with Vertical(id="dialog", classes="text"):
            yield Label(self.title_text, id="title", markup=False)
            with VerticalScroll(id="body"):
                yield Static(self.text.strip(), id="text", markup=False)
        yield AppFooter()

    def action_close(self) -> None:
        """Close the dialog."""
        self.dismiss(None)


class ConfirmStop(DismissOnce, ModalScreen[bool]):
    """Ask before stopping a routine; True means stop.

    Only ``y`` (or the Stop button) stops. The key that opened the question (``q``) does
    nothing here, so pressing it twice never ends a session; Esc or ``n`` goes on.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "stop", "Stop", id="confirm.stop"),
        Binding("n,escape", "keep", "Keep going", id="confirm.keep"),
    ]

    def compose(self) -> ComposeResult:
        """Build the dialog."""
        with Vertical(id="dialog", classes="confirm"):
            yield Label("Stop the routine?", id="title")
            yield Static("It is saved as stopped, with the steps done so far.", id="question")
            with Horizontal(id="buttons"):
                yield Button("Stop (y)", id="stop", variant="error")
                yield Button("Keep going (n)", id="keep", variant="primary")
        yield AppFooter()

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
        yield AppFooter()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Create the routine with the name typed."""
        event.stop()
        name = event.value.strip()
        if name:
            self.dismiss(name)

    def action_cancel(self) -> None:
        """Do not create anything."""
        self.dismiss(None)


HomeKeys = tuple[tuple[str, str], ...]

HOME_KEYS: HomeKeys = (
    ("↑ ↓", "choose a routine"),
    ("Enter", "start it"),
    ("e", "edit it in your editor"),
    ("n", "new routine"),
    ("r", "reload the routines"),
    ("h", "history"),
    ("!", "cramp relief, at once"),
    ("c", "log a cramp in your diary"),
    ("?", "this help"),
    ("q", "quit"),
)
ANYWHERE_KEYS: HomeKeys = (
    ("Ctrl+P", "command palette: themes, and the runner's actions"),
    ("Ctrl+C", "stop and quit at once (a running routine is saved as stopped)"),
)
TWO_COLUMNS_FROM = 70
"""Columns of the dialog's text from which the keys go in two columns."""


def runner_keys() -> HomeKeys:
    """Return the keys of a running routine, from the session key table, plus the cue key."""
    rows = tuple((" or ".join(key_label(k) for k in row.keys), row.help) for row in SESSION_KEYS)
    return (*rows, ("i", "show the whole cue, when it is cut"))


def help_text(width: int) -> Content:
    """Return the help, laid out for ``width`` columns: two columns of keys when there is room.

    Args:
        width: the columns the text has.
    """
    sections = (
        ("Home", HOME_KEYS),
        ("Running a routine", runner_keys()),
        ("Anywhere", ANYWHERE_KEYS),
    )
    lines: list[Content] = []
    for title, keys in sections:
        if lines:
            lines.append(Content(""))
        lines.append(Content.styled(title, "bold"))
        key_width = max(len(key) for key, _ in keys) + 2
        column = (width - 2) // 2
        half = (len(keys) + 1) // 2
        fits = all(2 + key_width + len(what) < column for _, what in keys[:half]) and all(
            key_width + len(what) <= width - column for _, what in keys[half:]
        )
        if width >= TWO_COLUMNS_FROM and fits:
            for left, right in zip(keys[:half], (*keys[half:], ("", ""))[:half], strict=True):
                cell = f"  {left[0]:<{key_width}}{left[1]}"
                lines.append(Content(f"{cell:<{column}}{right[0]:<{key_width}}{right[1]}".rstrip()))
        else:
            for key, what in keys:
                wrapped = textwrap.wrap(what, max(width - key_width - 2, 10)) or [""]
                lines.append(Content(f"  {key:<{key_width}}{wrapped[0]}"))
                lines.extend(Content(" " * (key_width + 2) + more) for more in wrapped[1:])
        if keys is HOME_KEYS:
            note = "(a built-in routine is copied to your folder before it is edited)"
            lines.extend(Content("  " + line) for line in textwrap.wrap(note, width - 2))
    return Content("\n").join(lines)


class HelpScreen(DismissOnce, ModalScreen[None]):
    """The list of keys, laid out for the terminal's size."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark,enter", "close", "Close", id="help.close"),
    ]

    def compose(self) -> ComposeResult:
        """Build the dialog."""
        with Vertical(id="dialog", classes="help"):
            yield Label("Keys", id="title")
            with VerticalScroll(id="body"):
                yield Static("", id="help-text")
        yield AppFooter()  # "esc Close" (no hint line: at 80x24 the keys fill the dialog)

    def on_resize(self, event: events.Resize) -> None:
        """Lay the keys out again for the new size."""
        self._fill(event.size.width)

    def on_mount(self) -> None:
        """Lay the keys out for the size the app has."""
        self._fill(self.app.size.width)

    def _fill(self, screen_width: int) -> None:
        # the dialog is at most 78 wide: a border and a padding column each side, a scrollbar
        width = min(screen_width, 78) - 5
        self.query_one("#help-text", Static).update(help_text(width))

    def action_close(self) -> None:
        """Close the help."""
        self.dismiss(None)
