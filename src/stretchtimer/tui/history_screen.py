"""The history screen: streaks, the calendar, totals per routine, the sessions and the cramps.

Three tabs (``1``, ``2``, ``3``): the overview (a calendar of stretching days with the cramp
days and nights of the diary, the totals per routine and the week-by-week chart of days
stretched against cramp nights), the sessions, and the cramps (the doctor advice when it is due,
the comparison of weeks, and the logged cramps, which ``c``, Enter and ``x`` log, change and
delete). The calendar shows as many weeks (up to 26) as the terminal's width allows beside the
per-routine panel, which goes below it on narrow terminals.

Everything is read on a worker thread (``@work(thread=True)``), never on the event loop.
:meth:`HistoryScreen.open` (the home screen's ``h``) reads first and then pushes the screen, so
that its first frame is the complete screen; pushed as it is, the screen reads as it is composed
and shows "reading history…" until the read is done. The table lists the newest
:attr:`HistoryScreen.TABLE_LIMIT` sessions (all of them, or one routine's, picked in the
filter) and more as the cursor nears the end of those listed, or on ``m`` (a DataTable measures
every row it is given, so listing 100,000 at once would take seconds). The streaks, heatmap and
totals come from the day totals the history keeps (a row per day and routine), so a long
history opens as fast as a short one. Enter on a session opens :class:`SessionDetailScreen`
with its steps.

The screen works when pushed by any app: it takes a store, a path, or nothing (the user's
history file), and a fixed ``today`` for tests and snapshots.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any, ClassVar

from rich.text import Text
from textual import events, on, work
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Label, Select, Static, TabbedContent, TabPane
from textual.worker import get_current_worker

from stretchtimer import locations
from stretchtimer.history.diary import Cramp
from stretchtimer.history.insights import advice_text
from stretchtimer.history.overview import DiaryOverview
from stretchtimer.history.records import SessionRow
from stretchtimer.history.store import HistoryStore, HistoryUnavailable
from stretchtimer.safe_text import visible, visible_line
from stretchtimer.session.timefmt import format_elapsed
from stretchtimer.tui.history_cramps import (
    CRAMP_COLUMNS,
    CrampActions,
    cramp_cells,
    note_width,
)
from stretchtimer.tui.history_detail import SessionDetailScreen
from stretchtimer.tui.history_parts import (
    COMPACT_HEIGHT,
    FIXED_COLUMNS,
    HISTORY_CSS,
    SHORT_HEIGHT,
    SHORT_STARTED,
    WEEKS,
    Overview,
    calendar_weeks,
    fit,
    load_overview,
    routine_width,
    routines_table,
    streak_line,
)
from stretchtimer.tui.stack import DismissOnce
from stretchtimer.tui.widgets.footer import AppFooter
from stretchtimer.tui.widgets.heatmap import LEGEND, Heatmap
from stretchtimer.tui.widgets.week_chart import WeekChart

READ_WAIT = 0.25
"""The most seconds :meth:`HistoryScreen.open` waits for the first read before pushing."""


class HistoryScreen(DismissOnce, CrampActions):
    """Shows the history; Escape or q goes back."""

    TABLE_LIMIT = 60
    """How many sessions the table lists at first (the newest): a few screens' worth."""
    MORE = 500
    """How many more sessions ``m``, or the cursor near the end, adds."""
    AHEAD = 10
    """More are read when the cursor comes within this many rows of the end."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Back", id="history.back"),
        Binding("q", "close", "Back", show=False, id="history.quit"),
        Binding("1", "tab('overview')", "Overview", show=False, id="history.tab-overview"),
        Binding("2", "tab('sessions')", "Sessions", show=False, id="history.tab-sessions"),
        Binding("3", "tab('cramps')", "Cramps", show=False, id="history.tab-cramps"),
        Binding(
            "f", "filter", "Filter", id="history.filter", tooltip="Show the sessions of one routine"
        ),
        Binding(
            "m",
            "more",
            "More",
            id="history.more",
            tooltip="List more sessions (the table starts with the newest ones)",
        ),
        Binding("enter", "open_row", "Open", show=False, id="history.steps"),
        Binding("c", "log_cramp", "Log cramp", id="history.cramp"),
        Binding("x", "delete_cramp", "Delete", id="history.delete-cramp"),
        Binding("d", "dismiss_advice", "Hide advice", id="history.dismiss-advice"),
    ]

    DEFAULT_CSS = HISTORY_CSS
    AUTO_FOCUS = "#overview-scroll"
    """Arrows scroll the overview on small terminals (the only focus change as it opens)."""

    def __init__(
        self,
        store: HistoryStore | Path | str | None = None,
        *,
        today: date | None = None,
        name: str | None = None,
        id: str | None = None,
    ) -> None:
        """Create the screen.

        Args:
            store: the history store, or the path of a history file; the user's by default.
                A store passed in is left open; one the screen opens is closed when it goes.
            today: the local date to count streaks and draw the calendar to (now by default).
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
        self._unfilled: int | None = None
        """The cursor row of a sessions table still to fill, while its tab is hidden."""
        self._more_to_read = False
        self.loaded = False
        """True once the first read is shown."""
        self._rows: dict[str, SessionRow] = {}
        self._row_order: list[SessionRow] = []
        self._total = 0
        self._cramps: dict[str, Cramp] = {}
        self._overview: Overview | None = None
        self._routine_width = 0
        self._with_year = True
        self._open_filter = False
        self._note_width = 0
        self._mounted = False
        self._waiting: Callable[[], None] | None = None
        """A read that came before the widgets were mounted, to show once they are."""
        self._opening: Screen[Any] | None = None
        """The screen :meth:`open` was called on, until this screen is pushed over it."""
        self._first_read = False
        """True once the first read has started."""

    def open(self, app: App[Any]) -> None:
        """Read the history, then push this screen over the current one, showing it at once.

        The first read runs on a worker thread while the current screen stays, with the event
        loop idle: it takes milliseconds, where the same read next to the mounting of the
        screen's widgets waits for the interpreter's lock over and over. The first frame is then
        the complete screen, drawn once. After :data:`READ_WAIT` seconds without it (a busy or
        slow history file) the screen is pushed anyway, and shows the read when it comes. It is
        not pushed when another screen has come in the meantime (a key typed right after).

        Args:
            app: the app to push the screen on.
        """
        self._opening = app.screen
        self._first_read = True

        def read() -> None:
            show = self._read(with_overview=True)
            app.call_from_thread(self._opened, app, show)

        app.run_worker(read, name="history-open", group="history-open", thread=True)
        app.set_timer(READ_WAIT, partial(self._opened, app, None), name="history-open")

    def _opened(self, app: App[Any], show: Callable[[], None] | None) -> None:
        """Push the screen (the first read done, or the wait over)."""
        if show is not None:
            self._when_mounted(show)
        opening, self._opening = self._opening, None
        if opening is None:  # pushed, or given up, already
            return
        if app.screen is opening:
            app.push_screen(self)
        elif self._owns_store:  # never shown: nothing else will close it
            threading.Thread(target=self.store.close, name="history-close", daemon=True).start()

    def compose(self) -> ComposeResult:
        """Build the screen."""
        # the classes for the terminal's size before the widgets mount: set after, they would
        # style every widget again
        self._size_classes(self.app.size.width, self.app.size.height)
        if not self._first_read:  # pushed without open(): read while the widgets mount
            self._first_read = True
            self.load()
        with Horizontal(id="history-top"):
            yield Label("History", id="history-title")
            yield Label("reading history…", id="streaks")
        with TabbedContent(id="history-tabs", initial="overview"):
            with TabPane("1 Overview", id="overview"), VerticalScroll(id="overview-scroll"):
                with Horizontal(id="overview"):
                    with Vertical(id="heatmap-box") as box:
                        box.border_title = f"Last {WEEKS} weeks"
                        box.border_subtitle = LEGEND
                        yield Heatmap(id="heatmap")
                    totals = Static("", id="routine-totals")
                    totals.border_title = "Per routine"
                    yield totals
                with Vertical(id="chart-box") as chart_box:
                    chart_box.border_title = "Week by week"
                    yield WeekChart(id="week-chart")
                    yield Static("", id="comparison-chart", markup=False)
            with TabPane("2 Sessions", id="sessions-tab"):
                with Horizontal(id="filter-row"):
                    yield Label("Show")
                    yield Select[str]([], prompt="All routines", id="routine-filter", compact=True)
                table: DataTable[str] = DataTable(
                    id="sessions", cursor_type="row", zebra_stripes=True
                )
                table.border_title = "Sessions"
                table.border_subtitle = "Enter: steps"
                yield table
                yield Static("", id="message", markup=False)  # error texts hold paths
            with TabPane("3 Cramps", id="cramps-tab"):
                with VerticalScroll(id="advice-box") as advice:
                    advice.border_title = "See a doctor?"
                    advice.border_subtitle = "d: hide for 30 days"
                    yield Static("", id="advice", markup=False)
                yield Static("", id="comparison", markup=False)
                cramps: DataTable[str] = DataTable(
                    id="cramps", cursor_type="row", zebra_stripes=True
                )
                cramps.border_title = "Cramps"
                cramps.border_subtitle = "c: log · Enter: change · x: delete"
                yield cramps
        yield AppFooter()

    def on_mount(self) -> None:
        """Set up the tables, and show the history if it was read already."""
        if not self.is_attached:  # the app exits (or the screen went) before it was composed
            return
        self._layout(self.app.size.width, self.app.size.height)
        self._mounted = True
        waiting, self._waiting = self._waiting, None
        if waiting is not None:
            waiting()

    def _when_mounted(self, show: Callable[[], None]) -> None:
        """Show a read now, or once the widgets are mounted when it came first."""
        if self._mounted:
            show()
        else:
            self._waiting = show

    def on_unmount(self) -> None:
        """Close the store the screen opened, off the event loop (a read may still hold it)."""
        if self._owns_store:
            threading.Thread(target=self.store.close, name="history-close", daemon=True).start()

    # ----------------------------------------------------------------------------- layout

    def on_resize(self, event: events.Resize) -> None:
        """Lay the screen out for the terminal's size."""
        self._layout(event.size.width, event.size.height)

    def _size_classes(self, width: int, height: int) -> tuple[int, bool]:
        """Set the classes for the terminal's size; return the calendar's weeks and place."""
        weeks, beside = calendar_weeks(width - 1)  # the overview's scrollbar
        self.update_classes(  # at once: each change styles every widget again
            {
                "-short": height < SHORT_HEIGHT,
                "-compact": height < COMPACT_HEIGHT,
                "-narrow": not beside,
            }
        )
        return weeks, beside

    def _layout(self, width: int, height: int) -> None:
        weeks, beside = self._size_classes(width, height)
        box = self.query_one("#heatmap-box", Vertical)
        # alone on its row, as wide as the per-routine box under it
        box.styles.width = 2 * weeks + 8 if beside else "100%"
        box.border_title = f"Last {weeks} weeks"
        self._weeks = weeks
        if self._overview is not None:
            self._draw_calendar(self._overview)
        self._size_session_columns(width)
        self._size_cramp_columns(width)

    def _size_cramp_columns(self, width: int) -> None:
        note = note_width(width)
        if note == self._note_width:
            return
        self._note_width = note
        table = self.query_one("#cramps", DataTable)
        table.clear(columns=True)
        for label, key, w in CRAMP_COLUMNS:
            table.add_column(label, key=key, width=w)
        table.add_column("Note", key="note", width=note)
        if self._overview is not None:
            self._fill_cramps(self._overview.cramps or [])

    def _size_session_columns(self, width: int) -> None:
        """Give the routine column what the others leave (see :func:`routine_width`)."""
        table = self.query_one("#sessions", DataTable)
        routine, with_year = routine_width(width)
        if (routine, with_year) == (self._routine_width, self._with_year):
            return
        self._routine_width, self._with_year = routine, with_year
        cursor = table.cursor_row
        table.clear(columns=True)
        table.add_column(
            "Started", key="started", width=FIXED_COLUMNS[0][2] if with_year else SHORT_STARTED
        )
        table.add_column("Routine", key="routine", width=routine)
        for label, key, w in FIXED_COLUMNS[1:]:
            table.add_column(label, key=key, width=w)
        self._fill_sessions(cursor)

    # ----------------------------------------------------------------------------- reading

    @work(thread=True, exclusive=True, group="history-load")
    def load(self, with_overview: bool = True) -> None:
        """Read the history on a worker thread and show it.

        Args:
            with_overview: read the streaks, calendar, totals and diary too (not only the
                sessions table).
        """
        worker = get_current_worker()
        show = self._read(with_overview)
        if not worker.is_cancelled:
            self.app.call_from_thread(self._when_mounted, show)

    def _read(self, with_overview: bool) -> Callable[[], None]:
        """Read the history (blocking: on a worker thread); return what shows it."""
        routine = self.routine
        today = self.today or date.today()
        try:
            overview = load_overview(self.store, today) if with_overview else None
            rows = self.store.sessions(routine=routine, limit=self.limit)
            count = self.store.count(routine=routine)
        except HistoryUnavailable as exc:
            return partial(self._show_error, exc.message)
        return partial(self._show, overview, rows, count)

    def _show_error(self, message: str) -> None:
        if not self.is_attached:  # closed while reading
            return
        self.query_one("#streaks", Label).update("history unavailable")
        self.query_one("#message", Static).update(visible(message))
        self.query_one("#sessions-tab").add_class("-empty")
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
        self._rows = {str(row.id): row for row in rows}
        self._row_order = rows
        self._total = total
        if self._tab() == "sessions-tab":
            self._unfilled = None
            self._fill_sessions(cursor)
        else:  # its tab is hidden: after the frame the history is first shown in, or when
            # the tab is shown (a dialog pushed before that frame takes the wait with it)
            self._unfilled = cursor
            self.call_after_refresh(self._fill_waiting)
        self._more_to_read = total > len(rows)
        # on the tab, not the screen: a class of the screen's would style every widget again
        self.query_one("#sessions-tab").set_class(not rows and total == 0, "-empty")
        if not rows:
            self.query_one("#message", Static).update(
                "No sessions recorded yet. Run a routine and it will show up here."
                if self.routine is None
                else "No sessions of this routine."
            )
        self.loaded = True

    def _fill_waiting(self) -> None:
        """Fill the sessions table if a fill waits (see :meth:`_show`)."""
        cursor, self._unfilled = self._unfilled, None
        if cursor is not None and self.is_attached:
            self._fill_sessions(cursor)

    def _fill_sessions(self, cursor: int) -> None:
        table = self.query_one("#sessions", DataTable)
        rows = self._row_order
        table.clear()
        width = self._routine_width or 28
        for r in rows:
            started = r.started_at.strftime("%Y-%m-%d %H:%M" if self._with_year else "%m-%d %H:%M")
            table.add_row(
                started,
                Text(fit(visible_line(r.routine_name), width)),
                format_elapsed(r.active_seconds),
                visible_line(r.status),
                f"{r.steps_done}/{r.steps_total}",
                key=str(r.id),
            )
        if rows:
            table.move_cursor(row=min(cursor, len(rows) - 1), animate=False)
        table.border_title = (
            f"Sessions ({len(rows)} of {self._total})"
            if self._total > len(rows)
            else f"Sessions ({self._total})"
        )

    def _show_overview(self, overview: Overview) -> None:
        self._overview = overview
        self.query_one("#streaks", Label).update(streak_line(overview))
        self._draw_calendar(overview)
        self.query_one("#routine-totals", Static).update(routines_table(overview.routines))
        select = self.query_one("#routine-filter", Select)
        options = sorted(
            ((Text(visible_line(r.routine_name)), r.routine_id) for r in overview.routines),
            key=lambda o: o[0].plain.casefold(),
        )
        with select.prevent(Select.Changed):
            select.set_options(options)
            if self.routine is not None and any(v == self.routine for _, v in options):
                select.value = self.routine
        self._show_diary(overview)

    def _draw_calendar(self, overview: Overview) -> None:
        weeks = getattr(self, "_weeks", WEEKS)
        self.query_one("#heatmap", Heatmap).show(overview.grid[-weeks:], overview.cramp_marks)

    def _show_diary(self, overview: Overview) -> None:
        diary = overview.diary
        if diary is None:
            return
        self.query_one("#week-chart", WeekChart).show(diary.weeks)
        sentence = diary.comparison or (
            "Log your cramps (c) and, after four weeks, this compares the weeks you "
            f"stretched on {diary.goal} days or more with the weeks you did not."
            if not diary.total_cramps
            else "After four weeks of records, this compares the weeks you stretched on "
            f"{diary.goal} days or more with the weeks you did not."
        )
        self.query_one("#comparison-chart", Static).update(sentence)
        self.query_one("#comparison", Static).update(sentence)
        self.set_class(diary.advice_due, "-advice")
        self.query_one("#advice", Static).update(
            advice_text(diary.reasons) if diary.advice_due else ""
        )
        self._fill_cramps(overview.cramps or [])
        self.query_one("#cramps", DataTable).border_title = f"Cramps ({diary.total_cramps})"
        self.refresh_bindings()

    def _fill_cramps(self, cramps: list[Cramp]) -> None:
        table = self.query_one("#cramps", DataTable)
        cursor = table.cursor_row
        table.clear()
        self._cramps = {str(c.id): c for c in cramps}
        for cramp in cramps:
            table.add_row(*cramp_cells(cramp, self._note_width), key=str(cramp.id))
        if cramps:
            table.move_cursor(row=min(cursor, len(cramps) - 1), animate=False)

    # ----------------------------------------------------------------------------- actions

    def _tab(self) -> str:
        return str(self.query_one("#history-tabs", TabbedContent).active)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Show each tab's keys on that tab only."""
        tab = self._tab() if self.is_mounted else "overview"
        if action == "more":
            return tab == "sessions-tab"
        if action == "delete_cramp":
            return tab == "cramps-tab" and bool(self._cramps)
        if action == "dismiss_advice":
            return self.has_class("-advice")
        return True

    @on(TabbedContent.TabActivated)
    def _tab_changed(self, event: TabbedContent.TabActivated) -> None:
        event.stop()
        self.refresh_bindings()
        pane = event.pane.id
        if pane == "sessions-tab":
            self._fill_waiting()
        target = {
            "sessions-tab": "#sessions",
            "cramps-tab": "#cramps",
            "overview": "#overview-scroll",
        }.get(pane or "")
        if target:
            self.query_one(target).focus()
        if self._open_filter and pane == "sessions-tab":
            self._open_filter = False
            self.call_after_refresh(self._show_filter)

    def action_tab(self, tab: str) -> None:
        """Show a tab: ``overview``, ``sessions`` or ``cramps``."""
        pane = tab if tab == "overview" else f"{tab}-tab"
        self.query_one("#history-tabs", TabbedContent).active = pane

    @on(Select.Changed, "#routine-filter")
    def _filter_changed(self, event: Select.Changed) -> None:
        value = event.value
        self.routine = value if isinstance(value, str) else None
        self.load(with_overview=False)
        self.query_one("#sessions", DataTable).focus()

    def action_more(self) -> None:
        """List more sessions, keeping the cursor where it is (or say they are all listed)."""
        if self._total <= len(self._row_order):
            self.notify(
                f"All {self._total} sessions are listed; there are no more to load.", timeout=3
            )
            return
        self.limit += self.MORE
        self._keep_cursor = True
        self.load(with_overview=False)

    @on(DataTable.RowHighlighted, "#sessions")
    def _near_the_end(self, event: DataTable.RowHighlighted) -> None:
        """Read more sessions as the cursor nears the end of those listed."""
        if self._more_to_read and event.cursor_row >= event.data_table.row_count - self.AHEAD:
            self._more_to_read = False  # once per page
            self.action_more()

    def action_filter(self) -> None:
        """Open the routine filter (on the sessions tab)."""
        if self._tab() != "sessions-tab":
            self._open_filter = True  # once the tab shows (it focuses its table first)
            self.action_tab("sessions")
            return
        self._show_filter()

    def _show_filter(self) -> None:
        select = self.query_one("#routine-filter", Select)
        select.focus()
        select.action_show_overlay()

    def action_open_row(self) -> None:
        """Show the session's steps, or change the cramp, under the cursor."""
        tab = self._tab()
        table = self.query_one("#cramps" if tab == "cramps-tab" else "#sessions", DataTable)
        if tab == "overview" or not table.row_count:
            return
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        if tab == "cramps-tab":
            self._edit_cramp(key)
        else:
            self._open(key)

    @on(DataTable.RowSelected, "#sessions")
    def _row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self._open(event.row_key.value)

    @on(DataTable.RowSelected, "#cramps")
    def _cramp_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self._edit_cramp(event.row_key.value)

    def _open(self, key: str | None) -> None:
        row = self._rows.get(key) if key is not None else None
        if row is not None:
            self.app.push_screen(SessionDetailScreen(self.store, row))

    def current_diary(self) -> DiaryOverview | None:
        """Return the diary as last read (None before the first read)."""
        return self._overview.diary if self._overview is not None else None

    def action_close(self) -> None:
        """Go back to the previous screen."""
        self.dismiss()
