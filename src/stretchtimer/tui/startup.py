"""The garbage collector during the full-screen app's start-up: paused until its first frame.

Start-up makes tens of thousands of objects that live as long as the app (the UI library's
modules and classes, the app's, its first screen) and next to no garbage, yet the collector
walks them again and again as they are made: some 20 ms before the first frame. It is paused
from before the UI library loads until the first frame is shown; then what exists is frozen
(left out of every later collection, since it lives as long as the app) and collecting resumes.
This module does not import textual.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator

_held = False


def release_collector() -> None:
    """Freeze what start-up made and resume collecting (once; nothing if it was not paused)."""
    global _held
    if _held:
        _held = False
        gc.freeze()
        gc.enable()


@contextlib.contextmanager
def collector_held() -> Iterator[None]:
    """Pause the collector for the app's start-up.

    Until :func:`release_collector` is called once the first frame is shown, or at the latest
    until the block ends.
    """
    global _held
    if gc.isenabled():
        gc.disable()
        _held = True
    try:
        yield
    finally:
        release_collector()
