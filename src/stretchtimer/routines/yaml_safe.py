"""Strict, safe YAML reading that keeps every value's position.

The routine loader never builds Python objects through PyYAML's constructor: it composes the
document into nodes (which carry 0-based line and column marks) with PyYAML's safe loader, then
validates the nodes itself. That gives positions for every problem and makes the unsafe parts of
YAML harmless:

- tags other than the plain YAML types (``!!python/object``, ``!custom``, ``!!set``...) are
  reported as problems and never constructed;
- aliases are cheap to compose but exponential to walk, so the nodes that aliases stand for are
  counted (each alias once per use, with sizes memoised per node) and a document whose aliases
  stand for more than :data:`MAX_ALIAS_NODES` nodes is rejected before anything walks it;
- recursive aliases and nesting deeper than :data:`MAX_DEPTH` are rejected while composing;
- duplicate keys are found by :func:`mapping_pairs`, which also applies ``<<`` merge keys.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

import yaml
from yaml.constructor import SafeConstructor
from yaml.events import AliasEvent, StreamEndEvent
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

MAX_ALIAS_NODES = 10_000
MAX_DEPTH = 64

_Y = "tag:yaml.org,2002:"
STR, INT, FLOAT, BOOL, NULL = _Y + "str", _Y + "int", _Y + "float", _Y + "bool", _Y + "null"
TIMESTAMP, SEQ, MAP, MERGE, VALUE = (
    _Y + "timestamp", _Y + "seq", _Y + "map", _Y + "merge", _Y + "value"
)
_ALLOWED_TAGS = frozenset({STR, INT, FLOAT, BOOL, NULL, TIMESTAMP, SEQ, MAP, MERGE, VALUE})
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

Report = Callable[[Node, str], None]


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


@dataclass
class Document:
    """A composed document: its root node and the nodes carrying forbidden tags."""

    root: Node | None
    bad_tags: list[Node] = field(default_factory=list)


def short_tag(tag: str) -> str:
    """Return a tag as written in YAML: ``!!python/object:os.system`` rather than the URI."""
    return "!!" + tag[len(_Y):] if tag.startswith(_Y) else tag


class _StrictLoader(yaml.SafeLoader):
    """PyYAML's safe loader, composing only, with limits on depth and alias use."""

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.depth = 0
        self.open_anchors: set[str] = set()
        self.alias_uses: list[tuple[Node, Any]] = []

    def _next(self) -> Any:
        return self.get_event()  # type: ignore[no-untyped-call]

    def _peek(self) -> Any:
        return self.peek_event()  # type: ignore[no-untyped-call]

    def get_single_node(self) -> Node | None:
        self._next()  # stream start
        document = None
        if not self.check_event(StreamEndEvent):
            document = self.compose_document()
        if not self.check_event(StreamEndEvent):
            raise YamlFailure.at(
                self._next().start_mark,
                "a routine file holds one YAML document, but a second one starts here",
            )
        self._next()  # stream end
        return document

    def compose_node(self, parent: Node | None, index: Any) -> Node | None:
        event = self._peek()
        anchor: str | None = event.anchor
        if isinstance(event, AliasEvent):
            if anchor in self.open_anchors:
                raise YamlFailure.at(
                    event.start_mark, f"alias *{anchor} is inside the node it refers to"
                )
            if anchor not in self.anchors:
                raise YamlFailure.at(
                    event.start_mark,
                    f"alias *{anchor} refers to no anchor (&{anchor} must come before it)",
                )
            node: Node = self.anchors[anchor]
            self._next()
            self.alias_uses.append((node, event.start_mark))
            return node
        if anchor is not None and anchor in self.anchors:
            first = self.anchors[anchor].start_mark.line + 1
            raise YamlFailure.at(
                event.start_mark, f"anchor &{anchor} is defined twice (first on line {first})"
            )
        if self.depth >= MAX_DEPTH:
            raise YamlFailure.at(
                event.start_mark, f"the document is nested more than {MAX_DEPTH} levels deep"
            )
        self.depth += 1
        if anchor is not None:
            self.open_anchors.add(anchor)
        try:
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1
            if anchor is not None:
                self.open_anchors.discard(anchor)


