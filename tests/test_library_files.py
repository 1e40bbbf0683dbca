"""The routines folder as it can be: pipes, devices, sockets, unsearchable, odd file names,
ids typed short or wrong, and the cache of routines already read."""

from __future__ import annotations

import json
import os
import socket
import stat
import time
from pathlib import Path

import pytest

from routine_examples import MINIMAL
from stretchtimer import locations
from stretchtimer.routines import cache as cache_module
from stretchtimer.routines import library
from stretchtimer.routines import loader as loader_module
from stretchtimer.routines.library import list_routines, locate, resolve, scan_folder
from stretchtimer.routines.loader import RoutineError, load_routine
from stretchtimer.routines.problems import RoutineNotFoundError

posix_only = pytest.mark.skipif(os.name != "posix", reason="POSIX file types")


def user_dir() -> Path:
    folder = locations.user_routines_dir()
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def write(name: str, text: str = MINIMAL, *, age: float = 60.0) -> Path:
    """Write a user routine whose mtime lies ``age`` seconds back (so it may be cached)."""
    path = user_dir() / name
    path.write_text(text, encoding="utf-8")
    past = time.time() - age
    os.utime(path, (past, past))
    return path


# -- files that are not regular files --------------------------------------------------------


@posix_only
def test_a_fifo_named_yaml_is_a_problem_and_never_blocks() -> None:
    fifo = user_dir() / "pipe.yaml"
    os.mkfifo(fifo)
    write("fine.yaml")
    started = time.monotonic()
    entries = {e.id: e for e in list_routines() if e.source == "user"}
    assert time.monotonic() - started < 2
    assert entries["fine"].ok
    assert [p.message for p in entries["pipe"].problems] == [
        "is a named pipe (FIFO), not a routine file"
    ]
    with pytest.raises(RoutineError, match="named pipe"):
        load_routine(fifo)


@posix_only
def test_a_device_named_yaml_is_a_problem() -> None:
    (user_dir() / "zero.yaml").symlink_to("/dev/zero")
    (entry,) = [e for e in list_routines() if e.source == "user"]
    assert [p.message for p in entry.problems] == ["is a device, not a routine file"]


@posix_only
def test_a_socket_named_yaml_is_a_problem(tmp_path: Path) -> None:
    short = Path("/tmp") / f"st-{os.getpid()}-{time.monotonic_ns()}"
    short.mkdir()
    try:
        server = socket.socket(socket.AF_UNIX)
        server.bind(str(short / "s.yaml"))
        try:
            with pytest.raises(RoutineError) as info:
                load_routine(short / "s.yaml")
            assert "socket" in info.value.problems[0].message
            assert [e.problems[0].message for e in scan_folder(short, "user")] == [
                info.value.problems[0].message
            ]
        finally:
            server.close()
    finally:
        for child in short.iterdir():
            child.unlink()
        short.rmdir()


@posix_only
@pytest.mark.skipif(os.name == "posix" and os.geteuid() == 0, reason="root can search anything")
def test_an_unsearchable_routines_folder_is_one_problem() -> None:
    folder = user_dir()
    write("fine.yaml")
    folder.chmod(stat.S_IRUSR | stat.S_IWUSR)
    try:
        entries = [e for e in list_routines() if e.source == "user"]
    finally:
        folder.chmod(0o755)
    assert len(entries) == 1
    assert "cannot read the routines folder: permission denied" in entries[0].problems[0].message


def test_an_unsearchable_routines_folder_is_one_problem_even_as_root(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    write("fine.yaml")
    monkeypatch.setattr(library.os, "access", lambda path, mode: False)
    entries = [e for e in list_routines() if e.source == "user"]
    assert len(entries) == 1 and entries[0].id == ""
    assert "not searchable" in entries[0].problems[0].message


@posix_only
def test_a_file_name_with_undecodable_bytes_is_listed_and_printed_safely() -> None:
    folder = os.fsencode(user_dir())
    with open(os.path.join(folder, b"caf\xe9\x1b[2J.yaml"), "w", encoding="utf-8") as handle:
        handle.write("name: x\nsteps: [\n")
    (entry,) = [e for e in list_routines() if e.source == "user"]
    assert not entry.ok
    shown = str(entry.problems[0])
    assert "\\udce9" in shown and "\\x1b[2J" in shown and "\x1b" not in shown
    shown.encode("utf-8")  # no lone surrogate left to fail on output


# -- ids typed short or wrong ----------------------------------------------------------------


def test_a_unique_start_of_an_id_finds_the_routine() -> None:
    assert resolve("leg-cramp").name == resolve("leg-cramp-prevention").name
    assert locate("BED").id == "bedtime-legs"


def test_a_start_shared_by_several_ids_lists_them() -> None:
    write("legs-morning.yaml")
    with pytest.raises(RoutineNotFoundError) as info:
        locate("leg")
    message = info.value.problems[0].message
    assert (
        "more than one routine id starts with this: `leg-cramp-prevention`, `legs-morning`"
        in message
    )


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("leg-cramps-prevention", "leg-cramp-prevention"),
        ("cramp-releif", "cramp-relief"),
        ("prevention", "leg-cramp-prevention"),
        ("aftr-exercise", "after-exercise"),
    ],
)
def test_a_wrong_id_suggests_the_closest(typed: str, meant: str) -> None:
    with pytest.raises(RoutineNotFoundError) as info:
        locate(typed)
    assert info.value.problems[0].message.endswith(f"did you mean `{meant}`?")


def test_an_id_like_nothing_points_to_the_list() -> None:
    with pytest.raises(RoutineNotFoundError, match="`stretchtimer list` shows the routines"):
        locate("zzzzzz")


