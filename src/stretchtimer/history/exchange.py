"""The history as a JSON document, and merging such a document into a history.

The document (``stretchtimer history --json``) is one object::

    {"stretchtimer_history": 1, "sessions": [...], "cramps": [...]}

Sessions and cramps each carry ``uid``, a stable unique id; ``id`` is the local number on the
machine that wrote the file. :func:`import_document` merges a document by ``uid``: a record
already present with the same content is skipped, one present with different content is kept
as it is and reported, a new one is added (keeping its ``id`` when that number is free, so a
backup restored into an empty history exports as the same document). A session that was still
running in the file is added as ``interrupted``. A bare JSON array of sessions (the export of
earlier versions, without uids) is read too: each session then gets a uid made from its routine
and start time, so importing the same file twice still adds nothing.

Everything is merged in one transaction: a file with a problem adds nothing.

A file is checked whole before anything is merged, against what a session the app recorded can
be: it started no later than now (give or take :data:`CLOCK_SKEW`, for two machines' clocks)
and ended no earlier than it started; its active and paused seconds, and each step's, are
finite, not negative, and fit together in the time from its start to its end (to now while it
is running), give or take :data:`CLOCK_SKEW`; whole numbers are not negative and fit SQLite's
64 bits. Infinity and NaN (which Python's ``json`` writes) are refused, and so is a document
nested too deeply to read.
"""

from __future__ import annotations

import json
import math
import sqlite3
import uuid
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import Any

from stretchtimer.history.cramps import CRAMP_COLUMNS, cramp_from_row, cramp_values
from stretchtimer.history.db import local_now, to_iso
from stretchtimer.history.diary import Cramp, DiaryError, check_cramp
from stretchtimer.history.records import (
    SESSION_COLUMNS,
    STEP_COLUMNS,
    SessionRow,
    StepRow,
    session_from_row,
    step_from_row,
)
from stretchtimer.history.store import HistoryStore
from stretchtimer.safe_text import json_escaped

FORMAT_KEY = "stretchtimer_history"
FORMAT_VERSION = 1
STATUSES = ("completed", "stopped", "interrupted", "running")
STEP_STATUSES = ("done", "skipped", "stopped")
_LEGACY_NAMESPACE = uuid.UUID("6f1d1c2e-3b7a-4f0e-9c55-2d8f3b0a9e41")
CLOCK_SKEW = timedelta(minutes=5)
"""How far a time in a file may lie ahead of this machine's clock, or its seconds exceed the
time between its start and end (two machines' clocks, times written to the whole second)."""
MAX_INTEGER = 2**63 - 1
"""The largest whole number SQLite stores."""


def _iso(moment: datetime | None) -> str | None:
    return None if moment is None else moment.isoformat()


def session_json(s: SessionRow) -> dict[str, Any]:
    """Return one session as the export's object."""
    return {
        "id": s.id,
        "uid": s.uid,
        "routine": s.routine_id,
        "routine_name": s.routine_name,
        "started_at": _iso(s.started_at),
        "ended_at": _iso(s.ended_at),
        "status": s.status,
        "active_seconds": round(s.active_seconds, 3),
        "paused_seconds": round(s.paused_seconds, 3),
        "steps_done": s.steps_done,
        "steps_total": s.steps_total,
        "steps_skipped": s.steps_skipped,
        "steps_stopped": s.steps_stopped,
        "steps": [
            {
                "index": st.segment_index,
                "kind": st.kind,
                "label": st.label,
                "side": st.side,
                "set": st.set_number,
                "planned_seconds": st.planned,
                "actual_seconds": round(st.actual, 3),
                "status": st.status,
                "attempt": st.attempt,
                "skipped": st.skipped,
            }
            for st in s.steps
        ],
    }


def cramp_json(c: Cramp) -> dict[str, Any]:
    """Return one cramp as the export's object."""
    return {
        "id": c.id,
        "uid": c.uid,
        "at": c.at.isoformat(),
        "leg": c.leg,
        "muscle": c.muscle,
        "severity": c.severity,
        "minutes": c.minutes,
        "woke": c.woke,
        "swelling": c.swelling,
        "redness": c.redness,
        "weakness": c.weakness,
        "note": c.note,
    }


