"""Random key sequences through the whole app: no screen stack can be broken, no session lost.

Each sequence starts the app (on the home screen, or running a routine with or without a
caution), drives it with keys chosen at random (one at a time, or typed faster than the app
handles them; the command palette and the dialogs included), terminal resizes and the fake
clock moving on, and checks after every step that the app is still in a sane state. When the
sequence is over the app is closed; every session that began must then be in the history as
completed or stopped.

The default run is short; ``STRETCHTIMER_FUZZ_SEQUENCES=2000`` runs a long one and
``STRETCHTIMER_FUZZ_SEED`` picks the first seed (a failure prints its seed and its keys;
``STRETCHTIMER_FUZZ_SEQUENCES=1 STRETCHTIMER_FUZZ_SEED=N`` replays it).
"""

from __future__ import annotations

import os
import random
from collections.abc import Sequence
from pathlib import Path

import pytest
from textual import events
from textual.screen import ModalScreen, Screen

from stretchtimer import locations
from stretchtimer.config import Settings
from stretchtimer.history.recorder import HistoryRecorder
from stretchtimer.history.store import HistoryStore
from stretchtimer.routines.model import Routine
from stretchtimer.session.clock import FakeClock
from stretchtimer.tui.app import StretchApp, make_app
from stretchtimer.tui.modals import ConfirmStop
from stretchtimer.tui.runner import RunnerScreen
from tui_support import FULL, QUICK_YAML, SHORT, UNTIMED, build

SEQUENCES = int(os.environ.get("STRETCHTIMER_FUZZ_SEQUENCES", "5"))
STEPS = int(os.environ.get("STRETCHTIMER_FUZZ_STEPS", "40"))
SEED = os.environ.get("STRETCHTIMER_FUZZ_SEED")
TRACE = bool(os.environ.get("STRETCHTIMER_FUZZ_TRACE"))

# keys a user may press anywhere, weighted towards the ones that move between screens
KEYS: dict[str, int] = {
    "space": 4,
    "right": 4,
    "left": 3,
    "n": 3,
    "p": 2,
    "enter": 8,
    "escape": 6,
    "q": 5,
    "y": 3,
    "h": 3,
    "e": 2,
    "r": 1,
    "question_mark": 2,
    "ctrl+p": 4,
    "down": 3,
    "up": 2,
    "tab": 1,
    "a": 1,
    "m": 1,
    "f": 1,
    "ctrl+c": 1,
}
SIZES = [(80, 24), (120, 40), (60, 18), (40, 12), (20, 6), (100, 30)]
STARTS: list[Routine | None] = [None, FULL, SHORT, UNTIMED]

Action = tuple[str, object]


def _key_event(key: str) -> events.Key:
    character = {
        "space": " ",
        "enter": "\r",
        "escape": "\x1b",
        "tab": "\t",
        "question_mark": "?",
        "ctrl+c": "\x03",
        "ctrl+p": "\x10",
    }.get(key)
    if character is None and len(key) == 1:
        character = key
    return events.Key(key, character)


def random_actions(rng: random.Random, steps: int) -> list[Action]:
    """Return a random list of things a user (or the terminal, or time) does.

    A key is followed by a random wait: none (typed faster than the app handles keys), a few
    milliseconds, or until the app is idle.
    """
    keys, weights = list(KEYS), list(KEYS.values())
    actions: list[Action] = []
    for _ in range(steps):
        roll = rng.random()
        if roll < 0.8:
            actions.append(("key", rng.choices(keys, weights)[0]))
            actions.append(("wait", rng.choice([0, 0, 0, 0.002, 0.01, None])))
        elif roll < 0.9:
            actions.append(("resize", rng.choice(SIZES)))
        else:
            actions.append(("time", rng.choice([0.4, 1.0, 3.0, 11.0, 65.0])))
    return actions


def check_stack(app: StretchApp, where: str) -> bool:
    """Check the stack; return False when only the blank launch screen shows (for now).

    The app is either leaving or shows a real screen: the blank launch screen is allowed only
    for the moment between a declined caution and the app's exit.
    """
    if app.return_code is not None or not app.is_running:
        return True
    stack = app.screen_stack
    assert stack, where
    base = [screen for screen in stack if not isinstance(screen, ModalScreen)]
    top = base[-1]
    for screen in stack:
        if isinstance(screen, RunnerScreen) and screen is not top:
            # a runner under other full screens would be a session nobody can see
            raise AssertionError(f"{where}: runner hidden under {top}: {stack}")
    return type(top) is not Screen


