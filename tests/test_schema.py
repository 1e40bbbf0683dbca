"""The shipped JSON Schema and the loader agree on every example the tests hold.

The schema sees the data PyYAML's safe loader builds; the loader sees the document itself. So a
few problems are invisible to any JSON Schema, and only these are exempt from agreement:

- duplicate keys (PyYAML keeps the last value, the data has no trace of the first);
- the bound on alias expansion (a limit on the document's size, not a property of its data);
- NaN durations (NaN is not a JSON value and ``minimum``/``maximum`` cannot exclude it);
- lone surrogates (no JSON document can hold one).

Documents PyYAML's safe loader itself refuses (syntax errors, ``!!python`` tags, bad aliases,
two documents...) must be refused by the loader too. Everything else, including ``{side}`` in
a cue without ``sides``, the tempo rules and the range of duration strings, is in the schema.
"""

from __future__ import annotations

import os
import re
from typing import Any

import jsonschema
import pytest
import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from routine_examples import ALIAS_LIMIT, DUPLICATE_KEYS, INVALID, NAN, SURROGATE, VALID
from routine_strategies import near_valid_routine
from stretchtimer.locations import builtin_routines_dir
from stretchtimer.routines import checker
from stretchtimer.routines.durations import DurationError, parse_duration
from stretchtimer.routines.library import template_text
from stretchtimer.routines.loader import RoutineError, load_routine_text
from stretchtimer.routines.schema import schema, schema_text

SCHEMA = schema()
VALIDATOR = jsonschema.Draft202012Validator(SCHEMA)
EXCEPTIONS = {DUPLICATE_KEYS, ALIAS_LIMIT, NAN, SURROGATE}
EXAMPLES = int(os.environ.get("STRETCHTIMER_EXAMPLES", "100"))
FAST = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def loader_accepts(text: str) -> bool:
    try:
        load_routine_text(text, "s.yaml")
    except RoutineError:
        return False
    return True


def schema_accepts(text: str) -> bool | None:
    """Return the schema's verdict, or None when PyYAML's safe loader refuses the text."""
    try:
        data = yaml.load(text, Loader=yaml.SafeLoader)
    except Exception:  # PyYAML raises ValueError/KeyError too for e.g. `!!int ten`
        return None
    return bool(VALIDATOR.is_valid(data))


def test_the_schema_is_valid_draft_2020_12() -> None:
    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    assert SCHEMA["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema_text().endswith("\n")


def test_schema_keys_match_the_loader_keys() -> None:
    defs = SCHEMA["$defs"]
    assert tuple(SCHEMA["properties"]) == checker.TOP_KEYS
    assert tuple(defs["work_step"]["properties"]) == checker.STEP_KEYS
    assert tuple(defs["rest_step"]["properties"]) == checker.REST_STEP_KEYS
    assert tuple(defs["tempo"]["properties"]) == checker.TEMPO_KEYS
    assert SCHEMA["properties"]["steps"]["maxItems"] == checker.MAX_STEPS
    assert defs["name"]["maxLength"] == checker.MAX_NAME


@pytest.mark.parametrize("name", sorted(VALID))
def test_valid_examples(name: str) -> None:
    assert loader_accepts(VALID[name])
    assert schema_accepts(VALID[name]) is True


@pytest.mark.parametrize("name", sorted(INVALID))
def test_invalid_examples(name: str) -> None:
    bad = INVALID[name]
    assert not loader_accepts(bad.text)
    if bad.schema_exception is not None:
        assert bad.schema_exception in EXCEPTIONS
        return
    assert schema_accepts(bad.text) in (False, None)


def test_the_exceptions_are_real() -> None:
    # Without their one intrinsic problem these documents would pass the schema.
    assert schema_accepts(INVALID["duplicate-top-key"].text) is True
    assert schema_accepts(INVALID["nan-and-inf"].text) is True


BUILTIN_FILES = sorted(builtin_routines_dir().glob("*.yaml"))


@pytest.mark.parametrize("path", BUILTIN_FILES, ids=lambda p: p.stem)
def test_builtin_routines_pass_the_schema(path: Any) -> None:
    assert schema_accepts(path.read_text("utf-8")) is True


def test_template_passes_the_schema() -> None:
    assert schema_accepts(template_text("My routine")) is True


@FAST
@given(near_valid_routine())
def test_loader_and_schema_agree_on_generated_documents(data: Any) -> None:
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    verdict = schema_accepts(text)
    assert verdict is not None
    assert loader_accepts(text) == verdict, text


# -- duration strings: the schema's patterns and the parser --------------------------------

DEFS = SCHEMA["$defs"]
ZERO_PATTERN = DEFS["duration"]["anyOf"][1]["pattern"]
POSITIVE_PATTERN = DEFS["positive_duration"]["anyOf"][1]["pattern"]

numbers = st.from_regex(r"0{0,2}[0-9]{1,5}(\.[0-9]{1,3})?", fullmatch=True)
small = st.from_regex(r"0?[0-9]{1,2}", fullmatch=True)
gap = st.sampled_from(["", " ", "  "])
duration_strings = st.one_of(
    st.tuples(numbers, gap, st.sampled_from(["", "s", "m", "h", "S", "ms"])).map("".join),
    st.tuples(small, gap, st.just("m"), gap, numbers, gap, st.just("s")).map("".join),
    st.tuples(small, st.just(":"), st.from_regex(r"[0-9]{1,3}(\.[0-9]{1,2})?", fullmatch=True)).map(
        "".join
    ),
    st.text(alphabet="0123456789.:ms -\t\n", max_size=10),
    st.tuples(
        st.sampled_from(["", " ", "\n", "\t"]), numbers, st.sampled_from(["", "\n", " "])
    ).map("".join),
)


def parses(text: str, allow_zero: bool) -> bool:
    try:
        parse_duration(text, allow_zero=allow_zero)
    except DurationError:
        return False
    return True


@settings(max_examples=max(EXAMPLES * 4, 400), deadline=None)
@given(duration_strings)
@example("3600.0000")
@example("3600.0001")
@example("60m0.00s")
@example("60:00.0")
@example("59:59.999")
@example("0:00")
@example("00m00s")
@example("1m60s")
@example("45s\n")
@example("1:5")
def test_duration_patterns_match_the_parser(text: str) -> None:
    assert bool(re.search(ZERO_PATTERN, text)) == parses(text, allow_zero=True), text
    assert bool(re.search(POSITIVE_PATTERN, text)) == parses(text, allow_zero=False), text
