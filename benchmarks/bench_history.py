"""Benchmark the history at scale: 100,000 sessions (about a million step rows).

Seeds a temporary database spread over about three years, then measures, each next to its
floor from the same run:

- ``stretchtimer history --json`` as a whole process, its output read from a pipe as it comes
  (CPU time of the process, wall time, time to the first byte, peak memory), against
  ``python -c pass``; target <= 5 s of CPU and streaming: the first byte within 0.5 s and
  the peak memory under a quarter of the output's size;
- the history screen: the app launched in a pseudo-terminal (80x24) on its home screen, then
  from the key ``h`` until the terminal has received the complete history screen (the calendar
  and the chart drawn from the history, the per-routine panel filled, the footer's keys), the
  first time in a fresh app (imports included), on this history and on an empty one;
  target <= 1.1x the empty one and under 300 ms;
- ``stretchtimer history`` (the summary) and the streak computation, for reference.

Prints ``FIGURE`` lines for ``run.py`` (see ``figures.py``).
Run: ``python benchmarks/bench_history.py [--sessions N] [--runs N] [--no-screen]``.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

from bench_tui import PtyProcess, bench_env, home_markers
from figures import Figure, emit

from stretchtimer.history import stats
from stretchtimer.history.store import HistoryStore

ROUTINES = [
    ("leg-cramps", "Leg cramp prevention", 12),
    ("morning", "Morning mobility", 9),
    ("desk", "Desk break", 6),
    ("evening", "Evening wind-down", 10),
    ("hamstrings", "Hamstring flexibility", 14),
]
STEP_LABELS = [
    "Get ready",
    "Wall calf stretch",
    "Switch sides",
    "Rest",
    "Toe lifts",
    "Seated hamstring stretch",
    "Ankle circles",
]


def seed(path: Path, sessions: int, today: date, years: float = 3.0) -> int:
    """Fill ``path`` with ``sessions`` sessions ending ``today``; return the step rows written."""
    rng = random.Random(42)
    HistoryStore(path).open()  # create the schema through the real migrations
    import sqlite3

    db = sqlite3.connect(path, isolation_level=None)
    days = int(365 * years)
    tz = timezone(timedelta(hours=1))
    session_rows = []
    step_rows = []
    first_day = today - timedelta(days=days - 1)
    skipped_days = {d for d in range(days) if rng.random() < 0.08}
    usable = [d for d in range(days) if d not in skipped_days]
    starts = sorted(
        datetime.combine(
            first_day + timedelta(days=usable[n * len(usable) // sessions]), datetime.min.time(), tz
        )
        + timedelta(minutes=6 * 60 + rng.randrange(0, 16 * 60))
        for n in range(sessions)
    )  # ids follow time, as when sessions are recorded live
    for sid, start in enumerate(starts, start=1):
        rid, name, total = ROUTINES[rng.randrange(len(ROUTINES))]
        roll = rng.random()
        status = "completed" if roll < 0.85 else "stopped" if roll < 0.96 else "interrupted"
        n_steps = total if status == "completed" else rng.randrange(1, total)
        active = 0.0
        done = 0
        for seq in range(1, n_steps + 1):
            planned = float(rng.choice((5, 30, 60)))
            skipped = rng.random() < 0.05
            actual = planned * (0.3 if skipped else 1.0)
            active += actual
            done += not skipped
            step_rows.append(
                (
                    sid,
                    seq,
                    seq - 1,
                    "hold",
                    STEP_LABELS[seq % len(STEP_LABELS)],
                    ("left", "right", None)[seq % 3],
                    1,
                    planned,
                    actual,
                    int(skipped),
                )
            )
        end = (start + timedelta(seconds=active)).isoformat(timespec="seconds")
        session_rows.append(
            (
                sid,
                rid,
                name,
                start.isoformat(timespec="seconds"),
                end,
                end,
                status,
                active,
                done,
                total,
                1,
                "bench|x|1",
                rng.random() * 20,
            )
        )
    db.execute("BEGIN")
    db.executemany(
        "INSERT INTO sessions (id, routine_id, routine_name, started_at, ended_at, updated_at,"
        " status, active_seconds, steps_done, steps_total, owner_pid, owner_mark,"
        " paused_seconds) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
        session_rows,
    )
    db.executemany(
        "INSERT INTO steps (session_id, seq, segment_index, kind, label, side, set_number,"
        " planned, actual, skipped) VALUES (?,?,?,?,?,?,?,?,?,?)",
        step_rows,
    )
    db.execute("COMMIT")
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    return len(step_rows)


def timed_runs(cmd: list[str], env: dict[str, str], runs: int) -> list[float]:
    """Return the wall times (ms) of ``runs`` runs of ``cmd`` (after one warm-up run)."""
    subprocess.run(cmd, env=env, capture_output=True, check=True)
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        subprocess.run(cmd, env=env, capture_output=True, check=True)
        times.append((time.perf_counter() - t0) * 1000)
    return times


FIRST_BYTE = 0.5
"""Seconds within which a streaming export's first byte comes."""