async def drive(app: StretchApp, clock: FakeClock, actions: list[Action], where: str) -> None:
    """Run the app through ``actions``, checking the screen stack after each."""
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        for n, (kind, value) in enumerate(actions):
            if app.return_code is not None or not app.is_running:
                break
            step = f"{where}, step {n}"
            if kind == "key":
                app.post_message(_key_event(str(value)))
                continue
            if kind == "wait":
                if value == 0:
                    continue
                await pilot.pause(value)  # type: ignore[arg-type]
            elif kind == "resize":
                size: tuple[int, int] = value  # type: ignore[assignment]
                await pilot.resize_terminal(*size)
            else:
                clock.advance(float(value))  # type: ignore[arg-type]
                for screen in app.screen_stack:
                    if isinstance(screen, RunnerScreen) and screen.is_attached:
                        screen.tick()
                await pilot.pause()
            if not check_stack(app, step):
                await pilot.pause()
                assert check_stack(app, step), f"{step}: only the blank launch screen is left"
            if TRACE:
                print(n, kind, value, [type(s).__name__ for s in app.screen_stack])
        app.exit()  # as a quit, Ctrl+C or a closed terminal end it, with keys still queued
        await pilot.pause()


async def run_sequence(seed: int, data: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    rng = random.Random(seed)
    monkeypatch.setenv(locations.DATA_ENV, str(data))
    start = rng.choice(STARTS)
    actions = random_actions(rng, STEPS)
    where = f"seed {seed}, start {start.id if start else 'home'}, actions {actions}"
    clock = FakeClock(1000.0)
    app = build(start, clock, history=True)
    try:
        await drive(app, clock, actions, where)
    except AssertionError:
        raise
    except Exception as exc:  # the app raised: say which sequence did it
        raise AssertionError(f"{where}: {type(exc).__name__}: {exc}") from exc
    # the app has exited: every session that began is in the history, none left running
    sinks = app.session_sinks  # made when the first session started (None: no session)
    recorders = [r for r in (sinks.recorders if sinks else []) if isinstance(r, HistoryRecorder)]
    for recorder in recorders:  # the runner's closing thread may be closing it too
        assert recorder.close(timeout=10), where
        assert recorder.flush(timeout=10), where  # returns once the writer is done
    begun = {r.session_id for r in recorders if r.session_id is not None}
    statuses: dict[int, str] = {}
    if locations.history_db().exists():
        with HistoryStore(locations.history_db()) as store:
            statuses = {s.id: s.status for s in store.sessions()}
    assert set(statuses) == begun, where
    assert all(status in ("completed", "stopped") for status in statuses.values()), (
        f"{where}: {statuses}"
    )


FOUND = (1166, 2177, 5902)
"""Seeds that once broke the app (5902: the session ended while the palette was mounting)."""


def _seeds() -> list[int]:
    if SEED is not None:
        return [int(SEED) + i for i in range(SEQUENCES)]
    return [*FOUND, *range(SEQUENCES)]


@pytest.mark.parametrize("seed", _seeds())
async def test_random_keys_never_break_the_app(
    seed: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, isolated_dirs: dict[str, Path]
) -> None:
    monkeypatch.setenv("VISUAL", "true")  # "editing" a routine returns at once, unchanged
    routines = isolated_dirs["config"] / "routines"
    routines.mkdir(parents=True)
    (routines / "quick-reach.yaml").write_text(QUICK_YAML, encoding="utf-8")
    await run_sequence(seed, tmp_path / f"data-{seed}", monkeypatch)


async def _typed_fast(app: StretchApp, keys: Sequence[str]) -> None:
    for key in keys:
        app.post_message(_key_event(key))


async def test_enter_twice_in_the_palette_keeps_the_session() -> None:
    app = build(SHORT, FakeClock())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        runner = app.screen
        assert isinstance(runner, RunnerScreen)
        await pilot.press("ctrl+p")
        await pilot.pause(0.1)  # the commands are listed
        await _typed_fast(app, ["enter", "enter"])
        await pilot.pause(0.1)
        assert app.screen is runner
        assert isinstance(runner, RunnerScreen) and runner.engine.state.name == "RUNNING"


async def test_q_then_h_typed_fast_on_home_quits_cleanly() -> None:
    app = make_app(settings=Settings(), save_config=False, watch_interval=None)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await _typed_fast(app, ["q", "h"])
        await pilot.pause(0.1)
    assert app.return_code == 0


async def test_a_dialog_dismissed_twice_closes_only_itself() -> None:
    app = build(SHORT, FakeClock())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        runner = app.screen
        await pilot.press("q")
        dialog = app.screen
        assert isinstance(dialog, ConfirmStop)
        dialog.dismiss(False)
        dialog.dismiss(False)  # a second answer, e.g. a click and a key at once
        await pilot.pause()
        assert app.screen is runner
        assert isinstance(runner, RunnerScreen)
        assert runner.engine.state.name == "RUNNING"
