"""``stretchtimer history``: the summary, the exports and the filters."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import subprocess
import sys
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from history_support import LEGS, at, seed_history
from stretchtimer import cli, locations
from stretchtimer.history.store import HistoryStore

ISO_WITH_OFFSET = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$")


@pytest.fixture
def seeded(isolated_dirs: dict[str, Path]) -> HistoryStore:
    store = seed_history(locations.history_db(), date.today())
    store.close()
    return store


def history(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = cli.main(["history", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_no_history_yet_creates_nothing(
    capsys: pytest.CaptureFixture[str], isolated_dirs: dict[str, Path]
) -> None:
    assert history(capsys) == (0, "No sessions recorded yet.\n", "")
    code, out, err = history(capsys, "--json")
    assert (code, err, json.loads(out)) == (
        0,
        "",
        {"stretchtimer_history": 1, "sessions": [], "cramps": []},
    )
    assert not isolated_dirs["data"].exists()


def test_summary(capsys: pytest.CaptureFixture[str], seeded: HistoryStore) -> None:
    code, out, err = history(capsys)
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0] == "Today: ✓ 1 of 1 sessions (daily goal met)"
    assert lines[1].startswith(
        "Current streak: 4 days   Longest streak: 6 days   Weeks at 5+ days: "
    )
    assert re.match(r"Leg cramp prevention\s+9\s+7\s+33$", lines[5])
    assert re.match(r"Morning mobility\s+7\s+6\s+22$", lines[6])
    assert lines[8] == "Recent sessions (10 of 16):"
    recent = lines[10:]
    assert len(recent) == 10
    today = date.today()
    assert re.match(
        rf"{today:%Y-%m-%d} 21:05  Leg cramp prevention\s+4:00  completed\s+4/5$", recent[0]
    )
    assert re.match(rf"{today:%Y-%m-%d} 07:30  Morning mobility\s+2:00  stopped\s+2/3$", recent[1])
    assert any(re.search(r"1:00  interrupted\s+1/2$", line) for line in recent)


def test_summary_this_week(capsys: pytest.CaptureFixture[str], seeded: HistoryStore) -> None:
    monday = date.today() - timedelta(days=date.today().weekday())
    _, exported, _ = history(capsys, "--json", "--since", monday.isoformat())
    week = json.loads(exported)["sessions"]
    minutes = sum(s["active_seconds"] for s in week) / 60
    _, out, _ = history(capsys)
    count = f"{len(week)} session" + ("" if len(week) == 1 else "s")
    assert out.splitlines()[2] == f"This week: {count}, {minutes:.0f} min"
    assert len(week) >= 2  # today has two sessions


def test_summary_limit_and_filters(
    capsys: pytest.CaptureFixture[str], seeded: HistoryStore
) -> None:
    _, out, _ = history(capsys, "--limit", "3")
    assert "Recent sessions (3 of 16):" in out
    _, out, _ = history(capsys, "--routine", "morning")
    assert "Leg cramp" not in out and "Recent sessions (7 of 7):" in out
    assert "Current streak: 0 days   Longest streak: 6 days" in out
    since = date.today() - timedelta(days=3)
    _, out, _ = history(capsys, "--since", since.isoformat())
    assert "Recent sessions (5 of 5):" in out
    assert "Current streak: 4 days   Longest streak: 4 days" in out
    (locations.config_file()).parent.mkdir(parents=True, exist_ok=True)
    locations.config_file().write_text("daily_goal = 2\n[goals.morning]\ndaily = 1\n")
    _, out, _ = history(capsys)
    assert out.splitlines()[0] == "Today: 1 of 2 sessions (daily goal not met yet)"
    assert "Current streak: 0 days   Longest streak: 1 day" in out  # Apr 28 had two
    _, out, _ = history(capsys, "--routine", "morning")
    assert out.splitlines()[0] == "Today: 0 of 1 sessions (daily goal not met yet)"
    code, out, err = history(capsys, "--routine", "nope")
    assert (code, out) == (2, "")
    assert err == (
        "stretchtimer history: no routine 'nope' in the history. Routines with "
        "sessions: leg-cramps (Leg cramp prevention), morning (Morning mobility)\n"
    )
    _, by_name, _ = history(capsys, "--routine", "morning MOBILITY")
    _, by_id, _ = history(capsys, "--routine", "morning")
    assert by_name == by_id and "Recent sessions (7 of 7):" in by_id
    _, by_prefix, _ = history(capsys, "--routine", "leg")
    assert "Leg cramp prevention" in by_prefix and "Morning" not in by_prefix


def test_since_words(capsys: pytest.CaptureFixture[str], seeded: HistoryStore) -> None:
    from stretchtimer.commands.history import since_date

    today = date(2024, 5, 15)
    assert [since_date(w, today) for w in ("today", "yesterday", "7d", "4w", "2024-05-01")] == [
        today,
        date(2024, 5, 14),
        date(2024, 5, 9),
        date(2024, 4, 18),
        date(2024, 5, 1),
    ]
    _, seven, _ = history(capsys, "--since", "7d")
    since = date.today() - timedelta(days=6)
    _, dated, _ = history(capsys, "--since", since.isoformat())
    assert seven == dated
    _, today_only, _ = history(capsys, "--since", "today")
    assert "Recent sessions (2 of 2):" in today_only


def test_json_export(capsys: pytest.CaptureFixture[str], seeded: HistoryStore) -> None:
    code, out, err = history(capsys, "--json")
    assert (code, err) == (0, "")
    sessions = json.loads(out)["sessions"]
    assert len(sessions) == 16
    assert [s["id"] for s in sessions] == sorted(s["id"] for s in sessions)
    first = sessions[0]
    assert {
        "id",
        "uid",
        "routine",
        "routine_name",
        "started_at",
        "ended_at",
        "status",
        "active_seconds",
        "paused_seconds",
        "steps_done",
        "steps_total",
        "steps",
    } <= set(first)
    for s in sessions:
        assert ISO_WITH_OFFSET.match(s["started_at"]) and ISO_WITH_OFFSET.match(s["ended_at"])
        started = datetime.fromisoformat(s["started_at"])
        assert started.utcoffset() == timedelta(hours=2)
        assert s["status"] in {"completed", "stopped", "interrupted"}
        assert len(s["steps"]) == s["steps_total"] - 1
        assert s["steps_done"] == sum(not st["skipped"] for st in s["steps"])
    assert first["steps"][0] == {
        "index": 0,
        "kind": "hold",
        "label": "Wall calf stretch",
        "side": "left",
        "set": 1,
        "planned_seconds": 60.0,
        "actual_seconds": 60.0,
        "status": "done",
        "attempt": 1,
        "skipped": False,
    }


def test_json_filters(capsys: pytest.CaptureFixture[str], seeded: HistoryStore) -> None:
    _, out, _ = history(capsys, "--json", "--routine", "morning")
    assert {s["routine"] for s in json.loads(out)["sessions"]} == {"morning"}
    since = date.today() - timedelta(days=3)
    _, out, _ = history(capsys, "--json", "--since", since.isoformat())
    assert len(json.loads(out)["sessions"]) == 5
    assert all(s["started_at"] >= since.isoformat() for s in json.loads(out)["sessions"])
    _, out, _ = history(capsys, "--json", "--limit", "2")
    assert len(json.loads(out)["sessions"]) == 2


def test_csv_export(capsys: pytest.CaptureFixture[str], seeded: HistoryStore) -> None:
    store = HistoryStore(locations.history_db())
    bare = store.start_session(*LEGS, 3, at(date.today(), 23, 0))  # running, no steps yet
    store.close()
    code, out, _ = history(capsys, "--csv")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert len(rows) == 16 * 4 - 2 - 3 + 1  # steps, plus one row for the bare session
    assert rows[0]["started_at"].endswith("+02:00")
    assert {r["session_id"] for r in rows} == {str(i) for i in range(1, 18)}
    [empty] = [r for r in rows if r["session_id"] == str(bare)]
    assert empty["status"] == "running" and empty["step"] == "" and empty["label"] == ""
    skipped = [r for r in rows if r["skipped"] == "true"]
    assert len(skipped) == 6 and {r["routine"] for r in skipped} == {"morning"}
    _, out, _ = history(capsys, "--csv", "--routine", "morning")
    assert {r["routine"] for r in csv.DictReader(io.StringIO(out))} == {"morning"}


def test_bad_since_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        cli.main(["history", "--since", "last tuesday"])
    assert info.value.code == 2
    err = capsys.readouterr().err
    assert "invalid date 'last tuesday': expected YYYY-MM-DD" in err


def test_json_and_csv_together_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        cli.main(["history", "--json", "--csv"])
    assert info.value.code == 2


def test_unusable_history_folder(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "blocker"
    blocker.mkdir()
    (blocker / "history.sqlite3").mkdir()  # a folder where the database file should be
    monkeypatch.setenv("STRETCHTIMER_DATA_DIR", str(blocker))
    code, out, err = history(capsys)
    assert code == 1 and out == ""
    assert err.startswith("stretchtimer: Cannot use the history file") and "Traceback" not in err


def test_corrupt_history_is_reported(
    capsys: pytest.CaptureFixture[str], isolated_dirs: dict[str, Path]
) -> None:
    isolated_dirs["data"].mkdir()
    (isolated_dirs["data"] / "history.sqlite3").write_text("not sqlite")
    code, out, err = history(capsys)
    assert (code, out) == (0, "No sessions recorded yet.\n")
    assert "moved to" in err and ".corrupt-" in err


def test_real_command_line(seeded: HistoryStore) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "stretchtimer", "history", "--json", "--limit", "1"],
        capture_output=True,
        text=True,
        env=dict(os.environ),
        check=False,
    )
    assert result.returncode == 0, result.stderr
    [session] = json.loads(result.stdout)["sessions"]
    assert session["routine"] == "leg-cramps" and session["status"] == "completed"
