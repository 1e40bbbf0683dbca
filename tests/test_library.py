"""The routine library: built-in, user and explicit routines, lookup, and the template."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings

from routine_examples import MINIMAL
from routine_strategies import names
from stretchtimer import locations
from stretchtimer.routines.library import (
    create_user_routine,
    list_routines,
    locate,
    looks_like_path,
    resolve,
    scan_folder,
    slugify,
    template_text,
)
from stretchtimer.routines.loader import load_routine_text
from stretchtimer.routines.model import HoldStep, RepsStep, RestStep
from stretchtimer.routines.problems import RoutineError, RoutineNotFoundError

BUILTIN = ["after-exercise", "bedtime-legs", "cramp-relief", "leg-cramp-prevention", "toe-lifts"]


def user_dir() -> Path:
    folder = locations.user_routines_dir()
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def test_user_folder_follows_the_config_override(isolated_dirs: dict[str, Path]) -> None:
    assert locations.user_routines_dir() == isolated_dirs["config"] / "routines"


def test_builtin_routines_are_listed() -> None:
    entries = list_routines()
    assert [e.id for e in entries] == BUILTIN
    assert all(e.source == "built-in" and e.ok and not e.problems for e in entries)


def test_user_routine_replaces_the_builtin_one_with_its_id() -> None:
    (user_dir() / "cramp-relief.yaml").write_text(MINIMAL)
    entries = {e.id: e for e in list_routines()}
    assert len(entries) == len(BUILTIN)
    mine = entries["cramp-relief"]
    assert mine.source == "user" and mine.routine is not None and mine.routine.name == "Minimal"
    assert resolve("cramp-relief").name == "Minimal"


def test_invalid_user_routine_is_listed_with_its_problem_and_hides_nothing_else() -> None:
    folder = user_dir()
    (folder / "broken.yaml").write_text("name: x\nsteps:\n  - name: y\n    hodl: 5\n")
    (folder / "fine.yml").write_text(MINIMAL)
    entries = {e.id: e for e in list_routines()}
    assert set(entries) == {*BUILTIN, "broken", "fine"}
    broken = entries["broken"]
    assert broken.source == "user" and not broken.ok
    assert any("did you mean `hold`" in p.message for p in broken.problems)
    assert entries["fine"].ok
    with pytest.raises(RoutineError) as info:
        resolve("broken")
    assert info.value.problems == list(broken.problems)


def test_an_invalid_user_routine_still_replaces_the_builtin_one() -> None:
    (user_dir() / "bedtime-legs.yaml").write_text("name: [\n")
    entries = [e for e in list_routines() if e.id == "bedtime-legs"]
    assert len(entries) == 1 and entries[0].source == "user" and not entries[0].ok


def test_hidden_files_other_files_and_subfolders_are_ignored() -> None:
    folder = user_dir()
    (folder / ".hidden.yaml").write_text(MINIMAL)
    (folder / "notes.txt").write_text("hi")
    (folder / "sub.yaml").mkdir()
    (folder / "sub.yaml" / "inner.yaml").write_text(MINIMAL)
    assert scan_folder(folder, "user") == []


def test_same_id_twice_in_a_folder_uses_yaml_and_reports_yml() -> None:
    folder = user_dir()
    (folder / "twice.yaml").write_text(MINIMAL)
    (folder / "twice.yml").write_text(MINIMAL.replace("Minimal", "Other"))
    entries = scan_folder(folder, "user")
    assert [(e.path.name, e.ok) for e in entries] == [("twice.yaml", True), ("twice.yml", False)]
    assert "same id as twice.yaml" in entries[1].problems[0].message
    assert resolve("twice").name == "Minimal"


def test_unreadable_routines_folder_is_one_entry_with_a_problem() -> None:
    folder = locations.user_routines_dir()
    folder.parent.mkdir(parents=True)
    folder.write_text("a file where the folder should be")
    entries = [e for e in list_routines() if e.source == "user"]
    assert len(entries) == 1 and "cannot read the routines folder" in entries[0].problems[0].message


def test_explicit_paths_come_last_with_their_source(tmp_path: Path) -> None:
    path = tmp_path / "extra.yaml"
    path.write_text(MINIMAL)
    missing = tmp_path / "missing.yaml"
    entries = list_routines([path, missing])
    assert [(e.id, e.source, e.ok) for e in entries[-2:]] == [
        ("extra", "path", True),
        ("missing", "path", False),
    ]


@pytest.mark.parametrize(
    ("ref", "is_path"),
    [
        ("calf", False),
        ("calf.yaml", True),
        ("calf.YML", True),
        ("./calf", True),
        ("dir/calf", True),
        ("leg-cramp-prevention", False),
    ],
)
def test_looks_like_path(ref: str, is_path: bool) -> None:
    assert looks_like_path(ref) is is_path


def test_resolve_by_id_and_by_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert resolve("leg-cramp-prevention").id == "leg-cramp-prevention"
    path = tmp_path / "mine.yaml"
    path.write_text(MINIMAL)
    assert resolve(str(path)).path == path
    monkeypatch.chdir(tmp_path)
    assert resolve("mine.yaml").id == "mine"
    (tmp_path / "noext").write_text(MINIMAL)
    assert locate("noext").source == "path"


@pytest.mark.parametrize("ref", ["no-such-routine", "", "  "])
def test_unknown_reference_is_a_clear_error(ref: str) -> None:
    with pytest.raises(RoutineNotFoundError) as info:
        resolve(ref)
    (problem,) = info.value.problems
    assert problem.line == 0 and problem.message


def test_a_folder_named_like_an_id_is_reported_as_a_folder(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    (tmp_path / "stretches").mkdir()
    monkeypatch.chdir(tmp_path)
    entry = locate("stretches")
    assert [p.message for p in entry.problems] == ["is a folder, not a routine file"]


def test_missing_path_is_a_problem_not_a_lookup_failure(tmp_path: Path) -> None:
    with pytest.raises(RoutineError, match="no such file"):
        resolve(str(tmp_path / "gone.yaml"))


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("Morning legs", "morning-legs"),
        ("Étirements du soir!", "etirements-du-soir"),
        ("  Calf -- stretch  ", "calf-stretch"),
        ("ストレッチ", "ストレッチ"),
        ("a_b", "a-b"),
        ("!!!", ""),
        ("x" * 100, "x" * 60),
    ],
)
def test_slugify(name: str, slug: str) -> None:
    assert slugify(name) == slug


def test_template_validates_and_uses_the_main_features() -> None:
    text = template_text("Morning legs")
    routine = load_routine_text(text, "morning-legs.yaml")
    assert routine.name == "Morning legs" and routine.caution and routine.description
    kinds = [type(step) for step in routine.steps]
    assert kinds == [HoldStep, RepsStep, RepsStep, RestStep]
    hold, paced, untimed, _ = routine.steps
    assert isinstance(hold, HoldStep) and hold.sides == ("left", "right")
    assert hold.cue is not None and "{side}" in hold.cue
    assert isinstance(paced, RepsStep) and paced.tempo is not None and paced.sets == 2
    assert isinstance(untimed, RepsStep) and untimed.tempo is None
    assert text.count("#") > 10  # it is commented
    assert "stretchtimer show morning-legs" in text


@settings(max_examples=100, deadline=None)
@given(names)
def test_template_validates_for_any_name(name: str) -> None:
    routine = load_routine_text(template_text(name), "t.yaml")
    assert routine.name == name.strip()


def test_create_user_routine_writes_once(isolated_dirs: dict[str, Path]) -> None:
    path = create_user_routine("Morning legs")
    assert path == isolated_dirs["config"] / "routines" / "morning-legs.yaml"
    assert resolve("morning-legs").name == "Morning legs"
    before = path.read_text()
    with pytest.raises(FileExistsError):
        create_user_routine("Morning  Legs!")
    assert path.read_text() == before


def test_create_refuses_when_a_yml_file_has_the_id() -> None:
    (user_dir() / "calf.yml").write_text(MINIMAL)
    with pytest.raises(FileExistsError):
        create_user_routine("Calf")


@pytest.mark.parametrize("name", ["", "   ", "!!!", "x" * 121])
def test_create_rejects_unusable_names(name: str) -> None:
    with pytest.raises(ValueError):
        create_user_routine(name)
    assert not locations.user_routines_dir().exists()
