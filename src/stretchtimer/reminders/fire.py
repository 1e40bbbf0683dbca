"""What happens when a reminder's time comes (``stretchtimer remind fire ID``).

1. A reminder that no longer exists, or fires at a time it is not set for, does nothing.
2. One that fires more than 30 minutes late (the computer slept through it) is dropped.
3. One whose routine's goal for today is already met is skipped.
4. Otherwise a notification asks; "Start" opens the routine in the user's terminal, "Snooze 15
   min" asks again 15 minutes later (the goal is checked again first).

Everything outside (the clock, the history, the notification, the terminal) is passed in, so
the rules are tested without waiting; the command wires the real ones.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from stretchtimer.goals import Goal
from stretchtimer.reminders import notify
from stretchtimer.reminders.schedule import Reminder, due_now

SNOOZE_SECONDS = 15 * 60
MAX_SNOOZES = 4
ANSWER_WAIT = 10 * 60
"""How long a reminder waits for an answer before its job ends (seconds)."""

Ask = Callable[[str, str, float], str]
"""Shows a notification and returns the answer (``notify.START``, ``notify.SNOOZE``...)."""


@dataclass(frozen=True, slots=True)
class Outcome:
    """How a firing ended: an exit code and a line for the scheduler's log."""

    code: int
    message: str


def default_ask(title: str, message: str, wait: float) -> str:
    """Show a real desktop notification and wait for the answer."""
    return asyncio.run(notify.ask(title, message, wait))


def texts(reminder: Reminder, routine_name: str | None, done: int, goal: Goal) -> tuple[str, str]:
    """Return a reminder notification's title and message."""
    title = f"Time for {routine_name}" if routine_name else "Time to stretch"
    if done:
        message = f"{done} of {goal.daily} done today. A minute or two now?"
    else:
        message = "Not done yet today. A minute or two now?"
    return title, message


def fire(
    reminder: Reminder | None,
    now: datetime,
    *,
    goal: Goal,
    done_today: Callable[[], int],
    routine_name: str | None,
    start: Callable[[str | None], str | None],
    ask: Ask = default_ask,
    sleep: Callable[[float], object],
    wait: float = ANSWER_WAIT,
    check_time: bool = True,
) -> Outcome:
    """Run one reminder.

    Args:
        reminder: the reminder (None: it was removed since the scheduler was set up).
        now: the local time now.
        goal: the goal of the reminder's routine (or the general one).
        done_today: returns the sessions completed today that count for it.
        routine_name: the routine's name, for the text.
        start: opens a routine in a terminal; returns a problem or None.
        ask: shows the notification and returns the answer.
        sleep: waits (the snooze).
        wait: seconds to wait for an answer.
        check_time: drop a firing that is late or not due (off for ``remind test``).
    """
    if reminder is None:
        return Outcome(0, "this reminder no longer exists ('stretchtimer remind list')")
    if check_time:
        ok, why = due_now(reminder, now)
        if not ok:
            return Outcome(0, f"reminder {reminder.id} dropped: {why}")
    for _ in range(MAX_SNOOZES + 1):
        done = done_today()
        if done >= goal.daily:
            return Outcome(
                0, f"reminder {reminder.id} skipped: today's goal is met ({done} of {goal.daily})"
            )
        title, message = texts(reminder, routine_name, done, goal)
        answer = ask(title, message, wait)
        if answer == notify.START:
            problem = start(reminder.routine)
            if problem:
                return Outcome(1, f"reminder {reminder.id}: cannot open the routine: {problem}")
            return Outcome(0, f"reminder {reminder.id}: started")
        if answer == notify.FAILED:
            why = notify.desktop_problem() or "the notification service refused it"
            return Outcome(
                1, f"reminder {reminder.id}: the notification could not be shown ({why})"
            )
        if answer != notify.SNOOZE:
            return Outcome(0, f"reminder {reminder.id}: {answer}")
        sleep(SNOOZE_SECONDS)
    return Outcome(0, f"reminder {reminder.id}: snoozed {MAX_SNOOZES} times; until next time")
