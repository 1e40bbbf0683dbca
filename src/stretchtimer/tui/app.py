"""The Textual app: one factory (:func:`make_app`) for the command line and the tests."""

from __future__ import annotations

import asyncio
import contextlib
import signal
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from functools import partial
from typing import TYPE_CHECKING, Any, ClassVar

from textual import work
from textual.app import App, SystemCommand
from textual.await_complete import AwaitComplete
from textual.binding import Binding, BindingType
from textual.command import CommandPalette
from textual.notifications import SeverityLevel
from textual.screen import Screen

from stretchtimer import cautions
from stretchtimer.config import DEFAULT_THEME, Settings, load_settings, save_settings
from stretchtimer.safe_text import visible, visible_line
from stretchtimer.tui.stack import GuardedCommandPalette, nothing
from stretchtimer.tui.terminal import EndGuard
from stretchtimer.tui.themes import THEMES

# The session's modules (runner, engine, sinks, sound, history) are imported when a session
# starts, not before the home screen's first frame.
if TYPE_CHECKING:
    from stretchtimer.audio.options import SoundOptions
    from stretchtimer.routines.model import Routine
    from stretchtimer.session.clock import Clock
    from stretchtimer.session.plan import Plan
    from stretchtimer.sinks import SessionSinks, Sink, SinksFactory
    from stretchtimer.tui.home import HomeScreen
    from stretchtimer.tui.routine_reader import RoutineReader
    from stretchtimer.tui.runner import RunnerScreen
    from stretchtimer.voice.options import VoiceOptions

RUNNER_MODULE = "stretchtimer.tui.runner"

EXIT_INTERRUPTED = 130
SWITCH_INTERVAL = 0.001
"""Seconds a thread may hold the interpreter while another waits (see :func:`run_app`)."""


