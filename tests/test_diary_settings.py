"""The diary's settings in config.toml: advice thresholds and the weekly goal."""

from __future__ import annotations

from pathlib import Path

from stretchtimer.config import load_settings
from stretchtimer.history.insights import AdviceRules
from stretchtimer.history.settings import load_diary_settings


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_defaults_without_a_file(tmp_path: Path) -> None:
    assert load_diary_settings(tmp_path / "none.toml") == (AdviceRules(), 5, None)


def test_thresholds_and_goal_are_read(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        'theme = "stretchtimer"\nweekly_goal = 4\n\n[cramp_advice]\n'
        "woke_nights = 2\nwindow_days = 21\n",
    )
    assert load_diary_settings(path) == (AdviceRules(woke_nights=2, window_days=21), 4, None)
    _, notice = load_settings(path)
    assert notice is None or "cramp_advice" not in notice  # the app's settings leave it be


def test_wrong_values_keep_their_default_and_are_named(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "weekly_goal = 9\n[cramp_advice]\nwoke_nights = 0\ncramp_days = true\nnights = 3\n",
    )
    rules, goal, notice = load_diary_settings(path)
    assert (rules, goal) == (AdviceRules(), 5)
    assert notice is not None
    for part in (
        "`cramp_advice.woke_nights` must be a whole number from 1 to 30",
        "`cramp_advice.cramp_days` must be a whole number from 1 to 365",
        "unknown setting `cramp_advice.nights`",
    ):
        assert part in notice


def test_a_broken_file_gives_the_defaults_and_says_so(tmp_path: Path) -> None:
    rules, goal, notice = load_diary_settings(write(tmp_path, "[cramp_advice\n"))
    assert (rules, goal) == (AdviceRules(), 5)
    assert notice is not None and "config.toml" in notice


def test_commands_name_a_wrong_setting(capsys: object, isolated_dirs: dict[str, Path]) -> None:
    from stretchtimer import cli

    isolated_dirs["config"].mkdir(parents=True)
    (isolated_dirs["config"] / "config.toml").write_text(
        "[cramp_advice]\nwoke_days = 0\n", encoding="utf-8"
    )
    assert cli.main(["report"]) == 0
    err = capsys.readouterr().err  # type: ignore[attr-defined]
    assert "`cramp_advice.woke_days` must be a whole number from 1 to 365" in err


def test_saving_the_app_settings_keeps_the_advice_thresholds(tmp_path: Path) -> None:
    from dataclasses import replace

    from stretchtimer.config import save_settings

    path = write(tmp_path, 'theme = "stretchtimer"\n\n[cramp_advice]\nwoke_nights = 2\n')
    settings, _ = load_settings(path)
    save_settings(replace(settings, theme="textual-light"), path)
    assert load_settings(path)[0].theme == "textual-light"
    assert load_diary_settings(path)[0] == AdviceRules(woke_nights=2)
