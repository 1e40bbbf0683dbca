"""Reading what a program under a pty writes, for the tests that run the real app or runner."""

from __future__ import annotations

import os
import select
import time


def read_until(fd: int, needle: bytes, timeout: float = 10.0) -> bytes:
    """Read from ``fd`` until ``needle`` shows up, the time runs out or the pty closes."""
    seen = b""
    deadline = time.monotonic() + timeout
    while needle not in seen and time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.05)
        if ready:
            try:
                seen += os.read(fd, 65536)
            except OSError:
                break
    return seen
