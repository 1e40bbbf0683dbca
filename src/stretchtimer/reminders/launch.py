"""Opening a routine in the user's terminal, from a notification's "Start".

The terminal is, in order: ``terminal`` in ``config.toml`` (the command that runs a program in
a new terminal window, e.g. ``kitty``, ``alacritty -e`` or ``gnome-terminal --``),
``$TERMINAL`` (with ``-e``), ``x-terminal-emulator -e`` (Debian's choice), then the usual one
of the platform (Terminal on macOS; on Linux the first found of GNOME Terminal, Konsole,
Xfce Terminal, kitty, Alacritty, foot, WezTerm, xterm).
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys

LINUX_TERMINALS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("gnome-terminal", ("--",)),
    ("konsole", ("-e",)),
    ("xfce4-terminal", ("-x",)),
    ("kitty", ()),
    ("alacritty", ("-e",)),
    ("foot", ()),
    ("wezterm", ("start", "--")),
    ("xterm", ("-e",)),
)


def app_command(routine: str | None) -> list[str]:
    """Return the command that opens stretchtimer on a routine (or on its home screen)."""
    script = os.path.join(os.path.dirname(sys.executable), "stretchtimer")
    head = [script] if os.path.exists(script) else [sys.executable, "-m", "stretchtimer"]
    return [*head, "run", "--", routine] if routine else head  # an id may start with "-"


def terminal_prefix(configured: str = "") -> tuple[list[str] | None, str]:
    """Return the command prefix that runs a program in a new terminal, and where it came from.

    Args:
        configured: the ``terminal`` setting (empty: not set).

    Returns:
        ``(prefix, source)``; the prefix is None when no terminal was found (or on macOS,
        where Terminal is driven through ``osascript``).
    """
    if configured.strip():
        try:
            return shlex.split(configured), "the terminal setting"
        except ValueError:
            return [configured.strip()], "the terminal setting"
    env = os.environ.get("TERMINAL", "").strip()
    if env:
        return [env, "-e"], "$TERMINAL"
    if sys.platform == "darwin":
        return None, "macOS Terminal"
    found = shutil.which("x-terminal-emulator")
    if found:
        return [found, "-e"], "x-terminal-emulator"
    for name, flags in LINUX_TERMINALS:
        found = shutil.which(name)
        if found:
            return [found, *flags], name
    return None, "none found"


def _applescript_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def launch_command(routine: str | None, configured: str = "") -> list[str] | None:
    """Return the whole command that opens the routine in a new terminal, or None.

    Args:
        routine: the routine id (None: the app's home screen).
        configured: the ``terminal`` setting.
    """
    prefix, source = terminal_prefix(configured)
    inner = app_command(routine)
    if prefix is not None:
        return [*prefix, *inner]
    if source == "macOS Terminal":
        quoted = _applescript_string(shlex.join(inner))
        script = f'tell application "Terminal" to do script {quoted}'
        return ["osascript", "-e", script, "-e", 'tell application "Terminal" to activate']
    return None


def start_in_terminal(
    routine: str | None,
    configured: str = "",
    popen: type[subprocess.Popen[bytes]] = subprocess.Popen,
) -> str | None:
    """Open the routine in a new terminal window, detached from this process.

    Args:
        routine: the routine id (None: the app's home screen).
        configured: the ``terminal`` setting.
        popen: how to start it (replaceable in tests).

    Returns:
        None when it started, else what went wrong, for the user.
    """
    command = launch_command(routine, configured)
    if command is None:
        return (
            "no terminal found: set `terminal` in the settings file (e.g. terminal = "
            '"alacritty -e") or $TERMINAL'
        )
    try:
        popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
    except OSError as exc:
        return f"cannot start {command[0]}: {exc.strerror or exc}"
    return None


def describe(configured: str = "") -> str:
    """Return which terminal a reminder's Start would use, in words."""
    prefix, source = terminal_prefix(configured)
    if prefix is None:
        return source if source == "macOS Terminal" else "none found (set `terminal`)"
    return f"{shlex.join(prefix)} (from {source})"
