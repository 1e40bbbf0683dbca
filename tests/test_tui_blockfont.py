"""Unit tests of the countdown's block font and of the BigClock widget's repaint rules."""

from __future__ import annotations

from typing import Any

import pytest
from textual.app import App, ComposeResult
from textual.geometry import Region

from stretchtimer.tui.widgets.blockfont import (
    LETTERS,
    NORMAL,
    SMALL,
    changed_spans,
    fitting_scale,
    glyph,
    render,
    render_word,
    scale_height,
    text_width,
    word_glyph,
    word_width,
)
from stretchtimer.tui.widgets.countdown import BigClock

DIGITS = "0123456789"
SCALES = [0, 1, 2]
BLOCKS = {" ", "█", "▀", "▄"}


def pixels(rows: tuple[str, ...]) -> list[list[bool]]:
    """Return the drawing as pixels: two per cell, top half then bottom half."""
    out: list[list[bool]] = []
    for row in rows:
        out.append([char in "█▀" for char in row])
        out.append([char in "█▄" for char in row])
    return out


@pytest.mark.parametrize("scale", SCALES)
def test_every_digit_is_distinct(scale: int) -> None:
    drawn = {glyph(digit, scale) for digit in DIGITS}
    assert len(drawn) == len(DIGITS)


@pytest.mark.parametrize("scale", SCALES)
def test_digits_have_one_width_and_the_scale_height(scale: int) -> None:
    widths = {len(row) for digit in DIGITS for row in glyph(digit, scale)}
    assert len(widths) == 1
    assert all(len(glyph(digit, scale)) == scale_height(scale) for digit in DIGITS + ":")


def test_scale_sizes() -> None:
    assert [scale_height(scale) for scale in SCALES] == [3, 5, 10]
    assert [len(glyph("0", scale)[0]) for scale in SCALES] == [3, 6, 12]
    assert [text_width("00:00", scale) for scale in SCALES] == [17, 34, 68]
    assert text_width("100:00", 1) == 34 + 6 + 2


@pytest.mark.parametrize("scale", SCALES)
@pytest.mark.parametrize("text", ["00:00", "01:29", "59:59", "123:45", ""])
def test_render_is_a_rectangle_of_block_characters(scale: int, text: str) -> None:
    rows = render(text, scale)
    assert len(rows) == scale_height(scale)
    assert {len(row) for row in rows} == {text_width(text, scale)}
    assert set("".join(rows)) <= BLOCKS


@pytest.mark.parametrize("scale", SCALES)
def test_the_shown_time_changes_the_drawing(scale: int) -> None:
    seen = {render(f"00:{second:02d}", scale) for second in range(60)}
    assert len(seen) == 60


@pytest.mark.parametrize("scale", SCALES)
@pytest.mark.parametrize(
    ("before", "after"), [("09:55", "09:54"), ("09:50", "09:49"), ("10:00", "09:59")]
)
def test_changed_spans_cover_exactly_the_cells_that_changed(
    scale: int, before: str, after: str
) -> None:
    old, new = render(before, scale), render(after, scale)
    spans = changed_spans(old, new)
    for row, (a, b) in enumerate(zip(old, new, strict=True)):
        changed = [x for x, (p, q) in enumerate(zip(a, b, strict=True)) if p != q]
        expected = [(row, changed[0], changed[-1] + 1)] if changed else []
        assert [span for span in spans if span[0] == row] == expected


def test_changed_spans_of_the_last_digit_stay_in_its_columns() -> None:
    spans = changed_spans(render("09:55", 1), render("09:54", 1))
    last_digit = text_width("09:5", 1) + 2  # its left edge, after the gap
    assert spans and all(first >= last_digit for _, first, _ in spans)
    assert changed_spans(render("09:55", 1), render("09:55", 1)) == []


@pytest.mark.parametrize("char", list(DIGITS + ":"))
def test_doubling_keeps_the_shape(char: str) -> None:
    small, big = pixels(glyph(char, 1)), pixels(glyph(char, 2))
    assert len(big) == 2 * len(small)
    # every pixel became a 2x2 square: sampling one corner of each gives the original back
    assert [row[::2] for row in big[::2]] == small
    assert [row[1::2] for row in big[1::2]] == small


def test_fonts_cover_the_same_characters() -> None:
    assert set(SMALL) == set(NORMAL) == set(DIGITS + ": ")


WORD_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ/-◀▶"  # the phases, the rep count and the sides
PHASES = ["UP", "HOLD", "DOWN"]


def test_letters_cover_the_phase_words_and_the_slash() -> None:
    assert set(LETTERS) == set(WORD_CHARS)


def test_letters_are_distinct_from_each_other_and_from_the_digits() -> None:
    drawn = {word_glyph(char) for char in WORD_CHARS}
    assert len(drawn) == len(WORD_CHARS)
    # O and S may share the shapes of 0 and 5: read in a word of letters, they are letters
    digits = {word_glyph(digit) for digit in DIGITS}
    assert drawn & digits == {word_glyph("0"), word_glyph("5")}


