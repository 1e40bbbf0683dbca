"""Which routine cautions the user has already read, so each is shown once per text.

A routine's caution is shown before its first run and again whenever its text changes; the
app remembers a hash of each caution read, per routine id, in ``cautions-seen.json`` in the
data folder (private: a 0700 folder, a 0600 file). A missing or unreadable file means nothing
was read yet, so the caution is shown: showing it once too often is the safe side.
"""

from __future__ import annotations

import json
from pathlib import Path

from stretchtimer import locations
from stretchtimer.files import write_atomically

FILE_NAME = "cautions-seen.json"


def seen_file() -> Path:
    """Return the path of the file of cautions read."""
    return locations.data_dir() / FILE_NAME


def caution_hash(text: str) -> str:
    """Return the hash that stands for a caution's text (spacing and line breaks ignored)."""
    import hashlib  # only for routines with a caution, as one is about to run

    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()


def _read(path: Path) -> dict[str, str]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict):
        return {}
    return {str(k): str(v) for k, v in data.items()}


def needs_showing(routine_id: str, caution: str | None, path: Path | None = None) -> bool:
    """Return True when a routine's caution should be shown before it runs.

    Args:
        routine_id: the routine's id.
        caution: its caution text (None or blank: nothing to show).
        path: the file of cautions read (the default one when None).
    """
    if not caution or not caution.strip():
        return False
    return _read(path or seen_file()).get(routine_id) != caution_hash(caution)


def remember(routine_id: str, caution: str, path: Path | None = None) -> None:
    """Note that the user read this caution (atomically; the folder is made private).

    Raises:
        OSError: the file cannot be written (the caution is then simply shown again).
    """
    path = path or seen_file()
    seen = _read(path)
    seen[routine_id] = caution_hash(caution)
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    write_atomically(path, json.dumps(seen, indent=1, sort_keys=True), durable=False)
