"""Plain-text columns for the commands' tables, measured in terminal cells, not characters.

A wide character (CJK, most emoji) takes two cells and a combining or zero-width one none, so
padding by ``len`` shifts every column after such a name. Widths come from the Unicode
database (East Asian Width and the general category), as terminals measure them; plain ASCII
text, the common case, is measured by its length.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence


def cell_width(text: str) -> int:
    """Return how many terminal cells ``text`` takes on one line.

    Args:
        text: text already made safe for a terminal (no control characters).
    """
    if text.isascii():
        return len(text)
    return sum(_char_width(char) for char in text)


def _char_width(char: str) -> int:
    import unicodedata

    if unicodedata.category(char) in ("Mn", "Me", "Cf"):  # combining, zero-width
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def cut(text: str, width: int) -> str:
    """Return ``text`` cut to at most ``width`` cells, ending with ``…`` when cut.

    Args:
        text: one line of text.
        width: the most cells it may take.
    """
    if cell_width(text) <= width:
        return text
    room, kept = max(width - 1, 0), 0
    for index, char in enumerate(text):
        kept += _char_width(char)
        if kept > room:
            return text[:index] + "…"
    return text + "…"  # pragma: no cover - only text wider than ``width`` gets here


def pad(text: str, width: int, *, right: bool = False) -> str:
    """Return ``text`` padded with spaces to ``width`` cells (on the left when ``right``)."""
    space = " " * max(width - cell_width(text), 0)
    return space + text if right else text + space


def table_lines(rows: Sequence[Sequence[str]], right: Collection[int] = ()) -> list[str]:
    """Return rows as lines of columns two spaces apart, each column as wide as its widest cell.

    Args:
        rows: the rows (a header first, if any), each with the same number of cells.
        right: the indexes of the columns aligned to the right (numbers, times).
    """
    if not rows:
        return []
    widths = [max(cell_width(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = []
    for row in rows:
        cells = [pad(cell, widths[i], right=i in right) for i, cell in enumerate(row)]
        lines.append("  ".join(cells).rstrip())
    return lines
