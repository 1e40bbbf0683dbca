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

Version 4 (the cramp diary): ``sessions.uid``, a stable unique id (a random UUID, given to the
existing sessions here) that identifies a session across machines and exports; the ``cramps``
table (one logged cramp each, with its own ``uid``; ``at`` is the local time it began, with its
offset, and flags are 0/1); ``diary_state``, small keyed values of the diary (when the doctor
advice was dismissed).

Version 5, day totals: ``day_totals`` holds, for each local start date
and routine, the number of sessions, of completed ones and their active seconds, kept in step
with ``sessions`` by triggers (insert, delete, and updates of the columns it counts), so the
streaks, the heatmap and the per-routine totals read a row per day and routine instead of
every session. Migrations are split into statements with :func:`sqlite3.complete_statement`,
so a trigger's body stays whole.

Version 6, newest first by start time: indexes on the instant a session started
(``julianday(started_at)``, which reads the UTC offset, then ``id`` as the tie-breaker), one
of them per routine, so the lists of recent sessions are sorted by when sessions happened (an
imported old session has a high ``id``) without reading every row. Queries must spell the
expression the same way to use them (see :data:`NEWEST_FIRST`). A stored time that is no number
of seconds (see :data:`_NOT_SECONDS`) is made 0 and the day totals are counted again.

Times are ISO 8601 text with the local UTC offset at the moment they were written
(``2024-05-01T21:03:00+02:00``), so ``substr(started_at, 1, 10)`` is the local date of a
session's start, which is the day it counts for.
"""

from __future__ import annotations

_RANDOM_UUID = (
    "lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || "
    "substr(hex(randomblob(2)), 2) || '-' || substr('89ab', 1 + abs(random()) % 4, 1) || "
    "substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6)))"
)
"""SQL for a random (version 4) UUID, as ``uuid.uuid4()`` writes it."""

_DAY_TOTALS_ADD = """
    INSERT INTO day_totals (day, routine_id, sessions, completed, active_seconds)
    VALUES (substr(NEW.started_at, 1, 10), NEW.routine_id, 1, NEW.status = 'completed',
            NEW.active_seconds)
    ON CONFLICT (day, routine_id) DO UPDATE SET
        sessions = sessions + 1,
        completed = completed + excluded.completed,
        active_seconds = active_seconds + excluded.active_seconds;
"""
_DAY_TOTALS_REMOVE = """
    UPDATE day_totals SET
        sessions = sessions - 1,
        completed = completed - (OLD.status = 'completed'),
        active_seconds = active_seconds - OLD.active_seconds
    WHERE day = substr(OLD.started_at, 1, 10) AND routine_id = OLD.routine_id;
    DELETE FROM day_totals
    WHERE day = substr(OLD.started_at, 1, 10) AND routine_id = OLD.routine_id
      AND sessions <= 0;
