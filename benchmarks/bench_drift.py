"""Benchmark the plain runner's timing against the real clock.

Runs a routine of 40 holds of 0.5 s (no get-ready) through ``run_plain`` with the real monotonic
clock and ``time.sleep``, output to a null sink, and prints:

- the boundary error: how late each segment boundary (and the finish) was delivered compared
  with its planned time, ``start + plan.starts[i]`` (median and max, ms);
- the drift at the end: when the finish was delivered minus when it was planned, and the
  lateness per quarter of the run, to show that it does not grow with length;
- with ``--compare``, the same routine timed the naive way (``sleep(0.5)`` per hold), whose
  lateness adds up.

Target on an idle machine: median under 5 ms, max under 20 ms, no drift that grows with length.
Run: ``python benchmarks/bench_drift.py [--count 40] [--hold 0.5] [--compare]``.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time

from figures import Figure, emit

from stretchtimer.plain import run_plain
from stretchtimer.routines.model import HoldStep, Routine
from stretchtimer.session.events import Event, SegmentStarted, SessionFinished
from stretchtimer.session.plan import build_plan


def measure(count: int, hold: float) -> tuple[list[float], float]:
    """Run the session; return the lateness (s) of each boundary, and of the finish."""
    plan = build_plan(
        Routine(
            "bench", "Bench", tuple(HoldStep(f"Hold {i}", hold) for i in range(count)), prepare=0.0
        )
    )
    delivered: list[tuple[Event, float]] = []

    def sink(event: Event) -> None:
        delivered.append((event, time.monotonic()))

    with open(os.devnull, "w", encoding="utf-8") as null:
        run_plain(plan, out=null, sinks=[sink])
    start = next(ev.at for ev, _ in delivered if isinstance(ev, SegmentStarted))
    late: list[float] = []
    finish = 0.0
    for ev, when in delivered:
        if isinstance(ev, SegmentStarted) and ev.segment.index > 0:
            late.append(when - (start + plan.starts[ev.segment.index]))
        elif isinstance(ev, SessionFinished):
            finish = when - (start + plan.total_seconds)
            late.append(finish)
    return late, finish


def naive(count: int, hold: float) -> float:
    """Time the same holds with one sleep each; return how late the end is (s)."""
    start = time.monotonic()
    for _ in range(count):
        time.sleep(hold)
    return time.monotonic() - (start + count * hold)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=40)
    parser.add_argument("--hold", type=float, default=0.5)
    parser.add_argument("--compare", action="store_true", help="also time the naive way")
    args = parser.parse_args()

    late, finish = measure(args.count, args.hold)
    ms = sorted(x * 1000 for x in late)
    print(f"{args.count} holds of {args.hold:g} s, real clock, plain runner, output to null")
    print(
        f"boundary error: median {statistics.median(ms):.2f} ms, max {max(ms):.2f} ms, "
        f"min {min(ms):.2f} ms ({len(ms)} boundaries)"
    )
    print(f"drift at the end: {finish * 1000:+.2f} ms after {args.count * args.hold:g} s planned")
    quarter = max(len(late) // 4, 1)
    means = [statistics.mean(late[i : i + quarter]) * 1000 for i in range(0, len(late), quarter)]
    print("mean lateness per quarter: " + ", ".join(f"{m:.2f} ms" for m in means[:4]))
    naive_late = None
    if args.compare:
        naive_late = naive(args.count, args.hold) * 1000
        print(
            f"naive sleep({args.hold:g}) per hold, for comparison: "
            f"{naive_late:+.2f} ms late at the end"
        )
    med, worst = statistics.median(ms), max(ms)
    where = f"{args.count} holds of {args.hold:g} s on the real clock"
    emit(
        Figure(
            what=f"boundary error, median, {where}",
            result=med,
            unit="ms",
            target="< 5 ms",
            ok=med < 5,
        ),
        Figure(
            what=f"boundary error, max, {where}",
            result=worst,
            unit="ms",
            target="< 20 ms",
            ok=worst < 20,
        ),
        Figure(
            what=f"drift at the end of those {args.count * args.hold:g} s",
            result=finish * 1000,
            unit="ms",
            peer="" if naive_late is None else "naive sleep per hold",
            peer_result=naive_late,
            target="< 20 ms, no growth with length",
            ok=abs(finish * 1000) < 20,
            note="mean lateness per quarter: " + ", ".join(f"{m:.2f}" for m in means[:4]),
        ),
    )


if __name__ == "__main__":
    main()
