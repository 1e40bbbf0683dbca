"""Sound options from the command line, the environment and the settings file, for both runners.

Precedence, first wins: ``--no-sound``; ``--sound BACKEND`` (doctor); the ``STRETCHTIMER_SOUND``
environment variable (``auto``, ``simpleaudio``, ``command``, ``bell`` or ``off``); the settings
file (``sound = false``, ``sound_backend``); ``auto``. Volume: ``--volume``, else the settings
file's ``volume``, else 100.
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from stretchtimer.audio.preferences import PREFERENCES

if TYPE_CHECKING:  # the player (and its backends) load when a player is opened
    from stretchtimer.audio.player import Choice, CuePlayer
    from stretchtimer.config import Settings

SOUND_ENV = "STRETCHTIMER_SOUND"


@dataclass(frozen=True, slots=True)
class SoundOptions:
    """What the user asked for.

    Attributes:
        preference: one of :data:`~stretchtimer.audio.preferences.PREFERENCES`.
        volume: 0-100.
        source: where the preference came from (``--no-sound``, ``STRETCHTIMER_SOUND``...).
        notes: problems found on the way (an unknown value that was ignored).
    """

    preference: str = "auto"
    volume: int = 100
    source: str = "default"
    notes: tuple[str, ...] = field(default_factory=tuple)


def _known(value: str, where: str, notes: list[str]) -> str | None:
    value = value.strip().lower()
    if not value:
        return None
    if value in PREFERENCES:
        return value
    notes.append(f"ignoring {where}={value!r} (expected one of: {', '.join(PREFERENCES)})")
    return None


def resolve(
    *,
    no_sound: bool = False,
    backend: str | None = None,
    volume: int | None = None,
    settings_sound: bool = True,
    settings_backend: str = "auto",
    settings_volume: int | None = None,
) -> SoundOptions:
    """Combine flags, environment and settings into the options to use.

    Args:
        no_sound: ``--no-sound`` was given.
        backend: ``--sound`` (None when not given).
        volume: ``--volume`` (None when not given).
        settings_sound: the settings file's ``sound``.
        settings_backend: the settings file's ``sound_backend``.
        settings_volume: the settings file's ``volume``.
    """
    notes: list[str] = []
    level = volume if volume is not None else settings_volume
    level = 100 if level is None else max(0, min(100, level))
    candidates = (
        ("off" if no_sound else None, "--no-sound"),
        (_known(backend or "", "--sound", notes), "--sound"),
        (_known(os.environ.get(SOUND_ENV, ""), SOUND_ENV, notes), SOUND_ENV),
        ("off" if not settings_sound else None, "settings (sound = false)"),
        (_known(settings_backend, "sound_backend", notes), "settings (sound_backend)")
        if settings_backend.strip().lower() != "auto"
        else (None, ""),
    )
    for preference, source in candidates:
        if preference is not None:
            return SoundOptions(preference, level, source, tuple(notes))
    return SoundOptions("auto", level, "default", tuple(notes))


def options_from_args(args: argparse.Namespace, settings: Settings | None = None) -> SoundOptions:
    """Resolve the options from a runner's parsed arguments and the settings file.

    Args:
        args: parsed arguments; ``no_sound``, ``sound`` and ``volume`` are used when present.
        settings: the user's settings; read from the settings file when None (a problem with
            the file is not reported here: the defaults are used).
    """
    if settings is None:
        from stretchtimer.config import load_settings

        settings, _ = load_settings()
    return resolve(
        no_sound=bool(getattr(args, "no_sound", False)),
        backend=getattr(args, "sound", None),
        volume=getattr(args, "volume", None),
        settings_sound=settings.sound,
        settings_backend=settings.sound_backend,
        settings_volume=settings.volume,
    )


def open_player(
    options: SoundOptions,
    *,
    ring: Callable[[], None] | None = None,
    on_error: Callable[[str], None] | None = None,
) -> tuple[CuePlayer, Choice]:
    """Choose the backend and start a cue player (an event sink); close it before exiting.

    Choosing probes the sound system (a few milliseconds; longer with some sound servers), so
    the full-screen app should call this from a thread worker, not its event loop.

    Args:
        options: from :func:`resolve`.
        ring: rings the terminal bell (the TUI passes ``app.bell``).
        on_error: called once, from the player's thread, with the first playback problem.

    Returns:
        The player, and the choice (show ``choice.notice`` to the user when it is not None).
    """
    from stretchtimer.audio.player import CuePlayer, choose
    from stretchtimer.audio.sounds import SoundBank

    choice = choose(options.preference, ring=ring)
    player = CuePlayer(choice.backend, SoundBank(options.volume), on_error=on_error)
    return player, choice
