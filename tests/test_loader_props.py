"""Property tests: whatever the input, the loader returns a routine or raises RoutineError."""

from __future__ import annotations

import os
from typing import Any

import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from routine_examples import INVALID, SPEC_EXAMPLE, VALID
from routine_strategies import mutated_text, near_valid_routine, valid_routine
from stretchtimer.locations import builtin_routines_dir
from stretchtimer.routines.durations import parse_duration
from stretchtimer.routines.loader import RoutineError, load_routine_bytes, load_routine_text
from stretchtimer.routines.model import HoldStep, RepsStep, RestStep, Routine, Tempo
from stretchtimer.routines.text_rules import canonical_language
from stretchtimer.safe_text import first_unsafe
from stretchtimer.session.plan import build_plan

BASES = [
    SPEC_EXAMPLE,
    *VALID.values(),
    *(p.read_text("utf-8") for p in sorted(builtin_routines_dir().glob("*.yaml"))),
]
# Kept small so the suite stays fast; STRETCHTIMER_EXAMPLES=5000 runs a deep search.
EXAMPLES = int(os.environ.get("STRETCHTIMER_EXAMPLES", "100"))
FAST = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def check_outcome(load: Any, text_for_lines: str | None = None) -> Routine | None:
    """Run a load; only RoutineError may escape, and its problems must be well formed."""
    try:
        return load()  # type: ignore[no-any-return]
    except RoutineError as exc:
        assert exc.problems
        for problem in exc.problems:
            assert problem.line >= 1 and problem.column >= 1, problem
            if text_for_lines is not None:
                assert problem.line <= text_for_lines.count("\n") + 2, problem
            assert problem.message and "\n" not in problem.message
            assert first_unsafe(problem.message) is None, problem  # never raw on a terminal
            assert len(problem.message) < 400
        return None


@FAST
@given(st.data())
def test_mutated_documents_never_crash(data: st.DataObject) -> None:
    base = data.draw(st.sampled_from(BASES))
    text = data.draw(mutated_text(base))
    check_outcome(lambda: load_routine_text(text, "m.yaml"), text)


@FAST
@given(st.binary(max_size=300))
@example(b"\xff\xfe")
@example(b"name: x\nsteps: [" + b"[" * 70)
@example(b"\xef\xbb\xbf")
def test_random_bytes_never_crash(data: bytes) -> None:
    check_outcome(lambda: load_routine_bytes(data, "b.yaml"))


@FAST
@given(st.text(alphabet="abcdehmnopstuv{}[]:-&*!<>|#'\",.?~ \n\t0123456789", max_size=200))
@example("name: x\nsteps:\n  - ? [a]\n    : 1\n")
@example("name: x\nsteps: !!omap [a: 1]\n")
@example("name: !!binary aGVsbG8=\nsteps: []\n")
@example("name: x\nsteps:\n  - name: !!float abc\n    hold: !!bool maybe\n")
@example("= : 1\nname: =\nsteps: []\n")
def test_random_yaml_like_text_never_crashes(text: str) -> None:
    check_outcome(lambda: load_routine_text(text, "t.yaml"), text)


@FAST
@given(near_valid_routine())
def test_mutated_routine_data_never_crashes(data: Any) -> None:
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    check_outcome(lambda: load_routine_text(text, "d.yaml"), text)


def expected_routine(data: dict[str, Any]) -> Routine:
    """Build the Routine that a valid document's data means, independently of the loader."""

    def dur(value: Any) -> float:
        return parse_duration(value)

    steps: list[HoldStep | RepsStep | RestStep] = []
    for raw in data["steps"]:
        if "name" not in raw:
            steps.append(
                RestStep(
                    rest=dur(raw["rest"]),
                    cue=raw.get("cue", "").strip() or None if "cue" in raw else None,
                )
            )
            continue
        common: dict[str, Any] = {
            "name": raw["name"].strip(),
            "cue": raw["cue"].strip() if "cue" in raw else None,
            "sides": tuple(raw.get("sides", ())),
            "switch": dur(raw.get("switch", 5)),
            "sets": raw.get("sets", 1),
            "rest": dur(raw["rest"]) if "rest" in raw else None,
            "say": raw["say"].strip() if "say" in raw else None,
        }
        if "hold" in raw:
            steps.append(HoldStep(hold=dur(raw["hold"]), **common))
        else:
            tempo = raw.get("tempo")
            steps.append(
                RepsStep(
                    reps=raw["reps"],
                    tempo=Tempo(**{k: dur(v) for k, v in tempo.items()}) if tempo else None,
                    **common,
                )
            )
    return Routine(
        id="g",
        name=data["name"].strip(),
        steps=tuple(steps),
        description=data["description"].strip() if "description" in data else None,
        caution=data["caution"].strip() if "caution" in data else None,
        prepare=dur(data.get("prepare", 5)),
        rest=dur(data.get("rest", 0)),
        language=canonical_language(data.get("language", "en")),
    )


def without_lines(routine: Routine) -> Routine:
    from dataclasses import replace

    return replace(routine, steps=tuple(replace(step, line=0) for step in routine.steps))


def to_data(routine: Routine) -> dict[str, Any]:
    """Write a routine back as plain data (durations as seconds)."""
    steps: list[dict[str, Any]] = []
    for step in routine.steps:
        if isinstance(step, RestStep):
            out: dict[str, Any] = {"rest": step.rest}
        else:
            out = {"name": step.name, "switch": step.switch, "sets": step.sets}
            if isinstance(step, HoldStep):
                out["hold"] = step.hold
            else:
                out["reps"] = step.reps
                if step.tempo is not None:
                    out["tempo"] = {
                        "up": step.tempo.up,
                        "hold": step.tempo.hold,
                        "down": step.tempo.down,
                    }
            if step.sides:
                out["sides"] = list(step.sides)
            if step.rest is not None:
                out["rest"] = step.rest
            if step.say is not None:
                out["say"] = step.say
        if step.cue is not None:
            out["cue"] = step.cue
        steps.append(out)
    data: dict[str, Any] = {
        "version": 1,
        "name": routine.name,
        "prepare": routine.prepare,
        "rest": routine.rest,
        "steps": steps,
        "language": routine.language,
    }
    for key in ("description", "caution"):
        if getattr(routine, key) is not None:
            data[key] = getattr(routine, key)
    return data


@FAST
@given(valid_routine(), st.sampled_from([{}, {"default_flow_style": True}, {"width": 20}]))
def test_valid_routines_load_round_trip_and_plan(data: dict[str, Any], style: Any) -> None:
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, **style)
    routine = load_routine_text(text, "g.yaml")
    assert without_lines(routine) == without_lines(expected_routine(data))
    again = load_routine_text(yaml.safe_dump(to_data(routine), allow_unicode=True), "g.yaml")
    assert without_lines(again) == without_lines(routine)
    plan = build_plan(routine)
    assert plan.work_segments >= sum(1 for s in routine.steps if not isinstance(s, RestStep))


def test_every_invalid_example_survives_small_mutations_too() -> None:
    # A deterministic sweep: drop each line of every invalid example in turn.
    for bad in INVALID.values():
        lines = bad.text.split("\n")
        if len(lines) > 30:
            continue
        for i in range(len(lines)):
            text = "\n".join(lines[:i] + lines[i + 1 :])
            check_outcome(lambda text=text: load_routine_text(text, "s.yaml"), text)
