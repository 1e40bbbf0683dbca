"""A long cue: every row of it is on screen, a cut one ends with ``…`` and ``i`` shows it whole."""

from __future__ import annotations

from typing import Any

import pytest
from textual.containers import VerticalScroll
from textual.widgets import Static

from stretchtimer.routines.model import HoldStep, Routine
from stretchtimer.session.clock import FakeClock
from stretchtimer.tui.display import fit_text
from stretchtimer.tui.modals import TextScreen
from stretchtimer.tui.runner import RunnerScreen
from stretchtimer.tui.widgets.footer import AppFooter
from tui_support import build

SENTENCE = "Sentence number {} tells you to keep breathing slowly and stay relaxed."
EIGHT = " ".join(SENTENCE.format(n) for n in range(1, 9))
SIX_SAME = " ".join([SENTENCE.format(1)] * 6)
ONE_WORD = "a" * 2000


def holding(cue: str) -> Routine:
    return Routine(id="cue", name="Cue", prepare=0, steps=(HoldStep("Breathe", 600, cue=cue),))


def footer_actions(app: Any) -> list[str]:
    return [key.action for key in app.screen.query_one(AppFooter).query("FooterKey")]


def shown_rows(screen: RunnerScreen) -> list[str]:
    """Return the rows of the cue the terminal shows (none below the screen's middle part)."""
    cue = screen.query_one("#cue", Static)
    main = screen.query_one("#main").region
    region = cue.region
    assert main.contains_region(region), "the cue runs out of the rows it has"
    return [line.strip() for line in str(cue.content).split("\n")][: region.height]


@pytest.mark.parametrize(
    ("cue", "size", "cut"),
    [
        (EIGHT, (80, 24), False),  # 8 lines in the 10 rows left
        (EIGHT, (60, 18), True),
        (SIX_SAME, (60, 18), False),  # 8 lines in 9 rows
        (ONE_WORD, (80, 24), True),
        (ONE_WORD, (60, 18), True),
        (EIGHT, (120, 40), False),
    ],
    ids=["eight-80x24", "eight-60x18", "six-60x18", "word-80x24", "word-60x18", "eight-120x40"],
)
async def test_the_cue_shows_every_row_and_ends_with_an_ellipsis_only_when_cut(
    cue: str, size: tuple[int, int], cut: bool
) -> None:
    app = build(holding(cue), FakeClock())
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, RunnerScreen)
        content = str(screen.query_one("#cue", Static).content).split("\n")
        rows = shown_rows(screen)
        assert len(rows) == len(content)  # no row of it hidden
        assert all(len(row) <= screen.query_one("#cue").region.width for row in content)
        assert screen.cue_cut is cut
        assert rows[-1].endswith("…") is cut
        assert ("show_cue" in footer_actions(app)) is cut
        if not cut:
            assert " ".join(rows) == cue
            await pilot.press("i")
            await pilot.pause()
            assert app.screen is screen  # nothing more to show


async def test_the_whole_cue_dialog_scrolls_to_the_end_in_a_small_terminal() -> None:
    app = build(holding(EIGHT), FakeClock())
    async with app.run_test(size=(60, 18)) as pilot:
        await pilot.pause()
        await pilot.press("i")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, TextScreen)
        body = dialog.query_one("#body", VerticalScroll)
        assert dialog.query_one("#dialog").region.contains_region(body.region)
        assert str(dialog.query_one("#text", Static).content) == EIGHT
        assert body.max_scroll_y > 0  # more than fits: it scrolls
        await pilot.press("end")
        await pilot.pause()
        assert body.scroll_y == body.max_scroll_y
        await pilot.press("home", "down")
        await pilot.pause()
        assert body.scroll_y == 1
        await pilot.press("pagedown")
        await pilot.pause()
        assert body.scroll_y > 1


@pytest.mark.parametrize("width", [1, 2, 3, 10, 72])
def test_fit_text_keeps_the_ellipsis_on_the_last_row(width: int) -> None:
    for text in (ONE_WORD, EIGHT, "aaa bbb ccc " * 50, "x. " * 300):
        wrapped, cut = fit_text(text, width, 4)
        lines = wrapped.split("\n")
        assert cut and len(lines) == 4 and lines[-1].endswith("…")
        assert all(len(line) <= width for line in lines)


@pytest.mark.parametrize("width", [3, 7, 10, 21, 40])
def test_fit_text_counts_wide_characters_as_two_cells(width: int) -> None:
    from rich.cells import cell_len

    cue = "壁に手をついて、左足を後ろに引きます。かかとを床につけたまま前に体重をかけます。" * 3
    wrapped, cut = fit_text(cue, width, 2)
    lines = wrapped.split("\n")
    assert cut and len(lines) == 2 and lines[-1].endswith("…")
    assert all(cell_len(line) <= width for line in lines)  # so no row wraps out of sight
