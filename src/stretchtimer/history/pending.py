"""Sessions the history could not take yet, kept in pending files until it can.

When the history stays busy (another program holds its lock) or cannot be written (a full
disk) until a recorder closes, the recorder saves the whole session to a *pending file* beside
the history: ``history.sqlite3.pending-<pid>-<random>.json``, written atomically (a temporary
file renamed into place) with mode 0600. The next time a store opens the history (to read or
write; not when it can only be read) it merges every pending file in and deletes it.

Merging is idempotent: the session is found again by its routine, start time and owner
(process id and mark) in the transaction that would insert it, steps by their sequence number,
so a session that was partly written before, or a file merged twice (a crash between the merge
and the delete), ends up recorded exactly once. A file
is claimed before it is merged (renamed to ``...json.merging-<pid>``, which only one reader can
do), so two readers opening the history at once never merge the same file together; a claim
left by a process that is gone is taken back.

File format (JSON object, ``version`` 1): ``routine_id``, ``routine_name``, ``steps_total``,
``started_at`` (ISO 8601 with offset), ``owner_pid``, ``owner_mark``, ``steps`` (a list of
``{"seq", "at", "record"}``, ``record`` holding the fields of
:class:`~stretchtimer.session.events.SegmentRecord`) and ``finish`` (null, or ``status``,
``active_seconds``, ``paused_seconds``, ``ended_at``).
"""

from __future__ import annotations

import contextlib
import json
import os
from dataclasses import asdict, dataclass, field, fields
from datetime import datetime
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Any, get_type_hints

from stretchtimer.history import owner, private
from stretchtimer.history.db import to_iso

if TYPE_CHECKING:
    from stretchtimer.history.store import HistoryStore
    from stretchtimer.session.events import SegmentRecord, SessionStatus

VERSION = 1


@dataclass(frozen=True, slots=True)
class PendingStep:
    """A step of a pending session: its sequence number, when it ended and what happened."""

    seq: int
    at: datetime
    record: SegmentRecord


@dataclass(frozen=True, slots=True)
class PendingFinish:
    """How a pending session ended."""

    status: SessionStatus
    active_seconds: float
    paused_seconds: float
    ended_at: datetime


@dataclass(slots=True)
class PendingSession:
    """Everything needed to write one session to the history, as many times as it takes."""

    routine_id: str
    routine_name: str
    steps_total: int
    started_at: datetime
    owner_pid: int
    owner_mark: str
    steps: list[PendingStep] = field(default_factory=list)
    finish: PendingFinish | None = None


def pattern(history: Path) -> str:
    """Return the glob pattern of the pending files of the history file ``history``."""
    return f"{history.name}.pending-*.json"


def files(history: Path) -> list[Path]:
    """Return the pending files waiting beside ``history``, oldest first."""
    try:
        found = [p for p in history.parent.glob(pattern(history)) if p.is_file()]
    except OSError:
        return []
    return sorted(found, key=lambda p: (_mtime(p), p.name))


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0


def to_json(session: PendingSession) -> dict[str, Any]:
    """Return a pending session as the file's JSON object."""
    finish = session.finish
    return {
        "version": VERSION,
        "routine_id": session.routine_id,
        "routine_name": session.routine_name,
        "steps_total": session.steps_total,
        "started_at": to_iso(session.started_at),
        "owner_pid": session.owner_pid,
        "owner_mark": session.owner_mark,
        "steps": [
            {"seq": s.seq, "at": to_iso(s.at), "record": asdict(s.record)} for s in session.steps
        ],
        "finish": None
        if finish is None
        else {
            "status": finish.status.value,
            "active_seconds": finish.active_seconds,
            "paused_seconds": finish.paused_seconds,
            "ended_at": to_iso(finish.ended_at),
        },
    }


def _record(data: dict[str, Any]) -> SegmentRecord:
    """Rebuild a segment record: unknown keys dropped, enum fields made enums again."""
    from stretchtimer.session.events import SegmentRecord

    hints = get_type_hints(SegmentRecord)
    values: dict[str, Any] = {}
    for f in fields(SegmentRecord):
        if f.name not in data:
            continue
        value = data[f.name]
        kind = hints.get(f.name)
        if isinstance(kind, type) and issubclass(kind, Enum) and value is not None:
            value = kind(value)
        values[f.name] = value
    return SegmentRecord(**values)


