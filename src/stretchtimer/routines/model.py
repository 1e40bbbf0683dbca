"""The routine model: frozen dataclasses with no I/O.

A :class:`Routine` is what a valid routine file means. The loader builds it; the plan expands it
into a timeline. Durations are plain ``float`` seconds.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_PREPARE = 5.0
DEFAULT_REST = 0.0
DEFAULT_SWITCH = 5.0
SIDE_PLACEHOLDER = "{side}"
DEFAULT_LANGUAGE = "en"
MAX_NAME = 120  # the most characters of a routine, step or side name


@dataclass(frozen=True, slots=True)
class Tempo:
    """The pace of one repetition: ``up``, then ``hold``, then ``down`` (seconds, any may be 0)."""

    up: float = 0.0
    hold: float = 0.0
    down: float = 0.0

    @property
    def rep_seconds(self) -> float:
        """Return the length of one repetition."""
        return self.up + self.hold + self.down

    def phases(self) -> tuple[tuple[str, float], ...]:
        """Return the non-zero phases in order, as ``(name, seconds)``."""
        return tuple(
            (name, secs)
            for name, secs in (("up", self.up), ("hold", self.hold), ("down", self.down))
            if secs > 0
        )


@dataclass(frozen=True, slots=True)
class HoldStep:
    """A step held for a fixed time, optionally per side and in sets."""

    name: str
    hold: float
    cue: str | None = None
    sides: tuple[str, ...] = ()
    switch: float = DEFAULT_SWITCH
    sets: int = 1
    rest: float | None = None
    say: str | None = None
    line: int = 0


@dataclass(frozen=True, slots=True)
class RepsStep:
    """A step of ``reps`` repetitions: paced by ``tempo``, or untimed when ``tempo`` is None."""

    name: str
    reps: int
    tempo: Tempo | None = None
    cue: str | None = None
    sides: tuple[str, ...] = ()
    switch: float = DEFAULT_SWITCH
    sets: int = 1
    rest: float | None = None
    say: str | None = None
    line: int = 0


@dataclass(frozen=True, slots=True)
class RestStep:
    """A standalone rest of a fixed time, with an optional cue."""

    rest: float
    cue: str | None = None
    line: int = 0


Step = HoldStep | RepsStep | RestStep


@dataclass(frozen=True, slots=True)
class Routine:
    """A whole routine, as read from one file.

    Attributes:
        id: the file name without ``.yaml``/``.yml``.
        name: shown in lists and history.
        steps: the steps in order (at least one).
        prepare: get-ready countdown before the first step (0 turns it off).
        rest: default rest between steps and between sets.
        language: the language tag of the routine's texts (picks the voice).
        path: the file it came from, if any.
    """

    id: str
    name: str
    steps: tuple[Step, ...]
    description: str | None = None
    caution: str | None = None
    prepare: float = DEFAULT_PREPARE
    rest: float = DEFAULT_REST
    version: int = 1
    language: str = DEFAULT_LANGUAGE
    path: Path | None = field(default=None, compare=False)
