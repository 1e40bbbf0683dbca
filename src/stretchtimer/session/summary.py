"""The one account of what a session did: exercises done, skipped and stopped, times, status.

Every place that reports a session (the done screen, the plain runner's last line, the history
rows and the export) counts with these functions, so they cannot disagree.

The rules:

- Only exercises count: hold and reps segments, each per side and set. Get-ready, switches
  and rests are recorded but not counted.
- A segment can be passed through more than once (after "back"). It counts as **done** when
  any pass ran to its end; otherwise as **stopped** when its last pass was cut short by Stop;
  otherwise as **skipped**. Segments never reached count as nothing.
- A session that reached its end with no exercise done (everything skipped) is ``stopped``:
  skipping through a routine does not count as doing it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from stretchtimer.session.events import SegmentRecord, SessionRecord, SessionStatus, StepStatus

WORK_KINDS = frozenset({"hold", "reps"})
"""The segment kinds that are exercises (the values of ``SegmentKind.HOLD`` and ``REPS``)."""


@dataclass(frozen=True, slots=True)
class Outcomes:
    """How many exercises ended each way.

    Attributes:
        done: exercises with a pass that ran to its end.
        skipped: exercises left before their end and never done.
        stopped: the exercise the session was stopped in (0 or 1), if it was never done.
    """

    done: int = 0
    skipped: int = 0
    stopped: int = 0


@dataclass(frozen=True, slots=True)
class SessionSummary:
    """What a session did, as every report of it says.

    Attributes:
        status: how it ended (``completed`` only when at least one exercise was done).
        exercises: how many exercises the plan has.
        done: exercises done.
        skipped: exercises skipped.
        stopped: exercises cut short by Stop.
        active_seconds: active time, paused time excluded.
        paused_seconds: time spent paused.
    """

    status: SessionStatus
    exercises: int
    done: int
    skipped: int
    stopped: int
    active_seconds: float
    paused_seconds: float


def is_exercise(record: SegmentRecord) -> bool:
    """Return True when a record is of an exercise (hold or reps), not a rest or switch."""
    return record.kind in WORK_KINDS


def final_passes(records: Iterable[SegmentRecord]) -> list[SegmentRecord]:
    """Return one record per exercise reached, in plan order: the pass that decides its outcome.

    That is the last pass that ran to its end, or when none did, the last pass.

    Args:
        records: the records of a session, in the order they ended.
    """
    final: dict[int, SegmentRecord] = {}
    for rec in records:
        if not is_exercise(rec):
            continue
        kept = final.get(rec.index)
        if kept is None or kept.status is not StepStatus.DONE or rec.status is StepStatus.DONE:
            final[rec.index] = rec
    return [final[index] for index in sorted(final)]


def outcomes(records: Iterable[SegmentRecord]) -> Outcomes:
    """Count the exercises done, skipped and stopped among a session's records.

    Args:
        records: the records of a session, in the order they ended.
    """
    done = skipped = stopped = 0
    for rec in final_passes(records):
        if rec.status is StepStatus.DONE:
            done += 1
        elif rec.status is StepStatus.STOPPED:
            stopped += 1
        else:
            skipped += 1
    return Outcomes(done, skipped, stopped)


def final_status(status: SessionStatus, done: int, exercises: int) -> SessionStatus:
    """Return the status a session is reported with.

    Args:
        status: how the engine ended it.
        done: exercises done.
        exercises: exercises in the plan.
    """
    if status is SessionStatus.COMPLETED and exercises > 0 and done == 0:
        return SessionStatus.STOPPED
    return status


def summarize(record: SessionRecord, exercises: int) -> SessionSummary:
    """Return the summary of a session.

    Args:
        record: what the session did.
        exercises: how many exercises its plan has (``Plan.work_segments``).
    """
    counted = outcomes(record.segments)
    return SessionSummary(
        status=final_status(record.status, counted.done, exercises),
        exercises=exercises,
        done=counted.done,
        skipped=counted.skipped,
        stopped=counted.stopped,
        active_seconds=record.active_seconds,
        paused_seconds=record.paused_seconds,
    )


def _exercises(count: int) -> str:
    return f"{count} exercise" if count == 1 else f"{count} exercises"


def counts_text(summary: SessionSummary) -> str:
    """Return the counts in one phrase: ``3 of 4 exercises done, 1 skipped, 0 stopped``.

    Args:
        summary: the session's summary.
    """
    return (
        f"{summary.done} of {_exercises(summary.exercises)} done, "
        f"{summary.skipped} skipped, {summary.stopped} stopped"
    )
