"""Every benchmark in bench/ runs at its smallest size and prints its table.

Nothing here asserts a timing (the machines are shared and noisy): the point is that a
change to the tool's API cannot leave a benchmark broken without a red test, as
happened when `bench/pipeline.py` called an edition and a setting that no longer existed.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[1] / "bench"

# script, its smallest arguments, a line its report always prints
SMALLEST = [
    ("pipeline.py", ["--sizes", "20", "--repeat", "1"], "| 20 | render+write+MkDocs |"),
    ("records.py", ["--sizes", "10"], "n=    10: validate"),
    ("plan_quality.py", ["--small", "2", "--medium", "0", "--large", "0"], "share of the optimum"),
    ("plan_scale.py", ["--sizes", "50"], "| initiatives | plan (s) |"),
    ("validate_speed.py", ["--files", "20", "--runs", "1"], "roadmap validate (full)"),
    ("hostile_inputs.py", ["--only", "alias"], "alias bomb"),
    ("import_speed.py", ["--rows", "20", "--runs", "1"], "| import / validate |"),
    ("scenarios.py", ["--size", "40", "--runs", "1"], "roadmap compare of 3 scenarios"),
    ("plan_vs_tj3.py", ["--size", "20", "--runs", "1"], "where our time goes"),
]


def test_every_benchmark_is_covered() -> None:
    scripts = {p.name for p in BENCH.glob("*.py")} - {"roadmap_data.py"}  # a data module
    assert scripts == {name for name, _, _ in SMALLEST}


@pytest.mark.slow
@pytest.mark.parametrize(("script", "args", "line"), SMALLEST, ids=[s for s, _, _ in SMALLEST])
def test_benchmark_runs_at_its_smallest_size(script: str, args: list[str], line: str) -> None:
    result = subprocess.run(
        [sys.executable, str(BENCH / script), *args],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert line in result.stdout, result.stdout[-2000:]
