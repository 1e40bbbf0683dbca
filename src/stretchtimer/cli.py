"""Command-line entry point: parses arguments and hands over to one command module.

Each command lives in ``stretchtimer.commands.<name>`` with ``run(args) -> int`` and, when it
takes arguments, ``add_arguments(parser)``. Command modules import heavy things (textual,
yaml, sqlite3) inside ``run`` only, so ``stretchtimer --version`` and the non-UI commands
start fast.
"""

from __future__ import annotations

import importlib
import os
import sys
from collections.abc import Sequence

from stretchtimer import __version__

TYPE_CHECKING = False  # not typing's: importing typing costs milliseconds at every `status`
if TYPE_CHECKING:
    import argparse
    from typing import Protocol

    class _Command(Protocol):
        def run(self, args: argparse.Namespace) -> int: ...

DEBUG_ENV = "STRETCHTIMER_DEBUG"
EXIT_BUG = 70  # EX_SOFTWARE: an internal error

# name -> one-line help; the order is the order of ``--help``.
COMMANDS: dict[str, str] = {
    "list": "list the routines (built-in and yours) with their total time",
    "show": "show a routine's expanded timeline and total time (a dry run)",
    "run": "run a routine (full-screen, or --plain for one line per step)",
    "validate": "check routine files; exit 1 if any has a problem",
    "new": "create a new routine from a commented template in your routines folder",
    "history": "show streaks and recent sessions, or export them (--json, --csv)",
    "status": "one line for a shell prompt: today against your goal, and your streak",
    "remind": "reminders through desktop notifications: add, list, remove, test, install",
    "schema": "print the JSON Schema of the routine format",
    "paths": "show where routines, history and settings live, and the sound backend",
    "doctor": "say which sound backend is used and why; --play plays the cues",
}


def _module(name: str) -> _Command:
    module: _Command = importlib.import_module(f"stretchtimer.commands.{name}")
    return module


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser with every available subcommand."""
    import argparse  # here, not at the top: `status` at a shell prompt parses its own

    parser = argparse.ArgumentParser(
        prog="stretchtimer",
        description=(
            "Guided stretching routines in your terminal. With no command, opens the app."
        ),
        epilog="Run 'stretchtimer COMMAND --help' for a command's options.",
    )
    parser.add_argument("--version", action="version", version=f"stretchtimer {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, help_text in COMMANDS.items():
        try:
            module = _module(name)
        except ModuleNotFoundError as exc:
            if exc.name != f"stretchtimer.commands.{name}":
                raise
            continue
        description = help_text[:1].upper() + help_text[1:]  # not capitalize(): keeps "JSON"
        cmd_parser = sub.add_parser(name, help=help_text, description=description)
        add_arguments = getattr(module, "add_arguments", None)  # optional
        if add_arguments is not None:
            add_arguments(cmd_parser)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line and return the exit code.

    Args:
        argv: the arguments without the program name; ``sys.argv[1:]`` when None.
    """
    from stretchtimer.output import closed_output_message, encoding_note, prepare_streams

    argv = sys.argv[1:] if argv is None else list(argv)
    prepare_streams(escape=argv[:1] != ["status"])  # status writes its own ASCII line
    closed = closed_output_message()
    if closed:
        print(closed, file=sys.stderr)
        return 1
    try:
        return _main(argv)
    finally:
        note = encoding_note()
        if note:
            print(note, file=sys.stderr)


def _main(argv: Sequence[str] | None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    fast = argv[:1] == ["status"]  # runs at every shell prompt: skip building every parser
    if not fast:
        args = build_parser().parse_args(argv)
    try:
        if fast:
            from stretchtimer.commands import status

            return status.main(argv[1:])
        return _module(args.command or "home").run(args)
    except KeyboardInterrupt:
        print("stretchtimer: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except Exception as exc:  # a bug: one line for the user, the traceback on request
        if os.environ.get(DEBUG_ENV):
            raise
        from stretchtimer.safe_text import visible_line

        print(f"stretchtimer: unexpected error: {type(exc).__name__}: {visible_line(str(exc))} "
              f"(set {DEBUG_ENV}=1 to see where; please report it)", file=sys.stderr)
        return EXIT_BUG
