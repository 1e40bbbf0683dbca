"""Strict, safe YAML reading that keeps every value's position.

The routine loader never builds Python objects through PyYAML's constructor: it composes the
document into nodes (which carry 0-based line and column marks) with its own composer over
libyaml's parser (or PyYAML's pure-Python one when libyaml is missing; see
:mod:`~stretchtimer.routines.yaml_compose`), then validates the nodes itself. That gives
positions for every problem and makes the unsafe parts of YAML harmless:

- tags other than the plain YAML types (``!!python/object``, ``!custom``, ``!!set``...) are
  reported as problems and never constructed;
- aliases are cheap to compose but exponential to walk, so the nodes that aliases stand for are
  counted while composing and a document whose aliases stand for more than
  :data:`MAX_ALIAS_NODES` nodes is rejected before anything walks it;
- recursive aliases, nesting deeper than :data:`MAX_DEPTH` and oversized documents are
  rejected while composing; lists and mappings are cut at :data:`MAX_ITEMS` entries;
- duplicate keys are found by :func:`mapping_pairs`, which also applies ``<<`` merge keys;
- syntax errors are told in plain words with their fix (:mod:`.yaml_errors`).
"""

from __future__ import annotations

import re
from collections.abc import Callable

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from stretchtimer.routines.yaml_compose import (
    ALLOWED_TAGS,
    HAVE_LIBYAML,
    MAX_ALIAS_NODES,
    MAX_DEPTH,
    MAX_ITEMS,
    ComposeFailure,
    Composer,
    Document,
    make_parser,
)
from stretchtimer.safe_text import visible

__all__ = [
    "HAVE_LIBYAML",
    "MAX_ALIAS_NODES",
    "MAX_DEPTH",
    "MAX_ITEMS",
    "Document",
    "YamlFailure",
    "compose",
]

_Y = "tag:yaml.org,2002:"
STR, INT, FLOAT, BOOL, NULL = _Y + "str", _Y + "int", _Y + "float", _Y + "bool", _Y + "null"
TIMESTAMP, SEQ, MAP, MERGE, VALUE = (
    _Y + "timestamp",
    _Y + "seq",
    _Y + "map",
    _Y + "merge",
    _Y + "value",
)
_ALLOWED_TAGS = ALLOWED_TAGS
_KIND = {
    STR: "a string",
    INT: "an integer",
    FLOAT: "a number",
    BOOL: "a boolean",
    NULL: "nothing (an empty value)",
    TIMESTAMP: "a date",
    MERGE: "<< (which YAML reserves for merging; put it in quotes)",
    VALUE: "= (which YAML reserves; put it in quotes)",
}
_CONSTRUCTOR = SafeConstructor()
_SCALARS: dict[str, Callable[[Any], object]] = {
    INT: _CONSTRUCTOR.construct_yaml_int,
    FLOAT: _CONSTRUCTOR.construct_yaml_float,
    BOOL: _CONSTRUCTOR.construct_yaml_bool,
}
# What a YAML file may hold at all (YAML 1.1's printable set); anything else is refused before
# parsing, the same way whichever parser reads the file.
_NOT_PRINTABLE = re.compile(
    "[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"
)

TYPE_CHECKING = False  # typing itself is not imported: quick commands stay quick
Report = Callable[[Node, str], None]


if TYPE_CHECKING:
    from typing import Any, Protocol

    class Mark(Protocol):
        """A position in the text as PyYAML gives it (0-based)."""

        line: int
        column: int


