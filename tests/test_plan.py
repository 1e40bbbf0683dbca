"""The plan: expansion order, totals, rests and paced-rep positions."""

from __future__ import annotations

import pytest

from stretchtimer.routines.model import HoldStep, RepsStep, RestStep, Routine, Tempo
from stretchtimer.session.plan import SegmentKind, build_plan
from stretchtimer.session.reps import rep_phase_starts, rep_position
from stretchtimer.session.timefmt import format_elapsed, format_seconds


def _example() -> Routine:
    """The example of the format page, as a model."""
    return Routine(
        id="example",
        name="Leg cramp prevention",
        prepare=10,
        rest=15,
        steps=(
            HoldStep(
                "Wall calf stretch",
                60,
                "Step back with your {side} foot",
                ("left", "right"),
                switch=5,
            ),
            RepsStep("Toe lifts", 10, Tempo(1, 3, 2), sets=2, rest=20),
            RestStep(30, "Shake out your legs."),
        ),
    )


def test_example_expands_in_the_documented_order() -> None:
    plan = build_plan(_example())
    got = [(s.kind.value, s.describe(), s.duration) for s in plan.segments]
    assert got == [
        ("prepare", "Get ready", 10),
        ("hold", "Wall calf stretch, left", 60),
        ("switch", "Switch to right", 5),
        ("hold", "Wall calf stretch, right", 60),
        ("rest", "Rest", 15),
        ("reps", "Toe lifts, set 1/2", 60),
        ("rest", "Rest", 20),
        ("reps", "Toe lifts, set 2/2", 60),
        ("rest", "Rest", 20),
        ("rest", "Rest", 30),
    ]
    assert plan.total_seconds == 340
    assert plan.starts[1] == 10 and plan.starts[-1] == 310
    assert not plan.has_untimed


def test_side_placeholder_is_filled_per_side() -> None:
    plan = build_plan(_example())
    holds = [s for s in plan.segments if s.kind is SegmentKind.HOLD]
    assert [h.cue for h in holds] == [
        "Step back with your left foot",
        "Step back with your right foot",
    ]
    assert [(h.side_number, h.sides) for h in holds] == [(1, 2), (2, 2)]


def test_sets_and_sides_interleave_with_switch_and_rest() -> None:
    routine = Routine(
        "r", "R", (HoldStep("S", 10, sides=("a", "b"), sets=2, switch=3, rest=7),), prepare=0
    )
    plan = build_plan(routine)
    assert [s.describe() for s in plan.segments] == [
        "S, a, set 1/2",
        "Switch to b",
        "S, b, set 1/2",
        "Rest",
        "S, a, set 2/2",
        "Switch to b",
        "S, b, set 2/2",
    ]
    assert plan.total_seconds == 10 + 3 + 10 + 7 + 10 + 3 + 10


def test_zero_prepare_switch_and_rest_are_left_out() -> None:
    routine = Routine(
        "r",
        "R",
        (HoldStep("A", 5, sides=("l", "r"), switch=0), HoldStep("B", 5)),
        prepare=0,
        rest=0,
    )
    kinds = [s.kind for s in build_plan(routine).segments]
    assert kinds == [SegmentKind.HOLD] * 3


def test_no_rest_after_the_last_step() -> None:
    routine = Routine("r", "R", (HoldStep("A", 5), HoldStep("B", 5)), prepare=0, rest=4)
    plan = build_plan(routine)
    assert [s.kind for s in plan.segments][-1] is SegmentKind.HOLD
    assert plan.total_seconds == 14


def test_untimed_reps_count_as_unknown_time() -> None:
    routine = Routine("r", "R", (RepsStep("Squats", 12), HoldStep("B", 5)), prepare=3)
    plan = build_plan(routine)
    assert plan.has_untimed
    assert plan.segments[1].duration is None
    assert plan.total_seconds == 8
    assert plan.remaining_after(0) == 5


@pytest.mark.parametrize(
    ("elapsed", "rep", "phase", "left"),
    [
        (0, 1, "up", 1),
        (0.5, 1, "up", 0.5),
        (1, 1, "hold", 3),
        (4.5, 1, "down", 1.5),
        (6, 2, "up", 1),
        (59.9, 10, "down", 0.1),
        (60, 10, "down", 0),
        (99, 10, "down", 0),
    ],
)
def test_rep_position(elapsed: float, rep: int, phase: str, left: float) -> None:
    pos = rep_position(Tempo(1, 3, 2), 10, elapsed)
    assert (pos.rep, pos.phase) == (rep, phase)
    assert pos.phase_remaining == pytest.approx(left)


def test_rep_position_skips_zero_phases() -> None:
    pos = rep_position(Tempo(up=2, down=2), 3, 2.5)
    assert (pos.rep, pos.phase) == (1, "down")


def test_rep_phase_starts_windows_do_not_overlap() -> None:
    tempo = Tempo(1, 3, 2)
    everything = list(rep_phase_starts(tempo, 3, -1, 100))
    assert len(everything) == 9
    assert everything[0] == (0, 1, "up") and everything[-1] == (16, 3, "down")
    pieces = [
        *rep_phase_starts(tempo, 3, -1, 4),
        *rep_phase_starts(tempo, 3, 4, 7.5),
        *rep_phase_starts(tempo, 3, 7.5, 18),
    ]
    assert pieces == everything


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (None, "?"),
        (0, "0:00"),
        (0.2, "0:01"),
        (59.99, "1:00"),
        (60, "1:00"),
        (90, "1:30"),
        (3600, "1:00:00"),
        (3725, "1:02:05"),
    ],
)
def test_format_seconds(seconds: float | None, text: str) -> None:
    assert format_seconds(seconds) == text


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (0, "0:00"),
        (0.4, "0:00"),
        (0.5, "0:01"),
        (2.4, "0:02"),
        (7.325, "0:07"),
        (59.6, "1:00"),
        (-1, "0:00"),
    ],
)
def test_format_elapsed_rounds_to_nearest(seconds: float, text: str) -> None:
    assert format_elapsed(seconds) == text
