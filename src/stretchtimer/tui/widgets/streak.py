"""A one-line label with today against the goal and both streaks, read from the history."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from textual import work
from textual.message import Message
from textual.widgets import Label

from stretchtimer import goals, locations
from stretchtimer.config import Settings, load_settings


class StreakLabel(Label):
    """Shows today against the goal and both streaks, read from the history on a worker thread.

    The text is :func:`stretchtimer.goals.progress_text`, the same line as elsewhere.

    Args:
        wait: called on the worker before reading, e.g. to let a session's last write land.
        today: the local date (injectable for tests).
        compact: the short line (:func:`stretchtimer.goals.compact_text`), for a top bar.
        read_on_mount: read at once; False when the owner calls :meth:`reload` when it suits.
    """

    def __init__(
        self,
        *,
        wait: Callable[[], object] | None = None,
        today: Callable[[], date] = date.today,
        id: str | None = None,
        compact: bool = False,
        read_on_mount: bool = True,
    ) -> None:
        super().__init__("", id=id, markup=False)
        self._wait = wait
        self._today = today
        self._text = goals.compact_text if compact else goals.progress_text
        self._read_on_mount = read_on_mount

    class Shown(Message):
        """The label shows a new line (its width may have changed)."""

    def _show(self, text: str) -> None:
        self.update(text)
        self.post_message(self.Shown())

    def on_mount(self) -> None:
        """Read the streaks once the widget is on screen (unless the owner says when)."""
        if self._read_on_mount:
            self.reload()

    @work(thread=True, exclusive=True, group="streak")
    def reload(self) -> None:
        """Read the history again (off the event loop) and show the result."""
        # imported here, on the worker: not before the first frame
        from stretchtimer.history.store import HistoryStore, HistoryUnavailable

        if self._wait is not None:
            self._wait()
        settings = getattr(self.app, "settings", None)
        if not isinstance(settings, Settings):
            settings = load_settings()[0]
        store = HistoryStore(locations.history_db())
        try:
            counts = store.completed_counts()
            text = self._text(goals.progress(counts, self._today(), settings.goal_for(None)))
        except HistoryUnavailable:
            text = "history unavailable"
        finally:
            store.close()
        self.app.call_from_thread(self._show, text)
        if store.notice:  # the first reader repaired the history or added pending sessions
            self.app.call_from_thread(self.notify, store.notice, severity="warning", timeout=10)
