"""What the engine shows (:class:`View`) and which events a segment schedules.

Helpers of :mod:`stretchtimer.session.engine`, kept apart so the state machine stays small.
Import :class:`View` and :class:`EngineState` from the engine module.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from functools import partial

from stretchtimer.session.events import (
    CountdownTick,
    Event,
    Halfway,
    RepPhase,
    SideSwitch,
)
from stretchtimer.session.plan import Plan, Segment, SegmentKind
from stretchtimer.session.reps import rep_phase_starts, rep_position

COUNTDOWN_FROM = 3
"""Countdown ticks are emitted for the last this many seconds of a timed segment."""
HALFWAY_MIN = 30.0
"""Holds at least this long get a halfway event."""
_EPSILON = 1e-6

Due = tuple[float, Callable[[float], Event]]
"""An event scheduled in a segment: its offset from the segment's start, and its factory."""


class EngineState(StrEnum):
    """Where a session stands."""

    READY = "ready"
    RUNNING = "running"
    PAUSED = "paused"
    FINISHED = "finished"
    STOPPED = "stopped"


@dataclass(frozen=True, slots=True)
class View:
    """What is showing at one clock reading.

    Attributes:
        state: the session's state at that reading.
        segment: the current segment (None before start and after the end).
        index: index of the current segment (``len(plan.segments)`` once finished).
        remaining: seconds left in the segment; None for untimed reps and when there is no
            segment (0.0 once finished).
        elapsed: active seconds spent in the segment.
        routine_elapsed: active seconds since the start, paused time excluded.
        routine_remaining: planned seconds left (the current remaining plus later timed segments;
            untimed reps count 0).
        progress: 0..1 of the routine's planned time, by position in the timeline.
        rep: 1-based repetition for paced reps.
        phase: ``up`` / ``hold`` / ``down`` for paced reps.
        phase_remaining: seconds left in that phase.
        next_segment: the segment that comes next, if any.
    """

    state: EngineState
    segment: Segment | None
    index: int
    remaining: float | None
    elapsed: float
    routine_elapsed: float
    routine_remaining: float
    progress: float
    rep: int | None
    phase: str | None
    phase_remaining: float | None
    next_segment: Segment | None


def schedule(seg: Segment, length: float | None = None) -> list[Due]:
    """Return the events a segment schedules after its ``SegmentStarted``, in order.

    Offset 0 holds the ``SideSwitch`` of a switch and the first ``RepPhase`` of paced reps. A
    timed segment gets a ``CountdownTick`` at ``duration - n`` for n = 3, 2, 1, only when that
    offset is strictly after the start (a 2 s segment gets ``1`` only). Holds of 30 s or more get
    a ``Halfway``. At one offset the order is: side switch, rep phase, halfway, tick. The
    segment's end is not in the list: it is its deadline.

    Args:
        seg: a segment of a plan.
        length: the length of this pass when it was adjusted (``+``/``-``); the segment's
            duration when None.
    """
    items: list[tuple[float, int, Callable[[float], Event]]] = []
    if seg.kind is SegmentKind.SWITCH and seg.side:
        items.append((0.0, 0, partial(SideSwitch, seg, seg.side)))
    duration = seg.duration if length is None or seg.duration is None else length
    if duration is None:
        return [(offset, make) for offset, _, make in items]
    if seg.kind is SegmentKind.REPS and seg.tempo is not None and seg.reps:
        for offset, rep, phase in rep_phase_starts(seg.tempo, seg.reps, -1.0, duration):
            items.append((offset, 1, partial(RepPhase, seg, rep, phase)))
    if seg.kind is SegmentKind.HOLD and duration >= HALFWAY_MIN:
        items.append((duration / 2, 2, partial(Halfway, seg)))
    for left in range(COUNTDOWN_FROM, 0, -1):
        offset = duration - left
        if offset > 0:
            items.append((offset, 3, partial(CountdownTick, seg, left)))
    items.sort(key=lambda item: (item[0], item[1]))
    return [(offset, make) for offset, _, make in items]


