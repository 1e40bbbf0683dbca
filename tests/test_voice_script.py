"""The speech script: what the voice says for each moment of a plan, and that phrases fit."""

from __future__ import annotations

from itertools import pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from stretchtimer.audio.sounds import Cue, SoundBank
from stretchtimer.routines.library import resolve
from stretchtimer.routines.model import HoldStep, RepsStep, RestStep, Routine, Step, Tempo
from stretchtimer.session.clock import FakeClock
from stretchtimer.session.engine import SessionEngine
from stretchtimer.session.events import Event
from stretchtimer.session.plan import Plan, build_plan
from stretchtimer.voice.script import (
    END_KEY,
    Level,
    Phrase,
    estimate_seconds,
    fit,
    fitted,
    key_for,
    speech_script,
)


def said(plan: Plan, level: str = "brief", streak: int | None = None) -> list[tuple[float, str]]:
    return [(p.moment, p.text) for p in speech_script(plan, level, streak=streak)]


def texts(plan: Plan, level: str = "brief") -> list[str]:
    return [p.text for p in speech_script(plan, level)]


def builtin(name: str) -> Plan:
    return build_plan(resolve(name))


def test_leg_cramp_prevention_brief() -> None:
    assert said(builtin("leg-cramp-prevention"), streak=3) == [
        (0.0, "Get ready. First: Wall calf stretch, left side."),
        (10.0, "Wall calf stretch. Left side. One minute."),
        (40.0, "Halfway."),
        (70.0, "Switch to your right side."),
        (75.0, "Wall calf stretch. Right side. One minute."),
        (105.0, "Halfway."),
        (135.0, "Rest, ten seconds. Next: Toe lifts, five reps."),
        (145.0, "Toe lifts. Five reps."),
        (151.0, "Two."),
        (157.0, "Three."),
        (163.0, "Four."),
        (169.0, "Five."),
        (175.0, "Routine complete. Three days in a row."),
    ]


def test_leg_cramp_prevention_windows_and_cues() -> None:
    phrases = speech_script(builtin("leg-cramp-prevention"))
    assert [p.window for p in phrases] == [10, 30, 30, 5, 30, 30, 10, 6, 1, 1, 1, 1, None]
    assert [p.cue for p in phrases] == [
        None,
        Cue.START,
        None,
        Cue.SWITCH,
        Cue.START,
        None,
        Cue.END,
        Cue.START,
        Cue.REP_UP,
        Cue.REP_UP,
        Cue.REP_UP,
        Cue.REP_UP,
        Cue.FINISHED,
    ]


def test_leg_cramp_prevention_full_reads_the_cue_before_the_clock_starts() -> None:
    phrases = speech_script(builtin("leg-cramp-prevention"), Level.FULL)
    prepare, switch, rest = phrases[0], phrases[3], phrases[6]
    assert prepare.parts == (
        "Get ready.",
        "Stand facing a wall, hands on the wall at shoulder height.",
        "Step your left foot back, keep that heel flat on the floor and lean forward until you "
        "feel the stretch in your left calf.",
    )
    assert switch.parts[0] == "Switch to your right side."
    assert "Step your right foot back" in switch.parts[2]
    assert rest.parts == (
        "Rest, ten seconds. Next: Toe lifts, five reps.",
        "Standing or sitting, lift your heels off the floor, hold for a few seconds, then lower "
        "them back down.",
    )
    # the step itself is announced as in brief
    assert phrases[1].text == "Wall calf stretch. Left side. One minute."


def test_bedtime_legs() -> None:
    got = texts(builtin("bedtime-legs"))
    assert got[0] == "Get ready. First: Wall calf stretch, left side."
    assert "Seated hamstring stretch. Right side. Thirty seconds." in got
    assert "Rest, ten seconds. Next: Seated toe lifts, five reps." in got
    assert got[-6:] == [
        "Two.",
        "Three.",
        "Four.",
        "Five.",  # one closing rest, not two
        "Rest, fifteen seconds.",
        "Routine complete.",
    ]
    assert got.count("Halfway.") == 4  # 60 s and 30 s holds, both sides


