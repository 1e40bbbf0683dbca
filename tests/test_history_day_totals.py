"""The day totals kept by triggers always equal the sums over the sessions themselves."""

from __future__ import annotations

import random
import sqlite3
from datetime import date, timedelta
from pathlib import Path

from history_support import LEGS, MORNING, TODAY, add_session, at, seed_history
from stretchtimer.history import schema
from stretchtimer.history.db import statements
from stretchtimer.history.store import HistoryStore

FROM_SESSIONS = (
    "SELECT substr(started_at, 1, 10), routine_id, count(*), sum(status = 'completed'),"
    " sum(active_seconds) FROM sessions GROUP BY 1, 2 ORDER BY 1, 2"
)
FROM_TOTALS = (
    "SELECT day, routine_id, sessions, completed, active_seconds FROM day_totals ORDER BY 1, 2"
)


def day_totals_migration() -> int:
    """The index of the migration that adds the day totals (never a hard-coded number)."""
    return next(i for i, m in enumerate(schema.MIGRATIONS) if "CREATE TABLE day_totals" in m)


def both(path: Path) -> tuple[list[tuple[object, ...]], list[tuple[object, ...]]]:
    db = sqlite3.connect(path)
    try:
        return db.execute(FROM_SESSIONS).fetchall(), db.execute(FROM_TOTALS).fetchall()
    finally:
        db.close()


def test_a_trigger_body_stays_one_statement() -> None:
    script = (
        "CREATE TABLE t (a); CREATE TRIGGER x AFTER INSERT ON t BEGIN "
        "UPDATE t SET a = 1; DELETE FROM t WHERE a = 2; END; SELECT 1;"
    )
    assert statements(script) == [
        "CREATE TABLE t (a);",
        "CREATE TRIGGER x AFTER INSERT ON t BEGIN UPDATE t SET a = 1; DELETE FROM t WHERE a = 2;"
        " END;",
        "SELECT 1;",
    ]


def test_totals_follow_every_write(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    store = seed_history(path, TODAY)
    sid = store.start_session(LEGS[0], LEGS[1], 3, at(TODAY, 22))  # running, then steps
    sessions, totals = both(path)
    assert totals == sessions and totals
    add_session(store, MORNING, at(TODAY, 23), steps=3, skipped=1)
    store.finish_session(sid, "completed", 42.5, 0.0, at(TODAY, 22, 30))
    store.close()
    rng = random.Random(7)
    db = sqlite3.connect(path)
    with db:  # every kind of change a session row can see, the diary's import included
        ids = [r[0] for r in db.execute("SELECT id FROM sessions")]
        for sid in rng.sample(ids, 4):
            db.execute("UPDATE sessions SET status = 'stopped' WHERE id = ?", (sid,))
        for sid in rng.sample(ids, 3):
            db.execute(
                "UPDATE sessions SET started_at = ?, routine_id = 'moved' WHERE id = ?",
                ((date(2024, 1, 2).isoformat() + "T08:00:00+02:00"), sid),
            )
        db.execute("DELETE FROM sessions WHERE id = ?", (ids[0],))
        db.execute("UPDATE sessions SET active_seconds = active_seconds + 0.25")
    db.close()
    sessions, totals = both(path)
    assert totals == sessions
    db = sqlite3.connect(path)
    with db:
        db.execute("DELETE FROM sessions")
    db.close()
    assert both(path) == ([], [])  # no rows of zero sessions are left behind


def test_the_migration_fills_the_totals_of_an_existing_history(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    before = day_totals_migration()
    db = sqlite3.connect(path, isolation_level=None)
    for migration in schema.MIGRATIONS[:before]:
        for statement in statements(migration):
            db.execute(statement)
    db.execute(f"PRAGMA user_version = {before}")
    start = at(TODAY - timedelta(days=3), 7)
    for n in range(30):
        db.execute(
            "INSERT INTO sessions (routine_id, routine_name, started_at, updated_at, status,"
            " active_seconds, steps_total) VALUES (?, ?, ?, ?, ?, ?, 3)",
            (
                ("a", "b", "c")[n % 3],
                "Name",
                (start + timedelta(hours=n * 5)).isoformat(),
                start.isoformat(),
                ("completed", "stopped")[n % 4 == 0],
                10.0 * n,
            ),
        )
    db.close()
    store = HistoryStore(path)
    counts = store.completed_counts()
    routines = store.routine_totals()
    store.close()
    sessions, totals = both(path)
    assert totals == sessions and len(totals) > 5
    assert sum(counts.values()) == 22  # 30 sessions, every fourth one stopped
    assert sum(r.sessions for r in routines) == 30
