"""Every --help ends with examples; the main one lists the runner's keys and the environment."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from stretchtimer import cli
from stretchtimer.session.actions import SESSION_KEYS, key_label


def help_of(*argv: str, capsys: pytest.CaptureFixture[str]) -> str:
    with pytest.raises(SystemExit) as exit_info:
        cli.main([*argv, "--help"])
    assert exit_info.value.code == 0
    return capsys.readouterr().out


def test_every_command_help_ends_with_examples(capsys: pytest.CaptureFixture[str]) -> None:
    names = list(cli.COMMANDS)
    assert "edit" in names
    for name in names:
        text = help_of(name, capsys=capsys)
        tail = text[text.index("\nexamples:\n") :].strip().splitlines()
        examples = tail[1:]
        assert 1 <= len(examples) <= 3, name
        assert all(line.startswith("  ") and "stretchtimer" in line for line in examples), name


def test_main_help_lists_the_keys_and_the_environment(capsys: pytest.CaptureFixture[str]) -> None:
    text = help_of(capsys=capsys)
    for row in SESSION_KEYS:
        assert row.help in text
        assert " or ".join(key_label(k) for k in row.keys) in text
    for name in (
        "STRETCHTIMER_CONFIG_DIR",
        "STRETCHTIMER_DATA_DIR",
        "STRETCHTIMER_SOUND",
        "STRETCHTIMER_DEBUG",
        "NO_COLOR",
        "EDITOR",
    ):
        assert name in text
    assert "\nexamples:\n" in text


def _editor(tmp_path: Path, body: str) -> str:
    script = tmp_path / "fake-editor"
    script.write_text(f"#!/bin/sh\n{body}\n", encoding="utf-8")
    script.chmod(0o755)
    return str(script)


def _run(*argv: str, editor: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "VISUAL": editor}
    return subprocess.run(
        [sys.executable, "-m", "stretchtimer", *argv],
        capture_output=True,
        text=True,
        env=env,
        timeout=30,
        stdin=subprocess.DEVNULL,
    )


def test_edit_copies_a_builtin_and_keeps_the_change(
    tmp_path: Path, isolated_dirs: dict[str, Path]
) -> None:
    editor = _editor(tmp_path, 'sed -i "s/^name: .*/name: My cramp routine/" "$1"')
    proc = _run("edit", "leg-cramp-prevention", editor=editor)
    assert proc.returncode == 0, proc.stderr
    mine = isolated_dirs["config"] / "routines" / "leg-cramp-prevention.yaml"
    assert "name: My cramp routine" in mine.read_text(encoding="utf-8")
    assert "Copied the built-in routine" in proc.stdout
    assert "replaces the built-in one" in proc.stdout
    assert "My cramp routine: valid" in proc.stdout


def test_edit_leaves_no_copy_when_nothing_changed(
    tmp_path: Path, isolated_dirs: dict[str, Path]
) -> None:
    proc = _run("edit", "bedtime-legs", editor=_editor(tmp_path, "true"))
    assert proc.returncode == 0, proc.stderr
    assert "No changes" in proc.stdout
    assert not (isolated_dirs["config"] / "routines" / "bedtime-legs.yaml").exists()


def test_an_editor_that_fails_is_said_even_when_nothing_changed(
    tmp_path: Path, isolated_dirs: dict[str, Path]
) -> None:
    proc = _run("edit", "bedtime-legs", editor=_editor(tmp_path, "exit 3"))
    assert proc.returncode == 1
    assert proc.stderr == "stretchtimer: the editor exited with code 3\n"
    assert "No changes" in proc.stdout
    assert not (isolated_dirs["config"] / "routines" / "bedtime-legs.yaml").exists()


def test_edit_says_what_is_wrong_after_editing(tmp_path: Path) -> None:
    editor = _editor(tmp_path, 'printf "name: Broken\\nsteps: []\\n" > "$1"')
    proc = _run("new", "Broken one", "--edit", editor=editor)
    assert proc.returncode == 1
    assert "broken-one.yaml" in proc.stdout
    assert "broken-one.yaml" in proc.stderr  # the problem names the file


def test_new_edit_opens_the_new_file(tmp_path: Path, isolated_dirs: dict[str, Path]) -> None:
    seen = tmp_path / "seen"
    proc = _run("new", "Morning legs", "--edit", editor=_editor(tmp_path, f'echo "$1" > {seen}'))
    assert proc.returncode == 0, proc.stderr
    path = isolated_dirs["config"] / "routines" / "morning-legs.yaml"
    assert seen.read_text(encoding="utf-8").strip() == str(path)
    assert "Morning legs: valid" in proc.stdout


def test_edit_an_unknown_routine(tmp_path: Path) -> None:
    proc = _run("edit", "no-such-routine", editor=_editor(tmp_path, "true"))
    assert proc.returncode == 1
    assert "no-such-routine" in proc.stderr and "Traceback" not in proc.stderr


def test_edit_without_an_editor(tmp_path: Path, isolated_dirs: dict[str, Path]) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("VISUAL", "EDITOR")}
    env["PATH"] = str(tmp_path)
    proc = subprocess.run(
        [sys.executable, "-m", "stretchtimer", "edit", "bedtime-legs"],
        capture_output=True,
        text=True,
        env=env,
        timeout=30,
    )
    assert proc.returncode == 1
    assert "set $EDITOR" in proc.stderr
    assert not (isolated_dirs["config"] / "routines" / "bedtime-legs.yaml").exists()


@pytest.mark.parametrize(
    ("editor", "said"),
    [
        ("'unbalanced", "cannot be read"),
        ("/no/such/editor", "does not exist"),
        ("no-such-editor-here --wait", "was not found on your PATH"),
        ("/tmp", "is a folder"),
    ],
)
def test_edit_with_an_editor_that_cannot_start(
    editor: str, said: str, isolated_dirs: dict[str, Path]
) -> None:
    proc = _run("edit", "bedtime-legs", editor=editor)
    assert proc.returncode == 1
    assert "cannot open the editor" in proc.stderr and said in proc.stderr
    assert "Traceback" not in proc.stderr
    assert not (isolated_dirs["config"] / "routines" / "bedtime-legs.yaml").exists()
