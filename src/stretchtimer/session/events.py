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
    """A segment ended, completed or skipped (its last event)."""

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


@dataclass(frozen=True, slots=True)
class SegmentRecord:
    """What happened to one segment.

    Attributes:
        index: the segment's index in the plan.
        kind: the segment kind's value (``hold``, ``reps``, ``rest``, ...).
        label: the step name or segment label.
        side: the side worked, if any.
        set_number: the 1-based set.
        planned: planned seconds (None for untimed reps).
        actual: active seconds really spent in it, paused time excluded.
        skipped: True when the user skipped it before its end.
    """

    index: int
    kind: str
    label: str
    side: str | None
    set_number: int
    planned: float | None
    actual: float
    skipped: bool


@dataclass(slots=True)
class SessionRecord:
    """What a session did so far; the engine appends to it as segments end.

    ``active_seconds`` is the active time really run (paused time excluded): the sum of the
    segments' ``actual`` plus ``abandoned_seconds``, the time of passes left by "back" (restart
    or previous segment), which end without a record. ``paused_seconds`` is the time spent paused.
    """

    routine_id: str
    routine_name: str
    segments_total: int
    segments: list[SegmentRecord] = field(default_factory=list)
    active_seconds: float = 0.0
    paused_seconds: float = 0.0
    status: SessionStatus = SessionStatus.RUNNING
    abandoned_seconds: float = 0.0

    @property
    def steps_done(self) -> int:
        """Return how many segments ended without being skipped."""
        return sum(1 for seg in self.segments if not seg.skipped)

    @property
    def steps_skipped(self) -> int:
        """Return how many segments were skipped."""
        return sum(1 for seg in self.segments if seg.skipped)
