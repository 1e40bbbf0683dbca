"""The plain runner and ``stretchtimer run --plain``: exact lines with a fake clock, plus real runs.

Ctrl+C in plain mode stops the session, prints the "Stopped after ..." summary and exits with 130
(like any interrupted command), so a script can tell a completed routine (0) from a stopped one.
"""

from __future__ import annotations

import io
import os
import signal
import subprocess
import sys
import termios
import time
from collections.abc import Sequence
from pathlib import Path

import pytest

from keys_support import FakeKeys
from pty_support import read_until
from stretchtimer import cli, locations
from stretchtimer.history.records import SessionRow
from stretchtimer.history.store import HistoryStore
from stretchtimer.plain import run_plain
from stretchtimer.plain.keys import EOF, KeySource, decode_keys
from stretchtimer.routines.model import HoldStep, RepsStep, RestStep, Routine, Tempo
from stretchtimer.session.clock import FakeClock
from stretchtimer.session.driver import Sink
from stretchtimer.session.events import (
    Event,
    SegmentEnded,
    SegmentStarted,
    SessionStatus,
    SessionStopped,
    StepStatus,
)
from stretchtimer.session.plan import Plan, build_plan
from stretchtimer.session.summary import SessionSummary

REPO = Path(__file__).resolve().parents[1]


def routine(
    *steps: HoldStep | RepsStep | RestStep,
    prepare: float = 0.0,
    rest: float = 0.0,
    caution: str | None = None,
) -> Plan:
    return build_plan(
        Routine(id="t", name="Test", steps=steps, prepare=prepare, rest=rest, caution=caution)
    )


def run(
    plan: Plan, clock: FakeClock, sinks: Sequence[Sink] = (), keys: KeySource | None = None
) -> tuple[list[str], SessionSummary]:
    out = io.StringIO()
    summary = run_plain(
        plan, clock=clock, sleep=clock.sleep, out=out, stdin=io.StringIO(""), sinks=sinks, keys=keys
    )
    return out.getvalue().splitlines(), summary


FULL = routine(
    HoldStep(
        "Wall calf stretch",
        30.0,
        cue="Lean on the wall,\n  {side} foot back.",
        sides=("left", "right"),
        switch=2.0,
    ),
    RepsStep("Toe lifts", 2, tempo=Tempo(up=1.0, hold=1.0, down=1.0)),
    RestStep(4.0, cue="Shake out your legs"),
    RepsStep("Squats", 10),
    prepare=3.0,
    rest=0.0,
    caution="See a doctor\nif it hurts.",
)


def test_full_session_lines() -> None:
    clock = FakeClock(1000.0)
    lines, record = run(FULL, clock)
    assert lines == [
        "Test: 4 steps, 1:15 plus reps at your own pace. Press Ctrl+C to stop.",
        "Caution: See a doctor if it hurts.",
        "[00:00] Get ready (0:03). Next: Wall calf stretch, LEFT side.",
        "  2…",
        "  1…",
        "[00:03] Wall calf stretch, LEFT side (0:30): Lean on the wall, left foot back.",
        "  Halfway",
        "  3…",
        "  2…",
        "  1…",
        "[00:33] Switch to RIGHT side (0:02)",
        "  1…",
        "[00:35] Wall calf stretch, RIGHT side (0:30): Lean on the wall, right foot back.",
        "  Halfway",
        "  3…",
        "  2…",
        "  1…",
        "[01:05] Toe lifts (2 reps, 0:06)",
        "  Rep 1/2: up",
        "  Rep 1/2: hold",
        "  Rep 1/2: down",
        "  Rep 2/2: up",  # no 3-2-1 inside paced reps: the phases are the count
        "  Rep 2/2: hold",
        "  Rep 2/2: down",
        "[01:11] Rest (0:04): Shake out your legs. Next: Squats.",
        "  3…",
        "  2…",
        "  1…",
        "[01:15] Squats (10 reps)",
        "  No keyboard to confirm this set: counted as skipped.",
        "Done: Test, 1:15 active, 3 of 4 exercises done, 1 skipped, 0 stopped",
    ]
    assert record.status is SessionStatus.COMPLETED
    assert clock() == 1000.0 + 75.0


