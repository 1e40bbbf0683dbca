r"""The one rule for user text on its way to a terminal: unsafe characters are made visible.

A routine is a file people share, and a history holds whatever those files said, so any text
that came from a file, a config or the history may carry characters that drive a terminal: C0
and C1 control characters (escape sequences that set the window title, clear the screen or
write the clipboard), bidirectional overrides that reorder what is shown, and lone surrogates
that cannot be encoded at all. The loader refuses them in routine files; everything printed or
shown still passes through :func:`visible`, so a new output path cannot forget it and old
history rows are safe too.

``visible`` replaces each unsafe character with its escape as Python would write it
(``\x1b``, ``\u202e``, ``\udc80``), so the user sees that something was there.
"""

from __future__ import annotations

import re

__all__ = [
    "UNSAFE_CHARS",
    "first_unsafe",
    "first_unsafe_in_line",
    "is_unsafe",
    "json_escaped",
    "spreadsheet_cell",
    "visible",
    "visible_line",
]

UNSAFE_CHARS = (
    "\x00-\x08\x0b-\x1f"  # C0 controls but tab (\x09) and newline (\x0a)
    "\x7f-\x9f"  # DEL and the C1 controls
    "\u202a-\u202e"  # bidirectional embeddings and overrides
    "\u2066-\u2069"  # bidirectional isolates
    "\ud800-\udfff"  # lone surrogates (never valid in text read from UTF-8)
)
"""A regular-expression character class (without brackets) of the characters never shown raw."""

# Patterns, not compiled here: every command imports this module, most print only printable
# text (which str.isprintable() clears at once) and compiling these classes costs a millisecond.
# re compiles each on first use and keeps it.
_UNSAFE = f"[{UNSAFE_CHARS}]"
_UNSAFE_IN_LINE = f"[{UNSAFE_CHARS}\t\n]"


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    code = ord(char)
    if char == "\t":
        return " "
    if char == "\n":
        return " "
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def is_unsafe(char: str) -> bool:
    """Return True when ``char`` (one character) must never reach a terminal raw.

    Args:
        char: a single character.
    """
    return re.match(_UNSAFE, char) is not None


def first_unsafe(text: str) -> int | None:
    """Return the index of the first unsafe character of ``text``, or None when it has none.

    Args:
        text: any text.
    """
    if text.isprintable():  # the common case, in one quick pass: every unsafe character is
        return None  # one Python does not count as printable (a test holds this)
    match = re.search(_UNSAFE, text)
    return None if match is None else match.start()


def first_unsafe_in_line(text: str) -> int | None:
    """Return the index of the first character that may not stand in one line of text, or None.

    That is an unsafe character (see :func:`first_unsafe`), a tab or a newline: what a value
    that goes into one line of a file another program reads (a systemd unit, a crontab) must
    not hold.

    Args:
        text: any text.
    """
    if text.isprintable():
        return None
    match = re.search(_UNSAFE_IN_LINE, text)
    return None if match is None else match.start()


def visible(text: str) -> str:
    """Return ``text`` with every unsafe character replaced by its visible escape.

    Tabs and newlines are kept. Text without unsafe characters is returned as it is.

    Args:
        text: text from a file, a config or the history.
    """
    if text.isprintable() or re.search(_UNSAFE, text) is None:
        return text
    return re.sub(_UNSAFE, _escape, text)


def visible_line(text: str) -> str:
    """Return ``text`` made safe and folded onto one line (tabs and newlines become spaces).

    Args:
        text: text from a file, a config or the history.
    """
    if text.isprintable() or re.search(_UNSAFE_IN_LINE, text) is None:
        return text
    return re.sub(_UNSAFE_IN_LINE, _escape, text)


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
"""What makes a spreadsheet read a cell as a formula (OWASP's list for CSV injection)."""


def spreadsheet_cell(text: str) -> str:
    """Return ``text`` safe to put in a CSV cell a spreadsheet will open.

    Unsafe characters are made visible as by :func:`visible`; then a cell that starts with
    ``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets a leading ``'``, so a
    spreadsheet shows it as text instead of running it as a formula (OWASP's rule for CSV
    injection). Numbers and dates written by the app never start that way.

    Args:
        text: text from a routine, a config or the history.
    """
    text = visible(text)
    return "'" + text if text.startswith(_FORMULA_START) else text


def json_escaped(dumped: str) -> str:
    r"""Return JSON text with every unsafe character written as a ``\uXXXX`` escape.

    ``json.dumps(..., ensure_ascii=False)`` escapes only the C0 controls; C1 controls, bidi
    overrides and lone surrogates would pass raw. Escaped, the JSON holds exactly the same
    values and is safe to print (and encodable, even with a lone surrogate).

    Args:
        dumped: text made by ``json.dumps``.
    """
    if dumped.isprintable() or re.search(_UNSAFE, dumped) is None:
        return dumped
    return re.sub(_UNSAFE, lambda m: f"\\u{ord(m.group()):04x}", dumped)
