"""Columns measured in terminal cells: wide, combining and zero-width characters line up."""

from __future__ import annotations

import pytest

from stretchtimer.columns import cell_width, cut, pad, table_lines


@pytest.mark.parametrize(
    ("text", "cells"),
    [
        ("Calf", 4),
        ("日本語", 6),  # wide: two cells each
        ("Cafe\u0301", 4),  # a combining accent takes none
        ("a\u200bb", 2),  # a zero-width space takes none
        ("Mollet ✓", 8),
        ("", 0),
    ],
)
def test_cell_width(text: str, cells: int) -> None:
    assert cell_width(text) == cells


def test_cut_never_exceeds_the_width_and_marks_the_cut() -> None:
    assert cut("abcdef", 4) == "abc…"
    assert cut("abc", 3) == "abc"
    assert cut("日本語のルーチン", 7) == "日本語…"  # 6 cells + the ellipsis
    assert cut("日本語のルーチン", 8) == "日本語…"  # a wide character never half fits
    for width in range(1, 12):
        assert cell_width(cut("日本語のルーチン x", width)) <= width


def test_pad_and_table_lines_line_columns_up_in_cells() -> None:
    assert pad("日本", 6) == "日本  " and pad("7", 3, right=True) == "  7"
    lines = table_lines(
        [("ID", "NAME", "TIME"), ("a", "日本語のルーチン", "1:00"), ("b", "Cafe\u0301", "12:00")],
        right={2},
    )
    assert lines == [
        "ID  NAME               TIME",
        "a   日本語のルーチン   1:00",
        "b   Cafe\u0301              12:00",
    ]
    assert len({cell_width(line) for line in lines}) == 1
    assert table_lines([]) == []
