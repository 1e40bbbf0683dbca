"""A history damaged past its first pages is moved aside when SQLite first reports it.

Real SQLite files: a seeded history is checkpointed into its main file, then the root page of
one table is overwritten, so the file still opens and only a later read or write finds the
damage (``database disk image is malformed``).
"""

from __future__ import annotations

import sqlite3
from datetime import datetime
from pathlib import Path

import pytest

from history_support import LEGS, add_session, at, seed_history, step
from stretchtimer.history import pending
from stretchtimer.history.db import is_corrupt
from stretchtimer.history.store import HistoryStore, HistoryUnavailable
from test_history_busy import Lock, _pending_session, recorder_for, run_session


def wreck_table(path: Path, table: str) -> None:
    """Overwrite the root page of ``table`` in the closed history at ``path``."""
    db = sqlite3.connect(path)
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    page_size = db.execute("PRAGMA page_size").fetchone()[0]
    (root,) = db.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", (table,)).fetchone()
    db.close()
    with open(path, "r+b") as f:
        f.seek((root - 1) * page_size)
        f.write(b"\xde\xad" * (page_size // 2))


def moved_aside(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.name.startswith("history.sqlite3.corrupt-"))


@pytest.fixture
def damaged(tmp_path: Path) -> Path:
    """A seeded history whose ``steps`` table is damaged; it still opens."""
    path = tmp_path / "data" / "history.sqlite3"
    seed_history(path).close()
    wreck_table(path, "steps")
    store = HistoryStore(path)
    assert store.count() == 16  # opens and reads sessions: the damage is further in
    store.close()
    return path


def test_a_session_written_to_a_damaged_history_goes_to_a_fresh_one(damaged: Path) -> None:
    notices: list[str] = []
    recorder = recorder_for(damaged, notices)
    run_session(recorder)
    assert recorder.close(5)  # the whole session is in the fresh history
    assert recorder.pending_file is None

    aside = moved_aside(damaged.parent)[0]
    assert any(str(aside) in n and "malformed" in n for n in notices), notices
    with HistoryStore(damaged) as store:
        (session,) = store.sessions(with_steps=True)
        assert session.status == "completed"
        assert [s.status for s in session.steps] == ["done"] * 4
    assert sqlite3.connect(aside).execute("SELECT count(*) FROM sessions").fetchone()[0] >= 16


def test_a_read_that_finds_the_damage_moves_the_file_aside(damaged: Path) -> None:
    store = HistoryStore(damaged)
    assert store.steps(1) == []  # read from the fresh history
    (aside, *_) = moved_aside(damaged.parent)
    assert store.notice is not None and f"It was moved to {aside}" in store.notice
    assert "new history was started" in store.notice
    add_session(store, LEGS, at(datetime.now().date()))
    assert store.count() == 1
    store.close()


def test_a_damaged_write_says_the_file_was_moved_and_nothing_was_saved(damaged: Path) -> None:
    store = HistoryStore(damaged)
    sid = store.start_session("a", "A", 1, datetime.now())  # the sessions table is sound
    with pytest.raises(HistoryUnavailable) as info:
        store.add_step(sid, step(0))
    (aside, *_) = moved_aside(damaged.parent)
    assert f"It was moved to {aside}" in info.value.message
    assert "Nothing was saved this time: try again." in info.value.message
    assert "writable" not in info.value.message
    assert store.notice is None  # told once, by the error
    assert store.generation == 1
    assert store.count() == 0  # the fresh history
    store.close()


def test_pending_sessions_are_merged_into_the_fresh_history(damaged: Path) -> None:
    for hour in (7, 8):
        pending.save(damaged, _pending_session(at(datetime.now().date(), hour)))
    store = HistoryStore(damaged)
    assert store.count() == 2  # the merge found the damage, moved it aside, merged again
    assert pending.files(damaged) == []
    assert len(moved_aside(damaged.parent)) == 3  # the file with its -wal and -shm
    assert store.notice is not None
    assert "moved to" in store.notice and "2 sessions saved while the history" in store.notice
    store.close()


def test_a_busy_history_is_never_taken_for_damaged(tmp_path: Path) -> None:
    path = tmp_path / "data" / "history.sqlite3"
    seed_history(path).close()
    store = HistoryStore(path, busy_timeout=0.05)
    with Lock(path), pytest.raises(HistoryUnavailable) as info:
        store.start_session("a", "A", 1, datetime.now())
    assert info.value.busy
    assert moved_aside(path.parent) == []
    assert store.count() == 16
    store.close()


def test_only_corruption_codes_count_as_damage() -> None:
    def error(code: int, text: str) -> sqlite3.DatabaseError:
        exc = sqlite3.DatabaseError(text)
        exc.sqlite_errorcode = code
        return exc

    assert is_corrupt(error(11, "database disk image is malformed"))
    assert is_corrupt(error(26, "file is not a database"))
    assert is_corrupt(sqlite3.DatabaseError("database disk image is malformed"))  # no code
    for code, text in [(5, "database is locked"), (13, "database or disk is full")]:
        assert not is_corrupt(error(code, text))
    assert not is_corrupt(error(10, "disk I/O error"))
    assert not is_corrupt(error(1, "malformed JSON"))  # a code that is not damage wins


def test_a_session_follows_the_history_another_store_set_aside(tmp_path: Path) -> None:
    import time

    from stretchtimer.history.db import quarantine
    from stretchtimer.session.clock import FakeClock
    from stretchtimer.session.engine import SessionEngine
    from test_history_busy import calf_plan

    path = tmp_path / "data" / "history.sqlite3"
    seed_history(path).close()
    notices: list[str] = []
    recorder = recorder_for(path, notices)
    clock = FakeClock()
    engine = SessionEngine(calf_plan(), clock)
    for event in engine.start():
        recorder(event)
    for _ in range(500):  # its start is written in this history
        if recorder.session_id is not None:
            break
        time.sleep(0.01)
    assert recorder.session_id is not None
    # another stretchtimer found the file damaged, set it aside and started a fresh history
    aside = quarantine(path)
    HistoryStore(path).open()
    clock.advance(100)
    for event in engine.poll():
        recorder(event)
    assert recorder.close(5)
    with HistoryStore(path) as store:  # the whole session is in the fresh history, not lost
        (session,) = store.sessions(with_steps=True)
        assert session.status == "completed"
        assert [s.status for s in session.steps] == ["done"] * 4
    assert any("set aside" in n for n in notices), notices
    assert sqlite3.connect(aside).execute("SELECT count(*) FROM sessions").fetchone()[0] == 17
