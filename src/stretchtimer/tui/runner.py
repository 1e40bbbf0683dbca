"""The runner screen: shows a running routine and passes the user's keys to the engine.

The session is a :class:`~stretchtimer.session.driver.SessionDriver`: it owns the engine, hands
events to the sinks and says when it next needs to wake. The screen sets one timer for that,
polls the driver, and repaints only the widgets whose text changed. While paused nothing is
scheduled at all.
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

from stretchtimer.safe_text import visible_line
from stretchtimer.session.actions import SESSION_KEYS, Action
from stretchtimer.session.clock import Clock
from stretchtimer.session.driver import SessionDriver, Sink, is_end
from stretchtimer.session.engine import EngineState, SessionEngine
from stretchtimer.session.events import Event, SessionRecord
from stretchtimer.session.plan import Plan
from stretchtimer.sinks import wait_for_history
from stretchtimer.tui.display import Display, display_of
from stretchtimer.tui.modals import CautionScreen, ConfirmStop
from stretchtimer.tui.stack import DismissOnce
from stretchtimer.tui.widgets.bigtext import BigText
from stretchtimer.tui.widgets.countdown import BigClock
from stretchtimer.tui.widgets.routine_bar import RoutineBar

CHROME_ROWS = 4
"""Rows outside ``#main``: the top bar, the progress row, the next line and the footer."""
CHROME_COLUMNS = 4
"""Columns outside ``#main``'s content (its padding)."""
ROOMY_ROWS = 15
"""Rows ``#main`` needs besides the clock at the most (paused banner and its margin, label,
detail, the clock's margins, the reps row and its margin, four lines of cue)."""
COMPACT_ROWS = 11
"""The same with the ``-compact`` class, which drops the margins."""


def _bindings() -> list[BindingType]:
    """Return the runner's bindings, made from the session key table shared with --plain."""
    return [
        Binding(",".join(row.keys), row.action.value, row.label, id=f"runner.{row.action.value}")
        for row in SESSION_KEYS
    ]


class RunnerScreen(DismissOnce, Screen[SessionRecord | None]):
    """Runs one plan: caution first, then the countdowns, then hands over to the done screen."""

    BINDINGS: ClassVar[list[BindingType]] = _bindings()

    def __init__(self, plan: Plan, *, clock: Clock, sinks: Sequence[Sink] = (),
                 caution: bool = True, on_caution_read: Callable[[], object] | None = None
                 ) -> None:
        """Create the screen.

        Args:
            plan: the plan to run.
            clock: the engine's clock (a fake one in tests).
            sinks: callables that receive every engine event (audio, history).
            caution: show the routine's caution (if any) before starting.
            on_caution_read: called when the user starts after reading the caution.
        """
        super().__init__(classes="runner")
        self.show_caution = caution
        self.on_caution_read = on_caution_read
        self.plan = plan
        self.clock = clock
        self.driver = SessionDriver(plan, clock=clock, sinks=sinks,
                                    on_sink_failure=self._sink_failed)
        self.shown = Display()
        self._timer: Timer | None = None
        self.wake_in: float | None = None
        """Seconds until the screen next wakes (None while nothing is scheduled)."""
        self._ended = False
        self.closer: threading.Thread | None = None
        """The thread closing the sinks once the screen is gone (None before)."""
        self.close_errors: list[BaseException] = []

    @property
    def engine(self) -> SessionEngine:
        """Return the session's engine (read only: act through the driver)."""
        return self.driver.engine

    # ----------------------------------------------------------------------------- layout

    def compose(self) -> ComposeResult:
        """Build the screen."""
        with Horizontal(id="top"):
            yield Label(visible_line(self.plan.routine.name), id="routine-name", markup=False)
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
        if self.show_caution and caution and caution.strip():
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
            if self.on_caution_read is not None:
                self.on_caution_read()
            self.start()
        else:
            self._ended = True
            self.dismiss(None)

    def on_unmount(self) -> None:
        """Stop a session still going (the app is closing) and close its sinks off the loop."""
        self.stop_now()
        self._cancel_timer()
        # closing waits for the sinks' threads (history writes, a last sound): not on the event
        # loop. The thread is not a daemon, so Python waits for it before exiting.
        self.closer = threading.Thread(target=self._close_sinks, name="close-sinks",
                                       daemon=False)
        self.closer.start()

    def _close_sinks(self) -> None:
        self.close_errors.extend(self.driver.close())

    def _sink_failed(self, message: str) -> None:
        if self.is_attached:
            self.app.notify(message, title="The routine goes on", severity="warning",
                            markup=False)

    # ----------------------------------------------------------------------------- engine

    def start(self) -> None:
        """Start the session."""
        if self.driver.state is EngineState.READY:
            self._react(self.driver.start())
        self.tick()

    def tick(self) -> None:
        """Catch up with the clock: events go out, what changed is repainted, sleep again."""
        self._act(self.driver.poll())

    def _react(self, events: Sequence[Event]) -> None:
        """Hand over to the done screen when the session ended."""
        for event in events:
            if is_end(event) and not self._ended:
                self._ended = True
                self._cancel_timer()
                if self.is_attached:
                    self.call_later(self._show_done, self.driver.record)

    def _act(self, events: Sequence[Event]) -> None:
        self._react(events)
        if not self._ended:
            self.render_display()
            self._schedule()

    def stop_now(self) -> None:
        """Stop a running or paused session at once, without asking (Ctrl+C, app exit)."""
        if self.driver.going:
            self._ended = True
            self._cancel_timer()
            self.driver.stop()

    def _show_done(self, record: SessionRecord) -> None:
        from stretchtimer.tui.done import DoneScreen

        while len(self.app.screen_stack) > 1 and self.app.screen is not self:
            self.app.pop_screen()
        if self.app.screen is self:
            sinks = self.driver.sinks
            self.app.switch_screen(
                DoneScreen(record, self.plan, summary=self.driver.summary(),
                           wait_history=lambda: wait_for_history(sinks))
            )

    def _cancel_timer(self) -> None:
        self.wake_in = None
        if self._timer is not None:
            self._timer.stop()
            self._timer = None

    def _schedule(self) -> None:
        self._cancel_timer()
        delay = self.driver.wake_in()
        if delay is not None:
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
        return not self._ended and self.driver.going

    def action_toggle_pause(self) -> None:
        """Pause or resume."""
        if self._going():
            self._act(self.driver.act(Action.TOGGLE_PAUSE))

    def action_skip(self) -> None:
        """Skip to the next segment."""
        if self._going():
            self._act(self.driver.act(Action.SKIP))

    def action_back(self) -> None:
        """Restart this segment, or go to the previous one."""
        if self._going():
            self._act(self.driver.act(Action.BACK))

    def action_done(self) -> None:
        """Mark an untimed reps set done."""
        if self._going():
            self._act(self.driver.act(Action.DONE))

    def action_stop(self) -> None:
        """Ask whether to stop; the session waits paused while the question is open."""
        if not self._going():
            return
        was_running = self.driver.state is EngineState.RUNNING
        if was_running:
            self._act(self.driver.pause())

        def answer(stop: bool | None) -> None:
            if not self._going():
                return
            if stop:
                self._act(self.driver.stop())
            elif was_running:
                self._act(self.driver.resume())

        self.app.push_screen(ConfirmStop(), answer)