class StretchApp(App[int]):
    """The stretchtimer app: home (the routines), runner, done, and the modal screens."""

    CSS_PATH = "stretchtimer.tcss"
    TITLE = "stretchtimer"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "ctrl+c",
            "interrupt_key",
            "Quit",
            show=False,
            priority=True,
            id="app.interrupt",
            tooltip="Stop a running routine (saved as stopped) and quit at once.",
        ),
        Binding("question_mark", "help", "Help", show=False, id="app.help"),
    ]

    def __init__(
        self,
        *,
        routine: Routine | None = None,
        clock: Clock = time.monotonic,
        settings: Settings | None = None,
        notices: Sequence[str] = (),
        sinks_factory: SinksFactory | None = None,
        save_config: bool = True,
        watch_interval: float | None = 2.0,
        sound: SoundOptions | None = None,
        history: bool = False,
        voice: VoiceOptions | None = None,
        routines: RoutineReader | None = None,
    ) -> None:
        """Create the app; prefer :func:`make_app`.

        Args:
            routine: run this routine at once (``stretchtimer run``); None opens the home screen.
            clock: the clock every session uses.
            settings: the user's settings.
            notices: messages shown once the app is up (e.g. a broken config file).
            sinks_factory: builds the event sinks (audio, history) for each session.
            save_config: write theme changes to the config file.
            watch_interval: seconds between checks of the routines folder; None to not watch.
            sound: play cue sounds with these options (when no ``sinks_factory`` is given).
            history: record sessions in the user's history (when no ``sinks_factory`` is given).
            voice: speak with these options (when no ``sinks_factory`` is given).
            routines: the routines, already being read, for the first home screen.
        """
        super().__init__()
        # our own name: Textual keeps its loop in the private ``App._loop``
        self._ui_loop: asyncio.AbstractEventLoop | None = None
        for theme in THEMES:
            self.register_theme(theme)
        self.settings = settings or Settings()
        self.clock = clock
        self.start_routine = routine
        self.session_sinks: SessionSinks | None = None
        self._own_sinks = sinks_factory is None and (sound is not None or history)
        self._sound = sound
        self._history = history
        self._voice = voice
        self.sinks_factory = sinks_factory
        self.save_config = save_config
        self.watch_interval = watch_interval
        self._routines = routines
        self.notices = list(notices)
        self.leaving = False
        """True once the app was asked to exit: no screen is pushed any more."""
        self.end_guard: EndGuard | None = None
        """Ends the app when its terminal goes away (set by :func:`run_app`)."""
        textuals = self.theme
        if self.settings.theme in self.available_themes:
            self.theme = self.settings.theme
        else:
            self.notices.append(f"Unknown theme {self.settings.theme!r}; using {DEFAULT_THEME!r}")
            self.settings = replace(self.settings, theme=DEFAULT_THEME)
            self.theme = DEFAULT_THEME
        self._first_theme: str | None = None
        """The theme set as the app was made, until the refresh it asked for (see below)."""
        if self.theme != textuals:  # its colours go into the style sheet before it is read
            self.stylesheet.set_variables(self.get_css_variables())
            self._first_theme = self.theme

    def refresh_css(self, animate: bool = True) -> None:
        """Refresh the CSS (as Textual does), except for the theme the app was made with.

        Setting the theme asks for a refresh once the app runs, which would read every style
        sheet again before the first frame; the theme the app is made with is already in the
        style sheet's colours (see ``__init__``), so that first refresh is skipped.

        Args:
            animate: run the CSS animations.
        """
        first, self._first_theme = self._first_theme, None
        if first is not None and first == self.theme:
            return
        super().refresh_css(animate)

    def get_default_screen(self) -> Screen[Any]:
        """Return the home screen, or a blank base screen when a routine runs at once."""
        if self.start_routine is None:
            from stretchtimer.tui.home import HomeScreen

            reader, self._routines = self._routines, None
            return HomeScreen(watch_interval=self.watch_interval, reader=reader)
        return Screen(id="launch")

    def on_mount(self) -> None:
        """Show pending notices, open the sound and start the routine given on the command line."""
        self._ui_loop = asyncio.get_running_loop()
        # a closed terminal, a kill, or an interrupt sent from outside (the terminal's own
        # Ctrl+C arrives as a key): stop like Ctrl+C
        # (with an EndGuard, as the command line runs the app, it handles SIGTERM and SIGHUP)
        names = ("SIGINT",) if self.end_guard is not None else ("SIGINT", "SIGTERM", "SIGHUP")
        for name in names:
            sig = getattr(signal, name, None)
            if sig is not None:
                with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
                    self._ui_loop.add_signal_handler(sig, self.action_interrupt)
        for notice in self.notices:
            self.notify(notice, severity="warning", timeout=10)
        if self.end_guard is not None and self.end_guard.triggered.is_set():
            self.exit(EXIT_INTERRUPTED, return_code=EXIT_INTERRUPTED)  # ended while starting
            return
        if self.start_routine is not None:
            # once the app has started: a screen pushed while it starts up is laid out, but not
            # shown until it is done (and then in pieces)
            self.call_later(self.run_routine, self.start_routine)
        # else the home screen calls prepare_sessions() once its routines are shown

    def prepare_sessions(self) -> None:
        """Make the session's sinks and open the sound, which waits for the next frame."""
        self._session_sinks()

    def own_sinks(self) -> SessionSinks | None:
        """Return the app's own sinks (sound, history, voice), made on first use.

        None when the app was given a ``sinks_factory`` or asked for neither sound nor history.
        Making them imports the session's modules, so it waits until a session is near.
        """
        if self._own_sinks and self.session_sinks is None:
            from stretchtimer.sinks import SessionSinks

            self.session_sinks = SessionSinks(
                self._sound,
                self.notify_threadsafe,
                history=self._history,
                notify_sound=self._sound_notice_threadsafe,
                voice=self._voice,
            )
        return self.session_sinks

    def _session_sinks(self) -> SessionSinks | None:
        """Return :meth:`own_sinks`, opening the sound (after the next frame) the first time."""
        opened = self.session_sinks is not None
        sinks = self.own_sinks()
        if sinks is not None and not opened:
            self.call_after_refresh(self._open_sound, sinks)  # probing takes the GIL
        return sinks

    @work(thread=True, group="sound")
    def _open_sound(self, session_sinks: SessionSinks) -> None:
        """Choose the sound backend off the event loop (it probes the sound system)."""
        session_sinks.open_sound(ring=self._ring_threadsafe)

    def _ring_threadsafe(self) -> None:
        loop = self._ui_loop
        if loop is not None:
            with contextlib.suppress(RuntimeError):  # the loop is closed: the app has exited
                loop.call_soon_threadsafe(self.bell)

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = False,
    ) -> None:
        """Show a notification, always as plain text with unsafe characters made visible.

        Messages carry routine names, file paths and error texts, any of which may hold square
        brackets that Textual's markup would hide or fail on (``[/]`` raises at render time).
        Screens' and widgets' ``notify`` pass ``markup=True`` by default, so it is ignored here.

        Args:
            message: what to tell the user.
            title: a title above the message.
            severity: ``information``, ``warning`` or ``error``.
            timeout: seconds before it goes; Textual's default when None.
            markup: ignored (plain text only).
        """
        del markup
        super().notify(
            visible(message),
            title=visible_line(title),
            severity=severity,
            timeout=timeout,
            markup=False,
        )

    def notify_threadsafe(self, message: str) -> None:
        """Show a warning notice; callable from any thread (sound and history workers).

        After the app has exited (a session's history written while closing), the notice is
        printed to standard error instead, so it is not lost.

        Args:
            message: what to tell the user.
        """
        loop = self._ui_loop
        if loop is None:  # not running yet: shown on mount
            self.notices.append(message)
            return
        if self.is_running and not loop.is_closed():
            with contextlib.suppress(RuntimeError):  # closed meanwhile: told below
                loop.call_soon_threadsafe(
                    partial(self.notify, message, severity="warning", timeout=10)
                )
                return
        # the app has exited (a history write finishing at exit): the terminal is the user's
        print(f"stretchtimer: {visible(message)}", file=sys.stderr, flush=True)

    def _sound_notice_threadsafe(self, message: str) -> None:
        """Show the sound notice; in the runner, in its banner row, where it covers nothing."""
        loop = self._ui_loop
        if loop is None:
            self.notices.append(message)
            return
        with contextlib.suppress(RuntimeError):  # the loop is closed: the app has exited
            loop.call_soon_threadsafe(self._sound_notice, message)

    def _runners(self) -> list[RunnerScreen]:
        """Return the runner screens on the stack, topmost first (none before any session)."""
        runner = sys.modules.get(RUNNER_MODULE)  # not imported: no session ever ran
        if runner is None:
            return []
        return [s for s in reversed(self.screen_stack) if isinstance(s, runner.RunnerScreen)]

    def _sound_notice(self, message: str) -> None:
        for screen in self._runners():
            screen.show_notice(message)
            return
        self.notify(message, severity="warning", timeout=10)

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        """Add the runner's actions (pause, skip, +10 s, sound...) to the command palette.

        Textual's own commands do nothing once the app is exiting: a command picked in the
        palette runs after it closed, and with Ctrl+C (or the terminal closing) in between it
        would act on screens being taken down.
        """
        for command in super().get_system_commands(screen):
            yield command._replace(callback=partial(self._unless_leaving, command.callback))
        if screen in self._runners():
            yield from screen.palette_commands()
            sinks = self.session_sinks
            if sinks is not None and sinks.sound is not None:
                state = "on" if sinks.muted else "off"
                yield SystemCommand(
                    f"Cue sounds {state}",
                    f"Turn the cue sounds {state} for this run (not the voice)",
                    self.action_toggle_sound,
                )
            if sinks is not None and screen.speaks():
                state = "on" if sinks.voice_muted else "off"
                yield SystemCommand(
                    f"Voice {state}",
                    f"Turn the voice {state} for this run (not the cue sounds)",
                    self.action_toggle_voice,
                )

    def action_toggle_sound(self) -> None:
        """Turn the cue sounds off or on for this run (the saved setting is not changed)."""
        sinks = self.session_sinks
        if sinks is not None:
            sinks.muted = not sinks.muted
            self.notify(
                "Cue sounds off for this run" if sinks.muted else "Cue sounds on", timeout=3
            )

    def action_toggle_voice(self) -> None:
        """Turn the voice off or on for this run (the saved setting is not changed)."""
        sinks = self.session_sinks
        if sinks is not None:
            sinks.voice_muted = not sinks.voice_muted
            self.notify("Voice off for this run" if sinks.voice_muted else "Voice on", timeout=3)

    # ----------------------------------------------------------------------------- flow

    def run_routine(self, routine: Routine, *, urgent: bool = False) -> None:
        """Open the runner for a routine.

        Its caution is shown the first time and again whenever its text changed (see
        :mod:`stretchtimer.cautions`); always readable in the routine's details.

        Args:
            routine: a valid routine.
            urgent: start at once, without the caution dialog (cramp relief from home).
        """
        if self.leaving:  # a routine picked as the app quits: no session
            return
        from stretchtimer.session.plan import build_plan
        from stretchtimer.tui.runner import RunnerScreen

        plan = build_plan(routine)
        if not plan.segments:
            self.notify(f"{routine.name}: nothing to run", severity="error")
            return
        show = not urgent and cautions.needs_showing(routine.id, routine.caution)
        runner = RunnerScreen(
            plan,
            clock=self.clock,
            make_sinks=partial(self._sinks_for, plan),  # once the runner is on screen
            caution=show,
            on_caution_read=partial(self._caution_read, routine),
        )
        self.push_screen(runner, self._runner_closed)

    def _sinks_for(self, plan: Plan) -> Sequence[Sink]:
        """Return a session's sinks (sound, history, voice); none when they cannot be made."""
        factory = self.sinks_factory or self._session_sinks()
        if factory is None:
            return ()
        try:
            return factory(plan)
        except Exception as exc:
            self.notify(f"{exc}", title="Running without sound or history", severity="warning")
            return ()

    @work(thread=True, group="cautions")
    def _caution_read(self, routine: Routine) -> None:
        """Remember that the user read the routine's caution (off the event loop)."""
        if routine.caution:
            with contextlib.suppress(OSError):  # not remembered: shown again next time
                cautions.remember(routine.id, routine.caution)

    def _runner_closed(self, _result: object) -> None:
        """The runner left without a session (caution declined)."""
        if self._home() is None:
            self.exit(0)

    def _home(self) -> HomeScreen | None:
        from stretchtimer.tui.home import HomeScreen

        for screen in self.screen_stack:
            if isinstance(screen, HomeScreen):
                return screen
        return None

    def go_home(self) -> None:
        """Show the list of routines, closing the screens above it."""
        home = self._home()
        if home is not None:
            while self.screen is not home:
                self.pop_screen()
            return
        while len(self.screen_stack) > 2:
            self.pop_screen()
        from stretchtimer.tui.home import HomeScreen

        new_home = HomeScreen(watch_interval=self.watch_interval)
        if len(self.screen_stack) == 2:
            self.switch_screen(new_home)
        else:
            self.push_screen(new_home)

    # ----------------------------------------------------------------------------- actions

    def action_interrupt(self) -> None:
        """Ctrl+C: stop a running session (saved as stopped) and quit at once."""
        self.stop_sessions()
        self.exit(EXIT_INTERRUPTED, return_code=EXIT_INTERRUPTED)

    # ----------------------------------------------------------------------------- the stack

    def exit(self, result: int | None = None, return_code: int = 0, message: Any = None) -> None:
        """Exit the app; from now on no screen is pushed (keys typed after ``q`` do nothing).

        Args:
            result: the app's result.
            return_code: the process's exit code.
            message: printed after the app has exited.
        """
        self.leaving = True
        super().exit(result, return_code=return_code, message=message)

    def push_screen(self, *args: Any, **kwargs: Any) -> Any:
        """Push a screen (as Textual does), unless the app is exiting.

        Keys typed right after quitting are still handled; a screen pushed then would be
        mounted while the app takes its screens down.
        """
        if self.leaving:
            return nothing()
        return super().push_screen(*args, **kwargs)

    def pop_screen(self) -> AwaitComplete:
        """Pop the top screen (as Textual does), but never the last one."""
        if len(self.screen_stack) <= 1:
            return nothing()
        return super().pop_screen()

    def action_command_palette(self) -> None:
        """Open the command palette (one that closes only once, however fast Enter is typed)."""
        if self.use_command_palette and not isinstance(self.screen, CommandPalette):
            self.push_screen(GuardedCommandPalette(id="--command-palette"))

    def _unless_leaving(self, callback: Callable[[], Any]) -> Any:
        if self.leaving:
            return None
        return callback()

    def search_themes(self) -> None:
        """Show the themes to pick from (the palette's Theme command), closed only once."""
        from textual.theme import ThemeProvider

        self.push_screen(
            GuardedCommandPalette(providers=[ThemeProvider], placeholder="Search for themes…")
        )

    # ----------------------------------------------------------------------------- ending

    def stop_sessions(self) -> None:
        """Stop every running session at once; each is saved as stopped."""
        for screen in self._runners():
            screen.stop_now()

    def end_now(self) -> None:
        """Stop the sessions and exit with code 130 (the terminal closed, or SIGTERM)."""
        self.action_interrupt()

    def call_threadsafe(self, callback: Callable[[], object]) -> bool:
        """Run ``callback`` on the app's event loop, from any thread.

        Args:
            callback: what to run.

        Returns:
            False when the loop is not running (not yet, or no longer).
        """
        loop = self._ui_loop
        if loop is None or loop.is_closed():
            return False
        try:
            loop.call_soon_threadsafe(callback)
        except RuntimeError:
            return False
        return True

    def wait_for_history(self, timeout: float) -> None:
        """Block until every session's history is written (call it off the event loop).

        Args:
            timeout: seconds to wait for each session's recorder.
        """
        from stretchtimer.sinks import wait_for_history

        sinks: list[object] = []
        if self.session_sinks is not None:
            sinks.extend(self.session_sinks.recorders)
        for screen in self._runners():
            sinks.extend(screen.driver.sinks)
        wait_for_history(sinks, timeout)

    def action_interrupt_key(self) -> None:
        """Ctrl+C pressed in the app: give back the window title, then stop and quit."""
        for screen in self._runners():
            screen.give_back_title()
        self.action_interrupt()

    def action_help(self) -> None:
        """Show the keys."""
        from stretchtimer.tui.modals import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    # ----------------------------------------------------------------------------- settings

    def watch_theme(self, theme: str) -> None:
        """Remember a theme picked in the command palette."""
        if theme != self.settings.theme:
            self.settings = replace(self.settings, theme=theme)
            if self.save_config:
                self._save_settings(self.settings)

    @work(thread=True, exclusive=True, group="settings")
    def _save_settings(self, settings: Settings) -> None:
        try:
            save_settings(settings)
        except OSError as exc:
            self.call_from_thread(
                self.notify, f"Could not save settings: {exc}", severity="warning"
            )


