"""The message catalogue: numbers and durations as a person says them."""

from __future__ import annotations

import pytest

from stretchtimer.voice.messages import CATALOGUES, ENGLISH, catalogue_for, english_number


@pytest.mark.parametrize(
    ("n", "words"),
    [
        (0, "zero"),
        (7, "seven"),
        (13, "thirteen"),
        (20, "twenty"),
        (21, "twenty-one"),
        (99, "ninety-nine"),
        (100, "one hundred"),
        (105, "one hundred five"),
        (1000, "one thousand"),
        (3600, "three thousand six hundred"),
        (-2, "minus two"),
    ],
)
def test_numbers_in_words(n: int, words: str) -> None:
    assert english_number(n) == words


@pytest.mark.parametrize(
    ("seconds", "words"),
    [
        (0.5, "half a second"),
        (1, "one second"),
        (2.4, "two seconds"),
        (10, "ten seconds"),
        (30, "thirty seconds"),
        (45, "forty-five seconds"),
        (60, "one minute"),
        (61, "one minute one"),
        (90, "one minute thirty"),
        (120, "two minutes"),
        (150, "two minutes thirty"),
        (3599, "fifty-nine minutes fifty-nine"),
        (3600, "one hour"),
    ],
)
def test_durations_as_a_person_says_them(seconds: float, words: str) -> None:
    assert ENGLISH.duration(seconds) == words


def test_reps_and_sentences() -> None:
    assert ENGLISH.reps(1) == "one rep"
    assert ENGLISH.reps(10) == "ten reps"
    assert ENGLISH.reps(10, untimed=True) == "ten reps, press Enter when done"
    assert ENGLISH.sentences("wall calf stretch", "left side", "", "Done!") == (
        "Wall calf stretch. Left side. Done!"
    )


def test_every_template_field_is_filled_by_the_script() -> None:
    # a template whose fields the script does not know would raise at run time
    fields = {
        "name": "x",
        "side": "x",
        "number": "x",
        "total": "x",
        "duration": "x",
        "count": "x",
        "reps_word": "x",
        "next": "x",
        "amount": "x",
        "days": "x",
        "minutes": "x",
        "seconds": "x",
    }
    for catalogue in CATALOGUES.values():
        for key in catalogue.templates:
            assert catalogue.say(key, **fields)


def test_a_translation_is_found_by_its_tag_or_primary_subtag() -> None:
    assert catalogue_for("en-GB") is ENGLISH
    assert catalogue_for("EN_us") is ENGLISH
    assert catalogue_for("tr") is ENGLISH  # no Turkish catalogue yet: English phrases
