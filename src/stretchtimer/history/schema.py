"""The history database's schema, as a list of migrations.

The schema version lives in ``PRAGMA user_version``. Migration ``n`` (1-based) takes a database
from version ``n - 1`` to version ``n``; the store runs each one inside ``BEGIN IMMEDIATE`` and
sets ``user_version`` in the same transaction, so a crash leaves either the old or the new
schema. Never edit a migration that has shipped: add a new one.

Version 1: ``sessions`` and ``steps``.
Version 2: ``sessions.paused_seconds``, and indexes on the local start date (the expression
``substr(started_at, 1, 10)``, which queries must spell the same way to use them) for the
per-day totals and the streak query, and on the routine (covering the per-routine totals) for
the routine filter.

Times are ISO 8601 text with the local UTC offset at the moment they were written
(``2024-05-01T21:03:00+02:00``), so ``substr(started_at, 1, 10)`` is the local date of a
session's start, which is the day it counts for.
"""

from __future__ import annotations

MIGRATIONS: tuple[str, ...] = (
    # v1
    """
    CREATE TABLE sessions (
        id             INTEGER PRIMARY KEY,
        routine_id     TEXT    NOT NULL,
        routine_name   TEXT    NOT NULL,
        started_at     TEXT    NOT NULL,
        ended_at       TEXT,
        updated_at     TEXT    NOT NULL,
        status         TEXT    NOT NULL,
        active_seconds REAL    NOT NULL DEFAULT 0,
        steps_done     INTEGER NOT NULL DEFAULT 0,
        steps_total    INTEGER NOT NULL,
        owner_pid      INTEGER,
        owner_mark     TEXT
    );
    CREATE TABLE steps (
        session_id     INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
        seq            INTEGER NOT NULL,
        segment_index  INTEGER NOT NULL,
        kind           TEXT    NOT NULL,
        label          TEXT    NOT NULL,
        side           TEXT,
        set_number     INTEGER NOT NULL,
        planned        REAL,
        actual         REAL    NOT NULL,
        skipped        INTEGER NOT NULL,
        PRIMARY KEY (session_id, seq)
    ) WITHOUT ROWID;
    """,
    # v2
    """
    ALTER TABLE sessions ADD COLUMN paused_seconds REAL NOT NULL DEFAULT 0;
    CREATE INDEX sessions_day
        ON sessions (substr(started_at, 1, 10), routine_id, status, active_seconds);
    CREATE INDEX sessions_done_day ON sessions (status, substr(started_at, 1, 10));
    CREATE INDEX sessions_routine ON sessions (routine_id, status, active_seconds);
    """,
)

SCHEMA_VERSION = len(MIGRATIONS)
