"""Who owns a running session, and whether that owner is still alive.

A session is written with status ``running`` when it starts, together with the writing
process's id and a *mark*: ``host|boot id|process start time``. At the next open, a running
session is marked interrupted only when its owner is certainly gone:

- written on another host: left alone (the data folder may be shared; we cannot tell);
- written before the last reboot (boot id differs): gone;
- no process with that id (``os.kill(pid, 0)`` raises ``ProcessLookupError``): gone;
- a process with that id exists but started at another time (the id was reused): gone;
- a zombie (dead, not yet reaped): gone;
- otherwise (including a permission error, or a platform without ``/proc``): alive.

So a second instance of the app running a routine at the same moment keeps its session.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path


def _read(path: str) -> str:
    try:
        return Path(path).read_text(encoding="ascii", errors="replace").strip()
    except OSError:
        return ""


def _boot_id() -> str:
    return _read("/proc/sys/kernel/random/boot_id")


def _stat_fields(pid: int) -> list[str]:
    """Return ``/proc/<pid>/stat`` from field 3 (state) on; empty when unknown."""
    stat = _read(f"/proc/{pid}/stat")
    # The command name (field 2) is in parentheses and may hold spaces: split after it.
    _, _, rest = stat.rpartition(")")
    return rest.split()


def _start_time(pid: int) -> str:
    """Return the process's start time in clock ticks since boot ('' when unknown)."""
    fields = _stat_fields(pid)
    return fields[19] if len(fields) > 19 else ""  # field 22: starttime


def _host() -> str:
    import socket  # only when a session starts or a running one is checked: keeps reads quick

    return socket.gethostname()


def process_mark(pid: int | None = None) -> str:
    """Return the owner mark of a process (this one by default)."""
    pid = os.getpid() if pid is None else pid
    return f"{_host()}|{_boot_id()}|{_start_time(pid)}"


def pid_exists(pid: int) -> bool:
    """Return True when a process with this id may exist (False: there is certainly none)."""
    return _pid_exists(pid)


def _pid_exists(pid: int) -> bool:
    if pid <= 0:
        return False
    if sys.platform == "win32":  # pragma: no cover - os.kill(pid, 0) would terminate it
        import ctypes

        kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]
        handle = kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
        if not handle:
            return False
        code = ctypes.c_ulong()
        kernel32.GetExitCodeProcess(handle, ctypes.byref(code))
        kernel32.CloseHandle(handle)
        return code.value == 259  # STILL_ACTIVE
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    except OSError:
        return True
    return True


def owner_gone(pid: int | None, mark: str | None) -> bool:
    """Return True when the process that wrote a running session is certainly gone.

    Args:
        pid: the owner's process id as stored (None for rows without one).
        mark: the owner's mark as stored by :func:`process_mark`.
    """
    if pid is None or not mark:
        return True
    host, _, rest = mark.partition("|")
    boot, _, start = rest.partition("|")
    if host != _host():
        return False
    if boot and _boot_id() and boot != _boot_id():
        return True
    if not _pid_exists(pid):
        return True
    fields = _stat_fields(pid)
    if fields and fields[0] in ("Z", "X"):  # a zombie: dead, not yet reaped by its parent
        return True
    current = _start_time(pid)
    return bool(start and current and start != current)
