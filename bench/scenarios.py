"""What scenarios cost: a build with three scenarios against the same build without, and
`roadmap compare` of three scenarios on a generated roadmap.

    .venv/bin/python bench/scenarios.py [--size 300] [--runs 3]

1. The example roadmap, its two scenarios and a third written here ("the launch takes
   half the quarter"), built as the leadership edition in memory (`prepare`: validate,
   plan, the Scenarios page, every page rendered; no MkDocs) and in full (`roadmap
   build`), against the same data without the scenarios folder. Target: within 2x.
2. A generated roadmap of SIZE initiatives (bench/roadmap_data.py) with three scenarios
   (the function pool a fifth smaller, the freeze a quarter longer, one team's pool
   halved): `roadmap compare` of the three. Target: under 10 s here, each plan proven
   best or its gap printed.

Both are measured in one run (best of RUNS), so the ratios hold on a shared machine.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from roadmap_data import quarter, write_data  # type: ignore[import-not-found]

from generator.data.validate import load_roadmap
from generator.history.scenarios import compare
from generator.site.build import prepare

ROOT = Path(__file__).resolve().parent.parent
TODAY = dt.date(2027, 5, 10)
THIRD = """\
title: The launch takes half the quarter
description: The Payroll 3.0 launch needs every hand for half of 2027-Q3.
changes:
  events:
    - {id: payroll3-release, title: Payroll 3.0 release, quarter: 2027-Q3, capacity_factor: 0.5}
"""


def best(runs: int, work) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return min(times)


def example_build(root: Path, runs: int) -> None:
    with_s, without = root / "with", root / "without"
    for project in (with_s, without):
        shutil.copytree(ROOT / "roadmap", project / "roadmap")
        shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    (with_s / "roadmap" / "scenarios" / "launch-half-quarter.yaml").write_text(THIRD, "utf-8")
    shutil.rmtree(without / "roadmap" / "scenarios")
    model, _ = load_roadmap(with_s / "roadmap")
    assert len(model.scenarios) == 3, [s.id for s in model.scenarios]

    def render(project: Path) -> None:
        prepare(project / "roadmap", "leadership", today=TODAY)

    def build(project: Path) -> None:
        subprocess.run(
            [sys.executable, "-m", "generator", "build", "--data", str(project / "roadmap"),
             "--site-dir", str(project / "site"), "--audience", "leadership",
             "--today", TODAY.isoformat()],
            check=True, capture_output=True, env={**os.environ, "SOURCE_DATE_EPOCH": "1795000000"},
        )  # fmt: skip

    r_with, r_without = best(runs, lambda: render(with_s)), best(runs, lambda: render(without))
    b_with, b_without = best(runs, lambda: build(with_s)), best(runs, lambda: build(without))
    print("1. The example, leadership edition, 3 scenarios against none (best of", runs, "runs)")
    print(f"   in memory (prepare): {r_with:6.2f} s against {r_without:6.2f} s: "
          f"{r_with / r_without:4.2f}x (target 2x)")  # fmt: skip
    print(f"   roadmap build:       {b_with:6.2f} s against {b_without:6.2f} s: "
          f"{b_with / b_without:4.2f}x (target 2x)")  # fmt: skip


def generated_compare(root: Path, size: int, runs: int) -> None:
    data = write_data(root / "gen", size, seed=7)
    model, _ = load_roadmap(data)
    team = sorted(t.team for t in model.settings.team_capacity) or [model.teams[0].id]
    scenarios = data / "scenarios"
    scenarios.mkdir()
    default = model.settings.capacity_default
    (scenarios / "smaller-pool.yaml").write_text(
        "title: The function pool is a fifth smaller\ndescription: Budget cut.\n"
        f"changes:\n  capacity: {{default: {round(default * 0.8, 1)}}}\n",
        "utf-8",
    )
    (scenarios / "longer-freeze.yaml").write_text(
        "title: The freeze lasts a quarter longer\ndescription: Extended.\nchanges:\n"
        f"  events:\n    - {{id: freeze-more, title: Freeze on, quarter: {quarter(2)}, "
        "blocks: [hiring]}\n",
        "utf-8",
    )
    (scenarios / "team-halved.yaml").write_text(
        "title: One team has half its points\ndescription: Two managers leave.\nchanges:\n"
        f"  capacity:\n    teams:\n      {team[0]}: {{default: {round(default / 8, 1)}}}\n",
        "utf-8",
    )
    model, _ = load_roadmap(data)
    assert len(model.scenarios) == 3
    result = None

    def run() -> None:
        nonlocal result
        result = compare(model, today=dt.date(2027, 1, 15))

    seconds = best(runs, run)
    assert result is not None
    print(f"2. roadmap compare of 3 scenarios on {size} generated initiatives "
          f"(best of {runs}): {seconds:.2f} s (target under 10 s)")  # fmt: skip
    for name, outcome in [
        ("main", result.main),
        *((r.scenario.id, r.outcome) for r in result.scenarios),
    ]:
        p = outcome.plan
        proof = "proven best" if p.optimal else f"gap {p.bound - p.objective:.2f} of {p.bound:.2f}"
        print(f"   {name:16} plan value {p.objective:10.2f}  {proof}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size", type=int, default=300)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    load = os.getloadavg()[0]
    print(f"load average at start: {load:.1f}")
    with tempfile.TemporaryDirectory() as tmp:
        example_build(Path(tmp), args.runs)
        generated_compare(Path(tmp), args.size, args.runs)
    print(f"load average at end: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
