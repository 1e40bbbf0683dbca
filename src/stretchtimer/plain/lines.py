"""The lines the plain runner prints: the header, one line per segment, the summary.

Every text from the routine passes through :func:`stretchtimer.safe_text.visible_line` here,
the plain runner's one way to the terminal.
"""

from __future__ import annotations

from stretchtimer.safe_text import visible_line
from stretchtimer.session.actions import SESSION_KEYS, key_label
from stretchtimer.session.events import SessionStatus
from stretchtimer.session.plan import Plan, Segment, SegmentKind
from stretchtimer.session.summary import SessionSummary, counts_text
from stretchtimer.session.timefmt import format_elapsed, format_seconds


def _one_line(text: str | None) -> str:
    return " ".join(visible_line(text).split()) if text else ""


def _stamp(seconds: float) -> str:
    whole = max(int(seconds + 1e-6), 0)
    hours, rem = divmod(whole, 3600)
    minutes, secs = divmod(rem, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes:02d}:{secs:02d}"


def _steps(count: int) -> str:
    return f"{count} step" if count == 1 else f"{count} steps"


def side_title(seg: Segment) -> str:
    """Return a segment's title with its side in capitals: ``Wall calf stretch, LEFT side``.

    The side is the one fact a per-side step must not leave in doubt; capitals make it stand
    out in a plain line, and read as a word to a screen reader.

    Args:
        seg: a segment of the plan.
    """
    side = " ".join(seg.side.split()).upper() if seg.side else ""
    if seg.kind is SegmentKind.SWITCH and side:
        return f"Switch to {side} side"
    parts = [seg.label]
    if side:
        parts.append(f"{side} side" if seg.sides > 1 else side)
    if seg.is_work and seg.sets > 1:
        parts.append(f"set {seg.set_number}/{seg.sets}")
    return ", ".join(parts)


def _sentence(text: str) -> str:
    return text if text.endswith((".", "!", "?", ":")) else text + "."


def segment_line(seg: Segment, next_seg: Segment | None, active: float) -> str:
    """Return the line printed when a segment starts.

    For example ``[02:10] Wall calf stretch, LEFT side (1:00): Hands on the wall ...``.

    Args:
        seg: the segment that starts.
        next_seg: the segment after it, announced after a get-ready or a rest.
        active: active seconds run before it (the ``[mm:ss]`` stamp).
    """
    if seg.reps is not None:
        amount = f"{seg.reps} reps" + (f", {format_seconds(seg.duration)}" if seg.timed else "")
    else:
        amount = format_seconds(seg.duration)
    title = _one_line(side_title(seg))
    line = f"[{_stamp(active)}] {title} ({amount})"
    cue = _one_line(seg.cue) if seg.kind is not SegmentKind.SWITCH else ""  # the title says it
    if cue and cue != title:
        line += f": {cue}"
    if seg.kind in (SegmentKind.PREPARE, SegmentKind.REST) and next_seg is not None:
        line = f"{_sentence(line)} Next: {_one_line(side_title(next_seg))}."
    return line


def summary_line(plan: Plan, summary: SessionSummary) -> str:
    """Return the last line, from the session's one summary.

    ``Done: NAME, 5:40 active, 4 of 4 exercises done, 0 skipped, 0 stopped`` or
    ``Stopped after 0:12 active: NAME, 0 of 4 exercises done, 0 skipped, 1 stopped``.

    Args:
        plan: the plan that ran.
        summary: what the session did.
    """
    active = format_elapsed(summary.active_seconds)
    name = _one_line(plan.routine.name)
    if summary.status is SessionStatus.COMPLETED:
        return f"Done: {name}, {active} active, {counts_text(summary)}"
    return f"Stopped after {active} active: {name}, {counts_text(summary)}"


def keys_line() -> str:
    """Return the line that lists the keys of a running session (from the shared key table)."""
    parts = [
        f"{'/'.join(key_label(k) for k in row.keys)} {row.label.lower()}" for row in SESSION_KEYS
    ]
    return "Keys: " + ", ".join(parts) + "."


def header_lines(plan: Plan, *, keys: bool = False) -> list[str]:
    """Return the lines printed before the session starts: name, size, keys, caution.

    Args:
        plan: the plan about to run.
        keys: the keyboard works (a terminal): list the keys instead of Ctrl+C.
    """
    total = format_seconds(plan.total_seconds)
    if plan.has_untimed:
        total += " plus reps at your own pace"
    how = keys_line() if keys else "Press Ctrl+C to stop."
    lines = [f"{_one_line(plan.routine.name)}: {_steps(plan.step_count)}, {total}. {how}"]
    if plan.routine.caution:
        lines.append(f"Caution: {_one_line(plan.routine.caution)}")
    return lines
