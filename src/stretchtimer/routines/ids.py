"""Routine ids: a routine's id is its file name without ``.yaml``/``.yml`` (no heavy imports)."""

from __future__ import annotations

import os

ROUTINE_SUFFIXES = (".yaml", ".yml")


def routine_id_for(path: str | os.PathLike[str]) -> str:
    """Return a routine's id: its file name without ``.yaml`` or ``.yml``."""
    name = os.path.basename(os.fspath(path))
    for suffix in ROUTINE_SUFFIXES:
        if name.lower().endswith(suffix) and len(name) > len(suffix):
            return name[: -len(suffix)]
    return name
