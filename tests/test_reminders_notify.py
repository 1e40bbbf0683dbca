"""Real notifications: a private D-Bus session bus (``dbus-run-session``) with a small
notification service of the tests, which presses the reminder's buttons.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from stretchtimer import locations
from stretchtimer.reminders import store
from stretchtimer.reminders.schedule import Reminder

HERE = Path(__file__).resolve().parent
needs_dbus = pytest.mark.skipif(
    shutil.which("dbus-run-session") is None, reason="needs dbus-run-session (Debian package dbus)"
)


@pytest.fixture
def terminal(tmp_path: Path, isolated_dirs: dict[str, Path]) -> Path:
    """A 'terminal' that writes the command it was asked to run into a marker file."""
    marker = tmp_path / "marker"
    script = tmp_path / "term.sh"
    script.write_text(f'#!/bin/sh\nprintf "%s\\n" "$@" > "{marker}"\n', encoding="utf-8")
    script.chmod(0o755)
    config = locations.config_file()
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text(f'terminal = "{script}"\n', encoding="utf-8")
    return marker


def stretchtimer(*args: str) -> list[str]:
    return [sys.executable, "-m", "stretchtimer", *args]


def under_bus(tmp_path: Path, answer: str, command: list[str]) -> dict[str, Any]:
    """Run ``command`` on a private session bus whose notification service answers."""
    result = tmp_path / "result.json"
    env = {k: v for k, v in os.environ.items() if k != "DBUS_SESSION_BUS_ADDRESS"}
    done = subprocess.run(
        [
            "dbus-run-session",
            "--",
            sys.executable,
            str(HERE / "notification_service.py"),
            str(result),
            answer,
            "--",
            *command,
        ],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
        env=env,
    )
    assert result.exists(), done.stderr
    data: dict[str, object] = json.loads(result.read_text())
    return data


def wait_for(path: Path) -> str:
    import time

    deadline = time.monotonic() + 5  # the terminal is started detached: allow it to run
    while not path.exists() and time.monotonic() < deadline:
        time.sleep(0.01)
    return path.read_text() if path.exists() else ""


@needs_dbus
def test_remind_test_start_opens_the_routine_in_the_terminal(
    tmp_path: Path, terminal: Path
) -> None:
    data = under_bus(
        tmp_path, "start", stretchtimer("remind", "test", "--routine", "toe-lifts", "--wait", "10")
    )
    assert data["returncode"] == 0, data["stderr"]
    [note] = data["received"]
    assert note["app_name"] == "stretchtimer"
    assert note["summary"] == "Time for Toe lifts"
    actions = note["actions"]
    buttons = dict(zip(actions[::2], actions[1::2], strict=True))
    assert buttons["start"] == "Start" and buttons["snooze"] == "Snooze 15 min"
    assert "Start pressed" in str(data["stdout"])
    args = wait_for(terminal).splitlines()
    assert args[-3:] == ["run", "--", "toe-lifts"]  # "--": an id may start with "-"
    assert Path(args[0]).name == "stretchtimer"


@needs_dbus
def test_a_due_reminder_fires_and_snooze_is_heard(tmp_path: Path, terminal: Path) -> None:
    store.save(store.RemindersFile([Reminder("r1", times=((8, 0),), routine="toe-lifts")]))
    now = datetime.now().replace(hour=8, minute=0, second=30, microsecond=0)
    data = under_bus(
        tmp_path, "start", stretchtimer("remind", "fire", "r1", "--now", now.isoformat())
    )
    assert data["returncode"] == 0, data["stderr"]
    assert data["stdout"] == "reminder r1: started\n"
    assert [n["summary"] for n in data["received"]] == ["Time for Toe lifts"]
    assert wait_for(terminal).splitlines()[-3:] == ["run", "--", "toe-lifts"]


@needs_dbus
def test_a_session_bus_without_a_notification_service_is_said(tmp_path: Path) -> None:
    done = subprocess.run(
        ["dbus-run-session", "--", *stretchtimer("remind", "test")],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert done.returncode == 1
    assert "no notification service" in done.stderr
    assert "Traceback" not in done.stderr


def test_no_desktop_session_is_said_by_test_and_doctor(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    env = {k: v for k, v in os.environ.items() if k != "DBUS_SESSION_BUS_ADDRESS"}
    env["XDG_RUNTIME_DIR"] = str(tmp_path / "no-runtime")
    done = subprocess.run(
        stretchtimer("remind", "test"),
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
        env=env,
    )
    assert done.returncode == 1
    assert "no desktop session here" in done.stderr
    doctor = subprocess.run(
        stretchtimer("doctor"), capture_output=True, text=True, timeout=30, check=False, env=env
    )
    assert "desktop notifications: NOT AVAILABLE: no desktop session here" in doctor.stdout


@needs_dbus
def test_doctor_names_the_notification_server(tmp_path: Path) -> None:
    data = under_bus(tmp_path, "none", stretchtimer("doctor"))
    assert "desktop notifications: yes (test-notifications; buttons: yes)" in str(data["stdout"]), (
        data["stderr"]
    )
