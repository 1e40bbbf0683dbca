"""The full-screen app needs a terminal, and ends (session stopped) when its terminal goes away."""

from __future__ import annotations

import os
import pty
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from pty_support import read_until
from stretchtimer.tui.terminal import EndGuard, terminal_problem

REPO = Path(__file__).resolve().parents[1]
LONG = "name: Long\nprepare: 0\nsteps:\n  - {name: Hold on, hold: 60}\n"
EXIT_BOUND = 15.0  # seconds a launch may take to end once its terminal is gone


def _env(data: Path) -> dict[str, str]:
    return {
        **os.environ,
        "PYTHONPATH": str(REPO / "src"),
        "TERM": "xterm-256color",
        "STRETCHTIMER_DATA_DIR": str(data),
        "STRETCHTIMER_SOUND": "off",
    }


def _statuses(data: Path) -> list[str]:
    db = data / "history.sqlite3"
    if not db.exists():
        return []
    with sqlite3.connect(db) as conn:
        return [row[0] for row in conn.execute("SELECT status FROM sessions")]


# ---------------------------------------------------------------------------- needs a terminal


def test_terminal_problem_names_what_is_not_a_terminal(tmp_path: Path) -> None:
    leader, follower = pty.openpty()
    with open(tmp_path / "f", "w") as plain:
        try:
            assert terminal_problem(follower, follower) is None
            assert "standard output is not one" in str(terminal_problem(follower, plain.fileno()))
            assert "standard input is not one" in str(terminal_problem(plain.fileno(), follower))
            assert "input and output are not one" in str(
                terminal_problem(plain.fileno(), plain.fileno())
            )
            assert terminal_problem(-1, follower) is not None
        finally:
            os.close(leader)
            os.close(follower)


@pytest.mark.parametrize("argv", [["run", "LONG"], []])
@pytest.mark.parametrize("which", ["stdin", "stdout"])
def test_without_a_terminal_the_app_says_so_and_exits_2_at_once(
    tmp_path: Path, argv: list[str], which: str
) -> None:
    routine = tmp_path / "long.yaml"
    routine.write_text(LONG, encoding="utf-8")
    argv = [str(routine) if arg == "LONG" else arg for arg in argv]
    leader, follower = pty.openpty()
    try:
        streams = {"stdin": follower, "stdout": follower}
        streams[which] = subprocess.DEVNULL
        start = time.monotonic()
        proc = subprocess.run(
            [sys.executable, "-m", "stretchtimer", *argv],
            env=_env(tmp_path / "data"),
            stdin=streams["stdin"],
            stdout=streams["stdout"],
            stderr=subprocess.PIPE,
            timeout=20,
            check=False,
        )
        took = time.monotonic() - start
    finally:
        os.close(leader)
        os.close(follower)
    assert proc.returncode == 2
    message = proc.stderr.decode()
    assert f"standard {which[3:]}put is not one" in message
    assert "--plain" in message
    assert "Traceback" not in message
    assert took < 10
    assert not (tmp_path / "data").exists()  # nothing was started


# ---------------------------------------------------------------------------- terminal closed


def _launch_in_pty(routine: Path, data: Path, controlling: bool) -> tuple[int, int]:
    """Start ``stretchtimer run`` in a new pty; return (pid, master fd).

    With ``controlling`` the pty is the process's controlling terminal (as in a terminal
    window: closing it sends SIGHUP); else the process has none (closing it sends nothing).
    """
    argv = [sys.executable, "-m", "stretchtimer", "run", str(routine)]
    env = _env(data)
    if controlling:
        pid, leader = pty.fork()
        if pid == 0:  # the child: exec at once
            try:
                signal.signal(signal.SIGINT, signal.SIG_DFL)
                os.execve(sys.executable, argv, env)
            finally:
                os._exit(127)
        return pid, leader
    leader, follower = pty.openpty()
    proc = subprocess.Popen(
        argv,
        stdin=follower,
        stdout=follower,
        stderr=follower,
        env=env,
        start_new_session=True,
        close_fds=True,
    )
    os.close(follower)
    return proc.pid, leader


