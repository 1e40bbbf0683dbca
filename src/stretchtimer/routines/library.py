"""Where routines come from: built-in ones, the user's folder and explicit paths.

A routine's id is its file name without ``.yaml``/``.yml``. A user routine with the id of a
built-in one replaces it (even when the user's file is invalid: the user meant to replace it).
Listing never stops at a bad file: an invalid routine is listed with its problems.
"""

from __future__ import annotations

import errno
import os
import re
import stat
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from stretchtimer import locations
from stretchtimer.routines.cache import RoutineCache
from stretchtimer.routines.ids import ROUTINE_SUFFIXES, find_routine_file, routine_id_for
from stretchtimer.routines.model import MAX_NAME, Routine
from stretchtimer.routines.problems import Problem, RoutineError, RoutineNotFoundError
from stretchtimer.safe_text import first_unsafe, visible_line

TYPE_CHECKING = False  # typing itself is not imported: quick commands stay quick
if TYPE_CHECKING:
    from typing import Literal

    Source = Literal["built-in", "user", "path"]
else:
    Source = str
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
    from stretchtimer.routines.loader import load_routine

    routine_id = routine_id_for(path)
    try:
        return Entry(routine_id, source, path, routine=load_routine(path))
    except RoutineError as exc:
        return Entry(routine_id, source, path, problems=tuple(exc.problems))


def read_entry(path: Path, source: Source = "path") -> Entry:
    """Load one file like :func:`load_entry`, through the cache of routines already read.

    For the commands that read one routine (``show``, ``run``, ``validate``): an unchanged
    file parses no YAML.
    """
    cache = RoutineCache()
    entry = _cached_entry(path, source, cache)
    cache.save()
    return entry


def checked_entry(path: Path, cache: RoutineCache) -> Entry:
    """Load one file given by the user (source ``path``) through ``cache``; never raises."""
    return _cached_entry(path, "path", cache)


def _cached_entry(path: Path, source: Source, cache: RoutineCache | None) -> Entry:
    """Load one file, through the cache when its size and mtime are unchanged."""
    if cache is None:
        return load_entry(path, source)
    try:
        info = os.stat(path)
    except OSError:
        return load_entry(path, source)  # says what is wrong with it
    if not stat.S_ISREG(info.st_mode):
        return load_entry(path, source)
    key = (info.st_size, info.st_mtime_ns)
    absolute = Path(os.path.abspath(path))
    routine_id = routine_id_for(path)
    hit = cache.get(absolute, key, str(path))
    if isinstance(hit, Routine):
        return Entry(routine_id, source, path, routine=hit)
    if hit is not None:
        return Entry(routine_id, source, path, problems=tuple(hit))
    entry = load_entry(path, source)
    cache.put(absolute, key, entry.routine if entry.routine is not None else list(entry.problems))
    return entry


def _is_routine_name(name: str) -> bool:
    return (
        not name.startswith(".")
        and name.lower().endswith(ROUTINE_SUFFIXES)
        and routine_id_for(name) != name
    )


def _sort_key(path: Path) -> tuple[str, int, str]:
    suffix_rank = 0 if path.name.lower().endswith(".yaml") else 1
    return routine_id_for(path), suffix_rank, path.name


def _routine_files(folder: Path) -> list[Path]:
    """Return a folder's routine files (not folders), by id; raise OSError if unreadable."""
    with os.scandir(folder) as entries:
        names = [
            entry.name
            for entry in entries
            if _is_routine_name(entry.name) and not _is_folder(entry)
        ]
    if names and not os.access(folder, os.X_OK):
        raise PermissionError(errno.EACCES, "permission denied (the folder is not searchable)")
    return sorted((folder / name for name in names), key=_sort_key)


