"""The history screen: functional tests with Pilot and snapshots, on a seeded real database."""

from __future__ import annotations

import asyncio
import threading
from pathlib import Path

import pytest
from textual.app import App
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import DataTable, Label, Select, Static

from history_support import TODAY, at, seed_history, step
from stretchtimer.history.stats import CalendarCell
from stretchtimer.history.store import HistoryStore
from stretchtimer.tui.history_detail import SessionDetailScreen
from stretchtimer.tui.history_screen import READ_WAIT, HistoryScreen
from stretchtimer.tui.widgets.heatmap import Heatmap, month_header


class HistoryApp(App[None]):
    """A bare app that opens the history screen over a blank screen."""

    def __init__(
        self, store: Path | HistoryStore, screen: type[HistoryScreen] = HistoryScreen
    ) -> None:
        super().__init__()
        self.store = store
        self.screen_type = screen

    def on_mount(self) -> None:
        self.push_screen(self.screen_type(self.store, today=TODAY))


async def settle(pilot: Pilot[None]) -> None:
    """Wait for the screen's worker threads and the messages they send."""
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


@pytest.fixture
def seeded(tmp_path: Path) -> Path:
    path = tmp_path / "history.sqlite3"
    seed_history(path).close()
    return path


def screen_of(app: App[None]) -> HistoryScreen:
    assert isinstance(app.screen, HistoryScreen)
    return app.screen


async def test_shows_streaks_heatmap_totals_and_sessions(seeded: Path) -> None:
    app = HistoryApp(seeded)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = screen_of(app)
        assert screen.loaded
        assert str(screen.query_one("#streaks", Label).render()) == (
            "✓ 1 of 1 today · 4-day streak (best 6) · this week 3 of 5 days"
        )
        table = screen.query_one("#sessions", DataTable)
        assert table.row_count == 16 and table.border_title == "Sessions (16)"
        assert [str(c) for c in table.get_row_at(0)] == [
            "2024-05-15 21:05",
            "Leg cramp prevention",
            "4:00",
            "completed",
            "4/5",
        ]
        grid = screen.query_one("#heatmap", Heatmap).grid
        cells = {c.day: c for week in grid for c in week}
        assert len(grid) == 17 and cells[TODAY].count == 1  # as many weeks as fit at 80
        assert sum(c.count for c in cells.values()) == 12  # 13 completed, 1 before the grid
        assert {str(d) for d, c in cells.items() if c.future} == {
            "2024-05-16",
            "2024-05-17",
            "2024-05-18",
            "2024-05-19",
        }
        options = screen.query_one("#routine-filter", Select)
        assert [str(o[0]) for o in options._options[1:]] == [
            "Leg cramp prevention",
            "Morning mobility",
        ]


@pytest.mark.parametrize(("width", "beside"), [(60, False), (80, True), (120, True)])
async def test_the_overview_fits_its_width(seeded: Path, width: int, beside: bool) -> None:
    app = HistoryApp(seeded)
    async with app.run_test(size=(width, 24)) as pilot:
        await settle(pilot)
        screen = screen_of(app)
        calendar = screen.query_one("#heatmap-box").region
        totals = screen.query_one("#routine-totals").region
        streaks = screen.query_one("#streaks", Label)
        if beside:
            assert calendar.right == totals.x and calendar.y == totals.y
        else:  # one above the other, the same width
            assert (calendar.x, calendar.width) == (totals.x, totals.width)
            assert not screen.query_one("#history-title").display  # room for the streaks
        shown = len(str(streaks.render()))  # not cut while the line has room
        assert streaks.content_size.width >= min(shown, width - 2)
        # the per-routine numbers keep a cell of space from the border
        line = [strip.text for strip in app.screen._compositor.render_strips()][totals.y + 1]
        assert line[: totals.right].rstrip("│").endswith(" ")
        footer = "".join(strip.text for strip in app.screen._compositor.render_strips()[-1:])
        assert ("palette" in footer) == (width >= 80)


async def test_filter_by_routine(seeded: Path) -> None:
    app = HistoryApp(seeded)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = screen_of(app)
        screen.query_one("#routine-filter", Select).value = "morning"
        await pilot.pause()
        await settle(pilot)
        table = screen.query_one("#sessions", DataTable)
        assert table.row_count == 7 and table.border_title == "Sessions (7)"
        assert {str(table.get_row_at(i)[1]) for i in range(7)} == {"Morning mobility"}
        assert table.has_focus
        screen.query_one("#routine-filter", Select).clear()
        await pilot.pause()
        await settle(pilot)
        assert table.row_count == 16


