"""Widgets of the stretchtimer UI."""
