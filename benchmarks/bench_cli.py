"""Time the routine commands: whole-process start-up and loading a 500-step routine.

Run: python benchmarks/bench_cli.py [--runs N]

Prints a table of medians: ``stretchtimer --version`` and ``stretchtimer list`` as whole
processes (``python -m stretchtimer``), ``validate`` of a generated 500-step routine as a whole
process, and, in this process, load + build_plan of that routine.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

STEP = """\
  - name: Wall calf stretch {i}
    cue: >
      Hands on the wall at shoulder height. Step your {{side}} foot back and lean in.
    hold: 1m
    sides: [left, right]
    switch: 5s
    sets: 2
    rest: 10s
  - name: Toe lifts {i}
    cue: Lift your heels, hold, lower.
    reps: 10
    tempo: {{up: 1s, hold: 3s, down: 2s}}
"""


def big_routine(steps: int = 500) -> str:
    body = "".join(STEP.format(i=i) for i in range(steps // 2))
    return f"version: 1\nname: Five hundred steps\nprepare: 10s\nrest: 5s\nsteps:\n{body}"


def median_ms(action: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15, help="runs per measurement (median)")
    runs = parser.parse_args().runs

    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "STRETCHTIMER_CONFIG_DIR": str(Path(tmp) / "config"),
               "STRETCHTIMER_DATA_DIR": str(Path(tmp) / "data")}
        big = Path(tmp) / "big.yaml"
        big.write_text(big_routine(), encoding="utf-8")

        def process(*argv: str) -> Callable[[], object]:
            def go() -> object:
                return subprocess.run([sys.executable, "-m", "stretchtimer", *argv], env=env,
                                      check=True, capture_output=True)
            return go

        from stretchtimer.routines.loader import load_routine
        from stretchtimer.session.plan import build_plan

        routine = load_routine(big)
        plan = build_plan(routine)
        rows = [
            ("python -c pass (interpreter floor)", median_ms(
                lambda: subprocess.run([sys.executable, "-c", "pass"], check=True), runs)),
            ("stretchtimer --version", median_ms(process("--version"), runs)),
            ("stretchtimer list (4 built-in routines)", median_ms(process("list"), runs)),
            (f"stretchtimer validate ({len(routine.steps)} steps)",
             median_ms(process("validate", str(big)), runs)),
            (f"load + build_plan in-process ({len(routine.steps)} steps, "
             f"{len(plan.segments)} segments)",
             median_ms(lambda: build_plan(load_routine(big)), runs)),
        ]
    width = max(len(label) for label, _ in rows)
    print(f"{'measurement'.ljust(width)}  median (ms), {runs} runs")
    for label, ms in rows:
        print(f"{label.ljust(width)}  {ms:8.1f}")


if __name__ == "__main__":
    main()
