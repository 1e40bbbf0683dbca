"""``stretchtimer status``: the line, its fields, exit codes, and that it only ever peeks."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest

from history_support import seed_history
from stretchtimer import goals, locations
from stretchtimer.cli import main
from stretchtimer.commands import status
from stretchtimer.history.store import HistoryStore


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["status", *args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def seeded(isolated_dirs: dict[str, Path]) -> HistoryStore:
    """A history whose last four days (today included) each have a completed session."""
    store = seed_history(locations.history_db(), date.today())
    store.close()
    return store


def write_config(text: str) -> None:
    path = locations.config_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def listing(folder: Path) -> list[tuple[str, int]]:
    return sorted((p.name, p.stat().st_mtime_ns) for p in folder.iterdir())


def test_goal_met_today(capsys: pytest.CaptureFixture[str], seeded: HistoryStore) -> None:
    assert run(capsys) == (0, "✓ 1/1 today · 4-day streak\n", "")


def test_goal_not_met_yet(capsys: pytest.CaptureFixture[str], seeded: HistoryStore) -> None:
    write_config("daily_goal = 2\n")
    assert run(capsys) == (1, "✗ 1/2 today · 0-day streak\n", "")


def test_nothing_yet_today(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys) == (1, "✗ not yet today · 0-day streak\n", "")


def test_format_fields(capsys: pytest.CaptureFixture[str], seeded: HistoryStore) -> None:
    full = goals.progress(HistoryStore(locations.history_db()).completed_counts(), date.today())
    code, out, _ = run(capsys, "--format", "{mark} {today}/{goal} {streak}d {weeks}w")
    assert (code, out) == (0, f"✓ 1/1 4d {full.weeks}w\n")
    code, out, _ = run(capsys, "--format={{{today}}}")
    assert (code, out) == (0, "{1}\n")


def test_quiet_prints_nothing_and_the_exit_code_tells(
    capsys: pytest.CaptureFixture[str], seeded: HistoryStore
) -> None:
    assert run(capsys, "-q") == (0, "", "")
    write_config("daily_goal = 3\n")
    assert run(capsys, "--quiet") == (1, "", "")


def test_a_routine_against_its_own_goal(
    capsys: pytest.CaptureFixture[str], seeded: HistoryStore
) -> None:
    write_config("daily_goal = 5\n[goals.morning]\ndaily = 1\n")
    # today's morning session was stopped: it does not count
    assert run(capsys, "--routine", "morning") == (1, "✗ not yet today · 0-day streak\n", "")
    assert run(capsys, "--routine=leg-cramps") == (1, "✗ 1/5 today · 0-day streak\n", "")


def test_routine_is_resolved_as_history_resolves_it(
    capsys: pytest.CaptureFixture[str], seeded: HistoryStore
) -> None:
    """A start of an id or a name counts that routine; an unknown one is an error, exit 2."""
    write_config("daily_goal = 5\n")
    by_id = run(capsys, "--routine", "leg-cramps")
    assert run(capsys, "--routine", "leg") == by_id == (1, "✗ 1/5 today · 0-day streak\n", "")
    assert run(capsys, "--routine", "LEG CRAMP prevention") == by_id
    code, out, err = run(capsys, "--routine", "nosuchroutine")
    assert (code, out) == (2, "")
    assert err == (
        "stretchtimer status: no routine 'nosuchroutine' in the history. Routines with "
        "sessions: leg-cramps (Leg cramp prevention), morning (Morning mobility)\n"
    )
    code, _, history_err = main_history(capsys, "--routine", "nosuchroutine")
    assert code == 2  # the same rule, the same message
    assert history_err.removeprefix("stretchtimer history: ") == err.removeprefix(
        "stretchtimer status: "
    )
    # a routine with a file but no sessions yet is known by its exact id (no YAML is read)
    assert run(capsys, "--routine", "toe-lifts") == (1, "✗ not yet today · 0-day streak\n", "")


def main_history(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["history", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_unknown_routine_with_no_history_is_an_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "-q", "--routine", "toe")
    assert (code, out) == (2, "")
    assert "no routine 'toe': no routine file has this id" in err
    assert run(capsys, "-q", "--routine", "toe-lifts") == (1, "", "")


def test_routine_lookup_reads_no_yaml(seeded: HistoryStore) -> None:
    """Resolving, even a name or a routine not run yet, imports neither yaml nor the library."""
    code = (
        "import sys\nfrom stretchtimer.cli import main\n"
        "for r in ('leg-cramps', 'leg', 'toe-lifts'):\n"
        "    main(['status', '-q', '--routine', r])\n"
        "bad = {'yaml', 'stretchtimer.routines.library', 'stretchtimer.routines.loader'}\n"
        "assert not bad & set(sys.modules), bad & set(sys.modules)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=30, check=False
    )
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("fmt", ["{nope}", "{today", "{0}", "{today.real}"])
def test_bad_format_is_exit_2(capsys: pytest.CaptureFixture[str], fmt: str) -> None:
    code, out, err = run(capsys, "--format", fmt)
    assert (code, out) == (2, "")
    assert err.startswith("stretchtimer status: bad --format: ")
    assert "Traceback" not in err


def test_unusual_arguments_go_through_argparse(capsys: pytest.CaptureFixture[str]) -> None:
    assert status.quick_args(["-q", "--format", "x", "--routine=r"]) == ("x", True, "r")
    assert status.quick_args(["--help"]) is None
    assert status.quick_args(["--format"]) is None
    with pytest.raises(SystemExit) as exc:
        main(["status", "--bogus"])
    assert exc.value.code == 2
    with pytest.raises(SystemExit) as exc:
        main(["status", "--help"])
    assert exc.value.code == 0
    assert "{streak}" in capsys.readouterr().out


def test_never_creates_a_file_or_folder(
    capsys: pytest.CaptureFixture[str], isolated_dirs: dict[str, Path]
) -> None:
    run(capsys)
    assert not isolated_dirs["data"].exists()
    assert not isolated_dirs["config"].exists()


def test_reads_a_closed_history_without_creating_its_side_files(
    capsys: pytest.CaptureFixture[str], seeded: HistoryStore, isolated_dirs: dict[str, Path]
) -> None:
    before = listing(isolated_dirs["data"])
    assert [name for name, _ in before] == ["history.sqlite3"]
    os.chmod(isolated_dirs["data"], 0o500)  # and it works from a read-only folder
    try:
        assert run(capsys)[0] == 0
    finally:
        os.chmod(isolated_dirs["data"], 0o700)
    assert listing(isolated_dirs["data"]) == before


def test_reads_while_the_app_has_the_history_open(
    capsys: pytest.CaptureFixture[str], seeded: HistoryStore, isolated_dirs: dict[str, Path]
) -> None:
    app = HistoryStore(locations.history_db())
    app.open()
    try:
        before = listing(isolated_dirs["data"])
        assert run(capsys) == (0, "✓ 1/1 today · 4-day streak\n", "")
        assert listing(isolated_dirs["data"]) == before
    finally:
        app.close()


def test_a_locked_history_is_no_sessions_at_once(
    capsys: pytest.CaptureFixture[str], seeded: HistoryStore
) -> None:
    holder = sqlite3.connect(locations.history_db(), isolation_level=None)
    holder.execute("PRAGMA locking_mode=EXCLUSIVE")
    holder.execute("BEGIN EXCLUSIVE")
    holder.execute("DELETE FROM steps")
    try:
        started = time.monotonic()
        code, out, err = run(capsys)
        took = time.monotonic() - started
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    # either no sessions (locked) or the last committed state (read from the main file)
    assert (code, out, err) in (
        (1, "✗ not yet today · 0-day streak\n", ""),
        (0, "✓ 1/1 today · 4-day streak\n", ""),
    )
    assert took < 1.0  # no busy wait (the store's own timeout is 10 s)


def test_a_damaged_history_is_no_sessions(
    capsys: pytest.CaptureFixture[str], isolated_dirs: dict[str, Path]
) -> None:
    isolated_dirs["data"].mkdir()
    locations.history_db().write_bytes(b"this is not a database" * 100)
    assert run(capsys) == (1, "✗ not yet today · 0-day streak\n", "")
    assert [p.name for p in isolated_dirs["data"].iterdir()] == ["history.sqlite3"]


def test_real_command_line_imports_neither_textual_nor_yaml(seeded: HistoryStore) -> None:
    code = (
        "import sys\n"
        "from stretchtimer.cli import main\n"
        "rc = main(['status', '--format', '{mark}{today}'])\n"
        "bad = [m for m in ('textual', 'yaml', 'platformdirs') if m in sys.modules]\n"
        "print(bad, rc)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
        env={**os.environ, "PYTHONUTF8": "1"},
    )
    assert result.stdout == "✓1\n[] 0\n", result.stderr


def test_the_cramp_diary_advice_shows_until_dismissed(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys)[1] == "✗ not yet today · 0-day streak\n"
    assert main(["cramp", "--severity", "6", "--swelling"]) == 0  # a sign: see a doctor
    capsys.readouterr()
    code, out, _ = run(capsys)
    assert (code, out) == (1, f"✗ not yet today · 0-day streak · {status.ADVICE}\n")
    assert run(capsys, "--format", "{mark}{advice}")[1] == f"✗{status.ADVICE}\n"
    assert run(capsys, "-q") == (1, "", "")
    assert main(["cramp", "dismiss"]) == 0
    capsys.readouterr()
    assert run(capsys)[1] == "✗ not yet today · 0-day streak\n"
