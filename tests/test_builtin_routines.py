"""The built-in routines: valid, cautious, and faithful to the leg cramp guidance."""

from __future__ import annotations

import pytest

from stretchtimer.locations import builtin_routines_dir
from stretchtimer.routines.loader import load_routine
from stretchtimer.routines.model import HoldStep, Routine
from stretchtimer.session.plan import SegmentKind, build_plan

NAMES = ["leg-cramp-prevention", "bedtime-legs", "cramp-relief", "after-exercise", "toe-lifts"]


def load(name: str) -> Routine:
    return load_routine(builtin_routines_dir() / f"{name}.yaml")


@pytest.mark.parametrize("name", NAMES)
def test_builtin_routine_is_valid_and_cautious(name: str) -> None:
    routine = load(name)
    assert routine.id == name
    assert routine.caution is not None
    caution = routine.caution.lower()
    assert "doctor" in caution
    for sign in ("sleep", "swelling", "redness", "muscle weakness"):
        assert sign in caution
    plan = build_plan(routine)
    assert not plan.has_untimed
    for segment in plan.segments:
        assert "{side}" not in (segment.cue or "")


def test_leg_cramp_prevention_holds_the_wall_calf_stretch_60_s_per_leg() -> None:
    plan = build_plan(load("leg-cramp-prevention"))
    holds = [(s.label, s.side, s.duration) for s in plan.segments if s.kind is SegmentKind.HOLD]
    assert holds == [("Wall calf stretch", "left", 60.0), ("Wall calf stretch", "right", 60.0)]
    reps = [s for s in plan.segments if s.kind is SegmentKind.REPS]
    assert len(reps) == 1 and reps[0].tempo is not None and 3 <= (reps[0].reps or 0) <= 10
    assert reps[0].tempo.hold >= 2  # "hold a few seconds"


def test_cramp_relief_starts_almost_at_once_and_stretches_then_massages() -> None:
    routine = load("cramp-relief")
    assert routine.prepare <= 5
    cues = " ".join(step.cue or "" for step in routine.steps).lower()
    for words in ("leg straight", "toes toward you", "massage", "heat"):
        assert words in cues


def test_after_exercise_stretches_calf_hamstring_and_quadriceps_per_side() -> None:
    steps = [s for s in load("after-exercise").steps if isinstance(s, HoldStep)]
    names = [s.name.lower() for s in steps]
    assert any("calf" in n for n in names)
    assert any("hamstring" in n for n in names)
    assert any("quadriceps" in n for n in names)
    assert all(s.sides == ("left", "right") for s in steps)


def test_bedtime_legs_is_gentle_and_mentions_water() -> None:
    routine = load("bedtime-legs")
    holds = [s for s in routine.steps if isinstance(s, HoldStep)]
    assert holds[0].name == "Wall calf stretch" and holds[0].hold == 60.0
    assert "glass of water" in " ".join(step.cue or "" for step in routine.steps)


def _rests_in_a_row(routine: Routine) -> list[int]:
    kinds = [s.kind for s in build_plan(routine).segments]
    return [
        i
        for i in range(1, len(kinds))
        if kinds[i] is SegmentKind.REST and kinds[i - 1] is SegmentKind.REST
    ]


@pytest.mark.parametrize("name", NAMES)
def test_builtin_routines_never_rest_twice_in_a_row(name: str) -> None:
    assert _rests_in_a_row(load(name)) == []


@pytest.mark.parametrize("name", ["after-exercise", "bedtime-legs"])
def test_the_closing_rest_keeps_its_cue(name: str) -> None:
    last = build_plan(load(name)).segments[-1]
    assert last.kind is SegmentKind.REST and last.cue and "water" in last.cue.lower()


def test_the_template_ends_with_one_rest(tmp_path: object) -> None:
    from pathlib import Path

    from stretchtimer.routines.library import template_text

    path = Path(str(tmp_path)) / "t.yaml"
    path.write_text(template_text("Morning legs"), encoding="utf-8")
    routine = load_routine(path)
    assert _rests_in_a_row(routine) == []
    assert build_plan(routine).segments[-1].kind is SegmentKind.REST


def test_toe_lifts_is_a_one_minute_break_of_heel_raises_held_a_few_seconds() -> None:
    routine = load("toe-lifts")
    plan = build_plan(routine)
    assert 50 <= plan.total_seconds <= 70  # one minute, a few times a day
    reps = [s for s in plan.segments if s.kind is SegmentKind.REPS]
    assert len(reps) == 1 and reps[0].tempo is not None
    assert reps[0].tempo.hold >= 2  # "hold a few seconds"
    assert 3 <= (reps[0].reps or 0) <= 10  # "repeat a few times"
    assert not [s for s in plan.segments if s.kind is SegmentKind.HOLD]
    cue = (reps[0].cue or "").lower()
    for words in ("standing or sitting", "lift your heels", "few seconds", "lower"):
        assert words in cue
    description = (routine.description or "").lower()
    assert "a few times a day" in description
    assert "sitting or standing in one position for too long" in description
