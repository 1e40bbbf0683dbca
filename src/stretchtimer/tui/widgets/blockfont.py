"""A solid block font for the countdown: digits and a colon drawn with █, ▀ and ▄.

Two hand-drawn sizes: a 3-row font for very short terminals and a 5-row font, which is also
scaled up by whole factors (2 gives 10 rows) for big terminals; even factors keep
the shapes exact (odd ones above 1 make the rounded corners lumpy). Each character cell
holds two "pixels" (its top and bottom half), so scaling works on pixels: every pixel becomes a
``factor`` x ``factor`` square of pixels, and the result is drawn with half blocks again.

A *scale* is an int: ``0`` is the 3-row font, ``n >= 1`` the 5-row font times ``n``.

Short words (the paced-reps count ``3/10`` and the tempo phase ``UP`` / ``HOLD`` / ``DOWN``) are
drawn by :func:`render_word` in the 3-row style: the 3-row digits plus the letters in
:data:`LETTERS`, all on the same baseline (the bottom row's lower half stays empty).
Pure functions only (no textual), so the font is unit-tested on its own.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import cache, lru_cache

SMALL: dict[str, tuple[str, str, str]] = {
    "0": ("█▀█", "█ █", "▀▀▀"),
    "1": ("▄█ ", " █ ", "▀▀▀"),
    "2": ("▀▀█", "█▀▀", "▀▀▀"),
    "3": ("▀▀█", " ▀█", "▀▀▀"),
    "4": ("█ █", "▀▀█", "  ▀"),
    "5": ("█▀▀", "▀▀█", "▀▀▀"),
    "6": ("█▀▀", "█▀█", "▀▀▀"),
    "7": ("▀▀█", "  █", "  ▀"),
    "8": ("█▀█", "█▀█", "▀▀▀"),
    "9": ("█▀█", "▀▀█", "▀▀▀"),
    ":": ("▄", "▄", " "),
    " ": ("   ", "   ", "   "),
}
"""The 3-row font: digits 3 columns wide."""

LETTERS: dict[str, tuple[str, str, str]] = {
    "A": ("█▀█", "█▀█", "▀ ▀"),
    "B": ("█▀▄", "█▀▄", "▀▀ "),
    "C": ("█▀▀", "█  ", "▀▀▀"),
    "D": ("█▀▄", "█ █", "▀▀ "),
    "E": ("█▀▀", "█▀▀", "▀▀▀"),
    "F": ("█▀▀", "█▀▀", "▀  "),
    "G": ("█▀▀", "█ █", "▀▀▀"),
    "H": ("█ █", "█▀█", "▀ ▀"),
    "I": ("▀█▀", " █ ", "▀▀▀"),
    "J": ("  █", "▄ █", "▀▀▀"),
    "K": ("█ █", "█▀▄", "▀ ▀"),
    "L": ("█  ", "█  ", "▀▀▀"),
    "M": ("█▄ ▄█", "█ ▀ █", "▀   ▀"),
    "N": ("█▄ █", "█ ▀█", "▀  ▀"),
    "O": ("█▀█", "█ █", "▀▀▀"),
    "P": ("█▀█", "█▀▀", "▀  "),
    "Q": ("█▀█ ", "█ █ ", "▀▀▀▀"),
    "R": ("█▀█", "█▀▄", "▀ ▀"),
    "S": ("█▀▀", "▀▀█", "▀▀▀"),
    "T": ("▀█▀", " █ ", " ▀ "),
    "U": ("█ █", "█ █", "▀▀▀"),
    "V": ("█ █", "█ █", " ▀ "),
    "W": ("█   █", "█ █ █", "▀▀ ▀▀"),
    "X": ("█ █", "▄▀▄", "▀ ▀"),
    "Y": ("█ █", "▀█▀", " ▀ "),
    "Z": ("▀▀█", "▄▀ ", "▀▀▀"),
    "/": ("  █", "▄▀ ", "▀  "),
    "-": ("   ", "▀▀▀", "   "),
    "◀": (" ▄▄█", "▀███", "   ▀"),
    "▶": ("█▄▄ ", "███▀", "▀   "),
}
"""Letters (and ``/``, ``-`` and the side arrows) in the 3-row style, for :func:`render_word`:
3 columns wide, except ``M`` and ``W`` (5), ``N``, ``Q`` and the arrows (4), which need the room
to read as themselves."""

NORMAL: dict[str, tuple[str, str, str, str, str]] = {
    "0": ("▄████▄", "██  ██", "██  ██", "██  ██", "▀████▀"),
    "1": ("▄███  ", "  ██  ", "  ██  ", "  ██  ", "██████"),
    "2": ("▄████▄", "▀▀  ██", " ▄██▀ ", "██▀   ", "██████"),
    "3": ("▄████▄", "▀▀  ██", "  ████", "▄▄  ██", "▀████▀"),
    "4": ("██  ██", "██  ██", "██████", "    ██", "    ██"),
    "5": ("██████", "██    ", "█████▄", "▄▄  ██", "▀████▀"),
    "6": ("▄████▄", "██    ", "█████▄", "██  ██", "▀████▀"),
    "7": ("██████", "    ██", "  ▄█▀ ", "  ██  ", "  ██  "),
    "8": ("▄████▄", "██  ██", " ████ ", "██  ██", "▀████▀"),
    "9": ("▄████▄", "██  ██", "▀█████", "    ██", "▀████▀"),
    ":": ("  ", "██", "  ", "██", "  "),
    " ": ("      ", "      ", "      ", "      ", "      "),
}
"""The 5-row font: digits 6 columns wide, strokes two columns (one row) thick."""

SMALL_GAP = 1
"""Columns between two characters in the 3-row font."""
NORMAL_GAP = 2
"""Columns between two characters in the 5-row font (times the factor)."""

_TOP = {" ": False, "▀": True, "▄": False, "█": True}
_BOTTOM = {" ": False, "▀": False, "▄": True, "█": True}
_CELL = {(False, False): " ", (True, False): "▀", (False, True): "▄", (True, True): "█"}


def scale_height(scale: int) -> int:
    """Return how many rows text drawn at ``scale`` takes.

    Args:
        scale: 0 for the 3-row font, n >= 1 for the 5-row font times n.
    """
    return 3 if scale <= 0 else 5 * scale


def _font(scale: int) -> tuple[Mapping[str, tuple[str, ...]], int]:
    if scale <= 0:
        return SMALL, SMALL_GAP
    return NORMAL, NORMAL_GAP * scale


def _enlarge(glyph: tuple[str, ...], factor: int) -> tuple[str, ...]:
    """Return ``glyph`` with every pixel made ``factor`` times wider and taller."""
    if factor == 1:
        return glyph
    pixels: list[list[bool]] = []
    for line in glyph:
        top = [_TOP[char] for char in line for _ in range(factor)]
        bottom = [_BOTTOM[char] for char in line for _ in range(factor)]
        pixels.extend([top] * factor)
        pixels.extend([bottom] * factor)
    return tuple(
        "".join(_CELL[upper, lower] for upper, lower in zip(pixels[i], pixels[i + 1], strict=True))
        for i in range(0, len(pixels), 2)
    )


@cache
def glyph(char: str, scale: int) -> tuple[str, ...]:
    """Return one character drawn at ``scale``, as rows of equal width.

    Characters outside the font are drawn blank, as wide as a digit.

    Args:
        char: a digit, ``:`` or a space.
        scale: 0 for the 3-row font, n >= 1 for the 5-row font times n.
    """
    font, _gap = _font(scale)
    drawn = font.get(char, font[" "])
    return _enlarge(drawn, max(scale, 1))


@lru_cache(maxsize=64)  # a countdown draws each text twice (to compare, then to show)
def render(text: str, scale: int) -> tuple[str, ...]:
    """Return ``text`` drawn in the block font, one string per row (all the same width).

    Args:
        text: digits and colons, e.g. ``01:30``.
        scale: 0 for the 3-row font, n >= 1 for the 5-row font times n.
    """
    _font_map, gap = _font(scale)
    glyphs = [glyph(char, scale) for char in text]
    if not glyphs:
        return ("",) * scale_height(scale)
    spacer = " " * gap
    return tuple(spacer.join(rows) for rows in zip(*glyphs, strict=True))


def changed_spans(before: Sequence[str], after: Sequence[str]) -> list[tuple[int, int, int]]:
    """Return where two drawings of one size differ: ``(row, first column, end column)``.

    One span per row that changed, from its first to its last changed cell (the end is
    exclusive); rows that stay the same are left out. From ``09:55`` to ``09:54`` that is the
    last digit's columns in three rows of five.

    Args:
        before: the rows drawn before (as :func:`render` returns them).
        after: the rows drawn now, as many and as wide.
    """
    spans = []
    for row, (old, new) in enumerate(zip(before, after, strict=True)):
        if old == new:
            continue
        first, end = 0, len(new)
        while old[first] == new[first]:
            first += 1
        while old[end - 1] == new[end - 1]:
            end -= 1
        spans.append((row, first, end))
    return spans


def text_width(text: str, scale: int) -> int:
    """Return how many columns :func:`render` uses for ``text`` at ``scale``.

    Args:
        text: digits and colons.
        scale: 0 for the 3-row font, n >= 1 for the 5-row font times n.
    """
    _font_map, gap = _font(scale)
    if not text:
        return 0
    return sum(len(glyph(char, scale)[0]) for char in text) + gap * (len(text) - 1)


def fitting_scale(text: str, width: int, height: int, *, largest: int = 2) -> int:
    """Return the largest scale at which ``text`` fits in ``width`` x ``height`` cells.

    Falls back to 0 (the 3-row font) when nothing bigger fits, even if that does not fit either.

    Args:
        text: the text to draw (its length matters, e.g. ``100:00`` is wider).
        width: columns available.
        height: rows available.
        largest: the largest factor to consider.
    """
    for scale in range(largest, 0, -1):
        if scale_height(scale) <= height and text_width(text, scale) <= width:
            return scale
    return 0


def word_glyph(char: str) -> tuple[str, str, str]:
    """Return one character of a word in the 3-row style.

    Characters outside :data:`LETTERS` and the 3-row digits are drawn blank, as wide as a digit.

    Args:
        char: a letter of :data:`LETTERS` (either case), a digit, ``/``, ``:`` or a space.
    """
    upper = char.upper()
    return LETTERS.get(upper) or SMALL.get(upper, SMALL[" "])


def render_word(text: str) -> tuple[str, str, str]:
    """Return ``text`` drawn in the 3-row block style, as three rows of the same width.

    Args:
        text: a short word or count, e.g. ``HOLD`` or ``3/10``.
    """
    glyphs = [word_glyph(char) for char in text]
    if not glyphs:
        return "", "", ""
    spacer = " " * SMALL_GAP
    top, middle, bottom = (spacer.join(rows) for rows in zip(*glyphs, strict=True))
    return top, middle, bottom


def render_word_at(text: str, factor: int) -> tuple[str, ...]:
    """Return ``text`` drawn by :func:`render_word`, every pixel made ``factor`` times bigger.

    Args:
        text: a short word or count.
        factor: 1 for the 3-row style, 2 for 6 rows, and so on.
    """
    return _enlarge(render_word(text), max(factor, 1))


def word_width(text: str) -> int:
    """Return how many columns :func:`render_word` uses for ``text``.

    Args:
        text: a short word or count.
    """
    if not text:
        return 0
    return sum(len(word_glyph(char)[0]) for char in text) + SMALL_GAP * (len(text) - 1)
