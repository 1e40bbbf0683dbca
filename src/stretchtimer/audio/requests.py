"""What the cue player's worker is asked to do, and the timings it records.

Helpers of :mod:`stretchtimer.audio.player`, kept apart so the player stays small.
"""

from __future__ import annotations

from dataclasses import dataclass

from stretchtimer.audio.sounds import Cue, Sound

__all__ = [
    "GIVE_WAY",
    "CueRequest",
    "HushRequest",
    "PhraseRequest",
    "PhraseTiming",
    "Request",
    "Timing",
    "newest_moment",
]


@dataclass(frozen=True, slots=True)
class Timing:
    """When one cue went through the player (``time.perf_counter`` readings)."""

    cue: Cue
    requested: float  # the sink was called
    play_called: float  # the worker called the backend's play
    play_returned: float  # the backend had started playback


@dataclass(frozen=True, slots=True)
class PhraseTiming:
    """When one spoken phrase went through the player (``time.perf_counter`` readings).

    ``due`` is when it was meant to start: when it was asked for, or the end of the cue sound
    of the same moment, which plays first.
    """

    label: str
    at: float | None  # the engine instant it belongs to
    requested: float
    due: float
    play_called: float
    play_returned: float


GIVE_WAY = frozenset({Cue.TICK, Cue.REP_UP, Cue.REP_DOWN})
"""Cues that do not interrupt a phrase being spoken: while the voice speaks, they are skipped."""


@dataclass(frozen=True, slots=True)
class CueRequest:
    """Play a cue (``at``: the engine instant; ``requested``: ``perf_counter``)."""

    cue: Cue
    at: float | None
    requested: float


@dataclass(frozen=True, slots=True)
class PhraseRequest:
    """Say a phrase, after the cue of the same instant."""

    sound: Sound
    at: float | None
    requested: float
    label: str


@dataclass(frozen=True, slots=True)
class HushRequest:
    """Stop the phrase being said."""

    at: float | None
    requested: float


Request = CueRequest | PhraseRequest | HushRequest


def newest_moment(requests: list[Request]) -> list[Request]:
    """Return what to play of a burst: the newest moment's cue (the last one) and phrases."""
    last = requests[-1]
    if last.at is None:
        return [last]
    group = [r for r in requests if r.at == last.at]
    cues = [r for r in group if isinstance(r, CueRequest)]
    return [r for r in group if not isinstance(r, CueRequest) or (cues and r is cues[-1])]
