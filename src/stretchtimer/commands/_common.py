"""Small helpers shared by the routine commands (no heavy imports)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from stretchtimer.session.plan import Plan


def total_text(plan: Plan) -> str:
    """Return a plan's total time, with ``+ ?`` when some sets run until marked done."""
    from stretchtimer.session.plan import format_seconds

    text = format_seconds(plan.total_seconds)
    return f"{text} + ?" if plan.has_untimed else text


def one_line(text: str, width: int) -> str:
    """Return ``text`` on one line, cut to ``width`` characters with an ellipsis."""
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: max(width - 1, 0)] + "…"
