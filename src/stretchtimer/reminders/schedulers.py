"""Putting reminders into the platform's own scheduler, and taking them out again.

- **systemd** (where systemd runs the user session): a ``stretchtimer-remind-ID.timer`` and
  ``.service`` per reminder in ``$XDG_CONFIG_HOME/systemd/user/``, then
  ``systemctl --user daemon-reload`` and ``enable --now``. ``Persistent=true`` makes a timer
  missed while the computer slept fire on wake; ``remind fire`` then drops it if it is more
  than 30 minutes late.
- **launchd** (macOS): an agent ``org.stretchtimer.remind.ID.plist`` in
  ``~/Library/LaunchAgents/``, loaded with ``launchctl bootstrap``.
- **cron** (anywhere else): a block of lines between two marker comments in the user's
  crontab, the rest of which is left exactly as it was.

Each scheduler runs ``stretchtimer remind fire ID``; nothing of ours keeps running in between.
A :class:`Setup` is what would be installed; :func:`install` applies it, and ``--print`` shows it.
"""

from __future__ import annotations

import contextlib
import os
import plistlib
import re
import shlex
import subprocess
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from stretchtimer import locations
from stretchtimer.reminders.schedule import Reminder, install_problem

SCHEDULERS = ("systemd", "launchd", "cron")
UNIT_PREFIX = "stretchtimer-remind-"
AGENT_PREFIX = "org.stretchtimer.remind."
CRON_BEGIN = "# >>> stretchtimer reminders (managed by 'stretchtimer remind'; do not edit) >>>"
CRON_END = "# <<< stretchtimer reminders <<<"
PASSED_ENV = (locations.CONFIG_ENV, locations.DATA_ENV)
"""Settings of the installing shell that ``remind fire`` must see too."""
CRON_DESKTOP_ENV = ("DISPLAY", "WAYLAND_DISPLAY", "XDG_RUNTIME_DIR")
"""What cron jobs lack to reach the desktop (systemd and launchd give it to their jobs)."""

Runner = Callable[[Sequence[str], str | None], tuple[int, str]]
"""Runs a command with optional standard input; returns its exit code and its output."""


class SchedulerError(Exception):
    """The scheduler could not be used; the message says why, for the user."""


@dataclass(slots=True)
class Setup:
    """What installing the reminders into one scheduler means.

    Attributes:
        scheduler: ``systemd``, ``launchd`` or ``cron``.
        files: files to write, with their text.
        stale: files of ours to remove (reminders that are gone).
        commands: commands to run afterwards (enabling timers, loading agents).
        crontab: the user's new crontab (cron only).
        notes: what the user should know (e.g. systemd is not running).
        usable: False when the scheduler is missing here (``--print`` still shows it).
    """

    scheduler: str
    files: dict[Path, str] = field(default_factory=dict)
    stale: list[Path] = field(default_factory=list)
    commands: list[list[str]] = field(default_factory=list)
    crontab: str | None = None
    notes: list[str] = field(default_factory=list)
    usable: bool = True


def run_command(argv: Sequence[str], stdin: str | None = None) -> tuple[int, str]:
    """Run a command (the default :data:`Runner`); a missing program is exit code 127."""
    try:
        done = subprocess.run(
            list(argv), input=stdin, capture_output=True, text=True, timeout=30, check=False
        )
    except FileNotFoundError:
        return 127, f"{argv[0]}: not found"
    except (OSError, subprocess.SubprocessError) as exc:
        return 126, str(exc)
    return done.returncode, (done.stdout + done.stderr).strip()


# -- choosing ---------------------------------------------------------------------------------


def systemd_user_running() -> bool:
    """Return True when a systemd user manager runs this user's session."""
    runtime = os.environ.get("XDG_RUNTIME_DIR") or f"/run/user/{os.getuid()}"
    return Path(runtime, "systemd", "private").exists()


def choose(override: str | None = None) -> str:
    """Return the scheduler to use.

    ``override`` if given, else launchd on macOS, else systemd where it runs the user session,
    else cron.
    """
    if override:
        return override
    if sys.platform == "darwin":
        return "launchd"
    return "systemd" if systemd_user_running() else "cron"


def fire_command(reminder_id: str) -> list[str]:
    """Return the command a scheduler runs for a reminder (absolute paths only)."""
    script = Path(sys.executable).with_name("stretchtimer")
    head = [str(script)] if script.exists() else [sys.executable, "-m", "stretchtimer"]
    return [*head, "remind", "fire", reminder_id]


def passed_environment() -> dict[str, str]:
    """Return the stretchtimer settings of this environment that ``remind fire`` needs."""
    return {
        name: str(Path(os.environ[name]).expanduser().absolute())
        for name in PASSED_ENV
        if os.environ.get(name, "").strip()
    }


