"""Keys for the plain runner: read from a terminal without echo, or none at all.

:class:`TerminalKeys` puts the terminal in cbreak mode without echo for as long as it is open
(Ctrl+C still interrupts) and restores it on every way out: leaving the ``with`` block, an
exception, Ctrl+C, SIGTERM or SIGHUP turned into ``KeyboardInterrupt`` by the command. Keys
come back as the names of :mod:`stretchtimer.session.actions` (``space``, ``right``, ``q``...).
:class:`NoKeys` stands in when there is no terminal: it only waits.
"""

from __future__ import annotations

import contextlib
import os
import select
import sys
from collections.abc import Callable
from types import TracebackType
from typing import Any, Protocol, TextIO

EOF = ""
"""What :meth:`KeySource.read` returns when the input is gone (terminal closed)."""

_FINALS: dict[str, str] = {"C": "right", "D": "left", "A": "up", "B": "down"}
"""The final letter of an arrow key's escape sequence (``ESC [ C`` or ``ESC O C``)."""
_SINGLE: dict[int, str] = {
    0x20: "space",
    0x0D: "enter",
    0x0A: "enter",
    0x2B: "plus",
    0x3D: "equals_sign",
    0x2D: "minus",
}


def decode_keys(data: bytes) -> list[str]:
    """Return the key names in bytes read from a terminal, in order.

    Arrow keys arrive as escape sequences (``ESC [ C``); other sequences (function keys,
    ``ESC [ 5 ~``) are dropped whole; an escape alone is ``escape``; ``+``, ``=`` and ``-`` are
    named as Textual names them (``plus``, ``equals_sign``, ``minus``); other printable
    characters are themselves, in lower case; anything else is dropped.

    Args:
        data: the bytes of one read.
    """
    keys: list[str] = []
    i, size = 0, len(data)
    while i < size:
        byte = data[i]
        if byte == 0x1B and i + 1 < size and data[i + 1] in b"[O":
            end = i + 2
            while end < size and not 0x40 <= data[end] <= 0x7E:
                end += 1  # parameters of the sequence
            final = chr(data[end]) if end < size else ""
            if end == i + 2 and final in _FINALS:
                keys.append(_FINALS[final])
            i = end + 1
        elif byte == 0x1B:
            keys.append("escape")
            i += 1
        else:
            char = chr(byte)
            if byte in _SINGLE:
                keys.append(_SINGLE[byte])
            elif char.isprintable():
                keys.append(char.lower())
            i += 1
    return keys


class KeySource(Protocol):
    """Where the plain runner gets keys from."""

    interactive: bool
    """True when a person can press keys (Enter confirms untimed sets)."""

    def read(self, timeout: float | None) -> str | None:
        """Wait up to ``timeout`` seconds (None: no limit) for a key.

        Returns:
            A key name, None when the time ran out, or :data:`EOF` when the input is gone.
        """
        ...


class NoKeys:
    """No keyboard: every read waits its time out and returns None.

    Args:
        sleep: how to wait (a fake clock's in tests).
    """

    interactive = False

    def __init__(self, sleep: Callable[[float], None]) -> None:
        self._sleep = sleep

    def read(self, timeout: float | None) -> str | None:
        """Wait ``timeout`` seconds; return None (there are no keys)."""
        if timeout is None:
            return EOF  # nothing could ever come: do not wait forever
        if timeout > 0:
            self._sleep(timeout)
        return None


class TerminalKeys:
    """Keys from a terminal, read without echo; use it as a context manager.

    Args:
        stream: the terminal (``sys.stdin``).
    """

    interactive = True

    def __init__(self, stream: TextIO) -> None:
        self._fd = stream.fileno()
        self._saved: list[Any] | None = None
        self._queue: list[str] = []

    def __enter__(self) -> TerminalKeys:
        import termios
        import tty

        self._saved = termios.tcgetattr(self._fd)
        tty.setcbreak(self._fd, termios.TCSANOW)  # no echo, no line buffering, signals kept
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.restore()

    def restore(self) -> None:
        """Give the terminal back as it was (safe to call more than once)."""
        if self._saved is None:
            return
        import termios

        saved, self._saved = self._saved, None
        with contextlib.suppress(termios.error, OSError):  # the terminal may be gone
            termios.tcsetattr(self._fd, termios.TCSADRAIN, saved)

    def read(self, timeout: float | None) -> str | None:
        """Wait up to ``timeout`` seconds for a key (see :class:`KeySource`)."""
        if self._queue:
            return self._queue.pop(0)
        try:
            ready, _, _ = select.select([self._fd], [], [], timeout)
        except InterruptedError:  # pragma: no cover - Python retries select itself
            return None
        if not ready:
            return None
        try:
            data = os.read(self._fd, 64)
        except OSError:
            return EOF
        if not data:
            return EOF
        self._queue.extend(decode_keys(data))
        return self._queue.pop(0) if self._queue else None


def is_terminal(stream: TextIO | None) -> bool:
    """Return True when ``stream`` is a real terminal the plain runner can read keys from."""
    if stream is None or sys.platform == "win32":
        return False
    try:
        return stream.isatty() and stream.fileno() >= 0
    except (OSError, ValueError, AttributeError):
        return False
