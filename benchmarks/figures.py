"""The figures a benchmark reports, in one shape that ``run.py`` collects.

The convention, for every ``benchmarks/bench_*.py``:

- it runs as a script (``python benchmarks/bench_x.py``) with no arguments needed, prints
  whatever it likes for people, and
- prints each figure it measured as one line ``FIGURE {json}`` on standard output, made with
  :func:`emit` (the JSON is :meth:`Figure.as_dict`): what was measured, the result, the floor or
  peer measured in the same run, the target and whether the result meets it;
- exits non-zero only when it could not measure (a figure that misses its target is still a
  measurement: ``ok`` says so, and ``run.py`` turns it into its exit code).

A script imports this module as ``from figures import Figure, emit`` (the script's own folder
is first on ``sys.path``). A script that prints no ``FIGURE`` line is still run by ``run.py``,
which lists it as giving no figures.
"""

from __future__ import annotations

import json
import sys
from dataclasses import asdict, dataclass
from pathlib import Path

PREFIX = "FIGURE "


@dataclass
class Figure:
    """One measured figure, next to its floor or peer from the same run.

    Attributes:
        what: what was measured, in words (a row of the README's table).
        result: the figure itself, in ``unit``.
        unit: ``ms``, ``s``, ``%`` (of one core), ``B/s``, ``MB``…
        target: the target in words, e.g. ``<= 1.1x empty, < 300 ms``; empty when none.
        ok: whether the target is met; None when there is no target.
        peer: what the result is compared with, e.g. ``python -c pass``; empty when nothing.
        peer_result: the peer's figure in the same run, in ``unit``.
        note: anything a reader needs besides (e.g. ``bytes/s: 560 vs 549``).
        script: the script's file name (filled in by :func:`emit`).
    """

    what: str
    result: float
    unit: str
    target: str = ""
    ok: bool | None = None
    peer: str = ""
    peer_result: float | None = None
    note: str = ""
    script: str = ""

    @property
    def ratio(self) -> float | None:
        """The result over the peer's, when there is a peer."""
        if self.peer_result in (None, 0):
            return None
        return self.result / self.peer_result

    def as_dict(self) -> dict[str, object]:
        """Return the figure as JSON-ready data (with its ratio)."""
        data = asdict(self)
        data["ratio"] = self.ratio
        return data

    @classmethod
    def from_dict(cls, data: dict[str, object]) -> Figure:
        """Rebuild a figure from :meth:`as_dict`'s data (``ratio`` is recomputed)."""
        fields = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        return cls(**fields)  # type: ignore[arg-type]


def number(value: float, unit: str) -> str:
    """Return ``value`` with its unit, rounded for a table."""
    if unit == "%":
        return f"{value:.2f}%"
    if abs(value) >= 100 or unit == "B/s":
        return f"{value:,.0f} {unit}"
    if abs(value) >= 10:
        return f"{value:.1f} {unit}"
    return f"{value:.2f} {unit}"


def emit(*figures: Figure) -> None:
    """Print each figure as a ``FIGURE {json}`` line (and flush, so a parent sees it at once)."""
    script = Path(sys.argv[0]).name
    for figure in figures:
        if not figure.script:
            figure.script = script
        print(PREFIX + json.dumps(figure.as_dict(), ensure_ascii=False), flush=True)


def parse(lines: str) -> list[Figure]:
    """Return the figures among a script's output lines."""
    found = []
    for line in lines.splitlines():
        if line.startswith(PREFIX):
            found.append(Figure.from_dict(json.loads(line[len(PREFIX) :])))
    return found
