r"""Rules for the texts of a routine: placeholders, language tags, unsafe characters.

Pure functions, no YAML: the checker applies them to values, the JSON Schema carries the same
rules as patterns (:data:`LANGUAGE_PATTERN`, :data:`TEXT_PATTERN`, :data:`SIDE_TEXT_PATTERN`).

Placeholders: in a ``cue`` or ``say``, ``{side}`` stands for the current side (only in a step
with ``sides``), ``{{`` and ``}}`` write a literal brace, and any other brace is a mistake:
``{sdie}`` suggests ``{side}``, a lone ``{`` or ``}`` asks for ``{{`` or ``}}``.
"""

from __future__ import annotations

import re

from stretchtimer.safe_text import visible

PLACEHOLDERS = ("side",)

# RFC 5646 (BCP 47) well-formed language tags, case-insensitive: language[-script][-region]
# [-variant...][-extension...][-privateuse], a private-use tag, or a grandfathered one.
_ALNUM = "[A-Za-z0-9]"
_LANGTAG = (
    "(?:[A-Za-z]{2,3}(?:-[A-Za-z]{3}){0,3}|[A-Za-z]{4}|[A-Za-z]{5,8})"  # language (+extlang)
    "(?:-[A-Za-z]{4})?"  # script
    "(?:-(?:[A-Za-z]{2}|[0-9]{3}))?"  # region
    f"(?:-(?:{_ALNUM}{{5,8}}|[0-9]{_ALNUM}{{3}}))*"  # variants
    f"(?:-[0-9A-WYZa-wyz](?:-{_ALNUM}{{2,8}})+)*"  # extensions
    f"(?:-[Xx](?:-{_ALNUM}{{1,8}})+)?"  # private use
)
_PRIVATE = f"[Xx](?:-{_ALNUM}{{1,8}})+"
_GRANDFATHERED = (
    "en-GB-oed|i-ami|i-bnn|i-default|i-enochian|i-hak|i-klingon|i-lux|i-mingo|i-navajo|"
    "i-pwn|i-tao|i-tay|i-tsu|sgn-BE-FR|sgn-BE-NL|sgn-CH-DE|art-lojban|cel-gaulish|no-bok|"
    "no-nyn|zh-guoyu|zh-hakka|zh-min|zh-min-nan|zh-xiang"
)


def _any_case(literal: str) -> str:
    return "".join(f"[{c.lower()}{c.upper()}]" if c.isalpha() else c for c in literal)


LANGUAGE_PATTERN = (
    f"^(?:{_LANGTAG}|{_PRIVATE}|"
    + "|".join(_any_case(tag) for tag in _GRANDFATHERED.split("|"))
    + ")$"
)
"""A well-formed BCP 47 language tag (the schema uses it as it is)."""
_LANGUAGE: re.Pattern[str] | None = None  # compiled on first use: it is a large pattern
_GRANDFATHERED_SET = {tag.lower(): tag for tag in _GRANDFATHERED.split("|")}

TEXT_PATTERN = r"^(?:[^{}]|\{\{|\}\})*$"
"""A cue or say of a step without sides: braces only doubled."""
SIDE_TEXT_PATTERN = r"^(?:[^{}]|\{\{|\}\}|\{side\})*$"
"""A cue or say of a step with sides: ``{side}`` allowed too."""

_TOKEN = re.compile(r"\{\{|\}\}|\{([^{}]*)\}|[{}]")


def is_language_tag(text: str) -> bool:
    """Return True when ``text`` is a well-formed BCP 47 language tag (``en``, ``pt-BR``)."""
    global _LANGUAGE
    if _LANGUAGE is None:
        _LANGUAGE = re.compile(LANGUAGE_PATTERN)
    return _LANGUAGE.match(text) is not None and text == text.strip()


def canonical_language(tag: str) -> str:
    """Return a well-formed tag in its conventional case: ``pt-br`` -> ``pt-BR``.

    Language subtags lower case, a 4-letter script title case (``Hant``), a 2-letter region
    upper case; the meaning never changes (tags are case-insensitive).
    """
    if tag.lower() in _GRANDFATHERED_SET:
        return _GRANDFATHERED_SET[tag.lower()]
    parts = tag.split("-")
    out = [parts[0].lower()]
    private = parts[0].lower() == "x"
    for part in parts[1:]:
        if private or len(out[-1]) == 1:
            private = private or out[-1] == "x"
            out.append(part.lower())
            continue
        if len(part) == 4 and part.isalpha():
            out.append(part.title())
        elif len(part) == 2 and part.isalpha():
            out.append(part.upper())
        else:
            out.append(part.lower())
            private = part.lower() == "x"
    return "-".join(out)


def placeholder_problems(text: str, *, has_sides: bool) -> list[str]:
    """Return what is wrong with the braces of a cue or say (empty when nothing is).

    Args:
        text: the cue or say as written.
        has_sides: whether the step has ``sides`` (so ``{side}`` has a meaning).
    """
    problems: list[str] = []
    if "{" not in text and "}" not in text:
        return problems
    for match in _TOKEN.finditer(text):
        token = match.group()
        if token in ("{{", "}}"):
            continue
        name = match.group(1)
        if name is None:
            double = token * 2
            problems.append(
                f"a lone `{token}`; write `{double}` for a brace, or `{{side}}` for the side"
            )
            continue
        if name == "side":
            if not has_sides:
                problems.append(
                    "uses {side}, but the step has no `sides` (add `sides: [left, right]`, or "
                    "write the side out)"
                )
            continue
        shown = visible(name if len(name) <= 30 else name[:29] + "…")
        import difflib

        close = difflib.get_close_matches(name.strip().lower(), PLACEHOLDERS, n=1, cutoff=0.5)
        hint = f"did you mean `{{{close[0]}}}`?" if close else "the only one is `{side}`"
        problems.append(
            f"`{{{shown}}}` is not a placeholder; {hint} (write `{{{{` and `}}}}` for "
            "literal braces)"
        )
    return problems


def fill(text: str, side: str | None) -> str:
    """Return a cue or say with ``{side}`` replaced and ``{{``/``}}`` made single braces.

    Args:
        text: a checked cue or say.
        side: the current side, or None (``{side}`` is then kept as written).
    """
    if "{" not in text and "}" not in text:
        return text

    def one(match: re.Match[str]) -> str:
        token = match.group()
        if token == "{{":
            return "{"
        if token == "}}":
            return "}"
        if match.group(1) == "side" and side is not None:
            return side
        return token

    return _TOKEN.sub(one, text)


def describe_unsafe(char: str) -> str:
    """Return how a person would name an unsafe character, shown visibly (never raw)."""
    code = ord(char)
    shown = visible(char)
    if 0xD800 <= code <= 0xDFFF:
        return f"a lone surrogate ({shown})"
    if 0x202A <= code <= 0x202E or 0x2066 <= code <= 0x2069:
        return f"the bidirectional control character {shown} (it reorders what is shown)"
    return f"the control character {shown}"
