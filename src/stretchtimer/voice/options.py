"""Voice options from the command line and the settings file, for both runners.

The level, first that is given wins: ``--voice brief|full|off``; in the full-screen runner the
settings file's ``voice`` (default ``brief``); the plain runner speaks only with ``--voice``
(screen readers already read its lines). The engine, the voice and the rate come from the
settings file (``voice_engine``, ``voice_name``, ``voice_rate``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from stretchtimer.voice import DEFAULT_RATE, ENGINES, LEVELS, Level, clamp_rate

if TYPE_CHECKING:
    from stretchtimer.config import Settings


@dataclass(frozen=True, slots=True)
class VoiceOptions:
    """What the user asked of the voice.

    Attributes:
        level: how much is said.
        engine: one of :data:`~stretchtimer.voice.ENGINES`.
        voice_name: an engine voice to use instead of the one for the routine's language.
        rate: words per minute.
        source: where the level came from (``--voice``, ``settings (voice)``, ...).
        notes: problems found on the way (an unknown value that was ignored).
    """

    level: Level = Level.BRIEF
    engine: str = "auto"
    voice_name: str | None = None
    rate: int = DEFAULT_RATE
    source: str = "default"
    notes: tuple[str, ...] = field(default_factory=tuple)


def resolve_voice(
    flag: str | None,
    settings: Settings | None = None,
    *,
    plain: bool = False,
) -> VoiceOptions:
    """Combine ``--voice`` and the settings into the options to use.

    Args:
        flag: the ``--voice`` value, or None when not given.
        settings: the user's settings (the defaults when None).
        plain: for the plain runner, which speaks only with ``--voice``.
    """
    from stretchtimer.config import Settings

    settings = settings or Settings()
    notes: list[str] = []
    engine = settings.voice_engine.strip().lower()
    if engine not in ENGINES:
        notes.append(
            f"ignoring voice_engine={settings.voice_engine!r} "
            f"(expected one of: {', '.join(ENGINES)})"
        )
        engine = "auto"
    name = settings.voice_name.strip() or None
    rate = clamp_rate(settings.voice_rate)
    if flag is not None:
        level, source = Level(flag), "--voice"
    elif plain:
        level, source = Level.OFF, "the plain runner speaks only with --voice"
    elif settings.voice in LEVELS:
        level = Level(settings.voice)
        source = "default" if level is Level.BRIEF else "settings (voice)"
    else:
        level, source = Level.BRIEF, "default"
    return VoiceOptions(level, engine, name, rate, source, tuple(notes))