def from_json(data: dict[str, Any]) -> PendingSession:
    """Return the pending session a file's JSON object holds.

    Raises:
        ValueError: the object is not a pending session this version can read.
    """
    if not isinstance(data, dict) or data.get("version") != VERSION:
        raise ValueError("not a pending session of a known version")
    from stretchtimer.session.events import SessionStatus

    try:
        finish = data["finish"]
        return PendingSession(
            routine_id=str(data["routine_id"]),
            routine_name=str(data["routine_name"]),
            steps_total=int(data["steps_total"]),
            started_at=datetime.fromisoformat(data["started_at"]),
            owner_pid=int(data["owner_pid"]),
            owner_mark=str(data["owner_mark"]),
            steps=[
                PendingStep(int(s["seq"]), datetime.fromisoformat(s["at"]), _record(s["record"]))
                for s in data["steps"]
            ],
            finish=None
            if finish is None
            else PendingFinish(
                SessionStatus(finish["status"]),
                float(finish["active_seconds"]),
                float(finish["paused_seconds"]),
                datetime.fromisoformat(finish["ended_at"]),
            ),
        )
    except (KeyError, TypeError, AttributeError) as exc:
        raise ValueError(f"missing or wrong field ({exc})") from exc


def save(history: Path, session: PendingSession) -> Path:
    """Write ``session`` to a new pending file beside ``history``; return its path.

    The file is written whole or not at all (temporary file, flushed, renamed) with mode 0600,
    in a data folder kept 0700.

    Raises:
        OSError: the file could not be written.
    """
    import secrets

    folder = history.parent
    private.make_folder(folder)
    name = f"{history.name}.pending-{os.getpid()}-{secrets.token_hex(4)}.json"
    target = folder / name
    temp = folder / f".{name}.tmp"
    text = json.dumps(to_json(session), ensure_ascii=True, indent=1)
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, private.FILE_MODE)
    try:
        with os.fdopen(fd, "w", encoding="ascii") as out:
            os.chmod(temp, private.FILE_MODE)  # os.open's mode was cut by the umask
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise
    return target


def _claim(path: Path) -> Path | None:
    """Rename ``path`` to this process's claim; None if another reader claimed it first."""
    claimed = path.with_name(f"{path.name}.merging-{os.getpid()}")
    try:
        os.replace(path, claimed)
    except OSError:
        return None
    return claimed


def _take_back_stale_claims(history: Path) -> None:
    """Give back the files claimed by processes that ended before merging them."""
    with contextlib.suppress(OSError):
        for claimed in history.parent.glob(f"{pattern(history)}.merging-*"):
            original, _, pid = claimed.name.rpartition(".merging-")
            if pid.isdigit() and not owner.pid_exists(int(pid)):
                with contextlib.suppress(OSError):
                    os.replace(claimed, claimed.with_name(original))


def write(store: HistoryStore, session: PendingSession) -> int:
    """Write ``session`` to ``store``, completing what is already there; return its id.

    Idempotent: see the module docstring.

    Raises:
        HistoryUnavailable: the history cannot be written now.
    """
    sid = store.start_session(
        session.routine_id,
        session.routine_name,
        session.steps_total,
        session.started_at,
        owner=(session.owner_pid, session.owner_mark),
        reuse=True,
    )
    for step in session.steps:
        store.add_step(sid, step.record, step.at, seq=step.seq)
    if session.finish is not None:
        f = session.finish
        store.finish_session(sid, f.status, f.active_seconds, f.paused_seconds, f.ended_at)
    return sid


def merge_all(store: HistoryStore) -> tuple[int, list[str]]:
    """Merge every pending file of ``store``'s history into it and delete each merged file.

    A file that cannot be read is renamed to ``*.unreadable`` (kept for the user); a file that
    cannot be merged now (the history is busy) is kept for the next time.

    Returns:
        How many sessions were merged, and messages for the user about files not merged.
    """
    from stretchtimer.history.db import HistoryUnavailable

    merged = 0
    problems: list[str] = []
    _take_back_stale_claims(store.path)
    for path in files(store.path):
        claimed = _claim(path)
        if claimed is None:
            continue  # another reader is merging it
        try:
            session = from_json(json.loads(claimed.read_text(encoding="utf-8")))
        except OSError:
            _give_back(claimed, path)
            continue  # unreadable now: next time
        except ValueError as exc:
            aside = path.with_name(path.name + ".unreadable")
            with contextlib.suppress(OSError):
                os.replace(claimed, aside)
            problems.append(
                f"A session saved while the history was busy could not be read "
                f"({exc}); it was kept as {aside}."
            )
            continue
        try:
            write(store, session)
        except HistoryUnavailable:
            _give_back(claimed, path)
            break  # still busy or full: every file waits for the next time
        with contextlib.suppress(FileNotFoundError):
            claimed.unlink()
        merged += 1
    return merged, problems


def _give_back(claimed: Path, path: Path) -> None:
    with contextlib.suppress(OSError):
        os.replace(claimed, path)
