"""The SQLite history store, on real files in a temporary folder."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import threading
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from history_support import LEGS, MORNING, TZ, add_session, at, seed_history, step
from stretchtimer.history import owner, schema
from stretchtimer.history.store import HistoryStore, HistoryUnavailable

V1_SCHEMA = """
CREATE TABLE sessions (
    id INTEGER PRIMARY KEY, routine_id TEXT NOT NULL, routine_name TEXT NOT NULL,
    started_at TEXT NOT NULL, ended_at TEXT, updated_at TEXT NOT NULL, status TEXT NOT NULL,
    active_seconds REAL NOT NULL DEFAULT 0, steps_done INTEGER NOT NULL DEFAULT 0,
    steps_total INTEGER NOT NULL, owner_pid INTEGER, owner_mark TEXT
);
CREATE TABLE steps (
    session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    seq INTEGER NOT NULL, segment_index INTEGER NOT NULL, kind TEXT NOT NULL,
    label TEXT NOT NULL, side TEXT, set_number INTEGER NOT NULL, planned REAL,
    actual REAL NOT NULL, skipped INTEGER NOT NULL, PRIMARY KEY (session_id, seq)
) WITHOUT ROWID;
PRAGMA user_version = 1;
"""
"""The version 1 schema exactly as it shipped (a frozen copy: migrations must keep its data)."""


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "history.sqlite3"


def test_write_and_read_back(db_path: Path) -> None:
    store = HistoryStore(db_path)
    start = at(date(2024, 5, 15), 21, 5)
    sid = store.start_session("leg-cramps", "Leg cramp prevention", 5, start)
    assert store.sessions()[0].status == "running"
    store.add_step(sid, step(0, "Get ready", side=None, planned=5.0, actual=5.0))
    store.add_step(sid, step(1, actual=60.0))
    store.add_step(sid, step(2, side="right", actual=12.5, skipped=True))
    store.add_step(sid, step(1, actual=60.0))  # the same segment again (after "back")
    store.finish_session(sid, "completed", 140.0, 7.5, start + timedelta(minutes=3))

    [row] = store.sessions(with_steps=True)
    assert (row.id, row.routine_id, row.routine_name, row.status) == (
        sid,
        "leg-cramps",
        "Leg cramp prevention",
        "completed",
    )
    assert row.started_at == start and row.started_at.utcoffset() == timedelta(hours=2)
    assert row.ended_at == start + timedelta(minutes=3)
    assert (row.active_seconds, row.paused_seconds) == (140.0, 7.5)
    # one account (session.summary): segment 1 run twice counts once; segment 2 was skipped
    assert (row.steps_done, row.steps_total, row.steps_skipped, row.steps_stopped) == (2, 5, 1, 0)
    assert [(s.seq, s.segment_index, s.label, s.side, s.skipped) for s in row.steps] == [
        (1, 0, "Get ready", None, False),
        (2, 1, "Wall calf stretch", "left", False),
        (3, 2, "Wall calf stretch", "right", True),
        (4, 1, "Wall calf stretch", "left", False),
    ]
    assert store.steps(sid) == list(row.steps)
    assert store.session(sid) == row
    assert store.session(sid + 1) is None
    store.close()


def test_connection_settings(db_path: Path) -> None:
    with HistoryStore(db_path) as store:
        store.open()
    db = sqlite3.connect(db_path)
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA user_version").fetchone()[0] == schema.SCHEMA_VERSION
    db.close()


def test_nothing_is_created_until_the_first_write(db_path: Path) -> None:
    store = HistoryStore(db_path)
    assert store.sessions() == [] and store.day_totals() == [] and store.count() == 0
    assert list(store.export()) == [] and store.days_completed() == []
    assert not db_path.parent.exists()
    store.start_session("a", "A", 1, datetime.now())
    assert db_path.exists()
    store.close()


def test_importing_creates_no_folder(tmp_path: Path) -> None:
    data = tmp_path / "never"
    code = (
        "import stretchtimer.history.store, stretchtimer.history.recorder, "
        "stretchtimer.commands.history, stretchtimer.cli"
    )
    env = {**os.environ, "STRETCHTIMER_DATA_DIR": str(data)}
    subprocess.run([sys.executable, "-c", code], env=env, check=True)
    assert not data.exists()


def test_filters_and_order(db_path: Path) -> None:
    store = seed_history(db_path)
    all_rows = store.sessions()
    assert len(all_rows) == store.count() == 16
    assert [r.id for r in all_rows] == sorted((r.id for r in all_rows), reverse=True)
    since = store.sessions(since=date(2024, 5, 12))
    assert {r.started_at.date() for r in since} == {date(2024, 5, d) for d in (12, 13, 14, 15)}
    assert {r.routine_id for r in store.sessions(routine="morning")} == {"morning"}
    assert len(store.sessions(limit=3)) == 3
    exported = list(store.export(routine="leg-cramps"))
    assert [r.id for r in exported] == sorted(r.id for r in exported)
    assert all(len(r.steps) in (1, 4) for r in exported)
    assert [r.id for r in store.export(limit=2)] == sorted(r.id for r in all_rows[:2])
    store.close()


def test_sql_day_totals_match_the_pure_function(db_path: Path) -> None:
    from stretchtimer.history import stats

    store = seed_history(db_path)
    summaries = [
        stats.SessionSummary(r.started_at, r.status, r.active_seconds, r.routine_id, r.routine_name)
        for r in store.sessions()
    ]
    assert store.day_totals() == stats.day_totals(summaries)
    assert store.completed_counts() == stats.completed_counts(stats.day_totals(summaries))
    assert store.days_completed() == sorted(stats.completed_counts(store.day_totals()))
    assert store.routine_totals() == stats.routine_totals(stats.day_totals(summaries))
    since = date(2024, 5, 1)
    recent = [s for s in summaries if s.started_at.date() >= since]
    assert store.routine_totals(since) == stats.routine_totals(stats.day_totals(recent))
    morning = [s for s in summaries if s.routine_id == "morning"]
    assert store.completed_counts(routine="morning") == stats.completed_counts(
        stats.day_totals(morning)
    )
    store.close()


def test_migration_from_v1_keeps_the_data(db_path: Path) -> None:
    db_path.parent.mkdir(parents=True)
    old = sqlite3.connect(db_path)
    old.executescript(V1_SCHEMA)
    old.execute(
        "INSERT INTO sessions VALUES (7, 'leg-cramps', 'Leg cramps', '2024-05-01T21:00:00+02:00',"
        " '2024-05-01T21:05:00+02:00', '2024-05-01T21:05:00+02:00', 'completed', 300, 2, 3,"
        " 1, 'x|y|z')"
    )
    old.execute("INSERT INTO steps VALUES (7, 1, 0, 'hold', 'Calf', 'left', 1, 60, 60, 0)")
    old.execute("INSERT INTO steps VALUES (7, 2, 1, 'hold', 'Calf', 'right', 1, 60, 59, 0)")
    old.commit()
    old.close()

    store = HistoryStore(db_path)
    [row] = store.sessions(with_steps=True)
    assert (row.id, row.status, row.active_seconds, row.paused_seconds) == (
        7,
        "completed",
        300.0,
        0.0,
    )
    assert [s.side for s in row.steps] == ["left", "right"]
    add_session(store, LEGS, at(date(2024, 5, 2)), paused=4.0)
    assert store.sessions(limit=1)[0].paused_seconds == 4.0
    store.close()
    db = sqlite3.connect(db_path)
    assert db.execute("PRAGMA user_version").fetchone()[0] == schema.SCHEMA_VERSION
    indexes = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='index'")}
    assert {"sessions_day", "sessions_done_day", "sessions_routine"} <= indexes
    db.close()


def test_migration_to_step_outcomes_keeps_every_row_and_its_meaning(db_path: Path) -> None:
    db_path.parent.mkdir(parents=True)
    old = sqlite3.connect(db_path)
    old.executescript(V1_SCHEMA)
    old.executescript(schema.MIGRATIONS[1])
    old.execute("PRAGMA user_version = 2")
    old.execute(
        "INSERT INTO sessions VALUES (7, 'legs', 'Legs', '2024-05-01T21:00:00+02:00',"
        " '2024-05-01T21:05:00+02:00', '2024-05-01T21:05:00+02:00', 'stopped', 130, 1, 3,"
        " 1, 'x|y|z', 4.5)"
    )
    rows = [
        (1, 0, "prepare", "Get ready", None, 5, 5, 0),
        (2, 1, "hold", "Calf", "left", 60, 60, 0),
        (3, 2, "switch", "Switch sides", "right", 5, 5, 0),
        (4, 3, "hold", "Calf", "right", 60, 20, 1),  # skipped...
        (5, 3, "hold", "Calf", "right", 60, 30, 1),  # ...again (an old "back" + stop)
        (6, 4, "hold", "Toe", None, 30, 10, 1),
    ]
    for seq, index, kind, label, side, planned, actual, skipped in rows:
        old.execute(
            "INSERT INTO steps VALUES (7, ?, ?, ?, ?, ?, 1, ?, ?, ?)",
            (seq, index, kind, label, side, planned, actual, skipped),
        )
    old.commit()
    old.close()

    [row] = HistoryStore(db_path).sessions(with_steps=True)
    assert (row.status, row.steps_done, row.steps_total, row.paused_seconds) == (
        "stopped",
        1,
        3,
        4.5,
    )
    assert (row.steps_skipped, row.steps_stopped) == (2, 0)  # old rows knew no "stopped"
    assert [(s.seq, s.status, s.attempt) for s in row.steps] == [
        (1, "done", 1),
        (2, "done", 1),
        (3, "done", 1),
        (4, "skipped", 1),
        (5, "skipped", 2),
        (6, "skipped", 1),
    ]
    assert [s.actual for s in row.steps] == [5, 60, 5, 20, 30, 10]


def test_newer_schema_is_refused_and_left_alone(db_path: Path) -> None:
    db_path.parent.mkdir(parents=True)
    db = sqlite3.connect(db_path)
    db.execute("PRAGMA user_version = 99")
    db.close()
    before = db_path.read_bytes()
    with pytest.raises(HistoryUnavailable, match="newer stretchtimer"):
        HistoryStore(db_path).sessions()
    assert db_path.read_bytes() == before


def _quarantined(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if ".corrupt-" in p.name)


def test_non_sqlite_file_is_moved_aside_with_its_side_files(db_path: Path) -> None:
    db_path.parent.mkdir(parents=True)
    db_path.write_bytes(b"this is not a database at all" * 100)
    Path(f"{db_path}-wal").write_bytes(b"junk wal")
    Path(f"{db_path}-shm").write_bytes(b"junk shm")

    store = HistoryStore(db_path)
    assert store.sessions() == []
    moved = _quarantined(db_path.parent)
    assert [
        p.name.rsplit("-", 1)[-1] if p.name.endswith(("-wal", "-shm")) else "db" for p in moved
    ] == ["db", "shm", "wal"]
    main = moved[0]
    assert main.name.startswith("history.sqlite3.corrupt-")
    assert main.read_bytes() == b"this is not a database at all" * 100
    assert Path(f"{main}-wal").read_bytes() == b"junk wal"
    assert store.notice is not None and str(main) in store.notice
    add_session(store, LEGS, at(date(2024, 5, 1)))  # the fresh history works
    assert store.count() == 1
    store.close()


def test_damaged_database_is_moved_aside(db_path: Path) -> None:
    store = seed_history(db_path)
    store.close()
    with open(db_path, "r+b") as f:  # wreck the schema page (page 1 after the header)
        f.seek(100)
        f.write(b"\xff" * 3000)
    store = HistoryStore(db_path)
    assert store.count() == 0
    assert len(_quarantined(db_path.parent)) >= 1
    assert store.notice and "moved to" in store.notice
    store.close()


def test_unwritable_folder_gives_a_clear_message(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("a file where the data folder should be")
    store = HistoryStore(blocker / "data" / "history.sqlite3")
    with pytest.raises(HistoryUnavailable) as info:
        store.start_session("a", "A", 1, datetime.now())
    assert str(blocker / "data" / "history.sqlite3") in info.value.message
    assert "not recorded" in info.value.message


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores folder permissions")
def test_read_only_folder_gives_a_clear_message(tmp_path: Path) -> None:  # pragma: no cover
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        with pytest.raises(HistoryUnavailable):
            HistoryStore(folder / "history.sqlite3").start_session("a", "A", 1, datetime.now())
    finally:
        folder.chmod(0o700)


WRITER = textwrap.dedent("""
    import sys, time
    from datetime import datetime
    from pathlib import Path
    from stretchtimer.history.store import HistoryStore
    from stretchtimer.session.events import SegmentRecord
    path, name, go = Path(sys.argv[1]), sys.argv[2], Path(sys.argv[3])
    while not go.exists():
        time.sleep(0.001)
    store = HistoryStore(path)
    for n in range(40):
        sid = store.start_session(name, name, 5, datetime.now())
        for i in range(5):
            store.add_step(sid, SegmentRecord(i, "hold", "x", None, 1, 1.0, 1.0))
        store.finish_session(sid, "completed", 5.0, 0.0)
    store.close()
