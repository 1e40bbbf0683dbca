"""The session driver: one engine, its sinks, when to wake next, and the account of the session.

Both front ends (the full-screen runner and the plain runner) drive a session through a
:class:`SessionDriver` and nothing else, so these rules exist once:

- **Events reach every sink in order.** A sink is any callable taking an event (the history
  recorder, the cue player, the voice). A sink that raises is disabled: it gets no more events,
  the user is told once through ``on_sink_failure``, and the session goes on. Sinks that have a
  ``close()`` are closed by :meth:`SessionDriver.close`.
- **Sinks made after the start.** A front end may start the session before its sinks are made,
  so that making them (loading the history, the sound, the voice) does not hold up what the user
  sees first: a driver made with ``late_sinks`` keeps the events until :meth:`add_sinks` hands
  them over, in order, so no sink misses one. A sink that stamps events with the time (the
  history recorder) has ``late(event, seconds_ago)`` and is told how long ago each happened;
  any other sink is called as usual.
- **When to wake.** :meth:`SessionDriver.next_wake` is the clock reading at which something
  changes: the engine's next event, or the next whole second of a count the user sees. A front
  end sleeps until then (a timer, or ``select``/``sleep``) and calls :meth:`poll`; nothing is
  polled at a fixed rate and a late wake-up never adds up (the engine chains deadlines).
- **The account.** :meth:`SessionDriver.summary` is the one summary of what the session did
  (see :mod:`stretchtimer.session.summary`).

The driver does no I/O of its own and imports no UI toolkit.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Sequence

from stretchtimer.session.actions import Action
from stretchtimer.session.clock import Clock
from stretchtimer.session.engine import EngineState, SessionEngine
from stretchtimer.session.events import Event, SessionFinished, SessionRecord, SessionStopped
from stretchtimer.session.plan import Plan
from stretchtimer.session.view import View, next_change_in

TYPE_CHECKING = False
if TYPE_CHECKING:  # the summary is made when the session is over
    from stretchtimer.session.summary import SessionSummary

__all__ = ["MAX_WAKE", "MIN_WAKE", "SessionDriver", "Sink", "is_end"]

Sink = Callable[[Event], None]
"""Something that receives every event of a session, in order."""

DISPLAY_MARGIN = 0.002
"""A shown count is read this long after it changes, so the new second is surely showing."""
MIN_WAKE = 0.005
"""A front end never sleeps less than this (seconds), whatever the clock says."""
MAX_WAKE = 1.0
"""Nor longer than this while running, so a clock that jumps is caught up within a second."""


def _describe(exc: BaseException) -> str:
    text = str(exc)
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


class SessionDriver:
    """Runs one plan: actions in, events out to the sinks, wake-up times and a summary out.

    Args:
        plan: the plan to run.
        clock: the monotonic clock (a fake one in tests).
        sinks: the callables that receive every event.
        on_sink_failure: told once per failing sink, with a message for the user; it runs on
            the thread that called the driver.
        late_sinks: more sinks come later (:meth:`add_sinks`): keep the events for them.
        shows_counts: the front end shows counts that change each second (the full-screen
            clock), so it must also wake when one of them does; a front end that only prints
            events (the plain runner) wakes for events alone.
    """

    def __init__(
        self,
        plan: Plan,
        *,
        clock: Clock = time.monotonic,
        sinks: Iterable[Sink] = (),
        on_sink_failure: Callable[[str], None] | None = None,
        shows_counts: bool = True,
        late_sinks: bool = False,
    ) -> None:
        self.plan = plan
        self.shows_counts = shows_counts
        self.clock = clock
        self.engine = SessionEngine(plan, clock)
        self._sinks: list[Sink] = list(sinks)
        self._failed: list[Sink] = []
        self._on_sink_failure = on_sink_failure
        self._closed = False
        self._backlog: list[tuple[Event, float]] | None = [] if late_sinks else None
        """The events so far and the clock reading of each, while sinks are still to come."""

    # -- reading ---------------------------------------------------------------------------

    @property
    def state(self) -> EngineState:
        """Return the session's state as of the last call."""
        return self.engine.state

    @property
    def going(self) -> bool:
        """Return True while the session runs or is paused."""
        return self.engine.state in (EngineState.RUNNING, EngineState.PAUSED)

    @property
    def ended(self) -> bool:
        """Return True once the session finished or was stopped."""
        return self.engine.state in (EngineState.FINISHED, EngineState.STOPPED)

    @property
    def record(self) -> SessionRecord:
        """Return the engine's record of the session."""
        return self.engine.record

    @property
    def sinks(self) -> list[Sink]:
        """Return the sinks still receiving events."""
        return list(self._sinks)

    @property
    def awaiting_sinks(self) -> bool:
        """Return True while the sinks announced by ``late_sinks`` have not been added."""
        return self._backlog is not None

    @property
    def failed_sinks(self) -> list[Sink]:
        """Return the sinks disabled after they raised."""
        return list(self._failed)

    def view(self) -> View:
        """Return what is showing now (no events are emitted)."""
        return self.engine.view()

    def summary(self) -> SessionSummary:
        """Return the one account of what the session did so far."""
        from stretchtimer.session.summary import summarize

        return summarize(self.engine.record, self.plan.work_segments)

    def next_wake(self) -> float | None:
        """Return the clock reading at which the session next changes, or None.

        That is the engine's next event or, when the front end shows counts, the next whole
        second of one of them, whichever comes first. None while paused, before the start and
        after the end, and when nothing is scheduled (an untimed set, counts not shown).
        """
        if self.engine.state is not EngineState.RUNNING:
            return None
        now = self.clock()
        times: list[float] = []
        change = next_change_in(self.engine.view()) if self.shows_counts else None
        if change is not None:
            times.append(now + change + DISPLAY_MARGIN)
        due = self.engine.next_event_at()
        if due is not None:
            times.append(due)
        return min(times) if times else None

    def wake_in(self) -> float | None:
        """Return how long to sleep before the next :meth:`poll` (None: until a key).

        The time until :meth:`next_wake`, kept between :data:`MIN_WAKE` and :data:`MAX_WAKE`;
        :data:`MAX_WAKE` while running with nothing scheduled.
        """
        if self.engine.state is not EngineState.RUNNING:
            return None
        wake = self.next_wake()
        if wake is None:
            return MAX_WAKE
        return min(max(wake - self.clock(), MIN_WAKE), MAX_WAKE)

    # -- acting ----------------------------------------------------------------------------

    def start(self) -> list[Event]:
        """Start the session; return the events, already delivered to the sinks."""
        return self._deliver(self.engine.start())

    def poll(self) -> list[Event]:
        """Catch up with the clock; return the events due, already delivered."""
        return self._deliver(self.engine.poll())

    def act(self, action: Action) -> list[Event]:
        """Apply a user's action; return the events, already delivered.

        Args:
            action: what the user did.
        """
        method: Callable[[], list[Event]] = getattr(self.engine, action.value)
        return self._deliver(method())

    def pause(self) -> list[Event]:
        """Pause a running session."""
        return self._deliver(self.engine.pause())

    def resume(self) -> list[Event]:
        """Resume a paused session."""
        return self._deliver(self.engine.resume())

    def stop(self) -> list[Event]:
        """Stop the session if it is going (Ctrl+C, a closed terminal, app exit, Stop)."""
        return self._deliver(self.engine.stop())

    def add_sinks(self, sinks: Iterable[Sink]) -> None:
        """Add the sinks announced by ``late_sinks``: each gets every event so far, then the rest.

        The events so far are handed over in order, to a sink with ``late(event, seconds_ago)``
        through it (see the module docstring). A sink that raises is disabled, as always.

        Args:
            sinks: the sinks made after the session started.
        """
        backlog, self._backlog = self._backlog or [], None
        added = list(sinks)
        now = self.clock()
        for event, at in backlog:
            for sink in list(added):
                late = getattr(sink, "late", None)
                try:
                    if callable(late):
                        late(event, max(now - at, 0.0))
                    else:
                        sink(event)
                except Exception as exc:
                    added.remove(sink)
                    self._disable(sink, exc)
        self._sinks.extend(added)

    def _deliver(self, events: Sequence[Event]) -> list[Event]:
        if self._backlog is not None and events:
            now = self.clock()
            self._backlog.extend((event, now) for event in events)
        for event in events:
            for sink in list(self._sinks):
                try:
                    sink(event)
                except Exception as exc:  # one rule: a failing sink never ends the session
                    self._disable(sink, exc)
        return list(events)

    def _disable(self, sink: Sink, exc: BaseException) -> None:
        if sink in self._sinks:
            self._sinks.remove(sink)
        self._failed.append(sink)
        if self._on_sink_failure is not None:
            name = getattr(sink, "title", None) or "A sound or history helper"
            self._on_sink_failure(f"{name} stopped ({_describe(exc)}); the routine goes on.")

    # -- closing ---------------------------------------------------------------------------

    def close(self) -> list[BaseException]:
        """Close every sink that has ``close()`` (may block: call it off a UI loop).

        Stops a session still going first, so it is recorded as stopped. Every sink is closed
        whatever happens to the others.

        Returns:
            The errors raised by closing, for the caller to report or log.
        """
        errors: list[BaseException] = []
        if self._closed:
            return errors
        if self.going:
            self.stop()
        self._closed = True
        for sink in [*self._sinks, *self._failed]:
            close = getattr(sink, "close", None)
            if callable(close):
                try:
                    close()
                except Exception as exc:
                    errors.append(exc)
        return errors


def is_end(event: Event) -> bool:
    """Return True for the event that ends a session (finished or stopped)."""
    return isinstance(event, SessionFinished | SessionStopped)