def _wait_exit(pid: int, bound: float) -> int | None:
    deadline = time.monotonic() + bound
    while time.monotonic() < deadline:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            return os.waitstatus_to_exitcode(status)
        time.sleep(0.05)
    return None


Close = Callable[[int], None]


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pty")
@pytest.mark.parametrize(
    ("when", "controlling"),
    # in its first second, and once the session shows; with and without a controlling terminal
    [(0.4, True), ("shown", True), (0.9, True), ("shown", False), (0.9, False)],
)
def test_closing_the_terminal_ends_the_app_and_stops_the_session(
    tmp_path: Path, when: float | str, controlling: bool
) -> None:
    routine = tmp_path / "long.yaml"
    routine.write_text(LONG, encoding="utf-8")
    data = tmp_path / "data"
    pid, leader = _launch_in_pty(routine, data, controlling)
    start = time.monotonic()
    try:
        if when == "shown":
            assert b"Hold on" in read_until(leader, b"Hold on", 30)
        else:
            read_until(leader, b"\x00never", float(str(when)))
    finally:
        os.close(leader)
    code = _wait_exit(pid, EXIT_BOUND)
    took = time.monotonic() - start
    if code is None:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
    assert code is not None, f"({when}, controlling={controlling}) hung"
    statuses = _statuses(data)
    if when == "shown":
        assert statuses == ["stopped"], statuses
    else:  # closed so early the session may not have begun: never left running
        assert statuses in ([], ["stopped"]), statuses
    assert code in (130, -signal.SIGHUP), code
    assert took < EXIT_BOUND + 30


# ---------------------------------------------------------------------------- the guard alone


class FakeApp:
    def __init__(self, loop_runs: bool) -> None:
        self.loop_runs = loop_runs
        self.calls: list[str] = []

    def call_threadsafe(self, callback: Callable[[], object]) -> bool:
        if self.loop_runs:
            threading.Thread(target=callback).start()
        return self.loop_runs

    def stop_sessions(self) -> None:
        self.calls.append("stop")

    def wait_for_history(self, timeout: float) -> None:
        self.calls.append("history")

    def end_now(self) -> None:
        self.calls.append("end_now")


@pytest.mark.parametrize("loop_runs", [True, False])
def test_the_guard_stops_writes_history_then_ends_the_process(loop_runs: bool) -> None:
    app = FakeApp(loop_runs)
    exited = threading.Event()
    codes: list[int] = []

    def exit_process(code: int) -> None:
        codes.append(code)
        exited.set()

    guard = EndGuard(app, fds=(), exit_process=exit_process, stop_wait=0.2, exit_wait=0.0)
    guard.trigger()
    guard.trigger()  # a second signal changes nothing
    assert exited.wait(5)
    assert codes == [130]
    if loop_runs:  # the event loop stopped the session and exited
        assert app.calls == ["end_now", "history"]
    else:  # the loop is stuck: the guard stopped the session itself
        assert app.calls == ["stop", "history"]


def test_a_terminal_that_cannot_show_utf8_is_refused_with_exit_2(tmp_path: Path) -> None:
    leader, follower = pty.openpty()
    try:
        proc = subprocess.run(
            [sys.executable, "-m", "stretchtimer"],
            env={**_env(tmp_path / "data"), "PYTHONIOENCODING": "ascii"},
            stdin=follower,
            stdout=follower,
            stderr=subprocess.PIPE,
            timeout=20,
            check=False,
        )
    finally:
        os.close(leader)
        os.close(follower)
    assert proc.returncode == 2
    message = proc.stderr.decode()
    assert "needs a terminal that shows UTF-8" in message
    assert "character set is ascii" in message
    assert "--plain" in message