# -- the cache -------------------------------------------------------------------------------


def count_parses(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    calls: list[Path] = []
    real = loader_module.load_routine

    def counting(path: Path) -> object:
        calls.append(Path(path))
        return real(path)

    monkeypatch.setattr(loader_module, "load_routine", counting)
    return calls


def test_a_second_listing_parses_no_unchanged_file(monkeypatch: pytest.MonkeyPatch) -> None:
    write("mine.yaml")
    write("broken.yaml", "name: x\nsteps:\n  - name: y\n    hodl: 5\n")
    first = list_routines()
    calls = count_parses(monkeypatch)
    second = list_routines()
    assert calls == []
    assert [(e.id, e.source, e.routine, e.problems) for e in second] == [
        (e.id, e.source, e.routine, e.problems) for e in first
    ]
    assert all(e.routine is None or e.routine.path == e.path for e in second)
    assert (locations.cache_dir() / cache_module.CACHE_FILE).is_file()


def test_a_changed_file_is_read_again(monkeypatch: pytest.MonkeyPatch) -> None:
    path = write("mine.yaml")
    list_routines()
    write("mine.yaml", MINIMAL.replace("Minimal", "Changed"), age=30)
    calls = count_parses(monkeypatch)
    entry = next(e for e in list_routines() if e.id == "mine")
    assert calls == [path]
    assert entry.routine is not None and entry.routine.name == "Changed"


def test_a_file_changed_in_the_last_seconds_is_not_cached(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    path = write("mine.yaml", age=0)
    list_routines()
    calls = count_parses(monkeypatch)
    list_routines()
    assert calls == [path]


def test_a_corrupt_cache_is_ignored_and_rewritten(monkeypatch: pytest.MonkeyPatch) -> None:
    write("mine.yaml")
    cache_file = locations.cache_dir() / cache_module.CACHE_FILE
    cache_file.parent.mkdir(parents=True)
    for junk in (b"\x00\xff not json", b"[1, 2]", b'{"fingerprint": 5}', b"{" * 100_000):
        cache_file.write_bytes(junk)
        assert any(e.id == "mine" and e.ok for e in list_routines())
        data = json.loads(cache_file.read_text())
        assert any(name.endswith("mine.yaml") for name in data["entries"])
    # An entry that makes no sense is read again, not trusted.
    data["entries"] = {
        name: {"key": entry["key"], "routine": {"steps": 5}}
        for name, entry in data["entries"].items()
    }
    cache_file.write_text(json.dumps(data))
    assert any(e.id == "mine" and e.ok for e in list_routines())
    assert not list((locations.cache_dir()).glob(".routines-*"))


def test_removed_files_leave_the_cache() -> None:
    path = write("gone.yaml")
    list_routines()
    path.unlink()
    list_routines()
    data = json.loads((locations.cache_dir() / cache_module.CACHE_FILE).read_text())
    assert not any(name.endswith("gone.yaml") for name in data["entries"])


def test_an_unwritable_cache_folder_changes_nothing(
    isolated_dirs: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = isolated_dirs["config"].parent / "blocker"
    blocker.write_text("a file where the cache folder should be")
    monkeypatch.setenv("STRETCHTIMER_CACHE_DIR", str(blocker / "cache"))
    write("mine.yaml")
    assert any(e.id == "mine" and e.ok for e in list_routines())


def test_the_cache_follows_its_override(
    isolated_dirs: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("STRETCHTIMER_CACHE_DIR", str(isolated_dirs["data"] / "elsewhere"))
    assert locations.cache_dir() == isolated_dirs["data"] / "elsewhere"
    list_routines()
    assert (isolated_dirs["data"] / "elsewhere" / cache_module.CACHE_FILE).is_file()


def test_a_thousand_user_routines_are_listed_quickly_once_cached() -> None:
    folder = user_dir()
    past = time.time() - 60
    for i in range(1000):
        path = folder / f"r{i:04}.yaml"
        path.write_text(MINIMAL.replace("Minimal", f"Routine {i}"))
        os.utime(path, (past, past))
    list_routines()
    started = time.process_time()
    entries = list_routines()
    assert time.process_time() - started < 1.0
    assert sum(e.ok and e.source == "user" for e in entries) == 1000


def test_the_loader_never_opens_a_file_it_would_block_on(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    seen: list[int] = []
    real = os.open

    def spy(path: object, flags: int, *args: object) -> int:
        seen.append(flags)
        return real(path, flags, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(loader_module.os, "open", spy)
    (tmp_path / "r.yaml").write_text(MINIMAL)
    load_routine(tmp_path / "r.yaml")
    assert seen and all(flags & os.O_NONBLOCK for flags in seen)


def test_entries_of_files_gone_elsewhere_leave_the_cache_too(tmp_path: Path) -> None:
    from stretchtimer.routines.cache import RoutineCache

    elsewhere = tmp_path / "elsewhere.yaml"
    elsewhere.write_text(MINIMAL)
    past = time.time() - 60
    os.utime(elsewhere, (past, past))
    assert cli_validate(elsewhere) == 0
    assert str(elsewhere) in RoutineCache().entries
    elsewhere.unlink()
    write("mine.yaml", age=0)  # a change, so the cache is written again
    list_routines()
    assert str(elsewhere) not in RoutineCache().entries


def cli_validate(path: Path) -> int:
    import contextlib
    import io

    from stretchtimer.cli import main

    with contextlib.redirect_stdout(io.StringIO()):
        return main(["validate", str(path)])
