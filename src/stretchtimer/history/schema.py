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

Version 3: step outcomes. ``steps.status`` is ``done``, ``skipped`` or ``stopped`` (old rows:
``skipped`` or ``done`` from the ``skipped`` flag, which is still written for old readers) and
``steps.attempt`` numbers the passes through one segment (after "back"); ``sessions`` gain
``steps_skipped`` and ``steps_stopped`` beside ``steps_done``, counted by the rules of
:mod:`stretchtimer.session.summary` (old rows: skipped exercises never done; none stopped).

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
    # v3
    """
    ALTER TABLE steps ADD COLUMN status TEXT NOT NULL DEFAULT 'done';
    ALTER TABLE steps ADD COLUMN attempt INTEGER NOT NULL DEFAULT 1;
    UPDATE steps SET status = 'skipped' WHERE skipped <> 0;
    UPDATE steps SET attempt = (
        SELECT count(*) FROM steps AS p
        WHERE p.session_id = steps.session_id AND p.segment_index = steps.segment_index
          AND p.seq <= steps.seq)
    WHERE EXISTS (
        SELECT 1 FROM steps AS p
        WHERE p.session_id = steps.session_id AND p.segment_index = steps.segment_index
          AND p.seq < steps.seq);
    ALTER TABLE sessions ADD COLUMN steps_skipped INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE sessions ADD COLUMN steps_stopped INTEGER NOT NULL DEFAULT 0;
    UPDATE sessions SET steps_skipped = (
        SELECT count(DISTINCT s.segment_index) FROM steps AS s
        WHERE s.session_id = sessions.id AND s.kind IN ('hold', 'reps') AND s.skipped <> 0
          AND NOT EXISTS (
              SELECT 1 FROM steps AS d
              WHERE d.session_id = s.session_id AND d.segment_index = s.segment_index
                AND d.skipped = 0))
    WHERE EXISTS (SELECT 1 FROM steps AS s WHERE s.session_id = sessions.id AND s.skipped <> 0);
    """,
)

SCHEMA_VERSION = len(MIGRATIONS)
