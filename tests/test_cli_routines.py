"""The routine commands: list, show, validate, new, schema, paths (and home for now)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from routine_examples import INVALID, MINIMAL
from stretchtimer import locations
from stretchtimer.cli import main
from stretchtimer.routines.loader import load_routine
from stretchtimer.routines.schema import schema

REPO = Path(__file__).resolve().parents[1]


def run_cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def user_file(name: str, text: str) -> Path:
    folder = locations.user_routines_dir()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


# -- list ------------------------------------------------------------------------------------


def test_list_shows_id_name_time_and_source(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run_cli(capsys, "list")
    assert code == 0 and err == ""
    lines = out.splitlines()
    assert lines[0].split() == ["ID", "NAME", "TIME", "SOURCE"]
    row = next(line for line in lines if line.startswith("leg-cramp-prevention"))
    assert row.split() == ["leg-cramp-prevention", "Leg", "cramp", "prevention", "2:55", "built-in"]
    assert len(lines) == 6  # the header and the five built-in routines


def test_list_marks_untimed_time_and_invalid_user_routines(
    capsys: pytest.CaptureFixture[str],
) -> None:
    user_file("untimed.yaml", "name: Squats\nsteps:\n  - {name: squat, reps: 10}\n")
    bad = user_file("bad.yaml", "name: x\nsteps:\n  - name: y\n    hodl: 5\n")
    code, out, _ = run_cli(capsys, "list")
    assert code == 0
    untimed = next(line for line in out.splitlines() if line.startswith("untimed"))
    assert "0:05 + ?" in untimed and untimed.endswith("user")
    broken = next(line for line in out.splitlines() if line.startswith("bad"))
    assert "(invalid)" in broken and f"{bad}:3:5:" in broken and "(and 1 more)" in broken


def test_list_takes_extra_files(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "extra.yaml"
    path.write_text(MINIMAL)
    code, out, _ = run_cli(capsys, "list", str(path))
    assert code == 0 and out.splitlines()[-1].split()[-1] == "path"


# -- show ------------------------------------------------------------------------------------


def test_show_prints_caution_timeline_and_total(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(capsys, "show", "leg-cramp-prevention")
    assert code == 0
    assert "Caution: See a doctor" in out
    lines = out.splitlines()
    assert any(line.split()[:3] == ["0:00", "0:10", "Get"] for line in lines if line.strip())
    left = next(line for line in lines if "Wall calf stretch, left" in line)
    assert left.split()[:2] == ["0:10", "1:00"]
    right = next(line for line in lines if "Wall calf stretch, right" in line)
    assert right.split()[:2] == ["1:15", "1:00"]
    assert any("Switch to right" in line for line in lines)
    assert "Step your left foot" in " ".join(out.split())
    assert lines[-1] == "Total 2:55"


def test_show_marks_untimed_reps(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "u.yaml"
    path.write_text(
        "name: U\nprepare: 0\nsteps:\n  - {name: squat, reps: 10}\n  - {name: calf, hold: 30}\n"
    )
    code, out, _ = run_cli(capsys, "show", str(path))
    assert code == 0
    assert any("until done" in line and "squat: 10 reps" in line for line in out.splitlines())
    assert any(line.split()[:2] == ["0:00+?", "0:30"] for line in out.splitlines() if line.strip())
    assert "Total 0:30 + ?" in out


def test_show_unknown_routine(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run_cli(capsys, "show", "nope")
    assert code == 1 and out == ""
    assert err.startswith("stretchtimer: nope: no routine has this id")


def test_show_invalid_routine_prints_its_problems(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(INVALID["unknown-keys"].text)
    code, out, err = run_cli(capsys, "show", str(path))
    assert code == 1 and out == ""
    assert err.splitlines()[0] == f"{path}:2:1: `setps`: unknown key; did you mean `steps`?"


# -- validate --------------------------------------------------------------------------------


def test_validate_ok(capsys: pytest.CaptureFixture[str]) -> None:
    files = sorted(str(p) for p in (REPO / "routines").glob("*.yaml"))
    code, out, err = run_cli(capsys, "validate", *files)
    assert code == 0 and err == ""
    assert out.splitlines() == [f"{f}: ok" for f in files]


@pytest.mark.parametrize("name", sorted(INVALID))
def test_validate_reports_each_kind_of_bad_file_with_line_and_column(
    name: str,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
) -> None:
    path = tmp_path / f"{name}.yaml"
    path.write_text(INVALID[name].text, encoding="utf-8")
    code, out, err = run_cli(capsys, "validate", str(path))
    assert code == 1 and err == ""
    expected = [f"{path}:{line}:{col}:" for line, col, _ in INVALID[name].expected]
    assert [line.split(" ", 1)[0] for line in out.splitlines()] == expected


def test_validate_bad_bytes(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    latin = tmp_path / "latin.yaml"
    latin.write_bytes(b"name: caf\xe9\nsteps: []\n")
    big = tmp_path / "big.yaml"
    big.write_bytes(b"#" * (1024 * 1024 + 1))
    code, out, _ = run_cli(capsys, "validate", str(latin), str(big))
    assert code == 1
    assert out.splitlines() == [
        f"{latin}:1:10: not valid UTF-8 (byte 0xe9); save the file as UTF-8",
        f"{big}:1:1: the file is larger than 1 MiB; a routine file is much smaller",
    ]


def test_validate_mixed_and_missing(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    good = tmp_path / "good.yaml"
    good.write_text(MINIMAL)
    missing = tmp_path / "missing.yaml"
    code, out, _ = run_cli(capsys, "validate", str(good), str(missing), str(tmp_path))
    assert code == 1
    assert out.splitlines() == [
        f"{good}: ok",
        f"{missing}: no such file",
        f"{tmp_path}: is a folder, not a routine file",
    ]


def test_validate_usage_error_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["validate"])
    assert info.value.code == 2
    assert "usage:" in capsys.readouterr().err


# -- new, schema, paths ----------------------------------------------------------------------


def test_new_writes_a_valid_template_once(
    capsys: pytest.CaptureFixture[str],
    isolated_dirs: dict[str, Path],
) -> None:
    code, out, err = run_cli(capsys, "new", "Morning legs")
    path = isolated_dirs["config"] / "routines" / "morning-legs.yaml"
    assert (code, out, err) == (0, f"{path}\n", "")
    assert load_routine(path).name == "Morning legs"
    code, out, err = run_cli(capsys, "new", "Morning legs")
    assert code == 1 and out == "" and "already exists" in err


def test_new_warns_when_it_replaces_a_builtin(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run_cli(capsys, "new", "Cramp relief")
    assert code == 0 and "replaces the built-in routine 'cramp-relief'" in err


@pytest.mark.parametrize("name", ["", "!!!", "x" * 121])
def test_new_rejects_unusable_names(capsys: pytest.CaptureFixture[str], name: str) -> None:
    code, out, err = run_cli(capsys, "new", name)
    assert code == 2 and out == "" and err.startswith("stretchtimer new: error:")


@pytest.mark.parametrize(("name", "shown"), [("esc\x1b]0;T\x07", "\\x1b"), ("a\u202eb", "\\u202e")])
def test_new_refuses_a_name_its_own_checker_would_refuse(
    capsys: pytest.CaptureFixture[str], isolated_dirs: dict[str, Path], name: str, shown: str
) -> None:
    code, out, err = run_cli(capsys, "new", name)
    assert (code, out) == (2, "")
    assert err.startswith("stretchtimer new: error: the name holds the ")
    assert shown in err and "\x1b" not in err and "\u202e" not in err
    assert not (isolated_dirs["config"] / "routines").exists() or not any(
        (isolated_dirs["config"] / "routines").iterdir()
    )


def test_new_reports_an_unwritable_folder(capsys: pytest.CaptureFixture[str]) -> None:
    config = locations.config_dir()
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text("not a folder")
    code, out, err = run_cli(capsys, "new", "Morning legs")
    assert code == 1 and out == "" and err.startswith("stretchtimer: cannot write")


def test_new_reports_a_file_in_place_of_the_routines_folder(
    capsys: pytest.CaptureFixture[str],
) -> None:
    folder = locations.user_routines_dir()
    folder.parent.mkdir(parents=True, exist_ok=True)
    folder.write_text("not a folder")
    code, out, err = run_cli(capsys, "new", "Morning legs")
    assert (code, out) == (1, "")
    assert err == f"stretchtimer: cannot write {folder}: Not a directory\n"


def test_command_help_keeps_the_case_of_its_description(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit):
        main(["schema", "--help"])
    assert "Print the JSON Schema of the routine format" in capsys.readouterr().out


def test_schema_prints_the_json_schema(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(capsys, "schema")
    assert code == 0 and json.loads(out) == schema()


def test_paths_lists_every_location_and_whether_it_exists(
    capsys: pytest.CaptureFixture[str],
    isolated_dirs: dict[str, Path],
) -> None:
    code, out, _ = run_cli(capsys, "paths")
    assert code == 0
    rows = {line.split("  ")[0]: line for line in out.splitlines()}
    assert set(rows) >= {
        "config folder",
        "user routines",
        "built-in routines",
        "config file",
        "reminders file",
        "sound last chosen",
        "data folder",
        "history database",
        "cautions read",
        "sounds",
        "cache folder",
        "routines read",
        "spoken phrases",
    }
    assert str(isolated_dirs["config"]) in rows["config folder"]
    assert rows["config folder"].endswith("(not created yet)")
    assert rows["built-in routines"].endswith("(exists)")
    assert str(isolated_dirs["data"] / "history.sqlite3") in rows["history database"]
    assert str(isolated_dirs["data"] / "cautions-seen.json") in rows["cautions read"]
    assert str(isolated_dirs["data"].parent / "cache" / "voice") in rows["spoken phrases"]


# -- a real process ------------------------------------------------------------------------


def run_process(*argv: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "stretchtimer", *argv],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_process_validate_bad_file_exits_1_without_traceback(tmp_path: Path) -> None:
    path = tmp_path / "bomb.yaml"
    path.write_text(INVALID["alias-bomb"].text)
    result = run_process("validate", str(path))
    assert result.returncode == 1
    assert result.stdout.startswith(f"{path}:5:36: aliases in this file")
    assert "Traceback" not in result.stdout + result.stderr


def test_process_list_and_version() -> None:
    listing = run_process("list")
    assert listing.returncode == 0 and "leg-cramp-prevention" in listing.stdout
    version = run_process("--version")
    assert version.returncode == 0 and version.stdout.startswith("stretchtimer ")


def test_process_show_missing_routine() -> None:
    result = run_process("show", "does-not-exist")
    assert result.returncode == 1 and result.stdout == ""
    assert "Traceback" not in result.stderr and "does-not-exist" in result.stderr


def test_validate_accepts_a_routine_id(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", "leg-cramp-prevention"]) == 0
    out = capsys.readouterr().out.strip()
    assert out.endswith("leg-cramp-prevention.yaml: ok")
    assert main(["validate", "no-such-routine"]) == 1
    assert "no-such-routine" in capsys.readouterr().out


def test_an_unexpected_error_is_one_line_not_a_traceback(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import stretchtimer.commands.list as list_command

    def broken(args: object) -> int:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(list_command, "run", broken)
    assert main(["list"]) == 70
    err = capsys.readouterr().err
    assert err.strip().splitlines() == [
        "stretchtimer: unexpected error: RuntimeError: disk on fire "
        "(set STRETCHTIMER_DEBUG=1 to see where; please report it)"
    ]
    monkeypatch.setenv("STRETCHTIMER_DEBUG", "1")
    with pytest.raises(RuntimeError):
        main(["list"])


def test_list_lines_columns_up_with_wide_and_combining_names(
    capsys: pytest.CaptureFixture[str], isolated_dirs: dict[str, Path]
) -> None:
    folder = isolated_dirs["config"] / "routines"
    folder.mkdir(parents=True)
    for stem, name in (("wide", "日本語のルーチン"), ("accent", "Cafe\u0301 stretch")):
        (folder / f"{stem}.yaml").write_text(
            f"name: {name}\nsteps:\n  - {{name: x, hold: 30}}\n", encoding="utf-8"
        )
    code, out, _ = run_cli(capsys, "list")
    assert code == 0
    from stretchtimer.columns import cell_width

    lines = out.splitlines()
    header = lines[0]
    for stem in ("wide", "accent"):
        line = next(line for line in lines if line.startswith(stem + " "))
        # the time ends where the header's TIME ends, whatever the name's characters
        assert cell_width(line[: line.index("0:35") + 4]) == header.index("TIME") + 4, line
