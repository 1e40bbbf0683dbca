r"""Standard streams the commands can rely on: closed ones, and ones that cannot encode the text.

Called once by the command line before any command runs (:func:`prepare_streams`):

- A standard stream closed by the caller (``>&-``) is reopened on the null device, so no file
  the app opens later (the history database) takes its number and receives output meant for
  the terminal. A closed standard output is then reported once, clearly, by
  :func:`closed_output_message`, and the command does not run.
- Output whose encoding cannot represent a character (``PYTHONIOENCODING=ascii``, a Latin-1
  terminal) writes it as a ``\\uXXXX`` escape instead of failing half-way: the output stays
  complete, JSON stays valid and exact, and :func:`encoding_note` tells the user once why.
"""

from __future__ import annotations

import codecs
import io
import os
import sys

ERRORS = "stretchtimer-escape"


class StreamState:
    """What :func:`prepare_streams` found (a plain class: ``status`` runs at every prompt)."""

    def __init__(self) -> None:
        self.closed: list[str] = []
        """The names of the standard streams that were closed (``stdin``, ``stdout``...)."""
        self.escaped = 0
        """How many characters the output's encoding could not show (written as escapes)."""
        self.encoding = ""
        """The output's encoding when it cannot show every character."""


STATE = StreamState()


def _escape(error: UnicodeError) -> tuple[str, int]:
    if not isinstance(error, UnicodeEncodeError):
        raise error
    text = error.object[error.start : error.end]
    STATE.escaped += len(text)
    escaped = []
    for char in text:
        code = ord(char)
        if code > 0xFFFF:  # as JSON writes it: a surrogate pair
            code -= 0x10000
            escaped.append(f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}")
        else:
            escaped.append(f"\\u{code:04x}")
    return "".join(escaped), error.end


codecs.register_error(ERRORS, _escape)


def _is_closed(fd: int) -> bool:
    try:
        os.fstat(fd)
    except OSError:
        return True
    return False


def _is_unicode(encoding: str | None) -> bool:
    try:
        return codecs.lookup(encoding or "ascii").name.startswith("utf")
    except LookupError:
        return False


def prepare_streams(*, escape: bool = True) -> StreamState:
    """Make the standard streams safe to use (see the module docstring); call it once, early.

    Args:
        escape: write what the output cannot encode as escapes (False: the command handles
            ``UnicodeEncodeError`` itself).
    """
    STATE.closed.clear()
    STATE.escaped = 0
    for fd, name in ((0, "stdin"), (1, "stdout"), (2, "stderr")):
        if _is_closed(fd):
            STATE.closed.append(name)
            null = os.open(os.devnull, os.O_RDWR)
            if null != fd:
                os.dup2(null, fd)
                os.close(null)
            if name == "stderr" and sys.stderr is None:
                sys.stderr = io.TextIOWrapper(
                    open(fd, "wb", closefd=False),  # noqa: SIM115
                    encoding="utf-8",
                    errors="replace",
                    line_buffering=True,
                )
    for stream in (sys.stdout, sys.stderr) if escape else ():
        if stream is None or not isinstance(stream, io.TextIOWrapper):
            continue
        if not _is_unicode(stream.encoding):
            STATE.encoding = stream.encoding
            # not contextlib.suppress: contextlib's import costs a third of `--version`
            try:  # noqa: SIM105
                stream.reconfigure(errors=ERRORS)
            except Exception:  # a stream that cannot change keeps its errors
                pass
    return STATE


def closed_output_message() -> str | None:
    """Return the message for a closed standard output, or None when it is open."""
    if "stdout" not in STATE.closed:
        return None
    return (
        "stretchtimer: the standard output is closed, so there is nowhere to show the "
        "result; leave it open, or send it to a file or to /dev/null"
    )


def encoding_note() -> str | None:
    """Return the note for characters written as escapes, or None when there were none."""
    if not STATE.escaped:
        return None
    return (
        f"stretchtimer: the output's character set ({STATE.encoding}) cannot show "
        f"{STATE.escaped} character{'s' if STATE.escaped != 1 else ''}; "
        "they were written as \\u escapes. A UTF-8 locale shows them "
        "(e.g. LANG=C.UTF-8)."
    )


def output_failure_message(error: OSError) -> str | None:
    """Return the message for a write that failed for want of room, or None for another error.

    A full disk, a quota, a file too large or a terminal gone away is the user's environment,
    not a bug, whether the output or another file could not be written: the message says
    what happened and what to do, and the output is dropped quietly from then on (Python
    would otherwise fail again writing what is left, at exit).

    Args:
        error: what a command raised.
    """
    import errno

    codes = {errno.ENOSPC, errno.EFBIG, errno.EIO, getattr(errno, "EDQUOT", errno.ENOSPC)}
    if error.errno not in codes:
        return None
    try:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, 1)
        os.close(null)
    except OSError:  # pragma: no cover - the null device always opens
        pass
    reason = error.strerror or "the output cannot be written"
    return (
        f"stretchtimer: could not write ({reason.lower()}): free some space, or send the "
        "output somewhere else, then try again"
    )
