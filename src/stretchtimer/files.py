"""Writing a small file whole or not at all, for every file the app keeps.

The text goes to a temporary file in the same folder (made by :func:`tempfile.mkstemp`, so
private to the user), which then replaces the file in one step: a reader, another instance of
the app or a crash half-way never sees half a file.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path


def write_atomically(path: Path, text: str, *, durable: bool = True) -> None:
    """Replace ``path`` with ``text`` (UTF-8) in one step; its folder must exist.

    Args:
        path: the file to write.
        text: its whole new content.
        durable: flush the text to the disk before the file is replaced (a file that can be
            made again, a cache, need not wait for that).

    Raises:
        OSError: the file cannot be written (nothing is left behind).
    """
    import tempfile  # only when a file is written: reading commands stay quick

    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}-", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            if durable:
                handle.flush()
                os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
