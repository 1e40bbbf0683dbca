"""YAML syntax errors in plain words, with the fix, the same from libyaml and from PyYAML.

libyaml and PyYAML's own parser stop at the same place for the same mistake but word it
differently (``did not find expected key`` / ``expected <block end>, but found '?'``), and
both speak of parser internals. :func:`translate` sorts an error into the mistake a person
made (a key indented too little or too much, a missing space after a colon, a tab, a quote or
bracket left open, a list item without its dash...) and says how to fix it, looking at the
lines involved. Only the error's kind and positions are used, never its wording, so users see
the same message whichever parser read the file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import yaml

from stretchtimer.routines.yaml_compose import ComposeFailure, escape_failure

_KEY = re.compile(r"(\s*)(?:-\s+)*([^\s#:\-?][^:#]*?|-[^\s:#][^:#]*?):(?=\s|$)")
_NO_SPACE = re.compile(r"\s*(?:-\s+)*([A-Za-z_][\w-]*):([^\s:/\\]\S*)")
_GENERIC = (
    "this is not valid YAML; check the indentation (spaces only), the colons and the quotes "
    "on this line and the one above"
)


def _line(text: str, number: int) -> str:
    """Return 0-based line ``number`` of ``text`` ("" past the end)."""
    lines = text.split("\n", number + 1)
    return lines[number] if number < len(lines) else ""


def _key_at(text: str, line: int, column: int) -> tuple[str, int] | None:
    """Return the key that starts at or after ``column`` of ``line`` (skipping `- `)."""
    match = _KEY.match(_line(text, line), column)
    if match is None:
        return None
    return match.group(2).strip(), match.start(2)


def _shown(key: str) -> str:
    return key if len(key) <= 30 else key[:29] + "…"


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _previous_line(text: str, line: int) -> int | None:
    """Return the nearest line before ``line`` that holds more than blanks and comments."""
    for number in range(line - 1, -1, -1):
        stripped = _line(text, number).strip()
        if stripped and not stripped.startswith("#"):
            return number
    return None


def _missing_space(text: str, line: int) -> ComposeFailure | None:
    match = _NO_SPACE.match(_line(text, line))
    if match is None:
        return None
    key, value = match.group(1), match.group(2)
    return ComposeFailure(
        line,
        match.start(1),
        f"`{_shown(key)}:{_shown(value)}` needs a space after the colon: "
        f"write `{_shown(key)}: {_shown(value)}`",
    )


_BLOCK_SCALAR = re.compile(r".*:\s*[|>][-+0-9]*\s*(#.*)?$")
_DASH_NO_SPACE = re.compile(r"\s*(-+)([A-Za-z_][\w-]*):")


def _after_quote(here: str, column: int) -> str | None:
    """Text right after a closing quote: most often a quote inside quoted text."""
    before = here[:column].rstrip()
    if not before or before[-1] not in "'\"":
        return None
    quote = before[-1]
    if here.count(quote, 0, len(before) - 1) < 1:
        return None
    other = '"' if quote == "'" else "'"
    inner = "''" if quote == "'" else '\\"'
    return (
        f"text goes on after the closing {quote}: to put a {quote} inside text quoted with "
        f"{quote}, write it as {inner}, or quote the text with {other} instead"
    )


def _block_scalar_above(text: str, line: int) -> int | None:
    above = _previous_line(text, line)
    if above is not None and _BLOCK_SCALAR.match(_line(text, above)):
        return above
    return None


def _dash_without_space(text: str, line: int) -> ComposeFailure | None:
    match = _DASH_NO_SPACE.match(_line(text, line))
    if match is None:
        return None
    return ComposeFailure(
        line,
        match.start(1),
        f"`{match.group(1)}{_shown(match.group(2))}` needs a space after the dash: "
        f"`- {_shown(match.group(2))}:` starts a list item",
    )


@dataclass(frozen=True)
class _Open:
    """A `[` or `{` still open at the error (0-based position)."""

    line: int
    column: int


def _starts_value(text: str, index: int) -> bool:
    """Return True when ``text[index]`` is where a value can start (not inside plain text)."""
    start = text.rfind("\n", 0, index) + 1
    before = text[start:index].rstrip(" \t")
    if not before:
        return True
    if before[-1] in "[{,":
        return True
    return before[-1] in ":-?" and len(before) < index - start  # followed by a space


def open_flows(text: str, end: int) -> list[tuple[_Open, str]]:
    """Return the `[` and `{` left open before ``text[end]``, outermost first.

    Read from the text alone (quotes and comments skipped, brackets counted where a value can
    start or inside another bracket), so the answer is the same whichever parser stopped.
    """
    stack: list[tuple[int, str]] = []
    index, stop = 0, min(end, len(text))
    while index < stop:
        char = text[index]
        if char == "#" and (index == 0 or text[index - 1] in " \t\n"):
            newline = text.find("\n", index)
            index = stop if newline < 0 else newline
            continue
        if char in "'\"" and (stack or _starts_value(text, index)):
            index = _skip_quoted(text, index, stop)
            continue
        if char in "[{" and (stack or _starts_value(text, index)):
            stack.append((index, char))
        elif char in "]}" and stack and stack[-1][1] == ("[" if char == "]" else "{"):
            stack.pop()
        index += 1
    result = []
    for at, bracket in stack:
        line = text.count("\n", 0, at)
        result.append((_Open(line, at - (text.rfind("\n", 0, at) + 1)), bracket))
    return result


def _skip_quoted(text: str, index: int, stop: int) -> int:
    quote = text[index]
    index += 1
    while index < stop:
        char = text[index]
        if quote == '"' and char == "\\":
            index += 2
            continue
        if char == quote:
            if quote == "'" and index + 1 < stop and text[index + 1] == "'":
                index += 2
                continue
            return index + 1
        index += 1
    return stop


def translate(exc: yaml.MarkedYAMLError, text: str) -> ComposeFailure:
    """Return a syntax error as a plain message with its fix, at a 0-based position.

    Args:
        exc: the error from either parser.
        text: the document.
    """
    problem = (exc.problem or "").lower()
    context = (exc.context or "").lower()
    mark = exc.problem_mark or exc.context_mark
    line, column = (mark.line, mark.column) if mark is not None else (0, 0)
    cmark = exc.context_mark
    here = _line(text, line)
    if "invalid unicode character escape" in problem:
        index = _index(text, line, column)
        if text.rfind("\\", 0, index) >= 0:
            return escape_failure(text, index)
    if (
        column < len(here)
        and here[column] == "\t"
        and ("tab" in problem or "cannot start any token" in problem)
    ):
        return ComposeFailure(
            line,
            column,
            "a tab character: YAML indents and separates with spaces only; replace the tab "
            "with spaces",
        )
    if "quoted scalar" in context and "end of stream" in problem and cmark is not None:
        quote = _line(text, cmark.line)[cmark.column : cmark.column + 1] or '"'
        return ComposeFailure(
            cmark.line,
            cmark.column,
            f"this quote ({quote}) is never closed; add the closing {quote} at the end of the text",
        )
    quoted = _after_quote(here, column)
    if quoted is not None and "quoted scalar" not in context:
        return ComposeFailure(line, column, quoted)
    at_end = not text[_index(text, line, column) :].strip()
    flows = open_flows(text, _index(text, line, column))
    # libyaml refuses a `:` inside a plain value in `[...]`/`{...}` where PyYAML's own parser
    # stops at the next item: told alike, as the flow collection's error.
    if flows and (at_end or "expected ',' or" in problem or "unexpected ':'" in problem):
        return _unclosed_flow(flows[-1], line, column, at_end=at_end)
    if "simple key" in context and "expected ':'" in problem and cmark is not None:
        missing = _missing_space(text, cmark.line)
        if missing is not None:
            return missing
        block = _block_scalar_above(text, cmark.line)
        if block is not None and _indent(_line(text, cmark.line)) <= _indent(_line(text, block)):
            return ComposeFailure(
                cmark.line,
                cmark.column,
                f"the text of the `|` or `>` block on line {block + 1} must be indented more "
                "than its key; indent this line",
            )
        return ComposeFailure(
            cmark.line,
            cmark.column,
            "a key without a colon: write `key: value` (a space after the colon)",
        )
    if "mapping values are not allowed" in problem:
        return _mapping_values(text, line, column)
    if (
        "expected <block end>" in problem
        or "did not find expected key" in problem
        or ("did not find expected '-' indicator" in problem)
    ):
        return _block_end(text, line, column, context, cmark)
    if "block scalar" in context:
        return ComposeFailure(
            line,
            column,
            "after `>` or `|` only a comment may follow on the same line; start the text on "
            "the next line, indented",
        )
    if "alias" in context or "anchor" in context:
        sign = "*" if "alias" in context else "&"
        return ComposeFailure(
            line,
            column,
            f"`{sign}` starts an {'alias' if sign == '*' else 'anchor'} and must be followed "
            "by a name; put the value in quotes if you meant the character",
        )
    if "tag" in context:
        return ComposeFailure(
            line, column, "`!` starts a tag here; put the value in quotes if you meant the text"
        )
    if "cannot start any token" in problem and column < len(here):
        char = here[column]
        return ComposeFailure(
            line, column, f"`{char}` cannot start a value; put the value in quotes"
        )
    if "document start" in problem:
        return ComposeFailure(
            line,
            column,
            "this line is outside the routine's keys; check its indentation against the lines "
            "above",
        )
    if "node content" in problem:
        return ComposeFailure(
            line,
            column,
            "a value is missing here; put text in quotes if it starts with "
            "`,`, `]`, `}`, `:` or `?`",
        )
    return ComposeFailure(line, column, _GENERIC)


def _index(text: str, line: int, column: int) -> int:
    start = 0
    for _ in range(line):
        found = text.find("\n", start)
        if found < 0:
            return len(text)
        start = found + 1
    return min(start + column, len(text))


def _unclosed_flow(
    flow: tuple[_Open, str], line: int, column: int, *, at_end: bool
) -> ComposeFailure:
    mark, bracket = flow
    closing = "]" if bracket == "[" else "}"
    what = "list" if bracket == "[" else "mapping"
    if at_end:
        return ComposeFailure(
            mark.line,
            mark.column,
            f"this `{bracket}` is never closed; end the {what} with `{closing}`",
        )
    return ComposeFailure(
        line,
        column,
        f"expected `,` or `{closing}` here: the {what} opened with `{bracket}` on line "
        f"{mark.line + 1} is not closed; end it with `{closing}` (and separate its items with "
        "`,`)",
    )


def _mapping_values(text: str, line: int, column: int) -> ComposeFailure:
    """A `key: value` where YAML takes it for the rest of a value above it."""
    here = _line(text, line)
    above = _previous_line(text, line)
    if above is not None:
        dash = _dash_without_space(text, above)
        if dash is not None:
            return dash
        missing = _missing_space(text, above)
        if missing is not None and _indent(here) <= _indent(_line(text, above)):
            return missing
        key = _key_at(text, above, _indent(_line(text, above)))
        own = _KEY.match(here)
        if (
            key is not None
            and own is not None
            and _indent(here) > key[1]
            and own.start(2) == _indent(here)
        ):
            name = own.group(2).strip()
            return ComposeFailure(
                line,
                _indent(here),
                f"`{_shown(name)}:` is indented more than `{_shown(key[0])}:` on line "
                f"{above + 1}, so YAML reads it as part of that value; line it up with "
                f"`{_shown(key[0])}:` (column {key[1] + 1})",
            )
    return ComposeFailure(
        line,
        column,
        "a value cannot hold `: ` (a colon and a space) unless it is in quotes; put the "
        "value in quotes",
    )


def _block_end(text: str, line: int, column: int, context: str, cmark: Any) -> ComposeFailure:
    """A line whose indentation fits none of the blocks open above it."""
    if cmark is None:
        return ComposeFailure(line, column, _GENERIC)
    key = _key_at(text, cmark.line, cmark.column)
    here = _line(text, line)
    stripped = here.strip()
    name = stripped.split(":", 1)[0] if ":" in stripped else stripped
    if "collection" in context:
        if key is None:
            return ComposeFailure(
                line,
                column,
                f"this line is lined up with the `-` on line {cmark.line + 1} but does not "
                "start with `- `; start a list item with `- `",
            )
        if column <= cmark.column:
            return ComposeFailure(
                line,
                column,
                f"this line is lined up with the `-` on line {cmark.line + 1} but does not start "
                f"with `- `: to start a new list item, begin it with `- `; to add "
                f"`{_shown(name)}` to the item above, line it up with `{_shown(key[0])}:` "
                f"(column {key[1] + 1})",
            )
        return ComposeFailure(
            line,
            column,
            f"this line is indented less than `{_shown(key[0])}:` on line {cmark.line + 1}; "
            f"line it up with `{_shown(key[0])}:` (column {key[1] + 1})",
        )
    if key is None:
        return ComposeFailure(line, column, _GENERIC)
    if column > cmark.column:
        return ComposeFailure(
            line,
            column,
            f"this line is indented more than `{_shown(key[0])}:` on line {cmark.line + 1} "
            f"but belongs to nothing above it; line it up with `{_shown(key[0])}:` "
            f"(column {key[1] + 1}) or indent the line above it",
        )
    return ComposeFailure(
        line,
        column,
        f"expected a key (`name: value`) here, lined up with `{_shown(key[0])}:` on line "
        f"{cmark.line + 1}",
    )
