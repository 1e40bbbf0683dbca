"""The parts of the history screen that are not widgets: what it reads and how it is laid out."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from rich.table import Table
from rich.text import Text

from stretchtimer import goals
from stretchtimer.config import load_settings
from stretchtimer.history import stats
from stretchtimer.history.diary import Cramp
from stretchtimer.history.overview import DiaryOverview, load_diary
from stretchtimer.history.store import HistoryStore
from stretchtimer.safe_text import visible_line

WEEKS = 26
"""The most weeks the calendar shows."""
MIN_WEEKS = 12
SHORT_HEIGHT = 24
"""Below this many rows the cramps tab leaves the comparison to the overview."""
COMPACT_HEIGHT = 30
"""Below this many rows the chart draws each series on one row."""
PANEL_MIN = 36
"""The narrowest per-routine panel beside the calendar; below that it goes under it."""
CHART_WEEKS = 12
FIXED_COLUMNS = (
    ("Started", "started", 16),
    ("Time", "time", 7),
    ("Status", "status", 11),
    ("Steps", "steps", 5),
)
"""The session table's columns other than the routine's: label, key, width."""
SHORT_STARTED = 11
"""The width of the start time without its year (``05-15 21:05``), for narrow terminals."""
ROUTINE_MIN = 12
CRAMP_LIMIT = 500


def calendar_weeks(width: int) -> tuple[int, bool]:
    """Return how many weeks the calendar shows at a terminal ``width``, and the panel's place.

    The second value is True when the per-routine panel fits beside the calendar. The
    calendar box takes ``2 * weeks + 8`` columns (weekday labels, a month name that may start
    in the last week, padding and border).
    """
    beside = (width - PANEL_MIN - 8) // 2
    if beside >= MIN_WEEKS:
        return min(WEEKS, beside), True
    return max(4, min(WEEKS, (width - 8) // 2)), False


def routine_width(width: int) -> tuple[int, bool]:
    """Return the routine column's width at a terminal ``width``, and whether dates keep years.

    The start time drops its year when the routine column would get too narrow.

    Each column has one cell of padding on each side; the table has a border and a scrollbar.
    """
    others = sum(w + 2 for _, _, w in FIXED_COLUMNS[1:]) + 2 + 2 + 1
    full = width - others - (FIXED_COLUMNS[0][2] + 2)
    if full >= ROUTINE_MIN:
        return full, True
    return max(ROUTINE_MIN, width - others - (SHORT_STARTED + 2)), False


def fit(text: str, width: int) -> str:
    """Return ``text`` cut to ``width`` characters, ending with an ellipsis when cut."""
    return text if len(text) <= width else text[: max(width - 1, 0)] + "…"


@dataclass(frozen=True, slots=True)
class Overview:
    """What the screen shows apart from the table."""

    streaks: stats.Streaks
    grid: list[list[stats.CalendarCell]]
    routines: list[stats.RoutineTotal]
    progress: goals.Progress | None = None
    diary: DiaryOverview | None = None
    cramp_marks: dict[date, bool] | None = None
    cramps: list[Cramp] | None = None


def load_overview(store: HistoryStore, today: date, goal: goals.Goal | None = None) -> Overview:
    """Read the streaks, the calendar grid, the totals and the diary (blocking: on a thread).

    Args:
        store: the history.
        today: the local date now.
        goal: the goal to measure today against (the user's setting when None).
    """
    from stretchtimer.history.cramps import CrampLog

    counts = store.completed_counts()
    grid = stats.calendar_grid(counts, today, WEEKS)
    log = CrampLog(store)
    cramps = log.cramps(limit=CRAMP_LIMIT)
    marks: dict[date, bool] = {}
    for cramp in log.cramps(since=grid[0][0].day):
        marks[cramp.diary_day] = marks.get(cramp.diary_day, False) or cramp.is_night
    return Overview(
        streaks=stats.streaks(counts, today),
        grid=grid,
        routines=store.routine_totals(),
        progress=goals.progress(counts, today, goal or load_settings()[0].goal_for(None)),
        diary=load_diary(store, today, CHART_WEEKS),
        cramp_marks=marks,
        cramps=cramps,
    )


def streak_line(overview: Overview) -> str:
    """Return the one-line summary of today against the goal and both streaks."""
    return goals.progress_text(overview.progress)


def routines_table(routines: list[stats.RoutineTotal]) -> Table | str:
    """Return the totals per routine as a compact table (a short note when there are none)."""
    if not routines:
        return " No sessions yet."
    table = Table(
        box=None,
        show_header=True,
        header_style="dim",
        padding=(0, 0, 0, 1),
        expand=True,
        show_edge=False,
    )
    table.add_column("Routine", ratio=1, no_wrap=True, overflow="ellipsis")
    table.add_column("Runs", justify="right", no_wrap=True)
    table.add_column("Min", justify="right", no_wrap=True)
    for r in routines:
        table.add_row(Text(visible_line(r.routine_name)), str(r.sessions), f"{r.minutes:.0f}")
    return table


HISTORY_CSS = """
    HistoryScreen { layout: vertical; }
    HistoryScreen #history-top { height: 1; background: $panel; padding: 0 1; }
    HistoryScreen #history-title { width: auto; text-style: bold; margin-right: 2; }
    HistoryScreen #streaks { width: 1fr; text-wrap: nowrap; text-overflow: ellipsis; }
    HistoryScreen #history-tabs { height: 1fr; }
    HistoryScreen TabPane { padding: 0; height: 1fr; }
    HistoryScreen #overview { height: auto; }
    HistoryScreen.-narrow #overview { layout: vertical; }
    HistoryScreen #heatmap-box {
        width: 60; height: 10; padding: 0 1;
        border: round $success 50%; border-title-color: $success;
        border-subtitle-color: $text-muted;
    }
    HistoryScreen #routine-totals {
        width: 1fr; height: 10; border: round $secondary 50%; border-title-color: $secondary;
        padding-right: 1;
    }
    HistoryScreen.-narrow #routine-totals { width: 100%; height: auto; max-height: 10; }
    HistoryScreen.-narrow #history-title { display: none; }  /* the streak line needs the room */
    HistoryScreen #chart-box {
        height: auto; border: round $accent 50%; border-title-color: $accent; padding: 0 1;
    }
    HistoryScreen #filter-row { height: 1; padding: 0 1; }
    HistoryScreen #filter-row Label { width: auto; padding-right: 1; color: $text-muted; }
    HistoryScreen #routine-filter { width: 40; }
    HistoryScreen #sessions, HistoryScreen #cramps {
        height: 1fr; border: round $primary 50%; border-title-color: $primary;
        scrollbar-size-vertical: 1;
    }
    HistoryScreen #sessions:focus, HistoryScreen #cramps:focus { border: round $primary; }
    HistoryScreen #message { height: 1fr; padding: 1 2; color: $text-muted; display: none; }
    HistoryScreen #sessions-tab.-empty #message { display: block; }
    HistoryScreen #sessions-tab.-empty #sessions { display: none; }
    HistoryScreen #advice-box {
        height: auto; max-height: 50%; padding: 0 1; border: round $warning;
        border-title-color: $warning; display: none; scrollbar-size-vertical: 1;
    }
    HistoryScreen #advice { height: auto; }
    HistoryScreen.-advice #advice-box { display: block; }
    HistoryScreen #comparison { height: auto; padding: 0 1; color: $text-muted; }
    HistoryScreen.-short #comparison { display: none; }
    HistoryScreen.-short #advice-box { max-height: 6; }
    HistoryScreen #cramps { min-height: 5; }
    HistoryScreen.-compact WeekChart .chart-row { height: 1; }
    HistoryScreen.-compact WeekChart Sparkline { height: 1; }
    HistoryScreen #comparison-chart { height: auto; }
    HistoryScreen #overview-scroll { scrollbar-size-vertical: 1; }
    """
"""The history screen's styles."""
