"""The runner screen: shows a running routine and passes the user's keys to the engine.

The session is a :class:`~stretchtimer.session.driver.SessionDriver`: it owns the engine, hands
events to the sinks and says when it next needs to wake. The screen sets one timer for that
(on the event loop itself: no task or message per wake-up), polls the driver, and repaints only
the widgets whose text changed. While paused nothing is scheduled at all.

Layout: the step name, the side in block letters (with an arrow for left and right) and a side
line in reverse video (it reads without colour too), the countdown as big as the terminal
allows, the cue wrapped into the rows left (cut with an ellipsis; ``i`` shows it whole). In
paced reps the repetition and its phase take the big letters and the countdown the small
font. The window title follows the countdown and is given back on exit.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable, Sequence
from typing import ClassVar

from textual import events
from textual.app import ComposeResult, SystemCommand
from textual.binding import BindingType
from textual.containers import Center, Horizontal, Vertical
from textual.geometry import Size
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Label, Static

from stretchtimer.safe_text import visible_line
from stretchtimer.session.actions import SESSION_KEYS, Action
from stretchtimer.session.clock import Clock
from stretchtimer.session.driver import SessionDriver, Sink, is_end
from stretchtimer.session.engine import EngineState, SessionEngine
from stretchtimer.session.events import Event, SessionRecord
from stretchtimer.session.plan import Plan, SegmentKind
from stretchtimer.tui import terminal_title
from stretchtimer.tui.display import Display, DisplayMaker, fit_text
from stretchtimer.tui.runner_layout import (
    CHROME_COLUMNS,
    CHROME_ROWS,
    COMPACT_ROWS,
    CUE_WIDTH,
    NOTICE_SECONDS,
    PHASE_WIDTH,
    REP_WIDTH,
    ROOMY_ROWS,
    cue_rows,
    reps_factor,
    runner_bindings,
)
from stretchtimer.tui.stack import DismissOnce
from stretchtimer.tui.startup import release_collector
from stretchtimer.tui.widgets.bigtext import BigText
from stretchtimer.tui.widgets.countdown import BigClock
from stretchtimer.tui.widgets.footer import AppFooter
from stretchtimer.tui.widgets.routine_bar import RoutineBar
from stretchtimer.tui.widgets.ticker import TickerLabel


def _raise(error: Exception) -> None:
    raise error


def state_classes(shown: Display) -> dict[str, bool]:
    """Return the runner's classes that follow what it shows, each on or off.

    The kind of part, the last seconds, paused, a side, paced reps.
    """
    classes = {f"-kind-{kind.value}": shown.kind == kind.value for kind in SegmentKind}
    classes |= {
        "-final": shown.final,
        "-paused": shown.paused,
        "-sided": shown.sided,
        "-paced": bool(shown.phase),
    }
    return classes


class RunnerScreen(DismissOnce, Screen[SessionRecord | None]):
    """Runs one plan: caution first, then the countdowns, then hands over to the done screen.

    Without a caution to show, the session starts as the screen is made, so that the screen
    is styled for its first part from the start.
    """

    BINDINGS: ClassVar[list[BindingType]] = runner_bindings()

    def __init__(
        self,
        plan: Plan,
        *,
        clock: Clock,
        sinks: Sequence[Sink] = (),
        make_sinks: Callable[[], Sequence[Sink]] | None = None,
        caution: bool = True,
        on_caution_read: Callable[[], object] | None = None,
    ) -> None:
        """Create the screen.

        Args:
            plan: the plan to run.
            clock: the engine's clock (a fake one in tests).
            sinks: callables that receive every engine event (audio, history).
            make_sinks: makes more of them once the first frame is shown (loading the
                history and the sound would hold it up); they get every event from the start.
            caution: show the routine's caution (if any) before starting.
            on_caution_read: called when the user starts after reading the caution.
        """
        super().__init__(classes="runner")
        self.on_caution_read = on_caution_read
        self.plan = plan
        self.clock = clock
        self._make_sinks = make_sinks
        self._attaching = threading.Lock()
        self.driver = SessionDriver(
            plan,
            clock=clock,
            sinks=sinks,
            on_sink_failure=self._sink_failed,
            late_sinks=make_sinks is not None,
        )
        self.shown = Display()
        self.display_of = DisplayMaker(plan)
        """Makes what the screen shows of the engine's view (each part's texts made once)."""
        caution_text = plan.routine.caution
        self.caution_first = caution and bool(caution_text and caution_text.strip())
        """True when the routine's caution is shown before the session starts."""
        if not self.caution_first:
            # started now, so that the screen is styled for the first part from the start
            # (a class changed once it is styled restyles all of it)
            self.driver.start()
            self.shown = self.display_of(self.engine.view())
        self.update_classes(state_classes(self.shown), update=False)
        self._wake_handle: asyncio.TimerHandle | None = None
        self.wake_in: float | None = None
        """Seconds until the screen next wakes (None while nothing is scheduled)."""
        self._ended = False
        self.closer: threading.Thread | None = None
        """The thread closing the sinks once the screen is gone (None before)."""
        self.close_errors: list[BaseException] = []
        self.window_title = ""
        """The window title last set (empty before the first)."""
        self.cue_cut = False
        """True when the cue did not fit and ends with an ellipsis."""
        self._notice_timer: Timer | None = None
        self._title_saved = False
        self._fitted: Size | None = None  # the size last fitted to
        self._pending_notice: str | None = None

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
                yield Label("", id="notice", markup=False)
            yield Label("", id="label", markup=False)
            with Center(id="side-row"):
                yield BigText("", id="side")
            with Center(id="detail-row"):
                yield Label("", id="detail", markup=False)
            with Horizontal(id="reps"):
                with Vertical(id="rep-box"):
                    yield Label("REP", id="rep-caption")
                    yield BigText("", id="rep")
                with Vertical(id="phase-box"):
                    yield Label("PHASE · SECONDS", id="phase-caption")
                    yield BigText("", id="phase")
            with Center(id="digits-row"):
                yield BigClock("00:00", id="digits")
            yield Label("", id="target")
            with Center(id="cue-row"):
                yield Static("", id="cue", markup=False)
        with Vertical(id="bottom"):
            with Horizontal(id="progress-row"):
                yield RoutineBar(id="progress")
                yield TickerLabel(id="times")
            yield Label("", id="next", markup=False)
        yield AppFooter()

    def on_mount(self) -> None:
        """Show the session's first part, or the plan under the caution (if any)."""
        if not self.is_attached:  # the app exits (or the screen went) before it was composed
            return
        self.call_after_refresh(release_collector)  # once the first frame is shown
        self._title_saved = terminal_title.save(self.app)
        self.fit_clock(self.app.size)
        self.render_display(force=True)
        if self.caution_first:
            from stretchtimer.tui.modals import CautionScreen

            caution = self.plan.routine.caution or ""
            self.app.push_screen(
                CautionScreen(self.plan.routine.name, caution), self._after_caution
            )
        else:
            self.tick()  # started as the screen was made: wake when the display changes
        if self._make_sinks is not None:
            self.call_after_refresh(self.attach_sinks)

    def attach_sinks(self) -> None:
        """Make the sinks given by ``make_sinks`` and hand them the events so far (once).

        Called once the first frame is shown, and at the latest when the session ends or the
        screen goes, so they never miss an event.
        """
        with self._attaching:  # the terminal's watchdog may stop the session from its thread
            make, self._make_sinks = self._make_sinks, None
            if make is not None:
                self.driver.add_sinks(make())

    def on_screen_suspend(self) -> None:
        """A dialog opened over the runner: hide the big letters so none peek out beside it."""
        self.add_class("-covered")

    def on_screen_resume(self) -> None:
        """The dialog closed: show the big letters again, and a notice that waited."""
        self.remove_class("-covered")
        if self._pending_notice is not None:
            self.show_notice(self._pending_notice)

    def on_resize(self, event: events.Resize) -> None:
        """Size the clock for the new terminal size (sent here even under a dialog)."""
        self.fit_clock(event.size)

    def fit_clock(self, size: Size) -> None:
        """Draw the clock as big as the screen allows with room for everything else.

        The room kept is the most the other parts of ``#main`` ever need, so the clock keeps
        its size from one step to the next. When even the 5-row font leaves too little room,
        the margins go first (``-compact``), then the clock falls back to its 3-row font. In
        paced reps the clock takes its 3-row font and the repetition and phase are drawn twice
        as big when the clock would have been (10 rows or more) and they fit across. The cue
        gets the rows left.

        Args:
            size: the screen's size.
        """
        self._fitted = size
        clock = self.query_one("#digits", BigClock)
        width = size.width - CHROME_COLUMNS
        rows = size.height - CHROME_ROWS
        scale = clock.fit(width, rows - ROOMY_ROWS)
        compact = scale == 0
        if compact:
            scale = clock.fit(width, rows - COMPACT_ROWS)
        self.set_class(compact, "-compact")
        factor = reps_factor(scale, width)
        for name in ("#rep", "#phase"):
            self.query_one(name, BigText).set_factor(factor)
        # as wide as the widest count and phase, so the row does not shift as they change
        self.query_one("#rep-box").styles.min_width = REP_WIDTH * factor
        self.query_one("#phase-box").styles.min_width = PHASE_WIDTH * factor
        if self.shown.phase:
            clock.fit(width, 3)
        self._fit_cue()

    def _cue_lines(self) -> int:
        """Return how many rows the cue has: the rows of ``#main`` nothing else uses."""
        size = self._fitted or self.app.size
        return cue_rows(
            size.height,
            self.shown,
            compact=self.has_class("-compact"),
            clock_scale=self.query_one("#digits", BigClock).scale,
            reps_factor=self.query_one("#rep", BigText).factor,
        )

    def _fit_cue(self) -> None:
        """Wrap the cue into the room it has; a cut cue ends with an ellipsis."""
        size = self._fitted or self.app.size
        width = max(min(CUE_WIDTH, size.width - CHROME_COLUMNS), 10)
        text, cut = fit_text(self.shown.cue, width, self._cue_lines())
        cue = self.query_one("#cue", Static)
        cue.update(text)
        cue.display = bool(text)
        if cut != self.cue_cut:
            self.cue_cut = cut
            self.refresh_bindings()

    def _after_caution(self, start: bool | None) -> None:
        # What waited for the first frame was handed to the caution dialog, the screen on top
        # then, and goes with it if it closes before its own first frame (a quick Enter)
        release_collector()
        self.attach_sinks()
        if start:
            if self.on_caution_read is not None:
                self.on_caution_read()
            self.start()
        else:
            self._ended = True
            self.give_back_title()
            self.dismiss(None)

    def on_unmount(self) -> None:
        """Stop a session still going (the app is closing) and close its sinks off the loop."""
        self.attach_sinks()
        self.stop_now()
        self._cancel_timer()
        # closing waits for the sinks' threads (history writes, a last sound): not on the event
        # loop. The thread is not a daemon, so Python waits for it before exiting.
        self.closer = threading.Thread(target=self._close_sinks, name="close-sinks", daemon=False)
        self.closer.start()

    def _close_sinks(self) -> None:
        self.close_errors.extend(self.driver.close())

    def _sink_failed(self, message: str) -> None:
        if self.is_attached:
            self.app.notify(message, title="The routine goes on", severity="warning", markup=False)

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
                self.attach_sinks()  # they record the session and say it ended
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
            self.attach_sinks()
            self._ended = True
            self._cancel_timer()
            self.driver.stop()

    def _show_done(self, record: SessionRecord) -> None:
        from stretchtimer.tui.done import DoneScreen

        above = (
            self.app.screen_stack[self.app.screen_stack.index(self) + 1 :]
            if self in self.app.screen_stack
            else []
        )
        if any(not screen.is_mounted for screen in above):
            # a dialog or the command palette still mounting (its workers about to look for
            # its parts): popping it now breaks it, so wait until it is there
            self.set_timer(0.05, lambda: self._show_done(record), name="done-later")
            return
        while len(self.app.screen_stack) > 1 and self.app.screen is not self:
            self.app.pop_screen()
        if self.app.screen is self:
            from stretchtimer.sinks import wait_for_history

            self.give_back_title()
            sinks = self.driver.sinks
            self.app.switch_screen(
                DoneScreen(
                    record,
                    self.plan,
                    summary=self.driver.summary(),
                    wait_history=lambda: wait_for_history(sinks),
                )
            )

    def _cancel_timer(self) -> None:
        self.wake_in = None
        if self._wake_handle is not None:
            self._wake_handle.cancel()
            self._wake_handle = None

    def _schedule(self) -> None:
        self._cancel_timer()
        delay = self.driver.wake_in()
        if delay is not None:
            self.wake_in = delay
            # the event loop's own timer: Textual's set_timer starts a task for each wake-up
            # and runs the callback a message later, about a tenth of the runner's CPU
            self._wake_handle = asyncio.get_running_loop().call_later(delay, self._wake)

    def _wake(self) -> None:
        """Tick at the deadline; an error goes to Textual as from any of its callbacks."""
        self._wake_handle = None
        if self.app.return_code is not None:  # the app is closing: its widgets may be gone
            return  # (Textual stops its own timers then; this one is the event loop's)
        try:
            self.tick()
        except Exception as error:
            self.call_next(_raise, error)

    # ----------------------------------------------------------------------------- display

    def render_display(self, *, force: bool = False) -> None:
        """Repaint the widgets whose content changed since the last paint.

        Args:
            force: repaint everything.
        """
        new = self.display_of(self.engine.view())
        old = self.shown
        if not force and new == old:
            return
        self.shown = new
        classes = state_classes(new)
        if force or classes != state_classes(old):
            self.update_classes(classes)  # one style pass for all that changed
        changed = (
            (lambda name: True)
            if force
            else (lambda name: getattr(new, name) != getattr(old, name))
        )
        if changed("position"):
            self.query_one("#position", Label).update(new.position)
        if changed("label"):
            self.query_one("#label", Label).update(new.label)
        if changed("side"):
            self.query_one("#side", BigText).set_text(new.side)
            self.query_one("#side-row").display = bool(new.side)
        if changed("detail"):
            detail = self.query_one("#detail", Label)
            detail.update(new.detail)
            self.query_one("#detail-row").display = bool(new.detail)
        if changed("digits"):
            self.query_one("#digits", BigClock).set_text(new.digits)
        if changed("rep") or changed("phase") or changed("phase_left"):
            self.query_one("#reps").display = bool(new.phase)
            self.query_one("#rep", BigText).set_text(new.rep)
            phase = f"{new.phase} {new.phase_left}" if new.phase else ""
            self.query_one("#phase", BigText).set_text(phase)
        if bool(new.phase) != bool(old.phase) or force:
            clock = self.query_one("#digits", BigClock)
            size = self._fitted or self.app.size
            if new.phase:
                clock.fit(size.width - CHROME_COLUMNS, 3)
            else:
                self.fit_clock(size)
        if changed("target"):
            target = self.query_one("#target", Label)
            target.update(new.target)
            target.display = bool(new.target)
        if any(changed(name) for name in ("cue", "side", "detail", "target", "phase")):
            self._fit_cue()
        if changed("title") or changed("paused"):
            self._set_title(new)
        if changed("progress"):
            self.query_one("#progress", RoutineBar).set_fraction(new.progress / 1000)
        if changed("elapsed") or changed("remaining"):
            self.query_one("#times", TickerLabel).update(f"{new.elapsed} · {new.remaining} left")
        if changed("next"):
            self.query_one("#next", Label).update(new.next)
        if changed("untimed"):
            self.refresh_bindings()

    def _set_title(self, shown: Display) -> None:
        """Show the countdown in the window title (``0:42 Wall calf stretch, left``)."""
        title = shown.title or self.shown.label
        if shown.paused and shown.title:
            title = f"Paused {title}"
        if title != self.window_title:
            self.window_title = title
            if self._title_saved:  # only a title that can be given back
                terminal_title.set_title(self.app, f"{title} · stretchtimer")

    def give_back_title(self) -> None:
        """Put back the window title the terminal had before the routine (once).

        Called while the terminal is surely there: when the session hands over to the done
        screen, when the caution is declined, and on Ctrl+C pressed as a key. Not on the way
        out after a hang-up or a signal: the terminal is gone then, and a write could block
        the app's exit.
        """
        if self._title_saved:
            self._title_saved = False
            terminal_title.restore(self.app)

    def show_notice(self, message: str, timeout: float = NOTICE_SECONDS) -> None:
        """Show a short notice in the banner row, where it covers nothing, for a while.

        Args:
            message: the notice (plain text).
            timeout: seconds before it goes.
        """
        if self.app.screen is not self:  # under the caution or a dialog: show it once back
            self._pending_notice = message
            return
        self._pending_notice = None
        notice = self.query_one("#notice", Label)
        notice.update(visible_line(message))
        self.add_class("-notice")
        if self._notice_timer is not None:
            self._notice_timer.stop()
        self._notice_timer = self.set_timer(timeout, self.clear_notice, name="runner-notice")

    def clear_notice(self) -> None:
        """Take the notice away (its timer does this after a while)."""
        self._notice_timer = None
        self.remove_class("-notice")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Show Done only in an untimed reps set and the cue key only when the cue was cut."""
        if action == "done":
            return self.shown.untimed
        if action == "show_cue":
            return self.cue_cut
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

    def action_more(self) -> None:
        """Give the current part 10 seconds more."""
        if self._going():
            self._act(self.driver.act(Action.MORE))

    def action_less(self) -> None:
        """Take 10 seconds off the current part (never less than it has run)."""
        if self._going():
            self._act(self.driver.act(Action.LESS))

    def palette_commands(self) -> list[SystemCommand]:
        """Return the session's actions for the command palette (from the shared key table)."""
        commands = [
            SystemCommand(
                row.label,
                row.help[:1].upper() + row.help[1:],
                getattr(self, f"action_{row.action.value}"),
            )
            for row in SESSION_KEYS
            if row.action is not Action.DONE or self.shown.untimed
        ]
        if self.shown.cue:
            commands.append(
                SystemCommand(
                    "Whole cue", "Show the cue of this part in full", self.action_show_cue
                )
            )
        return commands

    def speaks(self) -> bool:
        """Return True when the session has a voice (its sinks made, one of them the voice)."""
        from stretchtimer.voice.sink import VoiceSink

        return any(isinstance(sink, VoiceSink) for sink in self.driver.sinks)

    def action_show_cue(self) -> None:
        """Show the whole cue in a dialog (the session goes on)."""
        if self.shown.cue:
            from stretchtimer.tui.modals import TextScreen

            self.app.push_screen(TextScreen(self.shown.label, self.shown.cue))

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

        from stretchtimer.tui.modals import ConfirmStop

        self.app.push_screen(ConfirmStop(), answer)
