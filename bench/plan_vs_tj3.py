"""`roadmap plan` against TaskJuggler (`tj3`) on the same generated project, in one run.

    .venv/bin/python bench/plan_vs_tj3.py [--size 300] [--seed 7] [--runs 3] [--keep DIR]

A roadmap of SIZE initiatives is generated (bench/roadmap_data.py, the one
bench/scenarios.py uses), and the equivalent TaskJuggler 3 project is written from the
planner's own context (generator/planning/context.py), so that both get the same
numbers. Then `roadmap plan --format json` and `tj3 --no-reports` are each run RUNS
times as processes, alternating, and the best wall time of each and their ratio
(tj3 / ours) are printed. A breakdown of our time follows, measured in one more process
with timing hooks around the stages (not estimated): the interpreter and imports,
loading and validating, the planning context and the problem, the heuristic, building
the mixed-integer program, HiGHS's own work, what would make left-out work fit (plans
made again, each split the same way), and the rest.

What "equivalent" means:

- The same work: every initiative the planner considers (pinned, in progress, and the
  proposed and planned work that is not ballast and does not wait on left-out work) is
  a task, with the planner's priority order as TaskJuggler's `priority` (1000 first).
- The same capacity: every pool (the function, each team with points of its own, each
  person with a limit) is a resource whose `efficiency` is its largest capacity in a
  quarter (1 point = one person-quarter = 65 working days), and whose weekly hours in
  each quarter are cut to the share of that largest capacity the quarter has (events'
  capacity factors, overrides, the current quarter's days gone): `limits { weeklymax }`
  with a `period`. A task allocates every pool it draws on, so it needs all of them at
  once, as in the plan.
- The same shape: a task's effort is its points x 65 days; it is spread over its
  duration by a monthly limit on its share of the pool (its points a quarter over the
  pool's largest capacity), rounded up to whole hours, TaskJuggler's resolution.
- The same order: dependencies with their lag (`gapduration` of 91 days a quarter),
  pins as a fixed start in their quarter, in-progress work first.

Where it differs (so the ratio compares two schedulers, not two answers):

- TaskJuggler schedules every task, as early as its priority lets it, and never leaves
  one out; the planner chooses what fits in the horizon and proves that choice best.
  The project therefore runs past the horizon (three years more).
- Calendar blocks (`requires` a tag an event blocks) become a dependency on a milestone
  at the end of the last blocked quarter, instead of "no quarter it occupies is blocked".
- Deadlines are in the priority only (a `maxend` that cannot be met would stop tj3).
- The hour rounding of the monthly limits makes some tasks spread a little faster or
  slower than their duration in quarters.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from generator.data.model import Quarter
    from generator.planning.context import Context

ROOT = Path(__file__).resolve().parent.parent
TODAY = dt.date(2026, 12, 3)  # before the generated horizon (2027-Q1): every quarter open
DAYS_PER_POINT = 65  # working days in a quarter: one point is one person-quarter
HOURS_PER_MONTH = 173  # working hours in a month (8 h x 21.7 days)
STAGES = (
    ("interpreter", "the interpreter starting"),
    ("imports", "imports (the command line and everything `plan` uses)"),
    ("load", "loading and validating the data"),
    ("context", "the planning context and the problem"),
    ("heuristic", "the heuristic"),
    ("build", "building the program for HiGHS"),
    ("highs", "HiGHS's own work"),
    ("fits", "what would make it fit: plans made again (split below)"),
    ("rest", "the rest (reasons, risks, JSON, exit)"),
)


def _day(q: Quarter) -> str:
    return q.first_day.isoformat()


def _tj_id(x: str) -> str:
    return "t_" + x.replace("-", "_")


def breakdown(argv: list[str], launched: float) -> None:
    """Run `roadmap ARGV` in this process with timing hooks around each stage; print the
    seconds per stage (the stages of plans made again for fits are counted apart)."""
    began = time.time()
    import highspy._core
    import numpy  # noqa: F401

    import generator.cli
    import generator.data.validate
    import generator.planning.fit
    import generator.planning.scenario
    import generator.planning.text
    from generator.planning import fit, planner, search, sequencing

    imported = time.time()
    spent: dict[str, float] = {}
    depth = {"fit": 0}

    def hook(owner: Any, name: str, stage: str) -> None:
        inner = getattr(owner, name)

        def timed(*a: Any, **k: Any) -> Any:
            start = time.perf_counter()
            try:
                return inner(*a, **k)
            finally:
                key = f"fit:{stage}" if depth["fit"] and stage != "fits" else stage
                spent[key] = spent.get(key, 0.0) + time.perf_counter() - start

        setattr(owner, name, timed)

    def counted(inner: Any) -> Any:
        def plan_again(*a: Any, **k: Any) -> Any:
            depth["fit"] += 1
            spent["fit:plans"] = spent.get("fit:plans", 0.0) + 1
            try:
                return inner(*a, **k)
            finally:
                depth["fit"] -= 1

        return plan_again

    hook(generator.data.validate, "load_roadmap", "load")
    hook(planner, "make_context", "context")
    hook(search, "problem", "context")
    hook(search, "search", "heuristic")
    hook(sequencing, "settle", "heuristic")
    hook(search, "solve", "solve")
    hook(highspy._core._Highs, "run", "highs")
    fit.make_plan = counted(fit.make_plan)
    hook(fit, "find_fits", "fits")
    started = time.time()
    try:
        generator.cli.main(argv, standalone_mode=False)
    finally:
        ended = time.time()
    # `solve` holds the program's building and HiGHS's run; the heuristic's second call
    # of `settle` on the solver's plan is counted with the heuristic.
    for prefix in ("", "fit:"):
        spent[prefix + "build"] = spent.pop(prefix + "solve", 0.0) - spent.get(prefix + "highs", 0)
    seconds = {
        "interpreter": began - launched,
        "imports": imported - began,
        **{k: spent.get(k, 0.0) for k in ("load", "context", "heuristic", "build", "highs")},
        "fits": spent.get("fits", 0.0),
    }
    seconds["rest"] = (ended - started) - sum(
        seconds[k] for k in ("load", "context", "heuristic", "build", "highs", "fits")
    )
    total = sum(seconds.values())
    out = sys.stderr
    print(f"where our time goes, in one more run ({total:.2f} s from launch to exit):", file=out)
    for key, words in STAGES:
        print(f"  {seconds[key]:6.3f} s {seconds[key] / total:6.1%}  {words}", file=out)
        if key == "fits" and spent.get("fit:plans"):
            print(f"           {int(spent['fit:plans'])} plans made again: "
                  + ", ".join(f"{k[4:]} {v:.3f} s" for k, v in sorted(spent.items())
                              if k.startswith("fit:") and k != "fit:plans"),
                  file=out)  # fmt: skip
    print(f"  {time.time() - ended:6.3f} s after the command (interpreter exit not counted)",
          file=out)  # fmt: skip


def tj3_project(ctx: Context, title: str) -> str:
    """The TaskJuggler project equivalent to the planning context (see the docstring)."""
    end = ctx.q(ctx.length) + 12  # three years past the horizon: TaskJuggler places all
    lines = [
        f'project roadmap "{title}" {_day(ctx.first)} - {_day(end)} {{',
        '  timezone "UTC"',
        f"  now {_day(ctx.first)}",
        "}",
        "",
    ]
    peak = [max(max(cap), 1e-9) for cap in ctx.limit]
    for n, pool in enumerate(ctx.pools.pools):
        lines.append(f'resource r{n} "{pool.key}" {{')
        lines.append(f"  efficiency {peak[n]:.3f}")
        limits = []
        for k in range(ctx.length):
            hours = math.floor(40 * ctx.limit[n][k] / peak[n])
            if hours < 40:
                period = f"{_day(ctx.q(k))} - {_day(ctx.q(k + 1))}"
                limits.append(f"weeklymax {hours}h {{ period {period} }}")
        if limits:  # one `limits` attribute: a second one would replace the first
            lines.append(f"  limits {{ {' '.join(limits)} }}")
        lines.append("}")
    lines.append("")
    for k in range(1, ctx.length + 1):  # milestones: the start of each quarter
        lines.append(f'task q{k} "{ctx.q(k)} starts" {{ start {_day(ctx.q(k))} }}')
    from generator.planning.search import problem

    p = problem(ctx)
    flexible = {x for n, x in enumerate(p.ids) if p.earliest[n] is not None}
    tasks = [i for i in ctx.order if i.id in ctx.fixed or i.id in flexible]
    included = {i.id for i in tasks}
    # The planner's priority order (score, ties by id) as TaskJuggler priorities.
    ranked = sorted(tasks, key=lambda i: (-ctx.priority[i.id].score, i.id))
    rank = {i.id: k for k, i in enumerate(ranked)}
    for i in tasks:
        f = ctx.fixed.get(i.id)
        prio = 1000 if f is not None else max(1, 999 - rank[i.id] * 998 // max(len(tasks), 1))
        lines.append(f'task {_tj_id(i.id)} "{i.id}" {{')
        lines.append(f"  priority {prio}")
        lines.append(f"  effort {i.effort * DAYS_PER_POINT:.1f}d")
        pools = ctx.item_pools[i.id]
        for n in pools:
            lines.append(f"  allocate r{n}")
        share = max(ctx.load(i) / peak[n] for n in pools)
        hours = max(1, math.ceil(HOURS_PER_MONTH * share))
        lines.append(f"  limits {{ monthlymax {hours}h }}")
        if f is not None:
            lines.append(f"  start {_day(ctx.q(f.start))}")
        if f is None:
            parts = [
                f"{_tj_id(d.id)} {{ gapduration {91 * d.lag}d }}" if d.lag else _tj_id(d.id)
                for d in i.depends_on
                if d.id in included
            ]
            blocked = [k for k in range(ctx.length) if ctx.blocked_in(i, k)]
            if blocked:  # after the last quarter the calendar blocks for it
                parts.append(f"q{max(blocked) + 1}")
            if parts:
                lines.append("  depends " + ", ".join(parts))
        lines.append("}")
    return "\n".join(lines) + "\n"


def _time(cmd: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    done = subprocess.run(cmd, capture_output=True, text=True, env=env)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(
            f"{cmd[0]} failed ({done.returncode}):\n{done.stdout[-2000:]}{done.stderr[-2000:]}"
        )
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--size", type=int, default=300)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="write the data and the project here")
    args = parser.parse_args()
    from roadmap_data import write_data  # type: ignore[import-not-found]

    from generator.data.validate import load_roadmap
    from generator.planning.context import make_context

    print(f"load average at start: {os.getloadavg()[0]:.1f}")
    with tempfile.TemporaryDirectory() as tmp:
        root = args.keep or Path(tmp)
        data = write_data(root, args.size, args.seed)
        model, _ = load_roadmap(data)
        ctx = make_context(model, TODAY)
        project = root / "roadmap.tjp"
        project.write_text(tj3_project(ctx, model.settings.title), "utf-8")
        tasks = project.read_text("utf-8").count("\ntask ")
        print(f"{args.size} initiatives, {ctx.length} quarters, {len(ctx.pools.pools)} pools; "
              f"{tasks} TaskJuggler tasks")  # fmt: skip
        env = {**os.environ, "PYTHONDONTWRITEBYTECODE": ""}
        roadmap = Path(sys.executable).with_name("roadmap")
        ours_cmd = [str(roadmap), "plan", "--data", str(data), "--format", "json",
                    "--today", TODAY.isoformat()]  # fmt: skip
        tj3_cmd = ["tj3", "--silent", "--no-reports", str(project)]
        has_tj3 = shutil.which("tj3") is not None
        ours, theirs = [], []
        for _ in range(args.runs):
            ours.append(_time(ours_cmd, env))
            if has_tj3:
                theirs.append(_time(tj3_cmd, env))
        plan = json.loads(subprocess.run(ours_cmd, capture_output=True, check=True).stdout)
        best_ours = min(ours)
        print(f"roadmap plan: {', '.join(f'{t:.2f}' for t in ours)} s (best {best_ours:.2f})")
        if has_tj3:
            best_tj3 = min(theirs)
            print(f"tj3:          {', '.join(f'{t:.2f}' for t in theirs)} s (best {best_tj3:.2f})")
            print(f"ratio tj3 / roadmap plan: {best_tj3 / best_ours:.1f}x (target 20x)")
        else:
            print("tj3 not found (Debian: apt-get install tj3): no ratio in this run")
        proof = "proven optimal" if plan["optimal"] else (
            f"not proven: bound {plan['bound']:.2f}, gap {plan['bound'] - plan['objective']:.2f}"
        )  # fmt: skip
        print(f"plan value {plan['objective']:.2f}, {proof}, solver {plan['solver']['status']}, "
              f"{len(plan['scheduled'])} scheduled")  # fmt: skip
        launched = time.time()
        child = subprocess.run(
            [sys.executable, __file__, "--breakdown", str(launched), *ours_cmd[1:]],
            capture_output=True, text=True, env=env,
        )  # fmt: skip
        if child.returncode != 0:
            sys.exit(f"the breakdown run failed:\n{child.stderr[-3000:]}")
        print(child.stderr, end="")
    print(f"load average at end: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    if sys.argv[1:2] == ["--breakdown"]:
        breakdown(sys.argv[3:], float(sys.argv[2]))
    else:
        main()
