"""Benchmark the history at scale: 100,000 sessions (about a million step rows).

Seeds a temporary database spread over about three years, then prints:

- the database size;
- the wall time of ``stretchtimer history`` (a subprocess, best and median of several runs),
  next to ``python -c pass`` and ``stretchtimer --version`` for the interpreter's own cost;
- the time of the streak computation (query of distinct days + pure streak functions);
- the time to open the history screen (headless ``run_test``, from push until the table is
  populated) and the whole headless run including app start.

Target: each under 300 ms. Run: ``python benchmarks/bench_history.py [--sessions N]``.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

from stretchtimer.history import stats
from stretchtimer.history.store import HistoryStore

ROUTINES = [
    ("leg-cramps", "Leg cramp prevention", 12),
    ("morning", "Morning mobility", 9),
    ("desk", "Desk break", 6),
    ("evening", "Evening wind-down", 10),
    ("hamstrings", "Hamstring flexibility", 14),
]
STEP_LABELS = ["Get ready", "Wall calf stretch", "Switch sides", "Rest", "Toe lifts",
               "Seated hamstring stretch", "Ankle circles"]


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
        datetime.combine(first_day + timedelta(days=usable[n * len(usable) // sessions]),
                         datetime.min.time(), tz)
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
            step_rows.append((sid, seq, seq - 1, "hold", STEP_LABELS[seq % len(STEP_LABELS)],
                              ("left", "right", None)[seq % 3], 1, planned, actual, int(skipped)))
        end = (start + timedelta(seconds=active)).isoformat(timespec="seconds")
        session_rows.append((sid, rid, name, start.isoformat(timespec="seconds"), end, end,
                             status, active, done, total, 1, "bench|x|1", rng.random() * 20))
    db.execute("BEGIN")
    db.executemany(
        "INSERT INTO sessions (id, routine_id, routine_name, started_at, ended_at, updated_at,"
        " status, active_seconds, steps_done, steps_total, owner_pid, owner_mark,"
        " paused_seconds) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)", session_rows)
    db.executemany(
        "INSERT INTO steps (session_id, seq, segment_index, kind, label, side, set_number,"
        " planned, actual, skipped) VALUES (?,?,?,?,?,?,?,?,?,?)", step_rows)
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


def bench_streaks(path: Path, today: date, runs: int) -> tuple[list[float], list[float]]:
    """Return (streaks, everything the history screen computes) times in ms, opening included."""
    from stretchtimer.tui.history_screen import load_overview

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


def bench_screen(path: Path, today: date, runs: int) -> tuple[list[float], list[float]]:
    """Return (push-to-populated, whole headless run) times in ms for the history screen."""
    from textual.app import App
    from textual.widgets import DataTable

    from stretchtimer.tui.history_screen import HistoryScreen

    class Bench(App[None]):
        pass

    async def once() -> tuple[float, float]:
        t_start = time.perf_counter()
        app = Bench()
        async with app.run_test(size=(80, 24)) as pilot:
            t0 = time.perf_counter()
            screen = HistoryScreen(path, today=today)
            await app.push_screen(screen)
            table = screen.query_one("#sessions", DataTable)
            while table.row_count == 0:
                await pilot.pause(0.002)
            await pilot.pause()
            t1 = time.perf_counter()
        return (t1 - t0) * 1000, (t1 - t_start) * 1000

    opened, whole = [], []
    for _ in range(runs):
        a, b = asyncio.run(once())
        opened.append(a)
        whole.append(b)
    return opened, whole


def show(label: str, times: list[float]) -> None:
    """Print best and median of a list of milliseconds."""
    print(f"{label:<48} best {min(times):7.1f} ms   median {statistics.median(times):7.1f} ms")


def main() -> None:
    """Seed, measure and print."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--no-screen", action="store_true", help="skip the Textual timing")
    args = parser.parse_args()
    today = date.today()
    with tempfile.TemporaryDirectory(prefix="stretchtimer-bench-") as tmp:
        path = Path(tmp) / "history.sqlite3"
        t0 = time.perf_counter()
        steps = seed(path, args.sessions, today)
        seconds = time.perf_counter() - t0
        size = sum(p.stat().st_size for p in Path(tmp).iterdir())
        print(f"seeded {args.sessions:,} sessions, {steps:,} steps in {seconds:.1f} s")
        print(f"database size: {size / 1e6:.1f} MB")
        env = {**os.environ, "STRETCHTIMER_DATA_DIR": tmp}
        py = [sys.executable]
        show("python -c pass", timed_runs([*py, "-c", "pass"], env, args.runs))
        show("stretchtimer --version", timed_runs([*py, "-m", "stretchtimer", "--version"],
                                                  env, args.runs))
        show("stretchtimer history", timed_runs([*py, "-m", "stretchtimer", "history"],
                                                env, args.runs))
        fast, full = bench_streaks(path, today, args.runs)
        show("streaks (open + completed-days query + stats)", fast)
        show("screen overview (streaks, heatmap, totals)", full)
        if not args.no_screen:
            opened, whole = bench_screen(path, today, args.runs)
            show("history screen: push until table populated", opened)
            show("history screen: app start + push + populated", whole)


if __name__ == "__main__":
    main()
