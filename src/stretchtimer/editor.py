"""The user's text editor: which command opens a file in it (no UI toolkit here).

Used by the app's ``e``/``n`` keys and by ``stretchtimer edit`` / ``new --edit``.
"""

from __future__ import annotations

import os
import shlex
import shutil

FALLBACK_EDITORS = ("nano", "vi")


def editor_command() -> list[str] | None:
    """Return the command that opens a file in the user's editor, without the file.

    ``$VISUAL``, then ``$EDITOR`` (both may carry arguments, e.g. ``code --wait``), then the first
    of nano and vi found on the PATH; None when there is none.
    """
    for name in ("VISUAL", "EDITOR"):
        value = os.environ.get(name, "").strip()
        if value:
            try:
                return shlex.split(value)
            except ValueError:
                return [value]
    for editor in FALLBACK_EDITORS:
        found = shutil.which(editor)
        if found:
            return [found]
    return None
