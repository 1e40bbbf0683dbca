"""The session engine: a drift-free state machine over a plan, driven by an injected clock.

The engine never sleeps and keeps no counters. A running segment has an origin (the clock
reading at which it would have started had it never been paused); its deadline is
``origin + duration`` and what remains is ``deadline - now``. Pausing stores the elapsed time;
resuming sets a new origin, hence a new deadline. When a segment ends by itself the next one
starts at the old deadline, not at "now", so lateness never accumulates.

Every call first catches up to ``clock()``: the events of every segment that ended since the
last call are returned in order, each with ``at`` set to when it was due.

Decisions worth knowing:

- ``back`` within the first 2 s of a segment (other than the first) goes to the previous
  segment, otherwise it restarts the current one. The pass that was left ends as ``skipped``
  (``SegmentEnded`` with its record) and the segment run again gets a record with the next
  ``attempt`` number when it ends; earlier records always stay. So ``record.active_seconds`` is
  always ``sum(actual)``: the time really run.
- ``skip``, ``back`` and ``done`` while paused move to the new segment and stay paused.
- Skipping or finishing the last segment finishes the session (``SessionFinished``, status
  COMPLETED); ``stop`` ends the current segment as ``stopped`` and emits ``SessionStopped``.
- Actions that do not apply (pause while paused, resume while running, ``done`` on a timed
  segment, anything before ``start`` but ``stop``, anything after the end) only return the
  caught-up events. ``stop`` before ``start`` emits ``SessionStopped`` with an empty record.
- ``adjust`` (the ``+``/``-`` keys: :meth:`SessionEngine.more`, :meth:`SessionEngine.less`)
  moves the end of the current pass of a timed segment: its deadline, and with it the
  countdown ticks and the halfway, are worked out again for the new length; an event whose new
  moment has already passed is not emitted. The length never goes below the time already run
  (taking off more ends the pass now, as done). The plan and the record's ``planned`` keep the
  planned duration; ``actual`` is what really ran. Paced reps (their length is their
  repetitions) and untimed sets are not adjusted.
- A clock reading earlier than the previous one is treated as the previous one.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from stretchtimer.session.clock import Clock
from stretchtimer.session.events import (
    Event,
    SegmentEnded,
    SegmentRecord,
    SegmentStarted,
    SessionFinished,
    SessionRecord,
    SessionStatus,
    SessionStopped,
    StepStatus,
)
from stretchtimer.session.plan import Plan, Segment
from stretchtimer.session.view import (
    Due,
    EngineState,
    View,
    outside_view,
    progress_at,
    schedule,
    segment_view,
)

__all__ = ["ADJUST_STEP", "BACK_WINDOW", "EngineState", "EventSink", "SessionEngine", "View"]

BACK_WINDOW = 2.0
"""Pressing back within this many active seconds of a segment's start goes to the previous one."""
ADJUST_STEP = 10.0
"""Seconds that :meth:`SessionEngine.more` adds and :meth:`SessionEngine.less` takes off."""


