"""The footers: the keys in their screen's first frame, composed again only when they change.

Textual's footer composes its keys only once its screen has announced its bindings, a frame
after the rest of the screen, and composes them again (makes, mounts and styles each key) after
a refresh at every announcement: the focus moved, a tab showed, an action's state changed, a
dialog opened or closed, whether the keys changed or not; a screen that opens announces several
times. :class:`KeysFooter` composes its keys with its screen, so they are in the screen's first
frame, and again at most once per batch of announcements, and only when what it shows changed.

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
    """Textual's footer, its keys composed with its screen and again only when they change."""

    def __init__(self) -> None:
        """Create the footer."""
        super().__init__()
        # The keys are read from the screen as the footer is composed with it: the screen's
        # bindings are all there by then (the focused widget's, hidden ones, come later).
        self.set_reactive(Footer._bindings_ready, True)
        self._composed: tuple[object, ...] | None = None
        """What the keys composed last show (see :meth:`_showing`)."""
        self._rebuild_queued = False

    def compose(self) -> Iterable[Widget]:
        """Build the keys (Textual's footer), noting what they show."""
        self._composed = self._showing()
        yield from super().compose()

    def _showing(self) -> tuple[object, ...]:
        """Return what composing the keys now would show: the keys shown, and the palette's."""
        palette = self.app.COMMAND_PALETTE_BINDING
        keys = tuple(
            (key, active.binding, active.enabled, active.tooltip)
            for key, active in self.screen.active_bindings.items()
            if active.binding.show or key == palette
        )
        return self.show_command_palette, keys

    def bindings_changed(self, screen: Screen[object]) -> None:
        """Compose the keys again once the messages before are handled, if what they show changed.

        Args:
            screen: the screen whose bindings changed.
        """
        if self._rebuild_queued or not screen.app.app_focus:
            return
        if self.is_attached and screen is self.screen and self._showing() != self._composed:
            self._rebuild_queued = True
            self.call_later(self._rebuild)

    async def _rebuild(self) -> None:
        self._rebuild_queued = False  # a change from here on queues the next rebuild
        if self.is_attached and self._showing() != self._composed:
            await self.recompose()


class AppFooter(KeysFooter):
    """A footer that packs its keys closer on narrow terminals."""

    def __init__(self) -> None:
        """Create the footer."""
        super().__init__()
        self._narrow: bool | None = None

    def compose(self) -> Iterable[Widget]:
        """Build the keys for the width, leaving out those a narrow footer has no room for."""
        self._fit(self.app.size.width, composing=True)
        for widget in super().compose():
            action = getattr(widget, "action", None)  # a FooterKey
            if action is not None:
                if self._narrow and action in NARROW_HIDDEN:
                    continue
                if self.compact:  # the class its ``compact`` sets once mounted, set before it
                    widget.add_class("-compact", update=False)  # is styled (not after)
            yield widget

    def on_resize(self, event: events.Resize) -> None:
        """Lay out again for the new width."""
        self._fit(event.size.width)

    def _showing(self) -> tuple[object, ...]:
        """Return what composing the keys now would show, the narrow layout included."""
        return (self._narrow, *super()._showing())

    def _fit(self, width: int, *, composing: bool = False) -> None:
        """Pack the keys for ``width`` columns; compose them again if that changes them."""
        compact = width < COMPACT_BELOW
        palette = width >= PALETTE_HINT_FROM
        if composing:  # set before the keys are made (they follow ``compact``), no refresh
            self.set_reactive(Footer.compact, compact)
            self.set_reactive(Footer.show_command_palette, palette)
            self.set_class(compact, "-compact", update=False)
        else:
            self.compact = compact
            self.show_command_palette = palette
        self._narrow = width < NARROW_BELOW
        if not composing and self._composed is not None and self._showing() != self._composed:
            self.refresh(recompose=True)
