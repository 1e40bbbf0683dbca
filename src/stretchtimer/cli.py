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
    "edit": "open a routine in your editor (a built-in one is copied to your folder first)",
    "history": "show streaks and recent sessions, or export them (--json, --csv)",
    "status": "one line for a shell prompt: today against your goal, and your streak",
    "remind": "reminders through desktop notifications: add, list, remove, test, install",
    "schema": "print the JSON Schema of the routine format",
    "paths": "show where routines, history and settings live, and the sound backend",
    "doctor": "say which sound backend is used and why; --play plays the cues",
}


# name -> two or three example command lines, shown at the end of the command's --help.
EXAMPLES: dict[str, tuple[str, ...]] = {
    "list": ("stretchtimer list", "stretchtimer list | grep legs"),
    "show": ("stretchtimer show leg-cramp-prevention", "stretchtimer show ./morning-legs.yaml"),
    "run": ("stretchtimer run leg-cramp-prevention",
            "stretchtimer run bedtime-legs --volume 40",
            "stretchtimer run leg-cramp-prevention --plain --no-sound"),
    "validate": ("stretchtimer validate morning-legs.yaml",
                 "stretchtimer validate ~/routines/*.yaml"),
    "new": ("stretchtimer new 'Morning legs'", "stretchtimer new 'Morning legs' --edit"),
    "edit": ("stretchtimer edit morning-legs",
             "stretchtimer edit leg-cramp-prevention   # copies the built-in one first",
             "EDITOR='code --wait' stretchtimer edit morning-legs"),
    "history": ("stretchtimer history --since 2026-01-01",
                "stretchtimer history --routine leg-cramp-prevention --limit 20",
                "stretchtimer history --csv > sessions.csv"),
    "status": ("stretchtimer status",
               "stretchtimer status --format '{mark} {streak}d'",
               "stretchtimer status -q || stretchtimer run leg-cramp-prevention"),
    "remind": ("stretchtimer remind add 08:00 19:30 --routine leg-cramp-prevention",
               "stretchtimer remind add --every 50m --between 09:00-17:30 --days mon-fri",
               "stretchtimer remind list"),
    "schema": ("stretchtimer schema > stretchtimer.schema.json",),
    "paths": ("stretchtimer paths",),
    "doctor": ("stretchtimer doctor", "stretchtimer doctor --play",
               "stretchtimer doctor --sound bell --play end"),
}
ENVIRONMENT: tuple[tuple[str, str], ...] = (
    ("STRETCHTIMER_CONFIG_DIR", "folder of config.toml and your routines/"),
    ("STRETCHTIMER_DATA_DIR", "folder of the history"),
    ("STRETCHTIMER_SOUND", "sound backend: auto, simpleaudio, command, bell or off"),
    ("STRETCHTIMER_DEBUG", "set to 1 to see the traceback of an unexpected error"),
    ("VISUAL, EDITOR", "the editor for 'edit', 'new --edit' and the app's e and n keys"),
    ("NO_COLOR", "set to anything to turn colours off"),
)


def examples_text(name: str) -> str | None:
    """Return the "examples:" block of a command's --help, or None when it has none.

    Args:
        name: the command's name.
    """
    lines = EXAMPLES.get(name)
    if not lines:
        return None
    return "examples:\n" + "\n".join(f"  {line}" for line in lines)


def main_epilog() -> str:
    """Return the end of ``stretchtimer --help``: the runner's keys, the environment, examples."""
    from stretchtimer.session.actions import SESSION_KEYS, key_label

    keys = [f"  {' or '.join(key_label(k) for k in row.keys):<12} {row.help}"
            for row in SESSION_KEYS]
    keys.append(f"  {'i':<12} show the whole cue (full-screen runner)")
    env = [f"  {name:<24} {what}" for name, what in ENVIRONMENT]
    examples = ["  stretchtimer                          # the app: pick a routine",
                "  stretchtimer run leg-cramp-prevention",
                "  stretchtimer new 'Morning legs' --edit"]
    return "\n".join([
        "keys while a routine runs (full-screen and --plain):", *keys, "",
        "environment:", *env, "",
        "examples:", *examples, "",
        "Run 'stretchtimer COMMAND --help' for a command's options and examples.",
    ])


def _module(name: str) -> _Command:
    module: _Command = importlib.import_module(f"stretchtimer.commands.{name}")
    return module


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser with every available subcommand."""
    import argparse  # here, not at the top: `status` at a shell prompt parses its own

    class MainParser(argparse.ArgumentParser):
        """The top-level parser; its long epilog is built only when --help is asked for."""

        def format_help(self) -> str:
            self.epilog = main_epilog()
            return super().format_help()

    parser = MainParser(
        prog="stretchtimer",
        description=(
            "Guided stretching routines in your terminal. With no command, opens the app."
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"stretchtimer {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND",
                                parser_class=argparse.ArgumentParser)
    for name, help_text in COMMANDS.items():
        try:
            module = _module(name)
        except ModuleNotFoundError as exc:
            if exc.name != f"stretchtimer.commands.{name}":
                raise
            continue
        description = help_text[:1].upper() + help_text[1:]  # not capitalize(): keeps "JSON"
        cmd_parser = sub.add_parser(name, help=help_text, description=description,
                                    epilog=examples_text(name),
                                    formatter_class=argparse.RawDescriptionHelpFormatter)
        add_arguments = getattr(module, "add_arguments", None)  # optional
        if add_arguments is not None:
            add_arguments(cmd_parser)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line and return the exit code.

    Args:
        argv: the arguments without the program name; ``sys.argv[1:]`` when None.
    """
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