def peak_memory(pid: int) -> int:
    """Return a running process's peak resident memory so far, in bytes (0 once it is gone).

    From /proc (VmHWM), not the rusage of the reaped child: that counts the memory of the
    process it was forked from (this one, which holds the seeded rows).
    """
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return 0


def export_run(cmd: list[str], env: dict[str, str]) -> tuple[float, float, float, int, int]:
    """Run ``cmd``, reading its output from a pipe as it comes.

    Returns (CPU s of the process, wall s, s to the first byte, bytes, peak memory in bytes).
    """
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE)
    assert proc.stdout is not None
    first = float("nan")
    size = peak = 0
    sampled = 0.0
    while chunk := proc.stdout.read1(1 << 16):  # type: ignore[attr-defined]
        now = time.perf_counter()
        if not size:
            first = now - t0
        size += len(chunk)
        if now - sampled > 0.01:
            peak, sampled = max(peak, peak_memory(proc.pid)), now
    peak = max(peak, peak_memory(proc.pid))
    _, status, usage = os.wait4(proc.pid, 0)  # this child's own CPU time
    wall = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise RuntimeError(f"{cmd} exited with {proc.returncode}")
    return usage.ru_utime + usage.ru_stime, wall, first, size, peak


def bench_export(env: dict[str, str], runs: int) -> Figure:
    """Time ``history --json`` against ``python -c pass``, interleaved."""
    py = [sys.executable]
    export, floor = [], []
    for _ in range(runs):
        floor.append(export_run([*py, "-c", "pass"], env))
        export.append(export_run([*py, "-m", "stretchtimer", "history", "--json"], env))
    cpu, wall, first = (statistics.median(r[i] for r in export) for i in range(3))
    size = export[0][3]
    peak = max(r[4] for r in export)
    base = statistics.median(r[0] for r in floor)
    print(
        f"history --json: CPU {cpu:.2f} s (median of {runs}), wall {wall:.2f} s, "
        f"first byte after {first * 1000:.0f} ms, {size / 2**20:.0f} MiB written, "
        f"peak memory {peak / 2**20:.0f} MiB; python -c pass: CPU {base * 1000:.0f} ms"
    )
    streams = first < FIRST_BYTE and peak < size / 4
    return Figure(
        what="`history --json`, 100,000 sessions / 943k steps (CPU of the process)",
        result=cpu,
        unit="s",
        peer="`python -c pass`",
        peer_result=base,
        target=f"<= 5 s, streaming (first byte < {FIRST_BYTE:g} s, peak memory < 1/4 of output)",
        ok=cpu <= 5.0 and streams,
        note=(
            f"wall {wall:.1f} s, first byte after {first * 1000:.0f} ms, peak memory "
            f"{peak / 2**20:.0f} MiB for {size / 2**20:.0f} MiB written"
        ),
    )


def bench_streaks(path: Path, today: date, runs: int) -> tuple[list[float], list[float]]:
    """Return (streaks, everything the history screen computes) times in ms, opening included."""
    from stretchtimer.tui.history_parts import load_overview

    fast, full = [], []
    for _ in range(runs):
        store = HistoryStore(path)
        t0 = time.perf_counter()
        result = stats.streaks(store.days_completed(), today)
        fast.append((time.perf_counter() - t0) * 1000)
        t0 = time.perf_counter()
        load_overview(store, today)
        full.append((time.perf_counter() - t0) * 1000)
        store.close()
    print(f"  (streak now: current {result.current}, longest {result.longest})")
    return fast, full


class Terminal(PtyProcess):
    """The app in a pseudo-terminal, waited on for one complete frame after another."""

    def expect(self, markers: tuple[bytes, ...]) -> None:
        """Look for a new frame holding ``markers``, in the output from now on."""
        self.markers = markers
        self._seen = set()
        self.output.clear()
        self.frame_cpu = None
        self.started = time.perf_counter()
        self.frame_at = None  # last: the reading thread collects output again from here

    def settle(self, quiet: float = 0.2, timeout: float = 10.0) -> None:
        """Wait until the app has used (almost) no CPU for ``quiet`` seconds."""
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            before = self.cpu_seconds()
            time.sleep(quiet)
            if self.cpu_seconds() - before < 0.002:
                return


