"""Every path the app uses, in one place.

Nothing here creates a folder or a file: callers create what they write, when they write it.
Environment variables override the platform defaults:

- ``STRETCHTIMER_CONFIG_DIR``: holds ``config.toml`` and the ``routines/`` folder.
- ``STRETCHTIMER_DATA_DIR``: holds the history database.
- ``STRETCHTIMER_CACHE_DIR``: holds what can be made again at any time (the rendered voice
  phrases, the routines already read).

platformdirs is imported only when a folder is not overridden, and the shipped data is found
without ``importlib.resources``: both cost more than a quick command's own work.
"""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "stretchtimer"
CONFIG_ENV = "STRETCHTIMER_CONFIG_DIR"
DATA_ENV = "STRETCHTIMER_DATA_DIR"
CACHE_ENV = "STRETCHTIMER_CACHE_DIR"


def _from_env(name: str) -> Path | None:
    value = os.environ.get(name, "").strip()
    return Path(value).expanduser() if value else None


def config_dir() -> Path:
    """Return the user's configuration folder (may not exist yet)."""
    found = _from_env(CONFIG_ENV)
    if found is not None:
        return found
    import platformdirs

    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))


def data_dir() -> Path:
    """Return the user's data folder, where history lives (may not exist yet)."""
    found = _from_env(DATA_ENV)
    if found is not None:
        return found
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def cache_dir() -> Path:
    """Return the user's cache folder, for files that can be made again (may not exist yet)."""
    found = _from_env(CACHE_ENV)
    if found is not None:
        return found
    import platformdirs

    return Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False))


def user_routines_dir() -> Path:
    """Return the folder of the user's own routine files."""
    return config_dir() / "routines"


def config_file() -> Path:
    """Return the path of the settings file (theme, sound)."""
    return config_dir() / "config.toml"


def history_db() -> Path:
    """Return the path of the SQLite history database."""
    return data_dir() / "history.sqlite3"


def _data_root() -> Path:
    """Return the folder holding the shipped ``routines/`` and ``sounds/``.

    An installed wheel carries them as ``stretchtimer/data/``; a source checkout (editable
    install or tests) has them at the repository's top level.
    """
    package = Path(__file__).resolve().parent
    packaged = package / "data"
    if packaged.is_dir():
        return packaged
    return package.parents[1]


def builtin_routines_dir() -> Path:
    """Return the folder of the built-in routine files."""
    return _data_root() / "routines"


def sounds_dir() -> Path:
    """Return the folder of the shipped WAV cue files."""
    return _data_root() / "sounds"
