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

from rich.cells import cell_len, set_cell_size
from textual.content import Content

from stretchtimer.safe_text import visible, visible_line
from stretchtimer.session.engine import EngineState, View
from stretchtimer.session.plan import Plan, Segment, SegmentKind
from stretchtimer.session.timefmt import format_seconds
from stretchtimer.tui.widgets.blockfont import LETTERS, SMALL

FINAL_SECONDS = 3
_EPSILON = 1e-6
SIDE_WORD_MAX = 8
"""The longest side name drawn in block letters; a longer one is shown in the side line only."""
ARROWS = {"left": "◀", "right": "▶"}
"""The arrow drawn beside a side of these names (pointing the way the side is)."""
LEADS_IN = (SegmentKind.PREPARE, SegmentKind.SWITCH, SegmentKind.REST)
"""Segments that set up the next one: they show its name, side and cue."""


@dataclass(frozen=True, slots=True)
class Display:
    """Everything the runner screen shows, as text and flags.

    Attributes:
        kind: the segment kind's value (``prepare``, ``hold``, ...), or ``""`` when none.
        label: the step name or segment label; during a get-ready, switch or rest it also
            names the step that comes next (``Rest · next: Toe lifts``).
        side: the side worked (or about to be), upper case, for the block letters; ``""``
            when there is none or it cannot be drawn in them.
        sided: True when the part (or the one it sets up) has a side.
        detail: side and set, e.g. ``◀ LEFT side (1 of 2) · set 1 of 2``.
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
        title: the window title, e.g. ``0:42 Wall calf stretch, left`` (made safe for a
            terminal).
    """

    kind: str = ""
    label: str = ""
    side: str = ""
    sided: bool = False
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
    title: str = ""


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


def side_word(side: str | None) -> str:
    """Return a side as drawn in block letters (``◀ LEFT``), or ``""`` when it cannot be.

    Args:
        side: the side's name from the routine.
    """
    if not side:
        return ""
    word = side.strip().upper()
    drawable = all(char in LETTERS or char in SMALL for char in word)
    if not drawable or not 0 < len(word) <= SIDE_WORD_MAX:
        return ""
    arrow = ARROWS.get(side.strip().lower())
    if arrow == "◀":
        return f"◀ {word}"
    return f"{word} ▶" if arrow else word


def side_text(seg: Segment) -> str:
    """Return the side of a segment for its line: ``◀ LEFT side (1 of 2)``, ``""`` if none.

    The side is in capitals, with an arrow for left and right, so it reads without colour.

    Args:
        seg: a hold, reps or switch segment.
    """
    if not seg.side:
        return ""
    name = seg.side.strip()
    arrow = ARROWS.get(name.lower())
    text = f"{name.upper()} side" if seg.sides > 1 else name.upper()
    if arrow == "◀":
        text = f"◀ {text}"
    elif arrow:
        text = f"{text} ▶"
    if seg.sides > 1:
        text += f" ({seg.side_number} of {seg.sides})"
    return text


def _detail(seg: Segment, up: Segment | None) -> str:
    parts: list[str] = []
    shown = up if up is not None else seg
    if shown.side:
        parts.append(side_text(shown))
    if shown.is_work and shown.sets > 1:
        parts.append(f"set {shown.set_number} of {shown.sets}")
    elif up is None and seg.kind is SegmentKind.REST and seg.sets > 1 and seg.set_number < seg.sets:
        parts.append(f"after set {seg.set_number} of {seg.sets}")
    return " · ".join(parts)


def _up_next(plan: Plan, seg: Segment) -> Segment | None:
    """Return the work segment a get-ready, switch or rest sets up (None for other kinds)."""
    if seg.kind not in LEADS_IN:
        return None
    for later in plan.segments[seg.index + 1 :]:
        if later.is_work:
            return later
    return None


def _lead_in_cue(seg: Segment, up: Segment) -> str:
    own = seg.cue if seg.kind is SegmentKind.REST else None
    parts = [text.strip() for text in (own, up.cue) if text and text.strip()]
    return "\n".join(parts)


def fit_text(text: str, width: int, lines: int) -> tuple[str, bool]:
    """Wrap ``text`` into ``lines`` lines of ``width`` cells; end with an ellipsis when cut.

    Paragraphs (lines of ``text``) are kept apart. Lines are wrapped as Textual wraps them
    (by terminal cells: a wide character takes two), so the rows counted are the rows shown.

    Args:
        text: the text, possibly several paragraphs.
        width: columns per line (at least 1).
        lines: the most lines (at least 1).

    Returns:
        The wrapped text, and True when it was cut.
    """
    width, lines = max(width, 1), max(lines, 1)
    wrapped: list[str] = []
    for paragraph in text.splitlines():
        wrapped.extend([line.plain.rstrip() for line in Content(paragraph).wrap(width)] or [""])
    if len(wrapped) <= lines:
        return "\n".join(wrapped), False
    kept = wrapped[:lines]
    kept[-1] = _with_ellipsis(kept[-1], width)
    return "\n".join(kept), True


