"""``stretchtimer cramp`` and ``stretchtimer report``, on a real history file."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from stretchtimer import cli, locations
from stretchtimer.commands.cramp import ask
from stretchtimer.history.cramps import CrampLog
from stretchtimer.history.diary import Cramp
from stretchtimer.history.insights import GUIDANCE
from stretchtimer.history.store import HistoryStore


def cramp_cmd(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = cli.main(["cramp", *args])
    out, err = capsys.readouterr()
    return code, out, err


def logged() -> list[Cramp]:
    with HistoryStore(locations.history_db()) as store:
        return CrampLog(store).cramps(oldest_first=True)


def day(n: int) -> str:
    return (date.today() - timedelta(days=n)).isoformat()


def test_log_with_options(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = cramp_cmd(
        capsys,
        "--at",
        f"{day(1)} 23:15",
        "--leg",
        "left",
        "--muscle",
        "foot",
        "--severity",
        "8",
        "--minutes",
        "2.5",
        "--woke",
        "--redness",
        "--note",
        "after [b]walking",
    )
    assert (code, err) == (0, "")
    assert out.startswith(
        f"Logged cramp 1: {day(1)} 23:15 · foot, left leg · severity 8/10 · "
        "2.5 min · woke you · redness\n  note: after [b]walking\n"
    )
    [c] = logged()
    assert (c.leg, c.muscle, c.severity, c.minutes, c.woke, c.redness, c.swelling) == (
        "left",
        "foot",
        8,
        2.5,
        True,
        True,
        False,
    )
    assert c.note == "after [b]walking" and len(c.uid) == 36
    assert " ".join(GUIDANCE.split()[:4]) in " ".join(out.split())
    assert "redness" in out and "potassium" in out and "cramp dismiss" in out  # the advice


def test_defaults_without_a_terminal_and_last_night_means_woke(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert cramp_cmd(capsys)[0] == 0
    assert cramp_cmd(capsys, "--at", "last night")[0] == 0
    by_id = sorted(logged(), key=lambda c: c.id)
    first, second = by_id
    assert (first.leg, first.muscle, first.severity, first.woke) == ("both", "calf", 5, False)
    assert second.woke and second.at.hour in (3, datetime.now().hour)


def test_bad_values_are_usage_errors(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        cli.main(["cramp", "--severity", "11"])
    assert exc.value.code == 2
    assert "expected a whole number from 0 to 10" in capsys.readouterr().err
    code, _, err = cramp_cmd(capsys, "--at", "tomorrow")
    assert code == 2 and "cannot read the time 'tomorrow'" in err
    for note in ("a \x1b]52;c;evil\x07", "a \u202eb", "a \udc80"):
        code, out, err = cramp_cmd(capsys, "--note", note)
        assert code == 2 and "the note holds a control character at position 3" in err
        assert "\x1b" not in out + err and "\u202e" not in out + err
    assert logged() == []


def test_text_already_in_the_history_is_shown_safely(capsys: pytest.CaptureFixture[str]) -> None:
    cramp_cmd(capsys, "--severity", "4", "--note", "placeholder")
    import sqlite3

    db = sqlite3.connect(locations.history_db())
    db.execute("UPDATE cramps SET note = ?", ("x \x1b[2J \u202eevil \x9b",))
    db.commit()
    db.close()
    capsys.readouterr()
    for argv in (
        ["cramp", "list"],
        ["report"],
        ["report", "--format", "markdown"],
        ["history", "--json"],
    ):
        assert cli.main(argv) == 0
        out = capsys.readouterr().out
        assert "\x1b" not in out and "\u202e" not in out and "\x9b" not in out, argv
    cli.main(["history", "--json"])
    exported = json.loads(capsys.readouterr().out)
    assert exported["cramps"][0]["note"] == "x \x1b[2J \u202eevil \x9b"  # kept, escaped


def test_interactive_is_two_keystrokes() -> None:
    answers = iter(["", ""])
    out = io.StringIO()
    cramp = ask(lambda prompt: next(answers), out)
    assert (cramp.leg, cramp.muscle, cramp.severity, cramp.woke) == ("both", "calf", 5, False)
    assert abs((datetime.now() - cramp.at).total_seconds()) < 120


def test_interactive_reads_words_and_asks_again() -> None:
    answers = iter(["yesterday please", "last night", "8 lft", "8 left hamstring weak"])
    out = io.StringIO()
    cramp = ask(lambda prompt: next(answers), out)
    assert (cramp.leg, cramp.muscle, cramp.severity, cramp.woke, cramp.weakness) == (
        "left",
        "hamstring",
        8,
        True,
        True,
    )
    assert "cannot read the time" in out.getvalue() and "'lft' is not a word" in out.getvalue()


def test_list_edit_delete(capsys: pytest.CaptureFixture[str]) -> None:
    for n in (3, 2):
        cramp_cmd(capsys, "--at", f"{day(n)} 15:00", "--severity", str(n))
    code, out, _ = cramp_cmd(capsys, "edit", "1", "--severity", "9", "--note", "stairs")
    assert code == 0 and "severity 9/10" in out
    assert [c.severity for c in logged()] == [9, 2]
    assert logged()[0].at.hour == 15  # what was not given is kept
    code, out, _ = cramp_cmd(capsys, "list")
    assert code == 0
    assert "Stretching and cramps, week by week (goal: 5 days a week):" in out
    assert "Cramps (2 in 12 weeks, newest first):" in out
    assert "    1  " in out and "note: stairs" in out
    code, out, err = cramp_cmd(capsys, "delete", "1")
    assert code == 2 and "--yes" in err  # no terminal to ask in
    code, out, _ = cramp_cmd(capsys, "delete", "1", "--yes")
    assert code == 0 and out.startswith("Deleted cramp 1:")
    assert [c.id for c in logged()] == [2]
    code, _, err = cramp_cmd(capsys, "edit", "1", "--severity", "3")
    assert code == 1 and "there is no cramp 1" in err


def test_advice_after_three_woken_nights_then_dismissed(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = cramp_cmd(capsys, "--at", f"{day(6)} 23:00", "--woke")
    _, out, _ = cramp_cmd(capsys, "--at", f"{day(4)} 02:00", "--woke")
    assert "doctor" not in out
    _, out, _ = cramp_cmd(capsys, "--at", f"{day(1)} 23:30", "--woke")
    assert "cramps that woke you on 3 nights in the last 14 days" in out
    assert "potassium" in out and "medicines" in out
    _, history_out, _ = cli.main(["history"]), *capsys.readouterr()
    assert "cramps that woke you on 3 nights" in history_out
    code, out, _ = cramp_cmd(capsys, "dismiss")
    assert code == 0 and "hidden until" in out
    _, out, _ = cramp_cmd(capsys, "list")
    assert "doctor" not in out
    _, out, _ = cramp_cmd(capsys, "--at", f"{day(2)} 15:00", "--swelling")
    assert "swelling" in out and "potassium" in out  # a new rule shows it again


def test_history_and_cramp_print_the_same_figures(capsys: pytest.CaptureFixture[str]) -> None:
    cramp_cmd(capsys, "--at", f"{day(8)} 23:00", "--woke", "--severity", "7")
    _, listing, _ = cramp_cmd(capsys, "list")
    cli.main(["history"])
    history_out = capsys.readouterr().out
    figures = listing.split("\n\nCramps")[0]
    assert figures.startswith("Stretching and cramps") and figures in history_out


def test_report_text_and_markdown(capsys: pytest.CaptureFixture[str]) -> None:
    cramp_cmd(
        capsys,
        "--at",
        f"{day(3)} 02:00",
        "--woke",
        "--severity",
        "6",
        "--note",
        "|pipe| *star* <b>",
    )
    cramp_cmd(capsys, "--at", f"{day(1)} 16:00", "--weakness", "--severity", "4")
    capsys.readouterr()
    assert cli.main(["report", "--weeks", "4"]) == 0
    text = capsys.readouterr().out
    assert text.splitlines()[0].startswith("Leg cramp diary, ")
    assert "(4 weeks)" in text.splitlines()[0]
    assert "- Cramps logged: 2 on 2 days; 1 night with cramps; 1 woke the person up." in text
    assert "you" not in text.lower().replace("your", "")
    assert "- A cramp with weakness (last on" in text
    assert "|pipe| *star* <b>" in text
    assert all(len(line) <= 100 for line in text.splitlines())
    assert cli.main(["report", "--format", "markdown"]) == 0
    md = capsys.readouterr().out
    assert md.startswith("# Leg cramp diary") and "## Cramps" in md
    assert "\\|pipe\\| \\*star\\* \\<b\\>" in md
    with pytest.raises(SystemExit):
        cli.main(["report", "--weeks", "0"])


def test_empty_report_and_list_create_nothing(
    capsys: pytest.CaptureFixture[str], isolated_dirs: dict[str, Path]
) -> None:
    assert cli.main(["report"]) == 0
    assert "Cramps logged: none in this period." in capsys.readouterr().out
    code, out, _ = cramp_cmd(capsys, "list")
    assert code == 0 and "No cramps logged yet." in out
    assert not isolated_dirs["data"].exists()


def test_cramp_and_report_do_not_import_textual(tmp_path: Path) -> None:
    code = """
import contextlib, io, sys
from stretchtimer.cli import main
for argv in (["cramp", "--severity", "3"], ["cramp", "list"], ["report"],
             ["history", "--json"]):
    with contextlib.redirect_stdout(io.StringIO()):
        assert main(argv) == 0, argv
    assert "textual" not in sys.modules, argv
"""
    env = {
        "STRETCHTIMER_CONFIG_DIR": str(tmp_path / "c"),
        "STRETCHTIMER_DATA_DIR": str(tmp_path / "d"),
        "PATH": "/usr/bin:/bin",
    }
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
