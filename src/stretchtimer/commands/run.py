"""``stretchtimer run ROUTINE [--plain] [--no-sound] [--volume 0-100]``: run a routine.

Without ``--plain`` the full-screen app opens on the routine. With ``--plain`` the routine runs as
plain lines (see :mod:`stretchtimer.plain`). Exit codes: 0 when the routine was completed, 1 when
the routine cannot be read or the UI cannot start, 2 when the full-screen app is asked for
without a terminal (standard input and output must both be one), 130 when it was stopped with
Ctrl+C (like any interrupted command, so a script can tell a finished routine from a stopped
one).
"""

from __future__ import annotations

import argparse
import signal
import sys
from typing import TYPE_CHECKING

from stretchtimer.commands._common import add_routine_argument, add_volume_argument

if TYPE_CHECKING:
    from stretchtimer.routines.model import Routine

EXIT_STOPPED = 130
# The voice levels, spelled out so that building the parser imports no settings module (a
# test checks they are ``config.VOICE_LEVELS``).
VOICE_LEVELS = ("brief", "full", "off")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the command's arguments.

    Args:
        parser: the subcommand's parser.
    """
    add_routine_argument(parser)
    parser.add_argument(
        "--plain",
        action="store_true",
        help="no full-screen UI: one line per step, for screen readers, logs, SSH and scripts "
        "(Ctrl+C stops; exit code 0 when completed, 130 when stopped)",
    )
    parser.add_argument("--no-sound", action="store_true", help="do not play the cue sounds")
    add_volume_argument(parser)
    parser.add_argument(
        "--voice",
        choices=VOICE_LEVELS,
        default=None,
        help="spoken guidance: brief, full (also reads each step's cue) or off "
        "(default: your setting in full screen, off with --plain)",
    )


def _warn(message: str) -> None:
    from stretchtimer.commands._common import say

    say(f"stretchtimer: {message}", file=sys.stderr, flush=True)


def _interrupt_on_hangup() -> None:
    """Make SIGTERM and SIGHUP stop the session like Ctrl+C (summary and history kept)."""

    def handler(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    for name in ("SIGTERM", "SIGHUP"):
        sig = getattr(signal, name, None)
        if sig is not None:
            signal.signal(sig, handler)


def run(args: argparse.Namespace) -> int:
    """Run the routine named by ``args.routine``.

    Args:
        args: the parsed arguments.

    Returns:
        The exit code.
    """
    if args.plain:
        return _run(args)
    from stretchtimer.tui.startup import collector_held

    with collector_held():  # the full-screen app's start-up, until its first frame
        return _run(args)


def _run(args: argparse.Namespace) -> int:
    from stretchtimer.commands._common import say
    from stretchtimer.routines.library import resolve
    from stretchtimer.routines.problems import RoutineError, RoutineNotFoundError
    from stretchtimer.safe_text import visible_line

    try:
        routine = resolve(args.routine)
    except RoutineNotFoundError as exc:
        for problem in exc.problems:
            say(f"stretchtimer: {visible_line(str(problem))}", file=sys.stderr)
        return 1
    except RoutineError as exc:  # an invalid file: one ``path:line:col: message`` per problem
        for problem in exc.problems:
            say(visible_line(str(problem)), file=sys.stderr)
        return 1
    if not args.plain:
        from stretchtimer.tui.terminal import terminal_problem

        no_terminal = terminal_problem()
        if no_terminal:
            print(
                f"stretchtimer: {no_terminal}. Add --plain to run it as plain lines, one per step.",
                file=sys.stderr,
            )
            return 2
        try:
            from stretchtimer.tui.app import run_app
        except ImportError as exc:
            say(
                f"stretchtimer: the full-screen app is not available ({exc}); use --plain",
                file=sys.stderr,
            )
            return 1
        return run_app(
            routine=routine, no_sound=args.no_sound, volume=args.volume, voice=args.voice
        )

    return run_plain_session(routine, args)


def run_plain_session(routine: Routine, args: argparse.Namespace) -> int:
    """Run a routine with the plain front end, with history and sound; return the exit code.

    The sinks are assembled as for the full-screen app (:class:`~stretchtimer.sinks.SessionSinks`)
    and closed however the session ends, so no history is lost and playback stops before exit.
    Their notices (no sound device, history unavailable) go to stderr.

    Args:
        routine: the routine to run.
        args: the parsed arguments (``no_sound``, ``volume``, ``voice``).
    """
    from stretchtimer.audio.options import options_from_args
    from stretchtimer.config import load_settings
    from stretchtimer.plain import run_plain
    from stretchtimer.session.events import SessionStatus
    from stretchtimer.session.plan import build_plan
    from stretchtimer.sinks import SessionSinks, wait_for_voice
    from stretchtimer.voice.options import resolve_voice

    plan = build_plan(routine)
    _interrupt_on_hangup()
    settings, _ = load_settings()
    session_sinks = SessionSinks(
        options_from_args(args, settings),
        _warn,
        voice=resolve_voice(args.voice, settings, plain=True),
    )
    try:
        session_sinks.open_sound()
        sinks = session_sinks(plan)
        wait_for_voice(sinks)  # the get-ready phrase, on a first run
        summary = run_plain(plan, sinks=sinks)  # closes the session's sinks
    finally:
        session_sinks.close(let_finish=1.5)
    return 0 if summary.status is SessionStatus.COMPLETED else EXIT_STOPPED
