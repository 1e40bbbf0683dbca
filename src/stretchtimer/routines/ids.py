"""Routine ids: a routine's id is its file name without ``.yaml``/``.yml`` (no heavy imports)."""

from __future__ import annotations

import os
from collections.abc import Iterable

ROUTINE_SUFFIXES = (".yaml", ".yml")


def routine_id_for(path: str | os.PathLike[str]) -> str:
    """Return a routine's id: its file name without ``.yaml`` or ``.yml``."""
    name = os.path.basename(os.fspath(path))
    for suffix in ROUTINE_SUFFIXES:
        if name.lower().endswith(suffix) and len(name) > len(suffix):
            return name[: -len(suffix)]
    return name


def find_routine_file(folders: Iterable[str | os.PathLike[str]], routine_id: str) -> str | None:
    """Return the first routine file with this exact id in ``folders``, or None.

    ``ID.yaml`` before ``ID.yml`` in each folder; only a stat per name, no YAML. A text with
    a path separator is no id.
    """
    if not routine_id or any(sep and sep in routine_id for sep in ("/", os.sep, os.altsep)):
        return None
    for folder in folders:
        for suffix in ROUTINE_SUFFIXES:
            candidate = os.path.join(os.fspath(folder), routine_id + suffix)
            if os.path.isfile(candidate):
                return candidate
    return None
