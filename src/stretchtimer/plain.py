"""The plain runner: a routine in the terminal as plain lines, no full-screen UI.

One line per segment as it starts, a line per countdown second, halfway and tempo phase, and a
summary at the end; every line is flushed at once. No cursor movement and no carriage-return
animation, so it reads well with screen readers, in logs and over SSH, and it can be scripted.
Ctrl+C stops the session cleanly and prints the summary.

The loop sleeps until the engine's next event (or the next whole second of the segment's
countdown, whichever comes first), then polls the engine; timing lives in the engine, which
chains segments from their deadlines, so a late wake-up never adds up to drift.
"""

from __future__ import annotations

import math
import sys
import time
from collections import deque
from collections.abc import Callable, Sequence
from typing import TextIO

from stretchtimer.session.clock import Clock
from stretchtimer.session.engine import EngineState, EventSink, SessionEngine
from stretchtimer.session.events import (
    CountdownTick,
    Event,
    Halfway,
    RepPhase,
    SegmentEnded,
    SegmentStarted,
    SessionFinished,
    SessionRecord,
    SessionStatus,
    SessionStopped,
)
from stretchtimer.session.plan import Plan, Segment, SegmentKind, format_elapsed, format_seconds

Sink = EventSink


def _one_line(text: str | None) -> str:
    return " ".join(text.split()) if text else ""


def _stamp(seconds: float) -> str:
    whole = max(int(seconds + 1e-6), 0)
    hours, rem = divmod(whole, 3600)
    minutes, secs = divmod(rem, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes:02d}:{secs:02d}"


def _steps(count: int) -> str:
    return f"{count} step" if count == 1 else f"{count} steps"


def _sentence(text: str) -> str:
    return text if text.endswith((".", "!", "?", ":")) else text + "."


def segment_line(seg: Segment, next_seg: Segment | None, active: float) -> str:
    """Return the line printed when a segment starts.

    For example ``[02:10] Wall calf stretch, left (1:00): Hands on the wall ...``.

    Args:
        seg: the segment that starts.
        next_seg: the segment after it, announced after a get-ready or a rest.
        active: active seconds run before it (the ``[mm:ss]`` stamp).
    """
    if seg.reps is not None:
        amount = f"{seg.reps} reps" + (f", {format_seconds(seg.duration)}" if seg.timed else "")
    else:
        amount = format_seconds(seg.duration)
    title = seg.describe()
    line = f"[{_stamp(active)}] {title} ({amount})"
    cue = _one_line(seg.cue)
    if cue and cue != title:
        line += f": {cue}"
    if seg.kind in (SegmentKind.PREPARE, SegmentKind.REST) and next_seg is not None:
        line = f"{_sentence(line)} Next: {next_seg.describe()}."
    return line


def _work_counts(record: SessionRecord) -> tuple[int, int]:
    """Return (work segments done, work segments skipped), the interrupted one not counted."""
    records = list(record.segments)
    if record.status is SessionStatus.STOPPED and records and records[-1].skipped:
        records.pop()
    work = [r for r in records if r.kind in (SegmentKind.HOLD.value, SegmentKind.REPS.value)]
    done = {r.index for r in work if not r.skipped}
    skipped = {r.index for r in work if r.skipped} - done
    return len(done), len(skipped)


def summary_line(plan: Plan, record: SessionRecord) -> str:
    """Return the last line: ``Done: NAME, 5:40 active, 12 steps, 0 skipped`` or ``Stopped ...``.

    Args:
        plan: the plan that ran.
        record: the session's record.
    """
    done, skipped = _work_counts(record)
    active = format_elapsed(record.active_seconds)
    name = plan.routine.name
    if record.status is SessionStatus.STOPPED:
        return (f"Stopped after {active} active: {name}, {done} of {_steps(plan.work_segments)}"
                f" done, {skipped} skipped")
    return f"Done: {name}, {active} active, {_steps(done)}, {skipped} skipped"


def header_lines(plan: Plan) -> list[str]:
    """Return the lines printed before the session starts: name, size, caution."""
    total = format_seconds(plan.total_seconds)
    if plan.has_untimed:
        total += " plus reps at your own pace"
    lines = [f"{plan.routine.name}: {_steps(plan.work_segments)}, {total}. Press Ctrl+C to stop."]
    if plan.routine.caution:
        lines.append(f"Caution: {_one_line(plan.routine.caution)}")
    return lines