"""

_NOT_SECONDS = "(typeof({0}) NOT IN ('integer', 'real') OR NOT ({0} BETWEEN 0 AND 1e300))"
"""A stored time that is no number of seconds: text, NaN (stored as NULL), infinite or negative.
An older version's import let such values in; summed into the day totals they hid every other
session of their day."""

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
    # v4
    f"""
    ALTER TABLE sessions ADD COLUMN uid TEXT;
    UPDATE sessions SET uid = {_RANDOM_UUID} WHERE uid IS NULL;
    CREATE UNIQUE INDEX sessions_uid ON sessions (uid);
    CREATE TABLE cramps (
        id          INTEGER PRIMARY KEY,
        uid         TEXT    NOT NULL UNIQUE,
        at          TEXT    NOT NULL,
        leg         TEXT    NOT NULL,
        muscle      TEXT    NOT NULL,
        severity    INTEGER NOT NULL CHECK (severity BETWEEN 0 AND 10),
        minutes     REAL,
        woke        INTEGER NOT NULL DEFAULT 0,
        swelling    INTEGER NOT NULL DEFAULT 0,
        redness     INTEGER NOT NULL DEFAULT 0,
        weakness    INTEGER NOT NULL DEFAULT 0,
        note        TEXT    NOT NULL DEFAULT '',
        updated_at  TEXT    NOT NULL
    );
    CREATE INDEX cramps_day ON cramps (substr(at, 1, 10));
    CREATE TABLE diary_state (
        key    TEXT PRIMARY KEY,
        value  TEXT NOT NULL
    ) WITHOUT ROWID;
    """,
    # v5: day totals
    f"""
    CREATE TABLE day_totals (
        day            TEXT    NOT NULL,
        routine_id     TEXT    NOT NULL,
        sessions       INTEGER NOT NULL,
        completed      INTEGER NOT NULL,
        active_seconds REAL    NOT NULL,
        PRIMARY KEY (day, routine_id)
    ) WITHOUT ROWID;
    CREATE INDEX day_totals_routine ON day_totals (routine_id, day);
    CREATE INDEX sessions_latest ON sessions (routine_id, id);
    INSERT INTO day_totals (day, routine_id, sessions, completed, active_seconds)
    SELECT substr(started_at, 1, 10), routine_id, count(*), sum(status = 'completed'),
           sum(active_seconds)
    FROM sessions GROUP BY 1, 2;
    CREATE TRIGGER day_totals_insert AFTER INSERT ON sessions BEGIN {_DAY_TOTALS_ADD} END;
    CREATE TRIGGER day_totals_delete AFTER DELETE ON sessions BEGIN {_DAY_TOTALS_REMOVE} END;
    CREATE TRIGGER day_totals_update
    AFTER UPDATE OF started_at, routine_id, status, active_seconds ON sessions
    BEGIN {_DAY_TOTALS_REMOVE} {_DAY_TOTALS_ADD} END;
    """,
    # v6: newest first by start time; times no session can have are made 0, totals rebuilt
    f"""
    CREATE INDEX sessions_started ON sessions (julianday(started_at), id);
    CREATE INDEX sessions_routine_started ON sessions (routine_id, julianday(started_at), id);
    DROP INDEX IF EXISTS sessions_latest;
    DELETE FROM day_totals;  -- first: the triggers would subtract an infinity (NaN, no number)
    UPDATE sessions SET active_seconds = 0 WHERE {_NOT_SECONDS.format("active_seconds")};
    UPDATE sessions SET paused_seconds = 0 WHERE {_NOT_SECONDS.format("paused_seconds")};
    UPDATE steps SET actual = 0 WHERE {_NOT_SECONDS.format("actual")};
    UPDATE steps SET planned = 0
    WHERE planned IS NOT NULL AND {_NOT_SECONDS.format("planned")};
    DELETE FROM day_totals;
    INSERT INTO day_totals (day, routine_id, sessions, completed, active_seconds)
    SELECT substr(started_at, 1, 10), routine_id, count(*), sum(status = 'completed'),
           sum(active_seconds)
    FROM sessions GROUP BY 1, 2;
    """,
)

SCHEMA_VERSION = len(MIGRATIONS)

NEWEST_FIRST = "julianday(started_at) DESC, id DESC"
"""The order of "recent sessions": by the instant each started (its UTC offset read), the
later recorded first when two started at the same moment; indexed, spelled as the v6 indexes
have it. Not ``id``: an imported old session gets a new, higher one."""

ROUTINE_NAMES = (
    "SELECT routine_id, (SELECT routine_name FROM sessions AS s"
    f" WHERE s.routine_id = r.routine_id ORDER BY {NEWEST_FIRST} LIMIT 1)"
    " FROM (SELECT DISTINCT routine_id FROM day_totals) AS r"
)
"""Each routine of the history with the name of its newest session: the routines from the day
totals (a row per day and routine, not per session), each name through the v6 index."""
