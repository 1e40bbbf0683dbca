"""Nothing outside ``stretchtimer.tui`` imports textual; ``--version`` does not even load YAML.

Each check runs in a fresh interpreter so earlier imports cannot hide a culprit.
"""

from __future__ import annotations

import pkgutil
import subprocess
import sys
import textwrap
from pathlib import Path

import stretchtimer

CORE_MODULES = sorted(
    info.name
    for info in pkgutil.walk_packages(stretchtimer.__path__, prefix="stretchtimer.")
    if not info.name.startswith("stretchtimer.tui") and info.name != "stretchtimer.__main__"
)


def run_fresh(code: str, tmp_path: Path) -> None:
    env_code = textwrap.dedent(code)
    result = subprocess.run(
        [sys.executable, "-c", env_code],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        cwd=tmp_path,
        env={
            "STRETCHTIMER_CONFIG_DIR": str(tmp_path / "config"),
            "STRETCHTIMER_DATA_DIR": str(tmp_path / "data"),
            "STRETCHTIMER_SOUND": "off",
            "STRETCHTIMER_CACHE_DIR": str(tmp_path / "cache"),
            "PATH": "/usr/bin:/bin",
        },
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_core_modules_do_not_import_textual(tmp_path: Path) -> None:
    assert "stretchtimer.routines.loader" in CORE_MODULES
    assert "stretchtimer.commands.list" in CORE_MODULES
    run_fresh(
        f"""
        import importlib, sys
        for name in {CORE_MODULES!r}:
            importlib.import_module(name)
            bad = sorted(m for m in sys.modules if m == "textual" or m.startswith("textual."))
            assert not bad, f"{{name}} imported {{bad[:3]}}"
        """,
        tmp_path,
    )


def test_version_loads_neither_textual_nor_yaml(tmp_path: Path) -> None:
    run_fresh(
        """
        import contextlib, io, sys
        from stretchtimer.cli import main
        with contextlib.redirect_stdout(io.StringIO()):
            try:
                main(["--version"])
            except SystemExit as exc:
                assert exc.code == 0
        assert "textual" not in sys.modules, "textual"
        assert "yaml" not in sys.modules, "yaml"
        """,
        tmp_path,
    )


def test_routine_commands_do_not_import_textual(tmp_path: Path) -> None:
    routine = Path(stretchtimer.__file__).resolve().parents[2] / "routines" / "cramp-relief.yaml"
    run_fresh(
        f"""
        import contextlib, io, sys
        from stretchtimer.cli import main
        commands = [["list"], ["show", "leg-cramp-prevention"], ["validate", {str(routine)!r}],
                    ["schema"], ["paths"], ["new", "Hygiene check"]]
        for argv in commands:
            with contextlib.redirect_stdout(io.StringIO()), \\
                    contextlib.redirect_stderr(io.StringIO()):
                assert main(argv) == 0, argv
            assert "textual" not in sys.modules, argv
        """,
        tmp_path,
    )


def test_routine_commands_leave_out_what_they_do_not_use(tmp_path: Path) -> None:
    """``decimal`` reads only durations with a fraction, ``unicodedata`` only names new files.

    The built-in routines' durations are whole numbers, and each of these imports costs a
    routine command about a millisecond.
    """
    routine = Path(stretchtimer.__file__).resolve().parents[2] / "routines" / "cramp-relief.yaml"
    run_fresh(
        f"""
        import contextlib, io, sys
        from stretchtimer.cli import main
        commands = [["list"], ["show", "leg-cramp-prevention"], ["validate", {str(routine)!r}]]
        for argv in commands:
            with contextlib.redirect_stdout(io.StringIO()):
                assert main(argv) == 0, argv
            assert "decimal" not in sys.modules, argv
            assert "unicodedata" not in sys.modules, argv
        from stretchtimer.routines.durations import parse_duration
        assert parse_duration("2.5s") == 2.5 and "decimal" in sys.modules
        """,
        tmp_path,
    )


def test_history_reads_no_toml_without_a_settings_file(tmp_path: Path) -> None:
    """``tomllib`` (some 2 ms to import) is loaded only when there is a ``config.toml``."""
    run_fresh(
        """
        import contextlib, io, sys
        from stretchtimer.cli import main
        with contextlib.redirect_stdout(io.StringIO()):
            assert main(["history"]) == 0
        assert "tomllib" not in sys.modules
        """,
        tmp_path,
    )
