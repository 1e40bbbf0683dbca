"""Events the engine emits, and the record of what a session did.

Events are small frozen dataclasses; ``at`` is the clock reading (engine clock, seconds) at which
the event was due, which may be earlier than the moment it was delivered when the engine catches
up after a late clock reading.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from stretchtimer.session.plan import Segment


@dataclass(frozen=True, slots=True)
class SegmentStarted:
    """A segment began (its first event)."""

    segment: Segment
    at: float


@dataclass(frozen=True, slots=True)
class CountdownTick:
    """One of the last seconds of a timed segment: ``seconds_left`` is 3, 2 or 1."""

    segment: Segment
    seconds_left: int
    at: float


@dataclass(frozen=True, slots=True)
class Halfway:
    """Half of a hold of 30 s or more has passed."""

    segment: Segment
    at: float


@dataclass(frozen=True, slots=True)
class SideSwitch:
    """A switch segment began: move to ``side``."""

    segment: Segment
    side: str
    at: float


@dataclass(frozen=True, slots=True)
class RepPhase:
    """A paced repetition entered a tempo phase (``up``, ``hold`` or ``down``)."""

    segment: Segment
    rep: int
    phase: str
    at: float


@dataclass(frozen=True, slots=True)
class SegmentEnded:
    """A pass through a segment ended: done, skipped, left by "back" or stopped (its last event)."""

    segment: Segment
    record: SegmentRecord
    at: float


@dataclass(frozen=True, slots=True)
class SessionFinished:
    """The last segment ended: the routine is done."""

    record: SessionRecord
    at: float


@dataclass(frozen=True, slots=True)
class SessionStopped:
    """The user stopped the routine before its end."""

    record: SessionRecord
    at: float


Event = (
    SegmentStarted
    | CountdownTick
    | Halfway
    | SideSwitch
    | RepPhase
    | SegmentEnded
    | SessionFinished
    | SessionStopped
)


class SessionStatus(StrEnum):
    """How a session stands or ended."""

    RUNNING = "running"
    COMPLETED = "completed"
    STOPPED = "stopped"
    INTERRUPTED = "interrupted"


class StepStatus(StrEnum):
    """How one pass through a segment ended.

    ``done``: it ran to its end (or an untimed set was confirmed). ``skipped``: the user moved
    on before its end (skip, or back, which leaves the pass to run it again). ``stopped``: the
    session was stopped during it.
    """

    DONE = "done"
    SKIPPED = "skipped"
    STOPPED = "stopped"


@dataclass(frozen=True, slots=True)
class SegmentRecord:
    """What happened to one pass through a segment.

    Attributes:
        index: the segment's index in the plan.
        kind: the segment kind's value (``hold``, ``reps``, ``rest``, ...).
        label: the step name or segment label.
        side: the side worked, if any.
        set_number: the 1-based set.
        planned: planned seconds (None for untimed reps).
        actual: active seconds really spent in it, paused time excluded.
        status: how the pass ended.
        attempt: 1 for the first pass through the segment, 2 after one "back", and so on.
    """

    index: int
    kind: str
    label: str
    side: str | None
    set_number: int
    planned: float | None
    actual: float
    status: StepStatus = StepStatus.DONE
    attempt: int = 1

    @property
    def skipped(self) -> bool:
        """Return True when the pass did not run to its end (skipped or stopped)."""
        return self.status is not StepStatus.DONE


@dataclass(slots=True)
class SessionRecord:
    """What a session did so far; the engine appends to it as passes end.

    Every pass through a segment gets a record, including one left by "back", so
    ``active_seconds`` (active time, paused time excluded) is the sum of the records' ``actual``;
    ``paused_seconds`` is the time spent paused. See :mod:`stretchtimer.session.summary` for
    what the session counts as done, skipped and stopped.
    """

    routine_id: str
    routine_name: str
    segments_total: int
    segments: list[SegmentRecord] = field(default_factory=list)
    active_seconds: float = 0.0
    paused_seconds: float = 0.0
    status: SessionStatus = SessionStatus.RUNNING
