"""The strict loader: every kind of rejected file, with exact line and column."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from routine_examples import INVALID, SPEC_EXAMPLE, VALID, Bad
from stretchtimer.routines.loader import (
    MAX_FILE_BYTES,
    RoutineError,
    load_routine,
    load_routine_bytes,
    load_routine_text,
    routine_id_for,
)
from stretchtimer.routines.model import HoldStep, RepsStep, RestStep, Routine, Tempo
from stretchtimer.routines.problems import Problem


def problems_of(text: str, path: str = "r.yaml") -> list[Problem]:
    with pytest.raises(RoutineError) as info:
        load_routine_text(text, path)
    assert info.value.problems, "a RoutineError always carries problems"
    return info.value.problems


@pytest.mark.parametrize("name", sorted(INVALID))
def test_invalid_examples_report_every_problem_at_its_position(name: str) -> None:
    bad: Bad = INVALID[name]
    problems = problems_of(bad.text)
    got = [(p.line, p.column, p.message) for p in problems]
    assert [g[:2] for g in got] == [e[:2] for e in bad.expected], got
    for (_, _, message), (_, _, fragment) in zip(got, bad.expected, strict=True):
        assert fragment in message
    for problem in problems:
        assert str(problem) == f"r.yaml:{problem.line}:{problem.column}: {problem.message}"
        assert "Traceback" not in problem.message


@pytest.mark.parametrize("name", sorted(VALID))
def test_valid_examples_load(name: str) -> None:
    routine = load_routine_text(VALID[name], f"{name}.yaml")
    assert routine.id == name
    assert routine.steps


def test_spec_example_means_what_the_format_says() -> None:
    routine = load_routine_text(SPEC_EXAMPLE, "leg.yaml")
    assert routine == Routine(
        id="leg",
        name="Leg cramp prevention",
        description="Daily calf stretch and toe lifts to keep cramps away.",
        caution="See a doctor if cramps are frequent, disturb your sleep, or come with "
        "swelling, redness or muscle weakness.",
        prepare=10.0,
        rest=15.0,
        steps=(
            HoldStep(
                name="Wall calf stretch",
                cue="Hands on the wall at shoulder height. Step back with your {side} foot, "
                "keep the heel flat and lean in until you feel the stretch in the calf.",
                hold=60.0,
                sides=("left", "right"),
                switch=5.0,
                line=11,
            ),
            RepsStep(
                name="Toe lifts",
                cue="Rise onto your toes, hold, then lower slowly.",
                reps=10,
                tempo=Tempo(up=1.0, hold=3.0, down=2.0),
                sets=2,
                rest=20.0,
                line=18,
            ),
            RestStep(rest=30.0, cue="Shake out your legs.", line=24),
        ),
    )


def test_defaults() -> None:
    routine = load_routine_text(VALID["defaults"])
    assert (routine.version, routine.prepare, routine.rest) == (1, 5.0, 0.0)
    assert routine.description is None and routine.caution is None
    first, second = routine.steps
    assert isinstance(first, HoldStep) and isinstance(second, RepsStep)
    assert (first.switch, first.sets, first.rest, first.sides) == (5.0, 1, None, ())
    assert first.cue is None
    assert second.tempo is None


def test_durations_in_a_file() -> None:
    routine = load_routine_text(VALID["duration-forms"])
    holds = [step.hold for step in routine.steps if isinstance(step, HoldStep)]
    assert holds == [60, 2.5, 45, 120, 90, 90, 2.5, 90, 45, 3600, 3600, 3600]
    assert routine.rest == 90.0 and routine.prepare == 0.0


def test_merge_keys_explicit_keys_win_and_aliases_reuse_steps() -> None:
    routine = load_routine_text(VALID["anchors-and-merge"])
    first, rest, merged, alias = routine.steps
    assert isinstance(first, HoldStep) and isinstance(merged, HoldStep)
    assert isinstance(rest, RestStep)
    assert merged.hold == 30.0 and merged.sides == ("left", "right") and merged.name == first.name
    assert alias == first  # same node, same line


def test_first_merged_mapping_wins() -> None:
    step = load_routine_text(VALID["first-merged-mapping-wins"]).steps[2]
    assert isinstance(step, HoldStep)
    assert (step.name, step.hold, step.sets) == ("a", 1.0, 3)


def test_texts_lose_surrounding_blank_space_but_keep_inner_lines() -> None:
    step = load_routine_text(VALID["texts-with-blank-space"]).steps[0]
    assert isinstance(step, HoldStep)
    assert (step.name, step.cue) == ("a", "one\ntwo")


def test_step_lines_are_one_based() -> None:
    routine = load_routine_text(VALID["leading-blank-lines"])
    assert [step.line for step in routine.steps] == [5, 7]


def test_a_huge_alias_bomb_is_rejected_without_expanding_it() -> None:
    # 10**12 nodes if expanded: walking it would never end.
    lines = ["name: x", "a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, 12)]
    problems = problems_of("\n".join(lines) + "\n")
    assert len(problems) == 1 and "alias bomb" in problems[0].message


def test_ordinary_anchors_stay_accepted_even_in_a_large_file() -> None:
    routine = load_routine_text(VALID["500-aliased-steps"])
    assert len(routine.steps) == 500


# -- files -----------------------------------------------------------------------------------


def test_load_routine_reads_a_file_and_names_it(tmp_path: Path) -> None:
    path = tmp_path / "calf.yml"
    path.write_text(VALID["minimal"], encoding="utf-8")
    routine = load_routine(path)
    assert routine.id == "calf" and routine.path == path


@pytest.mark.parametrize(
    ("name", "routine_id"),
    [
        ("a.yaml", "a"),
        ("b.yml", "b"),
        ("C.YAML", "C"),
        ("x.y.yaml", "x.y"),
        ("noext", "noext"),
        (".yaml", ".yaml"),
    ],
)
def test_routine_id_for(name: str, routine_id: str) -> None:
    assert routine_id_for(Path("/some/dir") / name) == routine_id


def test_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "nope.yaml"
    with pytest.raises(RoutineError) as info:
        load_routine(path)
    assert [str(p) for p in info.value.problems] == [f"{path}: no such file"]


def test_folder_instead_of_file(tmp_path: Path) -> None:
    with pytest.raises(RoutineError, match="is a folder"):
        load_routine(tmp_path)


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="needs a non-root POSIX user")
def test_unreadable_file(tmp_path: Path) -> None:
    path = tmp_path / "secret.yaml"
    path.write_text(VALID["minimal"])
    path.chmod(0)
    with pytest.raises(RoutineError, match="permission denied"):
        load_routine(path)


def test_not_utf8_points_at_the_bad_byte(tmp_path: Path) -> None:
    path = tmp_path / "latin1.yaml"
    path.write_bytes("name: x\nsteps:\n  - name: café\n    hold: 1\n".encode("latin-1"))
    with pytest.raises(RoutineError) as info:
        load_routine(path)
    (problem,) = info.value.problems
    assert (problem.line, problem.column) == (3, 14)
    assert "not valid UTF-8 (byte 0xe9)" in problem.message


def test_utf16_is_not_utf8() -> None:
    with pytest.raises(RoutineError, match="not valid UTF-8"):
        load_routine_bytes(VALID["minimal"].encode("utf-16"), "u16.yaml")


def test_files_over_one_mib_are_rejected_without_parsing(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    body = VALID["minimal"] + "# " + "x" * MAX_FILE_BYTES + "\n"
    path.write_text(body)
    with pytest.raises(RoutineError) as info:
        load_routine(path)
    (problem,) = info.value.problems
    assert (problem.line, problem.column) == (1, 1)
    assert "larger than 1 MiB" in problem.message


def test_exactly_one_mib_is_fine() -> None:
    body = VALID["minimal"].encode()
    padded = body + b"#" * (MAX_FILE_BYTES - len(body))
    assert len(padded) == MAX_FILE_BYTES
    assert load_routine_bytes(padded).name == "Minimal"


def test_bom_and_crlf_are_accepted() -> None:
    data = b"\xef\xbb\xbf" + VALID["minimal"].replace("\n", "\r\n").encode()
    assert load_routine_bytes(data, "win.yaml").id == "win"


def test_lone_surrogates_in_text_are_a_problem_not_a_crash() -> None:
    with pytest.raises(RoutineError, match="cannot encode"):
        load_routine_text("name: \ud800\nsteps: []\n")


def test_problems_without_a_position_print_without_one() -> None:
    assert str(Problem("f.yaml", 0, 0, "no such file")) == "f.yaml: no such file"
    assert str(Problem("f.yaml", 2, 3, "bad")) == "f.yaml:2:3: bad"


def test_routine_error_message_lists_all_problems() -> None:
    with pytest.raises(RoutineError) as info:
        load_routine_text(INVALID["unknown-keys"].text, "u.yaml")
    lines = str(info.value).splitlines()
    assert len(lines) == 4 and all(line.startswith("u.yaml:") for line in lines)


def test_unreadable_file_even_as_root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import stretchtimer.routines.loader as loader_module

    def deny(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(loader_module.os, "open", deny)
    with pytest.raises(RoutineError) as info:
        load_routine(tmp_path / "x.yaml")
    assert [p.message for p in info.value.problems] == ["cannot read the file: permission denied"]