def test_every_event_reaches_the_sinks_on_time_and_the_loop_sleeps_little() -> None:
    clock = FakeClock(0.0)
    sleeps: list[float] = []

    def sleep(seconds: float) -> None:
        sleeps.append(seconds)
        clock.sleep(seconds)

    got: list[tuple[Event, float]] = []
    plan = routine(HoldStep("Hold", 60.0), HoldStep("Short", 0.5), prepare=5.0)
    record = run_plain(
        plan,
        clock=clock,
        sleep=sleep,
        out=io.StringIO(),
        stdin=io.StringIO(),
        sinks=[lambda ev: got.append((ev, clock()))],
    )
    assert record.status is SessionStatus.COMPLETED
    assert all(at == ev.at for ev, at in got)  # delivered exactly when due (fake sleep)
    assert [type(ev).__name__ for ev, _ in got].count("SegmentStarted") == 3
    assert 60 <= len(sleeps) <= 70  # wakes about once a second, not more
    assert max(sleeps) <= 1.0


def test_untimed_reps_wait_for_enter() -> None:
    clock = FakeClock(0.0)
    lines, summary = run(
        routine(RepsStep("Squats", 10), HoldStep("Hold", 1.0)),
        clock,
        keys=FakeKeys(clock, (7.0, "enter")),
    )
    assert lines[0].endswith(
        "Keys: Space pause/resume, →/n skip, ←/p back, Enter done, +/= 10s more, - 10s less, "
        "q/Esc stop."
    )
    assert lines[1:4] == [
        "[00:00] Squats (10 reps)",
        "  Do 10 reps, then press Enter.",
        "[00:07] Hold (0:01)",
    ]
    assert (summary.done, summary.active_seconds) == (2, 8.0)


def test_untimed_reps_nobody_confirmed_are_not_done() -> None:
    clock = FakeClock(0.0)
    lines, summary = run(routine(RepsStep("Squats", 10), HoldStep("Hold", 1.0)), clock)
    assert lines[2] == "  No keyboard to confirm this set: counted as skipped."
    assert (summary.done, summary.skipped, summary.status) == (1, 1, SessionStatus.COMPLETED)


def test_keys_pause_skip_back_and_stop_with_a_question() -> None:
    clock = FakeClock(0.0)
    plan = routine(HoldStep("A", 10.0), HoldStep("B", 10.0), HoldStep("C", 10.0))
    keys = FakeKeys(
        clock,
        (2.0, "space"),
        (5.0, "space"),  # 3 s paused
        (6.0, "n"),  # skip A after 3 s active
        (7.0, "p"),  # within 2 s of B: back to A
        (9.0, "q"),
        (9.5, "q"),
        (10.0, "x"),
        (11.0, "n"),  # q q does not stop
        (13.0, "escape"),
        (14.0, "y"),
    )  # stops A's second pass
    lines, summary = run(plan, clock, keys=keys)
    assert "  Paused: Space to resume." in lines and "  Resumed." in lines
    assert lines.count("  Stop the routine? y stops, n goes on.") == 2
    assert lines.count("  Going on.") == 1
    assert (summary.done, summary.skipped, summary.stopped) == (0, 1, 1)
    assert summary.status is SessionStatus.STOPPED
    assert lines[-1] == (
        "Stopped after 0:08 active: Test, 0 of 3 exercises done, 1 skipped, 1 stopped"
    )


def test_a_closed_terminal_stops_the_session() -> None:
    clock = FakeClock(0.0)
    _, summary = run(routine(HoldStep("A", 10.0)), clock, keys=FakeKeys(clock, (4.0, EOF)))
    assert summary.status is SessionStatus.STOPPED and summary.stopped == 1
    assert summary.active_seconds == 4.0