def _children(node: Node) -> list[Node]:
    if isinstance(node, SequenceNode):
        return list(node.value)
    if isinstance(node, MappingNode):
        return [item for pair in node.value for item in pair]
    return []


def _expanded_sizes(root: Node) -> tuple[dict[int, int], list[Node]]:
    """Return each distinct node's expanded size (capped) and all distinct nodes.

    The graph has no cycles (the composer rejects recursive aliases), so a memoised post-order
    walk is linear in the number of distinct nodes and edges.
    """
    cap = MAX_ALIAS_NODES + 1
    sizes: dict[int, int] = {}
    order: list[Node] = []
    stack: list[tuple[Node, bool]] = [(root, False)]
    while stack:
        node, done = stack.pop()
        if id(node) in sizes:
            continue
        kids = _children(node)
        if done:
            sizes[id(node)] = min(1 + sum(sizes[id(kid)] for kid in kids), cap)
            order.append(node)
            continue
        stack.append((node, True))
        stack.extend((kid, False) for kid in kids if id(kid) not in sizes)
    return sizes, order


def compose(text: str) -> Document:
    """Compose a YAML document into nodes, safely.

    Args:
        text: the whole file, already decoded.

    Returns:
        The document; its root is None when the file holds no document (empty or comments).

    Raises:
        YamlFailure: a syntax error, a second document, a bad alias or anchor, too deep a
            nesting, or aliases standing for more than :data:`MAX_ALIAS_NODES` nodes.
    """
    try:
        loader = _StrictLoader(text)
    except yaml.reader.ReaderError as exc:
        raise _reader_failure(text, exc) from None
    try:
        root = loader.get_single_node()
    except yaml.reader.ReaderError as exc:
        raise _reader_failure(text, exc) from None
    except yaml.MarkedYAMLError as exc:
        raise _syntax_failure(exc) from None
    finally:
        loader.dispose()
    if root is None:
        return Document(None)
    sizes, nodes = _expanded_sizes(root)
    used = 0
    for target, mark in loader.alias_uses:
        used += sizes[id(target)]
        if used > MAX_ALIAS_NODES:
            raise YamlFailure.at(
                mark,
                f"aliases in this file stand for more than {MAX_ALIAS_NODES} nodes "
                "(an alias bomb?); use fewer aliases",
            )
    bad = [node for node in nodes if node.tag not in _ALLOWED_TAGS]
    bad.sort(key=lambda node: (node.start_mark.line, node.start_mark.column))
    return Document(root, bad)


def _reader_failure(text: str, exc: yaml.reader.ReaderError) -> YamlFailure:
    position = max(0, min(exc.position, len(text)))
    line = text.count("\n", 0, position) + 1
    column = position - (text.rfind("\n", 0, position) + 1) + 1
    return YamlFailure(
        line, column, f"character U+{exc.character:04X} is not allowed in a YAML file"
    )


def _syntax_failure(exc: yaml.MarkedYAMLError) -> YamlFailure:
    problem = exc.problem or exc.context or "invalid YAML"
    mark = exc.problem_mark or exc.context_mark
    message = f"YAML syntax error: {problem}"
    if exc.context and exc.problem:
        context = exc.context
        if exc.context_mark is not None and (
            mark is None or exc.context_mark.line != mark.line
        ):
            context += f" (line {exc.context_mark.line + 1})"
        message += f", {context}"
    return YamlFailure.at(mark, message)


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


def is_scalar(node: Node, tag: str) -> bool:
    """Return True when ``node`` is a scalar with the given (resolved) tag."""
    return isinstance(node, ScalarNode) and node.tag == tag


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
    result = list(explicit)
    have = {name for name, _, _ in explicit}
    for pairs in merged:
        for name, key_node, value_node in pairs:
            if name not in have:
                have.add(name)
                result.append((name, key_node, value_node))
    return result
