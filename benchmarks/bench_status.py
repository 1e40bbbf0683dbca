"""Benchmark ``stretchtimer status`` (the shell-prompt line) on a 100,000-session history.

Seeds a temporary history the way ``bench_history.py`` does (about three years, some days
missed), and a second one where every day of those years was done (the longest streak, so
``status`` must read the whole history), then prints the wall time of:

- ``python -c pass`` (the interpreter's own floor, measured in the same run);
- ``stretchtimer status`` on each history, and with no history at all;
- ``stretchtimer status --routine`` with an exact id and with the start of one (resolved
  against the history, as ``history --routine`` does);
- ``stretchtimer status`` while another process holds the history locked.

Target: ``status`` within 25 ms of ``python -c pass``. Run:
``python benchmarks/bench_status.py [--sessions N] [--runs N]``.
"""

from __future__ import annotations

import argparse
import os
import resource
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_history import seed
from figures import Figure, emit

from stretchtimer.history.store import HistoryStore

TARGET_MS = 25.0


def seed_every_day(path: Path, sessions: int, today: date, years: float = 3.0) -> None:
    """Fill ``path`` with ``sessions`` completed sessions, every day of ``years`` done."""
    HistoryStore(path).open()
    days = int(365 * years)
    tz = timezone(timedelta(hours=1))
    first = datetime.combine(today - timedelta(days=days - 1), datetime.min.time(), tz)
    rows = []
    for n in range(sessions):
        start = (first + timedelta(days=n * days // sessions, hours=7)).isoformat()
        rows.append((n + 1, "legs", "Legs", start, start, start, "completed", 60.0, 1, 1))
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("BEGIN")
    db.executemany(
        "INSERT INTO sessions (id, routine_id, routine_name, started_at, ended_at, updated_at,"
        " status, active_seconds, steps_done, steps_total) VALUES (?,?,?,?,?,?,?,?,?,?)",
        rows,
    )
    db.execute("COMMIT")
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()


def command() -> list[str]:
    """Return the installed ``stretchtimer`` script (as a user runs it), else ``-m``."""
    script = Path(sys.executable).with_name("stretchtimer")
    return [str(script)] if script.exists() else [sys.executable, "-m", "stretchtimer"]


def timed_together(
    cases: list[tuple[list[str], dict[str, str]]], runs: int
) -> list[tuple[list[float], str]]:
    """Time every case ``runs`` times, taking turns (so a busy moment hits them all alike).

    Returns:
        For each case, its wall times in ms and its last output.
    """
    for cmd, env in cases:  # warm-up
        subprocess.run(cmd, env=env, capture_output=True, check=False)
    results: list[tuple[list[float], str]] = [([], "") for _ in cases]
    cpu: list[list[float]] = [[] for _ in cases]
    for _ in range(runs):
        for i, (cmd, env) in enumerate(cases):
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            t0 = time.perf_counter()
            done = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)
            results[i][0].append((time.perf_counter() - t0) * 1000)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu[i].append(
                (after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime) * 1000
            )
            results[i] = (results[i][0], done.stdout.strip())
    CPU.clear()
    CPU.extend(statistics.median(c) for c in cpu)
    return results


CPU: list[float] = []
"""Median CPU time (ms) of each case of the last :func:`timed_together` call: less swayed by
other programs on a busy machine than the wall time."""


def show(label: str, times: list[float], floor: float | None = None, out: str = "") -> None:
    """Print best and median, and the median's distance to the floor's median."""
    text = f"{label:<44} best {min(times):6.1f} ms   median {statistics.median(times):6.1f} ms"
    if floor is not None:
        extra = statistics.median(times) - floor
        text += f"   +{extra:5.1f} ms ({'ok' if extra <= TARGET_MS else 'OVER'})"
    if out:
        text += f"   -> {out}"
    print(text)


def status_figure(label: str, times: list[float], floor: float) -> Figure:
    """Return one row's figure: its median wall time next to ``python -c pass``'s."""
    median = statistics.median(times)
    return Figure(
        what=label.replace("status", "`stretchtimer status`", 1) + ", whole process",
        result=median,
        unit="ms",
        target=f"<= floor + {TARGET_MS:g} ms",
        ok=median - floor <= TARGET_MS,
        peer="`python -c pass`",
        peer_result=floor,
        note=f"+{median - floor:.1f} ms",
    )


def main() -> None:
    """Seed, measure and print."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--sessions", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    today = date.today()
    cmd = [*command(), "status"]
    with tempfile.TemporaryDirectory(prefix="stretchtimer-bench-") as tmp:
        gaps, daily, empty, config = (Path(tmp) / n for n in ("gaps", "daily", "empty", "cfg"))
        for folder in (gaps, daily, empty, config):
            folder.mkdir()
        seed(gaps / "history.sqlite3", args.sessions, today)
        seed_every_day(daily / "history.sqlite3", args.sessions, today)
        print(
            f"{args.sessions:,} sessions per history; {args.runs} runs each; "
            f"target: within {TARGET_MS:.0f} ms of python -c pass"
        )

        def env(data: Path) -> dict[str, str]:
            return {
                **os.environ,
                "STRETCHTIMER_DATA_DIR": str(data),
                "STRETCHTIMER_CONFIG_DIR": str(config),
            }

        labels = [
            "python -c pass",
            "status, history with missed days",
            "status, every day done for 3 years",
            "status, no history",
            "status -q, no history",
            "status --routine leg-cramps (an id)",
            "status --routine leg (a start of one)",
        ]
        cases = [
            ([sys.executable, "-c", "pass"], env(empty)),
            (cmd, env(gaps)),
            (cmd, env(daily)),
            (cmd, env(empty)),
            ([*cmd, "-q"], env(empty)),
            ([*cmd, "--routine", "leg-cramps"], env(gaps)),
            ([*cmd, "--routine", "leg"], env(gaps)),
        ]
        results = timed_together(cases, args.runs)
        floor = statistics.median(results[0][0])
        show(labels[0], results[0][0])
        figures = []
        for label, (times, out) in zip(labels[1:], results[1:], strict=True):
            show(label, times, floor, out)
            figures.append(status_figure(label, times, floor))
        print(
            "CPU time (median): "
            + ", ".join(
                f"{label.removeprefix('status, ')} {ms:.1f} ms"
                for label, ms in zip(labels, CPU, strict=True)
            )
        )
        holder = sqlite3.connect(gaps / "history.sqlite3", isolation_level=None)
        holder.execute("PRAGMA locking_mode=EXCLUSIVE")
        holder.execute("BEGIN EXCLUSIVE")
        holder.execute("DELETE FROM sessions WHERE id < 10")  # holds the write lock
        (base, _), (times, out) = timed_together(
            [([sys.executable, "-c", "pass"], env(empty)), (cmd, env(gaps))], args.runs
        )
        locked = "status, history locked by another process"
        show(locked, times, statistics.median(base), out)
        figures.append(status_figure(locked, times, statistics.median(base)))
        holder.execute("ROLLBACK")
        holder.close()
        created = sorted(p.name for p in empty.iterdir())
        print(f"files created in the empty data folder: {created or 'none'}")
        emit(*figures)


if __name__ == "__main__":
    main()
