"""Time the routine commands as whole processes, each next to the interpreter's floor.

Run: python benchmarks/bench_cli.py [--runs N] [--big-runs N]

Every command runs as its own process, as a user types it: the installed ``stretchtimer``
script (``python -m stretchtimer`` where there is none, and once for ``--version`` beside it),
in rounds: one run of each measurement per round,
so a busy machine slows all of them alike. Each figure is the median of its runs, printed
next to the median of ``python -c pass`` from the same rounds and the ratio of the two; on
POSIX the processes' own CPU time (user + system, from ``resource``) is printed the same way,
which a busy machine disturbs much less than the wall clock.

Routines already read come from the cache (as they do for a user); the 500-step routine, the
1 MiB routine and the "cold" rows are read afresh each run (the file's time is set to now, or
the cache is removed), so those rows measure the parser and checker themselves.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from figures import Figure, emit

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
SMALL = """\
name: Routine {i}
steps:
  - name: Calf stretch
    cue: Lean into the wall with your {{side}} leg back.
    hold: 30s
    sides: [left, right]
  - rest: 10s
  - name: Toe lifts
    reps: 10
"""


def big_routine(steps: int = 500) -> str:
    """Return a valid routine of ``steps`` steps."""
    body = "".join(STEP.format(i=i) for i in range(steps // 2))
    return f"version: 1\nname: Five hundred steps\nprepare: 10s\nrest: 5s\nsteps:\n{body}"


def mebibyte_routine() -> str:
    """Return a 1 MiB routine: the densest list of steps a file that size can hold."""
    head = "name: big\nsteps: ["
    return head + "1," * ((1024 * 1024 - len(head) - 3) // 2) + "1]\n"


def user_folder(root: Path, count: int) -> dict[str, str]:
    """Make a home folder with ``count`` user routines (old enough to be cached).

    The folders are found as a user's are: from ``HOME`` by platformdirs (the environment's
    ``XDG_*`` and ``STRETCHTIMER_*`` folders are cleared in :func:`clean_environment`).
    """
    routines = root / ".config" / "stretchtimer" / "routines"
    routines.mkdir(parents=True)
    past = time.time() - 60
    for i in range(count):
        path = routines / f"routine-{i:05}.yaml"
        path.write_text(SMALL.format(i=i), encoding="utf-8")
        os.utime(path, (past, past))
    return {"HOME": str(root)}


def cache_folder(env: dict[str, str]) -> Path:
    """Return the routine cache folder of a home made by :func:`user_folder`."""
    return Path(env["HOME"]) / ".cache" / "stretchtimer"


def clean_environment() -> dict[str, str]:
    """Return this process's environment without the variables that move the user's folders."""
    return {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("XDG_", "STRETCHTIMER_"))
    }


class Bench:
    """Measurements run in rounds, with the floor measured in every round."""

    def __init__(self) -> None:
        self.rows: dict[str, tuple[list[str], dict[str, str], Callable[[], None] | None]] = {}
        self.expected: dict[str, int] = {}
        self.times: dict[str, list[float]] = {}
        self.cpu: dict[str, list[float]] = {}

    def add(
        self,
        label: str,
        argv: list[str],
        env: dict[str, str],
        before: Callable[[], None] | None = None,
        expect: int = 0,
    ) -> None:
        self.rows[label] = (argv, env, before)
        self.expected[label] = expect
        self.times[label] = []
        self.cpu[label] = []

    def run(self, rounds: int) -> None:
        for _ in range(rounds):
            for label, (argv, env, before) in self.rows.items():
                if before is not None:
                    before()
                cpu_before = children_cpu()
                start = time.perf_counter()
                done = subprocess.run(
                    argv,
                    env={**BASE_ENV, **env},
                    check=False,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.PIPE,
                )
                if done.returncode != self.expected[label]:  # failing fast is not being quick
                    error = done.stderr.decode(errors="replace").strip()
                    raise SystemExit(f"{label}: exit {done.returncode}: {error[-500:]}")
                self.times[label].append(time.perf_counter() - start)
                self.cpu[label].append(children_cpu() - cpu_before)

    def median_ms(self, label: str) -> float:
        return statistics.median(self.times[label]) * 1000

    def median_cpu_ms(self, label: str) -> float:
        return statistics.median(self.cpu[label]) * 1000


BASE_ENV = clean_environment()


def children_cpu() -> float:
    """Return the CPU time (user + system) of the finished child processes, 0 if unknown."""
    try:
        import resource
    except ImportError:  # not POSIX
        return 0.0
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def touch(path: Path) -> Callable[[], None]:
    return lambda: os.utime(path)


def drop(folder: Path) -> Callable[[], None]:
    return lambda: shutil.rmtree(folder, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=21, help="rounds of the quick commands")
    parser.add_argument(
        "--big-runs",
        type=int,
        default=3,
        help="rounds of the 10,000-routine and 1 MiB measurements",
    )
    options = parser.parse_args()
    py = sys.executable
    module = [py, "-m", "stretchtimer"]
    script = Path(py).with_name("stretchtimer")
    cli = [str(script)] if script.exists() else module  # as a user types the commands

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        four = user_folder(root / "four", 4)
        thousand = user_folder(root / "thousand", 1000)
        big_env = user_folder(root / "ten-thousand", 10_000)
        plain = user_folder(root / "plain", 0)
        big = root / "big.yaml"
        big.write_text(big_routine(), encoding="utf-8")
        huge = root / "huge.yaml"
        huge.write_text(mebibyte_routine(), encoding="utf-8")
        for env in (four, thousand, big_env, plain):  # warm the caches, as a user's would be
            subprocess.run([*cli, "list"], env={**BASE_ENV, **env}, check=True, capture_output=True)
        quick = Bench()
        quick.add("python -c pass", [py, "-c", "pass"], {})
        floors = floor_code(script)
        for label, code in floors.items():
            quick.add(label, [py, "-c", code], {})
        if script.exists():
            quick.add(SCRIPT, [str(script), "--version"], plain)
        quick.add(MODULE, [*module, "--version"], plain)
        quick.add("list (the built-in routines)", [*cli, "list"], plain)
        quick.add("show leg-cramp-prevention", [*cli, "show", "leg-cramp-prevention"], plain)
        quick.add(
            "validate leg-cramp-prevention", [*cli, "validate", "leg-cramp-prevention"], plain
        )
        quick.add("history (empty history)", [*cli, "history"], plain)
        quick.add(
            "validate a 500-step routine (read afresh)",
            [*cli, "validate", str(big)],
            plain,
            touch(big),
        )
        quick.add("list with 4 user routines", [*cli, "list"], four)
        quick.add("list with 1,000 user routines", [*cli, "list"], thousand)
        quick.add(
            "list with 1,000 user routines (no cache)",
            [*cli, "list"],
            thousand,
            drop(cache_folder(thousand)),
        )
        quick.run(options.runs)

        slow = Bench()
        slow.add("list with 10,000 user routines", [*cli, "list"], big_env)
        slow.add(
            "list with 10,000 user routines (no cache)",
            [*cli, "list"],
            big_env,
            drop(cache_folder(big_env)),
        )
        slow.add(
            "validate a 1 MiB routine (read afresh)",
            [*cli, "validate", str(huge)],
            plain,
            touch(huge),
            expect=1,  # its steps past the limit are a problem
        )
        slow.run(options.big_runs)

    report(quick, slow, options, floors)


SCRIPT = "stretchtimer --version (installed script)"
MODULE = "python -m stretchtimer --version"
LIBRARIES = "the libraries every command loads (argparse, json, pathlib, platformdirs)"

QUICK_TARGETS = {
    SCRIPT: 1.3,
    MODULE: 1.3,
    "list (the built-in routines)": 3.0,
    "show leg-cramp-prevention": 3.0,
    "validate leg-cramp-prevention": 3.0,
    "history (empty history)": 3.0,
    "validate a 500-step routine (read afresh)": 8.0,
}
"""The targets of the quick rows: at most this many times ``python -c pass``, wall time."""


def floor_code(script: Path) -> dict[str, str]:
    """Return each floor's label and what it runs (``python -c CODE``), in the rows' rounds.

    A launcher's own cost is what ``--version`` cannot go below. The installed script's is
    what the script imports before it calls the app: ``re`` in the script older pips write,
    only ``sys`` in current ones.
    """
    text = script.read_text(encoding="utf-8") if script.exists() else ""
    launcher = "import re" if "import re" in text else "import sys"
    return {
        f"the script's launcher (python -c '{launcher}')": launcher,
        "the -m launcher (python -c 'import runpy')": "import runpy",
        LIBRARIES: (
            "import argparse, json, pathlib, platformdirs; platformdirs.user_config_dir('x')"
        ),
    }


def floor_of(row: str, floors: dict[str, str]) -> str:
    """Return the label of the floor a row is shown beside (its launcher's, or the libraries')."""
    launchers = [label for label in floors if label != LIBRARIES]
    return {SCRIPT: launchers[0], MODULE: launchers[1]}.get(row, LIBRARIES)


def report(quick: Bench, slow: Bench, options: argparse.Namespace, floors: dict[str, str]) -> None:
    """Print the table for people and one figure per row for ``run.py``."""
    floor = quick.median_ms("python -c pass")
    cpu_floor = quick.median_cpu_ms("python -c pass") or float("nan")
    width = max(len(label) for label in [*quick.rows, *slow.rows])
    print(
        f"{'measurement'.ljust(width)}  {'median':>9}  {'floor':>8}  {'ratio':>6}  "
        f"{'CPU':>8}  {'floor':>7}  {'ratio':>6}"
    )
    print(f"{''.ljust(width)}  {'(ms)':>9}  {'(ms)':>8}  {'':>6}  {'(ms)':>8}  {'(ms)':>7}")
    for label in quick.rows:
        ms, cpu = quick.median_ms(label), quick.median_cpu_ms(label)
        print(
            f"{label.ljust(width)}  {ms:9.1f}  {floor:8.1f}  {ms / floor:5.2f}x  "
            f"{cpu:8.1f}  {cpu_floor:7.1f}  {cpu / cpu_floor:5.2f}x"
        )
    print(f"(python -c pass measured in each of {options.runs} rounds)")
    for label in slow.rows:
        print(
            f"{label.ljust(width)}  {slow.median_ms(label):9.1f}  {'':8}  {'':6}  "
            f"{slow.median_cpu_ms(label):8.1f}"
        )
    print(f"({options.big_runs} rounds)")

    figures = []
    for label, most in QUICK_TARGETS.items():
        if label not in quick.rows:
            continue
        ms, cpu = quick.median_ms(label), quick.median_cpu_ms(label)
        floor_label = floor_of(label, floors)
        below = quick.median_ms(floor_label)
        figures.append(
            Figure(
                what=f"{label}, whole process",
                result=ms,
                unit="ms",
                target=f"<= {most:g}x",
                ok=ms <= most * floor,
                peer="`python -c pass`",
                peer_result=floor,
                note=(
                    f"CPU {cpu:.0f} ms, {cpu / cpu_floor:.2f}x; {floor_label}: "
                    f"{below:.0f} ms, {below / floor:.2f}x"
                ),
            )
        )
    four, thousand = "list with 4 user routines", "list with 1,000 user routines"
    cold = quick.median_ms("list with 1,000 user routines (no cache)")
    figures.append(
        Figure(
            what="list with 1,000 user routines, over list with 4",
            result=quick.median_ms(thousand),
            unit="ms",
            target="<= 3x",
            ok=quick.median_ms(thousand) <= 3 * quick.median_ms(four),
            peer="list with 4 user routines",
            peer_result=quick.median_ms(four),
            note=f"not cached: {cold:.0f} ms",
        )
    )
    for label, limit in (
        ("list with 10,000 user routines", 3.0),
        ("validate a 1 MiB routine (read afresh)", 2.0),
    ):
        seconds = slow.median_ms(label) / 1000
        extra = ""
        if "10,000" in label:
            extra = f"; not cached: {slow.median_ms(label + ' (no cache)') / 1000:.1f} s"
        figures.append(
            Figure(
                what=label,
                result=seconds,
                unit="s",
                target=f"< {limit:g} s",
                ok=seconds < limit,
                note=f"CPU {slow.median_cpu_ms(label) / 1000:.2f} s{extra}",
            )
        )
    emit(*figures)


if __name__ == "__main__":
    main()
