"""Sessions and steps as read back from the history."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any


@dataclass(frozen=True, slots=True)
class StepRow:
    """One recorded segment of a session.

    Attributes:
        seq: 1-based order in which it ended within the session.
        segment_index: its index in the plan.
        kind: ``prepare``, ``hold``, ``reps``, ``switch`` or ``rest``.
        label: the step name or segment label.
        side: the side worked, if any.
        set_number: the 1-based set.
        planned: planned seconds (None for untimed reps).
        actual: active seconds spent in it.
        status: ``done``, ``skipped`` or ``stopped``.
        attempt: 1 for the first pass through the segment, 2 after one "back", and so on.
    """

    seq: int
    segment_index: int
    kind: str
    label: str
    side: str | None
    set_number: int
    planned: float | None
    actual: float
    status: str = "done"
    attempt: int = 1

    @property
    def skipped(self) -> bool:
        """Return True when the step did not run to its end (skipped or stopped)."""
        return self.status != "done"


@dataclass(frozen=True, slots=True)
class SessionRow:
    """One recorded session.

    Attributes:
        id: the session id.
        routine_id: the routine's id.
        routine_name: the routine's name when it ran.
        started_at: local start time, with its UTC offset.
        ended_at: end time (None while running); for an interrupted session, when its last
            step was recorded (its start if none was).
        status: ``running``, ``completed``, ``stopped`` or ``interrupted``.
        active_seconds: active time, paused time excluded.
        paused_seconds: time spent paused.
        steps_done: exercises (hold and reps segments) done.
        steps_total: exercises in the routine's plan.
        steps_skipped: exercises skipped (never done).
        steps_stopped: exercises cut short by Stop.
        steps: its steps, when asked for.
        uid: its stable unique id (a UUID), the same on every machine it is imported to.
    """

    id: int
    routine_id: str
    routine_name: str
    started_at: datetime
    ended_at: datetime | None
    status: str
    active_seconds: float
    paused_seconds: float
    steps_done: int
    steps_total: int
    steps: tuple[StepRow, ...] = ()
    steps_skipped: int = 0
    steps_stopped: int = 0
    uid: str = ""


SESSION_COLUMNS = (
    "id, routine_id, routine_name, started_at, ended_at, status, active_seconds, "
    "paused_seconds, steps_done, steps_total, steps_skipped, steps_stopped, uid"
)
STEP_COLUMNS = "seq, segment_index, kind, label, side, set_number, planned, actual, status, attempt"


def stored_seconds(value: Any) -> float:
    """Return a stored number of seconds, or 0.0 when it is not a finite number of at least 0.

    The app and the import write only such numbers, but an older version or another program
    may have stored infinity, NaN or a negative time: reading them as 0 keeps every screen,
    summary and export working (and the JSON export valid) instead of failing on one row.

    Args:
        value: the stored value (a float, an int, or anything SQLite holds).
    """
    try:
        seconds = float(value)
    except (TypeError, ValueError, OverflowError):
        return 0.0
    return seconds if 0.0 <= seconds < math.inf else 0.0


def stored_count(value: Any) -> int:
    """Return a stored whole number, or 0 when it is not a finite number (see ``stored_seconds``).

    Args:
        value: the stored value.
    """
    try:
        return int(value)
    except (TypeError, ValueError, OverflowError):
        return 0


def session_from_row(row: Sequence[Any], steps: tuple[StepRow, ...] = ()) -> SessionRow:
    """Return a session from a row of :data:`SESSION_COLUMNS` (numbers read as ``stored_*``)."""
    ended = row[4]
    return SessionRow(
        id=int(row[0]),
        routine_id=str(row[1]),
        routine_name=str(row[2]),
        started_at=datetime.fromisoformat(str(row[3])),
        ended_at=datetime.fromisoformat(ended) if isinstance(ended, str) else None,
        status=str(row[5]),
        active_seconds=stored_seconds(row[6]),
        paused_seconds=stored_seconds(row[7]),
        steps_done=stored_count(row[8]),
        steps_total=stored_count(row[9]),
        steps=steps,
        steps_skipped=stored_count(row[10]),
        steps_stopped=stored_count(row[11]),
        uid=str(row[12] or ""),
    )


def step_from_row(row: Sequence[Any]) -> StepRow:
    """Return a step from a row of :data:`STEP_COLUMNS` (numbers read as ``stored_*``)."""
    seq, index, kind, label, side, set_number, planned, actual, status, attempt = row
    return StepRow(
        seq,
        stored_count(index),
        kind,
        label,
        side,
        stored_count(set_number),
        None if planned is None else stored_seconds(planned),
        stored_seconds(actual),
        str(status),
        stored_count(attempt),
    )