""")


def test_two_processes_writing_at_once_both_succeed(db_path: Path, tmp_path: Path) -> None:
    script = tmp_path / "writer.py"
    script.write_text(WRITER)
    go = tmp_path / "go"
    procs = [
        subprocess.Popen(
            [sys.executable, str(script), str(db_path), name, str(go)],
            stderr=subprocess.PIPE,
            text=True,
        )
        for name in ("one", "two")
    ]
    go.touch()
    for proc in procs:
        _, err = proc.communicate(timeout=60)
        assert proc.returncode == 0, err
    store = HistoryStore(db_path)
    assert store.count(routine="one") == store.count(routine="two") == 40
    assert all(len(s.steps) == 5 for s in store.export())
    store.close()


def test_two_stores_in_two_threads(db_path: Path) -> None:
    errors: list[BaseException] = []

    def write(name: str) -> None:
        try:
            store = HistoryStore(db_path)
            for _ in range(30):
                add_session(store, (name, name), datetime.now(TZ))
            store.close()
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=write, args=(n,)) for n in ("a", "b")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert HistoryStore(db_path).count() == 60


CRASHER = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    from history_support import calf_plan
    from stretchtimer.history.recorder import HistoryRecorder
    from stretchtimer.history.store import HistoryStore
    from stretchtimer.session.clock import FakeClock
    from stretchtimer.session.engine import SessionEngine
    clock = FakeClock()
    plan = calf_plan()
    engine = SessionEngine(plan, clock)
    recorder = HistoryRecorder.for_plan(plan, HistoryStore(Path(sys.argv[1])))
    recorder.begin()
    for event in engine.start():
        recorder(event)
    clock.advance(5.5)  # prepare (2 s) and the left hold (3 s) end; the switch is running
    for event in engine.poll():
        recorder(event)
    assert recorder.flush(10)
    print("ready", flush=True)
    time.sleep(600)
""")


