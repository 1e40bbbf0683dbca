"""The session history: one SQLite file, written as sessions happen.

Design:

- Opening is lazy: nothing touches the disk until the first read or write. A read of a history
  that does not exist yet returns nothing and creates nothing; the first write creates the
  folder and the file.
- One connection per store, in autocommit mode (``isolation_level=None``) with explicit
  ``BEGIN IMMEDIATE`` transactions, WAL journal and ``synchronous=NORMAL``: a commit survives an
  app crash, and a busy timeout lets two app instances write at the same time. A lock makes a
  store safe to share between threads (the recorder's writer thread and UI workers).
- The schema is versioned with ``PRAGMA user_version`` (see :mod:`.schema`).
- At open, sessions left ``running`` by a process that is gone are marked ``interrupted``
  (see :mod:`.owner`), keeping every step they recorded.
- A file that is not a database or is damaged is moved aside with its ``-wal``/``-shm`` files
  to ``history.sqlite3.corrupt-YYYYmmdd-HHMMSS`` and a fresh history is started;
  :attr:`HistoryStore.notice` then tells the user where the old one went.
- Every other failure (unwritable folder, disk full, newer schema) raises
  :class:`HistoryUnavailable` with a message for the user.
"""

from __future__ import annotations

import os
import sqlite3
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path
from types import TracebackType
from typing import Any

from stretchtimer.history import owner
from stretchtimer.history.db import (
    CorruptHistory,
    HistoryUnavailable,
    connect,
    local_now,
    mark_interrupted,
    to_iso,
    transaction,
)
from stretchtimer.history.records import (
    SESSION_COLUMNS,
    STEP_COLUMNS,
    SessionRow,
    StepRow,
    counts_as_step,
    session_from_row,
    step_from_row,
)
from stretchtimer.history.stats import (
    COMPLETED,
    DayTotal,
    RoutineTotal,
    Streaks,
    sort_routine_totals,
    streaks,
)
from stretchtimer.session.events import SegmentRecord, SessionStatus

__all__ = ["HistoryStore", "HistoryUnavailable", "SessionRow", "StepRow", "local_now", "to_iso"]

_DAY = "substr(started_at, 1, 10)"  # the local start date; indexed (see .schema)


def _where(since: date | None, routine: str | None) -> tuple[str, list[object]]:
    clauses: list[str] = []
    params: list[object] = []
    if since is not None:
        clauses.append(f"{_DAY} >= ?")
        params.append(since.isoformat())
    if routine is not None:
        clauses.append("routine_id = ?")
        params.append(routine)
    return (" WHERE " + " AND ".join(clauses) if clauses else ""), params


