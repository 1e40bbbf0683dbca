"""The garbage collector waits for the app's first frame, then collects again, always."""

from __future__ import annotations

import gc

import pytest

from stretchtimer.config import Settings
from stretchtimer.tui.app import make_app
from stretchtimer.tui.startup import collector_held, release_collector
from tui_support import SHORT, SIZE


def test_held_until_released_then_on_again() -> None:
    assert gc.isenabled()
    with collector_held():
        assert not gc.isenabled()
        release_collector()  # the first frame is shown
        assert gc.isenabled()
        release_collector()  # once only: nothing more
        assert gc.isenabled()
    assert gc.isenabled()


def test_on_again_when_the_app_never_showed_a_frame() -> None:
    with pytest.raises(RuntimeError), collector_held():
        assert not gc.isenabled()
        raise RuntimeError("the terminal went away")
    assert gc.isenabled()


def test_a_collector_already_off_is_left_off() -> None:
    gc.disable()
    try:
        with collector_held():
            release_collector()
            assert not gc.isenabled()  # not ours to turn on
    finally:
        gc.enable()


@pytest.mark.parametrize("routine", [None, SHORT], ids=["home", "runner"])
async def test_the_first_frame_turns_it_back_on(routine: object) -> None:
    with collector_held():
        app = make_app(
            routine=routine,  # type: ignore[arg-type]
            settings=Settings(),
            sinks_factory=lambda plan: [],
            save_config=False,
            watch_interval=None,
        )
        async with app.run_test(size=SIZE) as pilot:
            for _ in range(20):
                await pilot.pause()
                if gc.isenabled():
                    break
            assert gc.isenabled()
            shown = "HomeScreen" if routine is None else "RunnerScreen"
            assert type(app.screen).__name__ == shown
