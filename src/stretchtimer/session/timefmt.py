"""Durations as a person reads them: ``m:ss`` for a countdown and for time spent.

Kept apart from :mod:`stretchtimer.session.plan` so that printing a time (the history, a
summary) does not load the routine model.
"""

from __future__ import annotations

import math


def format_seconds(seconds: float | None) -> str:
    """Return a duration as ``m:ss`` (or ``h:mm:ss``), ``?`` for unknown.

    Args:
        seconds: a duration in seconds, or None when unknown.
    """
    if seconds is None:
        return "?"
    whole = math.ceil(seconds - 1e-9) if seconds > 0 else 0
    hours, rem = divmod(whole, 3600)
    minutes, secs = divmod(rem, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def format_elapsed(seconds: float) -> str:
    """Return a time spent as ``m:ss``, rounded to the nearest second (2.4 s is ``0:02``).

    :func:`format_seconds` rounds up, as a countdown must (it shows ``0:01`` until the very
    end); a time already spent reads truer rounded to the nearest second.

    Args:
        seconds: a duration in seconds.
    """
    return format_seconds(math.floor(max(seconds, 0.0) + 0.5))
