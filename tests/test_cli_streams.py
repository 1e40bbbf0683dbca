"""Unusable places and streams: a data folder that cannot be searched, stdout closed or unable to
encode the text. Each gives one clear message and the right exit code; no session is left
running."""

from __future__ import annotations

import errno
import io
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import sysconfig
import tempfile
from pathlib import Path

import pytest

from stretchtimer import cli, locations
from stretchtimer.plain import run_plain
from stretchtimer.session.clock import FakeClock
from stretchtimer.session.plan import build_plan
from tui_support import SHORT, Recorder

REPO = Path(__file__).resolve().parents[1]
NAME = "Étirement du mollet — 1"
ROUTINE = f"name: {NAME}\nprepare: 0\nsteps:\n  - {{name: Mollet ✓, hold: 1}}\n"


def _cli(
    argv: list[str],
    env: dict[str, str] | None = None,
    *,
    close_stdout: bool = False,
    python: str = sys.executable,
    user: list[str] | None = None,
) -> subprocess.CompletedProcess[str]:
    full = {**os.environ, "PYTHONPATH": str(REPO / "src"), **(env or {})}
    return subprocess.run(
        [*(user or []), python, "-m", "stretchtimer", *argv],
        env=full,
        stdin=subprocess.DEVNULL,
        capture_output=not close_stdout,
        stderr=subprocess.PIPE if close_stdout else None,
        text=True,
        timeout=60,
        check=False,
        preexec_fn=(lambda: os.close(1)) if close_stdout else None,
    )


@pytest.fixture
def mollet(isolated_dirs: dict[str, Path]) -> Path:
    folder = isolated_dirs["config"] / "routines"
    folder.mkdir(parents=True)
    path = folder / "mollet.yaml"
    path.write_text(ROUTINE, encoding="utf-8")
    return path


# ---------------------------------------------------------------------------- stdout closed


@pytest.mark.parametrize(
    "argv", [[name] for name in cli.COMMANDS] + [[], ["--version"], ["run", "mollet", "--plain"]]
)
def test_a_closed_stdout_is_one_message_and_exit_1(mollet: Path, argv: list[str]) -> None:
    if argv in (["show"], ["run"]):
        argv = [*argv, "mollet"]
    proc = _cli(argv, close_stdout=True)
    assert proc.returncode == 1, proc.stderr
    assert proc.stderr.splitlines() == [
        "stretchtimer: the standard output is closed, so there is nowhere to show the result; "
        "leave it open, or send it to a file or to /dev/null"
    ]
    assert not locations.history_db().exists()  # no session was started


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="/dev/full is Linux's")
@pytest.mark.parametrize(
    "argv", [["list"], ["show", "mollet"], ["schema"], ["history", "--json"], ["paths"]]
)
def test_output_to_a_full_disk_is_one_clear_message_not_a_bug(
    mollet: Path, argv: list[str]
) -> None:
    # /dev/full fails every write with ENOSPC, as a file on a full disk does
    with open("/dev/full", "w") as full:
        proc = subprocess.run(
            [sys.executable, "-m", "stretchtimer", *argv],
            env={**os.environ, "PYTHONPATH": str(REPO / "src")},
            stdin=subprocess.DEVNULL,
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            timeout=60,
            check=False,
        )
    assert proc.returncode == 1, proc.stderr
    assert proc.stderr.splitlines() == [
        "stretchtimer: could not write (no space left on device): free some space, or send the "
        "output somewhere else, then try again"
    ]


class BrokenOutput(io.StringIO):
    """A terminal that went away after the first line: writes fail with EIO."""

    def __init__(self) -> None:
        super().__init__()
        self.lines = 0

    def write(self, text: str) -> int:
        self.lines += 1
        if self.lines > 1:
            raise OSError(errno.EIO, "Input/output error")
        return super().write(text)


def test_plain_output_failing_mid_session_stops_it_and_keeps_the_record() -> None:
    clock = FakeClock()
    sink = Recorder()
    record = run_plain(
        build_plan(SHORT),
        clock=clock,
        sleep=clock.sleep,
        out=BrokenOutput(),
        sinks=[sink],
        stdin=io.StringIO(),
    )
    assert record.status.value == "stopped"
    assert sink.kinds()[-1] == "SessionStopped"


# ---------------------------------------------------------------------------- cannot encode


@pytest.mark.parametrize(
    "argv",
    [
        ["list"],
        ["show", "mollet"],
        ["run", "mollet", "--plain"],
        ["history"],
        ["history", "--json"],
        ["history", "--csv"],
    ],
)
def test_output_that_cannot_be_encoded_is_escaped_with_one_note(
    mollet: Path, argv: list[str]
) -> None:
    if argv[0] == "history":  # a session with the name in the history first
        assert _cli(["run", "mollet", "--plain"]).returncode == 0
    proc = _cli(argv, {"PYTHONIOENCODING": "ascii"})
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.isascii()
    assert "\\u00c9tirement du mollet \\u2014 1" in proc.stdout
    notes = [line for line in proc.stderr.splitlines() if "cannot show" in line]
    assert len(notes) == 1
    assert notes[0].startswith("stretchtimer: the output's character set (ascii) cannot show ")
    assert "Traceback" not in proc.stderr
    if argv == ["history", "--json"]:  # the JSON stays valid and exact
        data = json.loads(proc.stdout)
        sessions = data["sessions"] if isinstance(data, dict) else data
        assert sessions[0]["routine_name"] == NAME


