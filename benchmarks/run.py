"""Run every benchmark, print the README's benchmark table, write the figures as JSON.

Every ``bench_*.py`` beside this file is run as its own process, one after the other, with the
same Python. Each prints its figures as ``FIGURE {json}`` lines (see ``figures.py`` for the
convention); this collects them, prints a markdown table (what, script, result, the floor or
peer measured in the same run, the ratio, the target and whether it is met) and writes them to a
JSON file.

Exit code: 0 when every figure meets its target, 1 when one misses it, 2 when a script failed
(it exited non-zero or timed out).

Run: ``python benchmarks/run.py [--only tui,history] [--json FILE] [--quiet]``; ``--table FILE``
prints the table of a JSON file written before, without running anything.
"""

from __future__ import annotations

import argparse
import json
import platform
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

from figures import Figure, number, parse

HERE = Path(__file__).resolve().parent


def discover(only: list[str]) -> list[Path]:
    """Return the benchmark scripts, by name; ``only`` keeps those whose name holds a word."""
    scripts = sorted(HERE.glob("bench_*.py"))
    if only:
        scripts = [s for s in scripts if any(word in s.stem for word in only)]
    return scripts


def run_script(script: Path, quiet: bool, timeout: float) -> tuple[list[Figure], str | None]:
    """Run one script; return its figures and a problem (None when it ran cleanly)."""
    print(f"== {script.name}", file=sys.stderr, flush=True)
    started = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, str(script)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        cwd=HERE.parent,
    )
    assert proc.stdout is not None
    killer = threading.Timer(timeout, proc.kill)
    killer.start()
    lines: list[str] = []
    try:
        for line in proc.stdout:  # echo as it comes: some scripts run for a minute
            lines.append(line)
            if not quiet and not line.startswith("FIGURE "):
                print("   " + line, end="", file=sys.stderr, flush=True)
        code = proc.wait()
    finally:
        killer.cancel()
    seconds = time.perf_counter() - started
    print(f"   ({seconds:.0f} s)", file=sys.stderr, flush=True)
    figures = parse("".join(lines))
    if seconds >= timeout:
        return figures, f"timed out after {timeout:.0f} s"
    if code != 0:
        tail = "".join(lines[-5:]).strip()
        return figures, f"exited with code {code}: {tail}"
    return figures, None


def ratio_text(figure: Figure) -> str:
    """Return the ratio column's text."""
    ratio = figure.ratio
    return "" if ratio is None else f"{ratio:.2f}x"


def table(figures: list[Figure]) -> str:
    """Return the figures as the README's markdown table."""
    rows = [
        "| what | script | result | floor/peer (same run) | ratio | target | met |",
        "|---|---|---|---|---|---|---|",
    ]
    for f in figures:
        peer = ""
        if f.peer:
            peer = f.peer if f.peer_result is None else f"{f.peer}: {number(f.peer_result, f.unit)}"
        result = number(f.result, f.unit) + (f" ({f.note})" if f.note else "")
        met = "" if f.ok is None else ("yes" if f.ok else "**no**")
        rows.append(
            f"| {f.what} | `{f.script}` | {result} | {peer} | {ratio_text(f)} "
            f"| {f.target} | {met} |"
        )
    return "\n".join(rows)


def main() -> int:
    """Run the scripts, print the table, write the JSON file; return the exit code."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--only", default="", help="comma-separated words: run only scripts whose name holds one"
    )
    parser.add_argument(
        "--json",
        type=Path,
        default=HERE / "results.json",
        help="where to write the figures (default: benchmarks/results.json)",
    )
    parser.add_argument("--quiet", action="store_true", help="do not echo the scripts' output")
    parser.add_argument(
        "--timeout", type=float, default=900.0, help="seconds one script may take (default 900)"
    )
    parser.add_argument(
        "--table",
        type=Path,
        metavar="FILE",
        help="only print the table of figures written before to FILE",
    )
    args = parser.parse_args()
    if args.table is not None:
        data = json.loads(args.table.read_text(encoding="utf-8"))
        print(table([Figure.from_dict(f) for f in data["figures"]]))
        return 0
    only = [w.strip() for w in args.only.split(",") if w.strip()]
    scripts = discover(only)
    if not scripts:
        print("no benchmark script matches", file=sys.stderr)
        return 2
    figures: list[Figure] = []
    problems: dict[str, str] = {}
    silent: list[str] = []
    for script in scripts:
        found, problem = run_script(script, args.quiet, args.timeout)
        figures += found
        if problem:
            problems[script.name] = problem
        elif not found:
            silent.append(script.name)
    print(table(figures))
    missed = [f for f in figures if f.ok is False]
    for f in missed:
        print(f"missed: {f.what}: {number(f.result, f.unit)} (target {f.target})")
    for name in silent:
        print(f"note: {name} printed no FIGURE lines (see benchmarks/figures.py)")
    for name, problem in problems.items():
        print(f"failed: {name} {problem}")
    args.json.write_text(
        json.dumps(
            {
                "when": datetime.now(UTC).isoformat(timespec="seconds"),
                "python": platform.python_version(),
                "machine": f"{platform.system()} {platform.machine()}",
                "figures": [f.as_dict() for f in figures],
                "missed": [f.what for f in missed],
                "failed": problems,
                "no_figures": silent,
            },
            indent=2,
            ensure_ascii=False,
        )
        + "\n",
        encoding="utf-8",
    )
    print(f"figures written to {args.json}")
    if problems:
        return 2
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
