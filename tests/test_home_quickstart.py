"""Starting is quick: home opens on the likely routine, shows "last done", shows each caution
once per text, and starts cramp-relief at once.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from textual.widgets import OptionList

from history_support import add_session
from stretchtimer import cautions, goals, locations
from stretchtimer.config import Settings
from stretchtimer.goals import Goal
from stretchtimer.history import peek
from stretchtimer.history.store import HistoryStore
from stretchtimer.tui.app import StretchApp, make_app
from stretchtimer.tui.home import HomeScreen
from stretchtimer.tui.modals import CautionScreen
from stretchtimer.tui.runner import RunnerScreen
from tui_support import SIZE, home_loaded, text

TODAY = date.today()


def at(days_ago: int, hour: int) -> datetime:
    day = TODAY - timedelta(days=days_ago)
    return datetime(day.year, day.month, day.day, hour, 0).astimezone()


def history(*sessions: tuple[str, int, int, str]) -> None:
    store = HistoryStore(locations.history_db())
    for routine, days_ago, hour, status in sessions:
        add_session(store, (routine, routine.title()), at(days_ago, hour), status=status)
    store.close()


def build(settings: Settings | None = None) -> StretchApp:
    return make_app(settings=settings or Settings(), save_config=False, watch_interval=None)


def highlighted(home: HomeScreen) -> str | None:
    entry = home.selected()
    return entry.id if entry else None


# -- the pure rules ---------------------------------------------------------------------------

IDS = ["after-exercise", "cramp-relief", "leg-cramp-prevention", "toe-lifts"]


def test_a_new_user_starts_on_the_daily_routine() -> None:
    assert goals.likely_routine(IDS, {}, {}, None) == "leg-cramp-prevention"
    assert goals.likely_routine(["a", "b"], {}, {}, None) == "a"
    assert goals.likely_routine([], {}, {}, None) is None


def test_the_last_routine_run_when_no_own_goal_is_open() -> None:
    assert goals.likely_routine(IDS, {}, {}, "after-exercise") == "after-exercise"
    assert (
        goals.likely_routine(IDS, {"toe-lifts": Goal(3, 5)}, {"toe-lifts": 3}, "after-exercise")
        == "after-exercise"
    )


def test_a_routine_whose_own_goal_is_not_met_comes_first() -> None:
    own = {"toe-lifts": Goal(3, 5), "after-exercise": Goal(1, 5)}
    assert goals.likely_routine(IDS, own, {"toe-lifts": 1}, "cramp-relief") == "after-exercise"
    assert goals.likely_routine(IDS, own, {"toe-lifts": 1}, "toe-lifts") == "toe-lifts"
    assert goals.likely_routine(IDS, own, {"after-exercise": 1}, None) == "toe-lifts"


def test_ago() -> None:
    d = date(2024, 5, 15)
    assert [goals.ago(d - timedelta(n), d) for n in (0, 1, 3, 6)] == [
        "today",
        "yesterday",
        "3 days ago",
        "6 days ago",
    ]
    assert goals.ago(date(2024, 4, 2), d) == "2 Apr"
    assert goals.ago(date(2023, 12, 30), d) == "30 Dec 2023"


def test_caution_seen_once_per_text(isolated_dirs: dict[str, Path]) -> None:
    assert cautions.needs_showing("r", "Go gently.")
    assert not cautions.needs_showing("r", None) and not cautions.needs_showing("r", "  ")
    cautions.remember("r", "Go gently.")
    assert not cautions.needs_showing("r", "Go  gently.\n")  # same words, other spacing
    assert cautions.needs_showing("r", "Go gently; see a doctor if it hurts.")
    assert cautions.needs_showing("other", "Go gently.")
    path = cautions.seen_file()
    assert path.stat().st_mode & 0o777 == 0o600
    assert path.parent.stat().st_mode & 0o777 == 0o700
    path.write_text("{not json")
    assert cautions.needs_showing("r", "Go gently.")  # unreadable: shown, the safe side


def test_activity_reads_without_creating_anything(isolated_dirs: dict[str, Path]) -> None:
    assert peek.activity(peek.open_readonly(locations.history_db()), TODAY).last_run is None
    assert not isolated_dirs["data"].exists()
    history(
        ("toe-lifts", 2, 9, "completed"),
        ("toe-lifts", 0, 8, "completed"),
        ("after-exercise", 0, 9, "stopped"),
    )
    act = peek.activity(peek.open_readonly(locations.history_db()), TODAY)
    assert act.today == {"toe-lifts": 1}
    assert act.last_run == "after-exercise"
    assert datetime.fromisoformat(act.last_done["toe-lifts"]).date() == TODAY


# -- on the screen ----------------------------------------------------------------------------


async def test_home_opens_on_the_daily_routine_for_a_new_user() -> None:
    app = build()
    async with app.run_test(size=SIZE) as pilot:
        home = await home_loaded(pilot)
        assert highlighted(home) == "leg-cramp-prevention"
        assert "Leg cramp prevention\nNot done yet\n" in text(app, "#detail-text")


async def test_home_opens_on_the_routine_whose_goal_is_open_and_shows_last_done() -> None:
    history(
        ("toe-lifts", 1, 9, "completed"),
        ("leg-cramp-prevention", 0, 7, "completed"),
        ("after-exercise", 3, 18, "completed"),
    )
    settings = Settings(goals=(("toe-lifts", Goal(3, 5)),))
    app = build(settings)
    async with app.run_test(size=SIZE) as pilot:
        home = await home_loaded(pilot)
        assert highlighted(home) == "toe-lifts"
        detail = text(app, "#detail-text")
        assert "Toe lifts\nLast done yesterday 09:00 · its goal: 0 of 3 today\n" in detail
        svg = app.export_screenshot().replace("&#160;", " ")
        for last in ("today", "yesterday", "3 days ago", "never"):
            assert last in svg


async def test_home_opens_on_the_last_routine_run_when_goals_are_met() -> None:
    history(("leg-cramp-prevention", 0, 7, "completed"), ("after-exercise", 0, 9, "stopped"))
    app = build()
    async with app.run_test(size=SIZE) as pilot:
        home = await home_loaded(pilot)
        assert highlighted(home) == "after-exercise"


async def test_a_caution_is_shown_the_first_time_only_and_again_when_it_changes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    builtin = tmp_path / "builtin"
    builtin.mkdir()
    routine_file = builtin / "calm.yaml"
    text_v1 = (
        "version: 1\nname: Calm\ncaution: Go gently.\nprepare: 0s\nsteps:\n"
        "  - name: Reach\n    hold: 30s\n"
    )
    routine_file.write_text(text_v1)
    monkeypatch.setattr(locations, "builtin_routines_dir", lambda: builtin)
    app = build()
    async with app.run_test(size=SIZE) as pilot:
        await home_loaded(pilot)
        await pilot.press("enter")
        assert isinstance(app.screen, CautionScreen)
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        assert isinstance(app.screen, RunnerScreen)
        app.screen.dismiss(None)
        await pilot.pause()
        await pilot.press("enter")  # the second run: no caution
        await pilot.pause()
        assert isinstance(app.screen, RunnerScreen)
        app.screen.dismiss(None)
        routine_file.write_text(text_v1.replace("Go gently.", "Go gently; stop if it hurts."))
        home = app.screen
        assert isinstance(home, HomeScreen)
        home.reload()
        await home_loaded(pilot)
        assert "stop if it hurts" in text(app, "#detail-text")  # always in the details
        await pilot.press("enter")  # the text changed: shown again
        await pilot.pause()
        assert isinstance(app.screen, CautionScreen)


async def test_declining_a_caution_shows_it_again_next_time() -> None:
    app = build()
    async with app.run_test(size=SIZE) as pilot:
        await home_loaded(pilot)
        await pilot.press("enter")
        assert isinstance(app.screen, CautionScreen)
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, CautionScreen)


async def test_the_cramp_key_starts_cramp_relief_at_once() -> None:
    app = build()
    async with app.run_test(size=SIZE) as pilot:
        await home_loaded(pilot)
        await pilot.press("exclamation_mark")
        await pilot.pause()
        assert isinstance(app.screen, RunnerScreen)  # no caution, no dialog
        assert app.screen.plan.routine.id == "cramp-relief"
        assert cautions.needs_showing("cramp-relief", app.screen.plan.routine.caution)


async def test_the_cramp_key_works_before_the_routines_are_read() -> None:
    app = build()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("exclamation_mark")
        await pilot.pause()
        assert isinstance(app.screen, RunnerScreen)
        assert app.screen.plan.routine.id == "cramp-relief"


@pytest.mark.parametrize(
    ("size", "count_shown"), [((60, 18), False), ((80, 24), True), ((120, 40), True)]
)
async def test_the_goal_line_keeps_its_room(size: tuple[int, int], count_shown: bool) -> None:
    history(("leg-cramp-prevention", 0, 7, "completed"))
    app = build()
    async with app.run_test(size=size) as pilot:
        home = await home_loaded(pilot)
        await pilot.pause()
        line = text(app, "#streak")
        assert line.startswith("✓ 1 of 1 today · 1-day streak · ")
        assert home.query_one("#count").display is count_shown
        name = home.query_one("#routine-name")
        assert name.region.width >= len("stretchtimer")
        assert home.query_one("#streak").region.width >= len(line)


async def test_the_details_say_done_today_once_back_from_the_routine() -> None:
    from stretchtimer.session.clock import FakeClock
    from stretchtimer.tui.done import DoneScreen
    from tui_support import run_to_end

    clock = FakeClock()
    app = make_app(
        settings=Settings(), save_config=False, watch_interval=None, clock=clock, history=True
    )
    async with app.run_test(size=SIZE) as pilot:
        home = await home_loaded(pilot)
        routines = home.query_one("#routines", OptionList)
        routines.highlighted = [e.id for e in home.entries].index("toe-lifts")
        await pilot.pause()
        assert "Toe lifts\nNot done yet\n" in text(app, "#detail-text")
        await pilot.press("enter")
        await pilot.pause()
        if isinstance(app.screen, CautionScreen):
            await pilot.press("enter")
            await pilot.pause()
        await run_to_end(pilot, clock)
        assert isinstance(app.screen, DoneScreen)
        await app.workers.wait_for_complete()
        await pilot.press("enter")  # home
        await home_loaded(pilot)
        assert app.screen is home and highlighted(home) == "toe-lifts"
        assert text(app, "#streak").startswith("✓ 1 of 1 today")
        assert "Toe lifts\nLast done today " in text(app, "#detail-text")