def json_line(obj: Any) -> str:
    r"""Return ``obj`` as one line of JSON, readable (not ASCII-only) but terminal-safe.

    Characters that could drive a terminal (see :mod:`stretchtimer.safe_text`) are written as
    ``\uXXXX`` escapes, which any JSON reader turns back into the same text.
    """
    return json_escaped(json.dumps(obj, ensure_ascii=False))


def write_document(sessions: Iterator[SessionRow], cramps: list[Cramp], out: Any) -> None:
    """Write the export document, one record a line, streaming the sessions.

    Args:
        sessions: the sessions with their steps, oldest first.
        cramps: the cramps, oldest first.
        out: a text stream.
    """
    write_document_lines((json_line(session_json(s)) for s in sessions), cramps, out)


def write_document_lines(sessions: Iterable[str], cramps: list[Cramp], out: Any) -> None:
    """Write the export document from sessions already written as JSON lines, as they come.

    Args:
        sessions: each session's JSON object as :func:`json_line` writes it, oldest first (the
            fast export writes them straight from the stored rows).
        cramps: the cramps, oldest first.
        out: a text stream.
    """
    out.write(f'{{"{FORMAT_KEY}": {FORMAT_VERSION},\n "sessions": [')
    first = True
    for line in sessions:
        out.write("\n  " if first else ",\n  ")
        out.write(line)
        first = False
    out.write("],\n" if first else "\n ],\n")
    out.write(' "cramps": [')
    for i, c in enumerate(cramps):
        out.write("\n  " if i == 0 else ",\n  ")
        out.write(json_line(cramp_json(c)))
    out.write("]}\n" if not cramps else "\n ]}\n")


class ImportProblem(ValueError):
    """The document cannot be imported; the message says where and why."""


@dataclass(slots=True)
class ImportResult:
    """What an import did."""

    sessions_added: int = 0
    sessions_present: int = 0
    cramps_added: int = 0
    cramps_present: int = 0
    conflicts: list[str] = field(default_factory=list)
    """One line per record whose uid is present here with different content (kept as it is)."""


# -- reading a document ----------------------------------------------------------------------


def _need(
    obj: Mapping[str, Any],
    key: str,
    kinds: type | tuple[type, ...],
    where: str,
    optional: bool = False,
) -> Any:
    if key not in obj:
        if optional:
            return None
        raise ImportProblem(f"{where}: `{key}` is missing")
    value = obj[key]
    if value is None and optional:
        return None
    if isinstance(value, bool) and bool not in (kinds if isinstance(kinds, tuple) else (kinds,)):
        raise ImportProblem(f"{where}: `{key}` has the wrong type")
    if not isinstance(value, kinds):
        raise ImportProblem(f"{where}: `{key}` has the wrong type")
    return value


def _whole(
    obj: Mapping[str, Any], key: str, where: str, optional: bool = False, least: int = 0
) -> Any:
    """Return a whole number from ``least`` to :data:`MAX_INTEGER` (None if optional, absent)."""
    value = _need(obj, key, int, where, optional)
    if value is not None and not least <= value <= MAX_INTEGER:
        raise ImportProblem(f"{where}: `{key}` must be a whole number from {least} to 2**63 - 1")
    return value


def _seconds(
    obj: Mapping[str, Any], key: str, where: str, most: float, optional: bool = False
) -> float | None:
    """Return a number of seconds from 0 to ``most`` (None when optional and absent)."""
    value = _need(obj, key, (int, float), where, optional)
    if value is None:
        return None
    seconds = float(value)
    if not 0.0 <= seconds <= most:  # NaN fails too
        raise ImportProblem(
            f"{where}: `{key}` must be from 0 to {most:.0f} seconds (the time from the "
            f"session's start to its end), not {value!r}"
        )
    return seconds


def _time(text: Any, key: str, where: str) -> datetime:
    try:
        moment = datetime.fromisoformat(str(text))
    except ValueError:
        raise ImportProblem(f"{where}: `{key}` is not a date and time ({text!r})") from None
    if moment.tzinfo is None:
        raise ImportProblem(f"{where}: `{key}` lacks its UTC offset ({text!r})")
    return moment


