"""What home shows of the habit: when each routine was last done, and which one to open on.

Read on home's worker thread with a read-only look at the history (never waits on a lock,
creates nothing); the pure rules are in :mod:`stretchtimer.goals`.
"""

from __future__ import annotations

from datetime import date, datetime

from stretchtimer import goals, locations
from stretchtimer.config import Settings, load_settings
from stretchtimer.history import peek


class Habit:
    """Each routine's last completed session, today's counts, and the goals.

    Args:
        activity: what the history says (empty: nothing recorded).
        settings: the user's settings (for the goals).
        today: the local date.
    """

    def __init__(
        self,
        activity: peek.Activity | None = None,
        settings: Settings | None = None,
        today: date | None = None,
    ) -> None:
        self.activity = activity or peek.Activity()
        self.settings = settings or Settings()
        self.today = today or date.today()

    def _last(self, routine_id: str) -> datetime | None:
        text = self.activity.last_done.get(routine_id)
        try:
            return datetime.fromisoformat(text) if text else None
        except ValueError:
            return None

    def last_text(self, routine_id: str) -> str:
        """Return when a routine was last done, briefly (``today``, ``3 days ago``, ``never``)."""
        last = self._last(routine_id)
        return goals.ago(last.date(), self.today) if last else "never"

    def detail_line(self, routine_id: str) -> str:
        """Return the details' line, e.g. ``Last done today 08:15 · goal 1 of 3 today``."""
        last = self._last(routine_id)
        text = (
            f"Last done {goals.ago(last.date(), self.today)} {last:%H:%M}"
            if last
            else ("Not done yet")
        )
        own = dict(self.settings.goals).get(routine_id)
        if own is not None:
            done = self.activity.today.get(routine_id, 0)
            text += f" · its goal: {done} of {own.daily} today"
        return text

    def likely(self, routine_ids: list[str]) -> str | None:
        """Return the routine home should open on (:func:`stretchtimer.goals.likely_routine`)."""
        return goals.likely_routine(
            routine_ids, dict(self.settings.goals), self.activity.today, self.activity.last_run
        )


def read_habit(settings: object = None) -> Habit:
    """Read the history's activity (blocking, quick: call it on a worker thread).

    Args:
        settings: the app's settings; read from the settings file when not a
            :class:`Settings`.
    """
    if not isinstance(settings, Settings):
        settings = load_settings()[0]
    today = date.today()
    db = peek.open_readonly(locations.history_db())
    try:
        activity = peek.activity(db, today)
    finally:
        if db is not None:
            db.close()
    return Habit(activity, settings, today)
