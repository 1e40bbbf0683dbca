"""The plan: a routine expanded into its flat timeline of segments.

Order for a step with ``sets: S`` and ``sides: [A, B]``: set 1 side A, switch, set 1 side B, rest,
set 2 side A, ... , set S side B, then the step's rest if another step follows. The routine's
``prepare`` runs once before the first step. Zero-length switches and rests are left out.

Paced reps stay one segment per set and side; :mod:`stretchtimer.session.reps` derives the
repetition and tempo phase from the time spent in it, so a plan stays small however many
repetitions a step has.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from itertools import accumulate

from stretchtimer.routines.model import (
    HoldStep,
    RestStep,
    Routine,
    Tempo,
)
from stretchtimer.routines.text_rules import fill


class SegmentKind(StrEnum):
    """What a segment of the timeline is."""

    PREPARE = "prepare"
    HOLD = "hold"
    REPS = "reps"
    SWITCH = "switch"
    REST = "rest"


@dataclass(frozen=True, slots=True)
class Segment:
    """One part of the timeline.

    Attributes:
        index: position in the plan, from 0.
        kind: what it is.
        label: the step name, or "Get ready" / "Switch sides" / "Rest".
        cue: the instruction shown, with ``{side}`` already replaced.
        duration: seconds, or None for an untimed reps set ("until done").
        step_index: index of the routine step it belongs to (None for prepare).
        side: the side being worked; for a switch, the side to switch to.
        side_number: 1-based position of ``side`` in the step's sides (0 when no sides).
        sides: how many sides the step has (0 when none).
        set_number: 1-based set.
        sets: how many sets the step has.
        reps: target repetitions for a reps segment.
        tempo: the pace of a paced reps segment.
        say: what the voice says when a work segment starts (the step's ``say`` with
            ``{side}`` filled in), None to say the label.
    """

    index: int
    kind: SegmentKind
    label: str
    cue: str | None
    duration: float | None
    step_index: int | None = None
    side: str | None = None
    side_number: int = 0
    sides: int = 0
    set_number: int = 1
    sets: int = 1
    reps: int | None = None
    tempo: Tempo | None = None
    say: str | None = None

    @property
    def timed(self) -> bool:
        """Return True when the segment ends by itself."""
        return self.duration is not None

    @property
    def is_work(self) -> bool:
        """Return True for hold and reps segments (the exercise itself)."""
        return self.kind in (SegmentKind.HOLD, SegmentKind.REPS)

    def describe(self) -> str:
        """Return a one-line title such as ``Wall calf stretch, left, set 1/2``."""
        parts = [self.label]
        if self.kind is SegmentKind.SWITCH and self.side:
            parts = [f"Switch to {self.side}"]
        elif self.side:
            parts.append(self.side)
        if self.is_work and self.sets > 1:
            parts.append(f"set {self.set_number}/{self.sets}")
        return ", ".join(parts)


@dataclass(frozen=True, slots=True)
class Plan:
    """A routine's timeline.

    Attributes:
        routine: the routine it was made from.
        segments: the segments in order.
        starts: planned offset of each segment from the start (untimed segments count 0 s).
    """

    routine: Routine
    segments: tuple[Segment, ...]
    starts: tuple[float, ...]

    @property
    def total_seconds(self) -> float:
        """Return the planned time of all timed segments."""
        if not self.segments:
            return 0.0
        last = self.segments[-1]
        return self.starts[-1] + (last.duration or 0.0)

    @property
    def has_untimed(self) -> bool:
        """Return True when some segment runs until the user marks it done."""
        return any(seg.duration is None for seg in self.segments)

    def remaining_after(self, index: int) -> float:
        """Return the planned time of the segments after ``index``."""
        if index + 1 >= len(self.segments):
            return 0.0
        return self.total_seconds - self.starts[index + 1]

    @property
    def step_count(self) -> int:
        """Return how many steps the routine has as its file lists them.

        A step held on two sides or in three sets is one step, and so is a rest of its own:
        what both front ends count in "step 2 of 4" and "4 steps" (the parts each becomes
        are :attr:`work_segments`, the exercises a summary counts).
        """
        return len(self.routine.steps)

    @property
    def work_segments(self) -> int:
        """Return how many hold and reps segments the plan has."""
        return sum(1 for seg in self.segments if seg.is_work)


def _fill(cue: str | None, side: str | None) -> str | None:
    """Return a cue or say with ``{side}`` filled in and ``{{``/``}}`` as single braces."""
    if cue is None:
        return None
    return fill(cue, side)


def build_plan(routine: Routine) -> Plan:
    """Expand a routine into its timeline.

    Args:
        routine: a valid routine.

    Returns:
        The plan, with zero-length switches and rests left out.
    """
    segs: list[Segment] = []

    def add(seg: Segment) -> None:
        if seg.duration is not None and seg.duration <= 0 and not seg.is_work:
            return  # a zero-length get-ready, switch or rest is left out
        segs.append(seg)  # made with index=len(segs), so its index is its position

    if routine.prepare > 0:
        add(Segment(len(segs), SegmentKind.PREPARE, "Get ready", None, routine.prepare))
    last = len(routine.steps) - 1
    for step_index, step in enumerate(routine.steps):
        if isinstance(step, RestStep):
            add(
                Segment(
                    len(segs),
                    SegmentKind.REST,
                    "Rest",
                    _fill(step.cue, None),
                    step.rest,
                    step_index=step_index,
                )
            )
            continue
        rest = routine.rest if step.rest is None else step.rest
        sides: tuple[str | None, ...] = step.sides or (None,)
        duration: float | None
        if isinstance(step, HoldStep):
            kind, duration, reps, tempo = SegmentKind.HOLD, step.hold, None, None
        else:
            kind, reps, tempo = SegmentKind.REPS, step.reps, step.tempo
            duration = tempo.rep_seconds * reps if tempo is not None else None
        for set_number in range(1, step.sets + 1):
            for side_number, side in enumerate(sides, start=1):
                add(
                    Segment(
                        len(segs),
                        kind,
                        step.name,
                        _fill(step.cue, side),
                        duration,
                        step_index=step_index,
                        side=side,
                        side_number=side_number if side else 0,
                        sides=len(step.sides),
                        set_number=set_number,
                        sets=step.sets,
                        reps=reps,
                        tempo=tempo,
                        say=_fill(step.say, side),
                    )
                )
                if side_number < len(sides):
                    nxt = sides[side_number]
                    add(
                        Segment(
                            len(segs),
                            SegmentKind.SWITCH,
                            "Switch sides",
                            f"Switch to {nxt}",
                            step.switch,
                            step_index=step_index,
                            side=nxt,
                            side_number=side_number + 1,
                            sides=len(step.sides),
                            set_number=set_number,
                            sets=step.sets,
                        )
                    )
            if set_number < step.sets or step_index < last:
                add(
                    Segment(
                        len(segs),
                        SegmentKind.REST,
                        "Rest",
                        None,
                        rest,
                        step_index=step_index,
                        set_number=set_number,
                        sets=step.sets,
                    )
                )
    starts = tuple(accumulate((seg.duration or 0.0 for seg in segs[:-1]), initial=0.0))
    return Plan(routine, tuple(segs), starts if segs else ())