def test_status_keeps_its_own_ascii_line(mollet: Path) -> None:
    proc = _cli(["status"], {"PYTHONIOENCODING": "ascii"})
    assert proc.returncode == 1  # not done today
    assert proc.stdout.startswith("- not yet today | ")
    assert proc.stderr == ""  # no note at every prompt


def test_lang_c_shows_the_names(mollet: Path) -> None:
    proc = _cli(["list"], {"LANG": "C", "LC_ALL": "C"})
    assert proc.returncode == 0
    assert NAME in proc.stdout or "\\u00c9tirement" in proc.stdout


def test_a_plain_session_with_unencodable_names_is_recorded(mollet: Path) -> None:
    proc = _cli(["run", "mollet", "--plain"], {"PYTHONIOENCODING": "ascii"})
    assert proc.returncode == 0
    with sqlite3.connect(locations.history_db()) as db:
        assert db.execute("SELECT routine_name, status FROM sessions").fetchall() == [
            (NAME, "completed")
        ]


# ---------------------------------------------------------------------------- data folder


def test_an_unsearchable_data_folder_is_a_message_not_a_crash(
    mollet: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The twin of the real test below: ``exists()`` raises as in a folder without x."""
    history = locations.history_db()
    real_exists = Path.exists

    def exists(self: Path, *args: object, **kwargs: object) -> bool:
        if self == history:
            raise PermissionError(errno.EACCES, "Permission denied", str(self))
        return real_exists(self)

    monkeypatch.setattr(Path, "exists", exists)
    assert cli.main(["history"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "its folder cannot be read (Permission denied)" in err
    assert cli.main(["paths"]) == 0
    assert "(cannot be read: Permission denied)" in capsys.readouterr().out
    real_is_file = Path.is_file

    def is_file(self: Path) -> bool:
        if self == history:
            raise PermissionError(errno.EACCES, "Permission denied", str(self))
        return real_is_file(self)

    monkeypatch.setattr(Path, "is_file", is_file)
    assert cli.main(["status"]) == 1  # no history to read: not done today
    assert "not yet today" in capsys.readouterr().out


def _as_other_user() -> tuple[list[str], str] | None:
    """How to run the CLI as a user without root's rights: (command prefix, python); or None."""
    if os.geteuid() != 0:
        return [], sys.executable
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        return None
    prefix = [setpriv, "--reuid=65534", "--regid=65534", "--clear-groups"]
    version = f"python{sys.version_info.major}.{sys.version_info.minor}"
    candidates = [sys.executable, shutil.which(version) or "", f"/usr/bin/{version}"]
    paths = os.pathsep.join(
        [str(REPO / "src"), sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]]
    )
    for python in candidates:
        if not python:
            continue
        check = subprocess.run(
            [*prefix, python, "-c", "import yaml, platformdirs"],
            env={"PYTHONPATH": paths, "PATH": os.environ.get("PATH", "")},
            capture_output=True,
            timeout=30,
            check=False,
        )
        if check.returncode == 0:
            return prefix, python
    return None


def test_an_unsearchable_data_folder_for_real(tmp_path: Path, mollet: Path) -> None:
    how = _as_other_user()
    if how is None:
        pytest.skip("running as root with no way to drop its rights (setpriv)")
    prefix, python = how
    with tempfile.TemporaryDirectory() as shared:  # a place the other user can reach
        Path(shared).chmod(0o755)
        _unsearchable_for_real(Path(shared), prefix, python)


def _unsearchable_for_real(tmp_path: Path, prefix: list[str], python: str) -> None:
    data = tmp_path / "locked" / "data"
    data.mkdir(parents=True)
    data.parent.chmod(0o755)
    routine = tmp_path / "tiny.yaml"
    routine.write_text(
        "name: Tiny\nprepare: 0\nsteps:\n  - {name: Reach, hold: 1}\n", encoding="utf-8"
    )
    routine.chmod(0o644)
    data.chmod(0o000)
    env = {
        "STRETCHTIMER_DATA_DIR": str(data),
        "HOME": str(tmp_path),
        "PYTHONPATH": os.pathsep.join(
            [str(REPO / "src"), sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]]
        ),
    }
    try:
        history = _cli(["history"], env, python=python, user=prefix)
        assert history.returncode == 1, history.stderr
        assert "its folder cannot be read (Permission denied)" in history.stderr
        assert "Traceback" not in history.stderr and "unexpected" not in history.stderr
        paths = _cli(["paths"], env, python=python, user=prefix)
        assert paths.returncode == 0, paths.stderr
        assert "(cannot be read: Permission denied)" in paths.stdout
        status = _cli(["status"], env, python=python, user=prefix)
        assert status.returncode == 1, status.stderr  # nothing readable: not done today
        assert "not yet today" in status.stdout and status.stderr == ""
        run = _cli(["run", str(routine), "--plain"], env, python=python, user=prefix)
        assert run.returncode == 0, run.stderr  # the routine runs; the user is told why
        assert "its folder cannot be read (Permission denied)" in run.stderr  # told why
        assert "Traceback" not in run.stderr
    finally:
        data.chmod(0o700)
