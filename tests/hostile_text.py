"""Hostile text for the output-safety tests: what a shared routine or an old history may hold."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

from stretchtimer.history.store import HistoryStore
from stretchtimer.routines.model import HoldStep, RepsStep, Routine, Tempo
from stretchtimer.safe_text import UNSAFE_CHARS

OSC52 = "\x1b]52;c;aGVsbG8=\x07"  # writes the user's clipboard
CSI_C1 = "\x9b2J"  # an 8-bit CSI: clears the screen on some terminals
CLEAR = "\x1b[2J"
BIDI = "\u202e"  # right-to-left override: shows the text reversed
HOSTILE = (OSC52, CSI_C1, CLEAR, BIDI)
HOSTILE_TEXT = f"Calf{OSC52} stretch{CSI_C1}{CLEAR}{BIDI}ok"
"""One string holding every kind of hostile character."""

_UNSAFE = re.compile(f"[{UNSAFE_CHARS}]")


def assert_no_raw_controls(text: str) -> None:
    """Fail when ``text`` holds a character that must never reach a terminal raw."""
    found = _UNSAFE.search(text)
    assert found is None, f"raw {found.group()!r} at {found.start()} in {text!r}"


def hostile_history(path: Path, text: str = HOSTILE_TEXT) -> int:
    """Write a finished session holding ``text`` in every text column, straight into SQLite.

    The store creates the schema; the hostile row is written with plain SQL, as an old
    version or another program could have. Returns the session id.
    """
    store = HistoryStore(path)
    store.open()
    store.close()
    db = sqlite3.connect(path)
    with db:
        cur = db.execute(
            "INSERT INTO sessions (routine_id, routine_name, started_at, ended_at, updated_at,"
            " status, active_seconds, steps_done, steps_total) VALUES"
            " (?, ?, '2024-05-01T08:00:00+02:00', '2024-05-01T08:02:00+02:00',"
            " '2024-05-01T08:02:00+02:00', ?, 120, 1, 1)",
            (f"id{text}", f"=1+1{text}", f"completed{text}"),
        )
        sid = int(cur.lastrowid or 0)
        db.execute(
            "INSERT INTO steps (session_id, seq, segment_index, kind, label, side, set_number,"
            " planned, actual, skipped) VALUES (?, 1, 0, ?, ?, ?, 1, 60, 60, 0)",
            (sid, f"hold{text}", f"@SUM(A1){text}", f"-left{text}"),
        )
    db.close()
    return sid


def hostile_routine(text: str = HOSTILE_TEXT) -> Routine:
    """Return a valid routine with ``text`` in its id, name, description, caution, steps."""
    return Routine(
        id=f"evil{text}",
        name=f"Name {text}",
        description=f"Description {text}",
        caution=f"Caution {text}",
        prepare=2,
        steps=(
            HoldStep(
                name=f"Hold {text}",
                hold=3,
                cue=f"Cue {text} {{side}}",
                sides=(f"left{text}", f"right{text}"),
                switch=1,
            ),
            RepsStep(
                name=f"Reps {text}",
                reps=2,
                tempo=Tempo(up=1, hold=1, down=1),
                cue=f"Rep cue {text}",
            ),
        ),
    )