def _with_ellipsis(line: str, width: int) -> str:
    """Return ``line`` ending with an ellipsis, within ``width`` cells (so on the same row).

    Whole words are dropped to make room for `` …``; a line of one word longer than that is
    cut inside the word.
    """
    room = width - 2  # for " …"
    head = line
    if cell_len(head) > room:
        start = _cut(line, room + 1)
        head = start.rsplit(" ", 1)[0] if " " in start else ""
    head = head.rstrip(" ,;:.")
    if head:
        return f"{head} …"
    return _cut(line, max(width - 1, 0)) + "…"


def _cut(line: str, cells: int) -> str:
    """Return the start of ``line`` that fits in ``cells`` (a wide character is never halved)."""
    return set_cell_size(line, cells).rstrip(" ") if cell_len(line) > cells else line


def _next_text(seg: Segment | None) -> str:
    if seg is None:
        return "next: finish"
    when = "until done" if seg.duration is None else format_seconds(seg.duration)
    return f"next: {seg.describe()} ({when})"


@dataclass(frozen=True, slots=True)
class _PartText:
    """What the runner shows of one part that stays the same while the part runs."""

    kind: str
    label: str
    side: str
    sided: bool
    detail: str
    position: str
    reps_target: str
    """What an untimed set asks for (``10 reps · press Enter when done``); ``""`` for others."""
    cue: str
    next: str
    named: str
    """The part as the window title names it (after the time), made safe for a terminal."""
    later_untimed: bool
    """True when this part or a later one is untimed (the time left is then a minimum)."""


def _part_text(plan: Plan, seg: Segment, next_segment: Segment | None) -> _PartText:
    up = _up_next(plan, seg)
    label, cue, side = seg.label, seg.cue or "", side_word(seg.side)
    if up is not None:
        label = f"{seg.label} · next: {up.label}"
        cue = _lead_in_cue(seg, up)
        side = side_word(up.side)
    steps = plan.step_count
    position = (
        f"step {seg.step_index + 1} of {steps}" if seg.step_index is not None else "get ready"
    )
    reps = seg.kind is SegmentKind.REPS and seg.reps is not None
    return _PartText(
        kind=seg.kind.value,
        label=visible_line(label),
        side=side,
        sided=bool((up or seg).side),
        detail=visible_line(_detail(seg, up)),
        position=position,
        reps_target=f"{seg.reps} reps · press Enter when done" if reps else "",
        cue=visible(cue),
        next=visible_line(_next_text(next_segment)),
        named=visible_line(seg.describe()),
        later_untimed=seg.duration is None
        or any(s.duration is None for s in plan.segments[seg.index + 1 :]),
    )


class DisplayMaker:
    """Makes the :class:`Display` of a plan's views, each part's texts worked out once.

    A countdown asks for a display every second, and only its times change within a part.

    Args:
        plan: the plan being run (for the step count and totals).
    """

    def __init__(self, plan: Plan) -> None:
        self.plan = plan
        self._part: tuple[Segment, Segment | None, _PartText] | None = None

    def __call__(self, view: View) -> Display:
        """Return what the runner shows for ``view``.

        Args:
            view: the engine's view at the current clock reading.
        """
        plan = self.plan
        paused = view.state is EngineState.PAUSED
        progress = int(min(max(view.progress, 0.0), 1.0) * 1000)
        elapsed = format_seconds(floor_seconds(view.routine_elapsed))
        remaining_total = format_seconds(ceil_seconds(view.routine_remaining))
        seg = view.segment
        if seg is None:
            later_untimed = any(s.duration is None for s in plan.segments[view.index + 1 :])
            finished = view.state in (EngineState.FINISHED, EngineState.STOPPED)
            return Display(
                label="Done" if finished else "Ready",
                next="" if finished else _next_text(plan.segments[0] if plan.segments else None),
                paused=paused,
                progress=progress,
                elapsed=elapsed,
                remaining=remaining_total + ("+" if later_untimed else ""),
            )
        cached = self._part
        if cached is None or cached[0] is not seg or cached[1] is not view.next_segment:
            cached = self._part = (seg, view.next_segment, _part_text(plan, seg, view.next_segment))
        part = cached[2]
        if view.remaining is None:
            count = floor_seconds(view.elapsed)
            final = False
        else:
            count = ceil_seconds(view.remaining)
            final = 0 < count <= FINAL_SECONDS
        rep = phase = target = ""
        phase_left = 0
        if part.reps_target:
            if seg.tempo is not None and view.rep is not None:
                rep = f"{view.rep}/{seg.reps}"
                phase = (view.phase or "").upper()
                phase_left = ceil_seconds(view.phase_remaining or 0.0)
            else:
                target = part.reps_target
        return Display(
            kind=part.kind,
            label=part.label,
            side=part.side,
            sided=part.sided,
            detail=part.detail,
            position=part.position,
            digits=mmss(count),
            final=final,
            paused=paused,
            rep=rep,
            phase=phase,
            phase_left=phase_left,
            untimed=view.remaining is None,
            target=target,
            cue=part.cue,
            progress=progress,
            elapsed=elapsed,
            remaining=remaining_total + ("+" if part.later_untimed else ""),
            next=part.next,
            title=f"{format_seconds(count)} {part.named}",  # the time is safe: digits
        )


def display_of(view: View, plan: Plan) -> Display:
    """Return what the runner shows for ``view`` (see :class:`DisplayMaker`, which a runner keeps).

    Args:
        view: the engine's view at the current clock reading.
        plan: the plan being run (for the step count and totals).
    """
    return DisplayMaker(plan)(view)
