"""A one-line label for text that changes every second, drawn through Textual's line API.

Textual's ``Label`` lays its text out as a paragraph (wrapping, alignment) on every change; for
the runner's times (``0:42 · 9:18 left``), repainted once a second, that layout was most of the
label's cost. This widget draws its one line as one strip, made once per text and style, and
asks for a layout pass only when the text's width changes.
"""

from __future__ import annotations

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual.content import Content
from textual.geometry import Size
from textual.strip import Strip
from textual.widget import Widget


class TickerLabel(Widget, can_focus=False):
    """Shows one line of plain text (no markup, no wrapping), as wide as the text.

    Args:
        text: the text to show (one line, already safe for a terminal).
        id: the widget id.
        classes: CSS classes.
    """

    DEFAULT_CSS = """
    TickerLabel {
        width: auto;
        height: 1;
    }
    """

    def __init__(self, text: str = "", *, id: str | None = None, classes: str | None = None):
        super().__init__(id=id, classes=classes)
        self._text = text
        self._strip: tuple[Style, Strip] | None = None

    @property
    def text(self) -> str:
        """Return the text shown."""
        return self._text

    def update(self, text: str) -> None:
        """Show another text; a layout pass only when its width changes.

        Args:
            text: the new text (one line).
        """
        if text == self._text:
            return
        resized = cell_len(text) != cell_len(self._text)
        self._text = text
        self._strip = None
        self.refresh(layout=resized)

    def get_content_width(self, container: Size, viewport: Size) -> int:
        """Return the width of the text."""
        return cell_len(self._text)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        """Return one row."""
        return 1

    def render(self) -> Content:
        """Return the text as content (what :meth:`render_line` draws)."""
        return Content(self._text)

    def render_line(self, y: int) -> Strip:
        """Return the line in the label's style (Textual's line API)."""
        style = self.visual_style.rich_style
        if self._strip is None or self._strip[0] != style:
            line = Strip([Segment(self._text, style)], cell_len(self._text)).apply_offsets(0, 0)
            self._strip = (style, line)
        return self._strip[1] if y == 0 else Strip.blank(self.size.width, style)
