"""Helpers shared by the history tests: a small plan and a seeded history."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from stretchtimer.history.store import HistoryStore
from stretchtimer.routines.model import HoldStep, Routine
from stretchtimer.session.events import SegmentRecord, StepStatus
from stretchtimer.session.plan import Plan, build_plan

TZ = timezone(timedelta(hours=2))
TODAY = date(2024, 5, 15)  # a Wednesday


def calf_plan() -> Plan:
    """Return a 4-segment plan: prepare, hold left, switch, hold right."""
    routine = Routine(
        "calves",
        "Calf stretch",
        (HoldStep("Wall calf stretch", 3.0, sides=("left", "right"), switch=1.0),),
        prepare=2.0,
    )
    return build_plan(routine)


def step(
    index: int,
    label: str = "Wall calf stretch",
    *,
    side: str | None = "left",
    planned: float | None = 60.0,
    actual: float = 60.0,
    skipped: bool = False,
) -> SegmentRecord:
    """Return a segment record."""
    return SegmentRecord(
        index,
        "hold",
        label,
        side,
        1,
        planned,
        actual,
        StepStatus.SKIPPED if skipped else StepStatus.DONE,
    )


def at(day: date, hour: int = 8, minute: int = 0) -> datetime:
    """Return a local time (fixed +02:00 offset) on ``day``."""
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=TZ)


def add_session(
    store: HistoryStore,
    routine: tuple[str, str],
    start: datetime,
    *,
    status: str = "completed",
    steps: int = 4,
    skipped: int = 0,
    paused: float = 0.0,
) -> int:
    """Write one finished session through the store's public API; return its id."""
    sid = store.start_session(routine[0], routine[1], steps + 1, start)
    active = 0.0
    for i in range(steps):
        is_skipped = i < skipped
        actual = 20.0 if is_skipped else 60.0
        active += actual
        store.add_step(
            sid,
            step(i, side=("left", "right")[i % 2], actual=actual, skipped=is_skipped),
            start + timedelta(seconds=active),
        )
    store.finish_session(sid, status, active, paused, start + timedelta(seconds=active + paused))
    return sid


LEGS = ("leg-cramps", "Leg cramp prevention")
MORNING = ("morning", "Morning mobility")


def seed_history(path: Path, today: date = TODAY) -> HistoryStore:
    """Fill a history ending on ``today`` (16 sessions; dates below for the default).

    A current streak of 4 days (May 12-15), a longest of 6 (Apr 25-30), a day with only a
    stopped session (May 10), one with only an interrupted one (May 11), two completed
    sessions on Apr 28, a stopped one today, and two older sessions.
    """

    def on(days_ago: int, hour: int, minute: int = 0) -> datetime:
        return at(today - timedelta(days=days_ago), hour, minute)

    plan: list[tuple[datetime, tuple[str, str], dict[str, Any]]] = [
        *((on(n, 21, 5), LEGS, {}) for n in range(4)),  # May 12..15: current streak of 4
        (on(0, 7, 30), MORNING, {"status": "stopped", "steps": 2}),
        *((on(n, 7, 15), MORNING, {"skipped": 1}) for n in range(15, 21)),  # Apr 25..30: 6
        (on(17, 22, 0), LEGS, {}),  # a second session on Apr 28
        (on(5, 21, 0), LEGS, {"status": "stopped"}),  # May 10: only stopped
        (on(4, 21, 0), LEGS, {"status": "interrupted", "steps": 1}),  # May 11
        (on(60, 20, 0), LEGS, {}),  # March
        (on(200, 20, 0), LEGS, {}),  # outside the heatmap
    ]
    store = HistoryStore(path)
    for start, routine, extra in sorted(plan, key=lambda item: item[0]):  # ids follow time
        add_session(store, routine, start, **extra)
    return store