def test_cramp_relief_sets_and_a_short_get_ready() -> None:
    plan = builtin("cramp-relief")
    assert said(plan) == [
        (0.0, "Get ready. First: Stretch the cramping muscle."),
        (3.0, "Stretch the cramping muscle. Set one of two. Thirty seconds."),
        (18.0, "Halfway."),
        (33.0, "Rest, five seconds. Next: Stretch the cramping muscle, thirty seconds."),
        (38.0, "Stretch the cramping muscle. Set two of two. Thirty seconds."),
        (53.0, "Halfway."),
        (68.0, "Rest, five seconds. Next: Massage, one minute."),
        (73.0, "Massage. One minute."),
        (103.0, "Halfway."),
        (133.0, "Rest, ten seconds."),
        (143.0, "Routine complete."),
    ]
    full = speech_script(plan, "full")
    assert full[-2].parts == (
        "Rest, ten seconds.",
        "Heat relaxes the muscle: a hot shower or bath, or a heating pad.",
    )


def test_after_exercise_names_every_side() -> None:
    got = texts(builtin("after-exercise"))
    for name in ("Wall calf stretch", "Hamstring stretch", "Quadriceps stretch"):
        for side in ("Left", "Right"):
            assert any(t.startswith(f"{name}. {side} side.") for t in got), (name, side)
    assert got.count("Switch to your right side.") == 3
    assert got[-2] == "Rest, ten seconds."


def routine(*steps: Step, prepare: float = 0.0, rest: float = 0.0, language: str = "en") -> Plan:
    return build_plan(
        Routine("t", "T", tuple(steps), prepare=prepare, rest=rest, language=language)
    )


def test_sides_and_sets() -> None:
    plan = routine(
        HoldStep("Lunge", 20.0, sides=("left", "right"), sets=2, switch=3.0, rest=8.0),
        HoldStep("Reach", 90.0),
    )
    assert texts(plan) == [
        "Lunge. Left side. Set one of two. Twenty seconds.",
        "Switch to your right side.",
        "Lunge. Right side. Set one of two. Twenty seconds.",
        "Rest, eight seconds. Next: Lunge, left side, twenty seconds.",
        "Lunge. Left side. Set two of two. Twenty seconds.",
        "Switch to your right side.",
        "Lunge. Right side. Set two of two. Twenty seconds.",
        "Rest, eight seconds. Next: Reach, one minute thirty.",
        "Reach. One minute thirty.",
        "Halfway.",
        "Routine complete.",
    ]


def test_paced_reps_count_each_repetition_within_its_first_phase() -> None:
    plan = routine(RepsStep("Squats", 3, Tempo(up=2.0, down=2.0)))
    phrases = speech_script(plan)
    assert [(p.moment, p.text, p.window, p.cue) for p in phrases] == [
        (0.0, "Squats. Three reps.", 4.0, Cue.START),
        (4.0, "Two.", 2.0, Cue.REP_UP),
        (8.0, "Three.", 2.0, Cue.REP_UP),
        (12.0, "Routine complete.", None, Cue.FINISHED),
    ]
    holding = routine(RepsStep("Plank taps", 2, Tempo(hold=3.0, down=1.0)))
    assert [(p.moment, p.text, p.window) for p in speech_script(holding)][1] == (4.0, "Two.", 3.0)
    one = routine(RepsStep("Jump", 1, Tempo(up=1.0)))
    assert texts(one) == ["Jump. One rep.", "Routine complete."]


def test_untimed_reps_say_the_target_and_enter() -> None:
    plan = routine(RepsStep("Heel raises", 12), HoldStep("Calf", 10.0), rest=5.0)
    phrases = speech_script(plan)
    assert phrases[0].text == "Heel raises. Twelve reps, press Enter when done."
    assert phrases[0].window is None  # nothing is due until the user says done
    assert phrases[1].text == "Rest, five seconds. Next: Calf, ten seconds."
    assert all(p.after_untimed for p in phrases[1:])


