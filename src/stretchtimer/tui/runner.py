"""The runner screen: shows a running routine and passes the user's keys to the engine.

All timing lives in the :class:`~stretchtimer.session.engine.SessionEngine`. The screen wakes when
the display can next change (a shown count crosses a whole second) or when the engine has an event
due (a cue sound), polls the engine, hands its events to the sinks and repaints only the widgets
whose text changed. While paused nothing is scheduled at all.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from typing import ClassVar

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Center, Horizontal, Vertical
from textual.geometry import Size
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer, Label, Static

from stretchtimer.session.clock import Clock
from stretchtimer.session.engine import EngineState, SessionEngine
from stretchtimer.session.events import Event, SessionFinished, SessionRecord, SessionStopped
from stretchtimer.session.plan import Plan
from stretchtimer.tui.display import Display, display_of, next_change_in
from stretchtimer.tui.modals import CautionScreen, ConfirmStop
from stretchtimer.tui.sinks import Sink, wait_for_history
from stretchtimer.tui.stack import DismissOnce
from stretchtimer.tui.widgets.bigtext import BigText
from stretchtimer.tui.widgets.countdown import BigClock
from stretchtimer.tui.widgets.routine_bar import RoutineBar

MIN_WAKE = 0.01
"""Never wake sooner than this (seconds), whatever the clock says."""
MAX_WAKE = 1.0
"""Never sleep longer than this, so a clock that jumps is caught up within a second."""
WAKE_MARGIN = 0.004
"""Wake this long after a boundary, so the new second is already showing."""

CHROME_ROWS = 4
"""Rows outside ``#main``: the top bar, the progress row, the next line and the footer."""
CHROME_COLUMNS = 4
"""Columns outside ``#main``'s content (its padding)."""
ROOMY_ROWS = 15
"""Rows ``#main`` needs besides the clock at the most (paused banner and its margin, label,
detail, the clock's margins, the reps row and its margin, four lines of cue)."""
COMPACT_ROWS = 11
"""The same with the ``-compact`` class, which drops the margins."""


def _close_all(closers: Sequence[Callable[[], object]], errors: list[BaseException]) -> None:
    """Close every sink, whatever happens to the others; failures are kept in ``errors``.

    The screen may be gone by then (or the terminal restored), so nothing is printed: sinks
    report their own problems (the recorder and the player have their own channels).
    """
    for close in closers:
        try:
            close()
        except Exception as exc:
            errors.append(exc)


