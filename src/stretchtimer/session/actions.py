"""What a user can do to a running session, and the keys that do it, for every front end.

The full-screen runner builds its key bindings from :data:`SESSION_KEYS` and the plain runner
reads the same keys from the terminal, so the two cannot drift apart. Key names are Textual's
(``space``, ``right``, ``enter``, ``escape``, or the character itself).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Action(StrEnum):
    """A user's action on a session; the value is the engine method's name."""

    TOGGLE_PAUSE = "toggle_pause"
    SKIP = "skip"
    BACK = "back"
    DONE = "done"
    MORE = "more"
    LESS = "less"
    STOP = "stop"


@dataclass(frozen=True, slots=True)
class SessionKey:
    """One row of the key table.

    Attributes:
        keys: the key names, the first one shown.
        action: what they do.
        label: the short label of a footer.
        help: what the key does, in a sentence's words.
    """

    keys: tuple[str, ...]
    action: Action
    label: str
    help: str


SESSION_KEYS: tuple[SessionKey, ...] = (
    SessionKey(("space",), Action.TOGGLE_PAUSE, "Pause/Resume", "pause or resume"),
    SessionKey(("right", "n"), Action.SKIP, "Skip", "skip to the next part"),
    SessionKey(
        ("left", "p"),
        Action.BACK,
        "Back",
        "back to the start of this part; within its first 2 s, to the previous part",
    ),
    SessionKey(("enter",), Action.DONE, "Done", "done, for a set of reps you count yourself"),
    SessionKey(("plus", "equals_sign"), Action.MORE, "10s more", "10 seconds more for this part"),
    SessionKey(("minus",), Action.LESS, "10s less", "10 seconds less, never below the time run"),
    SessionKey(("q", "escape"), Action.STOP, "Stop", "stop (asks first)"),
)
"""The keys of a running session, in the order a footer or help shows them."""

ACTION_OF_KEY: dict[str, Action] = {key: row.action for row in SESSION_KEYS for key in row.keys}
"""Key name -> action."""

KEY_NAMES = {
    "space": "Space",
    "right": "→",
    "left": "←",
    "enter": "Enter",
    "escape": "Esc",
    "plus": "+",
    "equals_sign": "=",
    "minus": "-",
}
"""How a key is written for people."""


def key_label(key: str) -> str:
    """Return a key as people write it (``space`` -> ``Space``, ``right`` -> ``→``).

    Args:
        key: a key name of the table.
    """
    return KEY_NAMES.get(key, key)
