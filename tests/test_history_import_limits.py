"""``history import`` refuses what no recorded session can hold; reading survives it anyway."""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from stretchtimer import cli, locations
from stretchtimer.history.exchange import ImportProblem, parse_document
from stretchtimer.history.store import HistoryStore

STEP = '{"index": 1, "kind": "hold", "label": "Calf", "side": "left", "set": 1, '
SESSION = (
    '{"uid": "0a6f7bd2-52a6-4b5b-9a0b-fc1e0f4c4e0e", "routine": "legs", "routine_name": "Legs", '
    '"started_at": "2024-05-01T08:00:00+02:00", "ended_at": "2024-05-01T08:05:00+02:00", '
    '"status": "completed", "active_seconds": 240, "paused_seconds": 10, "steps_done": 1, '
    '"steps_total": 1, "id": 3, '
    f'"steps": [{STEP}"planned_seconds": 60, "actual_seconds": 60, "status": "done"}}]}}'
)
CRAMP = (
    '{"uid": "1a6f7bd2-52a6-4b5b-9a0b-fc1e0f4c4e0e", "at": "2024-05-01T03:00:00+02:00", '
    '"leg": "left", "muscle": "calf", "severity": 3, "id": 1}'
)


def document(session: str = SESSION, cramp: str = CRAMP) -> str:
    return f'{{"stretchtimer_history": 1, "sessions": [{session}], "cramps": [{cramp}]}}'


BAD = {
    "infinite active seconds": (
        document(SESSION.replace('"active_seconds": 240', '"active_seconds": Infinity')),
        "`Infinity` is not a number JSON allows",
    ),
    "NaN paused seconds": (
        document(SESSION.replace('"paused_seconds": 10', '"paused_seconds": NaN')),
        "`NaN` is not a number JSON allows",
    ),
    "overflowing number": (
        document(SESSION.replace('"active_seconds": 240', '"active_seconds": 1e400')),
        "`active_seconds` must be from 0 to 600 seconds",
    ),
    "negative seconds": (
        document(SESSION.replace('"active_seconds": 240', '"active_seconds": -5')),
        "`active_seconds` must be from 0 to 600 seconds",
    ),
    "1e308 seconds": (
        document(SESSION.replace('"active_seconds": 240', '"active_seconds": 1e308')),
        "`active_seconds` must be from 0 to 600 seconds",
    ),
    "more seconds than the session lasted": (
        document(SESSION.replace('"paused_seconds": 10', '"paused_seconds": 500')),
        "add up to more than the 600 seconds",
    ),
    "infinite step seconds": (
        document(SESSION.replace('"actual_seconds": 60', '"actual_seconds": 1e999')),
        "step 1: `actual_seconds` must be from 0 to 600 seconds",
    ),
    "negative planned seconds": (
        document(SESSION.replace('"planned_seconds": 60', '"planned_seconds": -1')),
        "step 1: `planned_seconds` must be a number of at least 0",
    ),
    "end before start": (
        document(SESSION.replace("T08:05:00+02:00", "T07:05:00+02:00")),
        "`ended_at` is before `started_at`",
    ),
    "start in 9999": (
        document(
            SESSION.replace("2024-05-01T08:00:00+02:00", "9999-12-31T23:59:00+02:00").replace(
                '"ended_at": "2024-05-01T08:05:00+02:00"', '"ended_at": null'
            )
        ),
        "session 1: `started_at` is in the future (9999-12-31T23:59:00+02:00",
    ),
    "huge id": (document(SESSION.replace('"id": 3', f'"id": {2**70}')), "`id` must be"),
    "huge count": (
        document(SESSION.replace('"steps_done": 1', f'"steps_done": {2**70}')),
        "`steps_done` must be a whole number from 0 to 2**63 - 1",
    ),
    "negative count": (
        document(SESSION.replace('"steps_total": 1', '"steps_total": -1')),
        "`steps_total` must be a whole number from 0",
    ),
    "huge step index": (
        document(SESSION.replace('"index": 1', f'"index": {2**64}')),
        "step 1: `index` must be",
    ),
    "huge cramp id": (document(cramp=CRAMP.replace('"id": 1', f'"id": {2**70}')), "cramp 1: `id`"),
    "cramp in the future": (
        document(cramp=CRAMP.replace("2024-05-01T03", "9999-05-01T03")),
        "cramp 1: `at` is in the future",
    ),
    "nested 100,000 deep": ("[" * 100_000 + "]" * 100_000, "nested too deeply"),
}


