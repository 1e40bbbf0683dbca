"""The full-screen app and its terminal: it needs one, and it ends when the terminal goes away.

:func:`terminal_problem` says why the app cannot start (stdin or stdout is not a terminal).

:class:`EndGuard` makes sure the app ends, with its session recorded as stopped, when its
terminal is closed (SIGHUP, or the terminal hanging up without a signal) or it is asked to end
(SIGTERM), in a bounded time. Textual's own shutdown cannot be relied on then: when a write to
the gone terminal fails, Textual's output thread dies with its bounded queue full, and the
driver's close blocks for ever putting its stop marker into that queue (the main thread stuck
there is deaf to every signal). So the guard, from its own thread, waits until the session is
stopped and its history written, gives the normal exit a moment, then ends the process.

This module does not import textual: the app is reached through :class:`EndableApp`.
"""

from __future__ import annotations

import codecs
import contextlib
import os
import select
import signal
import sys
import threading
from collections.abc import Callable
from typing import Protocol

EXIT_INTERRUPTED = 130
STOP_WAIT = 1.5
"""Seconds the app's event loop gets to stop the session before the guard does it itself."""
HISTORY_WAIT = 5.0
"""Seconds to wait for the session's history to be written."""
EXIT_WAIT = 2.0
"""Seconds the normal exit gets (after the history is written) before the process ends."""


def terminal_problem(stdin_fd: int | None = None, stdout_fd: int | None = None) -> str | None:
    """Say why the full-screen app cannot run here, or None when it can.

    Args:
        stdin_fd: the input's file descriptor (standard input by default).
        stdout_fd: the output's file descriptor (standard output by default).
    """
    missing = []
    for name, fd, stream in (("input", stdin_fd, sys.stdin), ("output", stdout_fd, sys.stdout)):
        try:
            if fd is None:
                fd = stream.fileno() if stream is not None else -1
            is_tty = fd >= 0 and os.isatty(fd)
        except (OSError, ValueError):  # no file descriptor (replaced, closed)
            is_tty = False
        if not is_tty:
            missing.append(name)
    if not missing:
        encoding = getattr(sys.__stderr__, "encoding", None) or "ascii"
        if not codecs.lookup(encoding).name.startswith("utf"):
            return (
                f"the full-screen app needs a terminal that shows UTF-8, and the output's "
                f"character set is {encoding} (a UTF-8 locale helps, e.g. LANG=C.UTF-8)"
            )
        return None
    which = " and ".join(missing)
    return (
        f"the full-screen app needs a terminal, and the standard {which} "
        f"{'is' if len(missing) == 1 else 'are'} not one"
    )


class EndableApp(Protocol):
    """What the guard needs from the app."""

    def call_threadsafe(self, callback: Callable[[], object]) -> bool:
        """Run ``callback`` on the app's event loop; False if the loop is not running."""

    def stop_sessions(self) -> None:
        """Stop every running session at once (saved as stopped)."""

    def wait_for_history(self, timeout: float) -> None:
        """Block until the sessions' history is written (any thread)."""

    def end_now(self) -> None:
        """On the event loop: stop the sessions and exit with code 130."""


class EndGuard:
    """Ends the app when its terminal goes away or it is asked to end (see the module doc).

    Args:
        app: the app to end.
        fds: the terminal's file descriptors to watch for a hang-up.
        exit_process: ends the process (``os._exit``; a fake in tests).
        stop_wait: as :data:`STOP_WAIT`.
        exit_wait: as :data:`EXIT_WAIT`.
    """

    def __init__(
        self,
        app: EndableApp,
        fds: tuple[int, ...] = (0, 1),
        *,
        exit_process: Callable[[int], object] = os._exit,
        stop_wait: float = STOP_WAIT,
        exit_wait: float = EXIT_WAIT,
    ) -> None:
        self.app = app
        self.fds = fds
        self.exit_process = exit_process
        self.stop_wait = stop_wait
        self.exit_wait = exit_wait
        self.triggered = threading.Event()
        self.stopped = threading.Event()
        """Set once the sessions are stopped (by the event loop or by the guard)."""
        self._lock = threading.Lock()
        self._watchdog: threading.Thread | None = None

    def install(self) -> None:
        """Handle SIGHUP and SIGTERM, and watch the terminal for a hang-up.

        Call it on the main thread, before the app runs.
        """
        for name in ("SIGHUP", "SIGTERM"):
            sig = getattr(signal, name, None)
            if sig is not None:
                signal.signal(sig, self._on_signal)
        if hasattr(select, "poll"):
            threading.Thread(target=self._watch_hangup, name="terminal-hangup", daemon=True).start()

    def _on_signal(self, signum: int, frame: object) -> None:
        # runs on the main thread between two bytecodes, maybe inside Textual: only hand over
        self.trigger()

    def _watch_hangup(self) -> None:
        poller = select.poll()
        watched = 0
        for fd in self.fds:  # terminals (checked at start): one hung up already is not a tty
            with contextlib.suppress(OSError, ValueError):
                poller.register(fd, 0)  # no events asked: only hang-up and errors wake
                watched += 1
        if not watched:
            return
        while not self.triggered.is_set():
            try:
                ready = poller.poll()
            except OSError:
                return
            if any(mask & (select.POLLHUP | select.POLLERR | select.POLLNVAL) for _, mask in ready):
                self.trigger()
                return

    def trigger(self) -> None:
        """End the app: ask its event loop, and start the watchdog that makes sure (any thread)."""
        with self._lock:
            if self.triggered.is_set():
                return
            self.triggered.set()
            self._watchdog = threading.Thread(target=self._end, name="end-guard", daemon=True)
            self._watchdog.start()
        self.app.call_threadsafe(self._end_on_loop)

    def _end_on_loop(self) -> None:
        self.app.end_now()
        self.stopped.set()

    def _end(self) -> None:
        if not self.stopped.wait(self.stop_wait):
            # the event loop is stuck (or not running yet): stop the session from here, the
            # loop cannot touch it any more
            self.app.stop_sessions()
            self.stopped.set()
        self.app.wait_for_history(HISTORY_WAIT)
        # the normal exit restores the terminal and closes the sound; give it a moment
        threading.Event().wait(self.exit_wait)
        with contextlib.suppress(Exception):
            sys.stderr.flush()
        self.exit_process(EXIT_INTERRUPTED)
