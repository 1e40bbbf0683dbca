"""``stretchtimer remind``: add, list, remove, install, uninstall, as a new user would."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from stretchtimer.cli import main
from stretchtimer.reminders import store


@pytest.fixture(autouse=True)
def homes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(tmp_path / "run"))  # no systemd user manager
    return tmp_path


def remind(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["remind", *args])
    out, err = capsys.readouterr()
    return code, out, err


def units(homes: Path) -> list[str]:
    folder = homes / "xdg" / "systemd" / "user"
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def test_add_list_remove_and_uninstall_leave_nothing_behind(
    capsys: pytest.CaptureFixture[str], homes: Path
) -> None:
    code, out, _ = remind(capsys, "add", "08:00", "--days", "mon-fri", "--scheduler", "systemd")
    assert code == 0
    assert "Added reminder 1: at 08:00, Mon-Fri" in out
    assert "1 reminder scheduled with systemd." in out
    assert units(homes) == ["stretchtimer-remind-r1.service", "stretchtimer-remind-r1.timer"]
    code, out, _ = remind(
        capsys, "add", "--every", "50m", "--between", "09:00-17:30", "--routine", "toe-lifts"
    )
    assert code == 0 and "every 50 min 09:00-17:30, every day · toe-lifts" in out
    assert len(units(homes)) == 4  # kept in sync with the scheduler chosen at first
    code, out, _ = remind(capsys, "list")
    lines = out.splitlines()
    assert lines[0].startswith("  1. at 08:00, Mon-Fri  (next: ")
    assert lines[1].startswith("  2. every 50 min 09:00-17:30, every day · toe-lifts  (next: ")
    assert lines[2:] == ["(scheduled with systemd)"]
    code, out, _ = remind(capsys, "remove", "1")
    assert code == 0 and "Removed reminder 1" in out
    assert units(homes) == ["stretchtimer-remind-r2.service", "stretchtimer-remind-r2.timer"]
    code, out, _ = remind(capsys, "uninstall")
    assert code == 0 and "Nothing of stretchtimer is left in systemd" in out
    assert units(homes) == []
    assert not (homes / "xdg" / "systemd").exists()
    assert store.load().installed is None
    assert [r.id for r in store.load().reminders] == ["r2"]  # kept for 'remind install'


def test_install_print_changes_nothing(capsys: pytest.CaptureFixture[str], homes: Path) -> None:
    store.save(store.RemindersFile([]))
    remind(capsys, "add", "07:30", "--scheduler", "systemd")
    remind(capsys, "uninstall")
    code, out, _ = remind(capsys, "install", "--scheduler", "systemd", "--print")
    assert code == 0
    assert "OnCalendar=*-*-* 07:30:00" in out
    assert "stretchtimer-remind-r1.timer" in out
    assert units(homes) == []


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["add"], "say when: a time like 08:00"),
        (["add", "25:00"], "'25:00' is not a time of day"),
        (["add", "08:00", "--days", "someday"], "is not a day"),
        (["add", "08:00", "--every", "50m"], "either times"),
        (["add", "--every", "2m"], "5 minutes to 12 hours"),
        (["add", "08:00", "--routine", "no-such-routine"], "there is no routine 'no-such-routine'"),
        (["remove", "3"], "there is no reminder 3"),
    ],
)
def test_bad_input_is_one_clear_message(
    capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    code, _out, err = remind(capsys, *args)
    assert code == 2
    assert message in err
    assert "Traceback" not in err
    assert store.load().reminders == []


def test_a_broken_reminders_file_is_named(capsys: pytest.CaptureFixture[str]) -> None:
    path = store.reminders_file()
    path.parent.mkdir(parents=True)
    path.write_text("[[reminder]]\nid = 'r1'\nat = ['8']\n")
    code, _, err = remind(capsys, "list")
    assert code == 1 and str(path) in err and "not a time of day" in err


def test_the_same_reminder_twice_is_added_once(capsys: pytest.CaptureFixture[str]) -> None:
    remind(capsys, "add", "08:00", "--days", "mon-fri", "--scheduler", "systemd")
    code, out, _ = remind(capsys, "add", "08:00", "--days", "weekdays")
    assert code == 0 and out == "Reminder 1 is already at 08:00, Mon-Fri: nothing added.\n"
    assert len(store.load().reminders) == 1


def test_list_with_nothing(capsys: pytest.CaptureFixture[str]) -> None:
    assert remind(capsys, "list")[1] == (
        "No reminders. Add one with 'stretchtimer remind add 08:00'.\n"
    )


def test_remind_does_not_import_textual(tmp_path: Path) -> None:
    import subprocess
    import sys

    code = (
        "import sys, contextlib, io\nfrom stretchtimer.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    main(['remind', 'list']); main(['remind', 'install', '--print'])\n"
        "assert 'textual' not in sys.modules\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=30, check=False
    )
    assert result.returncode == 0, result.stderr


def done_at_seven(routine: str, session: tuple[str, str]) -> datetime:
    """Save reminder r1 at 08:00 for ``routine``, record ``session`` done at 07:00 today in the
    real history, and return 08:05 today (when r1 fires)."""
    from history_support import add_session
    from stretchtimer import locations
    from stretchtimer.history.store import HistoryStore
    from stretchtimer.reminders.schedule import Reminder

    store.save(store.RemindersFile([Reminder("r1", times=((8, 0),), routine=routine)]))
    now = datetime.now().replace(hour=8, minute=5, second=0, microsecond=0)
    history = HistoryStore(locations.history_db())
    add_session(history, session, now.replace(hour=7).astimezone())
    history.close()
    return now


def test_fire_skips_when_the_routines_goal_is_met_in_the_real_history(
    capsys: pytest.CaptureFixture[str],
) -> None:
    now = done_at_seven("toe-lifts", ("toe-lifts", "Toe lifts"))
    code, out, _ = remind(capsys, "fire", "r1", "--now", now.isoformat())
    assert (code, out) == (0, "reminder r1 skipped: today's goal is met (1 of 1)\n")
    code, out, _ = remind(capsys, "fire", "r1", "--now", now.replace(hour=9).isoformat())
    assert code == 0
    assert out.startswith("reminder r1 dropped: it was due at 08:00 and is 65 min late")
    code, out, _ = remind(capsys, "fire", "r9")
    assert code == 0 and "no longer exists" in out


def test_fire_counts_a_routine_file_by_the_id_its_sessions_have(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    routine = tmp_path / "desk-break.yaml"  # a routine given as a file: stored by its path
    routine.write_text("name: Desk break\nsteps:\n  - {name: Reach, hold: 30}\n")
    now = done_at_seven(str(routine), ("desk-break", "Desk break"))
    code, out, _ = remind(capsys, "fire", "r1", "--now", now.isoformat())
    assert (code, out) == (0, "reminder r1 skipped: today's goal is met (1 of 1)\n")


INJECTION = "x\n[Service]\nExecStartPre=/bin/touch /tmp/pwn\n#/"


@pytest.mark.parametrize(
    ("routine", "message"),
    [
        ("/no/such/routine.yaml", "there is no routine '/no/such/routine.yaml'"),
        ("no-such", "there is no routine 'no-such'"),
        (INJECTION, "holds a control character ('\\n')"),
        ("toe\x1b[2J", "holds a control character ('\\x1b')"),
    ],
)
def test_add_refuses_a_routine_that_is_not_there_or_not_one_line(
    capsys: pytest.CaptureFixture[str], homes: Path, routine: str, message: str
) -> None:
    code, out, err = remind(capsys, "add", "08:30", "--routine", routine, "--scheduler", "systemd")
    assert (code, out) == (2, "")
    assert message in err and err.count("\n") == 1 and "\x1b" not in err
    assert store.load().reminders == [] and units(homes) == []


def test_add_stores_the_routine_run_would_open(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A start of an id is stored as the id; a relative file as its absolute path."""
    remind(capsys, "add", "08:00", "--routine", "toe", "--scheduler", "systemd")
    monkeypatch.chdir(tmp_path)
    mine = tmp_path / "my legs.yaml"
    mine.write_text("name: Mine\nsteps:\n  - name: Calf\n    hold: 30s\n", encoding="utf-8")
    code, out, _ = remind(capsys, "add", "09:00", "--routine", "my legs.yaml")
    assert code == 0, out
    assert [r.routine for r in store.load().reminders] == ["toe-lifts", str(mine)]