def test_standalone_rest_and_rest_with_next() -> None:
    plan = routine(
        HoldStep("A", 10.0),
        RestStep(20.0, cue="Shake out your legs."),
        RepsStep("Toe lifts", 5, Tempo(up=1.0, down=1.0)),
    )
    got = texts(plan)
    assert got[1] == "Rest, twenty seconds. Next: Toe lifts, five reps."
    full = speech_script(plan, "full")
    assert full[1].parts == (
        "Rest, twenty seconds. Next: Toe lifts, five reps.",
        "Shake out your legs.",
    )


def test_say_replaces_the_name_and_may_name_the_side() -> None:
    plan = routine(
        HoldStep(
            "Wall calf stretch", 30.0, sides=("left", "right"), say="Calf stretch, {side} leg back"
        ),
        HoldStep("Soleus stretch", 30.0, say="Bend the knee a little"),
        prepare=5.0,
    )
    got = texts(plan)
    assert got[0] == "Get ready. First: Calf stretch, left leg back."
    assert got[1] == "Calf stretch, left leg back. Thirty seconds."  # no second "left side"
    assert "Calf stretch, right leg back. Thirty seconds." in got
    assert "Bend the knee a little. Thirty seconds." in got


def test_full_reads_no_cue_when_no_pause_comes_before_the_step() -> None:
    plan = routine(HoldStep("A", 10.0, cue="Do A."), HoldStep("B", 10.0, cue="Do B."))
    full = speech_script(plan, "full")
    assert [p.parts for p in full] == [
        ("A. Ten seconds.",),
        ("B. Ten seconds.",),
        ("Routine complete.",),
    ]


def test_off_says_nothing_and_streaks_start_at_two() -> None:
    plan = routine(HoldStep("A", 5.0))
    assert speech_script(plan, "off") == ()
    assert texts(plan)[-1] == "Routine complete."
    assert said(plan, streak=1)[-1][1] == "Routine complete."
    assert said(plan, streak=2)[-1][1] == "Routine complete. Two days in a row."
    assert said(plan, streak=365)[-1][1] == (
        "Routine complete. Three hundred sixty-five days in a row."
    )


def test_a_language_without_a_catalogue_gets_english_phrases() -> None:
    plan = routine(HoldStep("Wadendehnung", 60.0), language="de")
    assert texts(plan)[0] == "Wadendehnung. One minute."


def run_keys(plan: Plan, untimed_for: float = 0.0) -> list[tuple[tuple[str, int, int], float]]:
    """Run a whole session; return each event's phrase key and when it was due.

    A set that runs until marked done is marked done after ``untimed_for`` seconds.
    """
    clock = FakeClock(100.0)
    engine = SessionEngine(plan, clock)
    events: list[Event] = list(engine.start())
    while engine.state.value == "running":
        wake = engine.next_event_at()
        if wake is None:
            clock.advance(untimed_for)
            events += engine.done()
            continue
        clock.set(wake)
        events += engine.poll()
    out = []
    for event in events:
        key = key_for(event)
        if key is not None:
            out.append((key, event.at - 100.0))
    return out


@pytest.mark.parametrize(
    "name", ["leg-cramp-prevention", "bedtime-legs", "cramp-relief", "after-exercise"]
)
def test_every_phrase_belongs_to_exactly_one_event_at_its_moment(name: str) -> None:
    plan = builtin(name)
    keys = run_keys(plan)
    assert len({k for k, _ in keys}) == len(keys), "two events carry the same phrase"
    due = dict(keys)
    for phrase in speech_script(plan):
        assert due[phrase.key] == pytest.approx(phrase.moment), phrase


def test_fit_keeps_parts_in_order_and_drops_what_does_not_fit() -> None:
    phrase = Phrase(("start", 0, 0), 0, 0.0, ("a", "b", "c"), None, 5.0)
    assert fit(phrase, [2.0, 1.0, 5.0]) == 2
    assert fit(phrase, [2.0, 1.0, 5.0], lead=1.9) == 2  # 1.9 + 2 + 0.1 + 1 = 5.0: fits
    assert fit(phrase, [2.0, 1.0, 5.0], lead=1.95) == 1  # 5.05: the second part is left out
    assert fit(phrase, [6.0, 1.0, 1.0]) == 0
    unbounded = Phrase(END_KEY, None, 0.0, ("a",), None, None)
    assert fit(unbounded, [100.0]) == 1


