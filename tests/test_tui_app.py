"""The app as a whole: themes, persisted settings, notices, NO_COLOR, the CLI entry."""

from __future__ import annotations

import pytest

from stretchtimer import locations
from stretchtimer.config import Settings, load_settings, save_settings
from stretchtimer.tui.app import make_app
from tui_support import SIZE


async def test_own_themes_are_registered_and_the_default() -> None:
    app = make_app(settings=Settings(), watch_interval=None)
    async with app.run_test(size=SIZE):
        assert app.theme == "stretchtimer"
        assert {"stretchtimer", "stretchtimer-light"} <= set(app.available_themes)


async def test_a_theme_change_is_saved() -> None:
    app = make_app(watch_interval=None)
    async with app.run_test(size=SIZE) as pilot:
        app.theme = "stretchtimer-light"
        await pilot.pause()
        await app.workers.wait_for_complete()
    settings, notice = load_settings()
    assert notice is None
    assert settings.theme == "stretchtimer-light"


async def test_theme_is_read_from_the_config_file() -> None:
    save_settings(Settings(theme="nord", volume=20))
    app = make_app(watch_interval=None)
    async with app.run_test(size=SIZE):
        assert app.theme == "nord"
    assert load_settings()[0].volume == 20  # other settings untouched


@pytest.mark.parametrize("theme", ["stretchtimer", "stretchtimer-light", "nord", "textual-dark"])
async def test_the_theme_the_app_starts_with_is_in_its_first_frame(theme: str) -> None:
    from textual.color import Color

    def background(name: str) -> Color:
        chosen = app.get_theme(name)
        assert chosen is not None
        return Color.parse(chosen.to_color_system().generate()["background"])

    app = make_app(settings=Settings(theme=theme), save_config=False, watch_interval=None)
    async with app.run_test(size=SIZE) as pilot:
        assert app.screen.styles.background == background(theme)
        assert app.has_class("-dark-mode" if theme != "stretchtimer-light" else "-light-mode")
        app.theme = "stretchtimer" if theme != "stretchtimer" else "stretchtimer-light"
        await pilot.pause()
        assert app.screen.styles.background == background(app.theme)


async def test_the_command_palette_offers_the_themes() -> None:
    app = make_app(settings=Settings(), save_config=False, watch_interval=None)
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"theme", "enter")
        await pilot.pause()
        await pilot.press(*"stretchtimer-light")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert app.theme == "stretchtimer-light"


async def test_a_broken_config_file_gives_a_notice() -> None:
    path = locations.config_file()
    path.parent.mkdir(parents=True)
    path.write_text("volume = [", encoding="utf-8")
    app = make_app(watch_interval=None)
    notes: list[str] = []
    app.notify = lambda message, **kw: notes.append(str(message))  # type: ignore[method-assign]
    async with app.run_test(size=SIZE):
        pass
    assert len(notes) == 1 and notes[0].startswith(str(path))


async def test_an_unknown_theme_falls_back_with_a_notice() -> None:
    app = make_app(settings=Settings(theme="no-such-theme"), save_config=False, watch_interval=None)
    notes: list[str] = []
    app.notify = lambda message, **kw: notes.append(str(message))  # type: ignore[method-assign]
    async with app.run_test(size=SIZE):
        assert app.theme == "stretchtimer"
    assert notes == ["Unknown theme 'no-such-theme'; using 'stretchtimer'"]


async def test_no_color_is_respected(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    app = make_app(settings=Settings(), save_config=False, watch_interval=None)
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.no_color
        svg = app.export_screenshot()
    # monochrome: no theme colour (teal primary #5fb3b3) reaches the screen
    assert "#5fb3b3" not in svg.lower()


def test_home_command_runs_the_app(monkeypatch: pytest.MonkeyPatch) -> None:
    from stretchtimer import cli
    from stretchtimer.tui import app as app_module
    from stretchtimer.tui.routine_reader import RoutineReader

    calls: list[dict[str, object]] = []
    monkeypatch.setattr(app_module, "run_app", lambda **kw: calls.append(kw) or 0)
    monkeypatch.setattr("stretchtimer.tui.terminal.terminal_problem", lambda: None)  # a terminal
    assert cli.main([]) == 0
    assert list(calls[0]) == ["routines"]  # the routines are read while the UI loads
    reader = calls[0]["routines"]
    assert isinstance(reader, RoutineReader)
    result = reader.wait(10)
    assert result is not None and result[0]  # the built-in routines


async def test_notices_are_plain_text() -> None:
    # notices carry names, paths and error texts: "[/]" in one used to crash the app
    app = make_app(settings=Settings(theme="[/] [b]x"), save_config=False, watch_interval=None)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        app.screen.notify("Legs [/]: ready to run")
        await pilot.pause()
        shown = [str(toast.render()) for toast in app.screen.query("Toast")]
    assert shown == ["Unknown theme '[/] [b]x'; using 'stretchtimer'", "Legs [/]: ready to run"]
