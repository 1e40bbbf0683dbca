"""A session is never lost while the history is busy or the disk is full.

Real SQLite files throughout: a second connection holding ``BEGIN EXCLUSIVE`` makes the history
busy, ``PRAGMA max_page_count`` makes the disk full for the recorder's connection.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import stat
import subprocess
import sys
import textwrap
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from history_support import TZ, calf_plan, step
from stretchtimer.history import pending
from stretchtimer.history.recorder import HistoryRecorder
from stretchtimer.history.store import HistoryStore, HistoryUnavailable
from stretchtimer.session.clock import FakeClock
from stretchtimer.session.engine import SessionEngine
from stretchtimer.session.events import (
    Event,
    SegmentEnded,
    SessionFinished,
    SessionRecord,
    SessionStatus,
)
from stretchtimer.session.plan import build_plan

FAST = (0.005, 0.02)  # retry pauses for the tests


class Lock:
    """A second connection to the history that holds its write lock while ``held``."""

    def __init__(self, path: Path) -> None:
        self.db = sqlite3.connect(path, isolation_level=None)

    def __enter__(self) -> Lock:
        self.db.execute("BEGIN EXCLUSIVE")
        return self

    def __exit__(self, *exc: object) -> None:
        self.db.execute("COMMIT")
        self.db.close()


def fresh_history(path: Path) -> None:
    store = HistoryStore(path)
    store.open()
    store.close()


def recorder_for(path: Path, notices: list[str] | None = None) -> HistoryRecorder:
    """Return a recorder of the calf plan with a short busy timeout and quick retries."""
    plan = calf_plan()
    return HistoryRecorder(
        HistoryStore(path, busy_timeout=0.01),
        plan.routine.id,
        plan.routine.name,
        plan.work_segments,
        retry_delays=FAST,
        on_notice=None if notices is None else notices.append,
    )


def run_session(recorder: HistoryRecorder) -> SessionRecord:
    clock = FakeClock()
    engine = SessionEngine(calf_plan(), clock)
    events: list[Event] = list(engine.start())
    clock.advance(100)
    events += engine.poll()
    for event in events:
        recorder(event)
    return engine.record


def planned_steps() -> list[tuple[str, str | None]]:
    return [(s.kind.value, s.side) for s in calf_plan().segments]


@pytest.fixture
def history(tmp_path: Path) -> Path:
    path = tmp_path / "data" / "history.sqlite3"
    fresh_history(path)
    return path


def test_busy_history_keeps_the_session_and_writes_it_when_free(history: Path) -> None:
    notices: list[str] = []
    recorder = recorder_for(history, notices)
    with Lock(history):
        run_session(recorder)
        assert not recorder.flush(0.1)  # still locked: nothing could be written
        assert HistoryStore(history).count() == 0
    assert recorder.flush(10)
    assert recorder.close(10)
    [row] = HistoryStore(history).sessions(with_steps=True)
    assert row.status == "completed"
    assert [(s.seq, s.kind, s.side) for s in row.steps] == [
        (n, kind, side) for n, (kind, side) in enumerate(planned_steps(), 1)
    ]
    assert len(notices) == 1 and "database is locked" in notices[0]
    assert "kept and recorded as soon as it can be" in notices[0]
    assert pending.files(history) == []


def test_busy_at_close_saves_a_private_pending_file(history: Path) -> None:
    notices: list[str] = []
    recorder = recorder_for(history, notices)
    old = os.umask(0)
    try:
        with Lock(history):
            run_session(recorder)
            assert not recorder.close(0.05)
            saved = recorder.pending_file
            assert saved is not None and pending.files(history) == [saved]
            assert stat.S_IMODE(saved.stat().st_mode) == 0o600
            data = json.loads(saved.read_text())
            assert data["routine_id"] == "calves" and data["finish"]["status"] == "completed"
            assert [s["seq"] for s in data["steps"]] == [1, 2, 3, 4]
            assert str(saved) in notices[-1] and "next time" in notices[-1]
    finally:
        os.umask(old)
    # the process lives on: the writer keeps trying, writes it all and drops the pending file
    assert recorder.flush(10)
    assert pending.files(history) == []
    [row] = HistoryStore(history).sessions(with_steps=True)
    assert (row.status, len(row.steps)) == ("completed", 4)


SCRIPT = """
import sys
from pathlib import Path
sys.path.insert(0, {tests!r})
from test_history_busy import recorder_for, run_session
recorder = recorder_for(Path(sys.argv[1]))
run_session(recorder)
print(recorder.close(0.1), recorder.pending_file)
"""


def test_session_of_a_process_that_exits_while_busy_is_merged_at_next_start(history: Path) -> None:
    script = SCRIPT.format(tests=str(Path(__file__).parent))
    with Lock(history):
        result = subprocess.run(
            [sys.executable, "-c", textwrap.dedent(script), str(history)],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
    assert result.returncode == 0, result.stderr
    done, saved = result.stdout.split()
    assert done == "False" and Path(saved).exists()
    store = HistoryStore(history)
    [row] = store.sessions(with_steps=True)  # the next start merges it in
    notice = store.notice or ""
    assert "1 session saved while the history could not be written was added" in notice
    assert row.status == "completed" and row.steps_done == 2
    assert [s.seq for s in row.steps] == [1, 2, 3, 4]
    assert not Path(saved).exists()


def _pending_session(started: datetime) -> pending.PendingSession:
    session = pending.PendingSession("calves", "Calf stretch", 2, started, 999_999, "h|b|1")
    for n in range(1, 4):
        session.steps.append(
            pending.PendingStep(n, started + timedelta(seconds=60 * n), step(n - 1, f"step {n}"))
        )
    session.finish = pending.PendingFinish(
        SessionStatus.COMPLETED, 180.0, 5.0, started + timedelta(seconds=200)
    )
    return session


def test_merging_is_idempotent(history: Path, tmp_path: Path) -> None:
    started = datetime(2024, 5, 1, 8, 0, tzinfo=TZ)
    session = _pending_session(started)
    # the start and the first step reached the history before it got busy
    store = HistoryStore(history)
    sid = store.start_session("calves", "Calf stretch", 2, started, owner=(999_999, "h|b|1"))
    store.add_step(sid, session.steps[0].record, session.steps[0].at, seq=1)
    store.close()
    saved = pending.save(history, session)
    copy = tmp_path / "copy.json"
    shutil.copy(saved, copy)
    for _ in range(2):  # the second time as after a crash between the merge and the delete
        store = HistoryStore(history)
        rows = store.sessions(with_steps=True)
        store.close()
        shutil.copy(copy, saved)
    os.unlink(saved)
    [row] = rows
    assert row.id == sid and row.status == "completed"
    assert [(s.seq, s.label) for s in row.steps] == [(1, "step 1"), (2, "step 2"), (3, "step 3")]
    assert row.steps_done == 3 and row.active_seconds == 180.0  # each counted once


def test_an_unreadable_pending_file_is_kept_aside_and_reported(history: Path) -> None:
    bad = history.with_name(history.name + ".pending-1-abcd.json")
    bad.write_text("{ not json")
    store = HistoryStore(history)
    assert store.sessions() == []
    assert store.notice is not None and "could not be read" in store.notice
    assert not bad.exists() and bad.with_name(bad.name + ".unreadable").exists()


def full_disk(store: HistoryStore) -> None:
    """Let the store's connection grow the database no further."""
    db = store._db
    assert db is not None
    db.execute(f"PRAGMA max_page_count = {db.execute('PRAGMA page_count').fetchone()[0]}")


