"""Command-line entry point: parses arguments and hands over to one command module.

Each command lives in ``stretchtimer.commands.<name>`` with ``run(args) -> int`` and, when it
takes arguments, ``add_arguments(parser)``. Command modules import heavy things (textual,
yaml, sqlite3) inside ``run`` only, so ``stretchtimer --version`` and the non-UI commands
start fast.
"""

from __future__ import annotations

import os
import sys

from stretchtimer import __version__

TYPE_CHECKING = False  # not typing's: importing typing costs more than `--version` itself
if TYPE_CHECKING:
    import argparse
    from collections.abc import Sequence
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
    "edit": "open a routine in your editor (a built-in one is copied to your folder first)",
    "history": "show streaks and recent sessions, or export them (--json, --csv)",
    "cramp": "log a leg cramp (asks when and how bad), or list, edit and delete them",
    "report": "print the cramp diary and the stretching record as one page for a doctor",
    "status": "one line for a shell prompt: today against your goal, and your streak",
    "remind": "reminders through desktop notifications: add, list, remove, test, install",
    "schema": "print the JSON Schema of the routine format",
    "paths": "show where routines, history and settings live, and the sound backend",
    "doctor": "say which sound backend is used and why; --play plays the cues",
}


def _module(name: str) -> _Command:
    import importlib

    module: _Command = importlib.import_module(f"stretchtimer.commands.{name}")
    return module


def _formatter(prog: str) -> argparse.HelpFormatter:
    """Return the help formatter: argparse's, sized as argparse sizes it, epilogs as written."""
    import argparse

    from stretchtimer.commands._common import terminal_columns

    return argparse.RawDescriptionHelpFormatter(prog, width=terminal_columns() - 2)


def _command_in(argv: Sequence[str]) -> str | None:
    """Return the subcommand named in ``argv`` (its first word not starting with ``-``)."""
    for word in argv:
        if word == "--":
            return None
        if not word.startswith("-"):
            return word if word in COMMANDS else None
    return None


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """Return the argument parser.

    Only the subcommand about to run is built, with its options, so a command's module is
    imported only when that command runs; with no command every subcommand is listed (for
    ``--help``), and with None every one is built in full.

    Args:
        only: the subcommand about to run, ``""`` when none is named, or None for all.
    """
    import argparse

    class MainParser(argparse.ArgumentParser):
        """The top-level parser; its long epilog is built only when --help is asked for."""

        def format_help(self) -> str:
            from stretchtimer.commands._help import main_epilog

            self.epilog = main_epilog()
            return super().format_help()

    class CommandParser(argparse.ArgumentParser):
        """A subcommand's parser; its examples are read only when its --help is asked for."""

        def format_help(self) -> str:
            if self.epilog is None:
                from stretchtimer.commands._help import examples_text

                self.epilog = examples_text(self.prog.rpartition(" ")[2])
            return super().format_help()

    parser = MainParser(
        prog="stretchtimer",
        description=(
            "Guided stretching routines in your terminal. With no command, opens the app."
        ),
        formatter_class=_formatter,
    )
    parser.add_argument("--version", action="version", version=f"stretchtimer {__version__}")
    # With `prog` given, argparse needs no help formatter (and no terminal size) to build it.
    sub = parser.add_subparsers(
        dest="command", metavar="COMMAND", prog=parser.prog, parser_class=CommandParser
    )
    for name, help_text in COMMANDS.items():
        if only is not None and name != only:
            if not only:  # no command given: list them all for --help and for errors
                sub.add_parser(name, help=help_text, add_help=False, formatter_class=_formatter)
            continue
        try:
            module = _module(name)
        except ModuleNotFoundError as exc:
            if exc.name != f"stretchtimer.commands.{name}":
                raise
            continue
        description = help_text[:1].upper() + help_text[1:]  # not capitalize(): keeps "JSON"
        cmd_parser = sub.add_parser(
            name, help=help_text, description=description, formatter_class=_formatter
        )
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
    words = sys.argv[1:] if argv is None else list(argv)
    if words == ["--version"]:  # answered before any parser is built
        print(f"stretchtimer {__version__}")
        return 0
    fast = words[:1] == ["status"]  # runs at every shell prompt: it parses its own options
    if not fast:
        args = build_parser(only=_command_in(words) or "").parse_args(words)
    try:
        if fast:
            from stretchtimer.commands import status

            return status.main(words[1:])
        return _module(args.command or "home").run(args)
    except KeyboardInterrupt:
        print("stretchtimer: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except Exception as exc:  # a bug: one line for the user, the traceback on request
        if os.environ.get(DEBUG_ENV):
            raise
        if isinstance(exc, OSError):  # a full disk or a terminal gone: not a bug
            from stretchtimer.output import output_failure_message

            message = output_failure_message(exc)
            if message:
                print(message, file=sys.stderr)
                return 1
        from stretchtimer.safe_text import visible_line

        print(
            f"stretchtimer: unexpected error: {type(exc).__name__}: {visible_line(str(exc))} "
            f"(set {DEBUG_ENV}=1 to see where; please report it)",
            file=sys.stderr,
        )
        return EXIT_BUG