@pytest.mark.parametrize("name", list(BAD))
def test_import_refuses_in_one_line_and_imports_nothing(
    capsys: pytest.CaptureFixture[str], isolated_dirs: dict[str, Path], tmp_path: Path, name: str
) -> None:
    text, problem = BAD[name]
    file = tmp_path / "bad.json"
    file.write_text(text, encoding="utf-8")
    code = cli.main(["history", "import", str(file)])
    out, err = capsys.readouterr()
    assert (code, out) == (1, "")
    assert err.startswith(f"stretchtimer history import: {file}: ") and err.count("\n") == 1
    assert problem in err and err.endswith("; nothing was imported\n")
    with HistoryStore(locations.history_db()) as store:
        assert store.count() == 0


def test_the_good_document_imports(
    capsys: pytest.CaptureFixture[str], isolated_dirs: dict[str, Path], tmp_path: Path
) -> None:
    file = tmp_path / "good.json"
    file.write_text(document(), encoding="utf-8")
    assert cli.main(["history", "import", str(file)]) == 0
    assert "1 new session (0 already here), 1 new cramp" in capsys.readouterr().out


def test_times_a_little_ahead_of_this_clock_are_taken() -> None:
    """Another machine's clock may be a minute or two ahead: that is not the future."""
    now = datetime.fromisoformat("2024-05-01T08:03:00+02:00")
    [session], [_cramp] = parse_document(document(), now=now)  # ends 2 minutes from now
    assert session.ended_at is not None and session.ended_at - now == timedelta(minutes=2)
    running = SESSION.replace('"ended_at": "2024-05-01T08:05:00+02:00"', '"ended_at": null')
    one_minute_in = now - timedelta(minutes=2)  # 60 s so far, and 300 s for the clocks
    with pytest.raises(ImportProblem, match="add up to more than the 360 seconds"):
        parse_document(
            document(running.replace('"paused_seconds": 10', '"paused_seconds": 200')),
            now=one_minute_in,
        )
    with pytest.raises(ImportProblem, match="`started_at` is in the future"):
        parse_document(document(), now=now - timedelta(minutes=10))


def _strict_json(text: str) -> Any:
    def refuse(name: str) -> Any:
        raise AssertionError(f"{name} is not JSON")

    return json.loads(text, parse_constant=refuse)


@pytest.mark.parametrize("value", ["1e999", "-1e999", "'not a number'", "-5"])
def test_stored_out_of_range_seconds_are_read_as_zero(
    capsys: pytest.CaptureFixture[str], isolated_dirs: dict[str, Path], value: str
) -> None:
    """A history written by another program may hold them: nothing may crash or emit NaN."""
    path = locations.history_db()
    HistoryStore(path).open()
    db = sqlite3.connect(path)
    with db:
        sid = db.execute(
            "INSERT INTO sessions (routine_id, routine_name, started_at, ended_at, updated_at,"
            f" status, active_seconds, paused_seconds, steps_done, steps_total) VALUES ('legs',"
            " 'Legs', '2024-05-01T08:00:00+02:00', '2024-05-01T08:02:00+02:00',"
            f" '2024-05-01T08:02:00+02:00', 'completed', {value}, {value}, 1, 1)"
        ).lastrowid
        db.execute(
            "INSERT INTO steps (session_id, seq, segment_index, kind, label, side, set_number,"
            f" planned, actual, skipped) VALUES (?, 1, 0, 'hold', 'Calf', NULL, 1, {value},"
            f" {value}, 0)",
            (sid,),
        )
    db.close()
    assert cli.main(["history", "--since", "2024-01-01"]) == 0
    out, err = capsys.readouterr()
    assert "Legs" in out and "unexpected error" not in err
    assert cli.main(["history", "--json"]) == 0
    [session] = _strict_json(capsys.readouterr().out)["sessions"]
    assert (session["active_seconds"], session["paused_seconds"]) == (0, 0)
    assert session["steps"][0]["actual_seconds"] == session["steps"][0]["planned_seconds"] == 0
    assert cli.main(["history", "--csv"]) == 0
    with HistoryStore(path) as store:
        [row] = store.sessions(with_steps=True)
        assert (row.active_seconds, row.steps[0].actual) == (0.0, 0.0)
        assert sum(t.active_seconds for t in store.day_totals()) == 0.0
        [total] = store.routine_totals()
        assert total.minutes == 0.0
