"""Low-level SQLite handling for the history: connecting, migrating, quarantining, repairing.

See :mod:`.store` for the design; this module holds the parts that work on a bare connection.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from stretchtimer.history import owner, schema

_SQLITE_IOERR = 10
_SQLITE_CORRUPT = 11
_SQLITE_FULL = 13
_SQLITE_NOTADB = 26
_SQLITE_READONLY = 8
SIDE_FILES = ("-wal", "-shm", "-journal")


class HistoryUnavailable(Exception):
    """The history cannot be read or written; ``message`` says why, for the user.

    ``reason`` is the bare cause (``database is locked``), ``busy`` True when another
    connection holds the lock (worth waiting for), ``started_afresh`` True when the history was
    found damaged, moved aside and a fresh one started (worth trying again at once; ``reason``
    then says where the old file went).
    """

    def __init__(
        self,
        message: str,
        reason: str | None = None,
        busy: bool = False,
        started_afresh: bool = False,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.reason = reason or message
        self.busy = busy
        self.started_afresh = started_afresh


def is_busy(exc: BaseException) -> bool:
    """Return True when an SQLite error means another connection holds the lock."""
    code = getattr(exc, "sqlite_errorcode", None)
    if isinstance(code, int) and code & 0xFF in (5, 6):  # SQLITE_BUSY, SQLITE_LOCKED
        return True
    text = str(exc).lower()
    return "locked" in text or "busy" in text


class CorruptHistory(Exception):
    """The file was not a database or was damaged.

    It was moved to ``moved`` (None if it could not be moved: ``move_error`` says why).
    """

    def __init__(
        self, error: sqlite3.Error, moved: Path | None, move_error: OSError | None = None
    ) -> None:
        super().__init__(str(error))
        self.error = error
        self.moved = moved
        self.move_error = move_error


def local_now() -> datetime:
    """Return the current local time with its UTC offset."""
    return datetime.now().astimezone()


def to_iso(moment: datetime) -> str:
    """Return ``moment`` as ISO 8601 with its UTC offset (naive times are taken as local)."""
    if moment.tzinfo is None:
        moment = moment.astimezone()
    return moment.isoformat(timespec="seconds")


def is_corrupt(exc: BaseException) -> bool:
    """Return True when an error means the file is not a database or is damaged.

    SQLite's result code decides when the error has one: only ``SQLITE_CORRUPT`` and
    ``SQLITE_NOTADB`` count, never a lock, a full disk or an I/O error, so a file that is only
    busy or on a full disk is never taken for damaged. The text is read only for errors
    without a code.
    """
    if not isinstance(exc, sqlite3.DatabaseError):
        return False
    code = getattr(exc, "sqlite_errorcode", None)
    if isinstance(code, int):
        return code & 0xFF in (_SQLITE_CORRUPT, _SQLITE_NOTADB)
    text = str(exc).lower()
    return "not a database" in text or "disk image is malformed" in text


def is_disk_problem(exc: BaseException) -> bool:
    """Return True when an error means the disk is full or failed a read or write."""
    code = getattr(exc, "sqlite_errorcode", None)
    if isinstance(code, int):
        return code & 0xFF in (_SQLITE_FULL, _SQLITE_IOERR)
    text = str(exc).lower()
    return "disk is full" in text or "disk i/o error" in text


def is_read_only(exc: sqlite3.Error) -> bool:
    """Return True when an error means the history can be read but not written here."""
    code = getattr(exc, "sqlite_errorcode", None)
    if isinstance(code, int) and code & 0xFF == _SQLITE_READONLY:
        return True
    text = str(exc).lower()
    return "readonly" in text or "read-only" in text


def connect_read_only(path: Path, busy_timeout: float) -> sqlite3.Connection:
    """Open ``path`` only to read it: read-only, or immutable if even that needs a write.

    A history in WAL mode needs its ``-shm`` file to be read normally; when neither it nor the
    folder can be written, SQLite can still read the file as immutable.

    Raises:
        sqlite3.Error: the file cannot be read either.
        HistoryUnavailable: the file was written by a newer schema.
    """
    uri = path.absolute().as_uri()
    error: sqlite3.Error | None = None
    for query in ("mode=ro", "immutable=1"):
        db = sqlite3.connect(
            f"{uri}?{query}",
            uri=True,
            timeout=busy_timeout,
            isolation_level=None,
            check_same_thread=False,
        )
        try:
            db.execute("SELECT count(*) FROM sessions").fetchone()
            check_version(db, path)
        except sqlite3.Error as exc:
            db.close()
            error = exc
            continue
        except BaseException:
            db.close()
            raise
        return db
    assert error is not None
    raise error


@contextmanager
def transaction(db: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """Run the block in ``BEGIN IMMEDIATE`` ... ``COMMIT`` (``ROLLBACK`` on any error)."""
    db.execute("BEGIN IMMEDIATE")
    try:
        yield db
    except BaseException:
        # SQLite may have rolled back already (a full disk does): keep the first error
        if db.in_transaction:
            with contextlib.suppress(sqlite3.Error):
                db.execute("ROLLBACK")
        raise
    try:
        db.execute("COMMIT")
    except BaseException:
        if db.in_transaction:
            with contextlib.suppress(sqlite3.Error):
                db.execute("ROLLBACK")
        raise


def connect(path: Path, busy_timeout: float) -> sqlite3.Connection:
    """Open ``path`` in WAL mode and bring its schema up to date.

    Args:
        path: the database file (created when missing; its folder must exist).
        busy_timeout: seconds to wait for another connection's lock.

    Raises:
        CorruptHistory: the file is not a database or is damaged; it was moved aside with its
            side files *before* the connection closed (closing deletes the ``-wal`` and
            ``-shm`` files of a file SQLite cannot read).
        sqlite3.Error: the file cannot be opened.
        HistoryUnavailable: the file was written by a newer schema.
    """
    db = sqlite3.connect(path, timeout=busy_timeout, isolation_level=None, check_same_thread=False)
    try:
        db.execute("SELECT count(*) FROM sqlite_master").fetchone()
        check_version(db, path)  # before anything is written to the file
        enable_wal(db, busy_timeout)
        db.execute("PRAGMA synchronous=NORMAL")
        db.execute("PRAGMA foreign_keys=ON")
        migrate(db)
    except sqlite3.DatabaseError as exc:
        if not is_corrupt(exc):
            db.close()
            raise
        try:
            moved = quarantine(path)
        except OSError as move_error:
            db.close()
            raise CorruptHistory(exc, None, move_error) from exc
        db.close()
        raise CorruptHistory(exc, moved) from exc
    except BaseException:
        db.close()
        raise
    return db


def enable_wal(db: sqlite3.Connection, busy_timeout: float) -> None:
    """Put the database in WAL mode (a lasting property of the file), retrying while busy.

    Switching the journal mode can fail at once with "database is locked" when another
    connection opens the same new file at the same moment: SQLite's busy handler does not
    cover it, so this retries until ``busy_timeout`` runs out.
    """
    if db.execute("PRAGMA journal_mode").fetchone()[0].lower() == "wal":
        return
    deadline = time.monotonic() + busy_timeout
    while True:
        try:
            db.execute("PRAGMA journal_mode=WAL").fetchone()
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) and "busy" not in str(exc):
                raise
            if time.monotonic() >= deadline:
                raise
            time.sleep(0.005)


def _version(db: sqlite3.Connection) -> int:
    return int(db.execute("PRAGMA user_version").fetchone()[0])


def check_version(db: sqlite3.Connection, path: Path) -> None:
    """Refuse a database written by a newer schema than this program knows.

    Raises:
        HistoryUnavailable: the database is newer than this program.
    """
    version = _version(db)
    if version > schema.SCHEMA_VERSION:
        raise HistoryUnavailable(
            f"The history file {path} was written by a newer stretchtimer (schema version "
            f"{version}, this one knows {schema.SCHEMA_VERSION}). Upgrade stretchtimer to "
            "read it."
        )


def statements(script: str) -> list[str]:
    """Split an SQL script into its statements (a trigger's body, with its ``;``, stays whole).

    Args:
        script: statements separated by ``;``.
    """
    found: list[str] = []
    pending = ""
    for piece in script.split(";"):
        pending += piece + ";"
        if sqlite3.complete_statement(pending):
            if pending.strip(" \n\t;"):
                found.append(pending.strip())
            pending = ""
    if pending.strip(" \n\t;"):
        found.append(pending.strip())
    return found


def migrate(db: sqlite3.Connection) -> None:
    """Run the migrations the database lacks, each in its own ``BEGIN IMMEDIATE`` transaction."""
    version = _version(db)
    while version < schema.SCHEMA_VERSION:
        with transaction(db):
            version = _version(db)  # another process may have migrated while we waited
            if version < schema.SCHEMA_VERSION:
                for statement in statements(schema.MIGRATIONS[version]):
                    db.execute(statement)
                version += 1
                db.execute(f"PRAGMA user_version = {version}")


def quarantine(path: Path) -> Path:
    """Move a damaged database and its side files aside; return where the database went.

    The new name is ``<name>.corrupt-YYYYmmdd-HHMMSS`` (plus ``-2``, ``-3`` ... if taken); its
    ``-wal``/``-shm`` files keep their suffix after it, so SQLite still pairs them.

    Raises:
        OSError: a file could not be moved.
    """
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.name}.corrupt-{stamp}")
    n = 1
    while target.exists():
        n += 1
        target = path.with_name(f"{path.name}.corrupt-{stamp}-{n}")
    os.replace(path, target)
    for suffix in SIDE_FILES:
        side = Path(f"{path}{suffix}")
        if side.exists():
            os.replace(side, Path(f"{target}{suffix}"))
    return target


def mark_interrupted(db: sqlite3.Connection) -> int:
    """Mark running sessions whose owner process is gone as interrupted; return how many.

    The end time becomes the session's last sign of life (its start or its last step).
    """
    rows = db.execute(
        "SELECT id, owner_pid, owner_mark FROM sessions WHERE status = 'running'"
    ).fetchall()
    gone = [(sid,) for sid, pid, mark in rows if owner.owner_gone(pid, mark)]
    if gone:
        with transaction(db):
            db.executemany(
                "UPDATE sessions SET status = 'interrupted', ended_at = updated_at "
                "WHERE id = ? AND status = 'running'",
                gone,
            )
    return len(gone)