def test_decode_keys_reads_arrows_escape_and_letters() -> None:
    assert decode_keys(b"\x1b[C\x1b[D \rQn\x1b\x1bOCx\x1b[5~") == [
        "right",
        "left",
        "space",
        "enter",
        "q",
        "n",
        "escape",
        "right",
        "x",
    ]
    assert decode_keys(b"\x1b") == ["escape"] and decode_keys(b"\x1b[") == []


def test_ctrl_c_stops_with_summary() -> None:
    clock = FakeClock(0.0)

    def sleep(seconds: float) -> None:
        if clock() + seconds > 40.0:
            clock.set(40.0)
            raise KeyboardInterrupt
        clock.sleep(seconds)

    got: list[Event] = []
    out = io.StringIO()
    plan = routine(HoldStep("A", 30.0), HoldStep("B", 30.0), HoldStep("C", 30.0))
    record = run_plain(
        plan, clock=clock, sleep=sleep, out=out, stdin=io.StringIO(), sinks=[got.append]
    )
    lines = out.getvalue().splitlines()
    assert lines[-1] == (
        "Stopped after 0:40 active: Test, 1 of 3 exercises done, 0 skipped, 1 stopped"
    )
    assert record.status is SessionStatus.STOPPED
    assert isinstance(got[-1], SessionStopped)
    ended = got[-2]
    assert isinstance(ended, SegmentEnded) and ended.record.status is StepStatus.STOPPED
    assert ended.record.actual == 10.0


def test_failing_sink_is_reported_once_and_the_session_goes_on(
    capsys: pytest.CaptureFixture[str],
) -> None:
    clock = FakeClock(0.0)
    calls: list[Event] = []

    def broken(event: Event) -> None:
        calls.append(event)
        raise OSError("sound device gone")

    healthy: list[Event] = []
    _, record = run(
        routine(HoldStep("A", 1.0), HoldStep("B", 1.0)), clock, sinks=[broken, healthy.append]
    )
    assert record.status is SessionStatus.COMPLETED
    assert len(calls) == 1  # disabled after its first failure
    assert len([e for e in healthy if isinstance(e, SegmentStarted)]) == 2
    err = capsys.readouterr().err
    assert err.count("sound device gone") == 1 and "Traceback" not in err


def test_skipped_steps_are_counted_in_the_summary() -> None:
    from stretchtimer.plain import summary_line
    from stretchtimer.session.engine import SessionEngine
    from stretchtimer.session.summary import summarize

    clock = FakeClock(0.0)
    plan = routine(HoldStep("A", 5.0), HoldStep("B", 5.0), RestStep(3.0))
    engine = SessionEngine(plan, clock)
    engine.start()
    clock.advance(1.0)
    engine.skip()
    clock.advance(20.0)
    engine.poll()
    assert summary_line(plan, summarize(engine.record, plan.work_segments)) == (
        "Done: Test, 0:09 active, 1 of 2 exercises done, 1 skipped, 0 stopped"
    )


# -- the command, for real -------------------------------------------------------------------

TINY = """\
name: Tiny
prepare: 0
steps:
  - name: Hold
    cue: Hold the {side} leg.
    hold: 0.5
    sides: [left, right]
    switch: 0
  - name: Again
    hold: 0.5
"""


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(REPO / "src")
    return env


def test_real_plain_run(tmp_path: Path) -> None:
    path = tmp_path / "tiny.yaml"
    path.write_text(TINY, encoding="utf-8")
    started = time.monotonic()
    proc = subprocess.run(
        [sys.executable, "-m", "stretchtimer", "run", str(path), "--plain"],
        capture_output=True,
        text=True,
        env=_env(),
        stdin=subprocess.DEVNULL,
        timeout=30,
    )
    took = time.monotonic() - started
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines() == [
        "Tiny: 2 steps, 0:02. Press Ctrl+C to stop.",  # 3 exercises: one step has 2 sides
        "[00:00] Hold, LEFT side (0:01): Hold the left leg.",
        "[00:00] Hold, RIGHT side (0:01): Hold the right leg.",
        "[00:01] Again (0:01)",
        "Done: Tiny, 0:02 active, 3 of 3 exercises done, 0 skipped, 0 stopped",
    ]
    assert proc.stderr == ""
    assert took >= 1.5
    [session] = _history()
    assert (session.status, session.steps_done, session.steps_total) == ("completed", 3, 3)


