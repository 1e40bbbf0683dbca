"""Settings file: defaults, notices for broken files, atomic round trip."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from stretchtimer import locations
from stretchtimer.config import Settings, dumps, load_settings, save_settings


def test_missing_file_gives_defaults_silently() -> None:
    assert load_settings() == (Settings(), None)


def test_round_trip_creates_the_folder(isolated_dirs: dict[str, Path]) -> None:
    settings = Settings(theme='we"ird\\name', sound=False, volume=35, sound_backend="aplay")
    save_settings(settings)
    assert locations.config_file().parent == isolated_dirs["config"]
    assert load_settings() == (settings, None)
    assert [p.name for p in isolated_dirs["config"].iterdir()] == ["config.toml"]


def test_broken_toml_falls_back_with_a_notice() -> None:
    path = locations.config_file()
    path.parent.mkdir(parents=True)
    path.write_text("theme = 'nord\nsound = true\n", encoding="utf-8")
    settings, notice = load_settings()
    assert settings == Settings()
    assert notice is not None
    assert notice.startswith(f"{path}: ")
    assert notice.endswith("using default settings")


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("volume = 150", "`volume` must be a whole number from 0 to 100"),
        ("volume = true", "`volume` must be a whole number from 0 to 100"),
        ("sound = 'yes'", "`sound` must be true or false"),
        ("theme = ''", "`theme` must be a non-empty string"),
        ("sound_backend = 3", "`sound_backend` must be a non-empty string"),
        ("colour = 'red'", "unknown setting `colour` (ignored)"),
    ],
)
def test_bad_values_keep_the_good_ones(text: str, problem: str) -> None:
    path = locations.config_file()
    path.parent.mkdir(parents=True)
    good = "sound = false" if text.startswith("volume") else "volume = 30"
    path.write_text(f"{good}\n{text}\n", encoding="utf-8")
    settings, notice = load_settings()
    if text.startswith("volume"):
        assert (settings.sound, settings.volume) == (False, 80)
    else:
        assert settings.volume == 30
    assert notice is not None and problem in notice and str(path) in notice


def test_not_utf8() -> None:
    path = locations.config_file()
    path.parent.mkdir(parents=True)
    path.write_bytes(b"theme = '\xff'\n")
    settings, notice = load_settings()
    assert settings == Settings()
    assert notice is not None and "not UTF-8" in notice


def test_unreadable_file(tmp_path: Path) -> None:
    folder = tmp_path / "dir-instead-of-file"
    folder.mkdir()
    settings, notice = load_settings(folder)
    assert settings == Settings()
    assert notice is not None and "cannot read" in notice


def test_dumps_is_valid_toml() -> None:
    import tomllib

    text = dumps(Settings(theme="a\tb\u0001"))
    assert tomllib.loads(text)["theme"] == "a\tb\u0001"


def test_config_module_does_not_import_textual() -> None:
    code = "import sys, stretchtimer.config; print('textual' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_goals_and_terminal_round_trip() -> None:
    from stretchtimer.goals import Goal

    settings = Settings(
        daily_goal=2,
        weekly_goal=6,
        terminal="kitty -e",
        goals=(("toe-lifts", Goal(4, 7)), ("my routine", Goal(1, 3))),
    )
    save_settings(settings)
    loaded, notice = load_settings()
    assert (loaded, notice) == (settings, None)
    assert loaded.goal_for("toe-lifts") == Goal(4, 7)
    assert loaded.goal_for("cramp-relief") == Goal(2, 6)  # no own goal: the general one
    assert loaded.goal_for(None) == Goal(2, 6)


def test_a_routines_goal_falls_back_on_the_general_one_key_by_key() -> None:
    from stretchtimer.goals import Goal

    path = locations.config_file()
    path.parent.mkdir(parents=True)
    path.write_text("daily_goal = 3\n[goals.toe-lifts]\nweekly = 7\n", encoding="utf-8")
    settings, notice = load_settings()
    assert notice is None
    assert settings.goal_for("toe-lifts") == Goal(3, 7)


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("daily_goal = 0\n", "`daily_goal` must be a whole number of sessions from 1 to 50"),
        ("weekly_goal = 9\n", "`weekly_goal` must be a whole number of days from 1 to 7"),
        ("terminal = 3\n", "`terminal` must be a string"),
        ("[goals.toe-lifts]\noften = 3\n", "`goals` must hold tables like [goals.toe-lifts]"),
    ],
)
def test_wrong_goal_settings_are_named(text: str, problem: str) -> None:
    path = locations.config_file()
    path.parent.mkdir(parents=True)
    path.write_text(text, encoding="utf-8")
    settings, notice = load_settings()
    assert notice is not None and problem in notice
    assert (settings.daily_goal, settings.weekly_goal, settings.goals) == (1, 5, ())