def free_disk(store: HistoryStore) -> None:
    assert store._db is not None
    store._db.execute("PRAGMA max_page_count = 1073741823")


BIG = "x" * 20_000  # needs new pages: fails on the full disk


def _ended(index: int, label: str) -> SegmentEnded:
    plan = build_plan(calf_plan().routine)
    return SegmentEnded(plan.segments[0], step(index, label), 0.0)


def test_full_disk_keeps_every_step_in_order(history: Path) -> None:
    store = HistoryStore(history, busy_timeout=0.01)
    recorder = HistoryRecorder(store, "calves", "Calf stretch", 2, retry_delays=FAST)
    recorder.begin()
    assert recorder.flush(10) and recorder.session_id is not None
    full_disk(store)
    recorder(_ended(0, BIG))
    recorder(_ended(1, "small"))
    recorder(_ended(2, "small too"))
    assert not recorder.flush(0.1)
    assert recorder.notice is not None and "full" in recorder.notice
    free_disk(store)
    assert recorder.flush(10)
    recorder(SessionFinished(SessionRecord("calves", "Calf stretch", 3), 0.0))
    assert recorder.close(10)
    [row] = HistoryStore(history).sessions(with_steps=True)
    assert [(s.seq, s.label) for s in row.steps] == [(1, BIG), (2, "small"), (3, "small too")]


