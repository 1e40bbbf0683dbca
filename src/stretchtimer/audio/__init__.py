"""Cue sounds: which sound an engine event plays, and the backends that play it."""
