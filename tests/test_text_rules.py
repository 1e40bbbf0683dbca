"""Language tags, placeholders and unsafe characters in routine texts, through to the plan."""

from __future__ import annotations

import re

import pytest

from stretchtimer.routines.loader import RoutineError, load_routine_text
from stretchtimer.routines.model import HoldStep, RepsStep, RestStep
from stretchtimer.routines.text_rules import (
    LANGUAGE_PATTERN,
    SIDE_TEXT_PATTERN,
    TEXT_PATTERN,
    canonical_language,
    fill,
    is_language_tag,
    placeholder_problems,
)
from stretchtimer.session.plan import SegmentKind, build_plan

WELL_FORMED = [
    "en",
    "de",
    "pt-BR",
    "zh-Hant-TW",
    "sr-Latn-RS",
    "de-CH-1996",
    "es-419",
    "en-US-x-twain",
    "x-whatever",
    "i-klingon",
    "zh-min-nan",
    "gsw",
    "ZH-hant-tw",
    "en-a-bbb-x-a-ccc",
    "tlh",
]
MALFORMED = [
    "",
    "e",
    "en-",
    "en_US",
    "en US",
    " en",
    "123",
    "en-US-",
    "english-",
    "x",
    "en--US",
    "toolonglanguage",
    "de-1",
    "zh-Hant-TW-",
    "a-DE",
]


@pytest.mark.parametrize("tag", WELL_FORMED)
def test_well_formed_language_tags_are_accepted(tag: str) -> None:
    assert is_language_tag(tag)
    assert re.search(LANGUAGE_PATTERN, tag)


@pytest.mark.parametrize("tag", MALFORMED)
def test_malformed_language_tags_are_refused(tag: str) -> None:
    assert not is_language_tag(tag)
    assert not re.search(LANGUAGE_PATTERN, tag)


@pytest.mark.parametrize(
    ("tag", "canonical"),
    [
        ("pt-br", "pt-BR"),
        ("ZH-hant-tw", "zh-Hant-TW"),
        ("EN", "en"),
        ("I-KLINGON", "i-klingon"),
        ("en-us-x-TWAIN", "en-US-x-twain"),
        ("es-419", "es-419"),
        ("de-ch-1996", "de-CH-1996"),
    ],
)
def test_language_tags_are_given_their_conventional_case(tag: str, canonical: str) -> None:
    assert canonical_language(tag) == canonical


def test_the_routine_language_defaults_to_english_and_is_kept() -> None:
    base = "name: x\nsteps:\n  - {name: a, hold: 1}\n"
    assert load_routine_text(base).language == "en"
    assert load_routine_text("language: pt-br\n" + base).language == "pt-BR"


@pytest.mark.parametrize(
    ("text", "sides", "problems"),
    [
        ("Lift the {side} leg", True, 0),
        ("Lift the {side} leg", False, 1),
        ("{{side}} is written literally", False, 0),
        ("{{{side}}}", True, 0),
        ("{sdie}", True, 1),
        ("{ side }", True, 1),
        ("a lone { brace", True, 1),
        ("a lone } brace", True, 1),
        ("{side}}", True, 1),
        ("no braces at all", False, 0),
    ],
)
def test_placeholder_rule_and_schema_pattern_agree(text: str, sides: bool, problems: int) -> None:
    assert len(placeholder_problems(text, has_sides=sides)) == problems
    pattern = SIDE_TEXT_PATTERN if sides else TEXT_PATTERN
    assert bool(re.search(pattern, text)) == (problems == 0)


def test_a_misspelt_placeholder_suggests_side() -> None:
    (message,) = placeholder_problems("Lift the {sdie} leg", has_sides=True)
    assert "`{sdie}` is not a placeholder; did you mean `{side}`?" in message


def test_fill_replaces_the_side_and_undoubles_braces() -> None:
    assert fill("the {side} leg {{not a side}}", "left") == "the left leg {not a side}"
    assert fill("{{side}}", None) == "{side}"
    assert fill("plain", "left") == "plain"


def test_say_and_literal_braces_reach_the_plan() -> None:
    routine = load_routine_text(
        "name: x\nsteps:\n"
        "  - name: Calf\n    hold: 5\n    sides: [left, right]\n"
        "    cue: 'Step the {side} foot back {{slowly}}'\n    say: '{side} calf'\n"
        "  - name: Toes\n    reps: 3\n    say: Toe lifts {{x}}\n    cue: '{{a}}'\n"
        "  - rest: 5\n    cue: 'Breathe {{in}}'\n"
    )
    calf, toes, rest = routine.steps
    assert isinstance(calf, HoldStep) and calf.say == "{side} calf"
    assert isinstance(toes, RepsStep) and toes.say == "Toe lifts {{x}}"
    assert isinstance(rest, RestStep)
    plan = build_plan(routine)
    holds = [s for s in plan.segments if s.kind is SegmentKind.HOLD]
    assert [(s.cue, s.say) for s in holds] == [
        ("Step the left foot back {slowly}", "left calf"),
        ("Step the right foot back {slowly}", "right calf"),
    ]
    reps = next(s for s in plan.segments if s.kind is SegmentKind.REPS)
    assert (reps.cue, reps.say) == ("{a}", "Toe lifts {x}")
    assert plan.segments[-1].cue == "Breathe {in}"


def test_a_step_without_say_says_nothing_special() -> None:
    routine = load_routine_text("name: x\nsteps:\n  - {name: a, hold: 1}\n")
    step = routine.steps[0]
    assert isinstance(step, HoldStep) and step.say is None


@pytest.mark.parametrize(
    "escape", ["\\e", "\\x9b", "\\x07", "\\u202e", "\\u2066", "\\x7f", "\\r", "\\v", "\\0", "\\N"]
)
def test_escaped_control_characters_are_refused_anywhere(escape: str) -> None:
    for text in (
        f'name: "a{escape}b"\nsteps:\n  - {{name: a, hold: 1}}\n',
        f'name: x\nsteps:\n  - {{name: a, hold: 1, sides: ["l{escape}"]}}\n',
        f'name: x\n"k{escape}": 1\nsteps:\n  - {{name: a, hold: 1}}\n',
        f'name: x\nsteps:\n  - {{rest: 1, cue: "{escape}"}}\n',
    ):
        with pytest.raises(RoutineError) as info:
            load_routine_text(text, "evil\x1b].yaml")
        for problem in info.value.problems:
            shown = str(problem)
            assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]", shown)
            assert shown.startswith("evil\\x1b].yaml:")
        assert any("holds" in p.message for p in info.value.problems)


def test_tabs_and_newlines_in_texts_are_fine() -> None:
    text = 'name: x\ndescription: "a\\tb\\nc"\nsteps:\n  - {name: a, hold: 1}\n'
    routine = load_routine_text(text)
    assert routine.description == "a\tb\nc"
