"""Which cue sound an engine event plays: one clear sound per moment.

At a boundary between two segments the engine emits the old segment's ``SegmentEnded`` and the
new one's ``SegmentStarted`` at the same instant, so the rule is: **a boundary plays the sound of
what comes next**, and ``SegmentEnded`` never plays anything.

=================================  =============================================================
event                              cue
=================================  =============================================================
``SegmentStarted`` hold / reps     ``start`` (go)
``SegmentStarted`` rest            ``end`` (work is over, relax)
``SegmentStarted`` prepare         none: it is the first thing after the user pressed start
``SegmentStarted`` switch          none: its ``SideSwitch`` plays ``switch``
``SideSwitch``                     ``switch``
``CountdownTick`` (3, 2, 1)        ``tick``; none inside a paced reps set, where the rep tones
                                   keep the pace and would collide with the ticks
``RepPhase`` up / down             ``rep_up`` / ``rep_down``
``RepPhase`` hold                  none (hold still between "up" and "down"), unless the tempo
                                   starts its repetition with the hold (no up phase): then
                                   ``rep_up`` marks each new repetition
``RepPhase`` rep 1, first phase    none: the set's ``start`` plays at that instant
``SessionFinished``                ``finished`` (the chime)
``Halfway``, ``SegmentEnded``,     none
``SessionStopped``
=================================  =============================================================

If two events still map to sounds at the same instant, :data:`PRIORITY` picks the one to keep.
"""

from __future__ import annotations

from stretchtimer.audio.sounds import Cue
from stretchtimer.session.events import (
    CountdownTick,
    Event,
    RepPhase,
    SegmentStarted,
    SessionFinished,
    SideSwitch,
)
from stretchtimer.session.plan import Segment, SegmentKind

# Higher wins when two cues fall on the same instant.
PRIORITY: dict[Cue, int] = {
    Cue.FINISHED: 6,
    Cue.SWITCH: 5,
    Cue.START: 4,
    Cue.END: 3,
    Cue.REP_UP: 2,
    Cue.REP_DOWN: 2,
    Cue.TICK: 1,
}


def _paced(segment: Segment) -> bool:
    return segment.kind is SegmentKind.REPS and segment.tempo is not None


def _rep_cue(event: RepPhase) -> Cue | None:
    tempo = event.segment.tempo
    phases = [name for name, _ in tempo.phases()] if tempo is not None else []
    first = phases[0] if phases else None
    if event.rep == 1 and event.phase == first:
        return None
    if event.phase == "up":
        return Cue.REP_UP
    if event.phase == "down":
        return Cue.REP_DOWN
    if event.phase == first:
        return Cue.REP_UP
    return None


def cue_for(event: Event) -> Cue | None:
    """Return the cue an engine event plays, or None for a silent event.

    Args:
        event: any engine event.
    """
    if isinstance(event, SegmentStarted):
        if event.segment.is_work:
            return Cue.START
        if event.segment.kind is SegmentKind.REST:
            return Cue.END
        return None
    if isinstance(event, SideSwitch):
        return Cue.SWITCH
    if isinstance(event, CountdownTick):
        return None if _paced(event.segment) else Cue.TICK
    if isinstance(event, RepPhase):
        return _rep_cue(event)
    if isinstance(event, SessionFinished):
        return Cue.FINISHED
    return None
