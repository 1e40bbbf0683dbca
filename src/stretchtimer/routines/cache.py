"""A cache of routine files already read, so listing them parses no YAML for unchanged files.

One JSON file in the user's cache folder (:func:`stretchtimer.locations.cache_dir`) maps each
routine file's absolute path to what reading it gave (the routine, or its problems), with the
file's size and modification time in nanoseconds. An entry is used only when the file's size
and mtime are unchanged and the cache was written by the same version of the format's rules
(a fingerprint of the app version and of the loader's own files); a file changed in the last
two seconds is never cached, since a later change within the same clock tick could keep its
size and mtime. A cache that cannot be read or makes no sense is ignored and written anew;
writes go to a temporary file renamed over the old one, so a reader never sees half a cache.
Nothing here raises: a cache that cannot be written is simply not written.
"""

from __future__ import annotations

import contextlib
import json
import os
import time
from collections.abc import Sequence
from pathlib import Path

from stretchtimer import __version__, locations
from stretchtimer.routines.ids import routine_id_for
from stretchtimer.routines.model import HoldStep, RepsStep, RestStep, Routine, Step, Tempo
from stretchtimer.routines.problems import Problem

TYPE_CHECKING = False  # typing itself is not imported: quick commands stay quick
if TYPE_CHECKING:
    from typing import Any

CACHE_FILE = "routines.json"
FORMAT = 1
FRESH_SECONDS = 2.0

Key = tuple[int, int]  # (size, mtime_ns)


def cache_file() -> Path:
    """Return the file of the routines already read (may not exist yet)."""
    return locations.cache_dir() / CACHE_FILE


def _fingerprint() -> str:
    """Return what the cached results depend on besides the files: the rules' own code."""
    folder = os.path.dirname(__file__)
    parts = [__version__, str(FORMAT)]
    with contextlib.suppress(OSError), os.scandir(folder) as entries:
        for entry in sorted(entries, key=lambda e: e.name):
            if entry.name.endswith((".py", ".json")):
                info = entry.stat()
                parts.append(f"{entry.name}:{info.st_size}:{info.st_mtime_ns}")
    return "|".join(parts)


