"""Health data stays private: the data folder 0700, the history and its side files 0600.

Whatever the umask: folders are created and then set to 0700, the database file is created
empty with 0600 before SQLite opens it (SQLite gives its ``-wal`` and ``-shm`` files the mode
of the database), and an existing data folder, history or side file with wider permissions is
tightened when the history is opened. A data folder shared with others (one with the sticky
bit, such as ``/tmp``, or another user's) is never closed: the files in it are 0600. Failing to
tighten (a file of another user) is not an error: the history is still used.
"""

from __future__ import annotations

import contextlib
import os
import stat
from pathlib import Path

FOLDER_MODE = 0o700
FILE_MODE = 0o600
SIDE_SUFFIXES = ("-wal", "-shm", "-journal")


def _tighten(path: Path, mode: int) -> None:
    """Remove every permission beyond ``mode`` from ``path`` (best effort)."""
    with contextlib.suppress(OSError):
        current = stat.S_IMODE(path.stat().st_mode)
        if current & ~mode:
            path.chmod(current & mode)


def make_folder(folder: Path) -> None:
    """Create ``folder`` and its missing parents as 0700, and tighten it if it exists.

    Raises:
        OSError: a folder could not be created.
    """
    missing: list[Path] = []
    probe = folder
    while not probe.exists() and probe != probe.parent:
        missing.append(probe)
        probe = probe.parent
    for created in reversed(missing):
        with contextlib.suppress(FileExistsError):  # another process was quicker
            created.mkdir(mode=FOLDER_MODE)
        created.chmod(FOLDER_MODE)  # mkdir's mode is cut by the umask
    if not missing and _shared(folder):
        return  # the history's own files stay 0600 in it
    _tighten(folder, FOLDER_MODE)


def _shared(folder: Path) -> bool:
    """Return True for a folder that is not the user's own to close: ``/tmp`` and the like.

    A folder with the sticky bit (every user's files, each deletable only by its owner) or of
    another user (root's run) is left as it is, even when given as the data folder.
    """
    try:
        info = folder.stat()
    except OSError:
        return False
    getuid = getattr(os, "getuid", None)
    return bool(info.st_mode & stat.S_ISVTX) or (getuid is not None and info.st_uid != getuid())


def prepare_file(path: Path) -> None:
    """Create ``path`` empty as 0600 if it is missing; tighten it and its side files.

    An empty file is a valid empty SQLite database, so SQLite then opens ours instead of
    creating one with the umask's mode.

    Raises:
        OSError: the file could not be created.
    """
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE))
    except FileExistsError:
        tighten_files(path)
    else:
        path.chmod(FILE_MODE)  # os.open's mode was cut by the umask
        tighten_files(path)


def tighten_files(path: Path) -> None:
    """Tighten the database ``path`` and its ``-wal``/``-shm``/``-journal`` files to 0600."""
    _tighten(path, FILE_MODE)
    for suffix in SIDE_SUFFIXES:
        side = Path(f"{path}{suffix}")
        if side.exists():
            _tighten(side, FILE_MODE)