SCREEN_MARKERS = (b"Mo ", b"This week: stretched", b"Back", b"Log cramp")
"""What the complete history screen shows whatever the history: the calendar's weekday labels
and the chart's summary (both drawn once the history is read) and the footer's keys."""


def screen_time(env: dict[str, str], filled: bytes) -> tuple[float, float]:
    """Return the wall and CPU seconds from the key ``h`` on the home screen to the complete
    history screen, in a fresh app in a pseudo-terminal (80x24): the first time, as a user who
    opens the app and presses ``h``.

    Args:
        env: the environment (its data folder holds the history).
        filled: what the per-routine panel shows once read (a column title, or the note of an
            empty history).
    """
    term = Terminal([sys.executable, "-m", "stretchtimer"], env, home_markers())
    try:
        term.wait_for_frame()
        term.settle()
        term.expect((*SCREEN_MARKERS, filled))
        cpu0 = term.cpu_seconds(ended=True)  # counted as the frame's CPU is: ended threads too
        term.send(b"h")
        wall = term.wait_for_frame()
        for _ in range(500):  # the reading thread notes the CPU time just after the frame
            if term.frame_cpu is not None:
                return wall, term.frame_cpu - cpu0
            time.sleep(0.001)
        return wall, float("nan")
    finally:
        term.close()


def bench_screen(tmp: Path, full: Path, empty: Path, runs: int) -> Figure:
    """Time the history screen on the big history and on an empty one, interleaved."""
    envs = {
        name: {**bench_env(tmp / name), "STRETCHTIMER_DATA_DIR": str(data.parent)}
        for name, data in (("full", full), ("empty", empty))
    }
    screen_time(envs["empty"], b"No sessions yet.")  # warm up: the files in the page cache
    filled, bare = [], []
    for _ in range(runs):
        bare.append(screen_time(envs["empty"], b"No sessions yet."))
        filled.append(screen_time(envs["full"], b"Runs"))
    med, base = (statistics.median(w for w, _ in t) * 1000 for t in (filled, bare))
    cpu, base_cpu = (
        statistics.median([c for _, c in t if c == c] or [float("nan")]) * 1000  # nan: unknown
        for t in (filled, bare)
    )
    print(
        f"history screen complete after the key: {med:.0f} ms "
        f"(min {min(w for w, _ in filled) * 1000:.0f}, CPU {cpu:.0f}); empty history: "
        f"{base:.0f} ms (min {min(w for w, _ in bare) * 1000:.0f}, CPU {base_cpu:.0f})"
    )
    return Figure(
        what="history screen complete, 100,000 sessions (from the key `h`)",
        result=med,
        unit="ms",
        peer="empty history",
        peer_result=base,
        target="<= 1.1x empty, < 300 ms",
        ok=med <= 1.1 * base and med < 300,
        note=f"CPU {cpu:.0f} ms vs {base_cpu:.0f} ms",
    )


def show(label: str, times: list[float]) -> None:
    """Print best and median of a list of milliseconds."""
    print(f"{label:<48} best {min(times):7.1f} ms   median {statistics.median(times):7.1f} ms")


def main() -> None:
    """Seed, measure and print."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--no-screen", action="store_true", help="skip the Textual timing")
    parser.add_argument("--no-export", action="store_true", help="skip history --json")
    args = parser.parse_args()
    today = date.today()
    figures: list[Figure] = []
    with tempfile.TemporaryDirectory(prefix="stretchtimer-bench-") as tmp:
        path = Path(tmp) / "history.sqlite3"
        empty = Path(tmp) / "empty" / "history.sqlite3"
        empty.parent.mkdir()
        HistoryStore(empty).open()
        t0 = time.perf_counter()
        steps = seed(path, args.sessions, today)
        seconds = time.perf_counter() - t0
        size = sum(p.stat().st_size for p in Path(tmp).iterdir() if p.is_file())
        print(f"seeded {args.sessions:,} sessions, {steps:,} steps in {seconds:.1f} s")
        print(f"database size: {size / 1e6:.1f} MB")
        env = {**os.environ, "STRETCHTIMER_DATA_DIR": tmp}
        py = [sys.executable]
        show("python -c pass", timed_runs([*py, "-c", "pass"], env, args.runs))
        show(
            "stretchtimer history",
            timed_runs([*py, "-m", "stretchtimer", "history"], env, args.runs),
        )
        fast, full = bench_streaks(path, today, args.runs)
        show("streaks (open + completed-days query + stats)", fast)
        show("screen overview (streaks, heatmap, totals)", full)
        if not args.no_export:
            figures.append(bench_export(env, max(3, args.runs // 2)))
        if not args.no_screen:
            figures.append(bench_screen(Path(tmp), path, empty, args.runs))
    emit(*figures)


if __name__ == "__main__":
    main()
