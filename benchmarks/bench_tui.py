"""Benchmark the full-screen app from outside the process, in real pseudo-terminals.

1. Launch to the first *complete* frame, against ``python -c "import textual.app"`` launched
   in the same run (interleaved, median of several launches):
   - home: every built-in routine listed and the footer's keys shown (not the "reading
     routines…" placeholder);
   - ``run ROUTINE``: the step's name, its cue, the progress row and the footer's keys.
   Target: within 100 ms of the import.
2. CPU while a hold runs, at 80x24 and 200x60: ``stretchtimer run`` on a routine with one long
   hold, a bare Textual app that repaints the runner's clock once a second, an empty Textual
   app (idle: the floor of any Textual app) and termdown counting down, all at once (each in
   its own terminal, so the same moment of a busy machine hits all alike). The CPU time of
   every thread (from /proc/PID/task/*/schedstat) over each window, as percent of one core,
   and the bytes written to the terminal per second; medians over the windows. Targets:
   <= 0.6x termdown and <= 1.05x the bare clock. termdown is not a dependency: install it anywhere
   (``python3 -m venv /tmp/td && /tmp/td/bin/pip install termdown``) and pass
   ``--termdown /tmp/td/bin/termdown`` or put it on the PATH; without it that comparison is
   skipped with a message.

Prints ``FIGURE`` lines for ``run.py`` (see ``figures.py``). Linux only (reads /proc).
Run: ``python benchmarks/bench_tui.py [--runs 7] [--seconds 6] [--windows 5] [--termdown PATH]``.
"""

from __future__ import annotations

import argparse
import contextlib
import fcntl
import os
import select
import shutil
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

from figures import Figure, emit

ROOT = Path(__file__).resolve().parent.parent

ROUTINE = """\
name: Benchhold
prepare: 0
steps:
  - name: Long hold
    hold: 10m
    cue: Breathe slowly.
"""
RUN_MARKERS = (b"Long hold", b"Breathe slowly.", b" left", b"Stop")

BARE_CLOCK = """\
import time
from textual.app import App, ComposeResult
from textual.containers import Center, Middle
from textual.widgets import Label, Static

from stretchtimer.tui.widgets.blockfont import render  # the runner's font: the same size


class Clock(App[None]):
    CSS = "Static, Label { width: auto; }"

    def compose(self) -> ComposeResult:
        with Middle():
            with Center():
                yield Label("Long hold")
            with Center():
                yield Static(id="clock")

    def on_mount(self) -> None:
        self.scale = 2 if self.size.height >= 40 else 1  # as the runner's clock
        self.end = time.monotonic() + 600
        self.clock = self.query_one("#clock", Static)
        self.clock.update(self.drawing())  # sized by one layout pass
        self.set_interval(1.0, self.tick)

    def drawing(self) -> str:
        left = max(0, round(self.end - time.monotonic()))
        return "\\n".join(render(f"{left // 60:02d}:{left % 60:02d}", self.scale))

    def tick(self) -> None:
        # the size never changes: repainted in place, no layout pass (as Textual's Digits)
        self.clock.update(self.drawing(), layout=False)


Clock().run()
"""
"""A bare Textual app that repaints a block-letter clock once a second: the floor for the
runner. The clock is the runner's, drawn by the same font at the same scale (34x5 cells at
80x24, 68x10 on a large terminal), repainted in place like Textual's own ``Digits`` widget."""

EMPTY_APP = "from textual.app import App\n\nApp().run()\n"
"""An empty Textual app, idle: what any Textual app costs with nothing to draw (the input
thread's polling), to show where the floor is."""

CLK_TCK = os.sysconf("SC_CLK_TCK")