def _uid(value: Any, where: str) -> str:
    try:
        return str(uuid.UUID(str(value)))
    except ValueError:
        raise ImportProblem(f"{where}: `uid` is not a UUID ({value!r})") from None


def _step_status(step: Mapping[str, Any], where: str) -> str:
    """Return a step's status: ``status`` when given, else from ``skipped`` (older exports)."""
    status = _need(step, "status", str, where, optional=True)
    if status is None:
        return "skipped" if _need(step, "skipped", bool, where) else "done"
    if status not in STEP_STATUSES:
        raise ImportProblem(f"{where}: `status` must be one of {', '.join(STEP_STATUSES)}")
    return str(status)


def _not_future(moment: datetime, key: str, where: str, now: datetime) -> None:
    if moment > now + CLOCK_SKEW:
        raise ImportProblem(
            f"{where}: `{key}` is in the future ({moment.isoformat()}; now is "
            f"{now.isoformat(timespec='seconds')})"
        )


def parse_session(obj: Any, where: str, now: datetime | None = None) -> SessionRow:
    """Read one session object of a document, checked as the module docstring says.

    Args:
        obj: the parsed JSON object.
        where: how messages name it (``session 3``).
        now: the time now, with its UTC offset (this machine's clock by default).

    Raises:
        ImportProblem: a field is missing or wrong.
    """
    if not isinstance(obj, dict):
        raise ImportProblem(f"{where}: not an object")
    now = now or local_now()
    started = _time(_need(obj, "started_at", str, where), "started_at", where)
    _not_future(started, "started_at", where, now)
    ended_text = _need(obj, "ended_at", str, where, optional=True)
    ended = None if ended_text is None else _time(ended_text, "ended_at", where)
    if ended is not None:
        _not_future(ended, "ended_at", where, now)
        if ended < started:
            raise ImportProblem(f"{where}: `ended_at` is before `started_at`")
    most = ((ended or now) - started + CLOCK_SKEW).total_seconds()
    status = _need(obj, "status", str, where)
    if status not in STATUSES:
        raise ImportProblem(f"{where}: `status` must be one of {', '.join(STATUSES)}")
    routine = _need(obj, "routine", str, where)
    uid = (
        _uid(obj["uid"], where)
        if obj.get("uid") is not None
        else str(uuid.uuid5(_LEGACY_NAMESPACE, f"{routine}|{started.isoformat()}"))
    )
    steps = []
    for n, st in enumerate(_need(obj, "steps", list, where), start=1):
        sw = f"{where}, step {n}"
        if not isinstance(st, dict):
            raise ImportProblem(f"{sw}: not an object")
        steps.append(
            StepRow(
                seq=n,
                segment_index=_whole(st, "index", sw),
                kind=_need(st, "kind", str, sw),
                label=_need(st, "label", str, sw),
                side=_need(st, "side", str, sw, optional=True),
                set_number=_whole(st, "set", sw),
                planned=_planned(st, sw),
                actual=_seconds(st, "actual_seconds", sw, most) or 0.0,
                status=_step_status(st, sw),
                attempt=_whole(st, "attempt", sw, optional=True) or 1,
            )
        )
    active = _seconds(obj, "active_seconds", where, most) or 0.0
    paused = _seconds(obj, "paused_seconds", where, most, optional=True) or 0.0
    if active + paused > most:
        raise ImportProblem(
            f"{where}: `active_seconds` and `paused_seconds` add up to more than the "
            f"{most:.0f} seconds from the session's start to its end"
        )
    return SessionRow(
        id=_whole(obj, "id", where, optional=True) or 0,
        routine_id=routine,
        routine_name=_need(obj, "routine_name", str, where),
        started_at=started,
        ended_at=ended,
        status=status,
        active_seconds=active,
        paused_seconds=paused,
        steps_done=_whole(obj, "steps_done", where),
        steps_total=_whole(obj, "steps_total", where),
        steps_skipped=_whole(obj, "steps_skipped", where, optional=True) or 0,
        steps_stopped=_whole(obj, "steps_stopped", where, optional=True) or 0,
        steps=tuple(steps),
        uid=uid,
    )


