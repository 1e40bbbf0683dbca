"""A widget that writes a short word in 3-row letters, to be read from across the room.

Textual's ``Digits`` draws numbers only; the tempo phases (UP, HOLD, DOWN) and the rep count need
letters too. The letters follow the same rounded box-drawing style as ``Digits``.
"""

from __future__ import annotations

from rich.console import RenderableType
from rich.text import Text
from textual.widgets import Static

FONT: dict[str, tuple[str, str, str]] = {
    "A": ("╭─╮", "├─┤", "╵ ╵"),
    "D": ("┌─╮", "│ │", "└─╯"),
    "E": ("╭─╴", "├─ ", "╰─╴"),
    "H": ("╷ ╷", "├─┤", "╵ ╵"),
    "L": ("╷  ", "│  ", "╰─╴"),
    "N": ("┌╮╷", "│││", "╵╰┘"),
    "O": ("╭─╮", "│ │", "╰─╯"),
    "P": ("┌─╮", "├─╯", "╵  "),
    "S": ("╭─╴", "╰─╮", "╶─╯"),
    "U": ("╷ ╷", "│ │", "╰─╯"),
    "W": ("╷ ╷", "│││", "╰┴╯"),
    "/": ("  ╱", " ╱ ", "╱  "),
    " ": ("  ", "  ", "  "),
    "0": ("╭─╮", "│ │", "╰─╯"),
    "1": ("╶╮ ", " │ ", "╶┴╴"),
    "2": ("╶─╮", "┌─┘", "╰─╴"),
    "3": ("╶─╮", " ─┤", "╶─╯"),
    "4": ("╷ ╷", "╰─┤", "  ╵"),
    "5": ("╭─╴", "╰─╮", "╶─╯"),
    "6": ("╭─╴", "├─╮", "╰─╯"),
    "7": ("╶─┐", "  │", "  ╵"),
    "8": ("╭─╮", "├─┤", "╰─╯"),
    "9": ("╭─╮", "╰─┤", "╶─╯"),
}


def big_lines(text: str) -> tuple[str, str, str]:
    """Return ``text`` drawn as three rows of box-drawing characters.

    Characters outside the font are drawn on the bottom row as they are.

    Args:
        text: a short word (letters are upper-cased).
    """
    rows: list[list[str]] = [[], [], []]
    for char in text.upper():
        glyph = FONT.get(char, (" ", " ", char))
        for row, piece in zip(rows, glyph, strict=True):
            row.append(piece)
    top, middle, bottom = (" ".join(row) for row in rows)
    return top, middle, bottom


class BigText(Static):
    """Shows a short word in 3-row letters."""

    DEFAULT_CSS = """
    BigText {
        width: auto;
        height: 3;
    }
    """

    def __init__(self, text: str = "", *, id: str | None = None, classes: str | None = None):
        """Create the widget.

        Args:
            text: the word to show.
            id: the widget id.
            classes: CSS classes.
        """
        self._text = text
        super().__init__(self._render_text(text), id=id, classes=classes)

    @property
    def text(self) -> str:
        """Return the word shown."""
        return self._text

    @staticmethod
    def _render_text(text: str) -> RenderableType:
        return Text("\n".join(big_lines(text)), no_wrap=True, end="")

    def set_text(self, text: str) -> None:
        """Show another word (does nothing when it is the same).

        Args:
            text: the word to show.
        """
        if text != self._text:
            self._text = text
            self.update(self._render_text(text))
