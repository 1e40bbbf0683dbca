"""stretchtimer: a guided stretching-routine timer for the terminal."""

__version__ = "0.1.0"
