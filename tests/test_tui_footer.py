"""The footer's keys are composed with their screen, and again only when the keys change."""

from __future__ import annotations

import pytest

from stretchtimer.config import Settings
from stretchtimer.session.clock import FakeClock
from stretchtimer.tui.app import make_app
from stretchtimer.tui.runner import RunnerScreen
from stretchtimer.tui.widgets.footer import AppFooter
from tui_support import SIZE, UNTIMED, advance, build


def shown_actions(app: object) -> list[str]:
    footer = app.screen.query_one(AppFooter)  # type: ignore[attr-defined]
    return [key.action for key in footer.query("FooterKey")]


@pytest.fixture
def composes(monkeypatch: pytest.MonkeyPatch) -> list[AppFooter]:
    calls: list[AppFooter] = []
    compose = AppFooter.compose

    def counted(self: AppFooter):  # type: ignore[no-untyped-def]
        calls.append(self)
        return compose(self)

    monkeypatch.setattr(AppFooter, "compose", counted)
    return calls


async def test_the_keys_are_there_as_the_screen_is_composed(composes: list[AppFooter]) -> None:
    app = make_app(settings=Settings(), save_config=False, watch_interval=None)
    async with app.run_test(size=SIZE) as pilot:
        footer = app.screen.query_one(AppFooter)
        assert "start" in shown_actions(app)  # no frame without the keys
        for _ in range(3):  # the focus moves: the keys stay as they are
            await pilot.press("tab")
            await pilot.pause()
        assert "reload" in shown_actions(app)
    assert composes.count(footer) == 1


async def test_the_keys_are_composed_again_when_they_change(composes: list[AppFooter]) -> None:
    clock = FakeClock()
    app = build(UNTIMED, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, RunnerScreen)
        footer = screen.query_one(AppFooter)
        assert "done" in shown_actions(app)  # an untimed set: Enter marks it done
        before = composes.count(footer)
        await advance(pilot, clock, 5)
        assert composes.count(footer) == before  # the count moved, not the keys
        await pilot.press("space")  # paused: still the same keys
        await pilot.pause()
        assert composes.count(footer) == before
