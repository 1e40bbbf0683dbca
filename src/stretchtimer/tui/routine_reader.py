"""Reads the routines on a thread of its own, so the app never waits for them.

The home screen starts a :class:`RoutineReader` (the command line starts the first one even
before the UI library is imported, so the routines are often ready for the very first frame).
The thread is a daemon: quitting while a large routines folder is still being read does not wait
for it. This module does not import textual.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from stretchtimer.routines.library import Entry
    from stretchtimer.tui.habit import Habit

ReadResult = tuple[list["Entry"], str | None, "Habit | None"]
"""The entries, a problem to tell the user (None when all went well), and what the history
says of them (when each was last done; None when not read)."""


def read_all(settings: object = None) -> ReadResult:
    """Read every routine, and the habit; a failure becomes the problem to show, never raises.

    Args:
        settings: the app's settings (for the goals); read from the settings file when None.
    """
    from stretchtimer.routines.library import list_routines
    from stretchtimer.tui.habit import read_habit

    problem = None
    try:
        entries = list_routines()
    except Exception as exc:  # the UI shows a notice instead of crashing
        entries, problem = [], f"Cannot read the routines: {exc}"
    try:
        habit = read_habit(settings)
    except Exception:  # "last done" is a nicety: the routines show without it
        habit = None
    return entries, problem, habit


class RoutineReader:
    """Reads the routines once, on a daemon thread; hands the result to whoever waits.

    Args:
        read: what reads them (injectable for tests).
    """

    def __init__(self, read: Callable[[], ReadResult] = read_all) -> None:
        self._read = read
        self._lock = threading.Lock()
        self._done = threading.Event()
        self._result: ReadResult | None = None
        self._waiters: list[Callable[[ReadResult], None]] = []
        self._thread: threading.Thread | None = None

    def start(self) -> RoutineReader:
        """Start reading (once); return self."""
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="read-routines", daemon=True)
            self._thread.start()
        return self

    def _run(self) -> None:
        result = self._read()
        with self._lock:
            self._result = result
            waiters, self._waiters = self._waiters, []
        self._done.set()
        for waiter in waiters:
            waiter(result)

    @property
    def result(self) -> ReadResult | None:
        """The result once read, else None."""
        return self._result

    def wait(self, timeout: float | None = None) -> ReadResult | None:
        """Block until read (for tests and scripts); return the result, None on timeout."""
        self._done.wait(timeout)
        return self._result

    async def read(self) -> ReadResult:
        """Return the result, waiting for it without blocking the running event loop."""
        self.start()
        loop = asyncio.get_running_loop()
        future: asyncio.Future[ReadResult] = loop.create_future()

        def arrive(result: ReadResult) -> None:
            def settle() -> None:
                if not future.done():  # the waiting task may have been cancelled
                    future.set_result(result)

            with contextlib.suppress(RuntimeError):  # the loop closed: the app has quit
                loop.call_soon_threadsafe(settle)

        with self._lock:
            result = self._result
            if result is None:
                self._waiters.append(arrive)
        if result is not None:
            return result
        return await future
