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
  :attr:`HistoryStore.notice` then tells the user where the old one went. Damage is noticed
  whenever SQLite reports it (``SQLITE_CORRUPT``, ``SQLITE_NOTADB``), at open or on any later
  read or write, but only on a connection opened for writing: a lock, a full disk or an I/O
  error never counts as damage, and neither does an error seen through a read-only or
  immutable connection (which can see another process's write half done). A read that finds
  the damage is answered from the fresh history; a write raises :class:`HistoryUnavailable`
  saying so (the recorder then writes the whole session again, see :attr:`generation`), and
  the pending files are merged into the fresh history.
- The data folder is kept 0700 and the history with its ``-wal``/``-shm`` files 0600 whatever
  the umask; wider permissions found at open are tightened (see :mod:`.private`).
- A history that can be read but not written (a read-only file or folder, or a full disk
  that cannot take the ``-wal``/``-shm`` files) is opened only to read it (read-only, or
  immutable when even reading would need a write), with a notice that new sessions are not
  recorded in it. Each write tries again to open it for writing (the disk may have room now).
- Every other failure (unwritable folder, disk full while writing, newer schema) raises
  :class:`HistoryUnavailable` with a message for the user; a busy history says so (another
  stretchtimer is writing: try again), not that the folder may be unwritable.
"""

from __future__ import annotations

import os
import sqlite3
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

from stretchtimer.history import pending, private
from stretchtimer.history.db import (
    CorruptHistory,
    HistoryUnavailable,
    connect,
    connect_read_only,
    is_busy,
    is_corrupt,
    is_disk_problem,
    is_read_only,
    local_now,
    mark_interrupted,
    quarantine,
    to_iso,
    transaction,
)
from stretchtimer.history.owner import process_mark
from stretchtimer.history.records import (
    SESSION_COLUMNS,
    STEP_COLUMNS,
    SessionRow,
    StepRow,
    session_from_row,
    step_from_row,
    stored_seconds,
)
from stretchtimer.history.schema import NEWEST_FIRST, ROUTINE_NAMES
from stretchtimer.history.stats import (
    DayTotal,
    RoutineTotal,
    Streaks,
    sort_routine_totals,
    streaks,
)

if TYPE_CHECKING:  # the session modules are imported where a session is written, not to read
    from stretchtimer.session.events import SegmentRecord, SessionStatus

__all__ = ["HistoryStore", "HistoryUnavailable", "SessionRow", "StepRow", "local_now", "to_iso"]

_DAY = "substr(started_at, 1, 10)"  # the local start date; indexed (see .schema)


def _disk_full(folder: Path) -> bool:
    """Return True when the file system holding ``folder`` has no room left for this user."""
    try:
        return os.statvfs(folder).f_bavail == 0
    except (OSError, AttributeError):  # AttributeError: no statvfs (Windows)
        return False


def _where(since: date | None, routine: str | None, day: str = _DAY) -> tuple[str, list[object]]:
    clauses: list[str] = []
    params: list[object] = []
    if since is not None:
        clauses.append(f"{day} >= ?")
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
        self.read_only: str | None = None
        """Why the history was opened only to read it (it cannot be written), else None."""
        self.generation = 0
        """How many times a damaged history was moved aside and a fresh one started.

        A writer that holds session ids compares it before each write: when it changed, the
        ids it holds belong to the file moved aside, and the session must be written again."""
        self._moved_message = ""  # what the user was last told of a damaged file moved aside
        self._db: sqlite3.Connection | None = None
        self._file: tuple[int, int] | None = None  # (device, inode) of the file self._db has
        self._lock = threading.RLock()

    # -- opening -------------------------------------------------------------------------------

    def __enter__(self) -> HistoryStore:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
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
            self._file = None
            self.read_only = None

    def _unavailable(self, reason: object) -> HistoryUnavailable:
        if isinstance(reason, BaseException) and is_busy(reason):
            return HistoryUnavailable(
                f"The history file {self.path} is busy ({reason}): another stretchtimer is "
                "writing to it. Try again in a moment.",
                reason=str(reason),
                busy=True,
            )
        return HistoryUnavailable(
            f"Cannot use the history file {self.path}: {reason}. Routines still run, but "
            "sessions are not recorded. Check that the folder is writable, or set "
            "STRETCHTIMER_DATA_DIR to another folder.",
            reason=str(reason),
        )

    def _tell(self, message: str) -> None:
        """Add ``message`` to :attr:`notice`, once."""
        if self.notice is None or message not in self.notice:
            self.notice = " ".join(filter(None, [self.notice, message]))

    def _replaced(self) -> bool:
        """Return True when the open file is no longer the history file.

        Another store (another stretchtimer, or the app's history screen) found it damaged and
        moved it aside: this connection still reaches the moved file, and what it wrote there
        would be lost to the fresh history.
        """
        if self._db is None or self._file is None:
            return False
        try:
            info = os.stat(self.path)
        except OSError:
            return True
        return (info.st_dev, info.st_ino) != self._file

    def _open(self, create: bool) -> sqlite3.Connection | None:
        with self._lock:
            if self._replaced():  # follow it to the fresh history; a writer writes again
                self.close()
                self.generation += 1
                self._tell(f"The history file {self.path} was found damaged and set aside.")
            for _ in range(3):  # a history found damaged while opening is started afresh
                if self._db is not None:
                    return self._db
                if not self._open_once(create):
                    return None
            if self._db is not None:
                return self._db
            raise self._unavailable("it was found damaged again each time it was started afresh")

    def _open_once(self, create: bool) -> bool:
        """Open the history and merge its pending files; False when there is none to read.

        The store may be left closed (its file was found damaged and moved aside meanwhile):
        :meth:`_open` then opens the fresh history.
        """
        try:
            exists = self.path.exists()
        except OSError as exc:  # its folder cannot be searched (no x permission)
            raise self._unavailable(f"its folder cannot be read ({exc.strerror or exc})") from exc
        if not create and not exists and not pending.files(self.path):
            return False
        try:
            private.make_folder(self.path.parent)
        except OSError as exc:
            raise self._unavailable(f"cannot create its folder ({exc.strerror or exc})") from exc
        if exists and not os.access(self.path, os.W_OK):
            # SQLite opens such a file read-only without a word, and every write then fails
            self._open_read_only(sqlite3.OperationalError("the file is read-only"))
            return True
        try:
            db = self._connect()
        except CorruptHistory as exc:
            db = self._start_afresh(exc)
        except sqlite3.Error as exc:
            self._open_read_only(exc)
            return True
        self._db = db
        with suppress(OSError):
            info = os.stat(self.path)
            self._file = (info.st_dev, info.st_ino)
        try:
            mark_interrupted(db)
        except sqlite3.Error as exc:
            if is_corrupt(exc):
                self._tell(self._set_aside(exc)[1])
                return True
            self.close()
            self._open_read_only(exc)
            return True
        self._merge_pending()
        return True

    def _open_read_only(self, error: sqlite3.Error) -> sqlite3.Connection:
        """Open a history that cannot be written only to read it, or raise the first error."""
        if not (is_read_only(error) or is_disk_problem(error)) or not self.path.is_file():
            raise self._unavailable(error) from error
        try:
            db = connect_read_only(self.path, self.busy_timeout)
        except sqlite3.Error:
            raise self._unavailable(error) from error
        self._db = db
        self.read_only = str(error)
        if is_disk_problem(error) and _disk_full(self.path.parent):
            self._tell(
                f"The disk holding the history file {self.path} is full ({error}): the history "
                "can be shown, but new sessions cannot be recorded until there is space."
            )
        else:
            self._tell(
                f"The history file {self.path} cannot be written ({error}): it can be shown, "
                "but new sessions are not recorded in it."
            )
        waiting = len(pending.files(self.path))
        if waiting:
            self._tell(
                f"{waiting} session{'s' if waiting > 1 else ''} saved beside it "
                f"({pending.pattern(self.path)}) {'are' if waiting > 1 else 'is'} not shown: "
                f"{'they are' if waiting > 1 else 'it is'} added once it can be written."
            )
        return db

    def _merge_pending(self) -> None:
        """Add the sessions saved in pending files while the history could not take them.

        It was busy, full, read-only or found damaged (see :mod:`.pending`).
        """
        generation = self.generation
        merged, problems = pending.merge_all(self)
        if self.generation != generation:  # the merge found the history damaged
            self._tell(self._moved_message)
        if merged:
            problems.insert(
                0,
                f"{merged} session{'s' if merged > 1 else ''} saved while the history could "
                "not be written " + ("were" if merged > 1 else "was") + " added to it.",
            )
        for problem in problems:
            self._tell(problem)

    def _connect(self) -> sqlite3.Connection:
        """Connect to the history, created private (0600, its side files too) if missing."""
        try:
            private.prepare_file(self.path)
        except OSError as exc:
            raise sqlite3.OperationalError(f"cannot create it ({exc.strerror or exc})") from exc
        db = connect(self.path, self.busy_timeout)
        private.tighten_files(self.path)  # the -wal and -shm files SQLite just made
        return db

    def _moved(self, error: BaseException, moved: Path) -> str:
        """Count that the damaged history went to ``moved``; return the message for the user."""
        self.generation += 1
        self._moved_message = (
            f"The history file could not be read ({error}). It was moved to "
            f"{moved} and a new history was started."
        )
        return self._moved_message

    def _start_afresh(self, corrupt: CorruptHistory) -> sqlite3.Connection:
        if corrupt.moved is None:
            raise self._unavailable(
                f"it is damaged ({corrupt.error}) and could not be moved aside "
                f"({corrupt.move_error})"
            ) from corrupt
        try:
            db = self._connect()
        except (sqlite3.Error, CorruptHistory) as exc:
            raise self._unavailable(exc) from exc
        self._tell(self._moved(corrupt.error, corrupt.moved))
        return db

    def _set_aside(self, error: sqlite3.Error) -> tuple[Path, str]:
        """Move the open history, found damaged, aside and close it.

        The next use opens a fresh history (and merges the pending files into it).

        Returns:
            Where it went, and the message for the user.

        Raises:
            HistoryUnavailable: the error is not damage seen by a connection that may write,
                or the file could not be moved.
        """
        if self._db is None or self.read_only is not None or not is_corrupt(error):
            raise self._unavailable(error) from error
        try:
            moved = quarantine(self.path)  # before closing: closing may delete the side files
        except OSError as exc:
            raise self._unavailable(
                f"it is damaged ({error}) and could not be moved aside ({exc.strerror or exc})"
            ) from exc
        finally:
            self.close()
        return moved, self._moved(error, moved)

    def _failed(self, error: sqlite3.Error, after: str = "") -> HistoryUnavailable:
        """Return the error to raise for ``error``; a damaged history is moved aside first.

        Args:
            error: what SQLite raised.
            after: said after the notice that the history was started afresh.
        """
        if self._db is None or self.read_only is not None or not is_corrupt(error):
            return self._unavailable(error)
        message = self._set_aside(error)[1]
        return HistoryUnavailable(
            " ".join(filter(None, [message, after])), reason=message, started_afresh=True
        )

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
                raise self._failed(exc) from exc

    # -- writing -------------------------------------------------------------------------------

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            if self._db is not None and self.read_only is not None and not self._db.in_transaction:
                self.close()  # opened only to read: it may take writes now (a disk with room)
            generation = self.generation
            db = self._open(create=True)
            assert db is not None
            if self.generation != generation:  # the session's ids are in the file set aside
                raise HistoryUnavailable(
                    f"The history file {self.path} was found damaged and set aside; a new "
                    "history was started. Nothing was saved this time: try again.",
                    reason="set aside",
                    started_afresh=True,
                )
            if self.read_only is not None and _disk_full(self.path.parent):
                raise HistoryUnavailable(
                    f"The disk holding the history file {self.path} is full ({self.read_only}):"
                    " new sessions cannot be recorded until there is space.",
                    reason=f"the disk is full: {self.read_only}",
                )
            if self.read_only is not None:
                raise HistoryUnavailable(
                    f"The history file {self.path} cannot be written ({self.read_only}): new "
                    "sessions are not recorded in it.",
                    reason=f"read-only: {self.read_only}",
                )
            try:
                with transaction(db):
                    yield db
            except sqlite3.Error as exc:
                raise self._failed(exc, "Nothing was saved this time: try again.") from exc

    def start_session(
        self,
        routine_id: str,
        routine_name: str,
        steps_total: int,
        started_at: datetime,
        owner: tuple[int, str] | None = None,
        reuse: bool = False,
    ) -> int:
        """Record a session that starts now, with status ``running``.

        Args:
            routine_id: the routine's id.
            routine_name: the routine's name.
            steps_total: how many exercise steps (hold and reps segments) its plan has.
            started_at: when it started (local time; naive times are taken as local).
            owner: the process id and mark (:func:`.owner.process_mark`) of the process that
                runs it; this process by default.
            reuse: when the same process already recorded a session of this routine started
                at this moment (a retry, a pending file merged again), return that one; checked
                in the same transaction as the insert.

        Returns:
            The session's id.
        """
        import uuid

        from stretchtimer.session.events import SessionStatus

        when = to_iso(started_at)
        pid, mark = owner if owner is not None else (os.getpid(), process_mark())
        with self._transaction() as db:
            if reuse:
                row = db.execute(
                    "SELECT id FROM sessions WHERE started_at = ? AND owner_pid = ? AND "
                    "owner_mark = ? AND routine_id = ? ORDER BY id LIMIT 1",
                    (when, pid, mark, routine_id),
                ).fetchone()
                if row is not None:
                    return int(row[0])
            cur = db.execute(
                "INSERT INTO sessions (routine_id, routine_name, started_at, updated_at, status,"
                " steps_total, owner_pid, owner_mark, uid) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    routine_id,
                    routine_name,
                    when,
                    when,
                    SessionStatus.RUNNING.value,
                    steps_total,
                    pid,
                    mark,
                    str(uuid.uuid4()),
                ),
            )
            return int(cur.lastrowid or 0)

    def add_step(
        self,
        session_id: int,
        record: SegmentRecord,
        at: datetime | None = None,
        seq: int | None = None,
    ) -> None:
        """Record a pass through a segment that ended (done, skipped or stopped).

        The session's counts of exercises done, skipped and stopped are recounted from all of
        its steps by the rules of :mod:`stretchtimer.session.summary`, in the same transaction.

        Args:
            session_id: the session's id.
            record: what happened in the segment.
            at: when it ended (now by default); kept as the session's last sign of life.
            seq: its 1-based place in the order steps ended (after the last one by default);
                a step already recorded with this number is left as it is (a retry).
        """
        from stretchtimer.session.events import SegmentRecord, StepStatus
        from stretchtimer.session.summary import outcomes

        with self._transaction() as db:
            cur = db.execute(
                f"INSERT OR IGNORE INTO steps (session_id, {STEP_COLUMNS}, skipped) VALUES (?, "
                "COALESCE(?, (SELECT COALESCE(MAX(seq), 0) + 1 FROM steps WHERE session_id = ?)),"
                " ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    session_id,
                    seq,
                    session_id,
                    record.index,
                    record.kind,
                    record.label,
                    record.side,
                    record.set_number,
                    record.planned,
                    record.actual,
                    record.status.value,
                    record.attempt,
                    int(record.skipped),
                ),
            )
            if cur.rowcount != 1:
                return  # already recorded (a retry)
            passes = [
                SegmentRecord(int(index), str(kind), "", None, 1, None, 0.0, StepStatus(status))
                for index, kind, status in db.execute(
                    "SELECT segment_index, kind, status FROM steps WHERE session_id = ? "
                    "ORDER BY seq",
                    (session_id,),
                )
            ]
            counted = outcomes(passes)
            db.execute(
                "UPDATE sessions SET steps_done = ?, steps_skipped = ?, steps_stopped = ?, "
                "active_seconds = active_seconds + ?, updated_at = ? WHERE id = ?",
                (
                    counted.done,
                    counted.skipped,
                    counted.stopped,
                    record.actual,
                    to_iso(at or local_now()),
                    session_id,
                ),
            )

    def finish_session(
        self,
        session_id: int,
        status: SessionStatus | str,
        active_seconds: float,
        paused_seconds: float,
        ended_at: datetime | None = None,
    ) -> None:
        """Record how a session ended.

        The status is decided by :func:`stretchtimer.session.summary.final_status`: a session
        that reached its end with no exercise done is recorded as ``stopped`` (streaks count
        completed sessions).

        Args:
            session_id: the session's id.
            status: ``completed`` or ``stopped`` (or ``interrupted``).
            active_seconds: active time, paused time excluded.
            paused_seconds: time spent paused.
            ended_at: when it ended (now by default).
        """
        from stretchtimer.session.events import SessionStatus
        from stretchtimer.session.summary import final_status

        status = SessionStatus(status)
        if status is SessionStatus.RUNNING:
            raise ValueError("a finished session cannot be 'running'")
        when = to_iso(ended_at or local_now())
        with self._transaction() as db:
            row = db.execute(
                "SELECT steps_done, steps_total FROM sessions WHERE id = ?", (session_id,)
            ).fetchone()
            if row is None:
                return
            final = final_status(status, int(row[0]), int(row[1]))
            db.execute(
                "UPDATE sessions SET status = ?, active_seconds = ?, paused_seconds = ?, "
                "ended_at = ?, updated_at = ? WHERE id = ?",
                (final.value, active_seconds, paused_seconds, when, when, session_id),
            )

    # -- reading -------------------------------------------------------------------------------

    def _query(self, sql: str, params: Sequence[object] = ()) -> list[tuple[Any, ...]]:
        with self._lock:
            for fresh in (False, True):
                db = self._open(create=False)
                if db is None:
                    return []
                try:
                    return db.execute(sql, params).fetchall()
                except sqlite3.Error as exc:
                    if fresh or self.read_only is not None or not is_corrupt(exc):
                        raise self._failed(exc) from exc
                    self._tell(self._set_aside(exc)[1])  # then read the fresh history
            raise AssertionError("unreachable")

    def count(self, since: date | None = None, routine: str | None = None) -> int:
        """Return how many sessions match the filters."""
        where, params = _where(since, routine)
        rows = self._query(f"SELECT count(*) FROM sessions{where}", params)
        return int(rows[0][0]) if rows else 0

    def sessions(
        self,
        since: date | None = None,
        routine: str | None = None,
        limit: int | None = None,
        with_steps: bool = False,
    ) -> list[SessionRow]:
        """Return sessions, newest first (by start time, see ``schema.NEWEST_FIRST``).

        Args:
            since: only sessions started on or after this local date.
            routine: only sessions of this routine id.
            limit: at most this many (the newest).
            with_steps: also load each session's steps, one query per session (otherwise
                ``steps`` is empty); for large exports use :meth:`export`.
        """
        where, params = _where(since, routine)
        sql = f"SELECT {SESSION_COLUMNS} FROM sessions{where} ORDER BY {NEWEST_FIRST}"
        if limit is not None:
            sql += " LIMIT ?"
            params.append(limit)
        sessions = [session_from_row(row) for row in self._query(sql, params)]
        if with_steps:
            sessions = [replace(s, steps=tuple(self.steps(s.id))) for s in sessions]
        return sessions

    def session(self, session_id: int) -> SessionRow | None:
        """Return one session with its steps, or None when there is no such session."""
        rows = self._query(f"SELECT {SESSION_COLUMNS} FROM sessions WHERE id = ?", (session_id,))
        return session_from_row(rows[0], tuple(self.steps(session_id))) if rows else None

    def steps(self, session_id: int) -> list[StepRow]:
        """Return a session's steps in the order they ended."""
        rows = self._query(
            f"SELECT {STEP_COLUMNS} FROM steps WHERE session_id = ? ORDER BY seq",
            (session_id,),
        )
        return [step_from_row(row) for row in rows]

    def export(
        self, since: date | None = None, routine: str | None = None, limit: int | None = None
    ) -> Iterator[SessionRow]:
        """Yield sessions with their steps, oldest first, streaming (for large exports).

        The store stays locked for other threads until the iteration ends.

        Args:
            since: only sessions started on or after this local date.
            routine: only sessions of this routine id.
            limit: only the newest ``limit`` sessions.
        """
        for row, steps in self.export_rows(since, routine, limit):
            yield session_from_row(row, tuple(step_from_row(step) for step in steps))

    @contextmanager
    def snapshot(self) -> Iterator[None]:
        """Read everything in the block from one snapshot of the history (a read transaction).

        What other processes write meanwhile is not seen, so an export that takes seconds is
        consistent: each session with its steps, the cramps as they were at the start. The
        store stays locked for other threads until the block ends.

        Raises:
            HistoryUnavailable: the history cannot be opened or read.
        """
        with self._lock:
            db = self._open(create=False)
            if db is None:  # no history yet: every read finds nothing
                yield
                return
            try:
                db.execute("BEGIN")
                db.execute("SELECT count(*) FROM sqlite_master").fetchall()  # the snapshot, now
            except sqlite3.Error as exc:
                if db.in_transaction:
                    with suppress(sqlite3.Error):
                        db.execute("ROLLBACK")
                raise self._failed(exc) from exc
            try:
                yield
            finally:
                # only read: nothing to keep or lose (closed if the file was found damaged)
                with suppress(sqlite3.Error):
                    if db.in_transaction:
                        db.execute("ROLLBACK")

    def export_rows(
        self, since: date | None = None, routine: str | None = None, limit: int | None = None
    ) -> Iterator[tuple[tuple[Any, ...], list[tuple[Any, ...]]]]:
        """Yield the raw rows of :meth:`export`: each session's row and its steps' rows.

        A session's row has the columns of ``SESSION_COLUMNS``, a step's those of
        ``STEP_COLUMNS``, as stored (timestamps are their ISO 8601 text). For exports that
        format rows straight into text without building objects.

        Args:
            since: only sessions started on or after this local date.
            routine: only sessions of this routine id.
            limit: only the newest ``limit`` sessions (by start time, see ``schema.NEWEST_FIRST``);
                they are still yielded in ``id`` order.
        """
        where, params = _where(since, routine)
        chosen = f"SELECT id FROM sessions{where}"
        if limit is not None:
            chosen += f" ORDER BY {NEWEST_FIRST} LIMIT ?"
            params.append(limit)
        with self._lock:
            db = self._open(create=False)
            if db is None:
                return
            try:
                sessions = db.execute(
                    f"SELECT {SESSION_COLUMNS} FROM sessions WHERE id IN ({chosen}) ORDER BY id",
                    params,
                )
                steps = db.execute(
                    f"SELECT session_id, {STEP_COLUMNS} FROM steps "
                    f"WHERE session_id IN ({chosen}) ORDER BY session_id, seq",
                    params,
                )
                # both cursors in id order: merge them, iterating the steps (not fetchone():
                # a million steps would cost a million calls)
                rows = iter(sessions)
                row = next(rows, None)
                own: list[tuple[Any, ...]] = []
                for step in steps:
                    sid = step[0]
                    while row is not None and row[0] < sid:
                        yield row, own
                        own = []
                        row = next(rows, None)
                    if row is not None and row[0] == sid:
                        own.append(step[1:])
                while row is not None:
                    yield row, own
                    own = []
                    row = next(rows, None)
            except sqlite3.Error as exc:
                raise self._failed(exc) from exc

    def day_totals(self, since: date | None = None, routine: str | None = None) -> list[DayTotal]:
        """Return per-day, per-routine totals (the SQL twin of :func:`.stats.day_totals`).

        The routine name is the one of the routine's latest session overall.
        """
        where, params = _where(since, routine, "day")
        rows = self._query(  # kept by triggers: a row per day and routine (see .schema)
            f"SELECT day, routine_id, sessions, completed, active_seconds FROM day_totals{where}"
            " ORDER BY day, routine_id",
            params,
        )
        names = self.routine_names()
        return [
            DayTotal(
                date.fromisoformat(r[0]),
                r[1],
                names.get(r[1], r[1]),
                r[2],
                r[3],
                stored_seconds(r[4]),
            )
            for r in rows
        ]

    def routine_names(self) -> dict[str, str]:
        """Return each routine id with the name of its latest session."""
        return {r[0]: r[1] for r in self._query(ROUTINE_NAMES)}

    def completed_counts(
        self, since: date | None = None, routine: str | None = None
    ) -> dict[date, int]:
        """Return the completed sessions of each local date that has any, oldest first.

        The SQL twin of :func:`.stats.completed_counts`; it reads the day totals (a row per
        day and routine), not the sessions.
        """
        where, params = _where(since, routine, "day")
        where = (where + " AND " if where else " WHERE ") + "completed > 0"
        rows = self._query(
            f"SELECT day, sum(completed) FROM day_totals{where} GROUP BY day ORDER BY day",
            params,
        )
        return {date.fromisoformat(r[0]): r[1] for r in rows}

    def days_completed(self, since: date | None = None, routine: str | None = None) -> list[date]:
        """Return the local dates with at least one completed session, oldest first."""
        return list(self.completed_counts(since, routine))

    def routine_totals(
        self, since: date | None = None, routine: str | None = None
    ) -> list[RoutineTotal]:
        """Return the totals per routine (the SQL twin of :func:`.stats.routine_totals`)."""
        where, params = _where(since, routine, "day")
        rows = self._query(
            "SELECT routine_id, sum(sessions), sum(completed), sum(active_seconds)"
            f" FROM day_totals{where} GROUP BY routine_id",
            params,
        )
        names = self.routine_names() if rows else {}
        return sort_routine_totals(
            RoutineTotal(r[0], names.get(r[0], r[0]), r[1], r[2], stored_seconds(r[3]))
            for r in rows
        )

    def streaks(self, today: date | None = None) -> Streaks:
        """Return whether today is done and the current and longest streaks.

        Blocking (one indexed query): in a UI, call it on a worker thread.

        Args:
            today: the local date now (today by default).
        """
        return streaks(self.days_completed(), today or date.today())
