"""A one-line label with today's state and the current streak, read from the history."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from textual import work
from textual.widgets import Label

from stretchtimer import locations
from stretchtimer.history.stats import Streaks
from stretchtimer.history.store import HistoryStore, HistoryUnavailable


def _days(count: int) -> str:
    return f"{count} day" if count == 1 else f"{count} days"


def streak_text(streaks: Streaks | None) -> str:
    """Return the line shown for ``streaks``, e.g. ``✓ done today · streak 5 days``.

    Args:
        streaks: today's state and the streaks; None when nothing was ever completed.
    """
    if streaks is None or streaks.longest == 0:
        return "no sessions yet"
    today = "✓ done today" if streaks.done_today else "not done today"
    text = f"{today} · streak {_days(streaks.current)}"
    if streaks.longest > streaks.current:
        text += f" (best {_days(streaks.longest)})"
    return text


class StreakLabel(Label):
    """Shows :func:`streak_text` for the user's history, loaded on a worker thread.

    Args:
        wait: called on the worker before reading, e.g. to let a session's last write land.
        today: the local date (injectable for tests).
    """

    def __init__(self, *, wait: Callable[[], object] | None = None,
                 today: Callable[[], date] = date.today, id: str | None = None) -> None:
        super().__init__("", id=id, markup=False)
        self._wait = wait
        self._today = today

    def on_mount(self) -> None:
        """Read the streaks once the widget is on screen."""
        self.reload()

    @work(thread=True, exclusive=True, group="streak")
    def reload(self) -> None:
        """Read the history again (off the event loop) and show the result."""
        if self._wait is not None:
            self._wait()
        store = HistoryStore(locations.history_db())
        try:
            text = streak_text(store.streaks(self._today()))
        except HistoryUnavailable:
            text = "history unavailable"
        finally:
            store.close()
        self.app.call_from_thread(self.update, text)
        if store.notice:  # the first reader repaired the history or added pending sessions
            self.app.call_from_thread(self.notify, store.notice, severity="warning",
                                      timeout=10)