async def test_square_brackets_in_names_show_as_written(tmp_path: Path) -> None:
    # routine and step names are the user's text, not markup: "[/]" used to crash the screen
    path = tmp_path / "history.sqlite3"
    with HistoryStore(path) as store:
        sid = store.start_session("odd", "Legs [/] [b]x", 1, at(TODAY))
        store.add_step(sid, step(0, "Calf [wall]", side="[left]"), at(TODAY, 8, 1))
        store.finish_session(sid, "completed", 60.0, 0.0, at(TODAY, 8, 1))
    app = HistoryApp(path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        screen = screen_of(app)
        shown = app.export_screenshot().replace("&#160;", " ")
        assert shown.count("Legs [/] [b]x") == 1  # the totals, on the overview
        await pilot.press("2")
        screen.query_one("#routine-filter", Select).value = "odd"
        await settle(pilot)
        await pilot.pause()
        shown = app.export_screenshot().replace("&#160;", " ")
        assert shown.count("Legs [/] [b]x") == 2  # the table and the filter
        await pilot.press("enter")
        await settle(pilot)
        detail = app.screen
        assert isinstance(detail, SessionDetailScreen) and detail.loaded
        shown = app.export_screenshot().replace("&#160;", " ")
        assert "Legs [/] [b]x · 2024-05-15 08:00" in shown
        assert "Calf [wall]" in shown and "[left]" in shown


class SmallScreen(HistoryScreen):
    TABLE_LIMIT = 5
    MORE = 6
    AHEAD = 0  # only "m" reads more


class PagingScreen(SmallScreen):
    AHEAD = 2


async def test_more_sessions_are_read_as_the_cursor_nears_the_end(seeded: Path) -> None:
    app = HistoryApp(seeded, PagingScreen)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        table = screen_of(app).query_one("#sessions", DataTable)
        assert table.row_count == 5
        await pilot.press("2", "down", "down")  # row 2: not yet within 2 rows of the end
        await settle(pilot)
        assert table.row_count == 5
        await pilot.press("down")  # row 3
        await settle(pilot)
        assert table.row_count == 11 and table.cursor_row == 3
        await pilot.press(*["down"] * 6)  # row 9, near the end again
        await settle(pilot)
        assert table.row_count == 16 and table.border_title == "Sessions (16)"
        await pilot.press(*["down"] * 6)  # all are listed: nothing more to read
        await settle(pilot)
        assert table.row_count == 16 and table.cursor_row == 15


async def test_more_lists_more_sessions_keeping_the_cursor(seeded: Path) -> None:
    app = HistoryApp(seeded, SmallScreen)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        table = screen_of(app).query_one("#sessions", DataTable)
        assert table.row_count == 5 and table.border_title == "Sessions (5 of 16)"
        await pilot.press("2", "down", "down", "down")
        await pilot.press("m")
        await settle(pilot)
        assert table.row_count == 11 and table.border_title == "Sessions (11 of 16)"
        assert table.cursor_row == 3
        await pilot.press("m")
        await settle(pilot)
        assert table.row_count == 16 and table.border_title == "Sessions (16)"
        notified = len(app._notifications)
        await pilot.press("m")
        await settle(pilot)
        assert table.row_count == 16 and len(app._notifications) == notified + 1
        assert "All 16 sessions are listed" in list(app._notifications)[-1].message


async def test_enter_shows_the_steps_and_escape_goes_back(seeded: Path) -> None:
    app = HistoryApp(seeded)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("2", "down", "down", "down", "down", "down")  # the interrupted one
        await pilot.press("enter")
        await settle(pilot)
        detail = app.screen
        assert isinstance(detail, SessionDetailScreen) and detail.loaded
        assert detail.session.status == "interrupted"
        steps = detail.query_one("#steps", DataTable)
        assert steps.row_count == 1
        assert steps.get_row_at(0) == [
            "1",
            "Wall calf stretch",
            "left",
            "1",
            "1:00",
            "1:00",
            "done",
        ]
        await pilot.press("escape")
        assert isinstance(app.screen, HistoryScreen)
        await pilot.press("q")
        assert not isinstance(app.screen, HistoryScreen)


async def test_reads_happen_on_a_worker_thread(seeded: Path) -> None:
    store = HistoryStore(seeded)
    threads: set[bool] = set()
    original = store.sessions

    def spy(*args: object, **kwargs: object) -> object:
        threads.add(threading.current_thread() is threading.main_thread())
        return original(*args, **kwargs)  # type: ignore[arg-type]

    store.sessions = spy  # type: ignore[method-assign, assignment]
    app = HistoryApp(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert screen_of(app).query_one("#sessions", DataTable).row_count == 16
    assert threads == {False}
    store.close()


async def test_closing_before_the_read_ends_is_harmless(seeded: Path) -> None:
    store = HistoryStore(seeded)
    release = threading.Event()
    original = store.sessions

    def slow(*args: object, **kwargs: object) -> object:
        release.wait(10)
        return original(*args, **kwargs)  # type: ignore[arg-type]

    store.sessions = slow  # type: ignore[method-assign, assignment]
    app = HistoryApp(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HistoryScreen)
        await pilot.press("escape")
        assert not isinstance(app.screen, HistoryScreen)
        release.set()
        await settle(pilot)
        assert app.is_running
    store.close()


class FirstFrameScreen(HistoryScreen):
    """Notes whether the history was shown as its widgets were mounted (before any frame)."""

    shown_at_mount: bool | None = None

    def on_mount(self) -> None:
        super().on_mount()
        self.shown_at_mount = self.loaded


class Opener(App[None]):
    """A bare app whose first screen opens the history with :meth:`HistoryScreen.open`."""

    def __init__(self, screen: HistoryScreen) -> None:
        super().__init__()
        self.history = screen


def blocked_sessions(store: HistoryStore) -> tuple[threading.Event, list[object]]:
    """Make ``store.sessions`` wait until the returned event is set; list its calls."""
    release = threading.Event()
    calls: list[object] = []
    original = store.sessions

    def slow(*args: object, **kwargs: object) -> object:
        calls.append(args)
        release.wait(10)
        return original(*args, **kwargs)  # type: ignore[arg-type]

    store.sessions = slow  # type: ignore[method-assign, assignment]
    return release, calls


async def test_open_reads_first_and_the_screen_comes_complete(seeded: Path) -> None:
    screen = FirstFrameScreen(seeded, today=TODAY)
    app = Opener(screen)
    async with app.run_test(size=(80, 24)) as pilot:
        first = app.screen
        screen.open(app)
        assert app.screen is first  # not before the history is read
        await settle(pilot)
        assert app.screen is screen and screen.shown_at_mount is True
        assert screen.query_one("#sessions", DataTable).row_count == 16


async def test_open_shows_the_screen_anyway_when_the_read_is_slow(seeded: Path) -> None:
    store = HistoryStore(seeded)
    release, calls = blocked_sessions(store)
    screen = FirstFrameScreen(store, today=TODAY)
    app = Opener(screen)
    async with app.run_test(size=(80, 24)) as pilot:
        screen.open(app)
        await pilot.pause(READ_WAIT)
        for _ in range(100):  # pushed when the wait is over, the read still blocked
            if screen.shown_at_mount is not None:
                break
            await pilot.pause(0.05)
        assert app.screen is screen and screen.shown_at_mount is False
        assert str(screen.query_one("#streaks", Label).render()) == "reading history…"
        release.set()
        await settle(pilot)
        assert screen.loaded and screen.query_one("#sessions", DataTable).row_count == 16
        assert len(calls) == 1  # the read open() started, not a second one
    store.close()


async def test_open_gives_up_when_another_screen_came_first(seeded: Path) -> None:
    screen = HistoryScreen(seeded, today=TODAY)
    release, _ = blocked_sessions(screen.store)
    app = Opener(screen)
    async with app.run_test(size=(80, 24)) as pilot:
        screen.open(app)
        other = Screen[None]()
        await app.push_screen(other)  # a key typed right after h
        release.set()
        await settle(pilot)
        await pilot.pause(READ_WAIT)
        assert app.screen is other
        assert not any(isinstance(s, HistoryScreen) for s in app.screen_stack)
    for _ in range(100):  # closed on a thread of its own
        if screen.store._db is None:
            break
        await asyncio.sleep(0.01)
    assert screen.store._db is None


async def test_empty_history_creates_nothing(tmp_path: Path) -> None:
    path = tmp_path / "none" / "history.sqlite3"
    app = HistoryApp(path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = screen_of(app)
        assert screen.query_one("#message").display and not screen.query_one("#sessions").display
        assert "No sessions recorded yet" in str(screen.query_one("#message", Static).render())
        assert str(screen.query_one("#streaks", Label).render()) == (
            "no completed sessions yet · goal 1 session a day"
        )
    assert not path.parent.exists()


async def test_unavailable_history_is_explained(tmp_path: Path) -> None:
    (tmp_path / "history.sqlite3").mkdir()  # a folder where the file should be
    app = HistoryApp(tmp_path / "history.sqlite3")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = screen_of(app)
        assert str(screen.query_one("#streaks", Label).render()) == "history unavailable"
        assert "Cannot use the history file" in str(screen.query_one("#message", Static).render())


async def test_heatmap_follows_the_theme(seeded: Path) -> None:
    app = HistoryApp(seeded)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        heatmap = screen_of(app).query_one("#heatmap", Heatmap)
        dark = heatmap.level_styles()
        before = heatmap.render_grid()
        app.theme = "textual-light"
        await pilot.pause()
        assert heatmap.level_styles() != dark
        assert heatmap.render_grid().spans != before.spans


async def test_heatmap_days_differ_by_shape_not_only_colour(seeded: Path) -> None:
    app = HistoryApp(seeded)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        heatmap = screen_of(app).query_one("#heatmap", Heatmap)
        cells = [c for week in heatmap.grid for c in week if not c.future]
        drawn = heatmap.render_grid().plain.split("\n")[1:]  # below the month names
        glyphs = [g for line in drawn for g in line[3:].split(" ") if g]
        assert len(glyphs) == len(cells)
        by_day = {
            c.day: g
            for c, g in zip(
                sorted(cells, key=lambda c: (c.day.weekday(), c.day)), glyphs, strict=True
            )
        }
        assert {by_day[c.day] for c in cells if c.count} == {"■"}
        assert {by_day[c.day] for c in cells if not c.count} == {"·"}


def test_month_header_names_month_starts() -> None:
    from datetime import date, timedelta

    first = date(2024, 1, 1)  # a Monday
    grid = [
        [CalendarCell(first + timedelta(days=7 * w + d), 0) for d in range(7)] for w in range(10)
    ]
    header = month_header(grid, 3)
    assert header.index("Jan") == 3 and header.index("Feb") == 3 + 2 * 4
    assert header.index("Mar") == 3 + 2 * 8


def test_snapshot_history(seeded: Path, snap_compare: object) -> None:
    async def run_before(pilot: Pilot[None]) -> None:
        await settle(pilot)

    assert snap_compare(
        HistoryApp(seeded),
        terminal_size=(80, 24),  # type: ignore[operator]
        run_before=run_before,
    )


def test_snapshot_session_steps(seeded: Path, snap_compare: object) -> None:
    async def run_before(pilot: Pilot[None]) -> None:
        await settle(pilot)
        await pilot.press("2", "enter")
        await settle(pilot)

    assert snap_compare(
        HistoryApp(seeded),
        terminal_size=(80, 24),  # type: ignore[operator]
        run_before=run_before,
    )


def test_snapshot_filtered(seeded: Path, snap_compare: object) -> None:
    async def run_before(pilot: Pilot[None]) -> None:
        await settle(pilot)
        screen_of(pilot.app).query_one("#routine-filter", Select).value = "morning"
        await pilot.pause()
        await settle(pilot)

    assert snap_compare(
        HistoryApp(seeded),
        terminal_size=(80, 24),  # type: ignore[operator]
        run_before=run_before,
    )


def test_snapshot_empty(tmp_path: Path, snap_compare: object) -> None:
    async def run_before(pilot: Pilot[None]) -> None:
        await settle(pilot)

    assert snap_compare(
        HistoryApp(tmp_path / "history.sqlite3"),  # type: ignore[operator]
        terminal_size=(80, 24),
        run_before=run_before,
    )


async def test_a_fill_still_waiting_is_done_when_the_sessions_tab_shows(seeded: Path) -> None:
    """The table filled after the first frame: a dialog pushed before that frame takes the
    callback with it (Textual runs it on the screen on top), so showing the tab fills it too."""
    screen = HistoryScreen(seeded, today=TODAY)
    app = Opener(screen)
    async with app.run_test(size=(80, 24)) as pilot:
        screen.open(app)
        await settle(pilot)
        table = screen.query_one("#sessions", DataTable)
        table.clear()
        screen._unfilled = 0  # as when the callback went with a dialog
        await pilot.press("2")
        await pilot.pause()
        assert table.row_count == 16
