"""Where routines come from: built-in ones, the user's folder and explicit paths.

A routine's id is its file name without ``.yaml``/``.yml``. A user routine with the id of a
built-in one replaces it (even when the user's file is invalid: the user meant to replace it).
Listing never stops at a bad file: an invalid routine is listed with its problems.
"""

from __future__ import annotations

import errno
import os
import re
import shutil
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from stretchtimer import locations
from stretchtimer.routines.checker import MAX_NAME
from stretchtimer.routines.loader import ROUTINE_SUFFIXES, load_routine, routine_id_for
from stretchtimer.routines.model import Routine
from stretchtimer.routines.problems import Problem, RoutineError, RoutineNotFoundError

Source = Literal["built-in", "user", "path"]
_SOURCE_ORDER: dict[str, int] = {"built-in": 0, "user": 1, "path": 2}
MAX_SLUG = 60


@dataclass(frozen=True, slots=True)
class Entry:
    """One routine file as listed.

    Attributes:
        id: the routine's id (file name without ``.yaml``/``.yml``).
        source: ``built-in``, ``user`` or ``path`` (given on the command line).
        path: the file.
        routine: the routine when the file is valid, else None.
        problems: why the file is not valid (empty when it is).
    """

    id: str
    source: Source
    path: Path
    routine: Routine | None = None
    problems: tuple[Problem, ...] = ()

    @property
    def ok(self) -> bool:
        """Return True when the file holds a valid routine."""
        return self.routine is not None


def load_entry(path: Path, source: Source) -> Entry:
    """Load one file into an entry (never raises for a bad file)."""
    routine_id = routine_id_for(path)
    try:
        return Entry(routine_id, source, path, routine=load_routine(path))
    except RoutineError as exc:
        return Entry(routine_id, source, path, problems=tuple(exc.problems))


def _is_routine_file(path: Path) -> bool:
    name = path.name
    return (
        not name.startswith(".")
        and name.lower().endswith(ROUTINE_SUFFIXES)
        and routine_id_for(path) != name
        and not path.is_dir()
    )


def _sort_key(path: Path) -> tuple[str, int, str]:
    suffix_rank = 0 if path.name.lower().endswith(".yaml") else 1
    return routine_id_for(path), suffix_rank, path.name


def scan_folder(folder: Path, source: Source) -> list[Entry]:
    """Return the entries of the routine files in a folder (not its subfolders), by id.

    A missing folder has no entries; an unreadable one gives one entry carrying the problem.
    When two files share an id (``x.yaml`` and ``x.yml``), ``.yaml`` is used and the other is
    listed with a problem.
    """
    try:
        files = sorted((p for p in folder.iterdir() if _is_routine_file(p)), key=_sort_key)
    except FileNotFoundError:
        return []
    except OSError as exc:
        reason = exc.strerror or str(exc)
        problem = Problem(str(folder), 0, 0, f"cannot read the routines folder: {reason}")
        return [Entry("", source, folder, problems=(problem,))]
    entries: list[Entry] = []
    used: dict[str, Path] = {}
    for path in files:
        routine_id = routine_id_for(path)
        if routine_id in used:
            message = (
                f"same id as {used[routine_id].name}, which is used instead; "
                "rename or remove one of them"
            )
            entries.append(Entry(routine_id, source, path, problems=(Problem(str(path), 0, 0,
                                                                              message),)))
            continue
        used[routine_id] = path
        entries.append(load_entry(path, source))
    return entries


def list_routines(paths: Iterable[str | os.PathLike[str]] = ()) -> list[Entry]:
    """Return every routine: built-in, the user's, then the given files.

    Built-in and user routines are sorted by id; a user routine hides the built-in one with
    the same id. Files given in ``paths`` follow, in the order given, with source ``path``.
    """
    user = scan_folder(locations.user_routines_dir(), "user")
    user_ids = {entry.id for entry in user}
    builtin = [
        entry
        for entry in scan_folder(locations.builtin_routines_dir(), "built-in")
        if entry.id not in user_ids
    ]
    entries = sorted(builtin + user, key=lambda e: (e.id, _SOURCE_ORDER[e.source], e.path.name))
    entries.extend(load_entry(Path(path), "path") for path in paths)
    return entries


def looks_like_path(ref: str) -> bool:
    """Return True when a routine reference names a file rather than an id."""
    separators = {"/", os.sep} | ({os.altsep} if os.altsep else set())
    return any(sep in ref for sep in separators) or ref.lower().endswith(ROUTINE_SUFFIXES)


def _by_id(folder: Path, routine_id: str) -> Path | None:
    for suffix in ROUTINE_SUFFIXES:
        candidate = folder / f"{routine_id}{suffix}"
        if candidate.is_file():
            return candidate
    return None


def locate(ref: str) -> Entry:
    """Find a routine by id or path, without raising for an invalid file.

    An id is looked up in the user's folder, then among the built-in routines; a reference that
    contains a path separator or ends in ``.yaml``/``.yml`` is a path. An id that matches no
    routine but names an existing file (or folder) is read as that file.

    Raises:
        RoutineNotFoundError: nothing matches.
    """
    if not ref.strip():
        raise RoutineNotFoundError(ref, "an empty name is not a routine id or a file")
    if looks_like_path(ref):
        return load_entry(Path(ref).expanduser(), "path")
    for folder, source in (
        (locations.user_routines_dir(), "user"),
        (locations.builtin_routines_dir(), "built-in"),
    ):
        found = _by_id(folder, ref)
        if found is not None:
            return load_entry(found, source)  # type: ignore[arg-type]
    if Path(ref).exists():  # a file, or a folder: load_entry says what is wrong with it
        return load_entry(Path(ref), "path")
    raise RoutineNotFoundError(
        ref,
        "no routine has this id and there is no such file; "
        "`stretchtimer list` shows the routines",
    )


