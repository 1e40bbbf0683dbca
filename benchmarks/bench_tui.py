"""Benchmark the full-screen app from outside the process, in a real pseudo-terminal (80x24).

1. CPU while a hold runs: ``stretchtimer run`` on a routine with one 90 s hold (no prepare, no
   caution); after a warm-up, the process's CPU time (all threads, from
   /proc/PID/task/*/schedstat) is sampled over the measuring window and printed as percent of
   one core. The same is measured for the app paused, and for a variant that repaints on a
   fixed 0.1 s interval (the runner's scheduling patched from outside), to show what the
   boundary-driven wake-ups save.
2. Launch to first frame: time from spawning the process to the first screen output that shows
   the routine's name (run) or the title of the routines panel (home), against the time of
   ``python -c "import textual.app"``. Median of several runs.

Linux only (reads /proc). Run: ``python benchmarks/bench_tui.py [--seconds 12] [--runs 7]``.
"""

from __future__ import annotations

import argparse
import contextlib
import fcntl
import os
import select
import signal
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import threading
import time
from pathlib import Path

ROUTINE = """\
name: Benchhold
prepare: 0
steps:
  - name: Long hold
    hold: 90s
    cue: Breathe slowly.
"""

# Replace the runner's wake-at-the-next-boundary scheduling by a fixed 0.1 s interval.
INTERVAL_PATCH = """
from stretchtimer.tui import runner as _r
def _schedule(self):
    if self._timer is None:
        self._timer = self.set_interval(0.1, self.tick)
def _tick(self):
    self.forward(self.engine.poll())
    if not self._ended:
        self.render_display()
        self._schedule()
_r.RunnerScreen._schedule = _schedule
_r.RunnerScreen.tick = _tick
"""

LAUNCH = "import sys\n{patch}\nfrom stretchtimer.cli import main\nsys.exit(main(sys.argv[1:]))\n"

CLK_TCK = os.sysconf("SC_CLK_TCK")


class PtyProcess:
    """A child process attached to a fresh 80x24 pseudo-terminal, its output drained."""

    def __init__(self, argv: list[str], env: dict[str, str], marker: bytes | None = None):
        master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
        self.master = master
        self.marker = marker
        self.output = bytearray()
        self.first_frame: float | None = None
        self.first_frame_cpu: float | None = None
        self.started = time.perf_counter()
        self.proc = subprocess.Popen(
            argv, stdin=slave, stdout=slave, stderr=slave, env=env, close_fds=True,
            start_new_session=True,
        )
        os.close(slave)
        self._stop = False
        self._thread = threading.Thread(target=self._drain, daemon=True)
        self._thread.start()

    def _drain(self) -> None:
        while not self._stop:
            ready, _, _ = select.select([self.master], [], [], 0.05)
            if not ready:
                continue
            try:
                data = os.read(self.master, 65536)
            except OSError:
                return
            if not data:
                return
            self.output += data
            if (
                self.first_frame is None
                and self.marker is not None
                and self.marker in self.output
            ):
                self.first_frame = time.perf_counter() - self.started
                with contextlib.suppress(OSError):
                    self.first_frame_cpu = self.cpu_seconds()

    def wait_for_frame(self, timeout: float = 10.0) -> float:
        deadline = time.perf_counter() + timeout
        while self.first_frame is None and time.perf_counter() < deadline:
            time.sleep(0.002)
        if self.first_frame is None:
            raise RuntimeError(f"no first frame; output so far: {bytes(self.output[-400:])!r}")
        return self.first_frame

    def send(self, data: bytes) -> None:
        os.write(self.master, data)

    def cpu_seconds(self) -> float:
        """Return the CPU time of all the process's threads.

        /proc/PID/task/*/schedstat counts nanoseconds on the CPU; utime and stime in
        /proc/PID/stat are sampled at the clock tick (10 ms here), too coarse for a process that
        wakes for a fraction of a millisecond a few times a second. Falls back to them.
        """
        total = 0
        try:
            for task in Path(f"/proc/{self.proc.pid}/task").iterdir():
                total += int((task / "schedstat").read_text().split()[0])
            return total / 1e9
        except (OSError, ValueError, IndexError):
            fields = Path(f"/proc/{self.proc.pid}/stat").read_text().rsplit(")", 1)[1].split()
            return (int(fields[11]) + int(fields[12])) / CLK_TCK

    def close(self) -> int | None:
        if self.proc.poll() is None:
            self.send(b"\x03")  # Ctrl+C: stop and quit
            try:
                self.proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()
        self._stop = True
        self._thread.join(timeout=1)
        os.close(self.master)
        return self.proc.returncode


