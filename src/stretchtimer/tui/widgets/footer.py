"""The footer of every screen, laid out for the terminal's width.

Below 80 columns the keys are packed closer (Textual's compact footer) and the command palette
hint goes (Ctrl+P still works, and the help lists it), so that at 60 columns every key of a
screen still shows with its label.
"""

from __future__ import annotations

from textual import events
from textual.widgets import Footer

COMPACT_BELOW = 80
"""Columns under which the keys are packed closer."""
PALETTE_HINT_FROM = 80
"""Columns from which the ``^p palette`` hint is shown."""


class AppFooter(Footer):
    """A footer that packs its keys closer on narrow terminals."""

    def on_mount(self) -> None:
        """Lay out for the size the app has now."""
        self._fit(self.app.size.width)

    def on_resize(self, event: events.Resize) -> None:
        """Lay out again for the new width."""
        self._fit(event.size.width)

    def _fit(self, width: int) -> None:
        self.compact = width < COMPACT_BELOW
        self.show_command_palette = width >= PALETTE_HINT_FROM
