"""A check box and a radio button whose state shows by shape, not only by colour.

Textual draws the same mark in them on and off (``X``, ``●``) and tells the two apart by its
colour alone, which is gone with ``NO_COLOR`` or on a monochrome terminal. These draw the
mark only when on: ``▐X▌`` and ``▐ ▌``, ``▐●▌`` and ``▐○▌``. Textual's hook for the mark is the
``BUTTON_INNER`` attribute its toggle button draws; it is set here as the value changes.
"""

from __future__ import annotations

from typing import ClassVar

from textual.widgets import Checkbox, RadioButton


def _mark(button: Checkbox | RadioButton, marks: tuple[str, str]) -> None:
    """Set the mark Textual draws inside ``button`` to ``marks[value]``, redrawing on a change."""
    mark = marks[button.value]
    if mark != button.BUTTON_INNER:
        button.BUTTON_INNER = mark
        button.refresh()


class MarkedCheckbox(Checkbox):
    """A :class:`~textual.widgets.Checkbox` drawn ``▐X▌`` ticked and ``▐ ▌`` not."""

    MARKS: ClassVar[tuple[str, str]] = (" ", "X")
    """The marks drawn off and on (one cell each, so the box keeps its width)."""

    def on_mount(self) -> None:
        """Draw the mark of the value the box was made with."""
        _mark(self, self.MARKS)

    def watch_value(self) -> None:
        """Draw the mark of the new value (and let Textual post its ``Changed``)."""
        super().watch_value()
        _mark(self, self.MARKS)


class MarkedRadioButton(RadioButton):
    """A :class:`~textual.widgets.RadioButton` drawn ``▐●▌`` chosen and ``▐○▌`` not."""

    MARKS: ClassVar[tuple[str, str]] = ("○", "●")
    """The marks drawn off and on (one cell each, so the button keeps its width)."""

    def on_mount(self) -> None:
        """Draw the mark of the value the button was made with."""
        _mark(self, self.MARKS)

    def watch_value(self) -> None:
        """Draw the mark of the new value (and let Textual post its ``Changed``)."""
        super().watch_value()
        _mark(self, self.MARKS)
