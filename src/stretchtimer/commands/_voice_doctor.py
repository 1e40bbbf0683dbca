"""The voice part of ``stretchtimer doctor``: the speech engine, its voice, and ``--say``."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from stretchtimer.commands._common import say
from stretchtimer.safe_text import visible_line

if TYPE_CHECKING:
    from stretchtimer.audio.player import CuePlayer
    from stretchtimer.config import Settings
    from stretchtimer.voice.cache import PhraseCache
    from stretchtimer.voice.engines import SpeechEngine


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add ``--say TEXT`` and ``--language TAG`` to the doctor's parser.

    Args:
        parser: the doctor's parser.
    """
    parser.add_argument(
        "--say",
        metavar="TEXT",
        default=None,
        help="speak TEXT with the voice, through the sound backend",
    )
    parser.add_argument(
        "--language",
        metavar="TAG",
        default="en",
        help="the language whose voice to pick (default: en)",
    )


def report(args: argparse.Namespace, settings: Settings, player: CuePlayer) -> bool:
    """Print the voice diagnosis and speak ``--say``; return False when speaking failed.

    Args:
        args: the doctor's parsed arguments.
        settings: the user's settings.
        player: the doctor's cue player (the same audio path as a session's).
    """
    from stretchtimer.voice.cache import PhraseCache
    from stretchtimer.voice.options import resolve_voice
    from stretchtimer.voice.sink import engine_for

    options = resolve_voice(None, settings)
    for note in options.notes:
        say(f"note: {note}")
    choice = engine_for(options, args.language)
    say(
        f"Voice: {visible_line(choice.describe())}"
        if choice.engine is not None
        else "Voice: none works; the beeps go on"
    )
    how = "the default" if options.source == "default" else f"from {options.source}"
    say(
        f"  level in the full-screen runner: {options.level.value} ({how}); "
        "the plain runner speaks with --voice"
    )
    say(
        f"  engine preference: {options.engine}; language: {visible_line(args.language)}"
        + (f"; voice_name: {visible_line(options.voice_name)}" if options.voice_name else "")
    )
    say("  (choose with voice, voice_engine, voice_name and voice_rate in the settings file;")
    say("   try it with 'stretchtimer doctor --say \"Left side\"')")
    for line in choice.tried:
        say(f"  passed over: {visible_line(line)}")
    for line in choice.notes:
        say(f"  note: {visible_line(line)}")
    cache = PhraseCache()
    count = len(list(cache.folder.glob("*.wav"))) if cache.folder.is_dir() else 0
    say(f"  phrase cache: {cache.folder} ({count} phrases)")
    if args.say is None:
        return True
    if choice.engine is None:
        say("Nothing to say with: no speech engine works (see above).")
        return False
    if player.backend.name in ("off", "bell"):
        say(f"Nothing to say through: {player.backend.describe()}.")
        return False
    return _say(args.say, choice.engine, cache, player)


def _say(text: str, speech: SpeechEngine, cache: PhraseCache, player: CuePlayer) -> bool:
    from stretchtimer.voice.engines import SAMPLE_RATE, SpeechError

    try:
        frames = cache.load(speech, text)
    except SpeechError as exc:
        say(f"said: FAILED ({visible_line(str(exc))})")
        return False
    sound = player.phrase_sound(frames, SAMPLE_RATE, cache.path_for(speech, text))
    before = len(player.errors)
    player.say(sound, label=text)
    player.wait_quiet(sound.seconds + 5.0)
    failed = player.errors[before:]
    seconds = len(frames) / (2 * SAMPLE_RATE)
    say(
        f"said: {visible_line(text)} ({seconds:.1f} s)"
        + (f": FAILED ({visible_line(failed[0])})" if failed else ""),
        flush=True,
    )
    return not failed
