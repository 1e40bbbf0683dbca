"""``stretchtimer show ROUTINE``: the expanded timeline with times and the total (a dry run).

ROUTINE is an id (see ``stretchtimer list``) or a path. Each line gives the planned start, the
length ("until done" for a reps set without tempo) and the segment; the cue follows, indented.
"""

from __future__ import annotations

import argparse
import sys
import textwrap

from stretchtimer.commands._common import add_routine_argument

TYPE_CHECKING = False  # typing itself is not imported: quick commands stay quick
if TYPE_CHECKING:
    from stretchtimer.session.plan import Plan, Segment

MAX_WIDTH = 100


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the command's arguments.

    Args:
        parser: the subcommand's parser.
    """
    add_routine_argument(parser)
    parser.add_argument(
        "--speech",
        nargs="?",
        const="default",
        type=_speech_level,
        metavar="LEVEL",
        help="show what the voice says and when instead (LEVEL brief or full; "
        "default: your setting)",
    )


def _speech_level(text: str) -> str:
    """Parse ``--speech LEVEL``: ``brief`` or ``full`` (argparse ``type``)."""
    if text not in ("brief", "full", "default"):  # default: the const of a bare --speech
        raise argparse.ArgumentTypeError(f"expected brief or full, got {text!r}")
    return text


def _title(segment: Segment) -> str:
    from stretchtimer.session.plan import SegmentKind

    title = segment.describe()
    if segment.kind is SegmentKind.REPS and segment.reps is not None:
        title += f": {segment.reps} reps"
        if segment.tempo is not None:
            phases = ", ".join(f"{secs:g}s {name}" for name, secs in segment.tempo.phases())
            title += f" ({phases} each)"
    return title


def run(args: argparse.Namespace) -> int:
    """Print the routine's timeline.

    Args:
        args: the parsed arguments.

    Returns:
        0, or 1 when the routine cannot be found or is invalid.
    """
    from stretchtimer.commands._common import say, terminal_columns, total_text
    from stretchtimer.routines.library import locate
    from stretchtimer.routines.problems import RoutineError
    from stretchtimer.safe_text import visible_line
    from stretchtimer.session.plan import build_plan
    from stretchtimer.session.timefmt import format_seconds

    try:
        entry = locate(args.routine)
    except RoutineError as exc:
        for problem in exc.problems:
            say(f"stretchtimer: {visible_line(str(problem))}", file=sys.stderr)
        return 1
    if entry.routine is None:
        for problem in entry.problems:
            say(visible_line(str(problem)), file=sys.stderr)
        return 1
    routine = entry.routine
    plan = build_plan(routine)
    width = min(terminal_columns(), MAX_WIDTH)
    if getattr(args, "speech", None):
        return _show_speech(args.speech, routine.name, plan, width)
    say(visible_line(f"{routine.name}  ({routine.id}, {entry.source}: {entry.path})"))
    for label, text in (("", routine.description), ("Caution: ", routine.caution)):
        if text:
            say()
            say(textwrap.fill(label + visible_line(" ".join(text.split())), width=width))
    say()
    say(f"{'START':>8}  {'LENGTH':>10}  STEP")
    indent = " " * 22
    untimed_before = False
    for segment, start in zip(plan.segments, plan.starts, strict=True):
        offset = format_seconds(start) + ("+?" if untimed_before else "")
        length = format_seconds(segment.duration) if segment.timed else "until done"
        title = visible_line(_title(segment))
        say(f"{offset:>8}  {length:>10}  {title}")
        cue = visible_line(" ".join(segment.cue.split())) if segment.cue else ""
        if cue and cue != title:
            say(textwrap.fill(cue, width=width, initial_indent=indent, subsequent_indent=indent))
        untimed_before = untimed_before or not segment.timed
    say()
    untimed = plan.has_untimed
    note = " (plus the time of the sets that run until you mark them done)" if untimed else ""
    say(f"Total {total_text(plan)}{note}")
    return 0


def _show_speech(level_name: str, name: str, plan: Plan, width: int) -> int:
    """Print the speech script (``--speech``)."""
    from stretchtimer.commands._common import say
    from stretchtimer.commands._speech import speech_lines
    from stretchtimer.config import load_settings
    from stretchtimer.safe_text import visible_line
    from stretchtimer.voice.script import Level

    settings, _ = load_settings()
    if level_name == "default":
        level_name = settings.voice if settings.voice != Level.OFF.value else Level.BRIEF.value
    say(visible_line(name))
    for line in speech_lines(plan, Level(level_name), settings.voice_rate, width):
        say(line)
    return 0
