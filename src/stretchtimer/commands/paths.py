"""``stretchtimer paths``: where routines, history and settings live, and the sound backend.

``STRETCHTIMER_CONFIG_DIR``, ``STRETCHTIMER_DATA_DIR`` and ``STRETCHTIMER_CACHE_DIR`` move the
user's folders.
"""

from __future__ import annotations

import argparse


def run(args: argparse.Namespace) -> int:
    """Print one line per location, then the sound backend.

    Args:
        args: the parsed arguments.

    Returns:
        The exit code (0).
    """
    from stretchtimer import locations
    from stretchtimer.cautions import seen_file
    from stretchtimer.commands._common import say
    from stretchtimer.reminders.store import reminders_file
    from stretchtimer.routines.cache import cache_file
    from stretchtimer.safe_text import visible_line
    from stretchtimer.sinks import sound_seen_file
    from stretchtimer.voice.cache import voice_cache_dir

    del args
    rows = [
        ("config folder", locations.config_dir()),
        ("user routines", locations.user_routines_dir()),
        ("built-in routines", locations.builtin_routines_dir()),
        ("config file", locations.config_file()),
        ("reminders file", reminders_file()),
        ("sound last chosen", sound_seen_file()),
        ("data folder", locations.data_dir()),
        ("history database", locations.history_db()),
        ("cautions read", seen_file()),
        ("sounds", locations.sounds_dir()),
        ("cache folder", locations.cache_dir()),
        ("routines read", cache_file()),
        ("spoken phrases", voice_cache_dir()),
    ]
    width = max(len(label) for label, _ in rows)
    for label, path in rows:
        try:
            state = "exists" if path.exists() else "not created yet"
        except OSError as exc:  # a folder on the way cannot be searched
            state = f"cannot be read: {exc.strerror or exc}"
        say(f"{label.ljust(width)}  {visible_line(str(path))}  ({state})")
    say(f"{'sound'.ljust(width)}  {visible_line(_sound_line())}")
    return 0


def _sound_line() -> str:
    """Return the sound backend a session would use, and where that choice came from."""
    from stretchtimer.audio.options import options_from_args
    from stretchtimer.audio.player import choose

    options = options_from_args(argparse.Namespace())
    choice = choose(options.preference)
    source = "" if options.source == "default" else f", from {options.source}"
    return f"{choice.describe()}{source}  (details: stretchtimer doctor)"
