"""The cramp diary in the app: the form, the advice, the history tabs, the chart; Pilot and
snapshots on a real history file."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from textual.app import App
from textual.pilot import Pilot
from textual.widgets import (
    Checkbox,
    DataTable,
    Input,
    RadioButton,
    RadioSet,
    Select,
    Sparkline,
    Static,
)

from history_support import LEGS, TODAY, add_session, at, seed_history
from stretchtimer import locations
from stretchtimer.config import Settings
from stretchtimer.history.cramps import CrampLog
from stretchtimer.history.diary import Cramp
from stretchtimer.history.store import HistoryStore
from stretchtimer.session.events import SessionRecord, SessionStatus
from stretchtimer.session.plan import build_plan
from stretchtimer.tui.advice import AdviceScreen, relieved_cramp
from stretchtimer.tui.app import make_app
from stretchtimer.tui.cramp_form import CrampForm
from stretchtimer.tui.done import DoneScreen
from stretchtimer.tui.history_cramps import ConfirmDelete
from stretchtimer.tui.history_parts import calendar_weeks, routine_width
from stretchtimer.tui.history_screen import HistoryScreen
from stretchtimer.tui.home import HomeScreen
from stretchtimer.tui.widgets.heatmap import Heatmap
from stretchtimer.tui.widgets.week_chart import WeekChart, fixed_scale, last
from tui_support import FULL


def night(days_ago: int, hour: int = 3, **kw: object) -> Cramp:
    d = TODAY - timedelta(days=days_ago)
    return Cramp(at=at(d, hour, 10), **kw)  # type: ignore[arg-type]


def diary_history(path: Path) -> Path:
    """The seeded history (16 sessions) plus five weeks of stretching and five cramps."""
    store = seed_history(path)
    for n in range(22, 57):
        if n % 7 not in (1, 4):
            add_session(store, LEGS, at(TODAY - timedelta(days=n), 21))
    log = CrampLog(store)
    for cramp in (
        night(1, woke=True, severity=7),
        night(3, 23, woke=True, leg="left"),
        night(6, woke=True, note="after [b]stairs[/b]"),
        night(9, 15, muscle="foot", severity=3),
        night(40, swelling=True),
    ):
        log.add(cramp)
    store.close()
    return path


class FormApp(App[None]):
    def __init__(self, initial: Cramp | None = None) -> None:
        super().__init__()
        self.initial = initial
        self.result: list[Cramp | None] = []

    def on_mount(self) -> None:
        self.push_screen(CrampForm(self.initial), self.result.append)


class HistoryApp(App[None]):
    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = path

    def on_mount(self) -> None:
        self.push_screen(HistoryScreen(self.path, today=TODAY))


async def settle(pilot: Pilot[Any]) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


# -- the form --------------------------------------------------------------------------------


async def test_form_is_keyboard_only_with_defaults() -> None:
    app = FormApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.focused, Input) and app.focused.id == "when"
        await pilot.press("enter")  # Enter in a field saves: the defaults, now
        [cramp] = app.result
        assert cramp is not None
        assert (cramp.leg, cramp.muscle, cramp.severity, cramp.woke) == ("both", "calf", 5, False)
        assert abs((datetime.now() - cramp.at).total_seconds()) < 120


async def test_form_fields_with_the_keyboard() -> None:
    app = FormApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        form = app.screen
        assert isinstance(form, CrampForm)
        await pilot.press(*"last night")  # the field starts selected: typing replaces it
        assert form.query_one("#woke", Checkbox).value  # last night: it woke you
        await pilot.press("tab")  # the leg
        assert isinstance(app.focused, RadioSet)
        await pilot.press("enter")  # left (the first)
        await pilot.press("tab", "tab", "backspace", *"8")  # muscle, severity
        await pilot.press("tab", *"3")  # minutes
        await pilot.press("tab")  # woke (already ticked)
        await pilot.press("tab", "tab", "space")  # redness
        assert form.query_one("#redness", Checkbox).value
        await pilot.press("ctrl+s")
        [cramp] = app.result
        assert cramp is not None
        assert (cramp.leg, cramp.severity, cramp.minutes, cramp.woke, cramp.redness) == (
            "left",
            8,
            3.0,
            True,
            True,
        )
        assert cramp.at.hour in (3, datetime.now().hour)


@pytest.mark.parametrize("when", ["now", "last night", "22:30", "  Last   Night "])
async def test_form_starts_from_the_same_defaults_as_the_command_line(when: str) -> None:
    from stretchtimer.commands.cramp import ask

    answers = iter([when, ""])  # the command line's questions: when, then Enter
    asked = ask(lambda prompt: next(answers), io.StringIO())
    app = FormApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press(*when.strip(), "enter")
        [cramp] = app.result
        assert cramp is not None
        assert replace(cramp, at=asked.at) == asked  # all but the minute it was logged


async def test_form_keeps_the_users_woke_over_the_default() -> None:
    app = FormApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        form = app.screen
        assert isinstance(form, CrampForm)
        woke = form.query_one("#woke", Checkbox)
        assert not woke.value  # now
        await pilot.press(*"last night")
        assert woke.value
        await pilot.press("tab", "tab", "tab", "tab", "tab", "space")  # unticked
        assert app.focused is woke and not woke.value
        await pilot.press("shift+tab", "shift+tab", "shift+tab", "shift+tab", "shift+tab")
        assert isinstance(app.focused, Input) and app.focused.id == "when"
        await pilot.press("end", "backspace", "t")  # still last night: the user's choice stays
        assert not woke.value


async def test_form_shows_ticked_and_chosen_by_shape_without_colour() -> None:
    def marks(form: Any, kind: type[Checkbox] | type[RadioButton]) -> list[str]:
        return [str(button.render())[:3] for button in form.query(kind)]

    app = FormApp()
    app.ansi_color = False
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        form = app.screen
        assert marks(form, RadioButton) == ["▐○▌", "▐○▌", "▐●▌"]  # both legs
        assert marks(form, Checkbox) == ["▐ ▌"] * 4
        form.query_one("#swelling", Checkbox).focus()
        await pilot.press("space")
        await pilot.press(*["shift+tab"] * 5)
        assert isinstance(app.focused, RadioSet)
        await pilot.press("right", "enter")  # right (from the first)
        assert marks(form, Checkbox) == ["▐ ▌", "▐X▌", "▐ ▌", "▐ ▌"]
        assert marks(form, RadioButton) == ["▐○▌", "▐●▌", "▐○▌"]
        await pilot.press("ctrl+s")
        [cramp] = app.result
        assert cramp is not None and (cramp.leg, cramp.swelling) == ("right", True)


async def test_form_says_what_is_wrong_and_escape_cancels() -> None:
    app = FormApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        form = app.screen
        form.query_one("#severity", Input).value = "12"
        await pilot.press("ctrl+s")
        assert app.result == []
        assert "0 to 10" in str(form.query_one("#form-error", Static).render())
        assert app.focused is form.query_one("#severity", Input)
        form.query_one("#when", Input).value = "someday"
        form.query_one("#severity", Input).value = "4"
        await pilot.press("ctrl+s")
        assert "Cannot read the time" in str(form.query_one("#form-error", Static).render())
        await pilot.press("escape")
        assert app.result == [None]


async def test_form_edits_keep_id_and_uid() -> None:
    start = replace(night(2, muscle="hamstring", severity=6, note="x"), id=4, uid="u-1")
    app = FormApp(start)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.screen.query_one("#muscle", Select).value == "hamstring"
        await pilot.press("ctrl+s")
        [cramp] = app.result
        assert cramp is not None and (cramp.id, cramp.uid, cramp.severity) == (4, "u-1", 6)
        assert cramp.at.replace(tzinfo=None) == start.at.replace(tzinfo=None)


# -- home, advice, done ----------------------------------------------------------------------


async def test_home_c_logs_a_cramp_in_the_users_history() -> None:
    app = make_app(settings=Settings(), save_config=False, watch_interval=None)
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("c")
        assert isinstance(app.screen, CrampForm)
        await pilot.press("tab", "tab", "tab", "backspace", "6", "enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
    with HistoryStore(locations.history_db()) as store:
        [cramp] = CrampLog(store).cramps()
    assert cramp.severity == 6


async def test_home_shows_the_advice_once_and_d_hides_it() -> None:
    with HistoryStore(locations.history_db()) as store:
        for n in (1, 4, 8):
            CrampLog(store).add(
                night(0, woke=True)
                if n == 0
                else Cramp(at=datetime.now() - timedelta(days=n), woke=True)
            )
    app = make_app(settings=Settings(), save_config=False, watch_interval=None)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        advice = app.screen
        assert isinstance(advice, AdviceScreen)
        text = str(advice.query_one("#advice-text", Static).render())
        assert "woke you on 3 nights in the last 14 days" in text
        assert "potassium" in text and "medicines" in text and "not a diagnosis" in text
        await pilot.press("d")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
    with HistoryStore(locations.history_db()) as store:
        dismissal = CrampLog(store).dismissal()
    assert dismissal is not None and dismissal.rules == frozenset({"sleep"})
    again = make_app(settings=Settings(), save_config=False, watch_interval=None)
    async with again.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(again.screen, HomeScreen)


async def test_the_advice_is_said_once_per_run_and_again_for_news() -> None:
    with HistoryStore(locations.history_db()) as store:
        for n in (1, 4, 8):
            CrampLog(store).add(Cramp(at=datetime.now() - timedelta(days=n), woke=True))
    app = make_app(settings=Settings(), save_config=False, watch_interval=None)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, AdviceScreen)
        await pilot.press("escape", "c", "enter")  # log one more: nothing new to say
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("c")
        app.screen.query_one("#swelling", Checkbox).value = True
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, AdviceScreen)  # a new rule holds
        assert "swelling" in str(app.screen.query_one("#advice-text", Static).render())


async def test_done_screen_of_cramp_relief_offers_to_log_it() -> None:
    relief = replace(FULL, id="cramp-relief", name="Cramp relief")
    plan = build_plan(relief)
    record = SessionRecord(
        relief.id,
        relief.name,
        len(plan.segments),
        status=SessionStatus.COMPLETED,
        active_seconds=120,
    )
    app = make_app(settings=Settings(), save_config=False, watch_interval=None)
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()
        app.push_screen(DoneScreen(record, plan))
        await pilot.pause()
        assert "Press c to log" in str(app.screen.query_one("#log-cramp-hint").render())
        await pilot.press("c")
        assert isinstance(app.screen, CrampForm)
        when = app.screen.query_one("#when", Input).value
        started = datetime.now() - timedelta(seconds=120)
        assert when in (
            f"{started:%Y-%m-%d %H:%M}",
            f"{started - timedelta(minutes=1):%Y-%m-%d %H:%M}",
        )
        await pilot.press("escape")
        other = DoneScreen(replace(record, routine_id="full"), build_plan(FULL))
        app.push_screen(other)
        await pilot.pause()
        assert not other.query("#log-cramp-hint")
        await pilot.press("c")
        assert app.screen is other


def test_relieved_cramp_began_when_the_session_did() -> None:
    record = SessionRecord("cramp-relief", "Cramp relief", 3, active_seconds=150, paused_seconds=30)
    cramp = relieved_cramp(record, datetime(2024, 5, 15, 3, 20, 40))
    assert cramp.at == datetime(2024, 5, 15, 3, 17)


# -- the history screen ----------------------------------------------------------------------


def test_layout_sizes() -> None:
    assert calendar_weeks(120) == (26, True)
    assert calendar_weeks(79) == (17, True)
    assert calendar_weeks(59) == (25, False)
    assert routine_width(80) == (28, True)
    assert routine_width(60) == (13, False)


def test_fixed_scale_draws_on_a_fixed_scale() -> None:
    data = fixed_scale([5, 5, 6], 7)
    assert len(data) == 12 and min(data) == 0 and max(data) == 7
    buckets = [data[i : i + 2] for i in range(0, 12, 2)]
    assert [last(b) for b in buckets] == [5, 5, 5, 5, 6, 6]


async def test_calendar_marks_cramps_and_chart_shows_weeks(tmp_path: Path) -> None:
    app = HistoryApp(diary_history(tmp_path / "h.sqlite3"))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, HistoryScreen)
        heatmap = screen.query_one("#heatmap", Heatmap)
        assert heatmap.cramps[TODAY - timedelta(days=2)] is True  # 03:00 yesterday: a night
        assert heatmap.cramps[TODAY - timedelta(days=9)] is False  # a day cramp
        drawn = heatmap.render_grid().plain
        assert drawn.count("*") == 4 and drawn.count("×") == 1
        chart = screen.query_one("#week-chart", WeekChart)
        assert len(chart.weeks) == 12
        this = chart.weeks[-1]
        assert (this.days_stretched, this.cramp_nights, this.worst) == (3, 1, 7)
        assert chart.query_one("#chart-stretched", Sparkline).data == fixed_scale(
            [float(w.days_stretched) for w in chart.weeks], 7
        )
        summary = str(chart.query_one("#chart-summary", Static).render())
        assert summary == "This week: stretched 3 of 7 days, 1 cramp night, worst 7/10."
        comparison = str(screen.query_one("#comparison-chart", Static).render())
        assert comparison.startswith("In your own record (a pattern, not proof):")


@pytest.mark.parametrize("size", [(80, 24), (120, 40), (60, 18)])
async def test_calendar_fits_its_box_with_the_last_month_named(
    tmp_path: Path, size: tuple[int, int]
) -> None:
    app = HistoryApp(diary_history(tmp_path / "h.sqlite3"))
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        screen = app.screen
        heatmap = screen.query_one("#heatmap", Heatmap)
        box = screen.query_one("#heatmap-box")
        lines = heatmap.render_grid().plain.split("\n")
        assert lines[0].rstrip().endswith("May")  # the month of today, named in full
        assert max(len(line) for line in lines) <= box.content_region.width
        assert box.region.right <= size[0]
        totals = screen.query_one("#routine-totals")
        assert totals.region.width >= 34 or screen.has_class("-narrow")
        if screen.has_class("-narrow"):
            assert totals.region.y >= box.region.bottom  # under the calendar, not beside


async def test_cramps_tab_advice_edit_and_delete(tmp_path: Path) -> None:
    path = diary_history(tmp_path / "h.sqlite3")
    app = HistoryApp(path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, HistoryScreen)
        await pilot.press("3")
        assert screen.has_class("-advice")
        advice = str(screen.query_one("#advice", Static).render())
        assert "woke you on 3 nights" in advice and "potassium" in advice
        table = screen.query_one("#cramps", DataTable)
        assert table.has_focus and table.row_count == 5
        assert table.border_title == "Cramps (5)"
        assert str(table.get_row_at(2)[-1]) == "after [b]…"  # as typed (no markup), cut to fit
        await pilot.press("d")
        await settle(pilot)
        assert not screen.has_class("-advice")
        await pilot.press("enter")
        form = app.screen
        assert isinstance(form, CrampForm)
        form.query_one("#severity", Input).value = "9"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert str(table.get_row_at(0)[3]).strip() == "9"
        await pilot.press("x")
        assert isinstance(app.screen, ConfirmDelete)
        await pilot.press("y")
        await settle(pilot)
        assert table.row_count == 4
    with HistoryStore(path) as store:
        log = CrampLog(store)
        assert log.count() == 4 and log.dismissal() is not None


async def test_f_opens_the_filter_and_sizes(tmp_path: Path) -> None:
    path = tmp_path / "h.sqlite3"
    with HistoryStore(path) as store:
        add_session(store, ("long", "A routine with a name far too long to fit " * 2), at(TODAY))
    app = HistoryApp(path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = app.screen
        await pilot.press("f")
        await pilot.pause()
        select = screen.query_one("#routine-filter", Select)
        assert select.expanded  # its list is open and has the focus
        await pilot.press("escape")
        table = screen.query_one("#sessions", DataTable)
        name = str(table.get_row_at(0)[1])
        assert len(name) == 28 and name.endswith("…")
        await pilot.resize_terminal(60, 18)
        await pilot.pause()
        assert str(table.get_row_at(0)[0]) == f"{TODAY:%m-%d} 08:00"
        assert len(str(table.get_row_at(0)[1])) == 13


# -- snapshots -------------------------------------------------------------------------------


@pytest.fixture
def diary_path(tmp_path: Path) -> Path:
    return diary_history(tmp_path / "h.sqlite3")


def test_snapshot_form(snap_compare: object) -> None:
    start = Cramp(
        at=datetime(2024, 5, 15, 3, 10),
        leg="left",
        severity=7,
        woke=True,
        note="after the stairs",
        id=3,
        uid="u",
    )

    async def run_before(pilot: Pilot[None]) -> None:
        await pilot.pause()
        for field in pilot.app.screen.query(Input):
            field.cursor_blink = False  # a blinking cursor would make the picture random
        await pilot.pause()

    assert snap_compare(
        FormApp(start),
        terminal_size=(60, 18),  # type: ignore[operator]
        run_before=run_before,
    )


def test_snapshot_calendar_and_chart(diary_path: Path, snap_compare: object) -> None:
    async def run_before(pilot: Pilot[None]) -> None:
        await settle(pilot)

    assert snap_compare(
        HistoryApp(diary_path),
        terminal_size=(120, 40),  # type: ignore[operator]
        run_before=run_before,
    )


def test_snapshot_cramps_and_advice(diary_path: Path, snap_compare: object) -> None:
    async def run_before(pilot: Pilot[None]) -> None:
        await settle(pilot)
        await pilot.press("3")
        await pilot.pause()

    assert snap_compare(
        HistoryApp(diary_path),
        terminal_size=(80, 24),  # type: ignore[operator]
        run_before=run_before,
    )


def test_snapshot_advice_dialog(snap_compare: object) -> None:
    from stretchtimer.history.insights import AdviceRules, advice_reasons, advice_text

    text = advice_text(
        advice_reasons(
            [night(1, woke=True), night(3, woke=True), night(5, woke=True)], TODAY, AdviceRules()
        )
    )

    class AdviceApp(App[None]):
        def on_mount(self) -> None:
            self.push_screen(AdviceScreen(text))

    assert snap_compare(AdviceApp(), terminal_size=(80, 24))  # type: ignore[operator]
