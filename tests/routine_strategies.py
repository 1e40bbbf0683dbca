"""Hypothesis strategies for routine documents: valid ones, near-valid ones and mutations."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

KEYS = [
    "version",
    "name",
    "description",
    "caution",
    "prepare",
    "rest",
    "steps",
    "cue",
    "hold",
    "reps",
    "tempo",
    "sides",
    "switch",
    "sets",
    "up",
    "down",
    "hodl",
    "<<",
    "=",
    "x",
    "say",
    "language",
]
BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"

side_names = st.sampled_from(["left", "right", "front", "back", "upper", "lower"])
names = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc"), exclude_characters=BIDI),
    min_size=1,
    max_size=20,
).filter(lambda s: s.strip() != "")
# A cue or say as written: braces doubled, so they are literal.
texts = names.map(lambda s: s.replace("{", "{{").replace("}", "}}"))
languages = st.sampled_from(
    ["en", "de", "pt-BR", "zh-Hant-TW", "EN-gb", "tr", "sr-Latn-RS", "x-private", "i-klingon"]
)

valid_seconds = st.one_of(
    st.integers(1, 3600),
    st.floats(min_value=0.5, max_value=3600, allow_nan=False).map(lambda x: round(x, 2)),
)
valid_duration = st.one_of(
    valid_seconds,
    st.integers(1, 3600).map(lambda s: f"{s}s"),
    st.integers(1, 60).map(lambda m: f"{m}m"),
    st.tuples(st.integers(0, 59), st.integers(1, 59)).map(lambda ms: f"{ms[0]}m{ms[1]}s"),
    st.tuples(st.integers(0, 59), st.integers(1, 59)).map(lambda ms: f"{ms[0]}:{ms[1]:02d}"),
)
zero_or_valid = st.one_of(st.just(0), st.just("0s"), valid_duration)


@st.composite
def valid_step(draw: st.DrawFn) -> dict[str, Any]:
    kind = draw(st.sampled_from(["hold", "reps", "paced", "rest"]))
    if kind == "rest":
        step: dict[str, Any] = {"rest": draw(zero_or_valid)}
        if draw(st.booleans()):
            step["cue"] = draw(texts)
        return step
    step = {"name": draw(names)}
    if kind == "hold":
        step["hold"] = draw(valid_duration)
    else:
        step["reps"] = draw(st.integers(1, 1000))
    if kind == "paced":
        phases = draw(
            st.dictionaries(st.sampled_from(["up", "hold", "down"]), zero_or_valid, min_size=1)
        )
        if not any(v not in (0, "0s") for v in phases.values()):
            phases["up"] = 1
        step["tempo"] = phases
    sides = draw(st.lists(side_names, min_size=0, max_size=4, unique=True))
    if sides:
        step["sides"] = sides
        step["cue"] = "Your {side} leg. " + draw(texts)
        if draw(st.booleans()):
            step["say"] = "{side} side, " + draw(texts)
    elif draw(st.booleans()):
        step["cue"] = draw(texts)
    if "say" not in step and draw(st.booleans()):
        step["say"] = draw(texts)
    for key, strategy in (
        ("switch", zero_or_valid),
        ("sets", st.integers(1, 100)),
        ("rest", zero_or_valid),
    ):
        if draw(st.booleans()):
            step[key] = draw(strategy)
    return step


@st.composite
def valid_routine(draw: st.DrawFn) -> dict[str, Any]:
    routine: dict[str, Any] = {
        "name": draw(names),
        "steps": draw(st.lists(valid_step(), min_size=1, max_size=6)),
    }
    for key, strategy in (
        ("version", st.just(1)),
        ("description", names),
        ("caution", names),
        ("prepare", zero_or_valid),
        ("rest", zero_or_valid),
        ("language", languages),
    ):
        if draw(st.booleans()):
            routine[key] = draw(strategy)
    return routine


scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-5, 5000),
    st.floats(allow_nan=False),
    st.sampled_from(
        [
            "",
            "x",
            "45s",
            "1:30",
            "0:00",
            "1m90s",
            "61m",
            "-5s",
            "1h",
            "{side}",
            "3600.0001",
            "0s",
            "left",
            " ",
            "{sdie}",
            "{{side}}",
            "a } b",
            "en",
            "pt-BR",
            "en_US",
            "\x1b[2J",
            "x\u202ey",
            "\x9b",
            "tab\there",
        ]
    ),
    names,
)


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Return the path of every node in a nested structure of dicts and lists."""
    found = [prefix]
    if isinstance(value, dict):
        for key, item in value.items():
            found += _paths(item, (*prefix, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += _paths(item, (*prefix, index))
    return found


def _mutate_at(draw: st.DrawFn, value: Any, path: tuple[Any, ...]) -> Any:
    if path:
        head, rest = path[0], path[1:]
        copy = dict(value) if isinstance(value, dict) else list(value)
        copy[head] = _mutate_at(draw, copy[head], rest)
        return copy
    op = draw(st.integers(0, 4))
    if op == 0:
        return draw(scalars)
    if op == 1:
        return draw(st.lists(scalars, max_size=3))
    if op == 2 and isinstance(value, dict) and value:
        key = draw(st.sampled_from(sorted(value)))
        return {k: v for k, v in value.items() if k != key}
    if op == 3 and isinstance(value, dict):
        return {**value, draw(st.sampled_from(KEYS)): draw(scalars)}
    if op == 4 and isinstance(value, list):
        return [*value, draw(st.one_of(scalars, valid_step()))]
    return draw(scalars)


@st.composite
def near_valid_routine(draw: st.DrawFn) -> Any:
    """A valid routine with zero to three random changes (often still valid, often not)."""
    value: Any = draw(valid_routine())
    for _ in range(draw(st.integers(0, 3))):
        value = _mutate_at(draw, value, draw(st.sampled_from(_paths(value))))
    return value


YAML_TOKENS = [
    "\u202e",
    "\\e",
    "\\ud800",
    ": ",
    "- ",
    "&a ",
    "*a",
    "<<: ",
    "<<: *a\n",
    "!!python/object:os.system ",
    "!x ",
    "!!str ",
    "{",
    "}",
    "[",
    "]",
    "\t",
    "'",
    '"',
    "---\n",
    "...\n",
    "\n  ",
    "\n",
    "hodl",
    "{side}",
    "0",
    "-1",
    "yes",
    ".nan",
    ".inf",
    "1:30",
    "~",
    "# ",
    ",",
    "?",
    "|\n",
    ">\n",
    "\\",
    "\u0007",
    "é",
    "%YAML 1.1\n",
    "&b [*b]",
    "\ufeff",
]


@st.composite
def mutated_text(draw: st.DrawFn, base: str) -> str:
    """Return ``base`` after a few random text edits (deletions, insertions, line moves)."""
    text = base
    for _ in range(draw(st.integers(1, 4))):
        op = draw(st.integers(0, 4))
        pos = draw(st.integers(0, len(text)))
        if op == 0:
            end = draw(st.integers(pos, min(len(text), pos + 20)))
            text = text[:pos] + text[end:]
        elif op == 1:
            text = text[:pos] + draw(st.sampled_from(YAML_TOKENS)) + text[pos:]
        elif op == 2:
            text = text[:pos] + draw(st.text(max_size=5)) + text[pos:]
        else:
            lines = text.split("\n")
            i = draw(st.integers(0, len(lines) - 1))
            j = draw(st.integers(0, len(lines) - 1))
            if op == 3:
                lines.insert(j, lines[i])
            else:
                lines[i], lines[j] = lines[j], lines[i]
            text = "\n".join(lines)
    return text
