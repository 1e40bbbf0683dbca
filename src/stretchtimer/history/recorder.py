"""The history recorder: an event sink that writes a session to the store as it happens.

Runners pass every engine event to their sinks; the recorder is one of them::

    recorder = HistoryRecorder.for_plan(plan)    # the user's history file
    recorder.begin()                             # session row written, status "running"
    ...                                          # engine events -> recorder(event)
    engine.stop() -> events -> recorder          # on Ctrl+C too: the session ends "stopped"
    recorder.close()                             # wait (bounded) for the writes

The caller's side only notes what happened (a :class:`~.pending.PendingSession`) and wakes the
writer thread, so the caller (the UI's event loop, the plain runner) never waits on the disk.

The writer thread writes the session in order: its start, each step with its sequence number,
its end. A write that fails (the history is busy: another program holds its lock longer than
the busy timeout; the disk is full; the file cannot be written) is kept and tried again, with a
growing pause (``retry_delays``), for as long as the process lives; the user is told once that
the session is kept. ``close()`` waits up to its timeout while the history is only busy; if
the session is still not all written, it is saved whole to a pending file beside the history
(see :mod:`.pending`), which the next start merges in, and the user is told where it went.
The writer goes on trying meanwhile and deletes the pending file once it has written
everything. Only when even the pending file cannot be written is the session lost, and then the
user is told so. Nothing here ever raises into the caller.
"""

from __future__ import annotations

import contextlib
import os
import threading
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

from stretchtimer import locations
from stretchtimer.history import pending
from stretchtimer.history.owner import process_mark
from stretchtimer.history.pending import PendingFinish, PendingSession, PendingStep
from stretchtimer.history.store import HistoryStore, HistoryUnavailable, local_now
from stretchtimer.session.events import (
    Event,
    SegmentEnded,
    SessionFinished,
    SessionStatus,
    SessionStopped,
)
from stretchtimer.session.plan import Plan

RETRY_DELAYS = (0.05, 5.0)
"""The first pause between two tries of a failed write, and the longest (it doubles)."""