@pytest.mark.parametrize("char", list(WORD_CHARS))
def test_letters_are_3_rows_of_one_width_in_solid_blocks(char: str) -> None:
    rows = word_glyph(char)
    assert len(rows) == 3 == scale_height(0)
    assert len({len(row) for row in rows}) == 1
    assert set("".join(rows)) <= BLOCKS
    # same baseline as the 3-row digits: the bottom row's lower half stays empty
    assert set(rows[2]) <= {" ", "▀"}
    # no blank column at either side (the gap between characters is the font's)
    assert any(row[0] != " " for row in rows) and any(row[-1] != " " for row in rows)


def test_letter_widths() -> None:
    assert {char: len(word_glyph(char)[0]) for char in "UPHOLDWN/"} == {
        "U": 3,
        "P": 3,
        "H": 3,
        "O": 3,
        "L": 3,
        "D": 3,
        "W": 5,
        "N": 4,
        "/": 3,
    }
    wide = {char for char in WORD_CHARS if len(word_glyph(char)[0]) != 3}
    assert wide == {"M", "N", "Q", "W", "◀", "▶"}
    assert [word_width(word) for word in PHASES] == [7, 15, 18]
    # the runner's least widths of #rep-box (REP_WIDTH) and #phase-box (PHASE_WIDTH, with "DOWN 9")
    assert max(word_width(word) for word in PHASES) == 18
    assert word_width("99/99") == 19
    assert word_width("9/10") == 15 and word_width("10/10") == 19


@pytest.mark.parametrize("text", [*PHASES, "1/5", "10/10", "hold", ""])
def test_render_word_is_a_rectangle_of_block_characters(text: str) -> None:
    rows = render_word(text)
    assert len(rows) == 3
    assert {len(row) for row in rows} == {word_width(text)}
    assert set("".join(rows)) <= BLOCKS


def test_render_word_uses_the_3_row_digits_and_upper_cases() -> None:
    assert render_word("7") == SMALL["7"]
    assert render_word("hold") == render_word("HOLD")
    pairs = zip(LETTERS["U"], LETTERS["P"], strict=True)
    assert render_word("UP") == tuple(" ".join(pair) for pair in pairs)
    assert len({render_word(word) for word in PHASES}) == 3
    assert word_glyph("?") == SMALL[" "]


def test_unknown_characters_draw_blank() -> None:
    assert glyph("x", 1) == glyph(" ", 1)
    assert set("".join(glyph("x", 1))) == {" "}


@pytest.mark.parametrize(
    ("text", "width", "height", "scale"),
    [
        ("00:00", 76, 5, 1),  # 80x24 with room kept for everything else
        ("00:00", 76, 9, 1),
        ("00:00", 76, 10, 2),
        ("00:00", 67, 10, 1),  # too narrow for the doubled font
        ("00:00", 116, 21, 2),  # never above the largest factor
        ("00:00", 76, 4, 0),  # too short: the 3-row font
        ("00:00", 10, 2, 0),  # nothing fits: still the 3-row font
        ("100:00", 72, 10, 1),  # a longer text needs more width
    ],
)
def test_fitting_scale(text: str, width: int, height: int, scale: int) -> None:
    assert fitting_scale(text, width, height) == scale


class ClockApp(App[None]):
    def compose(self) -> ComposeResult:
        yield BigClock("00:10", id="clock")


async def test_bigclock_repaints_only_when_text_or_scale_changes(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    app = ClockApp()
    async with app.run_test(size=(80, 24)) as pilot:
        clock = app.query_one(BigClock)
        await pilot.pause()
        assert (clock.region.width, clock.region.height) == (34, 5)
        refreshes: list[bool] = []
        real_refresh = clock.refresh

        regions: list[Region] = []

        def spy(*args: Any, layout: bool = False, **kwargs: Any) -> BigClock:
            refreshes.append(layout)
            regions.extend(args)
            return real_refresh(*args, layout=layout, **kwargs)

        monkeypatch.setattr(clock, "refresh", spy)
        clock.set_text("00:10")
        assert clock.fit(76, 5) == 1
        assert refreshes == []  # same text, same scale: nothing to do
        clock.set_text("00:09")
        assert refreshes == [False]  # same size: repaint without a layout pass
        # only the cells that changed: the seconds' digits, not the minutes or the colon
        assert regions and all(region.x >= text_width("00:", 1) for region in regions)
        await pilot.pause()
        assert [strip.text for strip in clock.render_lines(Region(0, 0, 34, 5))] == list(
            render("00:09", 1)
        )
        clock.set_text("100:00")
        assert refreshes == [False, True]  # wider: layout
        assert clock.fit(76, 10) == 1  # 84 columns at double size: too wide
        assert refreshes == [False, True]
        assert clock.fit(90, 10) == 2
        assert refreshes == [False, True, True]
        await pilot.pause()
        assert (clock.region.width, clock.region.height) == (84, 10)
        clock.set_text("99:59")
        assert clock.scale == 2
        assert clock.fit(40, 10) == 1
        await pilot.pause()
        assert (clock.region.width, clock.region.height) == (34, 5)
        assert "".join(clock.render().plain.split("\n")) == "".join(render("99:59", 1))
