"""Reading single values of a routine document, with a problem for each bad one.

:class:`FieldChecker` holds the problems found so far and reads strings, durations and whole
numbers from YAML nodes; :class:`~stretchtimer.routines.checker.Checker` builds on it.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from yaml.nodes import MappingNode, Node, ScalarNode

from stretchtimer.routines.durations import FORMS_HINT, parse_duration
from stretchtimer.routines.model import MAX_NAME
from stretchtimer.routines.problems import Problem
from stretchtimer.routines.yaml_safe import (
    BOOL,
    FLOAT,
    INT,
    NULL,
    STR,
    kind,
    line_col,
    mapping_pairs,
    scalar_value,
    tag_allowed,
)
from stretchtimer.safe_text import visible, visible_line

Fields = dict[str, tuple[Node, Node]]
# Valid durations already read, by (tag, text, zero allowed): routines repeat a few of them.
_DURATIONS: dict[tuple[str, str, bool], float] = {}


def clip(text: str, width: int = 40) -> str:
    r"""Return ``text`` on one line, cut to ``width`` characters, for quoting in a message.

    Characters that must never reach a terminal raw are shown as escapes (``\x1b``).
    """
    text = " ".join(text.split()) or text
    text = text if len(text) <= width else text[: width - 1] + "…"
    return visible(text)


class FieldChecker:
    """Collects problems, each at the position of the node it is about."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.problems: list[Problem] = []

    def report(self, node: Node, message: str) -> None:
        """Record a problem at a node's position (the message on one line, made safe)."""
        line, column = line_col(node)
        self.problems.append(Problem(self.path, line, column, visible_line(message)))

    def wrong_type(self, key: str, node: Node, expected: str) -> None:
        """Report that ``key`` holds the wrong type of value."""
        if isinstance(node, ScalarNode) and node.tag == NULL and node.value in ("", "~"):
            self.report(node, f"`{key}`: has no value; expected {expected}")
            return
        hint = ""
        if isinstance(node, ScalarNode) and node.tag != STR and expected.startswith("a string"):
            hint = " (put it in quotes to use it as text)"
        self.report(node, f"`{key}`: expected {expected}, got {kind(node)}{hint}")

    def fields(self, node: MappingNode, known: Sequence[str]) -> Fields:
        """Return a mapping's known keys (with key and value nodes); report the others."""
        fields: Fields = {}
        for name, key_node, value_node in mapping_pairs(node, self.report):
            if name in known:
                fields[name] = (key_node, value_node)
            else:
                self.unknown(key_node, name, known)
        return fields

    def unknown(self, node: Node, name: str, known: Sequence[str]) -> None:
        """Report an unknown key, suggesting the nearest known one."""
        shown = clip(name)
        import difflib

        close = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
        if close:
            self.report(node, f"`{shown}`: unknown key; did you mean `{close[0]}`?")
        else:
            keys = ", ".join(f"`{key}`" for key in known)
            self.report(node, f"`{shown}`: unknown key; the keys here are {keys}")

    def string(
        self, key: str, node: Node, *, is_name: bool = False, not_blank: bool = False
    ) -> str | None:
        """Return a string value, or None.

        A name is not blank and at most 120 characters; with ``not_blank`` any length goes.
        """
        if not tag_allowed(node):
            return None
        if not (isinstance(node, ScalarNode) and node.tag == STR):
            self.wrong_type(key, node, "a string")
            return None
        text = str(node.value)
        if not (is_name or not_blank):
            return text
        if not text.strip():
            self.report(node, f"`{key}`: must not be empty")
            return None
        if is_name and len(text) > MAX_NAME:
            self.report(node, f"`{key}`: is {len(text)} characters long; the most is {MAX_NAME}")
            return None
        return text

    def duration(self, key: str, node: Node, *, allow_zero: bool = True) -> float | None:
        """Return a duration in seconds, or None when it is not a valid one."""
        if isinstance(node, ScalarNode):
            known = _DURATIONS.get((node.tag, node.value, allow_zero))
            if known is not None:
                return known
        if not tag_allowed(node):
            return None
        expected = f"a duration ({FORMS_HINT})"
        if not (isinstance(node, ScalarNode) and node.tag in (STR, INT, FLOAT, BOOL)):
            self.wrong_type(key, node, expected)
            return None
        try:
            seconds = parse_duration(scalar_value(node), allow_zero=allow_zero)
        except ValueError as exc:  # DurationError is a ValueError
            self.report(node, f"`{key}`: {exc}")
            return None
        if len(_DURATIONS) > 10_000:
            _DURATIONS.clear()
        _DURATIONS[(node.tag, node.value, allow_zero)] = seconds
        return seconds

    def integer(self, key: str, node: Node, bounds: tuple[int, int]) -> int | None:
        """Return a whole number within ``bounds`` (a float like 10.0 counts), or None."""
        low, high = bounds
        expected = f"a whole number from {low} to {high}"
        if not tag_allowed(node):
            return None
        if not (isinstance(node, ScalarNode) and node.tag in (INT, FLOAT)):
            self.wrong_type(key, node, expected)
            return None
        try:
            value = scalar_value(node)
        except ValueError as exc:
            self.report(node, f"`{key}`: {exc}")
            return None
        if isinstance(value, float):
            if not (math.isfinite(value) and value.is_integer()):
                self.report(node, f"`{key}`: expected {expected}, got {clip(str(node.value))}")
                return None
            value = int(value)
        assert isinstance(value, int)
        if not low <= value <= high:
            self.report(node, f"`{key}`: must be from {low} to {high}, got {clip(node.value)}")
            return None
        return value