def make_app(
    *,
    routine: Routine | None = None,
    clock: Clock = time.monotonic,
    settings: Settings | None = None,
    notices: Sequence[str] = (),
    sinks_factory: SinksFactory | None = None,
    save_config: bool = True,
    watch_interval: float | None = 2.0,
    sound: SoundOptions | None = None,
    history: bool = False,
    voice: VoiceOptions | None = None,
    routines: RoutineReader | None = None,
) -> StretchApp:
    """Build the app, for the command line and for the tests alike.

    Args:
        routine: run this routine at once; None opens the home screen.
        clock: the clock sessions use (a ``FakeClock`` in tests).
        settings: the settings; read from the config file when None.
        notices: messages to show once the app is up.
        sinks_factory: builds the event sinks (audio, history) for each session.
        save_config: write theme changes to the config file.
        watch_interval: seconds between checks of the routines folder; None to not watch.
        sound: play cue sounds with these options (when no ``sinks_factory`` is given).
        history: record sessions in the user's history file (when no ``sinks_factory``).
        voice: speak with these options (when no ``sinks_factory``).
        routines: the routines, already being read, for the first home screen.
    """
    notices = list(notices)
    if settings is None:
        settings, notice = load_settings()
        if notice:
            notices.append(notice)
    return StretchApp(
        routine=routine,
        clock=clock,
        settings=settings,
        notices=notices,
        sinks_factory=sinks_factory,
        save_config=save_config,
        watch_interval=watch_interval,
        sound=sound,
        history=history,
        voice=voice,
        routines=routines,
    )


