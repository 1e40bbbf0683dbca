"""The one-line label drawn through the line API: what it shows and when it asks for a layout."""

from __future__ import annotations

from typing import Any

import pytest
from textual.app import App, ComposeResult
from textual.geometry import Region
from textual.widgets import Label

from stretchtimer.tui.widgets.ticker import TickerLabel


class TwoLabels(App[None]):
    CSS = "#times, #label { color: $text-muted; margin-left: 1; }"

    def compose(self) -> ComposeResult:
        yield TickerLabel("0:42 · 9:18 left", id="times")
        yield Label("0:42 · 9:18 left", id="label")


async def test_it_draws_what_a_label_draws() -> None:
    app = TwoLabels()
    async with app.run_test(size=(40, 5)) as pilot:
        await pilot.pause()
        ticker, label = app.query_one(TickerLabel), app.query_one(Label)
        assert ticker.region.size == label.region.size
        for text in ("0:43 · 9:17 left", "10:00 · 0:00 left"):
            ticker.update(text)
            label.update(text)
            await pilot.pause()
            assert ticker.region.size == label.region.size
            mine = ticker.render_lines(Region(0, 0, *ticker.size))
            theirs = label.render_lines(Region(0, 0, *label.size))
            assert [list(strip) for strip in mine] == [list(strip) for strip in theirs]


async def test_a_layout_pass_only_when_the_width_changes(monkeypatch: pytest.MonkeyPatch) -> None:
    app = TwoLabels()
    async with app.run_test(size=(40, 5)) as pilot:
        await pilot.pause()
        ticker = app.query_one(TickerLabel)
        layouts: list[bool] = []
        real_refresh = ticker.refresh

        def spy(*args: Any, layout: bool = False, **kwargs: Any) -> TickerLabel:
            layouts.append(layout)
            return real_refresh(*args, layout=layout, **kwargs)

        monkeypatch.setattr(ticker, "refresh", spy)
        ticker.update("0:42 · 9:18 left")
        assert layouts == []  # the same text: nothing to do
        ticker.update("0:43 · 9:17 left")
        assert layouts == [False]
        ticker.update("0:44 · 10:16 left")
        assert layouts == [False, True]
        await pilot.pause()
        assert ticker.text == "0:44 · 10:16 left"
        assert ticker.region.width == len("0:44 · 10:16 left")
