"""The one rule that keeps user text from driving a terminal: which characters are unsafe."""

from __future__ import annotations

import re
import sys

from stretchtimer.safe_text import UNSAFE_CHARS, first_unsafe, visible

UNSAFE = re.compile(f"[{UNSAFE_CHARS}]")


def test_no_unsafe_character_counts_as_printable() -> None:
    """first_unsafe trusts str.isprintable() to clear text at once: that must never hide one."""
    unsafe = [chr(code) for code in range(sys.maxunicode + 1) if UNSAFE.match(chr(code))]
    assert len(unsafe) > 2000  # the C0 and C1 controls, the bidi controls, the surrogates
    assert [char for char in unsafe if char.isprintable()] == []


def test_first_unsafe_finds_each_unsafe_character_among_printable_text() -> None:
    for code in (0x1B, 0x07, 0x7F, 0x9B, 0x202E, 0x2066, 0xD800):
        text = f"Calf stretch {chr(code)} left"
        assert first_unsafe(text) == 13, hex(code)
        assert chr(code) not in visible(text)


def test_printable_text_and_tabs_or_newlines_are_safe() -> None:
    assert first_unsafe("Wadenstretch · lehnen Sie sich an die Wand ✓") is None
    assert first_unsafe("Hold\tthe stretch\nthen switch") is None
