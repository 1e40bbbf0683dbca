"""Voice guidance: speech engines, the speech script, the phrase cache and the voice sink.

This module itself holds only the names of the choices (no imports), so the settings can check
them cheaply.
"""

LEVELS = ("brief", "full", "off")
"""How much the voice says (``voice`` in the settings file, ``--voice`` on ``run``)."""

ENGINES = ("auto", "espeak-ng", "say", "windows")
"""The speech engine preferences (``voice_engine`` in the settings file)."""

RATE_RANGE = (80, 400)
"""Words per minute a user may set (``voice_rate``)."""