class HistoryRecorder:
    """Writes one session to a history store from engine events (see the module docstring).

    Args:
        store: where to write.
        routine_id: the routine's id.
        routine_name: the routine's name.
        steps_total: how many exercise steps (hold and reps segments) the plan has.
        now: the wall clock (local, offset-aware) used to stamp start, steps and end.
        on_notice: called with each message for the user (the history is busy, the session
            was saved to a pending file or could not be recorded, the store repaired
            something), **on the writer thread** or the one calling :meth:`close` (a UI must
            hop to its own thread).
        owns_store: close the store when the recorder closes.
        retry_delays: the first and the longest pause between tries of a failed write.
    """

    def __init__(
        self,
        store: HistoryStore,
        routine_id: str,
        routine_name: str,
        steps_total: int,
        *,
        now: Callable[[], datetime] = local_now,
        on_notice: Callable[[str], None] | None = None,
        owns_store: bool = False,
        retry_delays: tuple[float, float] = RETRY_DELAYS,
    ) -> None:
        self.store = store
        self.routine_id = routine_id
        self.routine_name = routine_name
        self.steps_total = steps_total
        self.notice: str | None = None
        """The last message for the user (see ``on_notice``), else None.

        Set on the writer thread; read it after :meth:`flush` or :meth:`close`."""
        self.notices: list[str] = []
        """Every message for the user, in order."""
        self.session_id: int | None = None
        """The session's id once the writer thread has written its start."""
        self.pending_file: Path | None = None
        """The pending file the session was saved to at close, while it is not written."""
        self._now = now
        self._on_notice = on_notice
        self._owns_store = owns_store
        self._delays = retry_delays
        self._cond = threading.Condition()
        self._session: PendingSession | None = None
        self._steps_written = 0
        self._finish_written = False
        self._generation = store.generation  # the store's, when the session's start was written
        self._failure: HistoryUnavailable | None = None  # the last write's, until one succeeds
        self._told_failing = False
        self._fresh_starts = 0  # how often the history was found damaged and started afresh
        self._thread: threading.Thread | None = None
        self._ended = False
        self._closed = False
        self._close_result = True

    @classmethod
    def for_plan(
        cls,
        plan: Plan,
        store: HistoryStore | None = None,
        *,
        now: Callable[[], datetime] = local_now,
        on_notice: Callable[[str], None] | None = None,
    ) -> HistoryRecorder:
        """Return a recorder for a plan, writing to ``store`` or the user's history file.

        Args:
            plan: the plan about to run.
            store: the store; by default the history file in the user's data folder (opened on
                the writer thread, closed with the recorder).
            now: the wall clock, as for the constructor.
            on_notice: as for the constructor.
        """
        owns = store is None
        chosen = store if store is not None else HistoryStore(locations.history_db())
        return cls(
            chosen,
            plan.routine.id,
            plan.routine.name,
            plan.work_segments,
            now=now,
            on_notice=on_notice,
            owns_store=owns,
        )

    # -- the caller's side ---------------------------------------------------------------------

    def begin(self, at: datetime | None = None) -> None:
        """Record that the session starts (status ``running``); later calls do nothing.

        Args:
            at: when it started; now when None.
        """
        if self._session is not None or self._closed:
            return
        with self._cond:
            self._session = PendingSession(
                self.routine_id,
                self.routine_name,
                self.steps_total,
                self._now() if at is None else at,
                os.getpid(),
                process_mark(),
            )
        self._thread = threading.Thread(target=self._run, name="history-writer", daemon=True)
        self._thread.start()

    def __call__(self, event: Event) -> None:
        """Take one engine event (the sink interface); the first event begins the session."""
        self._take(event, self._now())

    def late(self, event: Event, seconds_ago: float) -> None:
        """Take an event handed over after the fact (the sinks were made after the start).

        Args:
            event: the engine event.
            seconds_ago: how long ago it happened; it is stamped with that time.
        """
        self._take(event, self._now() - timedelta(seconds=seconds_ago))

    def _take(self, event: Event, at: datetime) -> None:
        if self._closed or self._ended:
            return
        if self._session is None:
            self.begin(at)
        session = self._session
        assert session is not None
        if isinstance(event, SegmentEnded):
            with self._cond:
                session.steps.append(PendingStep(len(session.steps) + 1, at, event.record))
                self._cond.notify_all()
        elif isinstance(event, SessionFinished | SessionStopped):
            self._ended = True
            status = (
                SessionStatus.COMPLETED
                if isinstance(event, SessionFinished)
                else SessionStatus.STOPPED
            )
            with self._cond:
                session.finish = PendingFinish(
                    status, event.record.active_seconds, event.record.paused_seconds, at
                )
                self._cond.notify_all()

    def flush(self, timeout: float | None = 5.0) -> bool:
        """Wait until everything noted so far is written; return False on timeout.

        Args:
            timeout: seconds to wait (None waits as long as needed).
        """
        with self._cond:
            target = self._total()
            return self._wait_for(lambda: self._written() >= target, timeout, patient=True)

    def close(self, timeout: float | None = 5.0) -> bool:
        """Wait for the writes, then save what is not written to a pending file.

        Returns True when the whole session is in the history. Otherwise the session was
        saved to :attr:`pending_file` (or, if even that failed, lost) and the user told
        through ``on_notice``; the writer thread keeps trying while the process lives.

        Args:
            timeout: seconds to wait while the history is busy (None waits as long as needed).
        """
        if self._closed:
            return self._close_result
        self._closed = True
        if self._thread is None:
            if self._owns_store:
                self.store.close()
            return True
        with self._cond:
            self._cond.notify_all()  # a writer pausing between tries tries again now
            done = self._wait_for(lambda: self._written() >= self._total(), timeout, patient=False)
            if not done:
                self._save_pending()
            self._cond.notify_all()
        self._close_result = done
        return done

    # -- shared state (call with the condition held) -------------------------------------------

    def _total(self) -> int:
        session = self._session
        if session is None:
            return 0
        return 1 + len(session.steps) + (session.finish is not None)

    def _written(self) -> int:
        return (self.session_id is not None) + self._steps_written + self._finish_written

    def _wait_for(
        self, predicate: Callable[[], bool], timeout: float | None, *, patient: bool
    ) -> bool:
        """Wait for ``predicate``; unless ``patient``, not while failing for other than a lock."""
        deadline = None if timeout is None else time.monotonic() + timeout
        while not predicate():
            failure = self._failure
            if not patient and failure is not None and not (failure.busy or failure.started_afresh):
                return False  # a full disk or a read-only file: not worth waiting for
            if self._thread is None or not self._thread.is_alive():
                return False
            remaining = None if deadline is None else deadline - time.monotonic()
            if remaining is not None and remaining <= 0:
                return False
            self._cond.wait(remaining)
        return True

    def _save_pending(self) -> None:
        session = self._session
        assert session is not None
        reason = self._failure.reason if self._failure is not None else "it is busy"
        try:
            self.pending_file = pending.save(self.store.path, session)
        except OSError as exc:
            self._tell(
                f"This session was not recorded: the history cannot be written "
                f"({reason}) and neither can {exc.filename or 'a file beside it'} "
                f"({exc.strerror or exc})."
            )
            return
        self._tell(
            f"The history could not be written ({reason}). This session was saved to "
            f"{self.pending_file} and is added to the history the next time "
            "stretchtimer starts."
        )

    # -- the writer thread ---------------------------------------------------------------------

    def _run(self) -> None:
        delay = self._delays[0]
        try:
            while True:
                with self._cond:
                    while self._written() >= self._total() and not self._closed:
                        self._cond.wait()
                    if self._written() >= self._total():
                        return
                if self._write_next():
                    delay = self._delays[0]
                    continue
                with self._cond:  # a pause before the next try; new events or close wake it
                    self._cond.wait(delay)
                delay = min(delay * 2, self._delays[1])
        finally:
            if self._owns_store:
                with contextlib.suppress(Exception):
                    self.store.close()

    def _done_after_close(self) -> None:
        """Everything is written after close: drop the pending file saved meanwhile."""
        if self.pending_file is not None:
            with contextlib.suppress(OSError):
                self.pending_file.unlink()
            self.pending_file = None

    def _write_next(self) -> bool:
        """Write the next part of the session; return False (and keep it) if that failed."""
        session = self._session
        assert session is not None
        with self._cond:
            if self.session_id is not None and self.store.generation != self._generation:
                # the history was found damaged and started afresh: what was written went
                # with the old file, so the whole session is written again
                self.session_id = None
                self._steps_written = 0
                self._finish_written = False
            step = (
                session.steps[self._steps_written]
                if self._steps_written < len(session.steps)
                else None
            )
            finish = session.finish
        try:
            if self.session_id is None:
                sid = self._start(session)
                with self._cond:
                    self.session_id = sid
                    self._generation = self.store.generation
            elif step is not None:
                self.store.add_step(self.session_id, step.record, step.at, seq=step.seq)
                with self._cond:
                    self._steps_written += 1
            elif finish is not None:
                self.store.finish_session(
                    self.session_id,
                    finish.status,
                    finish.active_seconds,
                    finish.paused_seconds,
                    finish.ended_at,
                )
                with self._cond:
                    self._finish_written = True
        except Exception as exc:  # never let a write kill the thread or reach the caller
            failure = (
                exc
                if isinstance(exc, HistoryUnavailable)
                else HistoryUnavailable(str(exc) or type(exc).__name__)
            )
            with self._cond:
                self._failure = failure
                if failure.started_afresh and self._fresh_starts < 2:
                    # the damaged file was moved aside: write the session anew, at once
                    self._fresh_starts += 1
                    self._tell(failure.reason)
                    self._cond.notify_all()
                    return True
                if failure.started_afresh:  # damaged again and again: wait as for a full disk
                    failure = self._failure = HistoryUnavailable(failure.message, failure.reason)
                if not self._told_failing and self.pending_file is None:
                    self._told_failing = True
                    self._tell(
                        f"The history cannot be written now ({failure.reason}). This "
                        "session is kept and recorded as soon as it can be."
                    )
                self._cond.notify_all()
            return False
        with self._cond:
            self._failure = None
            if self._closed and self._written() >= self._total():
                self._done_after_close()
            self._cond.notify_all()
        return True

    def _start(self, session: PendingSession) -> int:
        # after a failure, the start may have been written after all, or merged from the
        # pending file: reuse it then
        sid = self.store.start_session(
            session.routine_id,
            session.routine_name,
            session.steps_total,
            session.started_at,
            owner=(session.owner_pid, session.owner_mark),
            reuse=self._failure is not None or self.pending_file is not None,
        )
        if self.store.notice:
            self._tell(self.store.notice)
        return sid

    def _tell(self, message: str) -> None:
        if message in self.notices:
            return
        self.notices.append(message)
        self.notice = message
        if self._on_notice is not None:
            with contextlib.suppress(Exception):  # telling is best effort
                self._on_notice(message)
