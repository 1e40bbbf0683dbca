"""``stretchtimer history``: hostile stored text, spreadsheet-safe CSV, and bad moments."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from history_support import TODAY, at, seed_history
from hostile_text import HOSTILE_TEXT, assert_no_raw_controls, hostile_history
from stretchtimer import cli, locations
from stretchtimer.commands import history as history_command
from stretchtimer.history.cramps import CrampLog
from stretchtimer.history.store import HistoryStore, HistoryUnavailable
from stretchtimer.safe_text import spreadsheet_cell


def history(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = cli.main(["history", *args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def hostile(isolated_dirs: dict[str, Path]) -> int:
    return hostile_history(locations.history_db())


def test_summary_shows_stored_controls_visibly(
    capsys: pytest.CaptureFixture[str], hostile: int
) -> None:
    code, out, err = history(capsys, "--since", "2024-01-01")
    assert code == 0, err
    assert_no_raw_controls(out + err)
    assert "\\x1b]52;c;" in out and "\\u202e" in out
    assert "completedCalf\\x1b]52;c" in out  # the status column too


def test_csv_shows_stored_controls_visibly(
    capsys: pytest.CaptureFixture[str], hostile: int
) -> None:
    code, out, _ = history(capsys, "--csv")
    assert code == 0
    assert_no_raw_controls(out)
    [row] = list(csv.DictReader(io.StringIO(out)))
    assert row["label"] == "'@SUM(A1)Calf\\x1b]52;c;aGVsbG8=\\x07 stretch\\x9b2J\\x1b[2J\\u202eok"


def test_json_stays_exact(capsys: pytest.CaptureFixture[str], hostile: int) -> None:
    code, out, _ = history(capsys, "--json")
    assert code == 0
    assert_no_raw_controls(out)  # as \u escapes
    [session] = json.loads(out)["sessions"]
    assert session["routine_name"] == f"=1+1{HOSTILE_TEXT}"
    assert session["steps"][0]["label"] == f"@SUM(A1){HOSTILE_TEXT}"


@pytest.mark.parametrize(
    "text", ['=HYPERLINK("http://x")', "+1", "-2+3", "@SUM(A1)", "\tx", "\rx", "\x1b=1"]
)
def test_spreadsheet_cell_neutralises_formulas(text: str) -> None:
    safe = spreadsheet_cell(text)
    assert not safe.startswith(("=", "+", "-", "@", "\t", "\r"))
    assert safe.startswith(("'", "\\x"))
    assert_no_raw_controls(safe)


@pytest.mark.parametrize("text", ["Wall calf stretch", "left", "", "1 = 1", "a-b", "'quoted"])
def test_spreadsheet_cell_keeps_plain_text(text: str) -> None:
    assert spreadsheet_cell(text) == text


def test_csv_formula_cells_get_a_quote(capsys: pytest.CaptureFixture[str], hostile: int) -> None:
    _, out, _ = history(capsys, "--csv")
    [row] = list(csv.DictReader(io.StringIO(out)))
    formulas = {k: v for k, v in row.items() if v[:1] in ("=", "+", "-", "@", "\t", "\r")}
    assert formulas == {}
    assert row["routine_name"].startswith("'=1+1")
    assert row["side"].startswith("'-left")
    assert row["session_id"] == str(hostile) and row["actual_seconds"] == "60.0"


@pytest.mark.parametrize(
    "limit",
    [str(2**63), "9" * 40, "9" * 5000, str(2**63 - 1)],
    ids=["2**63", "40 digits", "5000 digits", "2**63-1"],
)
def test_huge_limit_means_everything(
    capsys: pytest.CaptureFixture[str], hostile: int, limit: str
) -> None:
    for flags in ((), ("--json",), ("--csv",)):
        code, out, err = history(capsys, *flags, "--limit", limit)
        assert (code, err) == (0, ""), flags
        assert "Traceback" not in out
    assert len(json.loads(history(capsys, "--json", "--limit", limit)[1])["sessions"]) == 1


@pytest.mark.parametrize("limit", ["0", "-1", "1e3", "ten", "", "٣"])
def test_bad_limit_is_a_usage_error(capsys: pytest.CaptureFixture[str], limit: str) -> None:
    with pytest.raises(SystemExit) as info:
        cli.main(["history", "--limit", limit])
    assert info.value.code == 2
    assert "expected a whole number of at least 1" in capsys.readouterr().err


def _blocked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "blocker"
    blocker.mkdir()
    (blocker / "history.sqlite3").mkdir()  # a folder where the database file should be
    monkeypatch.setenv("STRETCHTIMER_DATA_DIR", str(blocker))


@pytest.mark.parametrize("flag", ["--json", "--csv"])
def test_unreadable_history_gives_no_partial_export(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, flag: str
) -> None:
    _blocked(tmp_path, monkeypatch)
    code, out, err = history(capsys, flag)
    assert (code, out) == (1, "")
    assert err.count("\n") == 1 and err.startswith("stretchtimer: Cannot use the history file")


@pytest.mark.parametrize("flag", ["--json", "--csv"])
def test_failure_in_the_first_sessions_gives_no_output(
    capsys: pytest.CaptureFixture[str],
    hostile: int,
    monkeypatch: pytest.MonkeyPatch,
    flag: str,
) -> None:
    # both exports read their rows here; the first batch holds the one session and the failure
    real = HistoryStore.export_rows

    def breaks_after_one(self: HistoryStore, *args: Any) -> Iterator[Any]:
        yield from real(self, *args)
        raise HistoryUnavailable("Cannot use the history file: disk I/O error.")

    monkeypatch.setattr(HistoryStore, "export_rows", breaks_after_one)
    code, out, err = history(capsys, flag)
    assert (code, out) == (1, "")
    assert err == "stretchtimer: Cannot use the history file: disk I/O error.\n"


@pytest.mark.parametrize("flag", ["--json", "--csv"])
def test_failure_after_the_first_sessions_says_the_output_is_incomplete(
    capsys: pytest.CaptureFixture[str],
    isolated_dirs: dict[str, Path],
    monkeypatch: pytest.MonkeyPatch,
    flag: str,
) -> None:
    seed_history(locations.history_db()).close()  # 16 sessions
    monkeypatch.setattr(history_command, "FIRST_BATCH", 2)
    real = HistoryStore.export_rows

    def breaks_after_three(self: HistoryStore, *args: Any) -> Iterator[Any]:
        rows = real(self, *args)
        for _ in range(3):
            yield next(rows)
        raise HistoryUnavailable("Cannot use the history file: disk I/O error.")

    monkeypatch.setattr(HistoryStore, "export_rows", breaks_after_three)
    code, out, err = history(capsys, flag)
    assert code == 1
    assert err == (
        "stretchtimer: the export is incomplete, cut short after 3 sessions: "
        "Cannot use the history file: disk I/O error.\n"
    )
    if flag == "--json":  # written as read: the three sessions, and no end
        assert out.startswith('{"stretchtimer_history": 1,') and out.count('"routine_name"') == 3
        with pytest.raises(json.JSONDecodeError):
            json.loads(out)
    else:
        assert len({row["session_id"] for row in csv.DictReader(io.StringIO(out))}) == 3


def test_the_export_is_one_snapshot(
    capsys: pytest.CaptureFixture[str],
    isolated_dirs: dict[str, Path],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    seed_history(locations.history_db()).close()
    real = CrampLog.cramps

    def cramps_then_a_new_session(self: CrampLog, *args: Any, **kwargs: Any) -> Any:
        found = real(self, *args, **kwargs)
        with HistoryStore(locations.history_db()) as other:  # another process, meanwhile
            sid = other.start_session("late", "Late one", 1, at(TODAY, 23))
            other.finish_session(sid, "completed", 60.0, 0.0, at(TODAY, 23, 1))
        return found

    monkeypatch.setattr(CrampLog, "cramps", cramps_then_a_new_session)
    code, out, _ = history(capsys, "--json")
    assert code == 0 and len(json.loads(out)["sessions"]) == 16  # as when the export began
    code, out, _ = history(capsys, "--json")
    assert code == 0 and len(json.loads(out)["sessions"]) == 17  # the one added meanwhile


def test_unknown_routine_lists_stored_ids_visibly(
    capsys: pytest.CaptureFixture[str], hostile: int
) -> None:
    code, out, err = history(capsys, "--routine", "zz")
    assert code == 2
    assert "Routines with sessions: idCalf\\x1b]52;c;" in err
    assert_no_raw_controls(out + err)


def test_import_names_a_hostile_file_name_visibly(
    capsys: pytest.CaptureFixture[str], isolated_dirs: dict[str, Path], tmp_path: Path
) -> None:
    path = tmp_path / f"backup{HOSTILE_TEXT}.json"
    path.write_text("[1]", encoding="utf-8")
    code, out, err = history(capsys, "import", str(path))
    assert code == 1
    assert "backupCalf\\x1b]52;c;" in err and "nothing was imported" in err
    assert_no_raw_controls(out + err)
