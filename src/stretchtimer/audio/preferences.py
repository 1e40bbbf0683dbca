"""The sound backends a user can ask for.

A module of its own: reading the sound options must not import the player, which loads the
backends.
"""

from __future__ import annotations

PREFERENCES = ("auto", "simpleaudio", "command", "bell", "off")
"""``auto`` picks the first that works of simpleaudio, a command and the bell."""
