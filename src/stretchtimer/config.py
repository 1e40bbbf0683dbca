"""User settings: the theme, the sound and the voice options, kept in a small ``config.toml``.

A missing file means the defaults, silently. A file that cannot be read, is not valid TOML or
holds a wrong value falls back to the defaults (for the values it gets wrong) and returns a notice
naming the file and the problem, so the app can show it without stopping.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields, replace
from pathlib import Path

from stretchtimer import locations
from stretchtimer.goals import (
    GOAL_KEYS,
    Goal,
    check_setting,
    goal_for,
    goals_from_settings,
)

DEFAULT_THEME = "stretchtimer"
TABLES = frozenset({"cramp_advice"})
"""Tables of ``config.toml`` read by their own feature (see ``history.settings``), not here."""
VOICE_LEVELS = ("brief", "full", "off")
"""How much the voice says (``voice``; ``--voice`` on ``run``)."""
VOICE_ENGINES = ("auto", "espeak-ng", "say", "windows")
"""The speech engine preferences (``voice_engine``)."""
VOICE_RATES = (80, 400)
"""The words a minute a user may set (``voice_rate``), lowest and highest."""


@dataclass(frozen=True, slots=True)
class Settings:
    """What the user chose.

    Attributes:
        theme: the name of the Textual theme.
        sound: play cue sounds.
        volume: cue volume, 0-100.
        sound_backend: which audio backend to use (``auto`` picks one).
        voice: how much the voice says in the full-screen runner: ``brief``, ``full``, ``off``.
        voice_engine: which speech engine to use (``auto`` picks one).
        voice_name: an engine voice to use instead of the one for the routine's language.
        voice_rate: words per minute, 80-400.
        daily_goal: completed sessions a day that meet the daily goal.
        weekly_goal: days a week with a completed session that meet the weekly goal.
        terminal: the command that opens a routine from a reminder, e.g. ``kitty -e``
            (empty: ``$TERMINAL``, then the platform's usual terminal).
        goals: goals of single routines, as ``(routine id, goal)`` pairs (the ``[goals]``
            table); see :meth:`goal_for`.
    """

    theme: str = DEFAULT_THEME
    sound: bool = True
    volume: int = 80
    sound_backend: str = "auto"
    voice: str = "brief"
    voice_engine: str = "auto"
    voice_name: str = ""
    voice_rate: int = 175
    daily_goal: int = 1
    weekly_goal: int = 5
    terminal: str = ""
    goals: tuple[tuple[str, Goal], ...] = ()  # a TOML table: written last by dumps()

    def goal_for(self, routine_id: str | None = None) -> Goal:
        """Return the goal of one routine (its own, else the general one), or the general one.

        Args:
            routine_id: the routine; None for the general goal (all sessions count).
        """
        return goal_for(Goal(self.daily_goal, self.weekly_goal), self.goals, routine_id)


def _check(key: str, value: object) -> str | None:
    """Return a problem with ``value`` for ``key``, or None when it is acceptable."""
    if key == "theme":
        if not isinstance(value, str) or not value.strip():
            return "`theme` must be a non-empty string"
    elif key == "sound":
        if not isinstance(value, bool):
            return "`sound` must be true or false"
    elif key == "volume":
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 100:
            return "`volume` must be a whole number from 0 to 100"
    elif key == "sound_backend" and (not isinstance(value, str) or not value.strip()):
        return '`sound_backend` must be a non-empty string ("auto" picks one)'
    elif key in GOAL_KEYS:
        return check_setting(key, value)
    elif key == "terminal" and not isinstance(value, str):
        return '`terminal` must be a string, e.g. "kitty -e"'
    elif key in ("voice", "voice_engine", "voice_name", "voice_rate"):
        return _check_voice(key, value)
    return None


def _check_voice(key: str, value: object) -> str | None:
    """Return a problem with a voice setting, or None when it is acceptable."""
    if key == "voice":
        if value not in VOICE_LEVELS:
            return f"`voice` must be one of: {', '.join(VOICE_LEVELS)}"
    elif key == "voice_engine":
        if value not in VOICE_ENGINES:
            return f"`voice_engine` must be one of: {', '.join(VOICE_ENGINES)}"
    elif key == "voice_name":
        if not isinstance(value, str):
            return '`voice_name` must be a string ("" picks the voice from the language)'
    elif (
        isinstance(value, bool)
        or not isinstance(value, int)
        or not VOICE_RATES[0] <= value <= VOICE_RATES[1]
    ):
        return (
            f"`voice_rate` must be a whole number of words a minute from {VOICE_RATES[0]} "
            f"to {VOICE_RATES[1]}"
        )
    return None


def parse_settings(data: dict[str, object]) -> tuple[Settings, list[str]]:
    """Build settings from a parsed TOML table, keeping the defaults for wrong values.

    Args:
        data: the parsed file.

    Returns:
        The settings and the list of problems found (empty when all is well).
    """
    known = {f.name for f in fields(Settings)}
    values: dict[str, object] = {}
    problems: list[str] = []
    for key, value in data.items():
        if key in TABLES:
            continue
        if key not in known:
            problems.append(f"unknown setting `{key}` (ignored)")
            continue
        problem = _check(key, value)
        if problem:
            problems.append(problem)
        else:
            values[key] = value
    if "goals" in values:  # a routine's goal falls back on the general one, key by key
        values["goals"] = goals_from_settings(values)[1]
    return replace(Settings(), **values), problems  # type: ignore[arg-type]


def load_settings(path: Path | None = None) -> tuple[Settings, str | None]:
    """Read the settings file.

    Args:
        path: the file to read; ``locations.config_file()`` when None.

    Returns:
        The settings and a notice for the user (None when there is nothing to say).
    """
    path = path or locations.config_file()
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return Settings(), None
    except OSError as exc:
        return Settings(), f"{path}: cannot read ({exc.strerror or exc}); using default settings"
    import tomllib  # only when there is a file to read

    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        return Settings(), f"{path}: not UTF-8 text; using default settings"
    except tomllib.TOMLDecodeError as exc:
        return Settings(), f"{path}: {exc}; using default settings"
    settings, problems = parse_settings(data)
    if problems:
        return settings, f"{path}: {'; '.join(problems)}; using the default for those"
    return settings, None


def toml_string(value: str) -> str:
    """Return ``value`` as a TOML basic string (quotes, backslashes and controls escaped)."""
    out = ['"']
    for char in value:
        if char in '"\\':
            out.append("\\" + char)
        elif ord(char) < 0x20 or ord(char) == 0x7F:
            out.append(f"\\u{ord(char):04x}")
        else:
            out.append(char)
    out.append('"')
    return "".join(out)


def dumps(settings: Settings) -> str:
    """Return the TOML text for ``settings``.

    Args:
        settings: what to write.
    """
    return (
        "# stretchtimer settings (written by the app; edit freely)\n"
        f"theme = {toml_string(settings.theme)}\n"
        f"sound = {'true' if settings.sound else 'false'}\n"
        f"volume = {int(settings.volume)}\n"
        f"sound_backend = {toml_string(settings.sound_backend)}\n"
        f"voice = {toml_string(settings.voice)}\n"
        f"voice_engine = {toml_string(settings.voice_engine)}\n"
        f"voice_name = {toml_string(settings.voice_name)}\n"
        f"voice_rate = {int(settings.voice_rate)}\n"
        f"daily_goal = {int(settings.daily_goal)}\n"
        f"weekly_goal = {int(settings.weekly_goal)}\n"
        f"terminal = {toml_string(settings.terminal)}\n"
        + _dump_goals(settings)  # tables last: every plain key must come before them
    )


def _dump_goals(settings: Settings) -> str:
    return "".join(
        f"\n[goals.{toml_string(rid)}]\ndaily = {goal.daily}\nweekly = {goal.weekly}\n"
        for rid, goal in settings.goals
    )


_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")


def _kept_tables(path: Path) -> str:
    """Return the TOML of the :data:`TABLES` in the file now, so rewriting it keeps them."""
    import tomllib

    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return ""
    out = []
    for name in sorted(TABLES):
        table = data.get(name)
        if not isinstance(table, dict):
            continue
        out.append(f"\n[{name}]\n")
        for key, value in table.items():
            name_text = key if _BARE_KEY.fullmatch(key) else toml_string(key)
            if isinstance(value, bool):
                out.append(f"{name_text} = {'true' if value else 'false'}\n")
            elif isinstance(value, int):
                out.append(f"{name_text} = {value}\n")
            elif isinstance(value, str):
                out.append(f"{name_text} = {toml_string(value)}\n")
    return "".join(out)


def save_settings(settings: Settings, path: Path | None = None) -> None:
    """Write the settings file atomically, creating its folder.

    Args:
        settings: what to write.
        path: the file to write; ``locations.config_file()`` when None.

    Raises:
        OSError: when the folder or the file cannot be written.
    """
    from stretchtimer.files import write_atomically

    path = path or locations.config_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    kept = _kept_tables(path)
    write_atomically(path, dumps(settings) + kept)