def run_app(
    routine: Routine | None = None,
    no_sound: bool = False,
    volume: int | None = None,
    voice: str | None = None,
    routines: RoutineReader | None = None,
) -> int:
    """Run the full-screen app until the user quits; return the exit code.

    Args:
        routine: run this routine at once; None opens the home screen.
        no_sound: turn cue sounds off for this run (the saved setting is not changed).
        volume: cue volume 0-100 for this run (the saved setting is not changed).
        voice: ``brief``, ``full`` or ``off`` for this run; None uses the setting.
        routines: the routines, already being read, for the home screen.
    """
    from stretchtimer.audio.options import resolve
    from stretchtimer.voice.options import resolve_voice

    settings, notice = load_settings()
    sound = resolve(
        no_sound=no_sound,
        volume=volume,
        settings_sound=settings.sound,
        settings_backend=settings.sound_backend,
        settings_volume=settings.volume,
    )
    speech = resolve_voice(voice, settings)
    app = make_app(
        routine=routine,
        settings=settings,
        notices=[*([notice] if notice else []), *sound.notes, *speech.notes],
        sound=sound,
        history=True,
        voice=speech,
        routines=routines,
    )
    app.end_guard = EndGuard(app)
    app.end_guard.install()
    # Textual writes each frame from a thread of its own, which waits for the interpreter while
    # the event loop works on (up to Python's switch interval, 5 ms by default): the first
    # frame, drawn while the app still settles in, reaches the terminal sooner with 1 ms
    sys.setswitchinterval(SWITCH_INTERVAL)
    try:
        app.run()
    finally:
        if app.session_sinks is not None:
            app.session_sinks.close()  # stop playback before the process exits
    return app.return_code or 0
