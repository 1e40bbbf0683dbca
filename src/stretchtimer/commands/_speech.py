"""``stretchtimer show ROUTINE --speech``: the speech script, each phrase with its time."""

from __future__ import annotations

import textwrap
from typing import TYPE_CHECKING

from stretchtimer.safe_text import visible_line

if TYPE_CHECKING:
    from stretchtimer.session.plan import Plan
    from stretchtimer.voice.script import Level


def speech_lines(plan: Plan, level: Level, rate: int, width: int) -> list[str]:
    """Return the lines that show what the voice says and when.

    Each phrase gets its planned time from the start (``+?`` after a set that runs until
    marked done). Parts the estimate at ``rate`` finds no time for (the step instructions the
    ``full`` level adds) are listed under their phrase; a phrase with no time at all is marked.

    Args:
        plan: the plan.
        level: ``brief`` or ``full``.
        rate: the voice's words per minute, for the estimate.
        width: the width to wrap to.
    """
    from stretchtimer.audio.sounds import SoundBank, SoundError
    from stretchtimer.session.timefmt import format_seconds
    from stretchtimer.voice.messages import catalogue_for
    from stretchtimer.voice.script import STREAK_MIN, estimate_seconds, fit, speech_script

    cat = catalogue_for(plan.routine.language)
    bank = SoundBank()
    language = visible_line(plan.routine.language)
    fixed = "English" if cat.language == "en" else cat.language
    head = (
        f"Voice: {level.value}; language {language} (fixed phrases in {fixed}); "
        f"{rate} words a minute. Times are planned; what fits is estimated."
    )
    lines = [*textwrap.wrap(head, width=width), ""]
    indent = " " * 9
    for phrase in speech_script(plan, level, catalogue=cat):
        lead = 0.0
        if phrase.cue is not None:
            try:
                lead = bank.get(phrase.cue).seconds
            except SoundError:
                lead = 0.0
        count = fit(phrase, [estimate_seconds(part, rate) for part in phrase.parts], lead)
        when = format_seconds(phrase.moment) + ("+?" if phrase.after_untimed else "")
        said = " ".join(phrase.parts[: max(count, 1)])
        if phrase.key[0] == "end":
            example = cat.sentences(cat.say("streak", days=cat.number(STREAK_MIN + 1)))
            said += f' (and "{example}" when the session makes your streak grow)'
        text = visible_line(said if count else f"{said} [no time for it: not said]")
        lines.extend(
            textwrap.wrap(
                text, width=width, initial_indent=f"{when:>7}  ", subsequent_indent=indent
            )
            or [f"{when:>7}"]
        )
        rest = phrase.parts[max(count, 1) :]
        if rest:
            lines.extend(
                textwrap.wrap(
                    visible_line("no time for: " + " ".join(rest)),
                    width=width,
                    initial_indent=indent,
                    subsequent_indent=indent,
                )
            )
    return lines
