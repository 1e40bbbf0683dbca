"""Where a paced reps set is after some time in it: the repetition and the tempo phase.

A plan keeps a paced reps set as one segment (:mod:`stretchtimer.session.plan`); these
functions derive the repetition and phase from the time spent in it. Apart from the plan,
which ``list`` and ``show`` build, since only a running session needs them.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass

from stretchtimer.routines.model import Tempo


@dataclass(frozen=True, slots=True)
class RepPosition:
    """Where a paced reps segment is after some time in it."""

    rep: int
    phase: str
    phase_elapsed: float
    phase_remaining: float


def rep_position(tempo: Tempo, reps: int, elapsed: float) -> RepPosition:
    """Return the repetition (1-based) and tempo phase after ``elapsed`` seconds of a reps set.

    Args:
        tempo: the pace; at least one phase is non-zero.
        reps: how many repetitions the set has.
        elapsed: seconds since the set started; clamped to the set's length.
    """
    phases = tempo.phases()
    rep_len = tempo.rep_seconds
    elapsed = min(max(elapsed, 0.0), rep_len * reps)
    rep_index = min(int(elapsed // rep_len), reps - 1)
    within = elapsed - rep_index * rep_len
    offset = 0.0
    for i, (name, secs) in enumerate(phases):
        if within < offset + secs or i == len(phases) - 1:
            done = within - offset
            return RepPosition(rep_index + 1, name, done, max(secs - done, 0.0))
        offset += secs
    raise AssertionError("unreachable: tempo has at least one phase")  # pragma: no cover


def rep_phase_starts(
    tempo: Tempo, reps: int, after: float, until: float
) -> Iterator[tuple[float, int, str]]:
    """Yield ``(offset, rep, phase)`` for every phase start with ``after < offset <= until``.

    Offsets are seconds from the start of the set; pass ``after=-1`` to include offset 0.
    """
    phases = tempo.phases()
    rep_len = tempo.rep_seconds
    end = rep_len * reps
    until = min(until, end - 1e-9)
    if until <= after:
        return
    first_rep = max(math.floor(max(after, 0.0) / rep_len), 0)
    for rep_index in range(first_rep, reps):
        base = rep_index * rep_len
        if base > until:
            return
        offset = base
        for name, secs in phases:
            if after < offset <= until:
                yield offset, rep_index + 1, name
            offset += secs
