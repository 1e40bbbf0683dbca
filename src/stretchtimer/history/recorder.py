"""The history recorder: an event sink that writes a session to the store as it happens.

Runners pass every engine event to their sinks; the recorder is one of them::

    recorder = HistoryRecorder.for_plan(plan)    # the user's history file
    recorder.begin()                             # session row written, status "running"
    ...                                          # engine events -> recorder(event)
    engine.stop() -> events -> recorder          # on Ctrl+C too: the session ends "stopped"
    recorder.close()                             # flush and join the writer thread

All writes go through one background thread fed by a queue, so the caller (the UI's event loop,
the plain runner) never waits on the disk; ``close()`` waits (up to a timeout) for what is
queued. If the history cannot be used, the recorder records nothing, puts the reason in
:attr:`HistoryRecorder.notice` (and calls ``on_notice``), and never raises into the caller.
"""

from __future__ import annotations

import contextlib
import queue
import threading
import time
from collections.abc import Callable
from datetime import datetime

from stretchtimer import locations
from stretchtimer.history.store import HistoryStore, HistoryUnavailable, local_now
from stretchtimer.session.events import (
    Event,
    SegmentEnded,
    SegmentRecord,
    SessionFinished,
    SessionStatus,
    SessionStopped,
)
from stretchtimer.session.plan import Plan

_Job = Callable[[], None]


class HistoryRecorder:
    """Writes one session to a history store from engine events (see the module docstring).

    Args:
        store: where to write.
        routine_id: the routine's id.
        routine_name: the routine's name.
        steps_total: how many exercise steps (hold and reps segments) the plan has.
        now: the wall clock (local, offset-aware) used to stamp start, steps and end.
        on_notice: called once, **on the writer thread**, with a message for the user when the
            history cannot be used or was repaired (a UI must hop to its own thread).
        owns_store: close the store when the recorder closes.
    """

    def __init__(self, store: HistoryStore, routine_id: str, routine_name: str,
                 steps_total: int, *, now: Callable[[], datetime] = local_now,
                 on_notice: Callable[[str], None] | None = None,
                 owns_store: bool = False) -> None:
        self.store = store
        self.routine_id = routine_id
        self.routine_name = routine_name
        self.steps_total = steps_total
        self.notice: str | None = None
        """Why the session is not (fully) recorded, or what the store repaired; else None.

        Set on the writer thread; read it after :meth:`flush` or :meth:`close`."""
        self.session_id: int | None = None
        """The session's id once the writer thread has written its start."""
        self._now = now
        self._on_notice = on_notice
        self._owns_store = owns_store
        self._queue: queue.SimpleQueue[_Job | None] = queue.SimpleQueue()
        self._thread: threading.Thread | None = None
        self._begun = False
        self._ended = False
        self._closed = False

    @classmethod
    def for_plan(cls, plan: Plan, store: HistoryStore | None = None, *,
                 now: Callable[[], datetime] = local_now,
                 on_notice: Callable[[str], None] | None = None) -> HistoryRecorder:
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
        return cls(chosen, plan.routine.id, plan.routine.name, plan.work_segments,
                   now=now, on_notice=on_notice, owns_store=owns)

    # -- the caller's side ---------------------------------------------------------------------

    def begin(self) -> None:
        """Record that the session starts now (status ``running``); later calls do nothing."""
        if self._begun or self._closed:
            return
        self._begun = True
        started_at = self._now()
        self._thread = threading.Thread(target=self._run, name="history-writer", daemon=True)
        self._thread.start()
        self._put(lambda: self._start(started_at))

    def __call__(self, event: Event) -> None:
        """Take one engine event (the sink interface); the first event begins the session."""
        if self._closed or self._ended:
            return
        if not self._begun:
            self.begin()
        if isinstance(event, SegmentEnded):
            record, at = event.record, self._now()
            self._put(lambda: self._step(record, at))
        elif isinstance(event, SessionFinished | SessionStopped):
            self._ended = True
            status = (SessionStatus.COMPLETED if isinstance(event, SessionFinished)
                      else SessionStatus.STOPPED)
            active, paused = event.record.active_seconds, event.record.paused_seconds
            at = self._now()
            self._put(lambda: self._finish(status, active, paused, at))

    def flush(self, timeout: float | None = 5.0) -> bool:
        """Wait until everything queued so far is written; return False on timeout."""
        if self._thread is None or not self._thread.is_alive():
            return True
        done = threading.Event()
        self._put(done.set)
        deadline = None if timeout is None else time.monotonic() + timeout
        while not done.wait(0.1):
            if not self._thread.is_alive():  # closed meanwhile: all was written before it ended
                return True
            if deadline is not None and time.monotonic() >= deadline:
                return False
        return True

    def close(self, timeout: float | None = 5.0) -> bool:
        """Write what is queued, stop the writer thread and return True when all was written.

        Args:
            timeout: seconds to wait for the writes (None waits as long as needed).
        """
        if self._closed:
            return True
        self._closed = True
        if self._thread is None:
            if self._owns_store:
                self.store.close()
            return True
        self._queue.put(None)
        self._thread.join(timeout)
        return not self._thread.is_alive()

    def _put(self, job: _Job) -> None:
        self._queue.put(job)

    # -- the writer thread ---------------------------------------------------------------------

    def _run(self) -> None:
        try:
            while (job := self._queue.get()) is not None:
                self._do(job)
        finally:
            # a flush() that raced with close() queued its wake-up after the stop: run it
            while True:
                try:
                    late = self._queue.get_nowait()
                except queue.Empty:
                    break
                if late is not None:
                    self._do(late)
            if self._owns_store:
                self.store.close()

    def _do(self, job: _Job) -> None:
        try:
            job()
        except HistoryUnavailable as exc:
            self._tell(exc.message)
        except Exception as exc:  # never let a write kill the thread or the caller
            self._tell(f"History could not be recorded: {exc}")

    def _tell(self, message: str) -> None:
        if self.notice is None:
            self.notice = message
            if self._on_notice is not None:
                with contextlib.suppress(Exception):  # telling is best effort
                    self._on_notice(message)

    def _start(self, started_at: datetime) -> None:
        self.session_id = self.store.start_session(
            self.routine_id, self.routine_name, self.steps_total, started_at)
        if self.store.notice:
            self._tell(self.store.notice)

    def _step(self, record: SegmentRecord, at: datetime) -> None:
        if self.session_id is not None:
            self.store.add_step(self.session_id, record, at)

    def _finish(self, status: SessionStatus, active: float, paused: float, at: datetime
                ) -> None:
        if self.session_id is not None:
            self.store.finish_session(self.session_id, status, active, paused, at)