class YamlFailure(Exception):
    """The document cannot be read at all; one position and message."""

    def __init__(self, line: int, column: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.column = column
        self.message = message

    @classmethod
    def at(cls, mark: Mark | None, message: str) -> YamlFailure:
        """Return a failure at a 0-based PyYAML mark (1:1 when there is none)."""
        if mark is None:
            return cls(1, 1, message)
        return cls(mark.line + 1, mark.column + 1, message)


def short_tag(tag: str) -> str:
    """Return a tag as written in YAML: ``!!python/object:os.system`` rather than the URI."""
    return "!!" + tag[len(_Y) :] if tag.startswith(_Y) else tag


def compose(text: str, *, libyaml: bool | None = None) -> Document:
    """Compose a YAML document into nodes, safely.

    Args:
        text: the whole file, already decoded.
        libyaml: use libyaml's parser (True), PyYAML's pure-Python one (False), or libyaml
            when PyYAML has it (None). Both give the same document and the same failures.

    Returns:
        The document; its root is None when the file holds no document (empty or comments).

    Raises:
        YamlFailure: a character no YAML file may hold, a syntax error, a second document, a
            bad alias or anchor, too deep a nesting, too many values, or aliases standing for
            more than :data:`MAX_ALIAS_NODES` nodes.
    """
    bad = _NOT_PRINTABLE.search(text)
    if bad is not None:
        line = text.count("\n", 0, bad.start()) + 1
        column = bad.start() - (text.rfind("\n", 0, bad.start()) + 1) + 1
        shown = visible(bad.group())
        raise YamlFailure(
            line,
            column,
            f"the control character {shown} (U+{ord(bad.group()):04X}) is not allowed in a "
            "routine file",
        )
    use_libyaml = HAVE_LIBYAML if libyaml is None else libyaml and HAVE_LIBYAML
    try:
        parser = make_parser(text, use_libyaml)
        composer = Composer(parser, text)
        try:
            composed = composer.document()
        finally:
            parser.dispose()
    except ComposeFailure as exc:
        raise YamlFailure(exc.line + 1, exc.column + 1, exc.message) from None
    except yaml.MarkedYAMLError as exc:
        from stretchtimer.routines.yaml_errors import translate

        failure = translate(exc, text)
        raise YamlFailure(failure.line + 1, failure.column + 1, failure.message) from None
    except (yaml.YAMLError, ValueError) as exc:  # pure-Python: chr() of a bad \U escape
        from stretchtimer.routines.yaml_compose import bad_escape, escape_failure

        index = bad_escape(text, 0, len(text))
        if index is None:
            raise YamlFailure(
                1, 1, f"the file cannot be read as YAML: {visible(str(exc))}"
            ) from None
        failure = escape_failure(text, index)
        raise YamlFailure(failure.line + 1, failure.column + 1, failure.message) from None
    composed.bad_tags.sort(key=lambda n: (n.start_mark.line, n.start_mark.column))
    return composed


def kind(node: Node) -> str:
    """Return how a user would name a node's type: ``a string``, ``a list``, ``a mapping``..."""
    if isinstance(node, SequenceNode):
        return "a list"
    if isinstance(node, MappingNode):
        return "a mapping"
    return _KIND.get(node.tag, f"a value tagged {short_tag(node.tag)}")


def tag_allowed(node: Node) -> bool:
    """Return False for a node whose tag is forbidden (already reported by :func:`compose`)."""
    return node.tag in _ALLOWED_TAGS


def scalar_value(node: Node) -> object:
    """Return a scalar node's Python value (str, int, float, bool or None).

    Raises:
        ValueError: the node is not a plain scalar (a list, a mapping, a date...), or its text
            does not fit its tag (``!!int abc``, an integer with thousands of digits).
    """
    if isinstance(node, ScalarNode) and node.tag == STR:
        return str(node.value)
    if isinstance(node, ScalarNode) and node.tag == NULL:
        return None
    construct = _SCALARS.get(node.tag) if isinstance(node, ScalarNode) else None
    if construct is None:
        raise ValueError(f"{kind(node)} is not allowed here")
    try:
        return construct(node)
    except (ValueError, KeyError, TypeError, OverflowError, AttributeError):
        raise ValueError(f"{_clip(node.value)} is not a valid {short_tag(node.tag)}") from None


def _clip(text: str, width: int = 30) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def key_name(node: Node) -> str | None:
    """Return a mapping key's text, or None when the key is a list or mapping."""
    if isinstance(node, ScalarNode):
        return str(node.value)
    return None


def line_col(node: Node) -> tuple[int, int]:
    """Return a node's 1-based line and column."""
    return node.start_mark.line + 1, node.start_mark.column + 1


def mapping_pairs(node: MappingNode, report: Report) -> list[tuple[str, Node, Node]]:
    """Return a mapping's ``(key, key node, value node)`` triples, merges applied.

    Duplicate keys are reported (the first one is kept), as are keys that are lists or mappings
    and ``<<`` merges of anything but a mapping or a list of mappings. Explicit keys win over
    merged ones; among merged mappings, the first one listed wins (as YAML specifies).

    Args:
        node: the mapping.
        report: called with the offending node and a message for each problem.
    """
    explicit: list[tuple[str, Node, Node]] = []
    seen: dict[str, Node] = {}
    merged: list[list[tuple[str, Node, Node]]] = []
    for key_node, value_node in node.value:
        name = key_name(key_node)
        if name is None:
            report(key_node, f"a key must be a plain name, not {kind(key_node)}")
            continue
        if name in seen:
            first = seen[name].start_mark.line + 1
            report(key_node, f"`{name}`: duplicate key (first on line {first})")
            continue
        seen[name] = key_node
        if key_node.tag != MERGE:
            explicit.append((name, key_node, value_node))
            continue
        sources = value_node.value if isinstance(value_node, SequenceNode) else [value_node]
        for source in sources:
            if isinstance(source, MappingNode):
                merged.append(mapping_pairs(source, report))
            else:
                report(source, f"`<<` merges a mapping or a list of mappings, not {kind(source)}")
    if not merged:  # the common case: nothing to merge
        return explicit
    result = list(explicit)
    have = {name for name, _, _ in explicit}
    for pairs in merged:
        for name, key_node, value_node in pairs:
            if name not in have:
                have.add(name)
                result.append((name, key_node, value_node))
    return result
