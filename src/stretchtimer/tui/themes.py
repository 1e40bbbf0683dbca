"""The app's own themes, registered through Textual's theme API."""

from __future__ import annotations

from textual.theme import Theme

STRETCHTIMER_DARK = Theme(
    name="stretchtimer",
    primary="#5FB3B3",
    secondary="#6C8EBF",
    accent="#C594C5",
    warning="#F0B45A",
    error="#EC5F67",
    success="#99C794",
    foreground="#D8DEE9",
    background="#1B2430",
    surface="#223040",
    panel="#2B3A4D",
    dark=True,
    variables={
        "footer-key-foreground": "#5FB3B3",
        "block-cursor-background": "#5FB3B3",
        "block-cursor-foreground": "#1B2430",
        "block-cursor-text-style": "bold",
    },
)

STRETCHTIMER_LIGHT = Theme(
    name="stretchtimer-light",
    primary="#2C7A7B",
    secondary="#3B5F94",
    accent="#8E4C8E",
    warning="#B7791F",
    error="#C53030",
    success="#2F855A",
    foreground="#1F2933",
    background="#F4F1EA",
    surface="#EAE5DA",
    panel="#DDD6C8",
    dark=False,
    variables={
        "footer-key-foreground": "#2C7A7B",
        "block-cursor-background": "#2C7A7B",
        "block-cursor-foreground": "#F4F1EA",
        "block-cursor-text-style": "bold",
    },
)

THEMES: tuple[Theme, ...] = (STRETCHTIMER_DARK, STRETCHTIMER_LIGHT)
