"""What the runner screen shows, computed from the engine's view (no textual, no clock).

:func:`display_of` turns an engine :class:`~stretchtimer.session.engine.View` into a
:class:`Display` of plain strings and flags; the runner repaints only the parts that changed
(the progress fraction is finer than a cell: the bar widget repaints only when it visibly
moves). When the display next changes is the session driver's business
(:meth:`~stretchtimer.session.driver.SessionDriver.next_wake`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from stretchtimer.safe_text import visible, visible_line
from stretchtimer.session.engine import EngineState, View
from stretchtimer.session.plan import Plan, Segment, SegmentKind, format_seconds

FINAL_SECONDS = 3
_EPSILON = 1e-6


@dataclass(frozen=True, slots=True)
class Display:
    """Everything the runner screen shows, as text and flags.

    Attributes:
        kind: the segment kind's value (``prepare``, ``hold``, ...), or ``""`` when none.
        label: the step name or segment label.
        detail: side and set, e.g. ``left side · set 1 of 2``.
        position: which step of the routine, e.g. ``step 2 of 4``.
        digits: the big ``mm:ss`` countdown (counts up for untimed reps).
        final: True in the last seconds of a timed segment.
        paused: True while paused.
        rep: ``3/10`` for paced reps, else ``""``.
        phase: ``UP`` / ``HOLD`` / ``DOWN`` for paced reps, else ``""``.
        phase_left: whole seconds left in the tempo phase (0 when no phase).
        untimed: True for a reps set the user marks done.
        target: the target shown under an untimed set, e.g. ``10 reps``.
        cue: the instruction.
        progress: progress of the whole routine, in thousandths.
        elapsed: active time since the start, ``m:ss``.
        remaining: planned time left, ``m:ss`` (with ``+`` when untimed sets remain).
        next: what comes next, e.g. ``next: Rest 0:15``.
    """

    kind: str = ""
    label: str = ""
    detail: str = ""
    position: str = ""
    digits: str = "00:00"
    final: bool = False
    paused: bool = False
    rep: str = ""
    phase: str = ""
    phase_left: int = 0
    untimed: bool = False
    target: str = ""
    cue: str = ""
    progress: int = 0
    elapsed: str = "0:00"
    remaining: str = "0:00"
    next: str = ""


def mmss(seconds: float) -> str:
    """Return whole seconds as ``mm:ss`` for the big digits (minutes may pass 59).

    Args:
        seconds: a number of whole seconds (already rounded by the caller).
    """
    whole = max(int(seconds), 0)
    return f"{whole // 60:02d}:{whole % 60:02d}"


def ceil_seconds(seconds: float) -> int:
    """Return the whole seconds a countdown shows for ``seconds`` left (2.1 shows as 3)."""
    return max(math.ceil(seconds - _EPSILON), 0)


def floor_seconds(seconds: float) -> int:
    """Return the whole seconds a count-up shows after ``seconds`` (2.9 shows as 2)."""
    return max(math.floor(seconds + _EPSILON), 0)


def _detail(seg: Segment) -> str:
    parts: list[str] = []
    if seg.kind is SegmentKind.SWITCH and seg.side:
        parts.append(f"next side: {seg.side}")
    elif seg.side:
        parts.append(f"{seg.side} side" if seg.sides > 1 else seg.side)
        if seg.sides > 1:
            parts[-1] += f" ({seg.side_number} of {seg.sides})"
    if seg.is_work and seg.sets > 1:
        parts.append(f"set {seg.set_number} of {seg.sets}")
    elif seg.kind is SegmentKind.REST and seg.sets > 1 and seg.set_number < seg.sets:
        parts.append(f"after set {seg.set_number} of {seg.sets}")
    return " · ".join(parts)


def _next_text(seg: Segment | None) -> str:
    if seg is None:
        return "next: finish"
    when = "until done" if seg.duration is None else format_seconds(seg.duration)
    return f"next: {seg.describe()} ({when})"


def display_of(view: View, plan: Plan) -> Display:
    """Return what the runner shows for ``view``.

    Args:
        view: the engine's view at the current clock reading.
        plan: the plan being run (for the step count and totals).
    """
    paused = view.state is EngineState.PAUSED
    remaining_total = ceil_seconds(view.routine_remaining)
    later_untimed = any(
        s.duration is None for s in plan.segments[view.index + 1 :]
    ) or (view.segment is not None and view.segment.duration is None)
    common = {
        "paused": paused,
        "progress": int(min(max(view.progress, 0.0), 1.0) * 1000),
        "elapsed": format_seconds(floor_seconds(view.routine_elapsed)),
        "remaining": format_seconds(remaining_total) + ("+" if later_untimed else ""),
    }
    seg = view.segment
    if seg is None:
        finished = view.state in (EngineState.FINISHED, EngineState.STOPPED)
        return Display(
            label="Done" if finished else "Ready",
            next="" if finished else _next_text(plan.segments[0] if plan.segments else None),
            **common,  # type: ignore[arg-type]
        )
    steps = len(plan.routine.steps)
    position = (
        f"step {seg.step_index + 1} of {steps}" if seg.step_index is not None else "get ready"
    )
    if view.remaining is None:
        digits = mmss(floor_seconds(view.elapsed))
        final = False
    else:
        left = ceil_seconds(view.remaining)
        digits = mmss(left)
        final = 0 < left <= FINAL_SECONDS
    rep = phase = target = ""
    phase_left = 0
    if seg.kind is SegmentKind.REPS and seg.reps is not None:
        if seg.tempo is not None and view.rep is not None:
            rep = f"{view.rep}/{seg.reps}"
            phase = (view.phase or "").upper()
            phase_left = ceil_seconds(view.phase_remaining or 0.0)
        else:
            target = f"{seg.reps} reps · press Enter when done"
    return Display(
        kind=seg.kind.value,
        label=visible_line(seg.label),
        detail=visible_line(_detail(seg)),
        position=position,
        digits=digits,
        final=final,
        rep=rep,
        phase=phase,
        phase_left=phase_left,
        untimed=view.remaining is None,
        target=target,
        cue=visible(seg.cue or ""),
        next=visible_line(_next_text(view.next_segment)),
        **common,  # type: ignore[arg-type]
    )
