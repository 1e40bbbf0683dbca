"""The speech script: what the voice says, and when, as a pure function of the plan.

Every phrase belongs to one engine event (its *moment*): a segment starting, the halfway point of
a hold, the start of a paced repetition, the end of the routine. A phrase may share its moment
with a cue sound; the sound plays first and the phrase right after it.

Each phrase has a *window*: the time from its moment until the next phrase is due, or, for a
repetition number, until the next tempo tone. A phrase never speaks past its window: with the
lengths of the rendered phrases, :func:`fit` keeps as many of its parts as fit (the first part is
the phrase itself; the others are the step instructions the ``full`` level adds) and drops a
phrase whose first part does not fit. So no two phrases overlap and none starts after its moment.
The 3-2-1 ticks stay beeps; while a phrase speaks, the ticks and tempo tones it covers give way.

=====================  ==========================================================================
moment                 what is said (``brief``; ``full`` adds the next step's cue, sentence by
                       sentence as far as it fits, to the get-ready, switch and rest phrases,
                       and a rest's own cue)
=====================  ==========================================================================
get-ready              "Get ready. First: Wall calf stretch, left side." (``full``: "Get ready."
                       and the cue)
work step starts       "Wall calf stretch. Left side. Set two of three. One minute." (the step's
                       ``say`` replaces the name, and the side when it names it); paced reps:
                       "Toe lifts. Five reps."; untimed: "Ten reps, press Enter when done."
halfway (holds 30 s+)  "Halfway."
paced repetition 2..n  "Two.", right after the repetition's tone, if it fits before the next tone
switch                 "Switch to your right side."
rest                   "Rest, ten seconds. Next: Toe lifts, five reps."
end                    "Routine complete.", and "Three days in a row." when the session makes
                       the streak grow to :data:`STREAK_MIN` days or more
=====================  ==========================================================================
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from stretchtimer.audio.sounds import Cue
from stretchtimer.session.events import (
    Event,
    Halfway,
    RepPhase,
    SegmentStarted,
    SessionFinished,
    SideSwitch,
)
from stretchtimer.session.plan import Plan, Segment, SegmentKind
from stretchtimer.session.view import HALFWAY_MIN
from stretchtimer.voice import LEVELS as LEVELS
from stretchtimer.voice import Level as Level
from stretchtimer.voice.messages import Catalogue, catalogue_for

STREAK_MIN = 2
"""The end phrase names the streak when the session makes it at least this long."""


PhraseKey = tuple[str, int, int]
"""Which event a phrase belongs to: ``(kind, segment index, repetition)``."""

END_KEY: PhraseKey = ("end", -1, 0)


@dataclass(frozen=True, slots=True)
class Phrase:
    """One thing the voice says.

    Attributes:
        key: the event it belongs to (see :func:`key_for`).
        segment: the index of the segment it is said in (None for the end of the routine).
        moment: planned seconds from the session's start (sets that run until marked done
            count 0 s, as in the plan).
        parts: what is said; the first part is the phrase, the others (``full`` level) are
            said after it when they fit.
        cue: the cue sound that plays at the same moment, before the phrase.
        window: seconds from the moment that the phrase may take, the cue sound included;
            None when nothing follows it (the end, a set that runs until marked done).
        after_untimed: a set that runs until marked done comes before it, so ``moment`` is
            only a lower bound.
    """

    key: PhraseKey
    segment: int | None
    moment: float
    parts: tuple[str, ...]
    cue: Cue | None
    window: float | None
    after_untimed: bool = False

    @property
    def text(self) -> str:
        """Return everything the phrase would say, its parts joined."""
        return " ".join(self.parts)


def key_for(event: Event) -> PhraseKey | None:
    """Return the key of the phrase an engine event may carry, or None.

    Args:
        event: any engine event.
    """
    if isinstance(event, SegmentStarted):
        if event.segment.kind is SegmentKind.SWITCH and event.segment.side:
            return None  # its SideSwitch, which plays the switch cue, carries the phrase
        return ("start", event.segment.index, 0)
    if isinstance(event, SideSwitch):
        return ("start", event.segment.index, 0)
    if isinstance(event, Halfway):
        return ("halfway", event.segment.index, 0)
    if isinstance(event, RepPhase):
        tempo = event.segment.tempo
        phases = tempo.phases() if tempo is not None else ()
        if event.rep > 1 and phases and event.phase == phases[0][0]:
            return ("rep", event.segment.index, event.rep)
        return None
    if isinstance(event, SessionFinished):
        return END_KEY
    return None


def _side_named(seg: Segment) -> bool:
    """Return True when the step's ``say`` text already names the side."""
    return bool(seg.say and seg.side and seg.side.lower() in seg.say.lower())


