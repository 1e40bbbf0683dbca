"""A calendar heatmap, like a contribution graph: one column per week, one row per weekday.

The widget draws a grid from :func:`stretchtimer.history.stats.calendar_grid`. A day with a
completed session is a square in the theme's ``success`` colour blended over its background,
stronger for more sessions (full at four); a day without is a small grey dot, so the two differ by
shape as well as colour (256-colour terminals, ``NO_COLOR``). The colours come from the theme,
and the grid is redrawn when the theme changes. Days after today stay blank.

Cramps from the diary are marked beside their day, in the theme's ``error`` colour and by shape:
``×`` a cramp by day, ``*`` a cramp night (dated by the evening the night began).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from rich.style import Style
from rich.text import Text
from textual.color import Color
from textual.widgets import Static

from stretchtimer.history.stats import CalendarCell

CELL = "■"
EMPTY_CELL = "·"
CRAMP_DAY = "×"
CRAMP_NIGHT = "*"
LEGEND = f"{CELL} stretched {CRAMP_DAY} cramp {CRAMP_NIGHT} cramp night"
WEEKDAY_LABELS = ("Mo ", "   ", "We ", "   ", "Fr ", "   ", "Su ")
EMPTY_BLEND = 0.35
"""How far a day with nothing completed blends from the background to the text colour (a grey)."""
LEVEL_BLEND = (0.6, 0.75, 0.9, 1.0)
"""How far levels 1 to 4 (sessions completed, 4 or more) blend from the background to the colour."""


def level(count: int) -> int:
    """Return the colour level (0-4) of a day with ``count`` sessions completed."""
    return max(0, min(count, len(LEVEL_BLEND)))


def month_header(grid: list[list[CalendarCell]], label_width: int) -> str:
    """Return the row of month names above the grid (a name where a month starts).

    Args:
        grid: the weeks, oldest first, each Monday to Sunday.
        label_width: the width of the weekday labels on the left.
    """
    row = [" "] * (label_width + 2 * len(grid) + 2)
    free_from = 0
    for col, week in enumerate(grid):
        first = next((c.day for c in week if c.day.day == 1), None)
        if (
            first is None
            and col == 0
            and not any(c.day.day == 1 for c in grid[1][:] if len(grid) > 1)
        ):
            first = week[0].day  # the first column names its month unless one starts next
        pos = label_width + 2 * col
        if first is None or pos < free_from:
            continue
        name = first.strftime("%b")
        row[pos : pos + len(name)] = name
        free_from = pos + len(name) + 1
    return "".join(row).rstrip()


class Heatmap(Static):
    """Draws a calendar grid of completed sessions; set it with :meth:`show`."""

    DEFAULT_CSS = """
    Heatmap {
        width: auto;
        height: auto;
    }
    """

    def __init__(
        self,
        grid: list[list[CalendarCell]] | None = None,
        *,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        """Create the widget.

        Args:
            grid: weeks of seven days, oldest first (see ``calendar_grid``); empty by default.
            id: the widget id.
            classes: CSS classes.
        """
        super().__init__("", id=id, classes=classes)
        self.grid: list[list[CalendarCell]] = grid or []
        self.cramps: Mapping[date, bool] = {}
        """The days with a cramp; True for a cramp night."""

    def on_mount(self) -> None:
        """Draw, and redraw whenever the app's theme changes."""
        self.watch(self.app, "theme", self._redraw, init=False)
        self._redraw()

    def show(
        self, grid: list[list[CalendarCell]], cramps: Mapping[date, bool] | None = None
    ) -> None:
        """Draw a new grid.

        Args:
            grid: weeks of seven days, oldest first (see ``calendar_grid``).
            cramps: the diary days with a cramp, True when it was a cramp night.
        """
        self.grid = grid
        if cramps is not None:
            self.cramps = cramps
        if self.is_mounted:
            self._redraw()

    def level_styles(self) -> list[Style]:
        """Return the style of each level, from the current theme."""
        variables = self.app.theme_variables
        background = Color.parse(variables.get("background", "#000000"))
        foreground = Color.parse(variables.get("foreground", "#ffffff"))
        target = Color.parse(variables.get("success", "#39d353"))
        empty = background.blend(foreground, EMPTY_BLEND)
        return [
            Style(color=c.hex) for c in (empty, *(background.blend(target, f) for f in LEVEL_BLEND))
        ]

    def _redraw(self, *_: object) -> None:
        self.update(self.render_grid())

    def render_grid(self) -> Text:
        """Return the drawing of the grid as styled text."""
        text = Text(no_wrap=True, overflow="crop")
        if not self.grid:
            return text
        styles = self.level_styles()
        muted = Style(dim=True)
        error = Color.parse(self.app.theme_variables.get("error", "#ff0000"))
        cramp_style = Style(color=error.hex, bold=True)
        text.append(month_header(self.grid, len(WEEKDAY_LABELS[0])) + "\n", style=muted)
        for weekday in range(7):
            text.append(WEEKDAY_LABELS[weekday], style=muted)
            for week in self.grid:
                cell = week[weekday]
                if cell.future:
                    text.append("  ")
                else:
                    glyph = CELL if cell.count else EMPTY_CELL
                    text.append(glyph, style=styles[level(cell.count)])
                    night = self.cramps.get(cell.day)
                    if night is None:
                        text.append(" ")
                    else:
                        text.append(CRAMP_NIGHT if night else CRAMP_DAY, style=cramp_style)
            if weekday < 6:
                text.append("\n")
        return text