# -- systemd ----------------------------------------------------------------------------------


def systemd_dir() -> Path:
    """Return where systemd looks for the user's own units."""
    base = os.environ.get("XDG_CONFIG_HOME", "").strip()
    return (Path(base) if base else Path.home() / ".config") / "systemd" / "user"


_SYSTEMD_PLAIN = re.compile(r"[A-Za-z0-9_@+=:,./-]+", re.ASCII)
"""A word that needs no quotes in a unit file (no quote, backslash, ``%``, ``$``, ``;``...)."""


def _c_escape(char: str) -> str:
    r"""Return a character as a C-style escape systemd reads back (``\\x0a``, ``\\u2028``)."""
    code = ord(char)
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def _systemd_word(word: str, *, dollar: bool = True) -> str:
    """Quote one word of an ``ExecStart=`` line (or, ``dollar=False``, of ``Environment=``).

    The rules of systemd.syntax(7), "Quoting", and systemd.service(5), "Command lines": a word
    with anything but plain characters goes in double quotes, in which backslashes and double
    quotes are escaped and control characters and whitespace but the space are C-style
    escapes; ``%`` is ``%%`` (specifiers) and, in a command line only, ``$`` is ``$$`` (variable
    expansion; ``Environment=`` gives ``$`` no meaning). A lone ``;`` is quoted, so it is an
    argument, not the end of the command.
    """
    out: list[str] = []
    for char in word:
        if char in '\\"':
            out.append("\\" + char)
        elif char == "%":
            out.append("%%")
        elif char == "$" and dollar:
            out.append("$$")
        elif char != " " and (char.isspace() or not char.isprintable()):
            out.append(_c_escape(char))
        else:
            out.append(char)
    text = "".join(out)
    return text if _SYSTEMD_PLAIN.fullmatch(word) else f'"{text}"'


def _systemd_text(text: str) -> str:
    r"""Return text for a free-text setting (``Description=``): one line, specifiers escaped.

    Control characters, tabs and newlines are shown as escapes or spaces (see
    :func:`stretchtimer.safe_text.visible_line`), so no text starts a new line or section;
    ``%`` is ``%%``; a trailing backslash, which would join the next line, is written ``\\x5c``.
    """
    from stretchtimer.safe_text import visible_line

    line = visible_line(text).replace("%", "%%").strip()
    return line[:-1] + "\\x5c" if line.endswith("\\") else line


def _environment_line(name: str, value: str) -> str:
    """Return an ``Environment=`` line; systemd rejects values with control characters.

    Raises:
        SchedulerError: the value holds a control character, a tab or a newline.
    """
    _refuse_unsafe(value, f"${name}", "a systemd unit")
    return f"Environment={_systemd_word(f'{name}={value}', dollar=False)}"


def _refuse_unsafe(text: str, what: str, where: str) -> None:
    """Raise SchedulerError when ``text`` cannot stand in one line of ``where``."""
    from stretchtimer.safe_text import first_unsafe_in_line

    at = first_unsafe_in_line(text)
    if at is not None:
        raise SchedulerError(
            f"cannot put {what} ({text!a}) into {where}: it holds a control character "
            f"({text[at]!a})"
        )


def on_calendar(reminder: Reminder) -> list[str]:
    """Return the ``OnCalendar=`` values of a reminder (one per minute of the hour used)."""
    names = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
    days = "" if len(reminder.days) == 7 else ",".join(names[d] for d in reminder.days) + " "
    by_minute: dict[int, list[int]] = {}
    for hour, minute in reminder.fire_times():
        by_minute.setdefault(minute, []).append(hour)
    return [
        f"{days}*-*-* {','.join(f'{h:02}' for h in hours)}:{minute:02}:00"
        for minute, hours in sorted(by_minute.items())
    ]


def systemd_units(
    reminder: Reminder, command: Sequence[str], env: dict[str, str]
) -> tuple[str, str]:
    """Return the text of a reminder's service and timer units."""
    description = _systemd_text(f"stretchtimer reminder {reminder.id}: {reminder.describe()}")
    service = [
        "[Unit]",
        f"Description={description}",
        "",
        "[Service]",
        "Type=oneshot",
        "ExecStart=" + " ".join(_systemd_word(w) for w in command),
    ]
    service += [_environment_line(k, v) for k, v in sorted(env.items())]
    service += ["TimeoutStartSec=2h", ""]  # asks and snoozes end well within (see fire.py)
    timer = ["[Unit]", f"Description={description}", "", "[Timer]"]
    timer += [f"OnCalendar={spec}" for spec in on_calendar(reminder)]
    timer += ["Persistent=true", "AccuracySec=1s", "", "[Install]", "WantedBy=timers.target", ""]
    return "\n".join(service), "\n".join(timer)


