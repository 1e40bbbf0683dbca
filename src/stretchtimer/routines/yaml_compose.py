"""Composing YAML events into nodes, with limits, from libyaml's parser or PyYAML's own.

The events come from libyaml (``yaml.CSafeLoader``, about ten times faster) when PyYAML was
built with it, and from PyYAML's pure-Python parser otherwise; both give the same events with
the same marks, and this one composer turns them into nodes, so both paths give the same
nodes, the same limits and the same problems. While composing it:

- counts the nodes that aliases stand for (each alias once per use, with the expanded size of
  every anchored node memoised) and stops past :data:`MAX_ALIAS_NODES`;
- stops past :data:`MAX_DEPTH` levels of nesting, :data:`MAX_NODES` nodes in all, and keeps at
  most :data:`MAX_ITEMS` entries of any list or mapping: the events of the rest are read but no
  nodes are built for them, and the full count is kept in :attr:`Document.lengths`;
- notes the nodes carrying a tag that is not a plain YAML type, and the scalars (keys and
  values) that hold a character :mod:`stretchtimer.safe_text` never lets reach a terminal.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

import yaml
from yaml.error import Mark
from yaml.events import (
    AliasEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
)
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.resolver import Resolver

from stretchtimer.safe_text import first_unsafe

TYPE_CHECKING = False  # typing itself is not imported: quick commands stay quick
if TYPE_CHECKING:
    from typing import Any

MAX_ALIAS_NODES = 10_000
MAX_DEPTH = 64
MAX_ITEMS = 500
MAX_NODES = 50_000

HAVE_LIBYAML: bool = bool(getattr(yaml, "__with_libyaml__", False))

_Y = "tag:yaml.org,2002:"
ALLOWED_TAGS = frozenset(
    _Y + name
    for name in ("str", "int", "float", "bool", "null", "timestamp", "seq", "map", "merge", "value")
)
_RESOLVE: Callable[[type, Any, Any], str] = Resolver().resolve
# Resolved tags of scalars, by (text, implicit): keys and values repeat within and across files.
_TAGS: dict[tuple[str, Any], str] = {}
_BAD_ESCAPE = re.compile(r"\\(?:u([0-9a-fA-F]{4})|U([0-9a-fA-F]{8}))")


class ComposeFailure(Exception):
    """The document cannot be composed: a 0-based position and a message."""

    def __init__(self, line: int, column: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.column = column
        self.message = message


@dataclass
class Document:
    """A composed document.

    Attributes:
        root: the root node; None when the file holds no document (empty or comments).
        bad_tags: the nodes carrying forbidden tags, in file order.
        unsafe: scalars (keys and values) holding characters never shown raw, with the key
            of the mapping value they are (None for a key or a list item).
        lengths: the full number of entries of lists and mappings cut at ``MAX_ITEMS``,
            by ``id`` of the node.
    """

    root: Node | None = None
    bad_tags: list[Node] = field(default_factory=list)
    unsafe: list[tuple[Node, str | None]] = field(default_factory=list)
    lengths: dict[int, int] = field(default_factory=dict)

    def length(self, node: SequenceNode | MappingNode) -> int:
        """Return a list's or mapping's number of entries, counting those not composed."""
        return self.lengths.get(id(node), len(node.value))


def make_parser(text: str, libyaml: bool) -> Any:
    """Return an event source for ``text``: libyaml's parser, or PyYAML's pure-Python one."""
    if libyaml:
        return yaml.CSafeLoader(text)
    return yaml.SafeLoader(text)


def bad_escape(text: str, start: int, end: int) -> int | None:
    r"""Return where libyaml reports an escape that is no character (a lone surrogate...).

    libyaml refuses ``\ud800`` (a lone surrogate) and ``\U00110000`` (past U+10FFFF) in a
    double-quoted scalar, pointing two characters into the escape; PyYAML's own parser accepts
    the first and fails without a position on the second. This finds the first such escape in
    ``text[start:end]`` and returns libyaml's index for it, so both paths report the same.
    """
    for match in _BAD_ESCAPE.finditer(text, start, end):
        if text.count("\\", start, match.start()) and _escaped(text, match.start(), start):
            continue
        code = int(match.group(1) or match.group(2), 16)
        if 0xD800 <= code <= 0xDFFF or code > 0x10FFFF:
            return match.start() + 2
    return None


def _escaped(text: str, index: int, start: int) -> bool:
    """Return True when the backslash at ``index`` is itself escaped (an odd run before it)."""
    run = 0
    while index - run - 1 >= start and text[index - run - 1] == "\\":
        run += 1
    return run % 2 == 1


class Composer:
    """Builds the node graph of one document from a parser's events.

    The composer runs once per value of a file (some 8,000 times for a routine of 500 steps),
    so its hot path binds the parser's methods once and keeps one running count instead of
    returning each node's size: the expanded size of a node is how much
    :attr:`expanded` grew while it was composed.
    """

    def __init__(self, parser: Any, text: str) -> None:
        self.get_event = parser.get_event
        self.peek_event = parser.peek_event
        self.text = text
        self.result = Document()
        self.anchors: dict[str, Node] = {}
        self.sizes: dict[int, int] = {}
        self.open_anchors: set[str] = set()
        self.alias_total = 0
        self.expanded = 0  # nodes composed so far, each alias counted as the nodes it stands for
        self.depth = 0
        self.nodes = 0
        self.tags = _TAGS
        if len(_TAGS) > 20_000:
            _TAGS.clear()

    def document(self) -> Document:
        """Compose the stream's single document (no root for an empty stream).

        Its forbidden tags are in the order their nodes were finished (a list after its
        items): :func:`~stretchtimer.routines.yaml_safe.compose` puts them in file order.
        """
        get, peek = self.get_event, self.peek_event
        get()  # stream start
        if not isinstance(peek(), yaml.StreamEndEvent):
            get()  # document start
            self.result.root = self.node(None)
            get()  # document end
            if not isinstance(peek(), yaml.StreamEndEvent):
                mark = get().start_mark
                raise ComposeFailure(
                    mark.line,
                    mark.column,
                    "a routine file holds one YAML document, but a second one starts here",
                )
        get()  # stream end
        return self.result

    def node(self, key: str | None) -> Node:
        """Compose one node (``key``: the key of the mapping value it is, if it is one)."""
        event = self.get_event()
        kind = type(event)
        if kind is AliasEvent:
            return self._alias(event)
        anchor: str | None = event.anchor
        mark = event.start_mark
        if anchor is not None and anchor in self.anchors:
            first = self.anchors[anchor].start_mark.line + 1
            raise ComposeFailure(
                mark.line, mark.column, f"anchor &{anchor} is defined twice (first on line {first})"
            )
        if self.depth >= MAX_DEPTH:
            raise ComposeFailure(
                mark.line, mark.column, f"the document is nested more than {MAX_DEPTH} levels deep"
            )
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise ComposeFailure(
                mark.line,
                mark.column,
                f"the file holds more than {MAX_NODES} values; a routine of 500 steps needs far "
                "fewer (is this the right file?)",
            )
        before = self.expanded
        tag = event.tag
        node: Node
        if kind is ScalarEvent:
            value = event.value
            if tag is None or tag == "!":
                implicit = event.implicit
                cache_key = (value, implicit)
                tag = self.tags.get(cache_key)
                if tag is None:
                    tag = self.tags[cache_key] = _RESOLVE(ScalarNode, value, implicit)
            # all positional: a keyword argument sends the call down a slower path (~0.1 µs)
            node = ScalarNode(tag, value, mark, event.end_mark, event.style)
            self.expanded = before + 1
            if first_unsafe(value) is not None:
                self._unsafe_scalar(node, key)
        else:
            self.depth += 1
            if anchor is not None:
                self.open_anchors.add(anchor)
            try:
                node = self._collection(event, kind, tag, key)
            finally:
                self.depth -= 1
                if anchor is not None:
                    self.open_anchors.discard(anchor)
            tag = node.tag
        if tag not in ALLOWED_TAGS:
            self.result.bad_tags.append(node)
        if anchor is not None:
            self.anchors[anchor] = node
            self.sizes[id(node)] = self.expanded - before
        return node

    def _unsafe_scalar(self, node: ScalarNode, key: str | None) -> None:
        if node.style == '"':
            start, end = node.start_mark.index, node.end_mark.index
            if 0 <= start <= end <= len(self.text):
                index = bad_escape(self.text, start, end)
                if index is not None:
                    raise escape_failure(self.text, index)
        self.result.unsafe.append((node, key))

    def _alias(self, event: Any) -> Node:
        anchor, mark = event.anchor, event.start_mark
        if anchor in self.open_anchors:
            raise ComposeFailure(
                mark.line, mark.column, f"alias *{anchor} is inside the node it refers to"
            )
        target = self.anchors.get(anchor)
        if target is None:
            raise ComposeFailure(
                mark.line,
                mark.column,
                f"alias *{anchor} refers to no anchor (&{anchor} must come before it)",
            )
        size = self.sizes[id(target)]
        self.alias_total += size
        if self.alias_total > MAX_ALIAS_NODES:
            raise ComposeFailure(
                mark.line,
                mark.column,
                f"aliases in this file stand for more than {MAX_ALIAS_NODES} nodes "
                "(an alias bomb?); use fewer aliases",
            )
        self.expanded += size
        return target

    def _collection(self, event: Any, kind: type, tag: str | None, key: str | None) -> Node:
        mark = event.start_mark
        peek, compose = self.peek_event, self.node
        count = 0
        self.expanded += 1
        if kind is SequenceStartEvent:
            if tag is None or tag == "!":
                tag = _RESOLVE(SequenceNode, None, event.implicit)
            node: Node = SequenceNode(tag, [], mark, None, event.flow_style)
            self._register(event.anchor, node)
            items: list[Node] = node.value
            while type(peek()) is not SequenceEndEvent:
                count += 1
                if count > MAX_ITEMS:
                    self.skip()
                    continue
                items.append(compose(None))
        else:
            if tag is None or tag == "!":
                tag = _RESOLVE(MappingNode, None, event.implicit)
            flow = event.flow_style
            node = MappingNode(tag, [], mark, None, flow)
            self._register(event.anchor, node)
            pairs: list[tuple[Node, Node]] = node.value
            while type(peek()) is not MappingEndEvent:
                count += 1
                if count > MAX_ITEMS:
                    self.skip()
                    self.skip()
                    continue
                key_node = compose(None)
                name = key_node.value if isinstance(key_node, ScalarNode) else None
                value_node = compose(name)
                if (
                    flow
                    and isinstance(value_node, ScalarNode)
                    and value_node.value == ""
                    and not value_node.style
                ):
                    # an empty value in a flow mapping: PyYAML places it after the colon and
                    # libyaml at what follows; both parsers say "after the colon" here
                    end = key_node.end_mark
                    value_node.start_mark = value_node.end_mark = Mark(
                        end.name, end.index + 1, end.line, end.column + 1, None, 0
                    )
                pairs.append((key_node, value_node))
        node.end_mark = self.get_event().end_mark
        if count > MAX_ITEMS:
            self.result.lengths[id(node)] = count
        return node

    def _register(self, anchor: str | None, node: Node) -> None:
        if anchor is not None:
            self.anchors[anchor] = node
            self.sizes[id(node)] = 1

    def skip(self) -> None:
        """Read one node's events without building it (anchors in it stand for a null)."""
        get, level = self.get_event, 0
        while True:
            event = get()
            kind = type(event)
            anchor = getattr(event, "anchor", None)
            if anchor is not None and kind is not AliasEvent and anchor not in self.anchors:
                placeholder = ScalarNode(_Y + "null", "", event.start_mark, event.end_mark)
                self.anchors[anchor] = placeholder
                self.sizes[id(placeholder)] = 1
            if kind is SequenceStartEvent or kind is MappingStartEvent:
                level += 1
            elif kind is SequenceEndEvent or kind is MappingEndEvent:
                level -= 1
            if level == 0:
                return


def escape_failure(text: str, index: int) -> ComposeFailure:
    """Return the failure for an escape that is no character, at a text index."""
    line = text.count("\n", 0, index)
    column = index - (text.rfind("\n", 0, index) + 1)
    start = text.rfind("\\", 0, index)
    shown = text[start : index + (4 if text[start + 1] == "u" else 8)]
    return ComposeFailure(
        line,
        column,
        f"the escape {shown} is not a character (a lone surrogate or past U+10FFFF); remove it",
    )