def _history() -> list[SessionRow]:
    """Return the sessions in the history file the subprocess wrote (the test's data dir)."""
    store = HistoryStore(locations.history_db())
    try:
        return store.sessions(with_steps=True)
    finally:
        store.close()


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_real_ctrl_c_stops_with_summary_and_exit_130(tmp_path: Path, signum: int) -> None:
    path = tmp_path / "long.yaml"
    path.write_text(
        "name: Long\nprepare: 0\nsteps:\n  - {name: Hold, hold: 30}\n", encoding="utf-8"
    )
    proc = subprocess.Popen(
        [sys.executable, "-m", "stretchtimer", "run", str(path), "--plain"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        text=True,
        env=_env(),
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    assert proc.stdout is not None
    assert proc.stdout.readline().startswith("Long: 1 step")
    assert proc.stdout.readline() == "[00:00] Hold (0:30)\n"  # flushed at once
    time.sleep(1.2)
    proc.send_signal(signum)
    out, err = proc.communicate(timeout=10)
    assert proc.returncode == 130
    assert out.splitlines()[-1].startswith(
        "Stopped after 0:01 active: Long, 0 of 1 exercise done, 0 skipped, 1 stopped"
    )
    assert "Traceback" not in err
    [session] = _history()  # the stop reached the history: nothing lost
    assert session.status == "stopped"
    assert [(step.label, step.skipped) for step in session.steps] == [("Hold", True)]
    assert 0.2 < session.active_seconds < 5


def test_closed_output_stops_the_session_like_ctrl_c(tmp_path: Path) -> None:
    """``run --plain | head -1``: the reader goes away, the session ends stopped (exit 130)."""
    path = tmp_path / "long.yaml"
    path.write_text("name: Long\nprepare: 0\nsteps:\n  - {name: Hold, hold: 3}\n", encoding="utf-8")
    proc = subprocess.Popen(
        [sys.executable, "-m", "stretchtimer", "run", str(path), "--plain"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        env=_env(),
    )
    assert proc.stdout is not None and proc.stderr is not None
    assert proc.stdout.readline().startswith(b"Long: 1 step")
    proc.stdout.close()  # the next line (at the latest the tick at 1 s) finds no reader
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=20) == 130
    assert "Traceback" not in err and "BrokenPipe" not in err
    [session] = _history()
    assert session.status == "stopped"
    assert [(step.label, step.skipped) for step in session.steps] == [("Hold", True)]


def test_run_unknown_routine_says_so(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["run", "no-such-routine", "--plain"]) == 1
    err = capsys.readouterr().err
    assert "no-such-routine" in err and "Traceback" not in err


def test_run_invalid_file_lists_problems(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("name: Bad\nsteps:\n  - {name: A, hodl: 3}\n", encoding="utf-8")
    assert cli.main(["run", str(path), "--plain"]) == 1
    err = capsys.readouterr().err
    assert "bad.yaml:3" in err and "hold" in err


def test_run_rejects_bad_volume(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        cli.main(["run", "x", "--volume", "101"])
    assert exc.value.code == 2
    assert "0 to 100" in capsys.readouterr().err


def test_run_without_plain_opens_the_app(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import types

    calls: list[dict[str, object]] = []
    fake = types.ModuleType("stretchtimer.tui.app")

    def run_app(**kw: object) -> int:
        calls.append(kw)
        return 0

    fake.run_app = run_app  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "stretchtimer.tui.app", fake)
    monkeypatch.setattr("stretchtimer.tui.terminal.terminal_problem", lambda: None)  # a terminal
    path = tmp_path / "tiny.yaml"
    path.write_text(TINY, encoding="utf-8")
    assert cli.main(["run", str(path), "--no-sound", "--volume", "40"]) == 0
    assert calls and calls[0]["no_sound"] is True and calls[0]["volume"] == 40
    assert getattr(calls[0]["routine"], "name", None) == "Tiny"


def test_plus_and_minus_in_plain_mode() -> None:
    clock = FakeClock(0.0)
    lines, _summary = run(
        routine(HoldStep("Hold", 5.0), HoldStep("Next", 1.0)),
        clock,
        keys=FakeKeys(clock, (1.0, "plus"), (2.0, "minus"), (3.0, "minus")),
    )
    assert lines[1:] == [
        "[00:00] Hold (0:05)",
        "  10 s more: 0:14 left.",
        "  10 s less: 0:03 left.",
        "  2…",  # due at the moment of the second press: told first
        "[00:03] Next (0:01)",  # 10 s less than 4 s left: the part ends now
        "Done: Test, 0:04 active, 2 of 2 exercises done, 0 skipped, 0 stopped",
    ]


def test_keys_from_a_terminal_include_plus_and_minus() -> None:
    from stretchtimer.plain.keys import decode_keys
    from stretchtimer.session.actions import ACTION_OF_KEY, Action

    keys = decode_keys(b"+=-")
    assert [ACTION_OF_KEY[k] for k in keys] == [Action.MORE, Action.MORE, Action.LESS]


LONG_HOLDS = """\
name: Two long holds
prepare: 0
steps:
  - name: First
    hold: 30
  - name: Second
    hold: 30
"""


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pty")
def test_real_keys_in_a_terminal_and_the_terminal_restored(tmp_path: Path) -> None:
    path = tmp_path / "long.yaml"
    path.write_text(LONG_HOLDS, encoding="utf-8")
    master, slave = os.openpty()
    before = termios.tcgetattr(slave)
    assert before[3] & termios.ECHO
    proc = subprocess.Popen(
        [sys.executable, "-m", "stretchtimer", "run", str(path), "--plain", "--no-sound"],
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env=_env(),
        start_new_session=True,
    )
    try:
        seen = read_until(master, b"First (0:30)")
        assert b"Keys: Space pause/resume" in seen
        os.write(master, b"n")  # skip First
        seen = read_until(master, b"Second (0:30)")
        os.write(master, b" ")
        seen = read_until(master, b"Paused")
        os.write(master, b"q")
        seen = read_until(master, b"Stop the routine?")
        os.write(master, b"q")  # the same key again does not stop
        os.write(master, b"y")
        seen = read_until(master, b"Stopped after")
        assert proc.wait(timeout=10) == 130
        after = termios.tcgetattr(slave)
    finally:
        if proc.poll() is None:
            proc.kill()
        os.close(master)
        os.close(slave)
    assert after[3] & termios.ECHO and after[3] & termios.ICANON  # echo and lines are back
    assert b"qq" not in seen and b"0 of 2 exercises done, 1 skipped, 1 stopped" in seen
    [session] = _history()
    assert (session.status, session.steps_done, session.steps_skipped, session.steps_stopped) == (
        "stopped",
        0,
        1,
        1,
    )


def test_plain_and_full_screen_count_the_steps_of_the_file_alike() -> None:
    from stretchtimer.plain.lines import header_lines
    from stretchtimer.session.engine import SessionEngine
    from stretchtimer.tui.display import display_of

    desk = build_plan(
        Routine(
            id="desk",
            name="Desk break",
            prepare=0,
            rest=5,
            steps=(
                HoldStep("Calf stretch", 30, sides=("left", "right")),  # 2 exercises, 1 step
                RepsStep("Toe lifts", 10),
                RestStep(10),
                HoldStep("Neck roll", 20, sets=2),  # 2 exercises, 1 step
            ),
        )
    )
    assert desk.work_segments == 5 and desk.step_count == 4
    assert header_lines(desk)[0].startswith("Desk break: 4 steps, ")
    engine = SessionEngine(desk, FakeClock())
    engine.start()
    assert display_of(engine.view(), desk).position == "step 1 of 4"
    sided = build_plan(Routine(id="s", name="Sided", prepare=0, steps=desk.routine.steps[:1]))
    assert header_lines(sided)[0].startswith("Sided: 1 step, ")  # not 2: left and right
