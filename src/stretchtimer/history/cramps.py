"""The cramp diary's storage, in the history database beside the sessions.

:class:`CrampLog` reads and writes the ``cramps`` and ``diary_state`` tables through a
:class:`~stretchtimer.history.store.HistoryStore` (same file, same lock, same rules: nothing is
created by a read, every write is one ``BEGIN IMMEDIATE`` transaction, failures raise
:class:`~stretchtimer.history.db.HistoryUnavailable` with a message for the user).

:func:`current_advice` is the cheap query other screens and commands call to know whether the
doctor advice is due: two indexed reads.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import replace
from datetime import date, datetime, timedelta
from typing import Any

from stretchtimer.history.db import local_now, to_iso
from stretchtimer.history.diary import Cramp, check_cramp
from stretchtimer.history.insights import (
    AdviceRules,
    Dismissal,
    advice_due,
    advice_reasons,
    advice_text,
)
from stretchtimer.history.store import HistoryStore

CRAMP_COLUMNS = (
    "id, uid, at, leg, muscle, severity, minutes, woke, swelling, redness, weakness, note"
)
_DAY = "substr(at, 1, 10)"  # the local date a cramp began on; indexed (see .schema)
_INSERT_COLUMNS = CRAMP_COLUMNS.removeprefix("id, ")
DISMISSAL_KEY = "advice_dismissed"


def cramp_from_row(row: Sequence[Any]) -> Cramp:
    """Return a cramp from a row of :data:`CRAMP_COLUMNS`."""
    (cid, uid, at, leg, muscle, severity, minutes, woke, swelling, redness, weakness, note) = row
    return Cramp(
        at=datetime.fromisoformat(str(at)),
        leg=str(leg),
        muscle=str(muscle),
        severity=int(severity),
        minutes=None if minutes is None else float(minutes),
        woke=bool(woke),
        swelling=bool(swelling),
        redness=bool(redness),
        weakness=bool(weakness),
        note=str(note),
        id=int(cid),
        uid=str(uid),
    )


def cramp_values(cramp: Cramp) -> tuple[object, ...]:
    """Return the stored values of a cramp, in :data:`CRAMP_COLUMNS` order without the id."""
    return (
        cramp.uid,
        to_iso(cramp.at),
        cramp.leg,
        cramp.muscle,
        cramp.severity,
        cramp.minutes,
        int(cramp.woke),
        int(cramp.swelling),
        int(cramp.redness),
        int(cramp.weakness),
        cramp.note,
    )


class CrampLog:
    """The cramps of one history.

    Args:
        store: the history they live in.
    """

    def __init__(self, store: HistoryStore) -> None:
        self.store = store

    def add(self, cramp: Cramp) -> Cramp:
        """Save a new cramp; return it with its id and uid.

        Raises:
            DiaryError: a value is out of range.
            HistoryUnavailable: the history cannot be written.
        """
        check_cramp(cramp)
        import uuid

        saved = replace(cramp, uid=cramp.uid or str(uuid.uuid4()))
        with self.store._transaction() as db:
            cur = db.execute(
                f"INSERT INTO cramps ({_INSERT_COLUMNS}, updated_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (*cramp_values(saved), to_iso(local_now())),
            )
            return replace(saved, id=int(cur.lastrowid or 0))

    def update(self, cramp: Cramp) -> bool:
        """Save changes to a cramp (found by its id); return False when there is no such cramp.

        Raises:
            DiaryError: a value is out of range.
            HistoryUnavailable: the history cannot be written.
        """
        check_cramp(cramp)
        with self.store._transaction() as db:
            cur = db.execute(
                "UPDATE cramps SET at = ?, leg = ?, muscle = ?, severity = ?, minutes = ?, "
                "woke = ?, swelling = ?, redness = ?, weakness = ?, note = ?, updated_at = ? "
                "WHERE id = ?",
                (*cramp_values(cramp)[1:], to_iso(local_now()), cramp.id),
            )
            return cur.rowcount > 0

    def delete(self, cramp_id: int) -> bool:
        """Delete a cramp; return False when there is no such cramp."""
        with self.store._transaction() as db:
            return db.execute("DELETE FROM cramps WHERE id = ?", (cramp_id,)).rowcount > 0

    def get(self, cramp_id: int) -> Cramp | None:
        """Return one cramp, or None."""
        rows = self.store._query(f"SELECT {CRAMP_COLUMNS} FROM cramps WHERE id = ?", (cramp_id,))
        return cramp_from_row(rows[0]) if rows else None

    def cramps(
        self, since: date | None = None, limit: int | None = None, oldest_first: bool = False
    ) -> list[Cramp]:
        """Return cramps by the time they began, newest first unless ``oldest_first``.

        Args:
            since: only those on or after this local date.
            limit: at most this many (the newest, or the oldest with ``oldest_first``).
            oldest_first: order from the oldest.
        """
        sql = f"SELECT {CRAMP_COLUMNS} FROM cramps"
        params: list[object] = []
        if since is not None:
            sql += f" WHERE {_DAY} >= ?"
            params.append(since.isoformat())
        order = "ASC" if oldest_first else "DESC"
        sql += f" ORDER BY at {order}, id {order}"
        if limit is not None:
            sql += " LIMIT ?"
            params.append(limit)
        return [cramp_from_row(r) for r in self.store._query(sql, params)]

    def count(self) -> int:
        """Return how many cramps are logged."""
        rows = self.store._query("SELECT count(*) FROM cramps")
        return int(rows[0][0]) if rows else 0

    def first_day(self) -> date | None:
        """Return the first local date of any record, session or cramp (None when empty)."""
        rows = self.store._query(
            f"SELECT min(d) FROM (SELECT min({_DAY}) AS d FROM cramps UNION ALL "
            "SELECT min(substr(started_at, 1, 10)) FROM sessions)"
        )
        value = rows[0][0] if rows else None
        return date.fromisoformat(value) if isinstance(value, str) else None

    def dismissal(self) -> Dismissal | None:
        """Return the last dismissal of the doctor advice, if any."""
        rows = self.store._query("SELECT value FROM diary_state WHERE key = ?", (DISMISSAL_KEY,))
        return dismissal_from(rows[0][0]) if rows else None

    def dismiss(self, today: date, rules: Sequence[str]) -> Dismissal:
        """Dismiss the doctor advice for 30 days, remembering which rules held."""
        value = json.dumps({"on": today.isoformat(), "rules": sorted(rules)})
        with self.store._transaction() as db:
            db.execute(
                "INSERT INTO diary_state (key, value) VALUES (?, ?) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (DISMISSAL_KEY, value),
            )
        return Dismissal(today, frozenset(rules))


def dismissal_from(value: object) -> Dismissal | None:
    """Return a dismissal from its stored JSON text; None when it cannot be read."""
    try:
        data = json.loads(str(value))
        return Dismissal(date.fromisoformat(data["on"]), frozenset(data["rules"]))
    except (ValueError, KeyError, TypeError):
        return None  # unreadable: as if never dismissed


def advice_window(today: date, rules: AdviceRules) -> date:
    """Return the first local date whose cramps the doctor rules look at."""
    # one day more than the windows: a woke cramp on the morning after a night inside counts
    return today - timedelta(days=max(rules.window_days, rules.woke_days) + 1)


def advice_from(
    cramps: Sequence[Cramp], dismissal: Dismissal | None, today: date, rules: AdviceRules
) -> tuple[str, list[str]] | None:
    """Return the doctor advice when it is due, with the keys of the rules that hold.

    The one decision, used by the store (:func:`current_advice`) and by the read-only peek of
    ``stretchtimer status``.

    Args:
        cramps: the cramps since :func:`advice_window`.
        dismissal: the last dismissal, if any.
        today: the local date now.
        rules: the thresholds.
    """
    reasons = advice_reasons(cramps, today, rules)
    if not advice_due(reasons, dismissal if reasons else None, today):
        return None
    return advice_text(reasons), [r.rule for r in reasons]


def current_advice(
    store: HistoryStore, today: date | None = None, rules: AdviceRules | None = None
) -> tuple[str, list[str]] | None:
    """Return the doctor advice when it is due, with the keys of the rules that hold.

    Cheap: reads only the cramps of the rules' windows (an indexed query) and one small row.
    Creates nothing when there is no history yet.

    Args:
        store: the history.
        today: the local date now (today by default).
        rules: the thresholds; :func:`stretchtimer.history.settings.advice_rules` by default.

    Returns:
        ``(text, rule_keys)``, or None when nothing is due.

    Raises:
        HistoryUnavailable: the history cannot be read.
    """
    if rules is None:
        from stretchtimer.history.settings import advice_rules

        rules = advice_rules()
    today = today or date.today()
    log = CrampLog(store)
    cramps = log.cramps(since=advice_window(today, rules))
    return advice_from(cramps, log.dismissal() if cramps else None, today, rules)
