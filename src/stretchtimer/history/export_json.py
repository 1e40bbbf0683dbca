"""The JSON export's sessions, written straight from the stored rows (fast, streaming).

The export holds a session object per line (see :mod:`.exchange` and
``stretchtimer history --json``). Building a
dictionary per session and per step and handing it to :func:`json.dumps` costs seconds on a
long history (100,000 sessions hold about a million steps), so this writes the same text from
the raw rows: numbers as ``json`` writes them, strings through ``json.dumps`` (each distinct
one once: labels, kinds and routine names repeat), stored timestamps as they are when they are
already in the form the export uses. The output is the same, character for character, as
:func:`.exchange.json_line` of :func:`.exchange.session_json` (a test compares the two):
unsafe characters can only be in strings, and each string is escaped as it is encoded.
Numbers are read as :func:`.records.stored_seconds` and :func:`.records.stored_count` read
them, so a stored infinity or NaN is written as 0, never as ``Infinity`` or ``NaN`` (which are
not JSON).
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any

from stretchtimer.history.exchange import write_document_lines
from stretchtimer.history.records import stored_count, stored_seconds
from stretchtimer.safe_text import json_escaped

if TYPE_CHECKING:
    from _typeshed import SupportsWrite

    from stretchtimer.history.diary import Cramp

_ISO = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d\Z", re.ASCII)
"""A stored timestamp already in the export's form (``isoformat(timespec="seconds")``)."""
_FLOAT_REPR = float.__repr__
_CACHE_LIMIT = 50_000
_FINITE = 1e300  # floats beyond are written by json.dumps (inf, nan)
_INF = math.inf


class _Strings:
    """JSON text of strings (unsafe characters escaped), each distinct one encoded once."""

    def __init__(self) -> None:
        self.known: dict[str, str] = {}

    def __call__(self, text: str) -> str:
        found = self.known.get(text)
        if found is None:
            if len(self.known) >= _CACHE_LIMIT:
                self.known.clear()
            found = self.known[text] = json_escaped(json.dumps(text, ensure_ascii=False))
        return found


def _number(value: Any) -> str:
    """Return any stored scalar as ``json.dumps`` writes it."""
    kind = type(value)
    if kind is int:
        return str(value)
    if kind is float and math.isfinite(value):
        return _FLOAT_REPR(value)
    return json.dumps(value, ensure_ascii=False)


def _seconds(value: Any) -> str:
    """``round(value, 3)`` as JSON (the export rounds measured seconds to milliseconds)."""
    return _number(round(value, 3))


def _timestamp(value: Any) -> str:
    """A stored timestamp as the export writes it (``isoformat()`` of the parsed value)."""
    if value is None:
        return "null"
    text = str(value)
    if not _ISO.match(text):
        text = datetime.fromisoformat(text).isoformat()
    return '"' + text + '"'  # ISO 8601 text is plain ASCII: nothing to escape


def session_text(row: Sequence[Any], steps: Iterable[Sequence[Any]], strings: _Strings) -> str:
    """Return one session's JSON object from its stored rows.

    Args:
        row: the session's row (``SESSION_COLUMNS``).
        steps: its steps' rows (``STEP_COLUMNS``).
        strings: the string encoder (shared across sessions).
    """
    (
        sid,
        routine_id,
        routine_name,
        started,
        ended,
        status,
        active,
        paused,
        done,
        total,
        skipped,
        stopped,
        uid,
    ) = row
    known = strings.known
    parts = []
    for _seq, index, kind, label, side, set_number, planned, actual, step_status, attempt in steps:
        # the common types inline (a call per field costs seconds on a million steps)
        step_status = str(step_status)
        if not (type(actual) is float and 0.0 <= actual < _INF):
            actual = stored_seconds(actual)
        if planned is not None and not (type(planned) is float and 0.0 <= planned < _INF):
            planned = stored_seconds(planned)
        rounded = round(actual, 3)
        parts.append(
            f'{{"index": {index if type(index) is int else stored_count(index)}, '
            f'"kind": {known.get(kind) or strings(kind)}, '
            f'"label": {known.get(label) or strings(label)}, '
            f'"side": {"null" if side is None else known.get(side) or strings(side)}, '
            f'"set": {set_number if type(set_number) is int else stored_count(set_number)}, '
            f'"planned_seconds": {"null" if planned is None else _number(planned)}, '
            f'"actual_seconds": {_FLOAT_REPR(rounded) if type(rounded) is float and _FINITE > rounded > -_FINITE else _number(rounded)}, '  # noqa: E501
            f'"status": {known.get(step_status) or strings(step_status)}, '
            f'"attempt": {stored_count(attempt)}, '
            f'"skipped": {"false" if step_status == "done" else "true"}}}'
        )
    return (
        f'{{"id": {int(sid)}, "uid": {strings(str(uid or ""))}, '
        f'"routine": {strings(str(routine_id))}, '
        f'"routine_name": {strings(str(routine_name))}, '
        f'"started_at": {_timestamp(started)}, '
        f'"ended_at": {_timestamp(ended if isinstance(ended, str) else None)}, '
        f'"status": {strings(str(status))}, '
        f'"active_seconds": {_seconds(stored_seconds(active))}, '
        f'"paused_seconds": {_seconds(stored_seconds(paused))}, '
        f'"steps_done": {stored_count(done)}, "steps_total": {stored_count(total)}, '
        f'"steps_skipped": {stored_count(skipped)}, "steps_stopped": {stored_count(stopped)}, '
        f'"steps": [{", ".join(parts)}]}}'
    )


def session_lines(rows: Iterable[tuple[Sequence[Any], Sequence[Sequence[Any]]]]) -> Iterator[str]:
    """Yield each session's JSON line, as the rows arrive.

    Args:
        rows: (session row, step rows) pairs, oldest first (``HistoryStore.export_rows``).
    """
    strings = _Strings()
    for row, steps in rows:
        yield session_text(row, steps, strings)


def write_json(
    rows: Iterable[tuple[Sequence[Any], Sequence[Sequence[Any]]]],
    cramps: list[Cramp],
    out: SupportsWrite[str],
) -> None:
    """Write the export document (see :mod:`.exchange`), the sessions as their rows arrive.

    Args:
        rows: (session row, step rows) pairs, oldest first (``HistoryStore.export_rows``).
        cramps: the cramps, oldest first.
        out: where to write.
    """
    write_document_lines(session_lines(rows), cramps, out)
