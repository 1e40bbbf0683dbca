"""Scheduler backends: real ``systemd-analyze verify``, launchd plists, crontab lines."""

from __future__ import annotations

import plistlib
import re
import shutil
import subprocess
from collections.abc import Sequence
from pathlib import Path

import pytest

from stretchtimer.reminders import schedulers
from stretchtimer.reminders.schedule import Reminder

MORNING = Reminder("r1", times=((8, 0),), days=(0, 1, 2, 3, 4), routine="toe-lifts")
BREAKS = Reminder("r2", every=50, between=((9, 0), (17, 30)))
BOTH = [MORNING, BREAKS]


class FakeRunner:
    """Records commands; keeps a crontab like the real ``crontab`` command."""

    def __init__(self, crontab: str | None = None, missing: bool = False) -> None:
        self.crontab = crontab
        self.missing = missing
        self.calls: list[list[str]] = []

    def __call__(self, argv: Sequence[str], stdin: str | None) -> tuple[int, str]:
        self.calls.append(list(argv))
        if self.missing:
            return 127, f"{argv[0]}: not found"
        if list(argv) == ["crontab", "-l"]:
            return (0, self.crontab) if self.crontab is not None else (1, "no crontab for u")
        if list(argv) == ["crontab", "-"]:
            self.crontab = stdin
        return 0, ""


@pytest.fixture
def homes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(tmp_path / "run"))
    return tmp_path


