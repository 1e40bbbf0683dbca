"""The cramp form: log (or change) a cramp with the keyboard, from Textual's own form widgets.

Tab and Shift+Tab move between fields, arrows choose within the leg and muscle fields, Space
ticks a box, Enter in a text field or Ctrl+S saves, Escape cancels. The form returns the cramp
(not yet saved) through ``dismiss``; :func:`stretchtimer.tui.advice.log_cramp` saves it.

A new cramp starts from the diary's defaults (:func:`stretchtimer.history.diary.new_cramp`),
as ``stretchtimer cramp`` does: "last night" ticks "woke me" until the user ticks or unticks it.
"""

from __future__ import annotations

from datetime import datetime
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import (
    Button,
    Checkbox,
    Footer,
    Input,
    Label,
    RadioSet,
    Select,
    Static,
)

from stretchtimer.history.diary import (
    LEGS,
    MUSCLES,
    NOTE_LIMIT,
    Cramp,
    DiaryError,
    check_cramp,
    new_cramp,
    parse_when,
)
from stretchtimer.tui.widgets.toggles import MarkedCheckbox, MarkedRadioButton

FLAGS = (
    ("woke", "woke me"),
    ("swelling", "swelling"),
    ("redness", "redness"),
    ("weakness", "weakness"),
)


def _now() -> datetime:
    """Return the local time now, naive: the store gives each date its own UTC offset."""
    return datetime.now().replace(second=0, microsecond=0)


