"""The week-by-week chart: days stretched against cramp nights and their worst severity.

Three of Textual's own :class:`~textual.widgets.Sparkline` rows share one time axis, two
columns a week, oldest week on the left. A sparkline scales its bars between the smallest and
the largest value it is given; the chart gives each one a fixed scale (0-7 days, 0-7 nights,
0-10 severity) by putting the scale's ends in the data of the first two weeks and summarising
each week by its own value only (:func:`fixed_scale`).
"""

from __future__ import annotations

from collections.abc import Sequence

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Label, Sparkline, Static

from stretchtimer.history.insights import WeekFigure

COLUMNS_PER_WEEK = 2
SERIES = (
    ("stretched", "Days stretched", 7),
    ("nights", "Cramp nights", 7),
    ("severity", "Worst severity", 10),
)


def fixed_scale(
    values: Sequence[float], top: float, columns: int = COLUMNS_PER_WEEK
) -> list[float]:
    """Return sparkline data that draws ``values`` on a fixed 0..``top`` scale.

    The sparkline must be ``columns * len(values)`` cells wide: each cell is one bucket of
    two numbers, ``(marker, value)``. The first cell's marker is 0 and the second's ``top``
    (so the sparkline's scale runs from 0 to ``top``), every other marker is the value itself;
    summarise buckets with :func:`last` so each cell draws its own value.

    Args:
        values: one value a week.
        top: the top of the scale.
        columns: cells a week.
    """
    data: list[float] = []
    cell = 0
    for value in values:
        for _ in range(columns):
            marker = 0.0 if cell == 0 else float(top) if cell == 1 else float(value)
            data.extend((marker, float(value)))
            cell += 1
    return data


def last(bucket: Sequence[float]) -> float:
    """Return the last value of a bucket (the summary function of a fixed-scale sparkline)."""
    return bucket[-1]


def series_values(weeks: Sequence[WeekFigure]) -> dict[str, list[float]]:
    """Return the three series of the chart, one value a week."""
    return {
        "stretched": [float(w.days_stretched) for w in weeks],
        "nights": [float(w.cramp_nights) for w in weeks],
        "severity": [float(w.worst or 0) for w in weeks],
    }


def summary(weeks: Sequence[WeekFigure]) -> str:
    """Return the plain-words line under the chart: this week's figures."""
    if not weeks:
        return ""
    this = weeks[-1]
    worst = "no cramps" if this.worst is None else f"worst {this.worst}/10"
    nights = "night" if this.cramp_nights == 1 else "nights"
    return (
        f"This week: stretched {this.days_stretched} of 7 days, {this.cramp_nights} "
        f"cramp {nights}, {worst}."
    )


class WeekChart(Vertical):
    """The chart; set it with :meth:`show`."""

    DEFAULT_CSS = """
    WeekChart { height: auto; }
    WeekChart .chart-row { height: 2; }
    WeekChart #row-severity { height: 1; }
    WeekChart .chart-label {
        width: 15; height: 100%; content-align-vertical: bottom; color: $text-muted;
    }
    WeekChart Sparkline { width: auto; height: 2; }
    WeekChart #chart-severity { height: 1; }
    WeekChart #chart-stretched > .sparkline--max-color { color: $success; }
    WeekChart #chart-stretched > .sparkline--min-color { color: $success 40%; }
    WeekChart #chart-nights > .sparkline--max-color { color: $error; }
    WeekChart #chart-nights > .sparkline--min-color { color: $error 40%; }
    WeekChart #chart-severity > .sparkline--max-color { color: $warning; }
    WeekChart #chart-severity > .sparkline--min-color { color: $warning 40%; }
    WeekChart #chart-axis { color: $text-muted; height: 1; }
    WeekChart #chart-summary { height: auto; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        """Create the chart (empty until :meth:`show`)."""
        super().__init__(id=id)
        self.weeks: list[WeekFigure] = []

    def compose(self) -> ComposeResult:
        """Build the rows."""
        for key, label, _ in SERIES:
            with Horizontal(classes="chart-row", id=f"row-{key}"):
                yield Label(label, classes="chart-label")
                yield Sparkline([], id=f"chart-{key}", summary_function=last)
        yield Static("", id="chart-axis", markup=False)
        yield Static("", id="chart-summary", markup=False)

    def show(self, weeks: Sequence[WeekFigure]) -> None:
        """Draw these weeks (oldest first).

        Args:
            weeks: the weekly figures.
        """
        self.weeks = list(weeks)
        values = series_values(self.weeks)
        width = COLUMNS_PER_WEEK * len(self.weeks)
        for key, _, top in SERIES:
            line = self.query_one(f"#chart-{key}", Sparkline)
            line.styles.width = width
            line.data = fixed_scale(values[key], top)
        self.query_one("#chart-axis", Static).update(self.axis())
        self.query_one("#chart-summary", Static).update(summary(self.weeks))

    def axis(self) -> str:
        """Return the axis line: the first week's date on the left, "this week" on the right."""
        if not self.weeks:
            return ""
        width = COLUMNS_PER_WEEK * len(self.weeks)
        left = f"{self.weeks[0].start:%b %d}"
        right = "this week"
        gap = max(width - len(left) - len(right), 1)
        return " " * 15 + left + " " * gap + right
