"""The runner screen's layout rules and keys, apart from the screen itself.

How many rows the parts of the runner take, how much room the cue gets, how big the paced
reps letters are, and the runner's key bindings (made from the session key table).
"""

from __future__ import annotations

from textual.binding import Binding, BindingType

from stretchtimer.session.actions import SESSION_KEYS, Action
from stretchtimer.tui.display import Display
from stretchtimer.tui.widgets.blockfont import word_width

CHROME_ROWS = 4
"""Rows outside ``#main``: the top bar, the progress row, the next line and the footer."""
CHROME_COLUMNS = 4
"""Columns outside ``#main``'s content (its padding)."""
CUE_ROWS = 4
"""Rows kept for the cue when the clock is sized; it takes any rows left over as well."""
CUE_WIDTH = 72
"""The widest the cue is set, for lines that read easily."""
ROOMY_ROWS = 11 + CUE_ROWS
"""Rows ``#main`` needs besides the clock at the most (paused banner and its margin, label,
the side in block letters and the side line, the clock's margins, the target line and its
margin, the cue). Paced reps use the clock's rows and the target's for the repetition, its
phase and a small countdown."""
COMPACT_ROWS = 7 + CUE_ROWS
"""The same with the ``-compact`` class, which drops the margins."""
REP_WIDTH = word_width("99/99")
"""Columns of the widest repetition count in the block letters."""
PHASE_WIDTH = word_width("DOWN 9")
"""Columns of the widest tempo phase with its seconds (up to 9) in the block letters."""
REPS_GAP = 6
"""Columns between the count and the phase (``#rep-box``'s right margin)."""
NOTICE_SECONDS = 10.0
"""How long a notice stays in the banner row."""


def runner_bindings() -> list[BindingType]:
    """Return the runner's bindings, made from the session key table shared with --plain.

    The +10 s and -10 s keys stay out of the footer, which has no room for them at 80
    columns (the help, the command palette and ``--help`` list them).
    """
    quiet = (Action.MORE, Action.LESS)
    bindings: list[BindingType] = [
        Binding(
            ",".join(row.keys),
            row.action.value,
            row.label,
            id=f"runner.{row.action.value}",
            show=row.action not in quiet,
        )
        for row in SESSION_KEYS
    ]
    bindings.append(Binding("i", "show_cue", "Whole cue", id="runner.show_cue"))
    return bindings


def reps_factor(clock_scale: int, width: int) -> int:
    """Return how big the paced reps letters are: 2 where the clock would be 10 rows tall.

    Args:
        clock_scale: the scale the countdown fitted at (0 for 3 rows, n for 5 x n rows).
        width: the columns of ``#main``.
    """
    fits = width >= 2 * (REP_WIDTH + PHASE_WIDTH) + REPS_GAP
    return 2 if clock_scale >= 2 and fits else 1


def cue_rows(
    height: int, shown: Display, *, compact: bool, clock_scale: int, reps_factor: int
) -> int:
    """Return the rows the cue gets: those of ``#main`` that nothing else uses (at least 1).

    Args:
        height: the screen's rows.
        shown: what the runner shows.
        compact: the margins are dropped.
        clock_scale: the countdown's scale (0 for 3 rows, n for 5 x n rows).
        reps_factor: the size of the paced reps letters.
    """
    used = 1 + (0 if compact else 1)  # the banner row and its margin
    used += 1  # the label
    used += 3 if shown.side else 0
    used += 1 if shown.detail else 0
    used += 3 if clock_scale == 0 else 5 * clock_scale
    used += 0 if compact else 2  # the clock's margins
    if shown.phase:
        used += 1 + 3 * reps_factor
    if shown.target:
        used += 1 + (0 if compact else 1)
    return max(height - CHROME_ROWS - used, 1)
