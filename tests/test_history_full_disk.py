"""A history on a full disk is still read: `history` shows it with a notice, `status` counts it.

On a full disk SQLite cannot make the ``-shm`` file a reader needs (it is left empty), so an
open for writing fails with "disk I/O error". Two ways to get there for real: a file size limit
of 0 bytes (``RLIMIT_FSIZE``, any user), and, as root, a small tmpfs filled to the last byte.
"""

from __future__ import annotations

import contextlib
import os
import resource
import signal
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pytest

from history_support import seed_history

TESTS = Path(__file__).resolve().parent
SRC = TESTS.parent / "src"


def no_file_growth() -> None:
    """In the child: no file may grow (as on a full disk), and no signal for trying."""
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (0, 0))


def run(
    data: Path, *args: str, limit: Callable[[], None] | None = None
) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "STRETCHTIMER_DATA_DIR": str(data),
        "STRETCHTIMER_CONFIG_DIR": str(data.parent / "config"),
        "STRETCHTIMER_CACHE_DIR": str(data.parent / "cache"),
        "STRETCHTIMER_SOUND": "off",
        "PYTHONPATH": os.pathsep.join([str(SRC), str(TESTS)]),
    }
    return subprocess.run(
        [sys.executable, "-m", "stretchtimer", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
        preexec_fn=limit,
    )


def seed(data: Path) -> None:
    """A closed history whose content is all in its main file; today has a completed session."""
    seed_history(data / "history.sqlite3", date.today()).close()
    assert not (data / "history.sqlite3-wal").exists()


def test_history_is_shown_when_no_file_can_grow(tmp_path: Path) -> None:
    data = tmp_path / "data"
    seed(data)
    result = run(data, "history", limit=no_file_growth)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Today: ")
    assert "Recent sessions (10 of 16):" in result.stdout
    assert "cannot be written (disk I/O error)" in result.stderr
    assert "new sessions are not recorded" in result.stderr
    assert "Check that the folder is writable" not in result.stderr


def test_status_counts_today_when_no_file_can_grow(tmp_path: Path) -> None:
    data = tmp_path / "data"
    seed(data)
    run(data, "history", limit=no_file_growth)  # leaves empty -wal and -shm files behind
    assert (data / "history.sqlite3-shm").stat().st_size == 0
    result = run(data, "status", limit=no_file_growth)
    assert result.stdout == "✓ 1/1 today · 4-day streak\n", result.stderr
    assert result.returncode == 0


@pytest.fixture
def full_disk() -> Iterator[Path]:
    """A data folder on an 8 MiB tmpfs holding a seeded history, then filled (root only)."""
    if os.geteuid() != 0:
        pytest.skip("mounting a tmpfs needs root")
    root = Path(tempfile.mkdtemp(prefix="stretchtimer-full-"))
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", str(root)],
        capture_output=True,
        check=False,
    )
    if mounted.returncode != 0:
        root.rmdir()
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.decode(errors='replace')}")
    try:
        data = root / "data"
        seed(data)
        with contextlib.suppress(OSError), open(root / "fill", "wb") as fill:
            while True:
                fill.write(b"\0" * 65536)
                fill.flush()
        yield data
    finally:
        subprocess.run(["umount", "--lazy", str(root)], check=False)
        with contextlib.suppress(OSError):
            root.rmdir()


def test_history_on_a_full_disk_says_so_and_shows_everything(full_disk: Path) -> None:
    result = run(full_disk, "history")
    assert result.returncode == 0, result.stderr
    assert "Recent sessions (10 of 16):" in result.stdout
    assert "is full" in result.stderr and "until there is space" in result.stderr
    status = run(full_disk, "status")
    assert status.stdout == "✓ 1/1 today · 4-day streak\n", status.stderr