class HistoryStore:
    """The history database at ``path`` (see the module docstring for the design).

    Args:
        path: the database file; its folder is created on the first write.
        busy_timeout: seconds to wait for another process's write to finish.
    """

    def __init__(self, path: Path | str, busy_timeout: float = 10.0) -> None:
        self.path = Path(path)
        self.busy_timeout = busy_timeout
        self.notice: str | None = None
        """A message for the user after the store repaired something (a quarantined file)."""
        self._db: sqlite3.Connection | None = None
        self._lock = threading.RLock()

    # -- opening -------------------------------------------------------------------------------

    def __enter__(self) -> HistoryStore:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    def open(self) -> None:
        """Open the database now, creating it if needed.

        Raises:
            HistoryUnavailable: the history cannot be used; the message says why.
        """
        self._open(create=True)

    def close(self) -> None:
        """Close the connection (the store reopens on next use)."""
        with self._lock:
            if self._db is not None:
                self._db.close()
                self._db = None

    def _unavailable(self, reason: object) -> HistoryUnavailable:
        return HistoryUnavailable(
            f"Cannot use the history file {self.path}: {reason}. Routines still run, but "
            "sessions are not recorded. Check that the folder is writable, or set "
            "STRETCHTIMER_DATA_DIR to another folder."
        )

    def _open(self, create: bool) -> sqlite3.Connection | None:
        with self._lock:
            if self._db is not None:
                return self._db
            try:
                exists = self.path.exists()
            except OSError as exc:  # its folder cannot be searched (no x permission)
                raise self._unavailable(
                    f"its folder cannot be read ({exc.strerror or exc})") from exc
            if not create and not exists:
                return None
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise self._unavailable(
                    f"cannot create its folder ({exc.strerror or exc})") from exc
            try:
                db = connect(self.path, self.busy_timeout)
            except CorruptHistory as exc:
                db = self._start_afresh(exc)
            except sqlite3.Error as exc:
                raise self._unavailable(exc) from exc
            self._db = db
            try:
                mark_interrupted(db)
            except sqlite3.Error as exc:
                self.close()
                raise self._unavailable(exc) from exc
            return db

    def _start_afresh(self, corrupt: CorruptHistory) -> sqlite3.Connection:
        if corrupt.moved is None:
            raise self._unavailable(
                f"it is damaged ({corrupt.error}) and could not be moved aside "
                f"({corrupt.move_error})"
            ) from corrupt
        try:
            db = connect(self.path, self.busy_timeout)
        except (sqlite3.Error, CorruptHistory) as exc:
            raise self._unavailable(exc) from exc
        self.notice = (
            f"The history file could not be read ({corrupt.error}). It was moved to "
            f"{corrupt.moved} and a new history was started."
        )
        return db

    def mark_interrupted(self) -> int:
        """Mark the running sessions whose process is gone as interrupted (done at open too).

        Returns:
            How many sessions were marked.
        """
        with self._lock:
            db = self._open(create=False)
            if db is None:
                return 0
            try:
                return mark_interrupted(db)
            except sqlite3.Error as exc:
                raise self._unavailable(exc) from exc

    # -- writing -------------------------------------------------------------------------------

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            db = self._open(create=True)
            assert db is not None
            try:
                with transaction(db):
                    yield db
            except sqlite3.Error as exc:
                raise self._unavailable(exc) from exc

    def start_session(self, routine_id: str, routine_name: str, steps_total: int,
                      started_at: datetime) -> int:
        """Record a session that starts now, with status ``running``.

        Args:
            routine_id: the routine's id.
            routine_name: the routine's name.
            steps_total: how many exercise steps (hold and reps segments) its plan has.
            started_at: when it started (local time; naive times are taken as local).

        Returns:
            The new session's id.
        """
        when = to_iso(started_at)
        with self._transaction() as db:
            cur = db.execute(
                "INSERT INTO sessions (routine_id, routine_name, started_at, updated_at, status,"
                " steps_total, owner_pid, owner_mark) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (routine_id, routine_name, when, when, SessionStatus.RUNNING.value, steps_total,
                 os.getpid(), owner.process_mark()),
            )
            return int(cur.lastrowid or 0)

    def add_step(self, session_id: int, record: SegmentRecord, at: datetime | None = None
                 ) -> None:
        """Record a segment that ended (completed or skipped).

        Args:
            session_id: the session's id.
            record: what happened in the segment.
            at: when it ended (now by default); kept as the session's last sign of life.
        """
        with self._transaction() as db:
            db.execute(
                f"INSERT INTO steps (session_id, {STEP_COLUMNS}) VALUES (?, "
                "(SELECT COALESCE(MAX(seq), 0) + 1 FROM steps WHERE session_id = ?),"
                " ?, ?, ?, ?, ?, ?, ?, ?)",
                (session_id, session_id, record.index, record.kind, record.label, record.side,
                 record.set_number, record.planned, record.actual, int(record.skipped)),
            )
            db.execute(
                "UPDATE sessions SET steps_done = MIN(steps_done + ?, steps_total), "
                "active_seconds = active_seconds + ?, updated_at = ? WHERE id = ?",
                (int(counts_as_step(record)), record.actual, to_iso(at or local_now()),
                 session_id),
            )

    def finish_session(self, session_id: int, status: SessionStatus | str,
                       active_seconds: float, paused_seconds: float,
                       ended_at: datetime | None = None) -> None:
        """Record how a session ended.

        A session that reached its end with every exercise step skipped is recorded as
        ``stopped``: skipping through a routine must not count as doing it (streaks count
        completed sessions).

        Args:
            session_id: the session's id.
            status: ``completed`` or ``stopped`` (or ``interrupted``).
            active_seconds: active time, paused time excluded.
            paused_seconds: time spent paused.
            ended_at: when it ended (now by default).
        """
        status = SessionStatus(status)
        if status is SessionStatus.RUNNING:
            raise ValueError("a finished session cannot be 'running'")
        when = to_iso(ended_at or local_now())
        with self._transaction() as db:
            db.execute(
                "UPDATE sessions SET status = CASE WHEN ? = ? AND steps_total > 0 AND "
                "steps_done = 0 THEN ? ELSE ? END, active_seconds = ?, paused_seconds = ?, "
                "ended_at = ?, updated_at = ? WHERE id = ?",
                (status.value, COMPLETED, SessionStatus.STOPPED.value, status.value,
                 active_seconds, paused_seconds, when, when, session_id),
            )

    # -- reading -------------------------------------------------------------------------------

    def _query(self, sql: str, params: Sequence[object] = ()) -> list[tuple[Any, ...]]:
        with self._lock:
            db = self._open(create=False)
            if db is None:
                return []
            try:
                return db.execute(sql, params).fetchall()
            except sqlite3.Error as exc:
                raise self._unavailable(exc) from exc

    def count(self, since: date | None = None, routine: str | None = None) -> int:
        """Return how many sessions match the filters."""
        where, params = _where(since, routine)
        rows = self._query(f"SELECT count(*) FROM sessions{where}", params)
        return int(rows[0][0]) if rows else 0

    def sessions(self, since: date | None = None, routine: str | None = None,
                 limit: int | None = None, with_steps: bool = False) -> list[SessionRow]:
        """Return sessions, newest first.

        Args:
            since: only sessions started on or after this local date.
            routine: only sessions of this routine id.
            limit: at most this many (the newest).
            with_steps: also load each session's steps, one query per session (otherwise
                ``steps`` is empty); for large exports use :meth:`export`.
        """
        where, params = _where(since, routine)
        sql = f"SELECT {SESSION_COLUMNS} FROM sessions{where} ORDER BY id DESC"
        if limit is not None:
            sql += " LIMIT ?"
            params.append(limit)
        sessions = [session_from_row(row) for row in self._query(sql, params)]
        if with_steps:
            sessions = [replace(s, steps=tuple(self.steps(s.id))) for s in sessions]
        return sessions

    def session(self, session_id: int) -> SessionRow | None:
        """Return one session with its steps, or None when there is no such session."""
        rows = self._query(f"SELECT {SESSION_COLUMNS} FROM sessions WHERE id = ?",
                           (session_id,))
        return session_from_row(rows[0], tuple(self.steps(session_id))) if rows else None

    def steps(self, session_id: int) -> list[StepRow]:
        """Return a session's steps in the order they ended."""
        rows = self._query(
            f"SELECT {STEP_COLUMNS} FROM steps WHERE session_id = ? ORDER BY seq",
            (session_id,),
        )
        return [step_from_row(row) for row in rows]

    def export(self, since: date | None = None, routine: str | None = None,
               limit: int | None = None) -> Iterator[SessionRow]:
        """Yield sessions with their steps, oldest first, streaming (for large exports).

        The store stays locked for other threads until the iteration ends.

        Args:
            since: only sessions started on or after this local date.
            routine: only sessions of this routine id.
            limit: only the newest ``limit`` sessions.
        """
        where, params = _where(since, routine)
        chosen = f"SELECT id FROM sessions{where}"
        if limit is not None:
            chosen += " ORDER BY id DESC LIMIT ?"
            params.append(limit)
        with self._lock:
            db = self._open(create=False)
            if db is None:
                return
            try:
                sessions = db.execute(
                    f"SELECT {SESSION_COLUMNS} FROM sessions WHERE id IN ({chosen}) "
                    "ORDER BY id", params)
                steps = db.execute(
                    f"SELECT session_id, {STEP_COLUMNS} FROM steps "
                    f"WHERE session_id IN ({chosen}) ORDER BY session_id, seq", params)
                pending = steps.fetchone()
                for row in sessions:
                    sid = int(row[0])
                    own: list[StepRow] = []
                    while pending is not None and int(pending[0]) <= sid:
                        if int(pending[0]) == sid:
                            own.append(step_from_row(pending[1:]))
                        pending = steps.fetchone()
                    yield session_from_row(row, tuple(own))
            except sqlite3.Error as exc:
                raise self._unavailable(exc) from exc

    def day_totals(self, since: date | None = None, routine: str | None = None
                   ) -> list[DayTotal]:
        """Return per-day, per-routine totals (the SQL twin of :func:`.stats.day_totals`).

        The routine name is the one of the routine's latest session overall.
        """
        where, params = _where(since, routine)
        rows = self._query(
            f"SELECT {_DAY} AS day, routine_id, count(*), sum(status = '{COMPLETED}'),"
            f" sum(active_seconds) FROM sessions{where} GROUP BY day, routine_id"
            " ORDER BY day, routine_id",
            params,
        )
        names = self.routine_names()
        return [
            DayTotal(date.fromisoformat(r[0]), r[1], names.get(r[1], r[1]), r[2], r[3], r[4])
            for r in rows
        ]

    def routine_names(self) -> dict[str, str]:
        """Return each routine id with the name of its latest session."""
        rows = self._query(
            "SELECT routine_id, routine_name FROM sessions"
            " WHERE id IN (SELECT max(id) FROM sessions GROUP BY routine_id)"
        )
        return {r[0]: r[1] for r in rows}

    def completed_counts(self, since: date | None = None, routine: str | None = None
                         ) -> dict[date, int]:
        """Return the completed sessions of each local date that has any, oldest first.

        The SQL twin of :func:`.stats.completed_counts`; one indexed query.
        """
        where, params = _where(since, routine)
        where = (where + " AND " if where else " WHERE ") + "status = ?"
        rows = self._query(
            f"SELECT {_DAY} AS day, count(*) FROM sessions{where} GROUP BY day ORDER BY day",
            [*params, COMPLETED],
        )
        return {date.fromisoformat(r[0]): r[1] for r in rows}

    def days_completed(self, since: date | None = None, routine: str | None = None
                       ) -> list[date]:
        """Return the local dates with at least one completed session, oldest first."""
        return list(self.completed_counts(since, routine))

    def routine_totals(self, since: date | None = None, routine: str | None = None
                       ) -> list[RoutineTotal]:
        """Return the totals per routine (the SQL twin of :func:`.stats.routine_totals`)."""
        where, params = _where(since, routine)
        rows = self._query(
            f"SELECT routine_id, count(*), sum(status = '{COMPLETED}'), sum(active_seconds)"
            f" FROM sessions{where} GROUP BY routine_id",
            params,
        )
        names = self.routine_names() if rows else {}
        return sort_routine_totals(
            RoutineTotal(r[0], names.get(r[0], r[0]), r[1], r[2], r[3]) for r in rows)

    def streaks(self, today: date | None = None) -> Streaks:
        """Return whether today is done and the current and longest streaks.

        Blocking (one indexed query): in a UI, call it on a worker thread.

        Args:
            today: the local date now (today by default).
        """
        return streaks(self.days_completed(), today or date.today())
