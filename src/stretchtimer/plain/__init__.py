"""The plain front end: a routine as plain lines in the terminal, with the runner's keys.

A peer of the full-screen front end in :mod:`stretchtimer.tui`; both drive a session through
:class:`stretchtimer.session.driver.SessionDriver`.
"""

from stretchtimer.plain.lines import header_lines, segment_line, summary_line
from stretchtimer.plain.runner import run_plain

__all__ = ["header_lines", "run_plain", "segment_line", "summary_line"]
