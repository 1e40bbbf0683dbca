"""Clocks for the engine: the real monotonic clock, and a fake one for tests.

A clock is any zero-argument callable returning seconds as a float that never goes backwards
(``time.monotonic`` by default). The engine never sleeps and never keeps a counter: it asks the
clock, and remaining time is always ``deadline - now``.
"""

from __future__ import annotations

from collections.abc import Callable

Clock = Callable[[], float]


class FakeClock:
    """A clock that only moves when told to, for tests and simulations.

    Calling the instance returns the current reading. :meth:`sleep` advances it, so a runner given
    ``clock=fake, sleep=fake.sleep`` runs a whole session instantly and deterministically.
    """

    def __init__(self, now: float = 0.0) -> None:
        self.now = float(now)

    def __call__(self) -> float:
        """Return the current reading."""
        return self.now

    def advance(self, dt: float) -> float:
        """Move the clock forward.

        Args:
            dt: seconds to add; must not be negative.

        Returns:
            The new reading.

        Raises:
            ValueError: if ``dt`` is negative.
        """
        if dt < 0:
            raise ValueError(f"a clock cannot go backwards (dt={dt})")
        self.now += dt
        return self.now

    def set(self, t: float) -> None:
        """Set the reading to ``t``.

        Args:
            t: the new reading; must not be earlier than the current one.

        Raises:
            ValueError: if ``t`` is earlier than the current reading.
        """
        if t < self.now:
            raise ValueError(f"a clock cannot go backwards ({t} < {self.now})")
        self.now = float(t)

    def sleep(self, seconds: float) -> None:
        """Stand in for ``time.sleep``: advance by ``seconds`` (negative counts as 0).

        Args:
            seconds: how long to "sleep".
        """
        self.advance(max(seconds, 0.0))
