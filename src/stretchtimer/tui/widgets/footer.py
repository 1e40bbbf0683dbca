"""The footers: keys rebuilt once per batch of changes, and laid out for the terminal's width.

Textual's footer rebuilds its keys (makes, mounts and styles each again) after the next refresh
for each change of the screen's bindings: a screen's first frame has no keys, and a screen that
opens changes its bindings several times (the focus moves, a tab shows, an action's state
changes, a screen is pushed over it). :class:`KeysFooter` rebuilds as soon as the changes queued
with the first one are handled, once for them all, and not at all when the keys it would build
are the ones it shows.

:class:`AppFooter`: below 100 columns the keys are packed closer (Textual's compact footer);
below 80 the command palette hint goes (Ctrl+P still works, and the help lists it); below 70
the keys in :data:`NARROW_HIDDEN` go too (they still work, and the help lists them), so that
at 60 columns every other key of a screen still shows with its label.
"""

from __future__ import annotations

from collections.abc import Iterable

from textual import events
from textual.screen import Screen
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


class KeysFooter(Footer):
    """Textual's footer, rebuilt at once and only when what its keys are built from changed."""

    _rebuild_queued = False
    _built_from: object = None

    def compose(self) -> Iterable[Widget]:
        """Build the keys (Textual's footer), noting what they are built from."""
        self._built_from = self._keys_source() if self._bindings_ready else None
        yield from super().compose()

    def _keys_source(self) -> object:
        """Return what the keys are built from: the bindings shown, the palette's, the width."""
        palette = self.app.COMMAND_PALETTE_BINDING
        bindings = tuple(
            (key, binding, enabled, tooltip)
            for key, (_, binding, enabled, tooltip) in self.screen.active_bindings.items()
            if binding.show or key == palette
        )
        return bindings, self.show_command_palette, self.app.size.width

    def bindings_changed(self, screen: Screen[object]) -> None:
        """Rebuild the keys once the messages before are handled, unless a rebuild waits already.

        Args:
            screen: the screen whose bindings changed.
        """
        self._bindings_ready = True
        if self._rebuild_queued or not screen.app.app_focus:
            return
        if self.is_attached and screen is self.screen:
            self._rebuild_queued = True
            self.call_later(self._rebuild)

    async def _rebuild(self) -> None:
        self._rebuild_queued = False  # a change from here on queues the next rebuild
        if self.is_attached and self._keys_source() != self._built_from:
            await self.recompose()


class AppFooter(KeysFooter):
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