def _planned(step: Mapping[str, Any], where: str) -> float | None:
    """Return a step's planned seconds: None (untimed reps) or a finite number of at least 0."""
    value = _need(step, "planned_seconds", (int, float), where, optional=True)
    if value is not None and not 0.0 <= float(value) < math.inf:
        raise ImportProblem(f"{where}: `planned_seconds` must be a number of at least 0")
    return None if value is None else float(value)


def parse_cramp(obj: Any, where: str, now: datetime | None = None) -> Cramp:
    """Read one cramp object of a document.

    Args:
        obj: the parsed JSON object.
        where: how messages name it (``cramp 2``).
        now: the time now, with its UTC offset (this machine's clock by default).

    Raises:
        ImportProblem: a field is missing or wrong.
    """
    if not isinstance(obj, dict):
        raise ImportProblem(f"{where}: not an object")
    minutes = _need(obj, "minutes", (int, float), where, optional=True)
    moment = _time(_need(obj, "at", str, where), "at", where)
    _not_future(moment, "at", where, now or local_now())
    cramp = Cramp(
        at=moment,
        leg=_need(obj, "leg", str, where),
        muscle=_need(obj, "muscle", str, where),
        severity=_need(obj, "severity", int, where),
        minutes=None if minutes is None else float(minutes),
        woke=bool(_need(obj, "woke", bool, where, optional=True)),
        swelling=bool(_need(obj, "swelling", bool, where, optional=True)),
        redness=bool(_need(obj, "redness", bool, where, optional=True)),
        weakness=bool(_need(obj, "weakness", bool, where, optional=True)),
        note=_need(obj, "note", str, where, optional=True) or "",
        id=_whole(obj, "id", where, optional=True) or 0,
        uid=_uid(_need(obj, "uid", str, where), where),
    )
    try:
        check_cramp(cramp)
    except DiaryError as exc:
        raise ImportProblem(f"{where}: {exc}") from None
    return cramp


def _no_constant(name: str) -> Any:
    raise ImportProblem(f"not valid JSON: `{name}` is not a number JSON allows")


def parse_document(text: str, now: datetime | None = None) -> tuple[list[SessionRow], list[Cramp]]:
    """Read an export document (or an older bare array of sessions).

    Args:
        text: the document.
        now: the time now, with its UTC offset (this machine's clock by default); later
            times are refused (see the module docstring).

    Raises:
        ImportProblem: it is not JSON, not an export, or a record is wrong.
    """
    try:
        data = json.loads(text, parse_constant=_no_constant)
    except json.JSONDecodeError as exc:
        raise ImportProblem(
            f"not valid JSON: line {exc.lineno}, column {exc.colno}: {exc.msg}"
        ) from None
    except RecursionError:
        raise ImportProblem("nested too deeply to be a history export") from None
    if isinstance(data, list):
        raw_sessions, raw_cramps = data, []
    elif isinstance(data, dict) and FORMAT_KEY in data:
        if data[FORMAT_KEY] != FORMAT_VERSION:
            raise ImportProblem(
                f"written in format {data[FORMAT_KEY]!r}, this version reads "
                f"format {FORMAT_VERSION}; upgrade stretchtimer"
            )
        raw_sessions = data.get("sessions", [])
        raw_cramps = data.get("cramps", [])
        if not isinstance(raw_sessions, list) or not isinstance(raw_cramps, list):
            raise ImportProblem("`sessions` and `cramps` must be lists")
    else:
        raise ImportProblem(
            "not a stretchtimer history export (made by `stretchtimer history --json`)"
        )
    now = now or local_now()
    sessions = [parse_session(s, f"session {n}", now) for n, s in enumerate(raw_sessions, 1)]
    cramps = [parse_cramp(c, f"cramp {n}", now) for n, c in enumerate(raw_cramps, 1)]
    return sessions, cramps


# -- merging ---------------------------------------------------------------------------------


def _same_session(a: SessionRow, b: SessionRow) -> bool:
    left, right = session_json(a), session_json(b)
    left.pop("id")
    right.pop("id")
    return left == right


