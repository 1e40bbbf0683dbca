"""The runner's countdown: ``MM:SS`` in a solid block font, as big as the space given allows.

The owner (the runner screen) says how much room the clock has with :meth:`BigClock.fit`, on
every resize; the clock picks the largest scale of :mod:`~stretchtimer.tui.widgets.blockfont`
that fits. It repaints only when its text or its scale changes, and asks for a layout pass only
when its size changes (a new scale, or text of another length). When only the digits change,
only the cells that changed are repainted (from ``09:55`` to ``09:54`` the last digit, in the
rows where it changed), and the rows are drawn through Textual's line API, from strips made once
per text.
"""

from __future__ import annotations

from rich.segment import Segment
from rich.style import Style
from textual.content import Content
from textual.geometry import Region, Size
from textual.strip import Strip
from textual.widget import Widget

from stretchtimer.tui.widgets.blockfont import (
    changed_spans,
    fitting_scale,
    render,
    scale_height,
    text_width,
)


class BigClock(Widget, can_focus=False):
    """Shows a short ``MM:SS`` text in big block digits.

    Args:
        text: the text to show, digits and colons.
        scale: the scale to start with (0 for the 3-row font, n for 5 x n rows).
        largest: the largest factor :meth:`fit` may pick.
        id: the widget id.
        classes: CSS classes.
    """

    DEFAULT_CSS = """
    BigClock {
        width: auto;
        height: auto;
    }
    """

    def __init__(
        self,
        text: str = "00:00",
        *,
        scale: int = 1,
        largest: int = 2,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(id=id, classes=classes)
        self._text = text
        self._scale = scale
        self._largest = largest
        self._space: tuple[int, int] | None = None
        self._strips: tuple[Style, list[Strip]] | None = None  # one per row, in that style

    @property
    def text(self) -> str:
        """Return the text shown."""
        return self._text

    @property
    def scale(self) -> int:
        """Return the scale drawn at (0 for the 3-row font, n for 5 x n rows)."""
        return self._scale

    def fit(self, width: int, height: int) -> int:
        """Take the largest scale at which the text fits in ``width`` x ``height`` cells.

        The space is kept, so a text of another length is fitted again.

        Args:
            width: columns available.
            height: rows available.

        Returns:
            The scale now used.
        """
        self._space = (width, height)
        self._set_scale(fitting_scale(self._text, width, height, largest=self._largest))
        return self._scale

    def _set_scale(self, scale: int) -> None:
        if scale != self._scale:
            self._scale = scale
            self._strips = None
            self.refresh(layout=True)

    def set_text(self, text: str) -> None:
        """Show another text (does nothing when it is the same).

        Args:
            text: digits and colons, e.g. ``01:30``.
        """
        if text == self._text:
            return
        resized = len(text) != len(self._text)
        before = self._text
        self._text = text
        self._strips = None
        if resized:
            if self._space is not None:
                width, height = self._space
                scale = fitting_scale(text, width, height, largest=self._largest)
                if scale != self._scale:
                    self._set_scale(scale)
                    return
            self.refresh(layout=True)
            return
        # same size: repaint the cells that changed, no layout pass
        spans = changed_spans(render(before, self._scale), render(text, self._scale))
        if spans:
            self.refresh(*(Region(first, row, end - first, 1) for row, first, end in spans))

    def get_content_width(self, container: Size, viewport: Size) -> int:
        """Return the width of the drawn text."""
        return text_width(self._text, self._scale)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        """Return the height of the drawn text."""
        return scale_height(self._scale)

    def render(self) -> Content:
        """Return the drawing as content (what :meth:`render_line` shows, row by row)."""
        return Content("\n".join(render(self._text, self._scale)))

    def render_line(self, y: int) -> Strip:
        """Return row ``y`` of the drawing, in the clock's style (Textual's line API).

        The strips are made once per text, scale and style and then reused, so a repaint of a
        few cells costs no text layout.
        """
        style = self.visual_style.rich_style
        if self._strips is None or self._strips[0] != style:
            self._strips = (
                style,
                [
                    Strip([Segment(row, style)], len(row)).apply_offsets(0, index)
                    for index, row in enumerate(render(self._text, self._scale))
                ],
            )
        strips = self._strips[1]
        return strips[y] if 0 <= y < len(strips) else Strip.blank(self.size.width, style)
