"""The window (terminal tab) title: saved, set while a routine runs, given back on exit.

The title is set with the xterm sequence ``OSC 2``; the title in use before is kept on the
terminal's own title stack (``CSI 22;2 t``) and put back with ``CSI 23;2 t``, which xterm,
VTE terminals, kitty, WezTerm and tmux understand (others ignore it). The text must already be
safe (:func:`stretchtimer.safe_text.visible_line`): a title is an escape sequence, so a control
character in it would be an injection; this module drops any that slipped through anyway.

Textual has no public call for the title, so the sequence goes through the app's driver: it
queues it with the frames, so it never lands in the middle of one. Headless apps (tests) write
nothing.
"""

from __future__ import annotations

from typing import Any

SAVE = "\x1b[22;2t"
RESTORE = "\x1b[23;2t"


def _write(app: Any, data: str) -> bool:
    if getattr(app, "is_headless", True):
        return False
    driver = getattr(app, "_driver", None)
    write = getattr(driver, "write", None)
    if not callable(write):
        return False
    try:
        write(data)
    except (OSError, ValueError):  # the terminal went away
        return False
    return True


def title_sequence(text: str) -> str:
    """Return the sequence that sets the window title to ``text`` (control characters dropped).

    Args:
        text: the title, already made safe for a terminal.
    """
    clean = "".join(char for char in text if char.isprintable())
    return f"\x1b]2;{clean}\x07"


def save(app: Any) -> bool:
    """Keep the current title on the terminal's title stack; True when it was written."""
    return _write(app, SAVE)


def set_title(app: Any, text: str) -> bool:
    """Set the window title; True when it was written.

    Args:
        app: the running app.
        text: the title, already made safe for a terminal.
    """
    return _write(app, title_sequence(text))


def restore(app: Any) -> bool:
    """Put back the title kept by :func:`save`; True when it was written."""
    return _write(app, RESTORE)
