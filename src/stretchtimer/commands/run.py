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
import contextlib
import signal
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING

from stretchtimer.commands._common import add_routine_argument, volume_arg

if TYPE_CHECKING:
    from stretchtimer.session.events import Event
    from stretchtimer.session.plan import Plan

EXIT_STOPPED = 130



def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the command's arguments.

    Args:
        parser: the subcommand's parser.
    """
    add_routine_argument(parser)
    parser.add_argument(
        "--plain", action="store_true",
        help="no full-screen UI: one line per step, for screen readers, logs, SSH and scripts "
             "(Ctrl+C stops; exit code 0 when completed, 130 when stopped)",
    )
    parser.add_argument("--no-sound", action="store_true", help="do not play the cue sounds")
    parser.add_argument("--volume", type=volume_arg, default=None, metavar="0-100",
                        help="sound volume in percent (default: your setting)")


def open_sinks(
    args: argparse.Namespace, plan: Plan, stack: contextlib.ExitStack
) -> list[Callable[[Event], None]]:
    """Open the sinks of a plain session (history, then audio) and register their closing.

    The history recorder writes the session as it runs; the cue player plays the sounds. Each
    is closed by ``stack`` when the session ends, however it ends, so no history is lost and
    playback stops before exit. Their notices (no sound device, history unavailable) go to
    stderr.

    Args:
        args: the parsed arguments (``no_sound``, ``volume``).
        plan: the plan about to run.
        stack: closes the sinks when the run is over.
    """
    from stretchtimer.audio.options import open_player, options_from_args
    from stretchtimer.history.recorder import HistoryRecorder

    recorder = HistoryRecorder.for_plan(plan, on_notice=_warn)
    stack.callback(recorder.close)
    player, choice = open_player(options_from_args(args), on_error=_warn)
    stack.callback(player.close, let_finish=1.5)
    if choice.notice:
        _warn(choice.notice)
    recorder.begin()
    return [recorder, player]


def _warn(message: str) -> None:
    print(f"stretchtimer: {message}", file=sys.stderr, flush=True)


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
    from stretchtimer.routines.library import resolve
    from stretchtimer.routines.problems import RoutineError, RoutineNotFoundError

    try:
        routine = resolve(args.routine)
    except RoutineNotFoundError as exc:
        for problem in exc.problems:
            print(f"stretchtimer: {problem}", file=sys.stderr)
        return 1
    except RoutineError as exc:  # an invalid file: one ``path:line:col: message`` per problem
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        return 1
    if not args.plain:
        from stretchtimer.tui.terminal import terminal_problem

        no_terminal = terminal_problem()
        if no_terminal:
            print(f"stretchtimer: {no_terminal}. Add --plain to run it as plain lines, "
                  "one per step.", file=sys.stderr)
            return 2
        try:
            from stretchtimer.tui.app import run_app
        except ImportError as exc:
            print(f"stretchtimer: the full-screen app is not available ({exc}); "
                  "use --plain", file=sys.stderr)
            return 1
        return run_app(routine=routine, no_sound=args.no_sound, volume=args.volume)

    from stretchtimer.plain import run_plain
    from stretchtimer.session.events import SessionStatus
    from stretchtimer.session.plan import build_plan

    plan = build_plan(routine)
    _interrupt_on_hangup()
    with contextlib.ExitStack() as stack:
        record = run_plain(plan, sinks=open_sinks(args, plan, stack))
    return 0 if record.status is SessionStatus.COMPLETED else EXIT_STOPPED