def _free_id(db: sqlite3.Connection, table: str, wanted: int) -> int | None:
    if wanted <= 0:
        return None
    taken = db.execute(f"SELECT 1 FROM {table} WHERE id = ?", (wanted,)).fetchone()
    return None if taken else wanted


def import_document(
    store: HistoryStore, sessions: list[SessionRow], cramps: list[Cramp]
) -> ImportResult:
    """Merge parsed records into the history (see the module docstring), in one transaction.

    Raises:
        HistoryUnavailable: the history cannot be written.
    """
    result = ImportResult()
    by_uid = {s.uid: s for s in _sessions_by_uid(store, [s.uid for s in sessions])}
    with store._transaction() as db:
        for s in sessions:
            if s.status == "running":
                s = replace(s, status="interrupted")
            here = by_uid.get(s.uid)
            if here is not None:
                if _same_session(here, s):
                    result.sessions_present += 1
                else:
                    result.conflicts.append(
                        f"session {s.uid} ({s.routine_name}, {s.started_at:%Y-%m-%d %H:%M}) "
                        "differs from the one here: kept the one here"
                    )
                continue
            cur = db.execute(
                "INSERT INTO sessions (id, uid, routine_id, routine_name, started_at, ended_at,"
                " updated_at, status, active_seconds, paused_seconds, steps_done, steps_total,"
                " steps_skipped, steps_stopped) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    _free_id(db, "sessions", s.id),
                    s.uid,
                    s.routine_id,
                    s.routine_name,
                    to_iso(s.started_at),
                    None if s.ended_at is None else to_iso(s.ended_at),
                    to_iso(s.ended_at or s.started_at),
                    s.status,
                    s.active_seconds,
                    s.paused_seconds,
                    s.steps_done,
                    s.steps_total,
                    s.steps_skipped,
                    s.steps_stopped,
                ),
            )
            sid = int(cur.lastrowid or 0)
            db.executemany(
                "INSERT INTO steps (session_id, seq, segment_index, kind, label, side, "
                "set_number, planned, actual, skipped, status, attempt) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    (
                        sid,
                        st.seq,
                        st.segment_index,
                        st.kind,
                        st.label,
                        st.side,
                        st.set_number,
                        st.planned,
                        st.actual,
                        int(st.skipped),
                        st.status,
                        st.attempt,
                    )
                    for st in s.steps
                ],
            )
            by_uid[s.uid] = s
            result.sessions_added += 1
        for c in cramps:
            row = db.execute(
                f"SELECT {CRAMP_COLUMNS} FROM cramps WHERE uid = ?", (c.uid,)
            ).fetchone()
            if row is not None:
                if cramp_from_row(row).content() == c.content():
                    result.cramps_present += 1
                else:
                    result.conflicts.append(
                        f"cramp {c.uid} ({c.at:%Y-%m-%d %H:%M}) differs from the one here: "
                        "kept the one here"
                    )
                continue
            db.execute(
                "INSERT INTO cramps (id, uid, at, leg, muscle, severity, minutes, woke, "
                "swelling, redness, weakness, note, updated_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (_free_id(db, "cramps", c.id), *cramp_values(c), to_iso(c.at)),
            )
            result.cramps_added += 1
    return result


def _sessions_by_uid(store: HistoryStore, uids: list[str]) -> list[SessionRow]:
    """Return the sessions of the history whose uid is among ``uids``, with their steps."""
    found: list[SessionRow] = []
    for start in range(0, len(uids), 500):
        chunk = uids[start : start + 500]
        marks = ", ".join("?" * len(chunk))
        rows = store._query(f"SELECT {SESSION_COLUMNS} FROM sessions WHERE uid IN ({marks})", chunk)
        if not rows:
            continue
        ids = [int(r[0]) for r in rows]
        steps: dict[int, list[StepRow]] = {sid: [] for sid in ids}
        for row in store._query(
            f"SELECT session_id, {STEP_COLUMNS} FROM steps WHERE session_id IN "
            f"({', '.join('?' * len(ids))}) ORDER BY session_id, seq",
            ids,
        ):
            steps[int(row[0])].append(step_from_row(row[1:]))
        found.extend(replace(session_from_row(r), steps=tuple(steps[int(r[0])])) for r in rows)
    return found