def resolve(ref: str) -> Routine:
    """Return the routine an id or a path refers to.

    Raises:
        RoutineNotFoundError: nothing matches ``ref``.
        RoutineError: the file is invalid; ``problems`` lists why.
    """
    entry = locate(ref)
    if entry.routine is None:
        raise RoutineError(entry.problems)
    return entry.routine


def slugify(name: str) -> str:
    """Return a file-name-friendly id for a routine name (``Morning legs`` -> ``morning-legs``).

    Accented Latin letters lose their accents; other letters are kept. Returns ``""`` when the
    name has no letters or digits.
    """
    chars: list[str] = []
    for char in unicodedata.normalize("NFKC", name):
        plain = unicodedata.normalize("NFKD", char).encode("ascii", "ignore").decode()
        chars.append(plain if plain else char)
    slug = re.sub(r"[\W_]+", "-", "".join(chars).lower()).strip("-")
    return slug[:MAX_SLUG].strip("-")


def template_text(name: str) -> str:
    """Return a commented routine template for ``name``; it is a valid routine.

    Args:
        name: the routine's name (1 to 120 characters, not blank).
    """
    import yaml

    quoted = yaml.safe_dump(
        name.strip(), default_style='"', allow_unicode=True, width=2**16
    ).strip()
    quoted = quoted.removesuffix("\n...").strip()
    routine_id = slugify(name) or "my-routine"
    return _TEMPLATE.format(name=quoted, id=routine_id)


def create_user_routine(name: str) -> Path:
    """Write the template for ``name`` into the user's routines folder.

    Returns:
        The new file's path.

    Raises:
        ValueError: the name is blank, too long, or gives no usable file name.
        FileExistsError: a routine with that id already exists in the user's folder.
        OSError: the folder or file cannot be written.
    """
    if not name.strip():
        raise ValueError("the name must not be blank")
    if len(name.strip()) > MAX_NAME:
        raise ValueError(f"the name is {len(name.strip())} characters long; the most is {MAX_NAME}")
    routine_id = slugify(name)
    if not routine_id:
        raise ValueError("the name needs at least one letter or digit to make a file name")
    folder = locations.user_routines_dir()
    existing = _by_id(folder, routine_id)
    if existing is not None:
        raise FileExistsError(str(existing))
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except FileExistsError:  # a file has the folder's name; not "the routine exists"
        raise NotADirectoryError(errno.ENOTDIR, os.strerror(errno.ENOTDIR), str(folder)) from None
    path = folder / f"{routine_id}.yaml"
    with open(path, "x", encoding="utf-8") as handle:
        handle.write(template_text(name))
    return path


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


def builtin_ids() -> set[str]:
    """Return the ids of the built-in routines."""
    folder = locations.builtin_routines_dir()
    try:
        return {routine_id_for(p) for p in folder.iterdir() if _is_routine_file(p)}
    except OSError:
        return set()


_TEMPLATE = """\
# A stretchtimer routine (format version 1). Edit it, then check it with
#   stretchtimer validate <this file>
# see its timeline (a dry run) with
#   stretchtimer show {id}
# and start it with
#   stretchtimer run {id}
#
# Durations are seconds (60, 2.5) or strings like "45s", "2m", "1m30s"
# or "1:30", at most one hour. For completion in your editor, save the
# schema next to this file with
#   stretchtimer schema > stretchtimer.schema.json
# and make this the first line:
#   # yaml-language-server: $schema=stretchtimer.schema.json
version: 1
name: {name}
description: What this routine is for, in a sentence or two.
caution: A note shown before the routine starts. Replace it, or remove it.
prepare: 5s      # get-ready countdown before the first step (0 turns it off)
rest: 10s        # rest between steps, unless a step sets its own

steps:
  # A hold step, run once per side. {{side}} in the cue becomes the side.
  - name: Wall calf stretch
    cue: >
      Hands on the wall at shoulder height. Step your {{side}} foot back,
      keep the heel flat on the floor and lean forward until the calf
      stretches.
    hold: 60s
    sides: [left, right]
    switch: 5s   # time to change sides (default 5s)

  # A paced reps step: each repetition is up, hold, down. Two sets,
  # 15 s rest between them.
  - name: Toe lifts
    cue: Lift your heels off the floor, hold, then lower them back down.
    reps: 5
    tempo: {{up: 1s, hold: 3s, down: 2s}}
    sets: 2
    rest: 15s

  # Reps without a tempo: go at your own pace, press Enter when done.
  # rest: 0s because the rest step below follows (no two rests in a row).
  - name: Seated toe lifts
    cue: Sitting down, lift your heels off the floor and lower them again.
    reps: 10
    rest: 0s

  # A standalone rest step; its cue is optional.
  - rest: 20s
    cue: Shake out your legs.
"""
