"""``stretchtimer doctor [--play [CUE]] [--say TEXT]``: say which sound backend and voice are used.

Prints the backend chosen, the ones passed over and why, where the preference came from, the
volume and the sound files found; ``--play`` plays every cue (or one) through the backend.
Exit code 0 when all is well (silence that is explained counts as well), 1 when a sound file is
missing or a cue could not be played.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from stretchtimer.commands import _voice_doctor
from stretchtimer.commands._common import add_volume_argument, say

if TYPE_CHECKING:
    from stretchtimer.audio.player import CuePlayer
    from stretchtimer.audio.sounds import Cue

# The cue names, spelled out so that building the parser imports no audio module.
CUE_NAMES = ("start", "tick", "end", "switch", "rep_up", "rep_down", "finished")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the command's arguments.

    Args:
        parser: the subcommand's parser.
    """
    parser.add_argument(
        "--sound",
        choices=("auto", "simpleaudio", "command", "bell", "off"),
        default=None,
        help="the backend to try first (default: STRETCHTIMER_SOUND, your setting, or auto)",
    )
    parser.add_argument("--no-sound", action="store_true", help="turn sound off")
    add_volume_argument(parser)
    parser.add_argument(
        "--play",
        nargs="?",
        const="all",
        default=None,
        choices=("all", *CUE_NAMES),
        metavar="CUE",
        help="play every cue, or just CUE (" + ", ".join(CUE_NAMES) + ")",
    )
    _voice_doctor.add_arguments(parser)


def run(args: argparse.Namespace) -> int:
    """Print the sound diagnosis, and play cues with ``--play``.

    Args:
        args: the parsed arguments.

    Returns:
        The exit code.
    """
    from stretchtimer.audio.options import open_player, options_from_args
    from stretchtimer.audio.sounds import Cue
    from stretchtimer.config import load_settings

    settings, notice = load_settings()
    if notice:
        say(f"note: {notice}")
    options = options_from_args(args, settings)
    for note in options.notes:
        say(f"note: {note}")
    player, choice = open_player(options)
    ok = True
    try:
        say(f"Sound: {choice.describe()}")
        how = "the default" if options.source == "default" else f"from {options.source}"
        say(f"  preference: {options.preference} ({how})")
        say("  (choose with STRETCHTIMER_SOUND or sound_backend in the settings file;")
        say("   try one with 'stretchtimer doctor --sound NAME --play')")
        if choice.tried:
            say("  passed over:")
            for line in choice.tried:
                say(f"    - {line}")
        say(f"  volume: {options.volume}%")
        problems = player.bank.load_all()
        found = len(Cue) - len(problems)
        say(f"Sound files: {player.bank.folder} ({found} of {len(Cue)} found)")
        for problem in problems:
            say(f"  problem: {problem}")
        ok = not problems
        if args.play and choice.backend.name == "off":
            say(f"Nothing to play ({choice.describe()}).")
        elif args.play and not problems:
            cues = list(Cue) if args.play == "all" else [Cue(args.play)]
            ok = _play(player, cues)
        ok = _voice_doctor.report(args, settings, player) and ok
    finally:
        player.close()
    from stretchtimer.reminders.report import doctor_lines

    for text in doctor_lines(settings.terminal):
        print(text)
    return 0 if ok else 1


def _play(player: CuePlayer, cues: list[Cue]) -> bool:
    """Play cues one after the other, printing each; return False if one failed."""
    ok = True
    for cue in cues:
        before = len(player.errors)
        player.request(cue)
        player.wait_idle()
        player.backend.wait(player.bank.get(cue).seconds + 2.0)
        failed = player.errors[before:]
        say(f"played {cue.value}" + (f": FAILED ({failed[0]})" if failed else ""))
        sys.stdout.flush()
        ok = ok and not failed
    return ok