def _side(cat: Catalogue, side: str) -> str:
    return side if side.lower().endswith(" side") else cat.say("side", side=side)


def _amount(cat: Catalogue, seg: Segment) -> str:
    if seg.kind is SegmentKind.REPS and seg.reps is not None:
        return cat.reps(seg.reps, untimed=seg.duration is None)
    return cat.say("hold", duration=cat.duration(seg.duration or 0.0))


def start_fragments(cat: Catalogue, seg: Segment) -> list[str]:
    """Return the fragments said when a work segment starts: name, side, set, amount."""
    out = [cat.say("step", name=seg.say or seg.label)]
    if seg.side and not _side_named(seg):
        out.append(_side(cat, seg.side))
    if seg.sets > 1:
        out.append(cat.say("set", number=cat.number(seg.set_number), total=cat.number(seg.sets)))
    out.append(_amount(cat, seg))
    return out


def _next_text(cat: Catalogue, seg: Segment, *, amount: bool = True) -> str:
    """Return how a coming work segment is announced: ``Toe lifts, five reps``."""
    name = seg.say or seg.label
    parts = [name]
    if seg.side and not _side_named(seg):
        parts.append(_side(cat, seg.side))
    if amount:
        parts.append(
            cat.reps(seg.reps)
            if seg.kind is SegmentKind.REPS and seg.reps is not None
            else cat.duration(seg.duration or 0.0)
        )
    return ", ".join(parts)


def _next_work(plan: Plan, index: int) -> Segment | None:
    """Return the segment after ``index`` when it is a work segment."""
    if index + 1 < len(plan.segments):
        nxt = plan.segments[index + 1]
        if nxt.is_work:
            return nxt
    return None


def _between(cat: Catalogue, plan: Plan, seg: Segment, full: bool) -> tuple[str, ...]:
    """Return the parts said when a get-ready, switch or rest segment starts."""
    nxt = _next_work(plan, seg.index)
    if seg.kind is SegmentKind.PREPARE:
        fragments = [cat.say("prepare")]
        if nxt is not None and not (full and nxt.cue):  # full: the step's cue says it
            fragments.append(cat.say("first", next=_next_text(cat, nxt, amount=False)))
        parts = [cat.sentences(*fragments)]
    elif seg.kind is SegmentKind.SWITCH:
        parts = [cat.sentences(cat.say("switch", side=seg.side or ""))]
    else:  # rest
        fragments = [cat.say("rest", duration=cat.duration(seg.duration or 0.0))]
        if nxt is not None:
            fragments.append(cat.say("next", next=_next_text(cat, nxt)))
        parts = [cat.sentences(*fragments)]
        if full and seg.cue:
            parts.extend(split_sentences(seg.cue))
    if full and nxt is not None and nxt.cue:
        parts.extend(split_sentences(nxt.cue))
    return tuple(parts)


def split_sentences(text: str) -> list[str]:
    """Return a text cut into its sentences (so a long cue can be said as far as it fits)."""
    flat = " ".join(text.split())
    return [part for part in re.split(r"(?<=[.!?])\s+", flat) if part]


@dataclass(slots=True)
class _Draft:
    key: PhraseKey
    segment: int | None
    moment: float
    parts: tuple[str, ...]
    cue: Cue | None
    hard_end: float | None  # a tone the phrase must not cover (repetition numbers)
    untimed: bool  # said at the start of a set that runs until marked done
    after_untimed: bool


def _segment_drafts(
    cat: Catalogue, plan: Plan, seg: Segment, start: float, full: bool, after_untimed: bool
) -> list[_Draft]:
    out: list[_Draft] = []
    untimed = seg.duration is None
    if seg.is_work:
        out.append(
            _Draft(
                ("start", seg.index, 0),
                seg.index,
                start,
                (cat.sentences(*start_fragments(cat, seg)),),
                Cue.START,
                None,
                untimed,
                after_untimed,
            )
        )
    else:
        cue = {SegmentKind.SWITCH: Cue.SWITCH, SegmentKind.REST: Cue.END}.get(seg.kind)
        out.append(
            _Draft(
                ("start", seg.index, 0),
                seg.index,
                start,
                _between(cat, plan, seg, full),
                cue,
                None,
                False,
                after_untimed,
            )
        )
    duration = seg.duration
    if duration is None:
        return out
    if seg.kind is SegmentKind.HOLD and duration >= HALFWAY_MIN:
        out.append(
            _Draft(
                ("halfway", seg.index, 0),
                seg.index,
                start + duration / 2,
                (cat.sentences(cat.say("halfway")),),
                None,
                None,
                False,
                after_untimed,
            )
        )
    if seg.kind is SegmentKind.REPS and seg.tempo is not None and seg.reps:
        phases = seg.tempo.phases()
        rep_len = seg.tempo.rep_seconds
        first_len = phases[0][1]
        for rep in range(2, seg.reps + 1):
            at = start + (rep - 1) * rep_len
            out.append(
                _Draft(
                    ("rep", seg.index, rep),
                    seg.index,
                    at,
                    (cat.sentences(cat.say("rep", number=cat.number(rep))),),
                    Cue.REP_UP,
                    at + first_len,
                    False,
                    after_untimed,
                )
            )
    return out


