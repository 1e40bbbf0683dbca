"""Helpers shared by the TUI tests: fixed routines, a recording sink, and text accessors."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.app import App
from textual.widgets import Label, Static

from stretchtimer.routines.model import HoldStep, RepsStep, RestStep, Routine, Tempo
from stretchtimer.session.events import Event
from stretchtimer.tui.widgets.countdown import BigClock
from stretchtimer.tui.widgets.ticker import TickerLabel

if TYPE_CHECKING:
    from stretchtimer.tui.home import HomeScreen

SIZE = (80, 24)

# routine files for the home screen tests
CALF_YAML = """\
version: 1
name: Calf care
description: Stretch the calves.
caution: Stop if it hurts.
prepare: 3s
steps:
  - name: Calf stretch
    hold: 30s
    sides: [left, right]
"""

QUICK_YAML = """\
name: Quick reach
prepare: 0
steps:
  - name: Reach up
    hold: 20s
  - name: Squats
    reps: 10
"""

BROKEN_YAML = """\
name: Broken one
steps:
  - name: Calf stretch
    hodl: 30s
"""

CALF = HoldStep(
    name="Wall calf stretch",
    hold=60,
    cue="Step back with your {side} foot, heel flat, and lean in.",
    sides=("left", "right"),
    switch=5,
)
TOES = RepsStep(
    name="Toe lifts",
    reps=10,
    tempo=Tempo(up=1, hold=3, down=2),
    sets=2,
    cue="Rise onto your toes, hold, then lower slowly.",
)
SQUATS = RepsStep(name="Squats", reps=12, cue="Slow and steady.")

# prepare 5 | calf left 60 | switch 5 | calf right 60 | rest 10 | toes set 1 (60) | rest 10 |
# toes set 2 (60) | rest 10 | squats (until done) | rest 20 (standalone)
FULL = Routine(
    id="full",
    name="Test routine",
    description="A routine for the tests.",
    caution="Stop if anything hurts.",
    prepare=5,
    rest=10,
    steps=(CALF, TOES, SQUATS, RestStep(rest=20, cue="Shake out your legs.")),
)

# no caution, no prepare: starts straight on a 10 s hold
SHORT = Routine(
    id="short",
    name="Short one",
    prepare=0,
    steps=(
        HoldStep(name="Reach up", hold=10, cue="Reach for the ceiling."),
        HoldStep(name="Fold", hold=5),
    ),
)

UNTIMED = Routine(id="untimed", name="Count yourself", prepare=0, steps=(SQUATS,))
PACED = Routine(id="paced", name="Paced", prepare=0, steps=(TOES,))


class Recorder:
    """A sink that keeps every event it gets."""

    def __init__(self) -> None:
        self.events: list[Event] = []
        self.closed = False

    def __call__(self, event: Event) -> None:
        self.events.append(event)

    def close(self) -> None:
        self.closed = True

    def kinds(self) -> list[str]:
        return [type(event).__name__ for event in self.events]


def text(app: App[Any], selector: str) -> str:
    """Return the text shown by a Label/Static/BigClock found by ``selector`` on the screen."""
    widget = app.screen.query_one(selector)
    if isinstance(widget, BigClock | TickerLabel):
        return widget.text
    if isinstance(widget, Label | Static):
        return str(widget.content)
    raise TypeError(f"{selector} is a {type(widget).__name__}")


PAINT_EVERY = 8
"""How many of the session's events :func:`run_to_end` handles between two painted frames."""


async def run_to_end(
    pilot: Any, clock: Any, *, untimed_takes: float = 25.0, limit: int = 5000
) -> None:
    """Run the session on screen to its end, jumping the fake clock from event to event.

    The clock goes straight to the engine's next event (a cue, a countdown second, a segment's
    end) instead of a second at a time; an untimed set is confirmed with Enter after
    ``untimed_takes`` seconds.
    """
    from stretchtimer.tui.runner import RunnerScreen

    for count in range(limit):
        screen = pilot.app.screen
        if not isinstance(screen, RunnerScreen):
            return
        due = screen.driver.engine.next_event_at()
        if due is None:
            await pilot.pause()  # the session may have ended: let the done screen come first
            if not isinstance(pilot.app.screen, RunnerScreen):
                return
            clock.advance(untimed_takes)
            await pilot.press("enter")
        else:
            clock.set(max(due, clock()))
            screen.tick()
            if count % PAINT_EVERY == 0:  # every event is handled; not every one is painted
                await pilot.pause()
    raise AssertionError("the session did not end")


def build(
    routine: Routine | None,
    clock: Any,
    sink: Recorder | None = None,
    *,
    sinks_factory: Any = None,
    history: bool = False,
) -> Any:
    """Return the app as ``stretchtimer run ROUTINE`` builds it, on a fake clock, no files.

    Args:
        routine: the routine it runs.
        clock: the fake clock.
        sink: the one sink of every session, if any.
        sinks_factory: makes each session's sinks (instead of ``sink``).
        history: record sessions in the history file (in the data folder the tests set).
    """
    from stretchtimer.config import Settings
    from stretchtimer.tui.app import make_app

    return make_app(
        routine=routine,
        clock=clock,
        settings=Settings(),
        sinks_factory=sinks_factory or ((lambda plan: [sink]) if sink else None),
        save_config=False,
        watch_interval=None,
        history=history,
    )


async def advance(pilot: Any, clock: Any, seconds: float) -> Any:
    """Move the fake clock and let the runner catch up (as its timer would); return the runner."""
    from stretchtimer.tui.runner import RunnerScreen

    clock.advance(seconds)
    screen = pilot.app.screen
    assert isinstance(screen, RunnerScreen)
    screen.tick()
    await pilot.pause()
    return screen


async def home_loaded(pilot: Any) -> HomeScreen:
    """Wait until home has read the routines (after its first frame, on a worker); return it."""
    from stretchtimer.tui.home import HomeScreen

    screen = pilot.app.screen
    assert isinstance(screen, HomeScreen)
    for _ in range(100):
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        if screen.loaded and not pilot.app.workers:
            break
    assert screen.loaded
    return screen
