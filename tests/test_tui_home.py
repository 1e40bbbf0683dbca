"""Functional tests of the home screen: listing, details, and every key."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from textual.widgets import OptionList

from stretchtimer import locations
from stretchtimer.config import Settings
from stretchtimer.tui.app import StretchApp, make_app
from stretchtimer.tui.home import HomeScreen, editor_command, folder_listing
from stretchtimer.tui.modals import CautionScreen, HelpScreen, NewRoutineScreen
from stretchtimer.tui.runner import RunnerScreen
from tui_support import BROKEN_YAML, CALF_YAML, QUICK_YAML, SIZE, home_loaded, text


@pytest.fixture
def folders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Path]:
    """A fixed built-in folder (one routine) and a user folder with two routines, one broken."""
    builtin = tmp_path / "builtin"
    builtin.mkdir()
    (builtin / "calf-care.yaml").write_text(CALF_YAML, encoding="utf-8")
    monkeypatch.setattr(locations, "builtin_routines_dir", lambda: builtin)
    user = locations.user_routines_dir()
    user.mkdir(parents=True)
    (user / "quick.yaml").write_text(QUICK_YAML, encoding="utf-8")
    (user / "broken.yaml").write_text(BROKEN_YAML, encoding="utf-8")
    return {"builtin": builtin, "user": user}


def build(watch_interval: float | None = None) -> StretchApp:
    return make_app(settings=Settings(), save_config=False, watch_interval=watch_interval)


def rows(home: HomeScreen) -> list[tuple[str, str]]:
    return [(entry.id, entry.source) for entry in home.entries]


def select(home: HomeScreen, routine_id: str) -> None:
    index = [entry.id for entry in home.entries].index(routine_id)
    home.query_one("#routines", OptionList).highlighted = index


async def test_lists_routines_with_time_source_and_problems(folders: dict[str, Path]) -> None:
    app = build()
    async with app.run_test(size=SIZE) as pilot:
        home = await home_loaded(pilot)
        assert rows(home) == [("broken", "user"), ("calf-care", "built-in"), ("quick", "user")]
        assert text(app, "#count") == "3 routines · 1 with problems"
        # it opens on the first valid routine (no history, no goals: nothing more likely)
        detail = text(app, "#detail-text")
        assert "Calf care\nNot done yet\n" in detail
        await pilot.press("up")  # the broken one's detail pane names its problems
        detail = text(app, "#detail-text")
        assert "This routine has 2 problems:" in detail
        assert "line 4, column 5:" in detail and "did you mean `hold`?" in detail
        await pilot.press("down")
        detail = text(app, "#detail-text")
        assert "Calf care" in detail
        assert "Stretch the calves." in detail
        assert "Caution: Stop if it hurts." in detail
        assert " 1. Calf stretch\n    hold 30s · left, right\n" in detail
        assert "Total 1:08" in detail  # 3 + 30 + 5 (switch) + 30
        await pilot.press("down")
        detail = text(app, "#detail-text")
        assert "Total 0:20 + ?" in detail
        assert "10 reps at your pace" in detail


async def test_list_rows_show_name_time_and_source(folders: dict[str, Path]) -> None:
    app = build()
    async with app.run_test(size=SIZE) as pilot:
        await home_loaded(pilot)
        svg = app.export_screenshot()
        for piece in ("Calf care", "1:08", "never", "Quick reach", "0:20 + ?", "invalid"):
            assert piece.replace(" ", "&#160;") in svg


async def test_enter_starts_the_selected_routine(folders: dict[str, Path]) -> None:
    app = build()
    async with app.run_test(size=SIZE) as pilot:
        home = await home_loaded(pilot)
        select(home, "calf-care")
        await pilot.press("enter")
        assert isinstance(app.screen, CautionScreen)
        await pilot.press("escape")  # back to home, nothing ran
        assert app.screen is home
        select(home, "quick")
        await pilot.press("enter")
        assert isinstance(app.screen, RunnerScreen)
        assert text(app, "#label") == "Reach up"


async def test_enter_on_an_invalid_routine_explains(folders: dict[str, Path]) -> None:
    app = build()
    notes: list[str] = []
    async with app.run_test(size=SIZE) as pilot:
        home = await home_loaded(pilot)
        home.notify = lambda message, **kw: notes.append(str(message))  # type: ignore[method-assign]
        select(home, "broken")
        await pilot.press("enter")
        assert app.screen is home
        assert notes == ["This routine has problems (see the details); press e to fix it."]


def fake_editor(tmp_path: Path, body: str) -> str:
    """Return an $EDITOR command that replaces the file it is given with ``body``."""
    script = tmp_path / "editor.py"
    script.write_text(
        f"import sys, pathlib\npathlib.Path(sys.argv[1]).write_text({body!r}, encoding='utf-8')\n",
        encoding="utf-8",
    )
    return f"{sys.executable} {script}"


async def test_e_edits_a_user_routine_and_reloads(
    folders: dict[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("VISUAL", fake_editor(tmp_path, QUICK_YAML.replace("Quick reach", "Fixed")))
    app = build()
    async with app.run_test(size=SIZE) as pilot:
        home = await home_loaded(pilot)
        select(home, "quick")
        await pilot.press("e")
        await home_loaded(pilot)
        assert home.selected() is not None
        assert home.selected().routine.name == "Fixed"  # type: ignore[union-attr]
        assert "Fixed" in text(app, "#detail-text")


async def test_e_fixes_a_broken_routine(
    folders: dict[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("VISUAL", fake_editor(tmp_path, BROKEN_YAML.replace("hodl", "hold")))
    app = build()
    async with app.run_test(size=SIZE) as pilot:
        home = await home_loaded(pilot)
        select(home, "broken")
        await pilot.press("e")
        await home_loaded(pilot)
        assert text(app, "#count") == "3 routines"
        assert home.selected().routine is not None  # type: ignore[union-attr]


async def test_e_on_a_built_in_routine_copies_it_first(
    folders: dict[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("VISUAL", fake_editor(tmp_path, CALF_YAML.replace("Calf care", "My calves")))
    app = build()
    async with app.run_test(size=SIZE) as pilot:
        home = await home_loaded(pilot)
        select(home, "calf-care")
        await pilot.press("e")
        await home_loaded(pilot)
        assert (folders["user"] / "calf-care.yaml").read_text().startswith("version: 1\nname: My")
        assert (folders["builtin"] / "calf-care.yaml").read_text() == CALF_YAML
        assert ("calf-care", "user") in rows(home)
        assert home.selected().routine.name == "My calves"  # type: ignore[union-attr]


async def test_e_on_a_built_in_routine_left_unchanged_keeps_the_built_in(
    folders: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("VISUAL", "true")  # an editor that changes nothing
    app = build()
    async with app.run_test(size=SIZE) as pilot:
        home = await home_loaded(pilot)
        select(home, "calf-care")
        await pilot.press("e")
        await home_loaded(pilot)
        assert not (folders["user"] / "calf-care.yaml").exists()
        assert ("calf-care", "built-in") in rows(home)


async def test_n_creates_a_routine_from_the_template(
    folders: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("VISUAL", "true")
    app = build()
    async with app.run_test(size=SIZE) as pilot:
        home = await home_loaded(pilot)
        await pilot.press("n")
        assert isinstance(app.screen, NewRoutineScreen)
        await pilot.press(*"Morning legs", "enter")
        await home_loaded(pilot)
        path = folders["user"] / "morning-legs.yaml"
        assert path.exists()
        assert home.selected() is not None
        assert home.selected().id == "morning-legs"  # type: ignore[union-attr]
        assert home.selected().routine.name == "Morning legs"  # type: ignore[union-attr]


async def test_n_then_escape_creates_nothing(folders: dict[str, Path]) -> None:
    app = build()
    async with app.run_test(size=SIZE) as pilot:
        home = await home_loaded(pilot)
        await pilot.press("n", "escape")
        assert app.screen is home
        assert sorted(p.name for p in folders["user"].iterdir()) == ["broken.yaml", "quick.yaml"]


async def test_no_editor_gives_a_notice(
    folders: dict[str, Path], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.delenv("EDITOR", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    assert editor_command() is None
    app = build()
    notes: list[str] = []
    async with app.run_test(size=SIZE) as pilot:
        home = await home_loaded(pilot)
        home.notify = lambda message, **kw: notes.append(str(message))  # type: ignore[method-assign]
        select(home, "quick")
        await pilot.press("e")
        assert notes and notes[0].startswith("Set $EDITOR to edit routines.")


def test_editor_command_order(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VISUAL", "code --wait")
    monkeypatch.setenv("EDITOR", "vim")
    assert editor_command() == ["code", "--wait"]
    monkeypatch.delenv("VISUAL")
    assert editor_command() == ["vim"]


async def test_r_reloads(folders: dict[str, Path]) -> None:
    app = build()
    async with app.run_test(size=SIZE) as pilot:
        home = await home_loaded(pilot)
        (folders["user"] / "quick.yaml").unlink()
        await pilot.press("r")
        await home_loaded(pilot)
        assert rows(home) == [("broken", "user"), ("calf-care", "built-in")]


async def test_folder_changes_are_picked_up(folders: dict[str, Path]) -> None:
    app = build(watch_interval=0.05)
    async with app.run_test(size=SIZE) as pilot:
        home = await home_loaded(pilot)
        (folders["user"] / "new.yaml").write_text(QUICK_YAML.replace("Quick reach", "New one"))
        for _ in range(100):  # the watcher runs every 0.05 s
            await pilot.pause(0.05)
            await app.workers.wait_for_complete()
            if "new" in [entry.id for entry in home.entries]:
                break
        assert ("new", "user") in rows(home)


def test_folder_listing_changes_with_content(tmp_path: Path) -> None:
    assert folder_listing(tmp_path / "missing") is None
    (tmp_path / "a.yaml").write_text("x")
    before = folder_listing(tmp_path)
    (tmp_path / "a.yaml").write_text("xy")
    assert folder_listing(tmp_path) != before


async def test_h_shows_history_or_a_notice(folders: dict[str, Path]) -> None:
    app = build()
    notes: list[str] = []
    async with app.run_test(size=SIZE) as pilot:
        home = await home_loaded(pilot)
        home.notify = lambda message, **kw: notes.append(str(message))  # type: ignore[method-assign]
        await pilot.press("h")
        await pilot.pause()
        from stretchtimer.tui.history_screen import HistoryScreen

        assert isinstance(app.screen, HistoryScreen) and notes == []


@pytest.mark.parametrize("close", ["escape", "q", "question_mark", "enter"])
async def test_question_mark_shows_help(folders: dict[str, Path], close: str) -> None:
    app = build()
    async with app.run_test(size=SIZE) as pilot:
        home = await home_loaded(pilot)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        assert "pause or resume" in text(app, "#help-text")
        assert "10 seconds more" in text(app, "#help-text")  # every session key
        await pilot.press(close)
        assert app.screen is home


async def test_q_quits(folders: dict[str, Path]) -> None:
    app = build()
    async with app.run_test(size=SIZE) as pilot:
        await home_loaded(pilot)
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 0


async def test_two_files_with_one_id_are_both_listed(folders: dict[str, Path]) -> None:
    (folders["user"] / "quick.yml").write_text(QUICK_YAML, encoding="utf-8")
    app = build()
    async with app.run_test(size=SIZE) as pilot:
        home = await home_loaded(pilot)
        assert [e.id for e in home.entries].count("quick") == 2
        assert text(app, "#count") == "4 routines · 2 with problems"


async def test_quitting_while_routines_load_is_clean(folders: dict[str, Path]) -> None:
    for _ in range(5):
        app = build()
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("q")
        assert app.return_code == 0


@pytest.mark.parametrize("config", ["config", "odd [/] config"])  # a path is not markup
async def test_no_routines_at_all(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, config: str
) -> None:
    monkeypatch.setattr(locations, "builtin_routines_dir", lambda: tmp_path / "none")
    monkeypatch.setenv("STRETCHTIMER_CONFIG_DIR", str(tmp_path / config))
    app = build()
    async with app.run_test(size=SIZE) as pilot:
        home = await home_loaded(pilot)
        assert home.entries == []
        assert text(app, "#detail-text").startswith("No routines yet. Press n to write one")
        assert str(tmp_path / config / "routines") in text(app, "#detail-text")
        await pilot.press("enter", "e")  # nothing to start or edit; no crash
        assert app.screen is home


async def test_the_real_leg_cramp_routine_runs_from_home_to_done() -> None:
    from stretchtimer.session.clock import FakeClock
    from stretchtimer.tui.done import DoneScreen

    clock = FakeClock()
    app = make_app(settings=Settings(), save_config=False, watch_interval=None, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        home = await home_loaded(pilot)
        select(home, "leg-cramp-prevention")
        await pilot.press("enter")
        assert isinstance(app.screen, CautionScreen)
        await pilot.press("enter")
        runner = app.screen
        assert isinstance(runner, RunnerScreen)
        labels = set()
        for _ in range(1000):
            if app.screen is not runner:
                break
            due = runner.driver.engine.next_event_at()
            assert due is not None  # the built-in routine is all timed
            clock.set(due)
            runner.tick()
            await pilot.pause()
            labels.add(runner.shown.label)
        assert isinstance(app.screen, DoneScreen)
        assert {"Wall calf stretch", "Toe lifts"} <= labels
        assert text(app, "#headline") == "Well done!"
        await pilot.press("enter")
        assert app.screen is home


def test_help_lays_out_for_the_width() -> None:
    from stretchtimer.tui.modals import help_text

    wide = str(help_text(73)).splitlines()
    narrow = str(help_text(54)).splitlines()
    assert all(len(line) <= 73 for line in wide) and all(len(line) <= 54 for line in narrow)
    assert any("choose a routine" in line and "history" in line for line in wide)
    assert not any("choose a routine" in line and "history" in line for line in narrow)
    for laid_out in (wide, narrow):
        joined = "\n".join(laid_out)
        for key in ("Ctrl+P", "Ctrl+C", "q or Esc", "+ or =", "i  "):
            assert key in joined


async def test_footers_keep_every_key_at_60_columns(folders: dict[str, Path]) -> None:
    from stretchtimer.tui.widgets.footer import AppFooter

    app = build()
    async with app.run_test(size=(60, 18)) as pilot:
        await home_loaded(pilot)
        footer = app.screen.query_one(AppFooter)
        assert footer.compact and not footer.show_command_palette
        keys = [child for child in footer.query("FooterKey") if child.region.width]
        assert len(keys) == 7  # Start, Edit, New, History, Cramp relief, Help, Quit (r: help)
        assert max(key.region.right for key in keys) <= 60
        await pilot.resize_terminal(100, 30)
        await pilot.pause()
        footer = app.screen.query_one(AppFooter)
        assert not footer.compact and footer.show_command_palette
        shown = [child for child in footer.query("FooterKey") if child.region.width]
        assert len(shown) == 9  # with Reload and the palette hint


@pytest.mark.parametrize("size", [(60, 18), (80, 24), (120, 40)])
async def test_list_rows_show_whole_names_when_the_list_has_room(size: tuple[int, int]) -> None:
    # the time and last-done columns take only what their widest cell needs: the built-ins'
    # names are never cut while the list has empty columns, and the columns line up
    app = build()
    async with app.run_test(size=size) as pilot:
        home = await home_loaded(pilot)
        routines = home.query_one("#routines", OptionList)
        screen = [strip.text for strip in app.screen._compositor.render_strips()]
        region = routines.content_region
        shown = [line[region.x : region.right].rstrip() for line in screen[region.y :]]
        listed = [line for line in shown[: len(home.entries)]]
        names = [entry.routine.name for entry in home.entries if entry.routine is not None]
        assert len(names) == len(listed) == 5
        for name, line in zip(names, listed, strict=True):
            assert line.strip().startswith(name + " "), line
            assert "…" not in line
            assert line.endswith("never"), line
        assert len({line.index(":") for line in listed}) == 1  # the times line up
        detail = home.query_one("#detail")
        assert detail.size.width >= 20  # the details keep a readable width (16 before)


@pytest.mark.parametrize(("width", "count_shown"), [(60, False), (80, False), (100, True)])
async def test_the_top_row_drops_the_count_before_cutting_the_app_name(
    folders: dict[str, Path], width: int, count_shown: bool
) -> None:
    from datetime import date

    from history_support import seed_history

    seed_history(locations.history_db(), today=date.today()).close()  # a long goal line
    app = build()
    async with app.run_test(size=(width, 24)) as pilot:
        home = await home_loaded(pilot)
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert text(app, "#count") == "3 routines · 1 with problems"
        streak = home.query_one("#streak")
        assert "-day streak" in str(streak.render())
        assert home.query_one("#count").display is count_shown
        name = home.query_one("#routine-name")
        assert name.content_size.width >= len("stretchtimer")  # never "…"
        assert streak.content_size.width == len(str(streak.render()))  # the goal line whole