def test_full_disk_at_close_saves_at_once_and_merges_later(history: Path) -> None:
    store = HistoryStore(history, busy_timeout=0.01)
    recorder = HistoryRecorder(store, "calves", "Calf stretch", 2, retry_delays=FAST)
    recorder.begin()
    assert recorder.flush(10)
    full_disk(store)
    recorder(_ended(0, BIG))
    recorder(SessionFinished(SessionRecord("calves", "Calf stretch", 3), 0.0))
    assert not recorder.close(30)  # a full disk is not waited for
    assert recorder.pending_file is not None and recorder.pending_file.exists()
    merged = HistoryStore(history)  # the next start: another connection, room again
    [row] = merged.sessions(with_steps=True)
    assert [(s.seq, s.label) for s in row.steps] == [(1, BIG)] and row.status == "completed"
    free_disk(store)  # the first writer then finds it all written already
    assert recorder.flush(10)
    [again] = HistoryStore(history).sessions(with_steps=True)
    assert again == row


def test_a_pending_session_reads_back_as_it_was_written() -> None:
    session = _pending_session(datetime(2024, 5, 1, 8, 0, tzinfo=TZ))
    again = pending.from_json(json.loads(json.dumps(pending.to_json(session))))
    assert again == session
    with pytest.raises(ValueError, match="known version"):
        pending.from_json({**pending.to_json(session), "version": 99})
    with pytest.raises(ValueError, match="missing or wrong field"):
        pending.from_json({"version": 1, "routine_id": "x"})


def test_a_claim_left_by_a_gone_process_is_taken_back(history: Path) -> None:
    gone = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    dead_pid = int(gone.stdout)
    saved = pending.save(history, _pending_session(datetime(2024, 5, 1, 8, 0, tzinfo=TZ)))
    stale = saved.with_name(f"{saved.name}.merging-{dead_pid}")
    os.replace(saved, stale)
    busy = pending.save(history, _pending_session(datetime(2024, 5, 2, 8, 0, tzinfo=TZ)))
    live = busy.with_name(f"{busy.name}.merging-{os.getpid()}")  # being merged right now
    os.replace(busy, live)
    store = HistoryStore(history)
    assert [r.started_at.day for r in store.sessions()] == [1]
    assert not stale.exists() and live.exists()


def test_a_retried_start_reuses_the_recorded_one(history: Path) -> None:
    started = datetime(2024, 5, 1, 8, 0, tzinfo=TZ)
    store = HistoryStore(history)
    first = store.start_session("calves", "Calf stretch", 2, started, owner=(7, "h|b|1"))
    again = store.start_session(
        "calves", "Calf stretch", 2, started, owner=(7, "h|b|1"), reuse=True
    )
    other = store.start_session(
        "calves", "Calf stretch", 2, started, owner=(8, "h|b|1"), reuse=True
    )
    assert again == first and other != first
    assert store.count() == 2


def test_a_busy_history_says_so_rather_than_blame_the_folder(history: Path) -> None:
    store = HistoryStore(history, busy_timeout=0.05)
    with Lock(history), pytest.raises(HistoryUnavailable) as info:
        store.start_session("a", "A", 1, datetime.now())
    message = info.value.message
    assert info.value.busy
    assert f"The history file {history} is busy (database is locked)" in message
    assert "another stretchtimer is writing to it. Try again in a moment." in message
    assert "writable" not in message and "not recorded" not in message
    store.close()
