"""Problems found in routine files, and the error that carries them."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from stretchtimer.safe_text import visible_line


@dataclass(frozen=True, slots=True, order=True)
class Problem:
    """One problem in a routine file.

    Attributes:
        path: the file as the user named it (or ``<text>``).
        line: 1-based line, or 0 when the problem has no position (a missing file).
        column: 1-based column, or 0 with ``line``.
        message: what is wrong, for a person.
    """

    path: str
    line: int
    column: int
    message: str

    def __str__(self) -> str:
        """Return ``PATH:LINE:COL: message`` (``PATH: message`` when there is no position).

        The path and the message are made safe for a terminal (see
        :func:`stretchtimer.safe_text.visible_line`): a file name or a quoted value never
        carries a control character to the screen.
        """
        path, message = visible_line(self.path), visible_line(self.message)
        if self.line <= 0:
            return f"{path}: {message}"
        return f"{path}:{self.line}:{self.column}: {message}"


class RoutineError(Exception):
    """A routine could not be loaded; ``problems`` lists every reason, in file order."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems: list[Problem] = list(problems)
        super().__init__("\n".join(str(problem) for problem in self.problems))


class RoutineNotFoundError(RoutineError):
    """No routine matches an id or path given by the user."""

    def __init__(self, ref: str, message: str) -> None:
        super().__init__([Problem(ref, 0, 0, message)])
        self.ref = ref
