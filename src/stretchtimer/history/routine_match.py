"""Which routine a ``--routine`` value names, for ``history`` and ``status`` alike (one rule).

A value names a routine of the history by its id, its name in any case (spaces folded), or a
unique start of either. A routine not run yet (no sessions) is named by its exact id, when a
routine file has that id; that takes a stat per file name, no YAML. No heavy imports: ``status``
runs at every shell prompt.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from stretchtimer import locations
from stretchtimer.routines.ids import find_routine_file
from stretchtimer.safe_text import visible_line


def is_routine_id(text: str) -> bool:
    """Return True when a user or built-in routine file has exactly this id (no YAML read)."""
    folders = (locations.user_routines_dir(), locations.builtin_routines_dir())
    return find_routine_file(folders, text) is not None


def resolve_routine(
    text: str,
    names: Mapping[str, str],
    routine_exists: Callable[[str], bool] = is_routine_id,
) -> str:
    """Return the routine id ``text`` names.

    Args:
        text: what the user typed after ``--routine``.
        names: each routine id of the history with the name of its latest session.
        routine_exists: whether a routine file has this exact id (a routine not run yet).

    Raises:
        LookupError: nothing or several routines match; its message says which exist.
    """
    if text in names:
        return text
    wanted = " ".join(text.split()).casefold()
    by_name = sorted(
        rid for rid, name in names.items() if " ".join(name.split()).casefold() == wanted
    )
    if not by_name:
        by_name = sorted(rid for rid in names if rid.casefold() == wanted)
    if not by_name and routine_exists(text):
        return text
    if not by_name:
        by_name = sorted(
            rid
            for rid, name in names.items()
            if rid.startswith(wanted) or name.casefold().startswith(wanted)
        )
    if len(by_name) == 1:
        return by_name[0]
    listed = ", ".join(
        f"{visible_line(rid)} ({visible_line(names[rid])})" for rid in (by_name or sorted(names))
    )
    if by_name:
        raise LookupError(f"{visible_line(text)!r} matches several routines: {listed}; give its id")
    if not names:
        raise LookupError(
            f"no routine {visible_line(text)!r}: no routine file has this id and the history "
            "has no sessions yet ('stretchtimer list' shows the routines)"
        )
    raise LookupError(
        f"no routine {visible_line(text)!r} in the history. Routines with sessions: {listed}"
    )