class CrampForm(ModalScreen[Cramp | None]):
    """Asks what the cramp was like; returns the cramp, or None when cancelled."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save", id="cramp.save", priority=True),
        Binding("escape", "cancel", "Cancel", id="cramp.cancel"),
    ]

    DEFAULT_CSS = """
    CrampForm { align: center middle; }
    CrampForm #cramp-box {
        width: 66; max-width: 100%; height: auto; max-height: 100%;
        border: round $accent; background: $surface; padding: 0 1;
        border-title-color: $accent; border-title-style: bold;
    }
    CrampForm .row { height: auto; min-height: 1; }
    CrampForm .field-label { width: 10; color: $text-muted; }
    CrampForm #when { width: 1fr; }
    CrampForm #when-hint { width: auto; color: $text-muted; padding-left: 1; }
    CrampForm #leg { width: 1fr; layout: horizontal; height: 1; }
    CrampForm #leg RadioButton { width: auto; margin-right: 1; }
    CrampForm #muscle { width: 22; }
    CrampForm #severity { width: 6; }
    CrampForm #minutes { width: 8; }
    CrampForm .hint { width: 1fr; color: $text-muted; padding-left: 1; }
    CrampForm Checkbox { width: 1fr; }
    CrampForm #note { width: 1fr; }
    CrampForm #form-error { color: $error; height: auto; }
    CrampForm #buttons { height: 1; margin-top: 1; align-horizontal: right; }
    CrampForm #buttons Button { margin-left: 2; }
    """

    def __init__(self, initial: Cramp | None = None, title: str = "Log a cramp") -> None:
        """Create the form.

        Args:
            initial: the values to start from (a new cramp now by default); its id and uid
                are kept in the result, so the same form edits a logged cramp.
            title: the form's title.
        """
        super().__init__()
        self.initial = initial
        self.title_text = title
        self._woke_follows_when = initial is None or initial.id == 0
        """True while "woke me" follows the When field as the diary's defaults say (a new
        cramp, until the user ticks or unticks it)."""

    def compose(self) -> ComposeResult:
        """Build the form."""
        start = self.initial or new_cramp(_now())
        when = "now" if self.initial is None else f"{start.at:%Y-%m-%d %H:%M}"
        with Vertical(id="cramp-box") as box:
            box.border_title = self.title_text
            with Horizontal(classes="row"):
                yield Label("When", classes="field-label")
                yield Input(
                    when,
                    id="when",
                    compact=True,
                    tooltip='now, "last night", HH:MM or YYYY-MM-DD HH:MM',
                )
                yield Label("now · last night · HH:MM", id="when-hint")
            with Horizontal(classes="row"):
                yield Label("Leg", classes="field-label")
                with RadioSet(id="leg", compact=True):
                    for leg in LEGS:
                        yield MarkedRadioButton(leg, value=leg == start.leg, compact=True)
            with Horizontal(classes="row"):
                yield Label("Muscle", classes="field-label")
                yield Select(
                    [(m, m) for m in MUSCLES],
                    value=start.muscle,
                    allow_blank=False,
                    id="muscle",
                    compact=True,
                )
            with Horizontal(classes="row"):
                yield Label("Severity", classes="field-label")
                yield Input(
                    str(start.severity), id="severity", type="integer", max_length=2, compact=True
                )
                yield Label("0 barely … 10 the worst", classes="hint")
            with Horizontal(classes="row"):
                yield Label("Minutes", classes="field-label")
                yield Input(
                    "" if start.minutes is None else f"{start.minutes:g}",
                    id="minutes",
                    type="number",
                    max_length=6,
                    compact=True,
                )
                yield Label("how long it lasted (optional)", classes="hint")
            for pair in (FLAGS[:2], FLAGS[2:]):
                with Horizontal(classes="row"):
                    yield Label("Also" if pair[0][0] == "woke" else "", classes="field-label")
                    for name, label in pair:
                        yield MarkedCheckbox(
                            label, value=bool(getattr(start, name)), id=name, compact=True
                        )
            with Horizontal(classes="row"):
                yield Label("Note", classes="field-label")
                yield Input(
                    start.note,
                    id="note",
                    max_length=NOTE_LIMIT,
                    compact=True,
                    placeholder="your own words (optional)",
                )
            yield Static("", id="form-error", markup=False)
            with Horizontal(id="buttons"):
                yield Button("Save", id="save", variant="primary", compact=True)
                yield Button("Cancel", id="cancel", compact=True)
        yield Footer()

    def on_mount(self) -> None:
        """Start in the first field."""
        self.query_one("#when", Input).focus()

    # ------------------------------------------------------------------------------ reading

    def read(self) -> Cramp:
        """Return the cramp the form describes.

        Raises:
            DiaryError: a field is wrong (the message names it); that field gets the focus.
        """
        start = self.initial or new_cramp(_now())
        when_input = self.query_one("#when", Input)
        try:
            at, _ = parse_when(when_input.value, _now())
        except DiaryError:
            when_input.focus()
            raise
        severity_input = self.query_one("#severity", Input)
        try:
            severity = int(severity_input.value)
        except ValueError:
            severity = -1
        if not 0 <= severity <= 10:
            severity_input.focus()
            raise DiaryError("severity must be a whole number from 0 to 10")
        minutes_input = self.query_one("#minutes", Input)
        minutes: float | None = None
        if minutes_input.value.strip():
            try:
                minutes = float(minutes_input.value)
            except ValueError:
                minutes_input.focus()
                raise DiaryError("minutes must be a number, or left empty") from None
        pressed = self.query_one("#leg", RadioSet).pressed_index
        muscle = self.query_one("#muscle", Select).value
        cramp = Cramp(
            at=at,
            leg=LEGS[pressed] if pressed >= 0 else start.leg,
            muscle=muscle if isinstance(muscle, str) else start.muscle,
            severity=severity,
            minutes=minutes,
            note=self.query_one("#note", Input).value.strip(),
            id=start.id,
            uid=start.uid,
            **{name: self.query_one(f"#{name}", Checkbox).value for name, _ in FLAGS},
        )
        check_cramp(cramp)
        return cramp

    # ------------------------------------------------------------------------------ actions

    def action_save(self) -> None:
        """Return the cramp, or say what is wrong."""
        try:
            cramp = self.read()
        except DiaryError as exc:
            self.query_one("#form-error", Static).update(str(exc)[:1].upper() + str(exc)[1:])
            return
        self.dismiss(cramp)

    def action_cancel(self) -> None:
        """Close without saving."""
        self.dismiss(None)

    @on(Input.Changed, "#when")
    def _when_changed(self, event: Input.Changed) -> None:
        """Tick "woke me" for last night, as the command line does, unless the user chose."""
        if self._woke_follows_when:
            woke = self.query_one("#woke", Checkbox)
            with woke.prevent(Checkbox.Changed):
                woke.value = new_cramp(_now(), event.value).woke

    @on(Checkbox.Changed, "#woke")
    def _woke_changed(self) -> None:
        self._woke_follows_when = False

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    @on(Button.Pressed)
    def _button(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "save":
            self.action_save()
        else:
            self.action_cancel()
