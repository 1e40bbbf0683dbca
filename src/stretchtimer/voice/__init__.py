"""Voice guidance: speech engines, the speech script, the phrase cache and the voice sink.

The names of the choices live with the settings that hold them (:mod:`stretchtimer.config`);
the level and the rate, which the options are made of, are here, so that reading the options
loads neither the engines nor the script.
"""

from enum import StrEnum

from stretchtimer.config import VOICE_ENGINES as ENGINES
from stretchtimer.config import VOICE_LEVELS as LEVELS
from stretchtimer.config import VOICE_RATES as RATE_RANGE

__all__ = ["DEFAULT_RATE", "ENGINES", "LEVELS", "RATE_RANGE", "Level", "clamp_rate"]

DEFAULT_RATE = 175
"""Words per minute when the settings say nothing (espeak-ng's and ``say``'s own default)."""


class Level(StrEnum):
    """How much the voice says (the values are :data:`LEVELS`)."""

    OFF = "off"
    BRIEF = "brief"
    FULL = "full"


def clamp_rate(rate: int) -> int:
    """Return ``rate`` (words per minute) kept within :data:`RATE_RANGE`."""
    return max(RATE_RANGE[0], min(RATE_RANGE[1], int(rate)))