class RoutineCache:
    """The cache of one process: read once, looked up per file, saved when it changed."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path if path is not None else cache_file()
        self.fingerprint = _fingerprint()
        self.entries: dict[str, dict[str, Any]] = {}
        self.used: set[str] = set()
        self.changed = False
        self._read()

    def _read(self) -> None:
        try:
            with open(self.path, "rb") as handle:
                data = json.loads(handle.read())
        except (OSError, ValueError, RecursionError):
            self.changed = True  # missing or corrupt: write a good one
            return
        if (
            not isinstance(data, dict)
            or data.get("fingerprint") != self.fingerprint
            or not isinstance(data.get("entries"), dict)
        ):
            self.changed = True
            return
        self.entries = data["entries"]

    def get(self, path: Path, key: Key, shown: str) -> Routine | list[Problem] | None:
        """Return what reading ``path`` gave when its size and mtime were ``key``, or None.

        Args:
            path: the file, absolute.
            key: its current ``(size, mtime_ns)``.
            shown: the name problems carry.
        """
        name = str(path)
        entry = self.entries.get(name)
        if not isinstance(entry, dict) or entry.get("key") != [key[0], key[1]]:
            return None
        try:
            if "problems" in entry:
                result: Routine | list[Problem] = [
                    Problem(shown, int(line), int(column), str(message))
                    for line, column, message in entry["problems"]
                ]
            else:
                result = _routine(entry["routine"], path)
        except (KeyError, TypeError, ValueError):
            return None
        self.used.add(name)
        return result

    def put(self, path: Path, key: Key, result: Routine | list[Problem]) -> None:
        """Remember what reading ``path`` gave (not for a file changed in the last seconds)."""
        name = str(path)
        self.used.add(name)
        if time.time_ns() - key[1] < FRESH_SECONDS * 1e9:
            if self.entries.pop(name, None) is not None:
                self.changed = True
            return
        if isinstance(result, Routine):
            entry: dict[str, Any] = {"key": list(key), "routine": _plain(result)}
        else:
            entry = {"key": list(key), "problems": [[p.line, p.column, p.message] for p in result]}
        self.entries[name] = entry
        self.changed = True

    def save(self, *, prune_under: Sequence[Path] = ()) -> None:
        """Write the cache if it changed.

        Entries of files gone from the folders in ``prune_under`` (which were just listed) go,
        and so do entries of other files that no longer exist, so the cache never grows with
        files long gone.
        """
        prefixes = tuple(str(folder) + os.sep for folder in prune_under)
        for name in [n for n in self.entries if n not in self.used]:
            inside = next((p for p in prefixes if name.startswith(p)), None)
            if inside is not None and os.sep not in name[len(inside) :]:
                del self.entries[name]  # listed just now, and not there
                self.changed = True
        if not self.changed:
            return
        for name in [n for n in self.entries if n not in self.used]:
            if not os.path.exists(name):
                del self.entries[name]
        text = json.dumps(
            {"fingerprint": self.fingerprint, "entries": self.entries}, separators=(",", ":")
        )
        from stretchtimer.files import write_atomically

        with contextlib.suppress(OSError):
            self.path.parent.mkdir(parents=True, exist_ok=True)
            write_atomically(self.path, text, durable=False)  # made again when lost
        self.changed = False


def _plain(routine: Routine) -> dict[str, Any]:
    return {
        "name": routine.name,
        "description": routine.description,
        "caution": routine.caution,
        "prepare": routine.prepare,
        "rest": routine.rest,
        "version": routine.version,
        "language": routine.language,
        "steps": [_plain_step(step) for step in routine.steps],
    }


def _plain_step(step: Step) -> list[Any]:
    if isinstance(step, RestStep):
        return ["rest", step.rest, step.cue, step.line]
    common = [
        step.name,
        step.cue,
        list(step.sides),
        step.switch,
        step.sets,
        step.rest,
        step.say,
        step.line,
    ]
    if isinstance(step, HoldStep):
        return ["hold", step.hold, *common]
    tempo = None if step.tempo is None else [step.tempo.up, step.tempo.hold, step.tempo.down]
    return ["reps", step.reps, tempo, *common]


def _routine(data: dict[str, Any], path: Path) -> Routine:
    steps: list[Step] = []
    for raw in data["steps"]:
        kind = raw[0]
        if kind == "rest":
            steps.append(RestStep(rest=float(raw[1]), cue=raw[2], line=int(raw[3])))
            continue
        if kind == "hold":
            head: dict[str, Any] = {"hold": float(raw[1])}
            rest = raw[2:]
        elif kind == "reps":
            tempo = raw[2]
            head = {
                "reps": int(raw[1]),
                "tempo": None if tempo is None else Tempo(*(float(t) for t in tempo)),
            }
            rest = raw[3:]
        else:
            raise ValueError(kind)
        name, cue, sides, switch, sets, step_rest, say, line = rest
        common: dict[str, Any] = {
            "name": str(name),
            "cue": cue,
            "sides": tuple(str(s) for s in sides),
            "switch": float(switch),
            "sets": int(sets),
            "rest": None if step_rest is None else float(step_rest),
            "say": say,
            "line": int(line),
        }
        steps.append(HoldStep(**head, **common) if kind == "hold" else RepsStep(**head, **common))
    return Routine(
        id=routine_id_for(path),
        name=str(data["name"]),
        steps=tuple(steps),
        description=data["description"],
        caution=data["caution"],
        prepare=float(data["prepare"]),
        rest=float(data["rest"]),
        version=int(data["version"]),
        language=str(data["language"]),
        path=path,
    )