def speech_script(
    plan: Plan,
    level: Level | str = Level.BRIEF,
    *,
    streak: int | None = None,
    catalogue: Catalogue | None = None,
) -> tuple[Phrase, ...]:
    """Return every phrase the voice may say in a session of ``plan``, in time order.

    Args:
        plan: the plan.
        level: ``brief``, ``full`` or ``off`` (no phrases).
        streak: the streak of days the session makes when it completes, when it grows; the
            end phrase names it when it is at least :data:`STREAK_MIN`.
        catalogue: the fixed phrases; the one for the routine's language when None.

    Returns:
        The phrases; the windows assume nothing is dropped (see :func:`fit`).
    """
    level = Level(level)
    if level is Level.OFF:
        return ()
    cat = catalogue or catalogue_for(plan.routine.language)
    full = level is Level.FULL
    drafts: list[_Draft] = []
    after_untimed = False
    for seg, start in zip(plan.segments, plan.starts, strict=True):
        drafts.extend(_segment_drafts(cat, plan, seg, start, full, after_untimed))
        after_untimed = after_untimed or seg.duration is None
    end = [cat.say("complete")]
    if streak is not None and streak >= STREAK_MIN:
        end.append(cat.say("streak", days=cat.number(streak)))
    drafts.append(
        _Draft(
            END_KEY,
            None,
            plan.total_seconds,
            (cat.sentences(*end),),
            Cue.FINISHED,
            None,
            False,
            after_untimed,
        )
    )
    drafts.sort(key=lambda d: d.moment)  # stable: a segment's own order is kept
    phrases = []
    for i, draft in enumerate(drafts):
        window: float | None = None
        if not draft.untimed and i + 1 < len(drafts):
            window = drafts[i + 1].moment - draft.moment
        if draft.hard_end is not None:
            limit = draft.hard_end - draft.moment
            window = limit if window is None else min(window, limit)
        phrases.append(
            Phrase(
                draft.key,
                draft.segment,
                draft.moment,
                draft.parts,
                draft.cue,
                window,
                draft.after_untimed,
            )
        )
    return tuple(phrases)


GAP = 0.1
"""Seconds of silence kept between the parts of a phrase."""


def fit(phrase: Phrase, lengths: Sequence[float], lead: float = 0.0) -> int:
    """Return how many of a phrase's parts fit its window (0: the phrase is dropped).

    Args:
        phrase: the phrase.
        lengths: the spoken length of each part, in seconds (rendered or estimated).
        lead: the length of the cue sound that plays first at the same moment.
    """
    if phrase.window is None:
        return len(phrase.parts)
    used = lead
    count = 0
    for i, length in enumerate(lengths[: len(phrase.parts)]):
        used += length + (GAP if i else 0.0)
        if used > phrase.window + 1e-9:
            break
        count += 1
    return count


def estimate_seconds(text: str, rate: int = 175) -> float:
    """Return a rough spoken length of ``text`` at ``rate`` words per minute (for dry runs).

    Fitted to espeak-ng's phrases with their silence trimmed: about 0.26 s a word at 175
    words a minute, plus a pause at each full stop (0.45 s) and comma or colon (0.25 s) inside.

    Args:
        text: the text.
        rate: words per minute.
    """
    words = text.split()
    inner = " ".join(words)[:-1]
    stops = sum(inner.count(mark) for mark in ".!?")
    commas = sum(inner.count(mark) for mark in ",:;")
    return 0.1 + 0.26 * len(words) * 175 / max(rate, 1) + 0.45 * stops + 0.25 * commas


def fitted(
    phrases: Sequence[Phrase],
    lengths: Mapping[str, float],
    leads: Mapping[Cue, float] | None = None,
) -> list[tuple[Phrase, int]]:
    """Return the phrases that would be said, each with the number of its parts kept.

    Args:
        phrases: from :func:`speech_script`.
        lengths: the spoken length of each part's text.
        leads: the length of each cue sound (0 when missing).
    """
    out = []
    for phrase in phrases:
        lead = (leads or {}).get(phrase.cue, 0.0) if phrase.cue is not None else 0.0
        count = fit(phrase, [lengths[part] for part in phrase.parts], lead)
        if count:
            out.append((phrase, count))
    return out
