"""The runner's countdown: ``MM:SS`` in a solid block font, as big as the space given allows.

The owner (the runner screen) says how much room the clock has with :meth:`BigClock.fit`, on
every resize; the clock picks the largest scale of :mod:`~stretchtimer.tui.widgets.blockfont`
that fits. It repaints only when its text or its scale changes, and asks for a layout pass only
when its size changes (a new scale, or text of another length).
"""

from __future__ import annotations

from textual.content import Content
from textual.geometry import Size
from textual.widget import Widget

from stretchtimer.tui.widgets.blockfont import (
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
        self._drawn: Content | None = None

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
            self._drawn = None
            self.refresh(layout=True)

    def set_text(self, text: str) -> None:
        """Show another text (does nothing when it is the same).

        Args:
            text: digits and colons, e.g. ``01:30``.
        """
        if text == self._text:
            return
        resized = len(text) != len(self._text)
        self._text = text
        self._drawn = None
        if resized and self._space is not None:
            width, height = self._space
            scale = fitting_scale(text, width, height, largest=self._largest)
            if scale != self._scale:
                self._set_scale(scale)
                return
        self.refresh(layout=resized)

    def get_content_width(self, container: Size, viewport: Size) -> int:
        """Return the width of the drawn text."""
        return text_width(self._text, self._scale)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        """Return the height of the drawn text."""
        return scale_height(self._scale)

    def render(self) -> Content:
        """Draw the text (kept until the text or scale changes)."""
        if self._drawn is None:
            self._drawn = Content("\n".join(render(self._text, self._scale)))
        return self._drawn