class _Runner:
    """The loop of :func:`run_plain`, with its output and sinks."""

    def __init__(self, plan: Plan, engine: SessionEngine, out: TextIO, stdin: TextIO | None,
                 sinks: Sequence[Sink], clock: Clock, sleep: Callable[[float], None]) -> None:
        self.plan, self.engine, self.out, self.stdin = plan, engine, out, stdin
        self.sinks = list(sinks)
        self.clock, self.sleep = clock, sleep
        self.pending: deque[Event] = deque()
        self.active = 0.0  # active seconds of the segments ended so far
        self.failed: set[int] = set()
        self.output_gone = False

    def say(self, text: str) -> None:
        if self.output_gone:
            return
        try:
            self.out.write(text + "\n")
            self.out.flush()
        except OSError:  # the reader went away (``| head``), the terminal closed (EIO): the
            # loop stops the session, recorded as stopped
            self.output_gone = True

    def deliver(self, events: list[Event]) -> None:
        """Print and forward events; what is left after a Ctrl+C is delivered later."""
        self.pending.extend(events)
        while self.pending:
            event = self.pending.popleft()
            self.show(event)
            for number, sink in enumerate(self.sinks):
                try:
                    sink(event)
                except Exception as exc:  # a sink must never end the session
                    if number not in self.failed:
                        self.failed.add(number)
                        print(f"stretchtimer: warning: {exc or type(exc).__name__};"
                              " the session goes on", file=sys.stderr)

    def show(self, event: Event) -> None:
        if isinstance(event, SegmentStarted):
            seg = event.segment
            nxt = self.plan.segments[seg.index + 1] if seg.index + 1 < len(self.plan.segments) \
                else None
            self.say(segment_line(seg, nxt, self.active))
        elif isinstance(event, CountdownTick):
            if event.segment.tempo is None:  # paced reps count by their phases instead
                self.say(f"  {event.seconds_left}…")
        elif isinstance(event, Halfway):
            self.say("  Halfway")
        elif isinstance(event, RepPhase) and event.segment.reps:
            self.say(f"  Rep {event.rep}/{event.segment.reps}: {event.phase}")
        elif isinstance(event, SegmentEnded):
            self.active += event.record.actual
        elif isinstance(event, SessionFinished | SessionStopped):
            self.say(summary_line(self.plan, event.record))

    def wait_for_done(self, seg: Segment) -> None:
        """Block until the user marks an untimed reps set done (Enter), or do it now."""
        if self.stdin is None or not self.stdin.isatty():
            self.say("  No keyboard: counted as done.")
        else:
            self.say(f"  Do {seg.reps} reps, then press Enter.")
            if not self.stdin.readline():
                self.say("  End of input: counted as done.")
        self.deliver(self.engine.done())

    def loop(self) -> None:
        engine = self.engine
        while engine.state is EngineState.RUNNING and not self.output_gone:
            wake = engine.next_event_at()
            view = engine.view()
            if wake is None:  # running with nothing scheduled: an untimed reps set
                if view.segment is not None:
                    self.wait_for_done(view.segment)
                else:  # pragma: no cover - not reachable while an untimed set is current
                    self.deliver(engine.poll())
                continue
            now = self.clock()
            if view.remaining is not None:  # also wake at the countdown's whole seconds
                frac = view.remaining - math.floor(view.remaining)
                wake = min(wake, now + (frac if frac > 1e-3 else 1.0))
            if wake > now:
                self.sleep(wake - now)
            self.deliver(engine.poll())


def run_plain(
    plan: Plan,
    *,
    clock: Clock = time.monotonic,
    sleep: Callable[[float], None] = time.sleep,
    out: TextIO | None = None,
    sinks: Sequence[Sink] = (),
    stdin: TextIO | None = None,
) -> SessionRecord:
    """Run a plan in the terminal as plain lines; Ctrl+C stops it with the summary.

    Args:
        plan: the plan to run.
        clock: the monotonic clock the engine reads.
        sleep: how to wait (``time.sleep``; a fake clock's ``sleep`` in tests).
        out: where lines go (``sys.stdout`` when None).
        sinks: callables that receive every event, in order (audio, history).
        stdin: where Enter is read for untimed reps (``sys.stdin`` when None).

    Returns:
        The session's record; its status is COMPLETED or STOPPED.
    """
    out = sys.stdout if out is None else out
    runner = _Runner(plan, SessionEngine(plan, clock), out,
                     sys.stdin if stdin is None else stdin, sinks, clock, sleep)
    for line in header_lines(plan):
        runner.say(line)
    try:
        runner.deliver(runner.engine.start())
        runner.loop()
        if runner.output_gone:  # nobody reads the lines any more: stop, as with Ctrl+C
            runner.deliver(runner.engine.stop())
    except KeyboardInterrupt:
        if out.isatty():
            out.write("\n")  # after the terminal's echoed ^C
        runner.deliver(runner.engine.stop())
    return runner.engine.record
