"""Health data is private: the data folder 0700, the history and its side files 0600."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest

from history_support import step
from stretchtimer import cli, locations
from stretchtimer.history.recorder import HistoryRecorder
from stretchtimer.history.store import HistoryStore


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def umask0() -> Iterator[None]:
    old = os.umask(0)
    try:
        yield
    finally:
        os.umask(old)


def side_files(db: Path) -> list[Path]:
    return [Path(f"{db}{suffix}") for suffix in ("-wal", "-shm")]


def test_new_history_is_private_whatever_the_umask(tmp_path: Path, umask0: None) -> None:
    home = tmp_path / "home"
    home.mkdir(mode=0o755)
    db = home / "made" / "for" / "data" / "history.sqlite3"
    store = HistoryStore(db)
    sid = store.start_session("calves", "Calf stretch", 2, datetime.now().astimezone())
    store.add_step(sid, step(0))
    assert all(p.exists() for p in side_files(db))  # open connection: WAL files present
    assert mode(db) == 0o600
    assert [mode(p) for p in side_files(db)] == [0o600, 0o600]
    for folder in (db.parent, db.parent.parent, db.parent.parent.parent):
        assert mode(folder) == 0o700, folder
    assert mode(home) == 0o755  # a folder that was already there is not ours to change
    store.close()


def test_existing_history_is_tightened_at_start(tmp_path: Path, umask0: None) -> None:
    data = tmp_path / "data"
    db = data / "history.sqlite3"
    first = HistoryStore(db)
    first.open()  # and stays open: its -wal/-shm files exist
    for path in (db, *side_files(db)):
        path.chmod(0o666)
    data.chmod(0o777)
    assert HistoryStore(db).sessions() == []  # another start, only reading
    assert mode(data) == 0o700
    assert [mode(p) for p in (db, *side_files(db))] == [0o600, 0o600, 0o600]
    first.close()


def test_a_shared_folder_given_as_the_data_folder_is_left_open(
    tmp_path: Path, umask0: None
) -> None:
    # STRETCHTIMER_DATA_DIR=/tmp: closing /tmp (1777) to 0700 would break every other user
    shared = tmp_path / "tmp"
    shared.mkdir()
    shared.chmod(0o1777)
    db = shared / "history.sqlite3"
    with HistoryStore(db) as store:
        store.start_session("calves", "Calf stretch", 2, datetime.now().astimezone())
        assert [mode(p) for p in (db, *side_files(db))] == [0o600, 0o600, 0o600]
    assert stat.S_IMODE(shared.stat().st_mode) == 0o1777


def test_recorded_session_through_the_cli_is_private(
    umask0: None, isolated_dirs: dict[str, Path]
) -> None:
    from history_support import calf_plan

    recorder = HistoryRecorder.for_plan(calf_plan())
    recorder.begin()
    assert recorder.flush()
    db = locations.history_db()
    assert mode(db) == 0o600 and mode(db.parent) == 0o700
    assert [mode(p) for p in side_files(db) if p.exists()] == [0o600, 0o600]
    recorder.close()


def test_config_and_routines_keep_normal_modes(
    umask0: None, isolated_dirs: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    HistoryStore(locations.history_db()).open()
    assert cli.main(["history"]) == 0
    config = isolated_dirs["config"]
    config.mkdir()
    (config / "routines").mkdir()
    assert mode(config / "routines") == 0o777  # untouched by opening the history
    assert mode(locations.data_dir()) == 0o700