class RunnerScreen(DismissOnce, Screen[SessionRecord | None]):
    """Runs one plan: caution first, then the countdowns, then hands over to the done screen."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("space", "toggle_pause", "Pause/Resume", id="runner.pause"),
        Binding("right,n", "skip", "Skip", id="runner.skip"),
        Binding("left,p", "back", "Back", id="runner.back"),
        Binding("enter", "done", "Done", id="runner.done"),
        Binding("q,escape", "stop", "Stop", id="runner.stop"),
    ]

    def __init__(self, plan: Plan, *, clock: Clock, sinks: Sequence[Sink] = ()) -> None:
        """Create the screen.

        Args:
            plan: the plan to run.
            clock: the engine's clock (a fake one in tests).
            sinks: callables that receive every engine event (audio, history).
        """
        super().__init__(classes="runner")
        self.plan = plan
        self.clock = clock
        self.engine = SessionEngine(plan, clock)
        self.sinks: list[Sink] = list(sinks)
        self.shown = Display()
        self._timer: Timer | None = None
        self.wake_in: float | None = None
        """Seconds until the screen next wakes (None while nothing is scheduled)."""
        self._ended = False
        self.closer: threading.Thread | None = None
        """The thread closing the sinks once the screen is gone (None before)."""
        self.close_errors: list[BaseException] = []

    # ----------------------------------------------------------------------------- layout

    def compose(self) -> ComposeResult:
        """Build the screen."""
        with Horizontal(id="top"):
            yield Label(self.plan.routine.name, id="routine-name", markup=False)
            yield Label("", id="position")
        with Vertical(id="main"):
            with Center(id="banner-row"):
                yield Label("PAUSED · Space to resume", id="paused-banner")
            yield Label("", id="label", markup=False)
            yield Label("", id="detail", markup=False)
            with Center(id="digits-row"):
                yield BigClock("00:00", id="digits")
            with Horizontal(id="reps"):
                with Vertical(id="rep-box"):
                    yield Label("REP", id="rep-caption")
                    yield BigText("", id="rep")
                with Vertical(id="phase-box"):
                    yield Label("", id="phase-caption")
                    yield BigText("", id="phase")
            yield Label("", id="target")
            with Center(id="cue-row"):
                yield Static("", id="cue", markup=False)
        with Vertical(id="bottom"):
            with Horizontal(id="progress-row"):
                yield RoutineBar(id="progress")
                yield Label("", id="times")
            yield Label("", id="next", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        """Show the plan, then the caution (if any) or start straight away."""
        if not self.is_attached:  # the app exits (or the screen went) before it was composed
            return
        self.fit_clock(self.app.size)
        self.render_display(force=True)
        caution = self.plan.routine.caution
        if caution and caution.strip():
            self.app.push_screen(
                CautionScreen(self.plan.routine.name, caution), self._after_caution
            )
        else:
            self.start()

    def on_resize(self, event: events.Resize) -> None:
        """Size the clock for the new terminal size (sent here even under a dialog)."""
        self.fit_clock(event.size)

    def fit_clock(self, size: Size) -> None:
        """Draw the clock as big as the screen allows with room for everything else.

        The room kept is the most the other parts of ``#main`` ever need, so the clock keeps
        its size from one step to the next. When even the 5-row font leaves too little room,
        the margins go first (``-compact``), then the clock falls back to its 3-row font.

        Args:
            size: the screen's size.
        """
        clock = self.query_one("#digits", BigClock)
        width = size.width - CHROME_COLUMNS
        rows = size.height - CHROME_ROWS
        compact = clock.fit(width, rows - ROOMY_ROWS) == 0
        if compact:
            clock.fit(width, rows - COMPACT_ROWS)
        self.set_class(compact, "-compact")

    def _after_caution(self, start: bool | None) -> None:
        if start:
            self.start()
        else:
            self._ended = True
            self.dismiss(None)

    def on_unmount(self) -> None:
        """Stop a session still going (the app is closing) so it is recorded as stopped."""
        self.stop_now()
        self._cancel_timer()
        closers = [close for sink in self.sinks if callable(close := getattr(sink, "close", None))]
        if closers:
            # closing may wait for the sinks' threads (history writes, a last sound): not on the
            # event loop. The thread is not a daemon, so Python waits for it before exiting.
            self.closer = threading.Thread(
                target=_close_all,
                args=(closers, self.close_errors),
                name="close-sinks",
                daemon=False,
            )
            self.closer.start()

    # ----------------------------------------------------------------------------- engine

    def start(self) -> None:
        """Start the session."""
        if self.engine.state is EngineState.READY:
            self.forward(self.engine.start())
        self.tick()

    def tick(self) -> None:
        """Catch up with the clock: pass due events on, repaint what changed, sleep again."""
        self.forward(self.engine.poll())
        if not self._ended:
            self.render_display()
            self._schedule()

    def forward(self, events: Sequence[Event]) -> None:
        """Hand events to every sink, then react to the end of the session.

        A sink that raises is dropped with a notice, so a broken sound device or history file
        never stops the routine.

        Args:
            events: the events the engine returned, in order.
        """
        for event in events:
            for sink in list(self.sinks):
                try:
                    sink(event)
                except Exception as exc:
                    self.sinks.remove(sink)
                    self.app.notify(
                        f"{type(exc).__name__}: {exc}",
                        title="Sound or history stopped; the routine goes on",
                        severity="warning",
                    )
            if isinstance(event, SessionFinished | SessionStopped) and not self._ended:
                self._ended = True
                self._cancel_timer()
                if self.is_attached:
                    self.call_later(self._show_done, event.record)

    def _act(self, events: list[Event]) -> None:
        self.forward(events)
        if not self._ended:
            self.render_display()
            self._schedule()

    def stop_now(self) -> None:
        """Stop a running or paused session at once, without asking (Ctrl+C, app exit)."""
        if self.engine.state in (EngineState.RUNNING, EngineState.PAUSED):
            self._ended = True
            self._cancel_timer()
            events = self.engine.stop()
            for event in events:
                for sink in list(self.sinks):
                    try:
                        sink(event)
                    except Exception as exc:
                        self.log.error(f"sink {sink!r} failed on stop: {exc!r}")

    def _show_done(self, record: SessionRecord) -> None:
        from stretchtimer.tui.done import DoneScreen

        while len(self.app.screen_stack) > 1 and self.app.screen is not self:
            self.app.pop_screen()
        if self.app.screen is self:
            sinks = list(self.sinks)
            self.app.switch_screen(
                DoneScreen(record, self.plan, wait_history=lambda: wait_for_history(sinks))
            )

    def _cancel_timer(self) -> None:
        self.wake_in = None
        if self._timer is not None:
            self._timer.stop()
            self._timer = None

    def _schedule(self) -> None:
        self._cancel_timer()
        waits: list[float] = []
        change = next_change_in(self.engine.view())
        if change is not None:
            waits.append(change)
        due = self.engine.next_event_at()
        if due is not None:
            waits.append(due - self.clock())
        if waits:
            delay = min(max(min(waits) + WAKE_MARGIN, MIN_WAKE), MAX_WAKE)
            self.wake_in = delay
            self._timer = self.set_timer(delay, self.tick, name="runner-tick")

    # ----------------------------------------------------------------------------- display

    def render_display(self, *, force: bool = False) -> None:
        """Repaint the widgets whose content changed since the last paint.

        Args:
            force: repaint everything.
        """
        new = display_of(self.engine.view(), self.plan)
        old = self.shown
        if not force and new == old:
            return
        self.shown = new
        changed = (lambda name: True) if force else (
            lambda name: getattr(new, name) != getattr(old, name)
        )
        if changed("position"):
            self.query_one("#position", Label).update(new.position)
        if changed("label"):
            self.query_one("#label", Label).update(new.label)
        if changed("detail"):
            detail = self.query_one("#detail", Label)
            detail.update(new.detail)
            detail.display = bool(new.detail)
        if changed("digits"):
            self.query_one("#digits", BigClock).set_text(new.digits)
        if changed("rep") or changed("phase"):
            self.query_one("#reps").display = bool(new.phase)
            self.query_one("#rep", BigText).set_text(new.rep)
            self.query_one("#phase", BigText).set_text(new.phase)
        if changed("phase_left"):
            caption = self.query_one("#phase-caption", Label)
            before = str(caption.content)
            after = f"{new.phase_left} s" if new.phase else ""
            caption.update(after, layout=len(after) != len(before))
        if changed("target"):
            target = self.query_one("#target", Label)
            target.update(new.target)
            target.display = bool(new.target)
        if changed("cue"):
            cue = self.query_one("#cue", Static)
            cue.update(new.cue)
            cue.display = bool(new.cue)
        if changed("progress"):
            self.query_one("#progress", RoutineBar).set_fraction(new.progress / 1000)
        if changed("elapsed") or changed("remaining"):
            times = self.query_one("#times", Label)
            before = str(times.content)
            after = f"{new.elapsed} · {new.remaining} left"
            # same width: repaint the label only, no layout pass over the screen
            times.update(after, layout=len(after) != len(before))
        if changed("next"):
            self.query_one("#next", Label).update(new.next)
        if changed("kind"):
            for kind in ("prepare", "hold", "reps", "switch", "rest"):
                self.set_class(new.kind == kind, f"-kind-{kind}")
        if changed("final"):
            self.set_class(new.final, "-final")
        if changed("paused"):
            self.set_class(new.paused, "-paused")
        if changed("untimed"):
            self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Show Done only while an untimed reps set is running."""
        if action == "done":
            return self.shown.untimed
        return True

    # ----------------------------------------------------------------------------- keys

    def _going(self) -> bool:
        return not self._ended and self.engine.state in (EngineState.RUNNING, EngineState.PAUSED)

    def action_toggle_pause(self) -> None:
        """Pause or resume."""
        if self._going():
            self._act(self.engine.toggle_pause())

    def action_skip(self) -> None:
        """Skip to the next segment."""
        if self._going():
            self._act(self.engine.skip())

    def action_back(self) -> None:
        """Restart this segment, or go to the previous one."""
        if self._going():
            self._act(self.engine.back())

    def action_done(self) -> None:
        """Mark an untimed reps set done."""
        if self._going():
            self._act(self.engine.done())

    def action_stop(self) -> None:
        """Ask whether to stop; the session waits paused while the question is open."""
        if not self._going():
            return
        was_running = self.engine.state is EngineState.RUNNING
        if was_running:
            self._act(self.engine.pause())

        def answer(stop: bool | None) -> None:
            if not self._going():
                return
            if stop:
                self._act(self.engine.stop())
            elif was_running:
                self._act(self.engine.resume())

        self.app.push_screen(ConfirmStop(), answer)