def _is_folder(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir()
    except OSError:
        return False


def scan_folder(folder: Path, source: Source, cache: RoutineCache | None = None) -> list[Entry]:
    """Return the entries of the routine files in a folder (not its subfolders), by id.

    A missing folder has no entries; an unreadable or unsearchable one gives one entry
    carrying the problem. When two files share an id (``x.yaml`` and ``x.yml``), ``.yaml`` is
    used and the other is listed with a problem. Anything but a regular file (a named pipe, a
    device, a socket) is listed with a problem, never opened for reading in a way that waits.

    Args:
        folder: the folder.
        source: where its routines come from.
        cache: routines already read; files unchanged since are not parsed again.
    """
    try:
        files = _routine_files(folder)
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
            entries.append(
                Entry(routine_id, source, path, problems=(Problem(str(path), 0, 0, message),))
            )
            continue
        used[routine_id] = path
        entries.append(_cached_entry(path, source, cache))
    return entries


def list_routines(
    paths: Iterable[str | os.PathLike[str]] = (), *, use_cache: bool = True
) -> list[Entry]:
    """Return every routine: built-in, the user's, then the given files.

    Built-in and user routines are sorted by id; a user routine hides the built-in one with
    the same id. Files given in ``paths`` follow, in the order given, with source ``path``.
    Files read before and unchanged since come from the cache (see
    :mod:`~stretchtimer.routines.cache`) unless ``use_cache`` is False.
    """
    cache = RoutineCache() if use_cache else None
    user_folder, builtin_folder = locations.user_routines_dir(), locations.builtin_routines_dir()
    user = scan_folder(user_folder, "user", cache)
    user_ids = {entry.id for entry in user}
    builtin = [
        entry
        for entry in scan_folder(builtin_folder, "built-in", cache)
        if entry.id not in user_ids
    ]
    if cache is not None:
        cache.save(
            prune_under=[Path(os.path.abspath(user_folder)), Path(os.path.abspath(builtin_folder))]
        )
    entries = sorted(builtin + user, key=lambda e: (e.id, _SOURCE_ORDER[e.source], e.path.name))
    entries.extend(load_entry(Path(path), "path") for path in paths)
    return entries


def looks_like_path(ref: str) -> bool:
    """Return True when a routine reference names a file rather than an id."""
    separators = {"/", os.sep} | ({os.altsep} if os.altsep else set())
    return any(sep in ref for sep in separators) or ref.lower().endswith(ROUTINE_SUFFIXES)


def _by_id(folder: Path, routine_id: str) -> Path | None:
    found = find_routine_file((folder,), routine_id)
    return Path(found) if found is not None else None


def locate(ref: str) -> Entry:
    """Find a routine by id, unique start of an id, or path, without raising for a bad file.

    An id is looked up in the user's folder, then among the built-in routines; a reference that
    contains a path separator or ends in ``.yaml``/``.yml`` is a path. An id that matches no
    routine but names an existing file (or folder) is read as that file. Failing those, a
    reference that starts exactly one routine id (``leg-cramp``) is that routine.

    Raises:
        RoutineNotFoundError: nothing matches; the message suggests the closest id, or lists
            the ids a too short start fits.
    """
    if not ref.strip():
        raise RoutineNotFoundError(ref, "an empty name is not a routine id or a file")
    if looks_like_path(ref):
        return read_entry(Path(ref).expanduser(), "path")
    folders: tuple[tuple[Path, Source], ...] = (
        (locations.user_routines_dir(), "user"),
        (locations.builtin_routines_dir(), "built-in"),
    )
    for folder, source in folders:
        found = _by_id(folder, ref)
        if found is not None:
            return read_entry(found, source)
    if Path(ref).exists():  # a file, or a folder: load_entry says what is wrong with it
        return read_entry(Path(ref), "path")
    known = _known_ids(folders)
    starts = sorted(rid for rid in known if rid.casefold().startswith(ref.casefold()))
    if len(starts) == 1:
        path, source = known[starts[0]]
        return read_entry(path, source)
    if starts:
        listed = ", ".join(f"`{visible_line(rid)}`" for rid in starts[:8])
        more = f" and {len(starts) - 8} more" if len(starts) > 8 else ""
        raise RoutineNotFoundError(
            ref, f"more than one routine id starts with this: {listed}{more}; type more of it"
        )
    raise RoutineNotFoundError(ref, _not_found(ref, sorted(known)))


def _known_ids(folders: Iterable[tuple[Path, Source]]) -> dict[str, tuple[Path, Source]]:
    """Return every routine id with its file (a user routine over a built-in one)."""
    known: dict[str, tuple[Path, Source]] = {}
    for folder, source in folders:
        try:
            files = _routine_files(folder)
        except OSError:
            continue
        for path in files:
            known.setdefault(routine_id_for(path), (path, source))
    return known


def _not_found(ref: str, ids: list[str]) -> str:
    """Return the message for an id that matches nothing, with the closest id if any."""
    import difflib

    message = "no routine has this id and there is no such file"
    folded = {rid.casefold(): rid for rid in ids}
    close = difflib.get_close_matches(ref.casefold(), list(folded), n=1, cutoff=0.5)
    inside = [rid for rid in ids if ref.casefold() in rid.casefold()]
    if close:
        return f"{message}; did you mean `{visible_line(folded[close[0]])}`?"
    if len(inside) == 1:
        return f"{message}; did you mean `{visible_line(inside[0])}`?"
    return f"{message}; `stretchtimer list` shows the routines"


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
    import unicodedata  # only `new` names files: the other commands do not need it

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
    unsafe = first_unsafe(name.strip())
    if unsafe is not None:  # the routine's own checker would refuse the file written
        from stretchtimer.routines.text_rules import describe_unsafe

        what = describe_unsafe(name.strip()[unsafe])
        raise ValueError(f"the name holds {what}, which a routine must not carry; remove it")
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


def builtin_ids() -> set[str]:
    """Return the ids of the built-in routines."""
    folder = locations.builtin_routines_dir()
    try:
        return {routine_id_for(p) for p in _routine_files(folder)}
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
language: en     # the language of the texts (en, de, pt-BR...): picks the voice

steps:
  # A hold step, run once per side. {{side}} in the cue becomes the side
  # (write {{{{ and }}}} for a brace). `say` is what the voice says (default:
  # the name).
  - name: Wall calf stretch
    cue: >
      Hands on the wall at shoulder height. Step your {{side}} foot back,
      keep the heel flat on the floor and lean forward until the calf
      stretches.
    say: Calf stretch, {{side}} leg
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
