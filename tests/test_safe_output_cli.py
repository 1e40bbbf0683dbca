"""No control character from a routine, a file name, a config or the history reaches the
terminal raw through any command: each output path is fed every kind of hostile text.

Routines are built directly (the loader refuses such files), so these tests hold whatever the
validator accepts.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from hostile_text import (
    HOSTILE_TEXT,
    OSC52,
    assert_no_raw_controls,
    hostile_routine,
)
from stretchtimer import cli
from stretchtimer.routines import library
from stretchtimer.routines.library import Entry
from stretchtimer.routines.problems import Problem, RoutineError
from stretchtimer.session.clock import FakeClock
from stretchtimer.session.plan import build_plan

ROUTINE_YAML = "name: Fine\nsteps:\n  - name: Reach\n    hold: 5s\n"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code = cli.main(list(args))
    out, err = capsys.readouterr()
    assert_no_raw_controls(out + err)
    return code, out + err


def entries(tmp_path: Path) -> list[Entry]:
    bad = Problem(str(tmp_path / f"bad{HOSTILE_TEXT}.yaml"), 3, 7, f"unknown key `{HOSTILE_TEXT}`")
    return [
        Entry(f"evil{HOSTILE_TEXT}", "user", tmp_path / "evil.yaml", hostile_routine()),
        Entry(f"bad{HOSTILE_TEXT}", "user", tmp_path / "bad.yaml", None, (bad, bad)),
    ]


def test_validate_escapes_file_names(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    good = tmp_path / f"good{OSC52}\u202e.yaml"
    good.write_text(ROUTINE_YAML, encoding="utf-8")
    missing = tmp_path / f"missing\x9b2J{OSC52}.yaml"
    code, out = run(capsys, "validate", str(good), str(missing))
    assert code == 1
    assert "good\\x1b]52;c;aGVsbG8=\\x07\\u202e.yaml: ok" in out
    assert "missing\\x9b2J\\x1b]52" in out


def test_validate_escapes_problem_messages(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    def hostile_load(path: object) -> None:
        raise RoutineError(entries(tmp_path)[1].problems)

    monkeypatch.setattr("stretchtimer.routines.loader.load_routine", hostile_load)
    code, out = run(capsys, "validate", str(tmp_path / "x.yaml"))
    assert code == 1 and out.count("\n") == 2
    assert ":3:7: unknown key `Calf\\x1b]52" in out


def test_list_escapes_names_ids_and_problems(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(library, "list_routines", lambda paths=(): entries(tmp_path))
    code, out = run(capsys, "list")
    assert code == 0
    assert "evilCalf\\x1b]52" in out and "Name Calf\\x1b]52" in out
    assert "unknown key `Calf\\x1b]52" in out


def test_show_escapes_every_field(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(library, "locate", lambda ref: entries(tmp_path)[0])
    code, out = run(capsys, "show", "evil")
    assert code == 0
    for field in ("Name", "Description", "Caution", "Hold", "Cue", "Reps", "left", "right"):
        assert f"{field} Calf\\x1b]52" in out or f"{field}Calf\\x1b]52" in out, field


def test_show_escapes_problems(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(library, "locate", lambda ref: entries(tmp_path)[1])
    code, out = run(capsys, "show", "bad")
    assert code == 1 and "unknown key `Calf\\x1b]52" in out


def test_run_plain_lines_are_made_safe_where_they_leave() -> None:
    from stretchtimer.plain import run_plain

    clock = FakeClock()
    out = io.StringIO()
    run_plain(
        build_plan(hostile_routine()), clock=clock, sleep=clock.sleep, out=out, stdin=io.StringIO()
    )
    text = out.getvalue()
    assert_no_raw_controls(text)
    for field in ("Name", "Hold", "Cue", "Reps", "Rep cue"):
        assert f"{field} Calf\\x1b]52" in text, field
    assert "leftCalf\\x1b]52" in text


def test_run_plain_warnings_are_made_safe(capsys: pytest.CaptureFixture[str]) -> None:
    from stretchtimer.plain import run_plain

    def broken_sink(event: object) -> None:
        raise OSError(f"cannot write {HOSTILE_TEXT}")

    clock = FakeClock()
    run_plain(
        build_plan(hostile_routine()),
        clock=clock,
        sleep=clock.sleep,
        out=io.StringIO(),
        stdin=io.StringIO(),
        sinks=[broken_sink],
    )
    err = capsys.readouterr().err
    assert_no_raw_controls(err)
    assert "cannot write Calf\\x1b]52" in err


def test_run_plain_problems_are_made_safe(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    def hostile_resolve(ref: str) -> None:
        raise RoutineError(entries(tmp_path)[1].problems)

    monkeypatch.setattr(library, "resolve", hostile_resolve)
    code, out = run(capsys, "run", "--plain", "bad")
    assert code == 1 and "unknown key `Calf\\x1b]52" in out


def test_doctor_escapes_config_keys_and_values(
    capsys: pytest.CaptureFixture[str],
    isolated_dirs: dict[str, Path],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    config = isolated_dirs["config"]
    config.mkdir()
    (config / "config.toml").write_text(
        '"key\\u001b]52;c;aGVsbG8=\\u0007\\u009b2J\\u202e" = 1\nsound_backend = "odd\\u001b[2J"\n',
        encoding="utf-8",
    )
    monkeypatch.setenv("STRETCHTIMER_SOUND", f"weird{HOSTILE_TEXT}")
    code, out = run(capsys, "doctor")
    assert code in (0, 1)
    assert "key\\x1b]52;c;aGVsbG8=\\x07\\x9b2J\\u202e" in out


def test_paths_escape_folder_names(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("STRETCHTIMER_DATA_DIR", str(tmp_path / f"data{HOSTILE_TEXT}"))
    code, out = run(capsys, "paths")
    assert code == 0 and "dataCalf\\x1b]52" in out


def test_new_refuses_a_hostile_name_in_one_safe_line(capsys: pytest.CaptureFixture[str]) -> None:
    code, out = run(capsys, "new", f"Morning {HOSTILE_TEXT}")
    assert code == 2 and out.count("\n") == 1 and "\\x1b" in out


def test_new_prints_a_safe_path(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("STRETCHTIMER_CONFIG_DIR", str(tmp_path / f"config{HOSTILE_TEXT}"))
    code, out = run(capsys, "new", "Morning legs")
    assert code == 0 and out.strip().endswith("morning-legs.yaml")
    assert "configCalf\\x1b]52" in out


def test_an_unexpected_error_is_one_safe_line(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def bug(args: object) -> int:
        raise ValueError(f"boom {HOSTILE_TEXT}\nsecond line")

    monkeypatch.setattr("stretchtimer.commands.paths.run", bug)
    code, out = run(capsys, "paths")
    assert code == 70 and out.count("\n") == 1 and "boom Calf\\x1b]52" in out
