"""The reminders file: ``reminders.toml`` in the config folder, written by ``remind add``.

``installed`` names the scheduler they were put into (absent: not installed), so ``remind add``
and ``remind remove`` keep that one in sync. Then one ``[[reminder]]`` table per reminder::

    installed = "systemd"

    [[reminder]]
    id = "r1"
    at = ["08:00"]          # or: every = "50m" and between = "09:00-17:30"
    days = "mon,tue,wed,thu,fri"
    routine = "toe-lifts"   # optional

A missing file is no reminders. A file that cannot be read or holds a wrong entry raises
:class:`RemindersFileError` naming the file and the problem.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from stretchtimer import locations
from stretchtimer.config import toml_string
from stretchtimer.files import write_atomically
from stretchtimer.reminders.schedule import (
    Reminder,
    ScheduleError,
    days_spec,
    every_spec,
    parse_between,
    parse_days,
    parse_every,
    parse_time,
)

FILE_NAME = "reminders.toml"
SCHEDULER_NAMES = ("systemd", "launchd", "cron")


@dataclass(slots=True)
class RemindersFile:
    """The reminders, and the scheduler they are installed in (None: not installed)."""

    reminders: list[Reminder] = field(default_factory=list)
    installed: str | None = None

    def find(self, reminder_id: str) -> Reminder | None:
        """Return the reminder with this id, if any."""
        return next((r for r in self.reminders if r.id == reminder_id), None)


class RemindersFileError(Exception):
    """The reminders file cannot be used; the message says which file and why."""


def reminders_file() -> Path:
    """Return the path of the reminders file (it may not exist)."""
    return locations.config_dir() / FILE_NAME


def _entry(table: object, n: int, path: Path) -> Reminder:
    where = f"{path}: reminder {n}"
    if not isinstance(table, dict):
        raise RemindersFileError(f"{where}: expected a [[reminder]] table")
    try:
        rid = table.get("id")
        if not isinstance(rid, str) or not rid.strip():
            raise ScheduleError("`id` must be a non-empty string")
        routine = table.get("routine")
        if routine is not None and (not isinstance(routine, str) or not routine.strip()):
            raise ScheduleError("`routine` must be a routine id")
        days = parse_days(str(table.get("days", "daily")))
        if "every" in table:
            every = parse_every(str(table["every"]))
            between = parse_between(str(table.get("between", "09:00-17:00")))
            return Reminder(rid, every=every, between=between, days=days, routine=routine)
        at = table.get("at")
        if isinstance(at, str):
            at = [at]
        if not isinstance(at, list) or not at:
            raise ScheduleError('give `at` (times like "08:00") or `every` and `between`')
        times = tuple(parse_time(str(t)) for t in at)
        return Reminder(rid, times=times, days=days, routine=routine)
    except ScheduleError as exc:
        raise RemindersFileError(f"{where}: {exc}") from None


def load(path: Path | None = None) -> RemindersFile:
    """Read the reminders (in the order they were added) and where they are installed.

    Raises:
        RemindersFileError: the file cannot be read, is not TOML, or holds a wrong entry.
    """
    path = path or reminders_file()
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return RemindersFile()
    except OSError as exc:
        raise RemindersFileError(f"{path}: cannot read it ({exc.strerror or exc})") from None
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise RemindersFileError(f"{path}: not a valid settings file ({exc})") from None
    tables = data.get("reminder", [])
    if not isinstance(tables, list):
        raise RemindersFileError(f"{path}: `reminder` must be a list of [[reminder]] tables")
    reminders = [_entry(t, n, path) for n, t in enumerate(tables, start=1)]
    seen: set[str] = set()
    for r in reminders:
        if r.id in seen:
            raise RemindersFileError(f"{path}: two reminders have the id {r.id!r}")
        seen.add(r.id)
    installed = data.get("installed")
    if installed is not None and installed not in SCHEDULER_NAMES:
        raise RemindersFileError(f"{path}: `installed` must be one of {', '.join(SCHEDULER_NAMES)}")
    return RemindersFile(reminders, installed)


def dumps(state: RemindersFile) -> str:
    """Return the file's text."""
    parts = ["# stretchtimer reminders (written by 'stretchtimer remind'; edit with it)\n"]
    if state.installed:
        parts.append(f"installed = {toml_string(state.installed)}\n")
    for r in state.reminders:
        parts.append(f"\n[[reminder]]\nid = {toml_string(r.id)}\n")
        if r.every:
            (h1, m1), (h2, m2) = r.between
            between = f"{h1:02}:{m1:02}-{h2:02}:{m2:02}"
            parts.append(
                f"every = {toml_string(every_spec(r.every))}\nbetween = {toml_string(between)}\n"
            )
        else:
            parts.append("at = [" + ", ".join(f'"{h:02}:{m:02}"' for h, m in r.times) + "]\n")
        parts.append(f"days = {toml_string(days_spec(r.days))}\n")
        if r.routine:
            parts.append(f"routine = {toml_string(r.routine)}\n")
    return "".join(parts)


def save(state: RemindersFile, path: Path | None = None) -> None:
    """Write the reminders file atomically, creating the folder.

    Raises:
        OSError: the file cannot be written.
    """
    path = path or reminders_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(path, dumps(state))
