"""Loading routine files: size and encoding checks, safe YAML, then the format's rules.

Public API: :func:`load_routine` for files, :func:`load_routine_bytes` and
:func:`load_routine_text` for data already in memory (tests, property tests). Every function
returns a :class:`~stretchtimer.routines.model.Routine` or raises
:class:`~stretchtimer.routines.problems.RoutineError` listing every problem as
``PATH:LINE:COL: message`` (1-based); nothing else escapes for any input.
"""

from __future__ import annotations

import errno
import gc
import os
import stat
from pathlib import Path

from stretchtimer.routines.checker import Checker
from stretchtimer.routines.ids import ROUTINE_SUFFIXES, routine_id_for
from stretchtimer.routines.model import Routine
from stretchtimer.routines.problems import Problem, RoutineError
from stretchtimer.routines.yaml_safe import YamlFailure, compose
from stretchtimer.safe_text import visible_line

__all__ = [
    "MAX_FILE_BYTES",
    "ROUTINE_SUFFIXES",
    "Problem",
    "RoutineError",
    "load_routine",
    "load_routine_bytes",
    "load_routine_text",
    "routine_id_for",
]

MAX_FILE_BYTES = 1024 * 1024
_TEXT = "<text>"


def load_routine(path: str | os.PathLike[str]) -> Routine:
    """Read and check one routine file.

    Args:
        path: the file; problems name it as given.

    Returns:
        The routine, with ``id`` from the file name and ``path`` set.

    Raises:
        RoutineError: the file is missing, unreadable or invalid; ``problems`` says why.
    """
    shown = os.fspath(path)
    data = read_file(path)
    return _load(data, shown, routine_id_for(path), Path(path))


_NOT_REGULAR = (
    (stat.S_ISDIR, "is a folder, not a routine file"),
    (stat.S_ISFIFO, "is a named pipe (FIFO), not a routine file"),
    (stat.S_ISSOCK, "is a socket, not a routine file"),
    (stat.S_ISCHR, "is a device, not a routine file"),
    (stat.S_ISBLK, "is a device, not a routine file"),
)


def read_file(path: str | os.PathLike[str]) -> bytes:
    """Return the first ``MAX_FILE_BYTES + 1`` bytes of a regular file, never blocking.

    The file is opened non-blocking and checked with ``fstat`` before anything is read, so a
    named pipe, a device or a socket given a ``.yaml`` name is refused at once.

    Raises:
        RoutineError: the file is missing, unreadable or not a regular file.
    """
    shown = os.fspath(path)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    flags |= getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        raise RoutineError([Problem(shown, 0, 0, "no such file")]) from None
    except IsADirectoryError:
        raise RoutineError([Problem(shown, 0, 0, "is a folder, not a routine file")]) from None
    except PermissionError:
        problem = Problem(shown, 0, 0, "cannot read the file: permission denied")
        raise RoutineError([problem]) from None
    except OSError as exc:
        if exc.errno == errno.ENXIO:  # a socket (or a FIFO with no writer on some systems)
            message = "is a socket or a pipe, not a routine file"
        else:
            message = f"cannot read the file: {exc.strerror or exc}"
        raise RoutineError([Problem(shown, 0, 0, message)]) from None
    try:
        mode = os.fstat(fd).st_mode
        for test, message in _NOT_REGULAR:
            if test(mode):
                raise RoutineError([Problem(shown, 0, 0, message)])
        if not stat.S_ISREG(mode):
            raise RoutineError([Problem(shown, 0, 0, "is not a regular file")])
        chunks: list[bytes] = []
        size = 0
        while size <= MAX_FILE_BYTES:
            chunk = os.read(fd, MAX_FILE_BYTES + 1 - size)
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        return b"".join(chunks)
    except OSError as exc:
        message = f"cannot read the file: {exc.strerror or exc}"
        raise RoutineError([Problem(shown, 0, 0, message)]) from None
    finally:
        os.close(fd)


def load_routine_bytes(
    data: bytes, path: str | os.PathLike[str] | None = None, routine_id: str | None = None
) -> Routine:
    """Check a routine file's raw content.

    Args:
        data: the file's bytes (UTF-8, an optional BOM, at most 1 MiB).
        path: the name problems use; ``<text>`` when None.
        routine_id: the routine's id; from ``path`` when None (``routine`` without either).

    Raises:
        RoutineError: with every problem found.
    """
    shown, rid, file_path = _names(path, routine_id)
    return _load(data, shown, rid, file_path)


def load_routine_text(
    text: str, path: str | os.PathLike[str] | None = None, routine_id: str | None = None
) -> Routine:
    """Check a routine given as text (as :func:`load_routine_bytes`, after decoding).

    Raises:
        RoutineError: with every problem found.
    """
    shown, rid, file_path = _names(path, routine_id)
    try:
        data = text.encode("utf-8")
    except UnicodeEncodeError as exc:  # lone surrogates cannot come from a UTF-8 file
        line, column = _position(text, exc.start)
        problem = Problem(shown, line, column, "the text holds a character UTF-8 cannot encode")
        raise RoutineError([problem]) from None
    return _load(data, shown, rid, file_path)


def _names(
    path: str | os.PathLike[str] | None, routine_id: str | None
) -> tuple[str, str, Path | None]:
    if path is None:
        return _TEXT, routine_id or "routine", None
    return os.fspath(path), routine_id or routine_id_for(path), Path(path)


def _position(text: str, index: int) -> tuple[int, int]:
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


def _load(data: bytes, shown: str, routine_id: str, path: Path | None) -> Routine:
    if len(data) > MAX_FILE_BYTES:
        raise RoutineError(
            [Problem(shown, 1, 1, "the file is larger than 1 MiB; a routine file is much smaller")]
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        start = exc.start
        line = data.count(b"\n", 0, start) + 1
        line_start = data.rfind(b"\n", 0, start) + 1
        column = len(data[line_start:start].decode("utf-8", errors="replace")) + 1
        message = f"not valid UTF-8 (byte 0x{data[start]:02x}); save the file as UTF-8"
        raise RoutineError([Problem(shown, line, column, message)]) from None
    text = text.removeprefix("\ufeff")
    # The node graph is acyclic and short-lived: the cyclic collector would only walk it again
    # and again while it is built (a tenth of the time of a large routine).
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _check(text, shown, routine_id, path)
    finally:
        if collecting:
            gc.enable()


def _check(text: str, shown: str, routine_id: str, path: Path | None) -> Routine:
    try:
        document = compose(text)
    except YamlFailure as exc:  # the message may quote the file's text: made safe to show
        problem = Problem(shown, exc.line, exc.column, visible_line(exc.message))
        raise RoutineError([problem]) from None
    except RecursionError:  # pragma: no cover - depth is bounded while composing
        message = "the document is nested too deeply"
        raise RoutineError([Problem(shown, 1, 1, message)]) from None
    if document.root is None:
        message = "the file is empty; a routine needs at least `name:` and `steps:`"
        raise RoutineError([Problem(shown, 1, 1, message)])
    return Checker(shown).routine(document, routine_id, path)