def verify(folder: Path, timers: list[str]) -> None:
    """Check unit files with the real ``systemd-analyze verify``: no error, no warning."""
    result = subprocess.run(
        ["systemd-analyze", "verify", *timers],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        cwd=folder,
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr.strip() == "", result.stderr  # verify only warns on a bad OnCalendar=


NEEDS_SYSTEMD_ANALYZE = pytest.mark.skipif(
    shutil.which("systemd-analyze") is None, reason="needs systemd-analyze (Debian package systemd)"
)


def systemd_running(homes: Path) -> None:
    (homes / "run" / "systemd").mkdir(parents=True)
    (homes / "run" / "systemd" / "private").touch()


# -- systemd ----------------------------------------------------------------------------------


def test_on_calendar() -> None:
    assert schedulers.on_calendar(MORNING) == ["Mon,Tue,Wed,Thu,Fri *-*-* 08:00:00"]
    specs = schedulers.on_calendar(BREAKS)
    assert specs[0] == "*-*-* 09,14:00:00"
    assert len(specs) == 6  # minutes 00, 10, 20, 30, 40, 50


@NEEDS_SYSTEMD_ANALYZE
def test_units_pass_systemd_analyze_verify(
    homes: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("STRETCHTIMER_CONFIG_DIR", str(tmp_path / "my config %h"))
    setup = schedulers.plan(BOTH, "systemd", FakeRunner())
    schedulers.install(setup, FakeRunner())
    folder = homes / "xdg" / "systemd" / "user"
    names = sorted(p.name for p in folder.iterdir())
    assert names == [
        f"stretchtimer-remind-{i}.{k}" for i in ("r1", "r2") for k in ("service", "timer")
    ]
    service = (folder / "stretchtimer-remind-r1.service").read_text()
    exec_start = next(line for line in service.splitlines() if line.startswith("ExecStart="))
    assert exec_start.endswith(" remind fire r1")
    assert Path(exec_start.removeprefix("ExecStart=").split()[0]).exists()  # a real program
    assert '"STRETCHTIMER_CONFIG_DIR=' in service and "%%h" in service
    verify(folder, sorted(str(p) for p in folder.glob("*.timer")))


@NEEDS_SYSTEMD_ANALYZE
def test_systemd_analyze_catches_a_broken_unit(homes: Path) -> None:
    """The check above can fail: the same verify flags a timer we broke on purpose."""
    schedulers.install(schedulers.plan([MORNING], "systemd"), FakeRunner())
    timer = homes / "xdg" / "systemd" / "user" / "stretchtimer-remind-r1.timer"
    timer.write_text(timer.read_text().replace("08:00:00", "99:00:00"))
    result = subprocess.run(
        ["systemd-analyze", "verify", str(timer)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert "Failed to parse calendar specification" in result.stderr


def test_systemd_enables_timers_and_removes_stale_ones(homes: Path) -> None:
    systemd_running(homes)
    runner = FakeRunner()
    schedulers.install(schedulers.plan(BOTH, "systemd", runner), runner)
    assert ["systemctl", "--user", "daemon-reload"] in runner.calls
    assert [
        "systemctl",
        "--user",
        "enable",
        "--now",
        "stretchtimer-remind-r1.timer",
        "stretchtimer-remind-r2.timer",
    ] in runner.calls
    runner.calls.clear()
    schedulers.install(schedulers.plan([BREAKS], "systemd", runner), runner)
    assert runner.calls[0] == [
        "systemctl",
        "--user",
        "disable",
        "--now",
        "stretchtimer-remind-r1.timer",
    ]
    folder = homes / "xdg" / "systemd" / "user"
    assert sorted(p.name for p in folder.iterdir()) == [
        "stretchtimer-remind-r2.service",
        "stretchtimer-remind-r2.timer",
    ]
    runner.calls.clear()
    schedulers.install(schedulers.plan([], "systemd", runner), runner)
    assert not folder.exists()  # uninstall leaves nothing behind
    assert ["systemctl", "--user", "daemon-reload"] in runner.calls


def test_systemd_not_running_writes_units_and_says_so(homes: Path) -> None:
    runner = FakeRunner()
    setup = schedulers.plan(BOTH, "systemd", runner)
    assert setup.commands == []
    assert "does not run your user session" in setup.notes[0]


# -- launchd ----------------------------------------------------------------------------------


def test_launchd_plist(homes: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STRETCHTIMER_DATA_DIR", "/data/here")
    runner = FakeRunner()
    setup = schedulers.plan(BOTH, "launchd", runner)
    schedulers.install(setup, runner)
    folder = homes / "home" / "Library" / "LaunchAgents"
    agent = plistlib.loads((folder / "org.stretchtimer.remind.r1.plist").read_bytes())
    assert agent["Label"] == "org.stretchtimer.remind.r1"
    assert agent["ProgramArguments"][-3:] == ["remind", "fire", "r1"]
    assert Path(agent["ProgramArguments"][0]).is_absolute()
    assert agent["EnvironmentVariables"]["STRETCHTIMER_DATA_DIR"] == "/data/here"
    intervals = agent["StartCalendarInterval"]
    assert {"Weekday": 1, "Hour": 8, "Minute": 0} in intervals  # Monday: launchd's 1
    assert {"Weekday": 5, "Hour": 8, "Minute": 0} in intervals
    assert len(intervals) == 5
    for entry in intervals:
        assert set(entry) == {"Weekday", "Hour", "Minute"}
        assert all(isinstance(v, int) for v in entry.values())
    breaks = plistlib.loads((folder / "org.stretchtimer.remind.r2.plist").read_bytes())
    assert len(breaks["StartCalendarInterval"]) == 7 * 11
    assert {"Weekday": 0, "Hour": 17, "Minute": 20} in breaks["StartCalendarInterval"]
    bootstraps = [c for c in runner.calls if c[1] == "bootstrap"]
    assert len(bootstraps) == 2 and bootstraps[0][2].startswith("gui/")
    schedulers.install(schedulers.plan([], "launchd", runner), runner)
    assert list(folder.iterdir()) == []


# -- cron -------------------------------------------------------------------------------------

CRON_LINE = re.compile(
    r"^(?P<minute>[0-5]?\d) (?P<hours>(?:[01]?\d|2[0-3])(?:,(?:[01]?\d|2[0-3]))*) \* \* "
    r"(?P<dow>\*|[0-6](?:,[0-6])*) (?P<command>\S.*)$"
)


def test_cron_lines_match_the_crontab_format() -> None:
    lines = schedulers.cron_lines(
        MORNING,
        ["/opt/st bin/stretchtimer", "remind", "fire", "r1"],
        {"STRETCHTIMER_CONFIG_DIR": "/c/100%"},
    )
    assert len(lines) == 1
    match = CRON_LINE.match(lines[0])
    assert match is not None, lines[0]
    assert (match["minute"], match["hours"], match["dow"]) == ("0", "8", "1,2,3,4,5")
    assert match["command"] == (
        "STRETCHTIMER_CONFIG_DIR=/c/100\\% '/opt/st bin/stretchtimer' remind fire r1"
    )
    lines = schedulers.cron_lines(BREAKS, ["/x", "remind", "fire", "r2"], {})
    fired = set()
    for line in lines:
        match = CRON_LINE.match(line)
        assert match is not None, line
        assert match["dow"] == "*"
        fired |= {(int(h), int(match["minute"])) for h in match["hours"].split(",")}
    assert fired == set(BREAKS.fire_times())


def test_cron_keeps_the_rest_of_the_crontab(homes: Path) -> None:
    mine = "MAILTO=me@example.org\n# backups\n0 3 * * * /usr/bin/backup\n"
    runner = FakeRunner(crontab=mine)
    schedulers.install(schedulers.plan(BOTH, "cron", runner), runner)
    assert runner.crontab is not None and runner.crontab.startswith(mine)
    assert runner.crontab.count(schedulers.CRON_BEGIN) == 1
    schedulers.install(schedulers.plan([MORNING], "cron", runner), runner)  # replaced, not added
    assert runner.crontab.count(schedulers.CRON_BEGIN) == 1
    assert "fire r2" not in runner.crontab and "fire r1" in runner.crontab
    schedulers.install(schedulers.plan([], "cron", runner), runner)
    assert runner.crontab == mine  # uninstall leaves it as it was


def test_cron_without_a_crontab_yet(homes: Path) -> None:
    runner = FakeRunner(crontab=None)
    schedulers.install(schedulers.plan([MORNING], "cron", runner), runner)
    assert runner.crontab is not None
    assert runner.crontab.splitlines()[0] == schedulers.CRON_BEGIN


def test_missing_cron_is_said_and_print_still_shows_the_lines(homes: Path) -> None:
    runner = FakeRunner(missing=True)
    setup = schedulers.plan([MORNING], "cron", runner)
    assert not setup.usable
    text = schedulers.describe(setup)
    assert "remind fire r1" in text and "cron is not installed" in text
    with pytest.raises(schedulers.SchedulerError, match="cron is not installed"):
        schedulers.install(setup, runner)


def test_choose(monkeypatch: pytest.MonkeyPatch, homes: Path) -> None:
    assert schedulers.choose("cron") == "cron"
    monkeypatch.setattr(schedulers.sys, "platform", "linux")
    assert schedulers.choose() == "cron"
    systemd_running(homes)
    assert schedulers.choose() == "systemd"
    monkeypatch.setattr(schedulers.sys, "platform", "darwin")
    assert schedulers.choose() == "launchd"


def test_cron_jobs_get_the_desktop_of_the_installing_session(
    homes: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DISPLAY", ":1")
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    runner = FakeRunner()
    schedulers.install(schedulers.plan([MORNING], "cron", runner), runner)
    line = next(x for x in (runner.crontab or "").splitlines() if "fire r1" in x)
    assert "DISPLAY=:1 " in line and "WAYLAND_DISPLAY" not in line
    assert f"XDG_RUNTIME_DIR={homes / 'run'} " in line
    assert CRON_LINE.match(line)


# -- hostile text -----------------------------------------------------------------------------

INJECTION = "x\n[Service]\nExecStartPre=/bin/touch /tmp/pwn\n#/"


def test_a_hostile_stored_reminder_is_refused_before_anything_is_written(homes: Path) -> None:
    bad_routine = Reminder("r1", times=((8, 0),), routine=INJECTION)
    bad_id = Reminder("../../x\n", times=((8, 0),))
    for scheduler in schedulers.SCHEDULERS:
        for reminder in (bad_routine, bad_id):
            with pytest.raises(schedulers.SchedulerError, match=r"control character|not usable"):
                schedulers.plan([reminder], scheduler, FakeRunner())
    assert not (homes / "xdg").exists()


@pytest.mark.parametrize(
    "word",
    ["a b", 'say "hi"', "back\\slash", "100%h", "$HOME", "it's", ";", "", "tab\there", "nl\nx"],
)
def test_systemd_words_read_back_as_written(word: str) -> None:
    """Each word, quoted for a unit file, unquotes by systemd.syntax(7)'s rules to itself."""
    quoted = schedulers._systemd_word(word)
    assert "\n" not in quoted and "\t" not in quoted
    assert systemd_unquote(quoted) == word


def systemd_unquote(text: str) -> str:
    """Undo one quoted word: quotes, C escapes, ``%%`` and ``$$`` (only what we write)."""
    if text.startswith('"'):
        assert text.endswith('"') and len(text) >= 2
        text = text[1:-1]
    out, i = [], 0
    while i < len(text):
        char = text[i]
        if char == "\\":
            nxt = text[i + 1]
            if nxt == "x":
                out.append(chr(int(text[i + 2 : i + 4], 16)))
                i += 4
                continue
            out.append(nxt)
            i += 2
            continue
        if char in "%$":
            assert text[i + 1] == char, text
            i += 1
        out.append(char)
        i += 1
    return "".join(out)


def test_unit_text_never_starts_a_line_or_section(monkeypatch: pytest.MonkeyPatch) -> None:
    reminder = Reminder("r1", times=((8, 0),), routine="odd 100%\x1b[31m \\")
    service, timer = schedulers.systemd_units(reminder, ["/bin/st", "remind", "fire", "r1"], {})
    for text in (service, timer):
        description = next(x for x in text.splitlines() if x.startswith("Description="))
        assert "\x1b" not in description and "100%%" in description
        assert not description.endswith("\\")  # would join the next line
    env = {"STRETCHTIMER_CONFIG_DIR": "/c/a$b 5%"}
    service, _ = schedulers.systemd_units(reminder, ["/bin/st"], env)
    assert 'Environment="STRETCHTIMER_CONFIG_DIR=/c/a$b 5%%"' in service  # $ means nothing here
    with pytest.raises(schedulers.SchedulerError, match="control character"):
        schedulers.systemd_units(reminder, ["/bin/st"], {"STRETCHTIMER_DATA_DIR": "/d\n[x]"})


def test_cron_refuses_a_newline_it_cannot_write() -> None:
    with pytest.raises(schedulers.SchedulerError, match="crontab line"):
        schedulers.cron_lines(MORNING, ["/opt/st\nbin", "remind", "fire", "r1"], {})
    with pytest.raises(schedulers.SchedulerError, match="STRETCHTIMER_DATA_DIR"):
        schedulers.cron_lines(MORNING, ["/x"], {"STRETCHTIMER_DATA_DIR": "/d\n* * * * * rm"})


def test_launchd_refuses_what_xml_cannot_hold() -> None:
    with pytest.raises(schedulers.SchedulerError, match="launchd agent"):
        schedulers.launchd_plist(MORNING, ["/x"], {"STRETCHTIMER_DATA_DIR": "/d\x01"})


@NEEDS_SYSTEMD_ANALYZE
def test_hostile_names_make_units_systemd_reads_as_meant(
    homes: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A routine name and folders full of quoting traps still give units that verify."""
    monkeypatch.setenv("STRETCHTIMER_CONFIG_DIR", str(tmp_path / 'it\'s "my" $HOME 100%h ; \\'))
    hostile = Reminder("r1", times=((8, 0),), routine="a 100%n $USER \"q\" 'q' [x] ;\\")
    schedulers.install(schedulers.plan([hostile], "systemd", FakeRunner()), FakeRunner())
    folder = homes / "xdg" / "systemd" / "user"
    service = (folder / "stretchtimer-remind-r1.service").read_text()
    assert [x.split("=")[0] for x in service.splitlines() if "=" in x] == [
        "Description",
        "Type",
        "ExecStart",
        "Environment",  # STRETCHTIMER_CONFIG_DIR
        "Environment",  # STRETCHTIMER_DATA_DIR
        "TimeoutStartSec",
    ]
    assert [x for x in service.splitlines() if x.startswith("[")] == ["[Unit]", "[Service]"]
    verify(folder, [str(folder / "stretchtimer-remind-r1.timer")])


def test_the_app_command_keeps_a_routine_id_that_starts_with_a_dash_an_argument() -> None:
    from stretchtimer.cli import build_parser
    from stretchtimer.reminders.launch import app_command

    argv = app_command("-dash")
    args = build_parser().parse_args(argv[argv.index("run") :])
    assert args.routine == "-dash"
