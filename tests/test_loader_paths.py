"""libyaml and PyYAML's pure-Python parser give the same routines and the same problems.

The loader reads events from libyaml when PyYAML has it and from PyYAML's own parser
otherwise; one composer builds the nodes from either. These tests run every stored example,
the built-in routines and mutations of them through both and compare the outcome exactly.
"""

from __future__ import annotations

import contextlib
import os
import time
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from routine_examples import INVALID, VALID
from routine_strategies import mutated_text
from stretchtimer.locations import builtin_routines_dir
from stretchtimer.routines import yaml_safe
from stretchtimer.routines.loader import RoutineError, load_routine_text
from stretchtimer.routines.model import Routine
from stretchtimer.routines.problems import Problem

pytestmark = pytest.mark.skipif(not yaml.__with_libyaml__, reason="PyYAML built without libyaml")

BUILTINS = {p.stem: p.read_text("utf-8") for p in sorted(builtin_routines_dir().glob("*.yaml"))}
ALL = {**VALID, **{name: bad.text for name, bad in INVALID.items()}, **BUILTINS}
EXAMPLES = int(os.environ.get("STRETCHTIMER_EXAMPLES", "100"))


def raw_parse(text: str, loader: Any) -> tuple[int, int] | None:
    """Return where a parser stops with an error (None when it reads the whole text)."""
    try:
        parser = loader(text)
        while parser.get_event() is not None:
            pass
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        return (mark.line, mark.column) if mark is not None else (-1, -1)
    except (yaml.YAMLError, ValueError):
        return (-2, -2)
    return None


def outcome(text: str, libyaml: bool, monkeypatch: Any) -> Routine | list[Problem]:
    monkeypatch.setattr(yaml_safe, "HAVE_LIBYAML", libyaml)
    try:
        return load_routine_text(text, "r.yaml")
    except RoutineError as exc:
        return exc.problems


@pytest.mark.parametrize("name", sorted(ALL))
def test_both_parsers_give_the_same_outcome(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    text = ALL[name]
    fast = outcome(text, True, monkeypatch)
    slow = outcome(text, False, monkeypatch)
    assert fast == slow


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.function_scoped_fixture,
    ],
)
@given(data=st.data())
def test_both_parsers_agree_on_mutated_documents(
    data: st.DataObject, monkeypatch: pytest.MonkeyPatch
) -> None:
    base = data.draw(st.sampled_from(sorted(VALID.values()) + sorted(BUILTINS.values())))
    text = data.draw(mutated_text(base))
    # Where the parsers themselves part ways (PyYAML's refuses tabs libyaml reads as spaces;
    # libyaml refuses `a:b` inside `{...}`), no composer can agree: only compare the rest.
    assume(raw_parse(text, yaml.CSafeLoader) == raw_parse(text, yaml.SafeLoader))
    fast = outcome(text, True, monkeypatch)
    slow = outcome(text, False, monkeypatch)
    assert fast == slow, text


def test_a_one_mebibyte_routine_is_checked_within_two_seconds() -> None:
    # CPU time of this process: what the check costs, whatever else the machine is doing.
    # The densest list a 1 MiB file can hold: every step past 500 is skipped, not composed.
    text = "name: big\nsteps: [" + "1," * (512 * 1024 - 20) + "1]\n"
    assert len(text.encode()) <= 1024 * 1024
    start = time.process_time()
    with pytest.raises(RoutineError) as info:
        load_routine_text(text, "big.yaml")
    elapsed = time.process_time() - start
    problems = info.value.problems
    assert elapsed < 2.0
    assert "`steps`: has 524269 steps; the most is 500" in problems[0].message
    assert sum("the most is 500" in p.message for p in problems) == 1
    assert len(problems) == 101 and "more problems from here on" in problems[-1].message


def test_a_one_mebibyte_file_of_tiny_lists_stops_at_the_node_bound() -> None:
    row = "[" + "1," * 99 + "1],"
    text = "name: big\nx: [" + row * (1_000_000 // len(row)) + "1]\n"
    start = time.process_time()
    with pytest.raises(RoutineError) as info:
        load_routine_text(text, "big.yaml")
    assert time.process_time() - start < 2.0
    assert "holds more than 50000 values" in info.value.problems[0].message


def test_a_wide_alias_bomb_is_refused_quickly() -> None:
    layers = ["a0: &a0 [" + ", ".join(["x"] * 100) + "]"]
    layers += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 100) + "]" for i in range(1, 6)]
    text = "name: x\n" + "\n".join(layers) + "\nsteps: []\n"
    start = time.process_time()
    with pytest.raises(RoutineError) as info:
        load_routine_text(text, "bomb.yaml")
    assert time.process_time() - start < 0.5
    assert "alias bomb" in info.value.problems[0].message


def test_anchors_inside_skipped_steps_do_not_break_later_aliases() -> None:
    steps = "".join(f"  - {{name: s{i}, hold: 1}}\n" for i in range(500))
    text = f"name: x\nsteps:\n{steps}  - &late {{name: late, hold: 1}}\ncaution: *late\n"
    with pytest.raises(RoutineError) as info:
        load_routine_text(text, "r.yaml")
    messages = [p.message for p in info.value.problems]
    assert any("has 501 steps" in m for m in messages)
    assert not any("refers to no anchor" in m for m in messages)


def test_the_garbage_collector_is_back_on_after_any_load() -> None:
    import gc

    assert gc.isenabled()
    for text in ("name: x\nsteps:\n  - {name: a, hold: 1}\n", "name: [\n", "name: x\n"):
        with contextlib.suppress(RoutineError):
            load_routine_text(text, "r.yaml")
        assert gc.isenabled()
