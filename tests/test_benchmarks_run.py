"""benchmarks/run.py: collects every script's FIGURE lines, prints the table, exits by targets."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"

MEETS = """\
from figures import Figure, emit
print("some words for people")
emit(Figure(what="fast thing", result=40.0, unit="ms", peer="floor", peer_result=20.0,
            target="<= 3x", ok=True))
"""
MISSES = """\
from figures import Figure, emit
emit(Figure(what="slow thing", result=9.0, unit="s", target="<= 5 s", ok=False, note="wall 12 s"))
"""
SILENT = 'print("an old script without figures")\n'
BROKEN = "raise SystemExit(3)\n"


def bench_folder(tmp_path: Path, scripts: dict[str, str]) -> Path:
    folder = tmp_path / "benchmarks"
    folder.mkdir()
    for name in ("run.py", "figures.py"):
        shutil.copy(BENCHMARKS / name, folder / name)
    for name, text in scripts.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def run(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(folder / "run.py"), "--quiet", *args],
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_a_missed_target_fails_the_run_and_every_figure_is_in_the_table(tmp_path: Path) -> None:
    folder = bench_folder(
        tmp_path, {"bench_a.py": MEETS, "bench_b.py": MISSES, "bench_c.py": SILENT}
    )
    result = run(folder, "--json", str(tmp_path / "out.json"))
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert lines[0] == ("| what | script | result | floor/peer (same run) | ratio | target | met |")
    assert "| fast thing | `bench_a.py` | 40.0 ms | floor: 20.0 ms | 2.00x | <= 3x | yes |" in lines
    assert "| slow thing | `bench_b.py` | 9.00 s (wall 12 s) |  |  | <= 5 s | **no** |" in lines
    assert "missed: slow thing: 9.00 s (target <= 5 s)" in lines
    assert any("bench_c.py printed no FIGURE lines" in line for line in lines)
    data = json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))
    assert [f["what"] for f in data["figures"]] == ["fast thing", "slow thing"]
    assert data["missed"] == ["slow thing"] and data["figures"][0]["ratio"] == 2.0


def test_all_targets_met_is_success_and_only_picks_scripts(tmp_path: Path) -> None:
    folder = bench_folder(tmp_path, {"bench_a.py": MEETS, "bench_b.py": MISSES})
    result = run(folder, "--only", "a", "--json", str(tmp_path / "out.json"))
    assert result.returncode == 0
    assert "fast thing" in result.stdout and "slow thing" not in result.stdout


def test_the_table_of_an_earlier_run_is_printed_again(tmp_path: Path) -> None:
    folder = bench_folder(tmp_path, {"bench_a.py": MEETS})
    first = run(folder, "--json", str(tmp_path / "out.json"))
    again = run(folder, "--table", str(tmp_path / "out.json"))
    assert again.returncode == 0
    assert again.stdout.splitlines() == first.stdout.splitlines()[:3]


def test_a_failing_script_is_reported(tmp_path: Path) -> None:
    folder = bench_folder(tmp_path, {"bench_a.py": MEETS, "bench_z.py": BROKEN})
    result = run(folder, "--json", str(tmp_path / "out.json"))
    assert result.returncode == 2
    assert "failed: bench_z.py exited with code 3" in result.stdout
    assert "fast thing" in result.stdout