def _systemd_setup(reminders: Sequence[Reminder], folder: Path) -> Setup:
    setup = Setup("systemd")
    env = passed_environment()
    wanted: set[str] = set()
    for r in reminders:
        service, timer = systemd_units(r, fire_command(r.id), env)
        setup.files[folder / f"{UNIT_PREFIX}{r.id}.service"] = service
        setup.files[folder / f"{UNIT_PREFIX}{r.id}.timer"] = timer
        wanted.add(f"{UNIT_PREFIX}{r.id}")
    old = sorted(folder.glob(f"{UNIT_PREFIX}*")) if folder.is_dir() else []
    setup.stale = [p for p in old if p.stem not in wanted]
    running = systemd_user_running()
    ctl = ["systemctl", "--user"]
    stale_timers = [p.name for p in setup.stale if p.suffix == ".timer"]
    if running:
        if stale_timers:
            setup.commands.append([*ctl, "disable", "--now", *stale_timers])
        setup.commands.append([*ctl, "daemon-reload"])
        timers = [f"{UNIT_PREFIX}{r.id}.timer" for r in reminders]
        if timers:
            setup.commands.append([*ctl, "enable", "--now", *timers])
    else:
        setup.notes.append(
            "systemd does not run your user session here: the units are "
            "written but not started (use --scheduler cron instead?)"
        )
    return setup


# -- launchd ----------------------------------------------------------------------------------


def launchd_dir() -> Path:
    """Return where launchd looks for the user's agents."""
    return Path.home() / "Library" / "LaunchAgents"


def launchd_plist(reminder: Reminder, command: Sequence[str], env: dict[str, str]) -> bytes:
    """Return a reminder's launchd agent (an XML property list)."""
    intervals = []
    for day in reminder.days:
        for hour, minute in reminder.fire_times():
            # launchd counts weekdays from Sunday = 0
            intervals.append({"Weekday": (day + 1) % 7, "Hour": hour, "Minute": minute})
    agent: dict[str, object] = {
        "Label": f"{AGENT_PREFIX}{reminder.id}",
        "ProgramArguments": list(command),
        "StartCalendarInterval": intervals,
        "ProcessType": "Interactive",
        "RunAtLoad": False,
    }
    if env:
        agent["EnvironmentVariables"] = dict(sorted(env.items()))
    try:
        return plistlib.dumps(agent, sort_keys=False)
    except ValueError as exc:  # a control character: XML 1.0 cannot hold it
        raise SchedulerError(
            f"cannot write the launchd agent of reminder {reminder.id}: {exc}"
        ) from None


def _launchd_setup(reminders: Sequence[Reminder], folder: Path) -> Setup:
    setup = Setup("launchd")
    env = passed_environment()
    domain = f"gui/{os.getuid()}"
    wanted = set()
    for r in reminders:
        path = folder / f"{AGENT_PREFIX}{r.id}.plist"
        setup.files[path] = launchd_plist(r, fire_command(r.id), env).decode("utf-8")
        wanted.add(path)
    old = sorted(folder.glob(f"{AGENT_PREFIX}*.plist")) if folder.is_dir() else []
    setup.stale = [p for p in old if p not in wanted]
    for path in [*setup.stale, *setup.files]:
        setup.commands.append(["launchctl", "bootout", domain, str(path)])
    for path in setup.files:
        setup.commands.append(["launchctl", "bootstrap", domain, str(path)])
    return setup


# -- cron -------------------------------------------------------------------------------------


def cron_lines(reminder: Reminder, command: Sequence[str], env: dict[str, str]) -> list[str]:
    r"""Return a reminder's crontab lines (one per minute of the hour used).

    Each word is quoted for ``/bin/sh`` and ``%`` is ``\\%`` (cron reads a bare ``%`` as a
    newline). A newline cannot be written in a crontab line at all: such a word is refused.

    Raises:
        SchedulerError: a word or a value holds a control character, a tab or a newline.
    """
    cron_days = (
        "*" if len(reminder.days) == 7 else ",".join(str((d + 1) % 7) for d in reminder.days)
    )
    for name, value in sorted(env.items()):
        _refuse_unsafe(value, f"${name}", "a crontab line")
    for word in command:
        _refuse_unsafe(word, "the command", "a crontab line")
    words = [f"{k}={shlex.quote(v)}" for k, v in sorted(env.items())]
    words += [shlex.quote(w) for w in command]
    line = " ".join(words).replace("%", "\\%")  # cron reads a bare % as a newline
    by_minute: dict[int, list[int]] = {}
    for hour, minute in reminder.fire_times():
        by_minute.setdefault(minute, []).append(hour)
    return [
        f"{minute} {','.join(map(str, hours))} * * {cron_days} {line}"
        for minute, hours in sorted(by_minute.items())
    ]


