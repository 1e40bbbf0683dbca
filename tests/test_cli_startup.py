"""Start-up: `--version` before any parser, only the parser and module of the command used,
no YAML for routines already read, and ROUTINE arguments typed short or wrong."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from routine_examples import MINIMAL
from stretchtimer import cli, locations

REPO = Path(__file__).resolve().parents[1]


def fresh(code: str, tmp_path: Path) -> str:
    """Run ``code`` in a new interpreter with the test's folders; return its stdout."""
    result = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        cwd=tmp_path,
        env={
            **os.environ,
            "STRETCHTIMER_CONFIG_DIR": str(tmp_path / "config"),
            "STRETCHTIMER_DATA_DIR": str(tmp_path / "data"),
            "STRETCHTIMER_CACHE_DIR": str(tmp_path / "cache"),
            "STRETCHTIMER_SOUND": "off",
        },
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def test_version_answers_before_any_parser(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def no_parser(only: str | None = None) -> None:
        raise AssertionError("a parser was built")

    monkeypatch.setattr(cli, "build_parser", no_parser)
    assert cli.main(["--version"]) == 0
    assert capsys.readouterr().out.startswith("stretchtimer ")


def test_version_imports_neither_argparse_nor_typing(tmp_path: Path) -> None:
    out = fresh(
        """
        import contextlib, io, sys
        from stretchtimer.cli import main
        with contextlib.redirect_stdout(io.StringIO()):
            assert main(["--version"]) == 0
        print(sorted(m for m in ("argparse", "typing", "pathlib", "yaml") if m in sys.modules))
        """,
        tmp_path,
    )
    assert out.strip() == "[]"


def test_only_the_command_used_is_imported(tmp_path: Path) -> None:
    out = fresh(
        """
        import contextlib, io, sys
        from stretchtimer.cli import main
        with contextlib.redirect_stdout(io.StringIO()):
            assert main(["list"]) == 0
        prefix = "stretchtimer.commands."
        print(sorted(m[len(prefix):] for m in sys.modules
                     if m.startswith(prefix) and m != prefix + "_common"))
        """,
        tmp_path,
    )
    assert out.strip() == "['list']"


def test_help_still_lists_every_command(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        cli.main(["--help"])
    out = capsys.readouterr().out
    for name in cli.COMMANDS:
        assert name in out


def test_a_command_help_shows_its_own_options(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        cli.main(["run", "--help"])
    assert "--plain" in capsys.readouterr().out


def test_routines_already_read_need_no_yaml(tmp_path: Path) -> None:
    code = """
        import contextlib, io, sys
        from stretchtimer.cli import main
        with contextlib.redirect_stdout(io.StringIO()):
            for argv in (["list"], ["show", "leg-cramp-prevention"],
                         ["validate", "leg-cramp-prevention"]):
                assert main(argv) == 0, argv
        print("yaml" in sys.modules)
        """
    assert fresh(code, tmp_path).strip() in ("True", "False")  # the first run fills the cache
    assert fresh(code, tmp_path).strip() == "False"


def test_a_fresh_file_is_always_checked_for_real(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "mine.yaml"
    path.write_text(MINIMAL)
    past = time.time() - 60
    os.utime(path, (past, past))
    assert cli.main(["validate", str(path)]) == 0
    path.write_text(MINIMAL.replace("hold: 30", "hodl: 30"))
    os.utime(path, (past + 1, past + 1))  # changed, even with an old time
    assert cli.main(["validate", str(path)]) == 1
    assert "did you mean `hold`" in capsys.readouterr().out


def test_run_with_a_unique_start_of_an_id(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["show", "leg-cramp"]) == 0
    assert "Leg cramp prevention" in capsys.readouterr().out


def test_a_wrong_id_suggests_the_closest_on_every_command(
    capsys: pytest.CaptureFixture[str],
) -> None:
    for argv in (["show", "leg-cramps"], ["run", "--plain", "leg-cramps"]):
        assert cli.main(argv) == 1
        err = capsys.readouterr().err
        assert (
            "leg-cramps: no routine has this id and there is no such file; did you mean "
            "`leg-cramp-prevention`?" in err
        )


def test_validate_takes_a_unique_start_of_an_id(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["validate", "cramp-rel"]) == 0
    assert "cramp-relief.yaml: ok" in capsys.readouterr().out


def test_list_prints_file_names_safely(capsys: pytest.CaptureFixture[str]) -> None:
    folder = locations.user_routines_dir()
    folder.mkdir(parents=True)
    (folder / "evil\x1b[2J.yaml").write_text("name: x\nsteps: [\n")
    assert cli.main(["list"]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "evil\\x1b[2J" in out