def progress_at(plan: Plan, index: int, elapsed: float) -> float:
    """Return the fraction of the planned timeline done at ``elapsed`` seconds into ``index``.

    When the plan has no timed segment, the fraction of segments passed is used instead.
    """
    total = plan.total_seconds
    count = len(plan.segments)
    if index >= count:
        return 1.0
    if total <= 0:
        return index / count if count else 1.0
    duration = plan.segments[index].duration or 0.0
    done = plan.starts[index] + min(max(elapsed, 0.0), duration)
    return min(max(done / total, 0.0), 1.0)


def segment_view(
    plan: Plan,
    state: EngineState,
    index: int,
    elapsed: float,
    routine_elapsed: float,
    *,
    length: float | None = None,
) -> View:
    """Return the view of a running or paused session inside segment ``index``.

    Args:
        plan: the plan.
        state: RUNNING or PAUSED.
        index: the current segment.
        elapsed: active seconds spent in it (clamped to its duration).
        routine_elapsed: active seconds since the start.
        length: the length of this pass (adjusted with ``+``/``-``); the segment's duration
            when None.
    """
    seg = plan.segments[index]
    remaining: float | None = None
    rep = phase = phase_remaining = None
    duration = seg.duration if length is None or seg.duration is None else length
    if duration is not None:
        elapsed = min(max(elapsed, 0.0), duration)
        remaining = max(duration - elapsed, 0.0)
        if seg.tempo is not None and seg.reps:
            pos = rep_position(seg.tempo, seg.reps, elapsed)
            rep, phase, phase_remaining = pos.rep, pos.phase, pos.phase_remaining
    return View(
        state=state,
        segment=seg,
        index=index,
        remaining=remaining,
        elapsed=max(elapsed, 0.0),
        routine_elapsed=routine_elapsed,
        routine_remaining=(remaining or 0.0) + plan.remaining_after(index),
        progress=progress_at(plan, index, elapsed),
        rep=rep,
        phase=phase,
        phase_remaining=phase_remaining,
        next_segment=plan.segments[index + 1] if index + 1 < len(plan.segments) else None,
    )


def outside_view(
    plan: Plan, state: EngineState, index: int, routine_elapsed: float, progress: float
) -> View:
    """Return the view when no segment is showing (ready, finished or stopped).

    Args:
        plan: the plan.
        state: READY, FINISHED or STOPPED.
        index: 0 when ready, ``len(plan.segments)`` when finished, the last one when stopped.
        routine_elapsed: active seconds run.
        progress: the fraction shown.
    """
    if state is EngineState.READY:
        return View(
            state,
            None,
            0,
            None,
            0.0,
            0.0,
            plan.total_seconds,
            0.0,
            None,
            None,
            None,
            plan.segments[0] if plan.segments else None,
        )
    finished = state is EngineState.FINISHED
    return View(
        state,
        None,
        index,
        0.0 if finished else None,
        0.0,
        routine_elapsed,
        0.0,
        1.0 if finished else progress,
        None,
        None,
        None,
        None,
    )


def _to_next_whole(seconds: float, counting_down: bool) -> float:
    """Return how long until a count shown as whole seconds changes."""
    if counting_down:
        frac = seconds - math.floor(seconds)
        return frac if frac > _EPSILON else 1.0
    return 1.0 - (seconds - math.floor(seconds))


def next_change_in(view: View) -> float | None:
    """Return the seconds (of the engine clock) until the display may change; None if never.

    A paused or ended session does not change by itself. Otherwise the display changes when one
    of the shown counts (segment, tempo phase, routine elapsed or remaining) crosses a whole
    second, which includes every segment and phase boundary.

    Args:
        view: the engine's view now.
    """
    if view.state is not EngineState.RUNNING:
        return None
    candidates = [
        _to_next_whole(view.routine_elapsed, counting_down=False),
        _to_next_whole(view.routine_remaining, counting_down=True),
    ]
    if view.remaining is None:
        candidates.append(_to_next_whole(view.elapsed, counting_down=False))
    else:
        candidates.append(_to_next_whole(view.remaining, counting_down=True))
    if view.phase_remaining is not None:
        candidates.append(_to_next_whole(view.phase_remaining, counting_down=True))
    return min(candidates)
