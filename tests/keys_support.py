"""A person at the keyboard of the plain runner, on a fake clock."""

from __future__ import annotations

from stretchtimer.plain.keys import EOF
from stretchtimer.session.clock import FakeClock


class FakeKeys:
    """A person at the keyboard: each key is pressed at a given clock reading."""

    interactive = True

    def __init__(self, clock: FakeClock, *script: tuple[float, str]) -> None:
        self.clock, self.script = clock, list(script)

    def read(self, timeout: float | None) -> str | None:
        """Return the next key once its time has come, else wait ``timeout`` on the clock."""
        if self.script and (timeout is None or self.clock() + timeout >= self.script[0][0]):
            at, key = self.script.pop(0)
            self.clock.set(max(at, self.clock()))
            return key
        if timeout is None:
            return EOF
        self.clock.advance(timeout)
        return None
