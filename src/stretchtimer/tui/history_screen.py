"""The history screen: streaks, a 26-week heatmap, totals per routine and the sessions.

Everything is read on a worker thread (``@work(thread=True)``), never on the event loop; the
screen shows "reading history…" until the first read is done. The table lists the newest
:attr:`HistoryScreen.TABLE_LIMIT` sessions (all of them, or one routine's, picked in the
filter; ``m`` lists more: a DataTable measures every row it is given, so listing 100,000 at once
would take seconds); Enter on a session opens :class:`SessionDetailScreen` with its steps.

The screen works when pushed by any app: it takes a store, a path, or nothing (the user's
history file), and a fixed ``today`` for tests and snapshots.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import ClassVar

from rich.markup import escape
from rich.table import Table
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Label, Select, Static
from textual.worker import get_current_worker

from stretchtimer import goals, locations
from stretchtimer.config import load_settings
from stretchtimer.history import stats
from stretchtimer.history.records import SessionRow
from stretchtimer.history.store import HistoryStore, HistoryUnavailable
from stretchtimer.safe_text import visible, visible_line
from stretchtimer.session.plan import format_elapsed
from stretchtimer.tui.history_detail import SessionDetailScreen
from stretchtimer.tui.stack import DismissOnce
from stretchtimer.tui.widgets.heatmap import Heatmap

WEEKS = 26


@dataclass(frozen=True, slots=True)
class Overview:
    """What the screen shows apart from the table."""

    streaks: stats.Streaks
    grid: list[list[stats.CalendarCell]]
    routines: list[stats.RoutineTotal]
    progress: goals.Progress | None = None


def load_overview(store: HistoryStore, today: date, goal: goals.Goal | None = None) -> Overview:
    """Read the streaks, the heatmap grid and the totals (blocking: call it on a thread).

    Args:
        store: the history.
        today: the local date now.
        goal: the goal to measure today against (the user's setting when None).
    """
    counts = store.completed_counts()
    return Overview(
        streaks=stats.streaks(counts, today),
        grid=stats.calendar_grid(counts, today, WEEKS),
        routines=store.routine_totals(),
        progress=goals.progress(counts, today, goal or load_settings()[0].goal_for(None)),
    )


def streak_line(overview: Overview) -> str:
    """Return the one-line summary of today against the goal and both streaks."""
    return goals.progress_text(overview.progress)


def routines_table(routines: list[stats.RoutineTotal]) -> Table | str:
    """Return the totals per routine as a compact table (a short note when there are none)."""
    if not routines:
        return " No sessions yet."
    table = Table(box=None, show_header=True, header_style="dim", padding=(0, 0, 0, 1),
                  expand=True, show_edge=False)
    table.add_column("Routine", ratio=1, no_wrap=True, overflow="ellipsis")
    table.add_column("Runs", justify="right", no_wrap=True)
    table.add_column("Min", justify="right", no_wrap=True)
    for r in routines:
        table.add_row(Text(visible_line(r.routine_name)), str(r.sessions), f"{r.minutes:.0f}")
    return table


class HistoryScreen(DismissOnce, Screen[None]):
    """Shows the history; Escape or q goes back."""

    TABLE_LIMIT = 200
    """How many sessions the table lists at first (the newest); ``m`` shows more."""
    MORE = 500
    """How many more sessions ``m`` adds."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Back", id="history.back"),
        Binding("q", "close", "Back", show=False, id="history.quit"),
        Binding("f", "filter", "Filter", id="history.filter"),
        Binding("m", "more", "More", id="history.more",
                tooltip="List more sessions (the table starts with the newest ones)"),
        Binding("enter", "open_session", "Steps", show=True, id="history.steps"),
    ]

    DEFAULT_CSS = """
    HistoryScreen { layout: vertical; }
    HistoryScreen #history-top { height: 1; background: $panel; padding: 0 1; }
    HistoryScreen #history-title { width: auto; text-style: bold; margin-right: 2; }
    HistoryScreen #streaks { width: 1fr; }
    HistoryScreen #overview { height: 10; }
    HistoryScreen #heatmap-box {
        width: 59; height: 10; padding: 0 1;
        border: round $success 50%; border-title-color: $success;
    }
    HistoryScreen #routine-totals {
        width: 1fr; height: 10; border: round $secondary 50%; border-title-color: $secondary;
    }
    HistoryScreen #filter-row { height: 1; padding: 0 1; }
    HistoryScreen #filter-row Label { width: auto; padding-right: 1; color: $text-muted; }
    HistoryScreen #routine-filter { width: 40; }
    HistoryScreen #sessions {
        height: 1fr; border: round $primary 50%; border-title-color: $primary;
        scrollbar-size-vertical: 1;
    }
    HistoryScreen #sessions:focus { border: round $primary; }
    HistoryScreen #message { height: 1fr; padding: 1 2; color: $text-muted; display: none; }
    HistoryScreen.-empty #message { display: block; }
    HistoryScreen.-empty #sessions { display: none; }
    """

    def __init__(self, store: HistoryStore | Path | str | None = None, *,
                 today: date | None = None, name: str | None = None,
                 id: str | None = None) -> None:
        """Create the screen.

        Args:
            store: the history store, or the path of a history file; the user's by default.
                A store passed in is left open; one the screen opens is closed when it goes.
            today: the local date to count streaks and draw the heatmap to (now by default).
            name: the screen's name.
            id: the screen's id.
        """
        super().__init__(name=name, id=id)
        self._owns_store = not isinstance(store, HistoryStore)
        if isinstance(store, HistoryStore):
            self.store = store
        else:
            self.store = HistoryStore(store if store is not None else locations.history_db())
        self.today = today
        self.routine: str | None = None
        self.limit = self.TABLE_LIMIT
        self._keep_cursor = False
        self.loaded = False
        """True once the first read is shown."""
        self._rows: dict[str, SessionRow] = {}

    def compose(self) -> ComposeResult:
        """Build the screen."""
        with Horizontal(id="history-top"):
            yield Label("History", id="history-title")
            yield Label("reading history…", id="streaks")
        with Horizontal(id="overview"):
            with Vertical(id="heatmap-box") as box:
                box.border_title = f"Last {WEEKS} weeks"
                yield Heatmap(id="heatmap")
            totals = Static("", id="routine-totals")
            totals.border_title = "Per routine"
            yield totals
        with Horizontal(id="filter-row"):
            yield Label("Show")
            yield Select[str]([], prompt="All routines", id="routine-filter", compact=True)
        table: DataTable[str] = DataTable(id="sessions", cursor_type="row", zebra_stripes=True)
        table.border_title = "Sessions"
        table.border_subtitle = "Enter: steps"
        yield table
        yield Static("", id="message", markup=False)  # error texts hold paths
        yield Footer()

    def on_mount(self) -> None:
        """Set up the table and start reading."""
        if not self.is_attached:  # the app exits (or the screen went) before it was composed
            return
        table = self.query_one("#sessions", DataTable)
        table.add_column("Started", key="started")
        table.add_column("Routine", key="routine")
        table.add_column("Time", key="time")
        table.add_column("Status", key="status")
        table.add_column("Steps", key="steps")
        table.focus()
        self.load()

    def on_unmount(self) -> None:
        """Close the store the screen opened, off the event loop (a read may still hold it)."""
        if self._owns_store:
            threading.Thread(target=self.store.close, name="history-close", daemon=True).start()

    # ----------------------------------------------------------------------------- reading

    @work(thread=True, exclusive=True, group="history-load")
    def load(self, with_overview: bool = True) -> None:
        """Read the history on a worker thread and show it.

        Args:
            with_overview: read the streaks, heatmap and totals too (not only the table).
        """
        worker = get_current_worker()
        routine = self.routine
        today = self.today or date.today()
        try:
            overview = load_overview(self.store, today) if with_overview else None
            rows = self.store.sessions(routine=routine, limit=self.limit)
            count = self.store.count(routine=routine)
        except HistoryUnavailable as exc:
            if not worker.is_cancelled:
                self.app.call_from_thread(self._show_error, exc.message)
            return
        if not worker.is_cancelled:
            self.app.call_from_thread(self._show, overview, rows, count)

    def _show_error(self, message: str) -> None:
        if not self.is_attached:  # closed while reading
            return
        self.query_one("#streaks", Label).update("history unavailable")
        self.query_one("#message", Static).update(visible(message))
        self.add_class("-empty")
        self.loaded = True
        self.notify(message, severity="error", timeout=10)

    def _show(self, overview: Overview | None, rows: list[SessionRow], total: int) -> None:
        if not self.is_attached:  # closed while reading
            return
        if self.store.notice:
            self.notify(self.store.notice, severity="warning", timeout=10)
            self.store.notice = None
        if overview is not None:
            self._show_overview(overview)
        table = self.query_one("#sessions", DataTable)
        cursor = table.cursor_row if self._keep_cursor else 0
        self._keep_cursor = False
        table.clear()
        self._rows = {str(row.id): row for row in rows}
        for r in rows:
            table.add_row(f"{r.started_at:%Y-%m-%d %H:%M}", escape(visible_line(r.routine_name)),
                          format_elapsed(r.active_seconds), escape(visible_line(r.status)),
                          f"{r.steps_done}/{r.steps_total}", key=str(r.id))
        if rows:
            table.move_cursor(row=min(cursor, len(rows) - 1), animate=False)
        table.border_title = (f"Sessions ({len(rows)} of {total})" if total > len(rows)
                              else f"Sessions ({total})")
        self.set_class(not rows and total == 0, "-empty")
        if not rows:
            self.query_one("#message", Static).update(
                "No sessions recorded yet. Run a routine and it will show up here."
                if self.routine is None else "No sessions of this routine.")
        self.loaded = True

    def _show_overview(self, overview: Overview) -> None:
        self.query_one("#streaks", Label).update(streak_line(overview))
        self.query_one("#heatmap", Heatmap).show(overview.grid)
        self.query_one("#routine-totals", Static).update(routines_table(overview.routines))
        select = self.query_one("#routine-filter", Select)
        options = sorted(((Text(visible_line(r.routine_name)), r.routine_id)
                          for r in overview.routines),
                         key=lambda o: o[0].plain.casefold())
        with select.prevent(Select.Changed):
            select.set_options(options)
            if self.routine is not None and any(v == self.routine for _, v in options):
                select.value = self.routine

    # ----------------------------------------------------------------------------- actions

    @on(Select.Changed, "#routine-filter")
    def _filter_changed(self, event: Select.Changed) -> None:
        value = event.value
        self.routine = value if isinstance(value, str) else None
        self.load(with_overview=False)
        self.query_one("#sessions", DataTable).focus()

    def action_more(self) -> None:
        """List more sessions, keeping the cursor where it is."""
        self.limit += self.MORE
        self._keep_cursor = True
        self.load(with_overview=False)

    def action_filter(self) -> None:
        """Focus the routine filter."""
        self.query_one("#routine-filter", Select).focus()

    def action_open_session(self) -> None:
        """Show the steps of the session under the cursor."""
        table = self.query_one("#sessions", DataTable)
        if table.row_count:
            key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
            self._open(key)

    @on(DataTable.RowSelected, "#sessions")
    def _row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self._open(event.row_key.value)

    def _open(self, key: str | None) -> None:
        row = self._rows.get(key) if key is not None else None
        if row is not None:
            self.app.push_screen(SessionDetailScreen(self.store, row))

    def action_close(self) -> None:
        """Go back to the previous screen."""
        self.dismiss()