def _run_crasher(db_path: Path, tmp_path: Path) -> subprocess.Popen[str]:
    script = tmp_path / "crasher.py"
    script.write_text(CRASHER)
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parent)}
    proc = subprocess.Popen(
        [sys.executable, str(script), str(db_path)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    line = proc.stdout.readline()
    if line.strip() != "ready":  # pragma: no cover - shows why the child failed
        proc.kill()
        pytest.fail(proc.communicate()[1])
    return proc


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")
def test_crash_mid_session_leaves_an_interrupted_session_with_its_steps(
    db_path: Path, tmp_path: Path
) -> None:
    proc = _run_crasher(db_path, tmp_path)
    try:
        # While the process lives, another instance must not take its session for dead.
        alive = HistoryStore(db_path)
        [row] = alive.sessions()
        assert row.status == "running"
        alive.close()
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.communicate(timeout=10)
    assert proc.returncode == -signal.SIGKILL

    store = HistoryStore(db_path)
    [row] = store.sessions(with_steps=True)
    assert row.status == "interrupted"
    assert [(s.kind, s.side, s.actual) for s in row.steps] == [
        ("prepare", None, 2.0),
        ("hold", "left", 3.0),
    ]
    assert row.active_seconds == 5.0 and row.steps_done == 1 and row.steps_total == 2
    assert row.ended_at is not None and row.ended_at >= row.started_at
    store.close()


def test_running_sessions_judged_by_their_owner(db_path: Path) -> None:
    store = HistoryStore(db_path)
    mine = store.start_session("a", "A", 1, datetime.now())
    reused = store.start_session("b", "B", 1, datetime.now())
    elsewhere = store.start_session("c", "C", 1, datetime.now())
    host, boot, _start = owner.process_mark().split("|")
    db = sqlite3.connect(db_path)
    # Same pid but another start time: the pid was reused by a later process.
    db.execute("UPDATE sessions SET owner_mark = ? WHERE id = ?", (f"{host}|{boot}|1", reused))
    db.execute(
        "UPDATE sessions SET owner_mark = 'other-host|x|1', owner_pid = 999999999 WHERE id = ?",
        (elsewhere,),
    )
    db.commit()
    db.close()
    if not boot:  # pragma: no cover - no /proc: pid reuse cannot be told apart
        pytest.skip("no /proc on this platform")
    assert store.mark_interrupted() == 1
    status = {r.id: r.status for r in store.sessions()}
    assert status == {mine: "running", reused: "interrupted", elsewhere: "running"}
    store.close()


def test_seeded_statuses(db_path: Path) -> None:
    store = seed_history(db_path)
    statuses = [r.status for r in store.sessions()]
    assert statuses.count("completed") == 13 and statuses.count("stopped") == 2
    assert statuses.count("interrupted") == 1
    names = store.routine_names()
    assert names == {"leg-cramps": LEGS[1], "morning": MORNING[1]}
    store.close()


def test_streaks_shortcut(db_path: Path) -> None:
    from history_support import TODAY
    from stretchtimer.history.stats import Streaks

    assert HistoryStore(db_path).streaks(TODAY) == Streaks(False, 0, 0)
    store = seed_history(db_path)
    assert store.streaks(TODAY) == Streaks(True, 4, 6)
    assert store.streaks(TODAY + timedelta(days=1)) == Streaks(False, 4, 6)
    assert store.streaks(TODAY + timedelta(days=2)) == Streaks(False, 0, 6)
    store.close()
