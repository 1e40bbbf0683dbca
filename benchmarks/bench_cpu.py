"""Benchmark the CPU time a running plain session costs, per minute of session.

Runs one long hold (and, separately, paced reps: the busiest kind of segment) through
``run_plain`` with the real clock for a few seconds each, output to a null sink, and prints the
process CPU time (``time.process_time``) per minute of wall time.

Run: ``python benchmarks/bench_cpu.py [--seconds 12]``.
"""

from __future__ import annotations

import argparse
import os
import time

from figures import Figure, emit

from stretchtimer.plain import run_plain
from stretchtimer.routines.model import HoldStep, RepsStep, Routine, Step, Tempo
from stretchtimer.session.plan import build_plan


def cpu_per_minute(step: Step) -> tuple[float, float, float]:
    """Run a one-step routine; return (wall s, CPU s, CPU ms per minute)."""
    plan = build_plan(Routine("bench", "Bench", (step,), prepare=0.0))
    with open(os.devnull, "w", encoding="utf-8") as null:
        cpu0, wall0 = time.process_time(), time.monotonic()
        run_plain(plan, out=null)
        cpu, wall = time.process_time() - cpu0, time.monotonic() - wall0
    return wall, cpu, cpu / wall * 60 * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=12.0)
    args = parser.parse_args()
    secs = args.seconds
    reps = max(int(secs / 1.0), 1)
    cases: list[tuple[str, Step]] = [
        (f"one hold of {secs:g} s", HoldStep("Hold", secs)),
        (
            f"paced reps, {reps} x (0.25 up, 0.5 hold, 0.25 down)",
            RepsStep("Reps", reps, tempo=Tempo(0.25, 0.5, 0.25)),
        ),
    ]
    figures = []
    for name, step in cases:
        wall, cpu, per_minute = cpu_per_minute(step)
        print(
            f"{name}: {cpu * 1000:.1f} ms CPU in {wall:.2f} s "
            f"= {per_minute:.1f} ms CPU per minute ({per_minute / 600:.3f} % of a core)"
        )
        figures.append(
            Figure(what=f"CPU of a plain session, {name}, per minute", result=per_minute, unit="ms")
        )
    emit(*figures)


if __name__ == "__main__":
    main()