class PtyProcess:
    """A child process attached to a fresh pseudo-terminal, its output drained and counted.

    Args:
        argv: the command.
        env: its environment.
        markers: byte strings that together mean "the frame is complete".
        size: (columns, rows) of the terminal.
    """

    def __init__(
        self,
        argv: list[str],
        env: dict[str, str],
        markers: tuple[bytes, ...] = (),
        size: tuple[int, int] = (80, 24),
    ) -> None:
        master, slave = os.openpty()
        cols, rows = size
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
        self.master = master
        self.markers = markers
        self.output = bytearray()
        self.count = 0
        self.frame_at: float | None = None
        self.frame_cpu: float | None = None
        self._seen: set[bytes] = set()
        self.started = time.perf_counter()
        self.proc = subprocess.Popen(
            argv,
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env=env,
            close_fds=True,
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
            self.count += len(data)
            if self.frame_at is None and self.markers:
                self.output += data
                self._seen.update(m for m in self.markers if m in self.output)
                if len(self._seen) == len(self.markers):
                    seen_at = time.perf_counter() - self.started
                    with contextlib.suppress(OSError, ValueError, IndexError):
                        self.frame_cpu = self.cpu_seconds(ended=True)
                    self.frame_at = seen_at  # last: wait_for_frame() returns once it is set
                    self.output.clear()

    def wait_for_frame(self, timeout: float = 15.0) -> float:
        """Return the seconds from spawning to the complete frame."""
        deadline = time.perf_counter() + timeout
        while self.frame_at is None and time.perf_counter() < deadline:
            time.sleep(0.001)
        if self.frame_at is None:
            missing = [m for m in self.markers if m not in self._seen]
            raise RuntimeError(
                f"no complete frame (missing {missing}); output so far: "
                f"{bytes(self.output[-400:])!r}"
            )
        return self.frame_at

    def send(self, data: bytes) -> None:
        """Type ``data`` into the terminal."""
        os.write(self.master, data)

    def cpu_seconds(self, *, ended: bool = False) -> float:
        """Return the CPU time of the process's threads.

        /proc/PID/task/*/schedstat counts nanoseconds on the CPU, but only of the threads alive
        now; utime and stime (in /proc/PID/stat for the process, the ended threads included,
        and in /proc/PID/task/*/stat per thread) are sampled at the clock tick, too coarse for
        a process that wakes for a fraction of a millisecond a few times a second, and the two
        are not sampled at the same instant. So the live threads are counted finely, and with
        ``ended`` (a launch's first frame, which the routine reader may have used and left) the
        ended ones in ticks: what the process counts beyond its live threads. Over a window of
        a hold, no thread ends, and the fine count alone is steady.
        """
        fine = ticks_alive = 0.0
        try:
            for task in Path(f"/proc/{self.proc.pid}/task").iterdir():
                with contextlib.suppress(FileNotFoundError):  # a thread that just ended
                    ticks = _ticks(task / "stat") if ended else 0.0
                    fine += int((task / "schedstat").read_text().split()[0]) / 1e9
                    ticks_alive += ticks
        except (OSError, ValueError, IndexError):
            return _ticks(Path(f"/proc/{self.proc.pid}/stat"))
        if not ended:
            return fine
        return fine + max(_ticks(Path(f"/proc/{self.proc.pid}/stat")) - ticks_alive, 0.0)

    def close(self, keys: bytes = b"\x03") -> None:
        """Quit (``keys``, Ctrl+C by default), then kill whatever is left."""
        if self.proc.poll() is None:
            with contextlib.suppress(OSError):
                self.send(keys)
            try:
                self.proc.wait(timeout=3)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()
        self._stop = True
        self._thread.join(timeout=1)
        os.close(self.master)


def _ticks(stat: Path) -> float:
    """Return the user and system seconds of a /proc ``stat`` file (in clock ticks)."""
    fields = stat.read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLK_TCK


def bench_env(tmp: Path) -> dict[str, str]:
    """Return the environment of every program measured: its own config and data folders.

    Python keeps the compiled bytecode of what it loads, as for any user (pip compiles a
    package as it installs it; Python writes the bytecode of a module on its first import):
    without it (``PYTHONDONTWRITEBYTECODE`` inherited from the shell) the app's own modules
    would be compiled from source at every launch, while textual's, the floor's, are not.
    """
    env = {
        **os.environ,
        "TERM": "xterm-256color",
        "COLORTERM": "truecolor",
        "STRETCHTIMER_CONFIG_DIR": str(tmp / "config"),
        "STRETCHTIMER_DATA_DIR": str(tmp / "data"),
        "STRETCHTIMER_CACHE_DIR": str(tmp / "cache"),
        "STRETCHTIMER_SOUND": "off",
    }
    for name in ("NO_COLOR", "TEXTUAL", "TEXTUAL_DEBUG", "PYTHONDONTWRITEBYTECODE"):
        env.pop(name, None)
    return env


def home_markers() -> tuple[bytes, ...]:
    """Return what the complete home frame shows: each built-in routine and a footer key.

    A routine is its name (the start of it, as a narrow list cuts it) and its total time, which
    only its row of the list shows (a name alone may also be a footer key's: "Cramp relief").
    ``Reload`` is the footer's: its keys arrive together, and at 80 columns the last ones are
    cut off.
    """
    from stretchtimer.commands._common import total_text
    from stretchtimer.routines.library import read_entry
    from stretchtimer.session.plan import build_plan

    marks: list[bytes] = []
    for path in sorted((ROOT / "routines").glob("*.yaml")):
        routine = read_entry(path, "built-in").routine
        if routine is not None:
            marks += [routine.name[:14].encode(), total_text(build_plan(routine)).encode()]
    return (*marks, b"Reload")


def time_import(env: dict[str, str]) -> tuple[float, float]:
    """Return the wall and CPU seconds of ``python -c "import textual.app"``."""
    before = os.times()
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", "import textual.app"], env=env, check=True)
    wall = time.perf_counter() - start
    after = os.times()
    cpu = (after.children_user - before.children_user) + (
        after.children_system - before.children_system
    )
    return wall, cpu


def time_frame(
    env: dict[str, str], args: list[str], markers: tuple[bytes, ...]
) -> tuple[float, float]:
    """Return the wall and CPU seconds from spawning the app to its complete first frame."""
    proc = PtyProcess([sys.executable, "-m", "stretchtimer", *args], env, markers)
    try:
        wall = proc.wait_for_frame()
        return wall, proc.frame_cpu if proc.frame_cpu is not None else float("nan")
    finally:
        proc.close()


def first_frames(env: dict[str, str], routine: Path, runs: int) -> list[Figure]:
    """Measure both complete first frames against the import of textual.app."""
    imports: list[tuple[float, float]] = []
    home: list[tuple[float, float]] = []
    run: list[tuple[float, float]] = []
    home_marks = home_markers()
    # warm the file cache, any routine cache and the bytecode of both paths, once
    time_frame(env, [], home_marks)
    time_frame(env, ["run", str(routine), "--no-sound"], RUN_MARKERS)
    for _ in range(runs):  # interleaved, so a busy moment hits all three alike
        imports.append(time_import(env))
        home.append(time_frame(env, [], home_marks))
        run.append(time_frame(env, ["run", str(routine), "--no-sound"], RUN_MARKERS))
    base = statistics.median(w for w, _ in imports) * 1000
    base_cpu = statistics.median(c for _, c in imports) * 1000
    print(
        f"Launch to the complete first frame ({runs} launches each, ms: wall median / min, "
        "CPU median)"
    )
    print(
        f'  python -c "import textual.app"      {base:6.0f} / '
        f"{min(w for w, _ in imports) * 1000:6.0f}   CPU {base_cpu:6.0f}"
    )
    figures = []
    for label, what, values in (
        ("stretchtimer (home)", "home screen complete (routines listed, keys shown)", home),
        ("stretchtimer run ROUTINE", "`run ROUTINE` first complete frame", run),
    ):
        med = statistics.median(w for w, _ in values) * 1000
        cpu = statistics.median(c for _, c in values) * 1000
        print(
            f"  {label:<36}{med:6.0f} / {min(w for w, _ in values) * 1000:6.0f}   "
            f"CPU {cpu:6.0f}   (wall +{med - base:.0f}, CPU +{cpu - base_cpu:.0f})"
        )
        figures.append(
            Figure(
                what=what,
                result=med,
                unit="ms",
                peer="`import textual.app`",
                peer_result=base,
                target="<= import + 100 ms",
                ok=med - base <= 100,
                note=f"import + {med - base:.0f} ms; CPU: import + {cpu - base_cpu:.0f} ms",
            )
        )
    return figures


def cpu_at(
    size: tuple[int, int],
    env: dict[str, str],
    routine: Path,
    termdown: str | None,
    seconds: float,
    windows: int,
    bare: Path,
    empty: Path,
) -> list[Figure]:
    """Measure the runner, the bare clock, an empty Textual app and termdown at once."""
    programs: dict[str, tuple[list[str], tuple[bytes, ...], bytes]] = {
        "runner": (
            [sys.executable, "-m", "stretchtimer", "run", str(routine), "--no-sound"],
            RUN_MARKERS,
            b"\x03",
        ),
        "bare": ([sys.executable, str(bare)], (b"Long hold",), b"\x11"),
        "empty": ([sys.executable, str(empty)], (), b"\x11"),
    }
    if termdown:
        programs["termdown"] = ([termdown, "10m"], (), b"q")
    procs = {
        name: PtyProcess(argv, env, marks, size) for name, (argv, marks, _) in programs.items()
    }
    cpu: dict[str, list[float]] = {name: [] for name in procs}
    rate: dict[str, list[float]] = {name: [] for name in procs}
    try:
        for proc in procs.values():
            if proc.markers:
                proc.wait_for_frame()
        time.sleep(2.5)  # warm-up: first paints done, imports done
        for _ in range(windows):
            before = {n: (p.cpu_seconds(), p.count) for n, p in procs.items()}
            wall0 = time.perf_counter()
            time.sleep(seconds)
            wall = time.perf_counter() - wall0
            for n, p in procs.items():
                c0, b0 = before[n]
                cpu[n].append(100.0 * (p.cpu_seconds() - c0) / wall)
                rate[n].append((p.count - b0) / wall)
            for n, p in procs.items():
                if p.proc.poll() is not None:
                    raise RuntimeError(f"{n} exited early with {p.proc.returncode}")
    finally:
        for name, proc in procs.items():
            proc.close(programs[name][2])
    med = {n: statistics.median(v) for n, v in cpu.items()}
    bps = {n: statistics.median(v) for n, v in rate.items()}
    cols, rows = size
    where = f"{cols}x{rows}"
    print(
        f"CPU while a hold runs, {where} ({windows} windows of {seconds:g} s, % of one core; "
        "bytes/s to the terminal)"
    )
    for n in procs:
        print(
            f"  {n:<10} {med[n]:6.2f}%   {bps[n]:7.0f} B/s   windows: "
            + ", ".join(f"{v:.2f}" for v in cpu[n])
        )
    figures = [
        Figure(
            what=f"CPU while a hold runs, {where}, vs a bare Textual 1 Hz clock",
            result=med["runner"],
            unit="%",
            peer="bare Textual clock",
            peer_result=med["bare"],
            target="<= 1.05x",
            ok=med["runner"] <= 1.05 * med["bare"],
            note=f"{bps['runner']:.0f} B/s; bare clock {bps['bare']:.0f} B/s",
        )
    ]
    if "termdown" in med:
        figures.append(
            Figure(
                what=f"CPU while a hold runs, {where}, vs termdown",
                result=med["runner"],
                unit="%",
                peer="termdown",
                peer_result=med["termdown"],
                target="<= 0.6x",
                ok=med["runner"] <= 0.6 * med["termdown"],
                note=(
                    f"termdown {bps['termdown']:.0f} B/s; an empty Textual app idles at "
                    f"{med['empty']:.2f}%"
                ),
            )
        )
    return figures


def find_termdown(given: str | None) -> str | None:
    """Return the termdown command to compare with, or None (with a message) when missing."""
    found = given or os.environ.get("TERMDOWN") or shutil.which("termdown")
    if found and Path(found).exists():
        return found
    print(
        "termdown not found: the comparison with termdown is skipped. Install it "
        "(python3 -m venv /tmp/td && /tmp/td/bin/pip install termdown) and pass "
        "--termdown /tmp/td/bin/termdown, or put it on the PATH."
    )
    return None


def main() -> int:
    """Measure and print; return the exit code."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="launches per first-frame figure")
    parser.add_argument("--seconds", type=float, default=6.0, help="length of one CPU window")
    parser.add_argument("--windows", type=int, default=5, help="CPU windows per terminal size")
    parser.add_argument("--termdown", help="the termdown command (default: found on the PATH)")
    parser.add_argument("--no-cpu", action="store_true", help="only the first frames")
    parser.add_argument("--no-frames", action="store_true", help="only the CPU figures")
    args = parser.parse_args()
    if not Path("/proc/self/stat").exists():
        print("this benchmark needs Linux /proc", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory(prefix="stretchtimer-bench-") as name:
        tmp = Path(name)
        routine = tmp / "bench.yaml"
        routine.write_text(ROUTINE, encoding="utf-8")
        bare = tmp / "bare_clock.py"
        bare.write_text(BARE_CLOCK, encoding="utf-8")
        empty = tmp / "empty_app.py"
        empty.write_text(EMPTY_APP, encoding="utf-8")
        env = bench_env(tmp)
        figures: list[Figure] = []
        if not args.no_frames:
            figures += first_frames(env, routine, args.runs)
        if not args.no_cpu:
            termdown = find_termdown(args.termdown)
            for size in ((80, 24), (200, 60)):
                figures += cpu_at(
                    size, env, routine, termdown, args.seconds, args.windows, bare, empty
                )
        emit(*figures)
    return 0


if __name__ == "__main__":
    sys.exit(main())