def cpu_percent(proc: PtyProcess, seconds: float) -> float:
    wall0, cpu0 = time.perf_counter(), proc.cpu_seconds()
    time.sleep(seconds)
    wall1, cpu1 = time.perf_counter(), proc.cpu_seconds()
    return 100.0 * (cpu1 - cpu0) / (wall1 - wall0)


def measure_cpu(
    env: dict[str, str], routine: Path, seconds: float, patch: str = ""
) -> dict[str, float]:
    argv = [sys.executable, "-c", LAUNCH.format(patch=patch), "run", str(routine), "--no-sound"]
    proc = PtyProcess(argv, env, marker=b"Benchhold")
    try:
        proc.wait_for_frame()
        time.sleep(2.0)  # warm-up: first paints, imports done
        running = cpu_percent(proc, seconds)
        proc.send(b" ")  # pause
        time.sleep(0.5)
        paused = cpu_percent(proc, min(seconds, 10.0))
    finally:
        proc.close()
    return {"running": running, "paused": paused}


def time_import_textual(env: dict[str, str]) -> tuple[float, float]:
    """Return wall and CPU seconds of ``python -c "import textual.app"``."""
    before = os.times()
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", "import textual.app"], env=env, check=True)
    wall = time.perf_counter() - start
    after = os.times()
    cpu = (after.children_user - before.children_user) + (
        after.children_system - before.children_system
    )
    return wall, cpu


def time_first_frame(env: dict[str, str], args: list[str], marker: bytes) -> tuple[float, float]:
    """Return wall and CPU seconds from spawning the app to its first frame."""
    proc = PtyProcess([sys.executable, "-m", "stretchtimer", *args], env, marker=marker)
    try:
        wall = proc.wait_for_frame()
        return wall, proc.first_frame_cpu or float("nan")
    finally:
        proc.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=12.0, help="CPU sampling window (>= 10)")
    parser.add_argument("--runs", type=int, default=7, help="launches per first-frame figure")
    args = parser.parse_args()
    if not Path("/proc/self/stat").exists():
        print("this benchmark needs Linux /proc", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory() as tmp:
        routine = Path(tmp) / "bench.yaml"
        routine.write_text(ROUTINE, encoding="utf-8")
        env = {
            **os.environ,
            "TERM": "xterm-256color",
            "COLORTERM": "truecolor",
            "STRETCHTIMER_CONFIG_DIR": str(Path(tmp) / "config"),
            "STRETCHTIMER_DATA_DIR": str(Path(tmp) / "data"),
            "STRETCHTIMER_SOUND": "off",
        }
        env.pop("NO_COLOR", None)
        env.pop("TEXTUAL", None)

        print(f"CPU while a 90 s hold runs (80x24 pty, {args.seconds:.0f} s window, % of one core)")
        boundary = measure_cpu(env, routine, args.seconds)
        interval = measure_cpu(env, routine, args.seconds, patch=INTERVAL_PATCH)
        print(f"  {'scheduling':<44} {'running':>8} {'paused':>8}")
        print(f"  {'wake at next second/event (shipped)':<44} "
              f"{boundary['running']:>7.2f}% {boundary['paused']:>7.2f}%")
        print(f"  {'fixed 0.1 s interval (for comparison)':<44} "
              f"{interval['running']:>7.2f}% {interval['paused']:>7.2f}%")
        print("  target: < 1% while a hold runs (termdown: about 1.2%)")
        print()

        imports: list[tuple[float, float]] = []
        run_frames: list[tuple[float, float]] = []
        home_frames: list[tuple[float, float]] = []
        for _ in range(args.runs):  # interleaved, so a busy moment hits all three alike
            imports.append(time_import_textual(env))
            run_frames.append(
                time_first_frame(env, ["run", str(routine), "--no-sound"], b"Benchhold")
            )
            home_frames.append(time_first_frame(env, [], b"Routines"))
        print(f"Launch to first frame ({args.runs} launches each, ms; CPU = all threads)")
        print(f"  {'':<34} {'wall med':>8} {'wall min':>8} {'CPU med':>8} {'CPU +':>6}")
        base_cpu = statistics.median(c for _, c in imports)
        rows = (('python -c "import textual.app"', imports),
                ("stretchtimer run ROUTINE", run_frames),
                ("stretchtimer (home)", home_frames))
        for label, values in rows:
            walls = [w for w, _ in values]
            cpu = statistics.median(c for _, c in values)
            extra = "" if values is imports else f"{(cpu - base_cpu) * 1000:>+6.0f}"
            print(f"  {label:<34} {statistics.median(walls) * 1000:>8.0f} "
                  f"{min(walls) * 1000:>8.0f} {cpu * 1000:>8.0f} {extra}")
        print("  target: first frame within 100 ms of textual's own import cost")
    return 0


if __name__ == "__main__":
    sys.exit(main())
