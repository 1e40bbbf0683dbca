"""Voice guidance: speech engines, the speech script, the phrase cache and the voice sink.

The names of the choices live with the settings that hold them (:mod:`stretchtimer.config`).
"""

from stretchtimer.config import VOICE_ENGINES as ENGINES
from stretchtimer.config import VOICE_LEVELS as LEVELS
from stretchtimer.config import VOICE_RATES as RATE_RANGE

__all__ = ["ENGINES", "LEVELS", "RATE_RANGE"]
