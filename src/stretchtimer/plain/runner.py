"""The plain runner: a routine in the terminal as plain lines, no full-screen UI.

One line per segment as it starts, a line per countdown second, halfway and tempo phase, and a
summary at the end; every line is flushed at once. No cursor movement and no carriage-return
animation, so it reads well with screen readers, in logs and over SSH, and it can be scripted.

In a terminal the keys of the full-screen runner work (Space, → or n, ← or p, Enter, q with a
y/n question), read without echo; without one it runs on its own and Ctrl+C stops it. Timing,
sinks and the summary are the session driver's: this loop waits for a key until the driver's
next wake-up, then polls it.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Sequence
from contextlib import ExitStack
from typing import TextIO

from stretchtimer.plain.keys import EOF, KeySource, NoKeys, TerminalKeys, is_terminal
from stretchtimer.plain.lines import header_lines, segment_line, summary_line
from stretchtimer.safe_text import visible
from stretchtimer.session.actions import ACTION_OF_KEY, Action
from stretchtimer.session.clock import Clock
from stretchtimer.session.driver import SessionDriver, Sink
from stretchtimer.session.engine import EngineState
from stretchtimer.session.events import (
    CountdownTick,
    Event,
    Halfway,
    RepPhase,
    SegmentEnded,
    SegmentStarted,
    SessionFinished,
    SessionStopped,
)
from stretchtimer.session.plan import Plan, Segment
from stretchtimer.session.summary import SessionSummary
from stretchtimer.session.timefmt import format_seconds

__all__ = ["run_plain"]


class _Runner:
    """The loop of :func:`run_plain`, with its output and keys."""

    def __init__(self, driver: SessionDriver, out: TextIO, keys: KeySource) -> None:
        self.driver, self.plan, self.out, self.keys = driver, driver.plan, out, keys
        self.active = 0.0  # active seconds of the passes ended so far
        self.output_gone = False

    def say(self, text: str) -> None:
        if self.output_gone:
            return
        try:
            self.out.write(visible(text) + "\n")  # the one place lines leave: made safe
            self.out.flush()
        except (OSError, ValueError):  # the reader went away (a pipe), the terminal closed
            # (EIO): the loop stops the session, recorded as stopped
            self.output_gone = True

    def show(self, events: Sequence[Event]) -> None:
        for event in events:
            if isinstance(event, SegmentStarted):
                self.started(event.segment)
            elif isinstance(event, CountdownTick):
                if event.segment.tempo is None:  # paced reps count by their phases instead
                    self.say(f"  {event.seconds_left}…")
            elif isinstance(event, Halfway):
                self.say("  Halfway")
            elif isinstance(event, RepPhase) and event.segment.reps:
                self.say(f"  Rep {event.rep}/{event.segment.reps}: {event.phase}")
            elif isinstance(event, SegmentEnded):
                self.active += event.record.actual
            elif isinstance(event, SessionFinished | SessionStopped):
                self.say(summary_line(self.plan, self.driver.summary()))

    def started(self, seg: Segment) -> None:
        index = seg.index + 1
        nxt = self.plan.segments[index] if index < len(self.plan.segments) else None
        self.say(segment_line(seg, nxt, self.active))
        if not seg.timed:
            if self.keys.interactive:
                self.say(f"  Do {seg.reps} reps, then press Enter.")
            else:
                self.say("  No keyboard to confirm this set: counted as skipped.")

    def act(self, action: Action) -> None:
        driver = self.driver
        if action is Action.STOP:
            self.ask_stop()
            return
        before = driver.state
        was = driver.view()
        self.show(driver.act(action))
        if action is Action.TOGGLE_PAUSE and driver.state is not before:
            self.say(
                "  Paused: Space to resume." if driver.state is EngineState.PAUSED else "  Resumed."
            )
        if action in (Action.MORE, Action.LESS):
            now = driver.view()
            if (
                now.segment is was.segment
                and now.remaining is not None
                and was.remaining is not None
                and now.remaining != was.remaining
            ):
                change = "10 s more" if action is Action.MORE else "10 s less"
                self.say(f"  {change}: {format_seconds(now.remaining)} left.")

    def ask_stop(self) -> None:
        """Ask before stopping; the session waits paused while the question is open."""
        driver = self.driver
        was_running = driver.state is EngineState.RUNNING
        if was_running:
            self.show(driver.pause())
        self.say("  Stop the routine? y stops, n goes on.")
        while True:
            key = self.keys.read(None)
            if key in ("y", EOF):
                self.show(driver.stop())
                return
            if key in ("n", "escape"):
                break
        if was_running:
            self.say("  Going on.")
            self.show(driver.resume())

    def loop(self) -> None:
        driver = self.driver
        while driver.going and not self.output_gone:
            view = driver.view()
            if (
                view.segment is not None
                and not view.segment.timed
                and driver.state is EngineState.RUNNING
                and not self.keys.interactive
            ):
                self.show(driver.act(Action.SKIP))  # nobody can confirm it: not done
                continue
            key = self.keys.read(driver.wake_in())
            if key == EOF:  # the terminal went away: stop, as with Ctrl+C
                self.show(driver.stop())
                return
            if key is not None:
                self.show(driver.poll())  # first what was due before the key
                action = ACTION_OF_KEY.get(key)
                if action is not None and driver.going:
                    self.act(action)
            else:
                self.show(driver.poll())


def run_plain(
    plan: Plan,
    *,
    clock: Clock = time.monotonic,
    sleep: Callable[[float], None] = time.sleep,
    out: TextIO | None = None,
    sinks: Sequence[Sink] = (),
    stdin: TextIO | None = None,
    keys: KeySource | None = None,
    on_sink_failure: Callable[[str], None] | None = None,
) -> SessionSummary:
    """Run a plan in the terminal as plain lines; Ctrl+C stops it with the summary.

    Args:
        plan: the plan to run.
        clock: the monotonic clock the engine reads.
        sleep: how to wait when there is no keyboard (a fake clock's ``sleep`` in tests).
        out: where lines go (``sys.stdout`` when None).
        sinks: callables that receive every event, in order (history, sound, voice); those
            with ``close()`` are closed when the session is over.
        stdin: where keys come from when it is a terminal (``sys.stdin`` when None).
        keys: a key source to use instead (tests).
        on_sink_failure: told once per failing sink (default: a warning on stderr).

    Returns:
        The session's summary; its status is COMPLETED or STOPPED.
    """
    out = sys.stdout if out is None else out
    driver = SessionDriver(
        plan, clock=clock, sinks=sinks, on_sink_failure=on_sink_failure or _warn, shows_counts=False
    )
    with ExitStack() as stack:
        if keys is None:
            stream = sys.stdin if stdin is None else stdin
            keys = (
                stack.enter_context(TerminalKeys(stream)) if is_terminal(stream) else NoKeys(sleep)
            )
        runner = _Runner(driver, out, keys)
        for line in header_lines(plan, keys=keys.interactive):
            runner.say(line)
        try:
            runner.show(driver.start())
            runner.loop()
            if runner.output_gone:  # nobody reads the lines any more: stop, as with Ctrl+C
                runner.show(driver.stop())
        except KeyboardInterrupt:
            if not runner.output_gone and out.isatty():
                runner.say("")  # after the terminal's echoed ^C
            runner.show(driver.stop())
        finally:
            for error in driver.close():  # the session's sinks: history written, sounds ended
                _warn(f"{error or type(error).__name__}")
    return driver.summary()


def _warn(message: str) -> None:
    print(f"stretchtimer: warning: {visible(message)}", file=sys.stderr, flush=True)
