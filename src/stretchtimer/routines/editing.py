"""Editing a routine: the file the editor opens, and a copy left unchanged removed again.

A built-in routine is never edited in place: it is copied to the user's routines folder first
(where it then replaces the built-in one). Kept apart from :mod:`.library`, which every routine
command imports, since only ``edit`` and the app's editor use it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from stretchtimer import locations
from stretchtimer.routines.library import Entry


@dataclass(frozen=True, slots=True)
class EditTarget:
    """The file to open in the editor for a routine.

    Attributes:
        path: the file to edit (the user's own; a built-in one is copied first).
        copied_from: the built-in file it was just copied from, None when nothing was copied.
    """

    path: Path
    copied_from: Path | None = None


def edit_target(entry: Entry) -> EditTarget:
    """Return the file to edit for ``entry``, copying a built-in routine to the user's folder.

    A built-in routine is never edited in place: it is copied to the user's routines folder
    (where it then replaces the built-in one), unless a copy is already there.

    Args:
        entry: the routine as listed.

    Raises:
        OSError: the user's folder or the copy cannot be written (``filename`` says which).
    """
    if entry.source != "built-in":
        return EditTarget(entry.path)
    target = locations.user_routines_dir() / entry.path.name
    target.parent.mkdir(parents=True, exist_ok=True)
    if target.exists():
        return EditTarget(target)
    import shutil  # only when copying: `list` and `show` do not need it

    shutil.copyfile(entry.path, target)
    return EditTarget(target, copied_from=entry.path)


def drop_unchanged_copy(target: EditTarget) -> bool | None:
    """Remove a copy of a built-in routine that was left unchanged, so the built-in stays used.

    Args:
        target: what :func:`edit_target` returned, after the editor closed.

    Returns:
        True when the copy was unchanged and removed, False when it was changed (it is now the
        user's routine), None when nothing was copied or the files cannot be read.
    """
    if target.copied_from is None:
        return None
    try:
        unchanged = target.path.read_bytes() == target.copied_from.read_bytes()
        if unchanged:
            target.path.unlink()
    except OSError:
        return None
    return unchanged
