"""The fast JSON export writes the same text as the straightforward one, on awkward data too."""

from __future__ import annotations

import io
import json
import sqlite3
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

from history_support import LEGS, MORNING, TODAY, add_session, at, seed_history, step
from stretchtimer.history.exchange import write_document
from stretchtimer.history.export_json import write_json
from stretchtimer.history.store import HistoryStore


def reference(store: HistoryStore, **filters: object) -> str:
    """The export written the plain way: a dict per session through json.dumps."""
    out = io.StringIO()
    write_document(store.export(**filters), [], out)  # type: ignore[arg-type]
    return out.getvalue()


def fast(store: HistoryStore, **filters: object) -> str:
    out = io.StringIO()
    write_json(store.export_rows(**filters), [], out)  # type: ignore[arg-type]
    return out.getvalue()


def awkward_history(path: Path) -> HistoryStore:
    """Sessions through the real API, then rows with every awkward value SQLite can hold."""
    store = seed_history(path, TODAY)
    start = at(TODAY, 9)
    sid = store.start_session(
        "odd", 'Quote " back\\slash \n tab\t ünïcode 🦵 \x01 \u2028 \x9b bidi \u202e', 3, start
    )
    store.add_step(sid, step(0, 'Label "x" \\ \x1f é', side=None, planned=None, actual=1.23456789))
    store.add_step(sid, step(1, "Zero", side="right", planned=0.1 + 0.2, actual=0.1 + 0.2))
    store.add_step(sid, step(2, "Big", planned=1e16, actual=123456789.98765, skipped=True))
    store.finish_session(sid, "stopped", 1 / 3, 2 / 3, start + timedelta(seconds=5))
    add_session(store, MORNING, at(TODAY, 10), steps=0)  # no steps at all
    store.start_session(LEGS[0], LEGS[1], 4, at(TODAY, 11))  # still running: no end
    store.close()
    db = sqlite3.connect(path)
    with db:
        db.execute(
            "UPDATE sessions SET started_at = '2024-05-15T08:00:00.250000+02:00' WHERE id = 1"
        )  # not in the stored form: parsed and written again
        db.execute("UPDATE sessions SET ended_at = '2024-05-15T08:30:00Z' WHERE id = 2")
        db.execute(
            "UPDATE steps SET set_number = 2, segment_index = 7 WHERE session_id = 1 AND seq = 2"
        )
    db.close()
    return HistoryStore(path)


def test_the_fast_export_matches_the_plain_one(tmp_path: Path) -> None:
    store = awkward_history(tmp_path / "history.sqlite3")
    try:
        text = fast(store)
        assert text == reference(store)
        sessions = json.loads(text)["sessions"]
        assert len(sessions) > 5 and any(not s["steps"] for s in sessions)
        assert any(s["ended_at"] is None for s in sessions)
        odd = next(s for s in sessions if s["routine"] == "odd")
        assert odd["routine_name"].startswith('Quote " back\\slash \n')
        assert odd["steps"][0]["planned_seconds"] is None
        assert odd["steps"][0]["actual_seconds"] == 1.235
        assert sessions[0]["started_at"] == "2024-05-15T08:00:00.250000+02:00"
        assert sessions[1]["ended_at"] == "2024-05-15T08:30:00+00:00"
    finally:
        store.close()


def test_filters_and_limits_match_too(tmp_path: Path) -> None:
    store = awkward_history(tmp_path / "history.sqlite3")
    try:
        for filters in (
            {"routine": LEGS[0]},
            {"limit": 2},
            {"since": TODAY},
            {"routine": "nothing-like-this"},
        ):
            assert fast(store, **filters) == reference(store, **filters)
        assert json.loads(fast(store, routine="nothing-like-this"))["sessions"] == []
    finally:
        store.close()


def test_an_export_streams(tmp_path: Path) -> None:
    store = awkward_history(tmp_path / "history.sqlite3")
    events: list[tuple[str, int]] = []

    def rows() -> Iterator[tuple[tuple[Any, ...], list[tuple[Any, ...]]]]:
        for pair in store.export_rows():
            events.append(("read", int(pair[0][0])))
            yield pair

    class Recorder(io.StringIO):
        def write(self, text: str) -> int:
            if text.startswith('{"id": '):
                events.append(("written", json.loads(text)["id"]))
            return len(text)

    try:
        write_json(rows(), [], Recorder())
    finally:
        store.close()
    # each session is written before the next one is read
    assert events[:4] == [("read", 1), ("written", 1), ("read", 2), ("written", 2)]
    assert len(events) == 2 * store.count()
