"""What ``doctor`` says about reminders: can they be shown, where are they scheduled."""

from __future__ import annotations

from stretchtimer.reminders import launch, notify, schedulers, store
from stretchtimer.safe_text import visible_line


def doctor_lines(terminal: str = "") -> list[str]:
    """Return the reminder part of ``doctor``'s report, one line each, safe for a terminal.

    Args:
        terminal: the ``terminal`` setting.
    """
    problem = notify.desktop_problem()
    info = None if problem else notify.server_info()
    shown = f"yes ({info})" if info else "yes"
    lines = [
        "Reminders:",
        "  desktop notifications: " + (f"NOT AVAILABLE: {problem}" if problem else shown),
    ]
    try:
        state = store.load()
    except store.RemindersFileError as exc:
        return [visible_line(line) for line in (*lines, f"  problem: {exc}")]
    count = len(state.reminders)
    where = (
        f"installed in {state.installed}"
        if state.installed
        else f"not installed ({schedulers.choose()} would be used)"
    )
    lines.append(f"  {count} reminder{'s' if count != 1 else ''}, {where}")
    lines.append(f"  Start opens: {launch.describe(terminal)}")
    return [visible_line(line) for line in lines]
