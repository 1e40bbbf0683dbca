"""``stretchtimer history``: hostile stored text, spreadsheet-safe CSV, and bad moments."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from hostile_text import HOSTILE_TEXT, assert_no_raw_controls, hostile_history
from stretchtimer import cli, locations
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


def test_failure_mid_export_gives_no_partial_json(
    capsys: pytest.CaptureFixture[str], hostile: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = HistoryStore.export_rows  # what the JSON export reads

    def breaks_after_one(self: HistoryStore, *args: Any) -> Iterator[Any]:
        yield from real(self, *args)
        raise HistoryUnavailable("Cannot use the history file: disk I/O error.")

    monkeypatch.setattr(HistoryStore, "export_rows", breaks_after_one)
    code, out, err = history(capsys, "--json")
    assert (code, out) == (1, "")
    assert err == "stretchtimer: Cannot use the history file: disk I/O error.\n"
