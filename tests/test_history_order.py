"""Recent sessions are the newest by start time, not the last written: an import adds old ones."""

from __future__ import annotations

import json
import sqlite3
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from history_support import LEGS, MORNING, TODAY, add_session, at, seed_history
from stretchtimer import cli, locations
from stretchtimer.history import schema
from stretchtimer.history.store import SESSION_COLUMNS, HistoryStore

OLD_SESSION = {
    "uid": "0a6f7bd2-52a6-4b5b-9a0b-fc1e0f4c4e0e",
    "routine": "leg-cramps",
    "routine_name": "Leg cramp prevention",
    "started_at": "2020-03-01T08:00:00+01:00",
    "ended_at": "2020-03-01T08:05:00+01:00",
    "status": "completed",
    "active_seconds": 240.0,
    "paused_seconds": 0.0,
    "steps_done": 4,
    "steps_total": 5,
    "steps": [],
}


def history(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = cli.main(["history", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_sessions_are_newest_first_by_start_time(tmp_path: Path) -> None:
    with HistoryStore(tmp_path / "h.sqlite3") as store:
        late = add_session(store, LEGS, at(TODAY, 21))
        early = add_session(store, LEGS, at(TODAY - timedelta(days=400), 7))
        middle = add_session(store, MORNING, at(TODAY, 8))
        twin = add_session(store, MORNING, at(TODAY, 8))  # same moment: the later id first
        assert [s.id for s in store.sessions()] == [late, twin, middle, early]
        assert [s.id for s in store.sessions(limit=2)] == [late, twin]
        assert [s.id for s in store.sessions(routine="leg-cramps", limit=1)] == [late]


def test_order_reads_the_utc_offset(tmp_path: Path) -> None:
    with HistoryStore(tmp_path / "h.sqlite3") as store:
        # 09:00 at +05:00 is 04:00 UTC, 08:00 at +02:00 is 06:00 UTC: the one at home is newer
        # and written first (neither the id nor the text of the times gives the order)
        home = add_session(store, LEGS, at(date(2024, 5, 1), 8))
        east = add_session(
            store, LEGS, datetime(2024, 5, 1, 9, tzinfo=timezone(timedelta(hours=5)))
        )
        assert [s.id for s in store.sessions()] == [home, east]


@pytest.mark.parametrize(
    ("since", "routine"), [(None, None), (date(2024, 1, 1), None), (None, "x"), (TODAY, "x")]
)
def test_recent_sessions_query_uses_an_index(
    tmp_path: Path, since: date | None, routine: str | None
) -> None:
    """The newest N of 100,000 sessions must not sort every row (benchmarks/bench_history.py)."""
    from stretchtimer.history.store import NEWEST_FIRST, _where

    with HistoryStore(tmp_path / "h.sqlite3") as store:
        store.open()
        where, params = _where(since, routine)
        db = sqlite3.connect(store.path)
        plan = db.execute(
            f"EXPLAIN QUERY PLAN SELECT {SESSION_COLUMNS} FROM sessions{where} "
            f"ORDER BY {NEWEST_FIRST} LIMIT 10",
            params,
        ).fetchall()
        db.close()
    text = " ".join(str(row[3]) for row in plan)
    assert "TEMP B-TREE" not in text and "sessions_" in text and "_started" in text


def test_a_history_of_the_previous_schema_gains_the_index(tmp_path: Path) -> None:
    path = tmp_path / "h.sqlite3"
    old = sqlite3.connect(path, isolation_level=None)
    for number, migration in enumerate(schema.MIGRATIONS[:5], start=1):
        old.executescript(migration)
        old.execute(f"PRAGMA user_version = {number}")
    old.close()
    with HistoryStore(path) as store:
        add_session(store, LEGS, at(TODAY))
    db = sqlite3.connect(path)
    names = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
    assert db.execute("PRAGMA user_version").fetchone()[0] == schema.SCHEMA_VERSION
    db.close()
    assert {"sessions_started", "sessions_routine_started"} <= names
    assert "sessions_latest" not in names  # no query orders by id any more


def test_the_migration_zeroes_impossible_times_and_counts_the_days_again(
    tmp_path: Path,
) -> None:
    # an older version's import let infinity and negative times in; summed into the day's
    # total, one of them hid every other session of that day
    path = tmp_path / "h.sqlite3"
    old = sqlite3.connect(path, isolation_level=None)
    for number, migration in enumerate(schema.MIGRATIONS[:5], start=1):
        old.executescript(migration)
        old.execute(f"PRAGMA user_version = {number}")
    insert = (
        "INSERT INTO sessions (routine_id, routine_name, started_at, updated_at, status,"
        " active_seconds, steps_total) VALUES ('legs', 'Legs', ?, ?, 'completed', ?, 1)"
    )
    day = "2024-05-01T08:00:00+02:00"
    for seconds in (120.0, float("inf"), -50.0, 60.0):
        old.execute(insert, (day, day, seconds))
    old.execute(
        "INSERT INTO steps (session_id, seq, segment_index, kind, label, set_number, planned,"
        " actual, skipped) VALUES (2, 0, 0, 'hold', 'Reach', 1, -1e999, 1e999, 0)"
    )
    old.close()
    with HistoryStore(path) as store:
        assert [t.active_seconds for t in store.day_totals()] == [180.0]
        assert sorted(s.active_seconds for s in store.sessions()) == [0.0, 0.0, 60.0, 120.0]
    db = sqlite3.connect(path)
    assert db.execute("SELECT planned, actual FROM steps").fetchall() == [(0.0, 0.0)]
    db.close()


def test_an_imported_old_session_is_not_the_most_recent(
    capsys: pytest.CaptureFixture[str], isolated_dirs: dict[str, Path], tmp_path: Path
) -> None:
    seed_history(locations.history_db()).close()
    file = tmp_path / "old.json"
    file.write_text(
        json.dumps({"stretchtimer_history": 1, "sessions": [OLD_SESSION], "cramps": []}),
        encoding="utf-8",
    )
    code, _, err = history(capsys, "import", str(file))
    assert code == 0, err
    _, out, _ = history(capsys, "--limit", "3")
    listed = out.split("Recent sessions (3 of 17):\n")[1].splitlines()[1:4]
    assert [line[:16] for line in listed] == [
        "2024-05-15 21:05",
        "2024-05-15 07:30",
        "2024-05-14 21:05",
    ]
    _, out, _ = history(capsys, "--limit", "1", "--json")
    [newest] = json.loads(out)["sessions"]
    assert newest["started_at"] == "2024-05-15T21:05:00+02:00"


def test_home_opens_on_the_routine_last_run_by_start_time(tmp_path: Path) -> None:
    from stretchtimer.history import peek

    path = tmp_path / "h.sqlite3"
    with HistoryStore(path) as store:
        add_session(store, MORNING, at(TODAY, 8))
        add_session(store, LEGS, at(TODAY, 21))
        # imported afterwards (new, higher ids): older sessions, one under the routine's old name
        add_session(store, (MORNING[0], "Old morning name"), at(TODAY - timedelta(days=400), 7))
        add_session(store, LEGS, at(TODAY - timedelta(days=300), 7))
        assert store.routine_names()["morning"] == MORNING[1]  # the name it has now
    db = peek.open_readonly(path)
    try:
        assert peek.activity(db, TODAY).last_run == LEGS[0]
        assert peek.routine_names(db) == {LEGS[0]: LEGS[1], MORNING[0]: MORNING[1]}  # status
    finally:
        assert db is not None
        db.close()


def test_home_says_when_a_routine_was_last_done_by_the_instant(tmp_path: Path) -> None:
    from stretchtimer.history import peek

    path = tmp_path / "h.sqlite3"
    with HistoryStore(path) as store:
        # 08:00 at +02:00 (06:00 UTC) came after 09:00 at +05:00 (04:00 UTC)
        add_session(store, LEGS, at(date(2024, 5, 1), 8))
        add_session(store, LEGS, datetime(2024, 5, 1, 9, tzinfo=timezone(timedelta(hours=5))))
        (home,) = [s.started_at for s in store.sessions() if s.started_at.hour == 8]
    db = peek.open_readonly(path)
    try:
        assert peek.activity(db, TODAY).last_done[LEGS[0]] == home.isoformat()
    finally:
        assert db is not None
        db.close()
