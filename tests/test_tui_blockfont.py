"""Unit tests of the countdown's block font and of the BigClock widget's repaint rules."""

from __future__ import annotations

from typing import Any

import pytest
from textual.app import App, ComposeResult

from stretchtimer.tui.widgets.blockfont import (
    NORMAL,
    SMALL,
    fitting_scale,
    glyph,
    render,
    scale_height,
    text_width,
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


@pytest.mark.parametrize("char", list(DIGITS + ":"))
def test_doubling_keeps_the_shape(char: str) -> None:
    small, big = pixels(glyph(char, 1)), pixels(glyph(char, 2))
    assert len(big) == 2 * len(small)
    # every pixel became a 2x2 square: sampling one corner of each gives the original back
    assert [row[::2] for row in big[::2]] == small
    assert [row[1::2] for row in big[1::2]] == small


def test_fonts_cover_the_same_characters() -> None:
    assert set(SMALL) == set(NORMAL) == set(DIGITS + ": ")


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

        def spy(*args: Any, layout: bool = False, **kwargs: Any) -> BigClock:
            refreshes.append(layout)
            return real_refresh(*args, layout=layout, **kwargs)

        monkeypatch.setattr(clock, "refresh", spy)
        clock.set_text("00:10")
        assert clock.fit(76, 5) == 1
        assert refreshes == []  # same text, same scale: nothing to do
        clock.set_text("00:09")
        assert refreshes == [False]  # same size: repaint without a layout pass
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
