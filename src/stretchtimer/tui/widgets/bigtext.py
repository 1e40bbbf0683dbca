"""A widget that writes a short word in 3-row solid block letters, to be read from across the room.

Textual's ``Digits`` draws numbers only; the tempo phases (UP, HOLD, DOWN) and the rep count need
letters too. The letters come from :mod:`~stretchtimer.tui.widgets.blockfont`, in the same solid
style (█ ▀ ▄) as the countdown's 3-row font, so they read from a mat a few metres away.
"""

from __future__ import annotations

from rich.console import RenderableType
from rich.text import Text
from textual.widgets import Static

from stretchtimer.tui.widgets.blockfont import render_word, render_word_at


def big_lines(text: str) -> tuple[str, str, str]:
    """Return ``text`` drawn as three rows of solid block characters.

    Characters outside the font are drawn blank, as wide as a digit.

    Args:
        text: a short word (letters are upper-cased).
    """
    return render_word(text)


class BigText(Static):
    """Shows a short word in 3-row solid block letters."""

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
        self._factor = 1
        super().__init__(self._render_text(text), id=id, classes=classes)

    @property
    def factor(self) -> int:
        """Return how many times bigger than the 3-row style the word is drawn."""
        return self._factor

    def set_factor(self, factor: int) -> None:
        """Draw the word ``factor`` times bigger (1: 3 rows, 2: 6 rows).

        Args:
            factor: the size, 1 or more.
        """
        factor = max(factor, 1)
        if factor != self._factor:
            self._factor = factor
            self.styles.height = 3 * factor
            self.update(self._render_text(self._text, factor))

    @property
    def text(self) -> str:
        """Return the word shown."""
        return self._text

    @staticmethod
    def _render_text(text: str, factor: int = 1) -> RenderableType:
        lines = big_lines(text) if factor == 1 else render_word_at(text, factor)
        return Text("\n".join(lines), no_wrap=True, end="")

    def set_text(self, text: str) -> None:
        """Show another word (does nothing when it is the same).

        Args:
            text: the word to show.
        """
        if text != self._text:
            self._text = text
            self.update(self._render_text(text, self._factor))
