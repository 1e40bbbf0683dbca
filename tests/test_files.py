"""Files written whole or not at all."""

from __future__ import annotations

from pathlib import Path

import pytest

from stretchtimer.files import write_atomically


@pytest.mark.parametrize("durable", [True, False])
def test_the_file_is_replaced_whole(tmp_path: Path, durable: bool) -> None:
    path = tmp_path / "config.toml"
    path.write_text("old = 1\n", encoding="utf-8")
    write_atomically(path, "theme = 'nord'\n", durable=durable)
    assert path.read_text(encoding="utf-8") == "theme = 'nord'\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["config.toml"]


def test_a_write_that_fails_leaves_the_old_file_and_no_temporary_one(tmp_path: Path) -> None:
    path = tmp_path / "reminders.toml"
    path.write_text("kept\n", encoding="utf-8")
    with pytest.raises(UnicodeEncodeError):
        write_atomically(path, "half \ud800 a text")  # fails while writing
    assert path.read_text(encoding="utf-8") == "kept\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["reminders.toml"]


def test_a_missing_folder_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(OSError):
        write_atomically(tmp_path / "gone" / "file.json", "{}")