class SessionEngine:
    """Runs a plan against a clock: actions in, events and views out.

    Attributes:
        plan: the plan being run.
        record: what the session has done so far (segments are appended as they end).
    """

    def __init__(self, plan: Plan, clock: Clock = time.monotonic) -> None:
        self.plan = plan
        self.record = SessionRecord(
            routine_id=plan.routine.id,
            routine_name=plan.routine.name,
            segments_total=len(plan.segments),
        )
        self._clock = clock
        self._state = EngineState.READY
        self._index = 0
        self._origin = 0.0  # virtual start of the current pass (running)
        self._length: float | None = None  # the current pass's length (planned, or adjusted)
        self._paused_at = 0.0  # clock reading when the pause began
        self._paused_elapsed = 0.0  # active seconds into the segment when paused
        self._due: list[Due] = []
        self._due_next = 0
        self._last = float("-inf")
        self._final_progress = 0.0
        self._attempts: dict[int, int] = {}  # passes ended so far, per segment index

    # -- reading ---------------------------------------------------------------------------

    @property
    def state(self) -> EngineState:
        """Return the state as of the last call (``view()`` looks ahead to the clock)."""
        return self._state

    def _now(self) -> float:
        now = self._clock()
        if now < self._last:  # a clock must not go backwards; never let it undo the past
            now = self._last
        self._last = now
        return now

    def _peek(self) -> float:
        return max(self._clock(), self._last)

    def view(self) -> View:
        """Return what is showing at the current clock reading, without emitting anything."""
        now = self._peek()
        plan, state = self.plan, self._state
        if state is EngineState.PAUSED:
            return segment_view(
                plan,
                state,
                self._index,
                self._paused_elapsed,
                self.record.active_seconds + self._paused_elapsed,
                length=self._length,
            )
        if state is not EngineState.RUNNING:
            return outside_view(
                plan, state, self._index, self.record.active_seconds, self._final_progress
            )
        index, origin, length = self._index, self._origin, self._length
        while True:  # look ahead over segments that ended since the last call
            if length is None or origin + length > now:
                break
            origin += length
            index += 1
            if index >= len(plan.segments):
                return outside_view(
                    plan,
                    EngineState.FINISHED,
                    index,
                    self.record.active_seconds + origin - self._origin,
                    1.0,
                )
            length = plan.segments[index].duration
        return segment_view(
            plan,
            state,
            index,
            now - origin,
            self.record.active_seconds + now - self._origin,
            length=length,
        )

    def next_event_at(self) -> float | None:
        """Return the clock reading at which :meth:`poll` will next have events, if any.

        None when nothing is scheduled: not running, or in an untimed reps set.
        """
        if self._state is not EngineState.RUNNING:
            return None
        if self._due_next < len(self._due):
            return self._origin + self._due[self._due_next][0]
        return None if self._length is None else self._origin + self._length

    # -- actions ---------------------------------------------------------------------------

    def start(self) -> list[Event]:
        """Start the session at the current clock reading (no-op unless READY)."""
        now = self._now()
        if self._state is not EngineState.READY:
            return self._catch_up(now)
        self._state = EngineState.RUNNING
        if not self.plan.segments:
            out: list[Event] = []
            self._finish(now, out)
            return out
        return self._begin(0, now, []) + self._catch_up(now)

    def poll(self) -> list[Event]:
        """Catch up to the clock and return the events due since the last call, in order."""
        return self._catch_up(self._now())

    def pause(self) -> list[Event]:
        """Pause the running session; what remains of the segment is kept."""
        now = self._now()
        out = self._catch_up(now)
        if self._state is EngineState.RUNNING:
            self._pause(now)
        return out

    def resume(self) -> list[Event]:
        """Resume a paused session: the segment gets a new deadline."""
        now = self._now()
        out = self._catch_up(now)
        if self._state is EngineState.PAUSED:
            self._resume(now)
            out += self._catch_up(now)  # a part cut to the time run (``less``) ends now
        return out

    def toggle_pause(self) -> list[Event]:
        """Pause when running, resume when paused."""
        now = self._now()
        out = self._catch_up(now)
        if self._state is EngineState.RUNNING:
            self._pause(now)
        elif self._state is EngineState.PAUSED:
            self._resume(now)
            out += self._catch_up(now)  # a part cut to the time run (``less``) ends now
        return out

    def skip(self) -> list[Event]:
        """End the current segment as skipped and start the next one."""
        return self._leave(StepStatus.SKIPPED, only_untimed=False)

    def done(self) -> list[Event]:
        """Mark the current untimed reps set done (no-op on any other segment)."""
        return self._leave(StepStatus.DONE, only_untimed=True)

    def back(self) -> list[Event]:
        """Restart the current segment, or go to the previous one within its first 2 s."""
        now = self._now()
        out = self._catch_up(now)
        if not self._active():
            return out
        elapsed = self._elapsed(now)
        target = self._index - 1 if elapsed < BACK_WINDOW and self._index > 0 else self._index
        self._end(now, elapsed, status=StepStatus.SKIPPED, out=out)
        return self._begin(target, now, out)

    def more(self) -> list[Event]:
        """Give the current part :data:`ADJUST_STEP` more seconds (see :meth:`adjust`)."""
        return self.adjust(ADJUST_STEP)

    def less(self) -> list[Event]:
        """Take :data:`ADJUST_STEP` seconds off the current part (see :meth:`adjust`)."""
        return self.adjust(-ADJUST_STEP)

    def adjust(self, seconds: float) -> list[Event]:
        """Move the end of the current pass by ``seconds`` (running or paused).

        The new length is never less than the time already run: taking off more ends the
        pass now, as done. The countdown ticks and the halfway are scheduled again for the new
        length; those whose moment has passed are not emitted. Untimed sets and paced reps
        are left as they are.

        Args:
            seconds: seconds to add (negative to take off).
        """
        now = self._now()
        out = self._catch_up(now)
        if not self._active() or self._length is None or self._segment().tempo is not None:
            return out
        elapsed = self._elapsed(now)
        length = max(self._length + seconds, elapsed)
        if length == self._length:
            return out
        self._length = length
        seg = self._segment()
        self._due = schedule(seg, length)
        self._due_next = 0
        while self._due_next < len(self._due) and self._due[self._due_next][0] <= elapsed:
            self._due_next += 1  # its moment has passed (emitted already, or moved behind us)
        return out + self._catch_up(now)

    def stop(self) -> list[Event]:
        """Stop the session: the current segment ends as stopped, then ``SessionStopped``."""
        now = self._now()
        out = self._catch_up(now)
        if self._state in (EngineState.FINISHED, EngineState.STOPPED):
            return out
        if self._active():
            elapsed = self._elapsed(now)
            self._final_progress = progress_at(self.plan, self._index, elapsed)
            if self._state is EngineState.PAUSED:
                self.record.paused_seconds += now - self._paused_at
            self._end(now, elapsed, status=StepStatus.STOPPED, out=out)
        self._state = EngineState.STOPPED
        self.record.status = SessionStatus.STOPPED
        out.append(SessionStopped(self.record, now))
        return out

    # -- internals -------------------------------------------------------------------------

    def _pause(self, now: float) -> None:
        self._state = EngineState.PAUSED
        self._paused_at = now
        self._paused_elapsed = now - self._origin

    def _resume(self, now: float) -> None:
        self.record.paused_seconds += now - self._paused_at
        self._origin = now - self._paused_elapsed
        self._state = EngineState.RUNNING

    def _active(self) -> bool:
        return self._state in (EngineState.RUNNING, EngineState.PAUSED)

    def _segment(self) -> Segment:
        return self.plan.segments[self._index]

    def _elapsed(self, now: float) -> float:
        if self._state is EngineState.PAUSED:
            return self._paused_elapsed
        return now - self._origin

    def _leave(self, status: StepStatus, *, only_untimed: bool) -> list[Event]:
        now = self._now()
        out = self._catch_up(now)
        if not self._active() or (only_untimed and self._segment().timed):
            return out
        self._end(now, self._elapsed(now), status=status, out=out)
        return self._advance(now, out)

    def _begin(self, index: int, at: float, out: list[Event]) -> list[Event]:
        """Start segment ``index`` at ``at``, with its offset-0 events; return ``out``."""
        self._index = index
        self._origin = at
        self._paused_elapsed = 0.0
        seg = self.plan.segments[index]
        self._length = seg.duration
        self._due = schedule(seg)
        self._due_next = 0
        out.append(SegmentStarted(seg, at))
        while self._due_next < len(self._due) and self._due[self._due_next][0] <= 0:
            out.append(self._due[self._due_next][1](at))
            self._due_next += 1
        return out

    def _end(self, at: float, elapsed: float, *, status: StepStatus, out: list[Event]) -> None:
        seg = self._segment()
        attempt = self._attempts.get(seg.index, 0) + 1
        self._attempts[seg.index] = attempt
        rec = SegmentRecord(
            index=seg.index,
            kind=seg.kind.value,
            label=seg.label,
            side=seg.side,
            set_number=seg.set_number,
            planned=seg.duration,
            actual=float(elapsed),
            status=status,
            attempt=attempt,
        )
        self.record.segments.append(rec)
        self.record.active_seconds += elapsed
        out.append(SegmentEnded(seg, rec, at))

    def _advance(self, at: float, out: list[Event]) -> list[Event]:
        """Start the segment after the current one at ``at``, or finish the session."""
        if self._index + 1 < len(self.plan.segments):
            return self._begin(self._index + 1, at, out)
        self._finish(at, out)
        return out

    def _finish(self, at: float, out: list[Event]) -> None:
        if self._state is EngineState.PAUSED:
            self.record.paused_seconds += at - self._paused_at
        self._index = len(self.plan.segments)
        self._state = EngineState.FINISHED
        self.record.status = SessionStatus.COMPLETED
        out.append(SessionFinished(self.record, at))

    def _catch_up(self, now: float) -> list[Event]:
        """Emit everything due up to ``now``; segments that ended chain from their deadlines."""
        out: list[Event] = []
        while self._state is EngineState.RUNNING:
            due, origin = self._due, self._origin
            while self._due_next < len(due) and origin + due[self._due_next][0] <= now:
                offset, make = due[self._due_next]
                out.append(make(origin + offset))
                self._due_next += 1
            length = self._length
            if length is None or origin + length > now:
                break
            deadline = origin + length
            self._end(deadline, length, status=StepStatus.DONE, out=out)
            self._advance(deadline, out)
        return out


EventSink = Callable[[Event], None]
"""Something that receives every event of a session (audio player, history recorder)."""
