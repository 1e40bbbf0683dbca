"""A thin progress bar for the whole routine that repaints only when it visibly moves.

Textual's ``ProgressBar`` repaints itself every second on its own (for its ETA), which is most of
an idle screen's work; this bar has no timer and redraws only when the filled part changes by at
least half a cell.
"""

from __future__ import annotations

from typing import ClassVar

from rich.console import RenderableType
from rich.style import Style
from textual.renderables.bar import Bar
from textual.widget import Widget


class RoutineBar(Widget, can_focus=False):
    """Shows a fraction from 0 to 1 as a bar."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {"routine-bar--bar", "routine-bar--complete"}

    DEFAULT_CSS = """
    RoutineBar {
        width: 1fr;
        height: 1;

        &> .routine-bar--bar {
            color: $primary;
            background: $surface;
        }
        &> .routine-bar--complete {
            color: $success;
            background: $surface;
        }
    }
    """

    def __init__(self, fraction: float = 0.0, *, id: str | None = None) -> None:
        """Create the bar.

        Args:
            fraction: how much is filled, 0 to 1.
            id: the widget id.
        """
        super().__init__(id=id)
        self._fraction = min(max(fraction, 0.0), 1.0)
        self._shown: tuple[int, int] = (-1, -1)

    @property
    def fraction(self) -> float:
        """Return how much of the bar is filled, 0 to 1."""
        return self._fraction

    def _cells(self, fraction: float) -> tuple[int, int]:
        """Return the filled part in half cells, with the width it was measured at."""
        width = self.size.width
        return int(fraction * width * 2), width

    def set_fraction(self, fraction: float) -> None:
        """Fill the bar to ``fraction``; repaints only when the change is visible.

        Args:
            fraction: how much is filled, 0 to 1.
        """
        self._fraction = min(max(fraction, 0.0), 1.0)
        if self._cells(self._fraction) != self._shown:
            self.refresh()

    def render(self) -> RenderableType:
        """Draw the bar."""
        self._shown = self._cells(self._fraction)
        width = self.size.width
        style = self.get_component_rich_style(
            "routine-bar--complete" if self._fraction >= 1 else "routine-bar--bar"
        )
        return Bar(
            highlight_range=(0, width * self._fraction),
            highlight_style=Style.from_color(style.color),
            background_style=Style.from_color(style.bgcolor),
        )