def test_estimate_is_close_to_espeak_for_typical_phrases() -> None:
    # measured with espeak-ng 1.51, default voice, 175 words a minute, silence trimmed
    for text, measured in (
        ("Switch to your right side.", 1.32),
        ("Wall calf stretch. Left side. One minute.", 2.89),
        ("Routine complete. Three days in a row.", 2.17),
    ):
        assert estimate_seconds(text) == pytest.approx(measured, abs=0.4)
    assert estimate_seconds("one two three", 350) < estimate_seconds("one two three", 175)


# -- the property: no two phrases overlap and none starts after its moment ------------------

step_names = st.sampled_from(["Calf", "Hamstring stretch", "Toe lifts", "Quadriceps stretch"])
seconds = st.sampled_from([1.0, 2.0, 3.0, 5.0, 10.0, 15.0, 30.0, 45.0, 60.0, 90.0])
short = st.sampled_from([0.0, 0.0, 1.0, 3.0, 5.0, 10.0])


@st.composite
def steps(draw: st.DrawFn) -> Step:
    kind = draw(st.sampled_from(["hold", "paced", "untimed", "rest"]))
    if kind == "rest":
        return RestStep(
            draw(st.sampled_from([1.0, 5.0, 20.0])),
            cue=draw(st.sampled_from([None, "Breathe out. Shake your legs."])),
        )
    sides = tuple(draw(st.sampled_from([(), ("left", "right"), ("front", "back", "side")])))
    extra = {
        "sides": sides,
        "switch": draw(short),
        "sets": draw(st.integers(1, 3)),
        "rest": draw(st.one_of(st.none(), short)),
        "cue": draw(st.sampled_from([None, "Keep the heel flat. Lean in slowly."])),
        "say": draw(st.sampled_from([None, "Go {side}" if sides else "Go"])),
    }
    name = draw(step_names)
    if kind == "hold":
        return HoldStep(name, draw(seconds), **extra)  # type: ignore[arg-type]
    tempo = None
    if kind == "paced":
        tempo = Tempo(
            up=draw(st.sampled_from([0.0, 0.5, 1.0, 2.0])),
            hold=draw(st.sampled_from([0.0, 1.0, 3.0])),
            down=draw(st.sampled_from([0.5, 1.0, 2.0])),
        )
    return RepsStep(name, draw(st.integers(1, 12)), tempo, **extra)  # type: ignore[arg-type]


LEADS = {cue: SoundBank().get(cue).seconds for cue in Cue}


@settings(max_examples=150, deadline=None)
@given(
    st.lists(steps(), min_size=1, max_size=5),
    short,
    st.sampled_from(["brief", "full"]),
    st.floats(min_value=0.3, max_value=3.0),
    st.integers(min_value=0, max_value=2**32 - 1),
)
def test_no_two_phrases_overlap_and_none_starts_after_its_moment(
    plan_steps: list[Step], prepare: float, level: str, scale: float, seed: int
) -> None:
    plan = routine(*plan_steps, prepare=prepare)
    phrases = speech_script(plan, level, streak=5)
    # rendered lengths vary: the estimate times a factor per text
    lengths = {
        part: estimate_seconds(part) * scale * (1 + (hash((part, seed)) % 7) / 10)
        for p in phrases
        for part in p.parts
    }
    kept = fitted(phrases, lengths, LEADS)
    due = dict(run_keys(plan, untimed_for=500.0))  # the user takes long over untimed sets
    spans = []
    for phrase, count in kept:
        moment = due[phrase.key]  # the event the phrase is said at
        if not phrase.after_untimed:
            assert moment == pytest.approx(phrase.moment)
        lead = LEADS[phrase.cue] if phrase.cue else 0.0
        start = moment + lead  # right after the beep of its moment, never later
        length = sum(lengths[part] for part in phrase.parts[:count]) + 0.1 * (count - 1)
        spans.append((moment, start + length, phrase))
        if phrase.window is not None:
            assert lead + length <= phrase.window + 1e-6
    spans.sort(key=lambda s: s[0])
    for (_, end, first), (moment, _, second) in pairwise(spans):
        assert end <= moment + 1e-6, (first, second)  # over before the next moment's beep
