"""A history that can be read but not written is shown, and says new sessions are not recorded.

The history is made unwritable for real: as root (who may write anything) the command runs as
the user ``nobody`` through ``setpriv``; as another user the file and folder lose their write
permission.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from history_support import seed_history

TESTS = Path(__file__).resolve().parent
SRC = TESTS.parent / "src"


@pytest.fixture
def read_only_history() -> Iterator[Path]:
    """Return a data folder holding a seeded history this test's commands cannot write."""
    root = Path(tempfile.mkdtemp(prefix="stretchtimer-ro-"))
    data = root / "data"
    seed_history(data / "history.sqlite3").close()
    db = data / "history.sqlite3"
    try:
        if os.geteuid() == 0:  # nobody may read but not write what root owns
            root.chmod(0o755)
            data.chmod(0o755)
            db.chmod(0o644)
        else:
            db.chmod(0o444)
            data.chmod(0o555)
        yield data
    finally:
        data.chmod(0o700)
        shutil.rmtree(root)


def run(data: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run a Python command line as a user who cannot write ``data``."""
    env = {
        **os.environ,
        "STRETCHTIMER_DATA_DIR": str(data),
        "HOME": str(data.parent),
        "STRETCHTIMER_CONFIG_DIR": str(data.parent / "config"),
        "PYTHONPATH": os.pathsep.join([str(SRC), str(TESTS)]),
    }
    command = [sys.executable, *args]
    if os.geteuid() == 0:
        setpriv = shutil.which("setpriv")
        assert setpriv is not None, "as root this test needs setpriv (util-linux)"
        command = [setpriv, "--reuid=65534", "--regid=65534", "--clear-groups", *command]
    return subprocess.run(command, capture_output=True, text=True, env=env, timeout=60, check=False)


def test_summary_of_a_read_only_history(read_only_history: Path) -> None:
    result = run(read_only_history, "-m", "stretchtimer", "history")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Today: ")
    assert "Recent sessions (10 of 16):" in result.stdout
    assert "cannot be written" in result.stderr
    assert "new sessions are not recorded" in result.stderr
    assert "Traceback" not in result.stderr


def test_json_of_a_read_only_history(read_only_history: Path) -> None:
    result = run(read_only_history, "-m", "stretchtimer", "history", "--json")
    assert result.returncode == 0, result.stderr
    assert len(json.loads(result.stdout)["sessions"]) == 16


SESSION = """
from pathlib import Path
from stretchtimer import locations
from stretchtimer.history.store import HistoryStore
from test_history_busy import recorder_for, run_session
recorder = recorder_for(locations.history_db())
run_session(recorder)
print(recorder.close(5))
for notice in recorder.notices:
    print(notice)
print(HistoryStore(locations.history_db()).count())
"""


def test_a_session_on_a_read_only_history_tells_it_is_not_recorded(read_only_history: Path) -> None:
    result = run(read_only_history, "-c", SESSION)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "False" and lines[-1] == "16"
    assert "cannot be written" in lines[1] and "read-only" in lines[1]
    assert lines[-2].startswith("This session was not recorded")


@pytest.fixture
def read_only_file() -> Iterator[Path]:
    """Return a data folder this test's commands may write, holding a read-only history.

    Only the history file is read-only (mode 0444, as its owner): the folder and the
    ``-wal``/``-shm`` files SQLite makes beside it can be written, so SQLite opens it without
    a word and only a write fails.
    """
    root = Path(tempfile.mkdtemp(prefix="stretchtimer-rofile-"))
    data = root / "data"
    seed_history(data / "history.sqlite3").close()
    db = data / "history.sqlite3"
    try:
        if os.geteuid() == 0:  # nobody owns it all, and may not write a file it made 0444
            root.chmod(0o755)
            for path in (data, db):
                os.chown(path, 65534, 65534)
        db.chmod(0o444)
        yield data
    finally:
        shutil.rmtree(root)


def test_a_read_only_file_is_shown_with_a_notice(read_only_file: Path) -> None:
    session = run(read_only_file, "-c", SESSION)
    assert session.returncode == 0, session.stderr
    lines = session.stdout.splitlines()
    assert lines[0] == "False" and lines[-1] == "16"
    assert "read-only" in lines[1]
    assert any("was saved to" in line for line in lines)  # a pending file beside it
    result = run(read_only_file, "-m", "stretchtimer", "history")
    assert result.returncode == 0, result.stderr
    assert "Recent sessions (10 of 16):" in result.stdout
    assert "cannot be written (the file is read-only)" in result.stderr
    assert "new sessions are not recorded" in result.stderr
    assert "1 session saved beside it (history.sqlite3.pending-*.json) is not shown" in (
        result.stderr
    )
    assert "Traceback" not in result.stderr