def without_block(crontab: str) -> list[str]:
    """Return the crontab's lines without our block."""
    lines, inside = [], False
    for text in crontab.splitlines():
        if text.strip() == CRON_BEGIN:
            inside = True
        elif text.strip() == CRON_END and inside:
            inside = False
        elif not inside:
            lines.append(text)
    return lines


def _cron_setup(reminders: Sequence[Reminder], runner: Runner) -> Setup:
    code, current = runner(["crontab", "-l"], None)
    if code != 0:
        current = ""  # "no crontab for USER", or no cron at all (said below)
    lines = without_block(current)
    env = passed_environment() | {
        name: os.environ[name] for name in CRON_DESKTOP_ENV if os.environ.get(name, "").strip()
    }
    if reminders:
        lines.append(CRON_BEGIN)
        for r in reminders:
            lines.extend(cron_lines(r, fire_command(r.id), env))
        lines.append(CRON_END)
    setup = Setup("cron", crontab="\n".join(lines) + "\n" if lines else "")
    if code == 127:
        setup.usable = False
        setup.notes.append(
            "cron is not installed here (no 'crontab' command); install it, or "
            "use --scheduler systemd"
        )
    return setup


# -- doing it ---------------------------------------------------------------------------------


def plan(reminders: Sequence[Reminder], scheduler: str, runner: Runner = run_command) -> Setup:
    """Return what installing ``reminders`` into ``scheduler`` would do (nothing is changed).

    Raises:
        SchedulerError: the scheduler cannot be used here, or a reminder cannot be written
            into it (see :func:`~stretchtimer.reminders.schedule.install_problem`).
    """
    for reminder in reminders:
        problem = install_problem(reminder)
        if problem:
            raise SchedulerError(f"reminder {reminder.id!a}: {problem}")
    if scheduler == "systemd":
        return _systemd_setup(reminders, systemd_dir())
    if scheduler == "launchd":
        return _launchd_setup(reminders, launchd_dir())
    if scheduler == "cron":
        return _cron_setup(reminders, runner)
    raise SchedulerError(f"unknown scheduler {scheduler!r}: use systemd, launchd or cron")


def install(setup: Setup, runner: Runner = run_command) -> list[str]:
    """Apply a setup: write and remove files, set the crontab, run the commands.

    Returns:
        Problems met on the way (commands that failed), for the user; empty when all went well.

    Raises:
        SchedulerError: a file or the crontab could not be written.
    """
    problems: list[str] = []
    stale_first = [c for c in setup.commands if "disable" in c or "bootout" in c]
    for command in stale_first:
        runner(command, None)  # unloading what is not loaded fails harmlessly
    try:
        for path in setup.stale:
            path.unlink(missing_ok=True)
        for path, text in setup.files.items():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise SchedulerError(f"cannot write {exc.filename}: {exc.strerror or exc}") from exc
    if not setup.usable:
        raise SchedulerError(
            setup.notes[0] if setup.notes else f"{setup.scheduler} cannot be used here"
        )
    if setup.scheduler == "systemd" and not setup.files and setup.stale:  # remove our folders
        for folder in (setup.stale[0].parent, setup.stale[0].parent.parent):
            with contextlib.suppress(OSError):
                folder.rmdir()  # only when empty
    if setup.crontab is not None:
        code, out = runner(["crontab", "-"], setup.crontab)
        if code != 0:
            raise SchedulerError(f"crontab refused the new table: {out}")
    for command in setup.commands:
        if command in stale_first:
            continue
        code, out = runner(command, None)
        if code != 0:
            problems.append(f"'{' '.join(command)}' failed: {out or f'exit code {code}'}")
    return problems


def describe(setup: Setup) -> str:
    """Return what a setup does, for ``--print``."""
    parts: list[str] = []
    for path, text in setup.files.items():
        parts.append(f"# {path}\n{text.rstrip()}\n")
    for path in setup.stale:
        parts.append(f"# remove {path}\n")
    if setup.crontab is not None:
        parts.append(
            "# the new crontab ('crontab -l' to see the current one)\n"
            + (setup.crontab.rstrip() or "# (empty)")
            + "\n"
        )
    for command in setup.commands:
        parts.append("$ " + " ".join(shlex.quote(w) for w in command) + "\n")
    parts.extend(f"# note: {note}\n" for note in setup.notes)
    return "\n".join(parts) if parts else "# nothing to install\n"
