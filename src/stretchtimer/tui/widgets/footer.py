"""The footer of every screen, laid out for the terminal's width.

Below 100 columns the keys are packed closer (Textual's compact footer); below 80 the command
palette hint goes (Ctrl+P still works, and the help lists it); below 70 the keys in
:data:`NARROW_HIDDEN` go too (they still work, and the help lists them), so that at 60 columns
every other key of a screen still shows with its label.
"""

from __future__ import annotations

from collections.abc import Iterable

from textual import events
from textual.widget import Widget
from textual.widgets import Footer

COMPACT_BELOW = 100
"""Columns under which the keys are packed closer."""
PALETTE_HINT_FROM = 80
"""Columns from which the ``^p palette`` hint is shown."""
NARROW_BELOW = 70
"""Columns under which the keys of :data:`NARROW_HIDDEN` leave the footer."""
NARROW_HIDDEN = frozenset({"reload"})
"""Actions whose keys leave a narrow footer: reading the routines again also happens by
itself when the folder changes."""


class AppFooter(Footer):
    """A footer that packs its keys closer on narrow terminals."""

    def compose(self) -> Iterable[Widget]:
        """Build the keys, leaving out the ones a narrow footer has no room for."""
        narrow = self.app.size.width < NARROW_BELOW
        for widget in super().compose():
            if narrow and getattr(widget, "action", None) in NARROW_HIDDEN:  # a FooterKey
                continue
            yield widget

    def on_mount(self) -> None:
        """Lay out for the size the app has now."""
        self._fit(self.app.size.width)

    def on_resize(self, event: events.Resize) -> None:
        """Lay out again for the new width."""
        self._fit(event.size.width)

    def _fit(self, width: int) -> None:
        self.compact = width < COMPACT_BELOW
        self.show_command_palette = width >= PALETTE_HINT_FROM
        narrow = width < NARROW_BELOW
        if narrow != getattr(self, "_narrow", None):
            self._narrow = narrow
            self.refresh(recompose=True)