def test_add_refuses_a_routine_file_whose_name_has_a_newline(
    capsys: pytest.CaptureFixture[str], isolated_dirs: dict[str, Path], homes: Path
) -> None:
    folder = isolated_dirs["config"] / "routines"
    folder.mkdir(parents=True)
    text = "name: Evil\nsteps:\n  - name: Calf\n    hold: 30s\n"
    (folder / "evil\n[Service]\nExecStartPre=x.yaml").write_text(text, encoding="utf-8")
    for ref in ("evil", str(next(folder.iterdir()))):
        code, _, err = remind(capsys, "add", "08:00", "--routine", ref, "--scheduler", "systemd")
        assert code == 2 and "control character ('\\n')" in err
    assert store.load().reminders == [] and units(homes) == []


@pytest.mark.parametrize("scheduler", ["systemd", "launchd"])  # not cron: the real crontab
def test_install_refuses_a_hostile_reminder_in_the_file(
    capsys: pytest.CaptureFixture[str], homes: Path, scheduler: str
) -> None:
    from stretchtimer.reminders.schedule import Reminder

    good = Reminder("r1", times=((8, 0),))
    store.save(store.RemindersFile([good, Reminder("r2", times=((9, 0),), routine=INJECTION)]))
    for args in (["install", "--print"], ["install"]):
        code, out, err = remind(capsys, *args, "--scheduler", scheduler)
        assert (code, out) == (1, "")
        assert str(store.reminders_file()) in err and "reminder 2:" in err
        assert "remind remove 2" in err and err.count("\n") == 1
    assert units(homes) == []
    code, out, _ = remind(capsys, "remove", "2")
    assert code == 0 and out.startswith("Removed reminder 2: at 09:00, every day · x [Service]")
    store.save(store.RemindersFile([Reminder("../../x", times=((8, 0),))]))
    code, _, err = remind(capsys, "install", "--scheduler", "systemd")
    assert code == 1 and "reminder 1: the id '../../x' is not usable" in err
    assert not (homes / "xdg").exists()
