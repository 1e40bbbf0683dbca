"""Screen-stack guards: a screen dismisses only itself, and only once.

Textual's ``Screen.dismiss()`` pops whatever screen is on top of the stack. Keys typed faster
than the app handles them (two Enters in the command palette, Esc twice on a dialog) can make a
screen dismiss itself a second time after it is gone, which then pops the screen below it: the
runner (killing a session), or the last screen (an error). Every screen of the app that can be
dismissed takes :class:`DismissOnce` first in its bases; the app's command palette is
:class:`GuardedCommandPalette`.
"""

from __future__ import annotations

from typing import Any

from textual.await_complete import AwaitComplete
from textual.command import CommandPalette
from textual.events import Mount
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Input, OptionList


def nothing() -> AwaitComplete:
    """Return an already completed awaitable: what a refused stack change gives back."""
    done: AwaitComplete = AwaitComplete.nothing()  # type: ignore[no-untyped-call]
    return done


class DismissOnce:
    """Mixin for a :class:`~textual.screen.Screen`: ``dismiss`` acts only while it is on top.

    A second dismiss (the screen is already leaving), or one asked for while another screen is
    above it, does nothing, so it can never pop a screen that is not this one.
    """

    def dismiss(self, result: Any = None) -> AwaitComplete:
        """Dismiss this screen with a result, if it is the active screen; else do nothing.

        Args:
            result: passed to the callback given to ``push_screen``.
        """
        assert isinstance(self, Screen)
        if not self.is_active:
            return nothing()
        dismiss = super().dismiss  # type: ignore[misc]
        answer: AwaitComplete = dismiss(result)
        return answer


class GuardedCommandPalette(DismissOnce, CommandPalette):
    """Textual's command palette, closed at most once (Enter typed twice quickly).

    It also does not start listing commands when it is mounted as the app exits (Ctrl+P then
    Ctrl+C typed together): Textual then mounts it without its children, and the palette's
    own mount handler fails looking for its list (reported upstream with the stack fix).
    """

    def _on_mount(self, event: Mount) -> None:
        if self.is_attached:
            super()._on_mount(event)

    def _ignore_once_closed(self, event: Message) -> None:
        """Drop a message that reaches the palette after it was closed (or the app exits).

        Keys typed with the closing one are still handled by the palette as it goes: a search
        started then would look for the palette's list after it is gone, and a second
        selection would run its command twice.
        """
        if not self.is_active or not self.is_attached:  # closed, or the app is exiting
            event.prevent_default()
            event.stop()

    def on_input_changed(self, event: Input.Changed) -> None:
        """Search only while the palette is open."""
        self._ignore_once_closed(event)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Run a command only while the palette is open."""
        self._ignore_once_closed(event)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """Run a command only while the palette is open."""
        self._ignore_once_closed(event)
