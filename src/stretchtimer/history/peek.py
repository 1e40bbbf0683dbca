"""A quick, read-only look at the history, for ``stretchtimer status`` in a shell prompt.

It never creates a file or a folder and never waits on a lock:

- a missing database is no sessions;
- the connection is read-only (an SQLite ``file:...?mode=ro`` URI) with a busy timeout of 0,
  so a database another process holds locked is, for that moment, no sessions;
- a read-only connection to a WAL database creates its ``-wal`` and ``-shm`` files when they
  are missing. They are missing exactly when no one has the database open and its content is
  all in the main file: then it is opened ``immutable`` (no side files, no locks).
- when the side files are there but cannot be used (a ``-shm`` file left short by a full disk,
  which a reader cannot grow), it is opened ``immutable`` too, rather than read as empty; a
  lock is never a reason for that.

Every error reading the file counts as no sessions: a prompt must not fail. The full store
(:mod:`.store`) reports problems; this module only peeks.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from datetime import date
from pathlib import Path

from stretchtimer.history.schema import NEWEST_FIRST, ROUTINE_NAMES

_DAY = "substr(started_at, 1, 10)"  # the local start date, spelled as the index has it


def _uri(path: Path, immutable: bool = False) -> str:
    """Return the ``file:`` URI of ``path`` (``%``, ``?`` and ``#`` escaped, as SQLite needs).

    Args:
        path: the history database.
        immutable: open it immutable even when its side files are there.
    """
    name = str(path.absolute()).replace("%", "%25").replace("?", "%3f").replace("#", "%23")
    wal = os.path.exists(f"{path}-wal") and os.path.exists(f"{path}-shm")
    mode = "mode=ro" if wal and not immutable else "mode=ro&immutable=1"
    return f"file:{name}?{mode}"


def _connect(uri: str) -> sqlite3.Connection | None:
    try:
        db = sqlite3.connect(
            uri, uri=True, timeout=0, isolation_level=None, check_same_thread=False
        )
    except sqlite3.Error:
        return None
    try:
        db.execute("PRAGMA busy_timeout = 0")
    except sqlite3.Error:
        db.close()
        return None
    return db


def open_readonly(path: Path) -> sqlite3.Connection | None:
    """Open the history read-only without creating anything; None when there is none.

    Args:
        path: the history database.
    """
    try:
        if not path.is_file():
            return None
    except OSError:  # its folder cannot be searched: as unreadable, no history
        return None
    db = _connect(_uri(path))
    if db is None:
        return None
    try:
        db.execute("SELECT 1 FROM sqlite_master LIMIT 1").fetchall()
    except sqlite3.Error as exc:
        from stretchtimer.history.db import is_busy

        if is_busy(exc):
            return db  # locked for a moment: no sessions now, as documented
        db.close()  # the side files cannot be used (a full disk): read the main file alone
        return _connect(_uri(path, immutable=True))
    return db


def completed_counts(
    db: sqlite3.Connection | None, since: date, routine: str | None = None
) -> dict[date, int]:
    """Return the completed sessions of each local date from ``since`` on (one indexed query).

    Args:
        db: a connection from :func:`open_readonly` (None: no history).
        since: the first local date wanted.
        routine: only this routine's sessions; all when None.

    Returns:
        Sessions per date; empty when the history is missing, locked or unreadable.
    """
    if db is None:
        return {}
    sql = f"SELECT {_DAY} AS day, count(*) FROM sessions WHERE status = 'completed' AND {_DAY} >= ?"
    params: list[object] = [since.isoformat()]
    if routine is not None:
        sql += " AND routine_id = ?"
        params.append(routine)
    sql += " GROUP BY day"
    try:
        rows = db.execute(sql, params).fetchall()
    except sqlite3.Error:
        return {}
    counts: dict[date, int] = {}
    for day, count in rows:
        try:
            counts[date.fromisoformat(day)] = int(count)
        except (TypeError, ValueError):
            continue
    return counts


def _routine_clause(routine: str | None) -> tuple[str, list[object]]:
    return (" AND routine_id = ?", [routine]) if routine is not None else ("", [])


def days_done(
    db: sqlite3.Connection | None, today: date, routine: str | None = None
) -> Iterator[date]:
    """Yield the local dates with a completed session up to ``today``, newest first, lazily.

    Each date is one indexed lookup (the latest date before the previous one), so reading the
    last few weeks of a long history costs as little as reading a short one.

    Args:
        db: a connection from :func:`open_readonly` (None: no history).
        today: the last date wanted.
        routine: only this routine's sessions; all when None.
    """
    if db is None:
        return
    extra, params = _routine_clause(routine)
    sql = (
        "WITH RECURSIVE d(day) AS ("
        f" SELECT max({_DAY}) FROM sessions WHERE status = 'completed' AND {_DAY} <= ?{extra}"
        " UNION ALL"
        f" SELECT (SELECT max({_DAY}) FROM sessions WHERE status = 'completed'"
        f" AND {_DAY} < d.day{extra}) FROM d WHERE d.day IS NOT NULL"
        ") SELECT day FROM d WHERE day IS NOT NULL"
    )
    try:
        cursor = db.execute(sql, [today.isoformat(), *params, *params])
        while rows := cursor.fetchmany(64):
            for (text,) in rows:
                try:
                    yield date.fromisoformat(text)
                except (TypeError, ValueError):
                    continue
    except sqlite3.Error:
        return


def count_on(db: sqlite3.Connection | None, day: date, routine: str | None = None) -> int:
    """Return the completed sessions of one local date (0 when the history cannot be read).

    Args:
        db: a connection from :func:`open_readonly` (None: no history).
        day: the date.
        routine: only this routine's sessions; all when None.
    """
    if db is None:
        return 0
    extra, params = _routine_clause(routine)
    try:
        row = db.execute(
            f"SELECT count(*) FROM sessions WHERE status = 'completed' AND {_DAY} = ?{extra}",
            [day.isoformat(), *params],
        ).fetchone()
    except sqlite3.Error:
        return 0
    return int(row[0]) if row else 0


def routine_names(db: sqlite3.Connection | None) -> dict[str, str] | None:
    """Return each routine id of the history with the name of its latest session.

    Args:
        db: a connection from :func:`open_readonly` (None: no history, so no routines).

    Returns:
        The ids and names; None when the history cannot be read now (locked, damaged), so
        the caller cannot tell which routines exist.
    """
    if db is None:
        return {}
    try:
        rows = db.execute(ROUTINE_NAMES).fetchall()
    except sqlite3.Error:
        return None
    return {str(rid): str(name) for rid, name in rows}


def has_routine(db: sqlite3.Connection | None, routine: str) -> bool:
    """Return True when the history has a session of this exact routine id (one index probe).

    Args:
        db: a connection from :func:`open_readonly` (None: no history).
        routine: the routine id.
    """
    if db is None:
        return False
    try:
        row = db.execute("SELECT 1 FROM sessions WHERE routine_id = ? LIMIT 1", [routine])
        return row.fetchone() is not None
    except sqlite3.Error:
        return False


class Activity:
    """What home needs to pick a routine and show when each was last done.

    Per routine, its last completed session's start and today's completed sessions; and which
    routine ran last (whatever its outcome).
    """

    __slots__ = ("last_done", "last_run", "today")

    def __init__(
        self,
        last_done: dict[str, str] | None = None,
        today: dict[str, int] | None = None,
        last_run: str | None = None,
    ) -> None:
        self.last_done = last_done or {}
        self.today = today or {}
        self.last_run = last_run


def activity(db: sqlite3.Connection | None, today: date) -> Activity:
    """Read each routine's last completed session and today's count (three small queries).

    Args:
        db: a connection from :func:`open_readonly` (None: no history).
        today: the local date now.

    Returns:
        The activity; empty when the history is missing, locked or unreadable. ``last_done``
        holds the stored ISO start times (local, with their UTC offset).
    """
    if db is None:
        return Activity()
    try:
        last = db.execute(  # the start time of the row with the latest instant (offsets read)
            "SELECT routine_id, started_at, max(julianday(started_at)) FROM sessions"
            " WHERE status = 'completed' GROUP BY routine_id"
        ).fetchall()
        counts = db.execute(
            f"SELECT routine_id, count(*) FROM sessions WHERE status ="
            f" 'completed' AND {_DAY} = ? GROUP BY routine_id",
            [today.isoformat()],
        ).fetchall()
        newest = f"SELECT routine_id FROM sessions ORDER BY {NEWEST_FIRST} LIMIT 1"
        run = db.execute(newest).fetchone()
    except sqlite3.Error:
        return Activity()
    return Activity(
        {str(r): str(t) for r, t, _ in last},
        {str(r): int(n) for r, n in counts},
        str(run[0]) if run else None,
    )


def doctor_advice(db: sqlite3.Connection | None, today: date) -> str | None:
    """Return the doctor advice of the cramp diary when it is due, else None.

    Reads nothing more than one indexed probe when no cramp was logged lately, so a prompt
    stays quick; any error (an old history without a diary) counts as no advice.

    Args:
        db: a read-only history connection (None: no history).
        today: the local date now.
    """
    if db is None:
        return None
    try:
        if db.execute("SELECT 1 FROM cramps LIMIT 1").fetchone() is None:
            return None  # no diary: no settings to read, nothing more to import
    except sqlite3.Error:
        return None
    from stretchtimer.history import cramps as diary
    from stretchtimer.history.settings import advice_rules

    rules = advice_rules()
    since = diary.advice_window(today, rules).isoformat()
    try:
        rows = db.execute(
            f"SELECT {diary.CRAMP_COLUMNS} FROM cramps WHERE substr(at, 1, 10) >= ?"
            " ORDER BY at DESC, id DESC",
            (since,),
        ).fetchall()
        if not rows:
            return None
        state = db.execute(
            "SELECT value FROM diary_state WHERE key = ?", (diary.DISMISSAL_KEY,)
        ).fetchone()
    except sqlite3.Error:
        return None
    found = diary.advice_from(
        [diary.cramp_from_row(r) for r in rows],
        diary.dismissal_from(state[0]) if state else None,
        today,
        rules,
    )
    return None if found is None else found[0]
