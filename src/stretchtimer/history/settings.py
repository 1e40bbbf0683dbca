"""The diary's settings in ``config.toml``: the doctor advice thresholds and the weekly goal.

```toml
weekly_goal = 5          # days a week with a completed session (the habit goal)

[cramp_advice]
woke_nights = 3          # cramps that woke you on this many nights...
woke_days = 14           # ...within this many days
cramp_days = 6           # cramps on this many days...
window_days = 30         # ...within this many days (also how far back a sign counts)
```

A missing file, table or key means the default; a wrong threshold is left at its default and
named in the notice :func:`load_diary_settings` returns (the weekly goal is read, and checked,
with the app's settings in :mod:`stretchtimer.config`).
"""

from __future__ import annotations

from dataclasses import fields, replace
from pathlib import Path

from stretchtimer import locations
from stretchtimer.history.insights import AdviceRules

_LIMITS = {"woke_nights": 30, "woke_days": 365, "cramp_days": 365, "window_days": 365}


def _read(path: Path | None) -> tuple[dict[str, object], str | None]:
    path = path or locations.config_file()
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return {}, None
    except OSError as exc:
        return {}, f"{path}: {exc}; using the default cramp advice settings"
    import tomllib  # only when there is a file to read: it costs `history` some 2 ms

    try:
        return tomllib.loads(raw.decode("utf-8")), None
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        return {}, f"{path}: {exc}; using the default cramp advice settings"


def load_diary_settings(path: Path | None = None) -> tuple[AdviceRules, int, str | None]:
    """Read the advice thresholds and the weekly goal.

    Args:
        path: the settings file; ``locations.config_file()`` when None.

    Returns:
        The thresholds, the weekly goal (days a week) and a notice (None when all is well).
    """
    from stretchtimer.config import load_settings

    data, notice = _read(path)
    problems: list[str] = []
    goal = load_settings(path)[0].weekly_goal  # the habit goal: its one rule is in config
    table = data.get("cramp_advice", {})
    rules = AdviceRules()
    if not isinstance(table, dict):
        problems.append("`cramp_advice` must be a table")
        table = {}
    known = {f.name for f in fields(AdviceRules)}
    for key, value in table.items():
        if key not in known:
            problems.append(f"unknown setting `cramp_advice.{key}` (ignored)")
        elif (
            isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= _LIMITS[key]
        ):
            problems.append(f"`cramp_advice.{key}` must be a whole number from 1 to {_LIMITS[key]}")
        else:
            rules = replace(rules, **{key: value})
    if problems and notice is None:
        notice = (
            f"{path or locations.config_file()}: {'; '.join(problems)}; using the default for those"
        )
    return rules, goal, notice


def advice_rules(path: Path | None = None) -> AdviceRules:
    """Return the advice thresholds (defaults for anything missing or wrong)."""
    return load_diary_settings(path)[0]


def weekly_goal(path: Path | None = None) -> int:
    """Return the weekly goal: days a week with a completed session (5 by default)."""
    return load_diary_settings(path)[1]
