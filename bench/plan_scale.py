"""How does planning time grow with the pool? Plans 500 to 10,000 initiatives.

The roadmaps are random but shaped like real ones scaled up: an 8-quarter horizon,
about 1.5x more work than capacity, one or two dependencies on earlier items for a
third of them, freezes, capacity events, deadlines, pins and in-progress work.

For each size it times `make_plan` as a build runs it (heuristic, then the exact solver
within its work limits), in wall-clock and in CPU seconds (the solver runs on one
thread in this process, so on a machine shared with other work the CPU time is the
steadier figure), and with the heuristic alone (`exact=False`); and it prints the
objective as a share of the proven bound, and what stopped the solver.

    .venv/bin/python bench/plan_scale.py [--sizes 500 1000 2000 5000 10000] [--seed 1]
"""

from __future__ import annotations

import argparse
import itertools
import random
import sys
import time

from plan_quality import event, initiative, roadmap  # type: ignore[import-not-found]

from generator.data.model import Dependency, Quarter, Roadmap
from generator.planning.planner import make_plan

START = Quarter(2027, 1)


def big_roadmap(n: int, seed: int) -> Roadmap:
    rng = random.Random(seed * 7919 + n)
    length = 8
    default = 6.0 * n / length  # about 1.5x the mean total effort of ~4 points an item
    quarters = [START + k for k in range(length)]
    events = (
        event("launch", quarters[4], factor=0.7),
        event("freeze", quarters[1], blocks=("hiring",)),
        event("freeze-2", quarters[5], blocks=("hiring",)),
    )
    items = []
    for k in range(n):
        duration = rng.choice((1, 1, 1, 2, 2, 3))
        deps: tuple[Dependency, ...] = ()
        if k and rng.random() < 0.35:
            picks = sorted({rng.randint(max(0, k - 50), k - 1) for _ in range(rng.randint(1, 2))})
            deps = tuple(Dependency(f"i{j:05d}", rng.choice((0, 0, 1))) for j in picks)
        status = rng.choices(("proposed", "planned", "in-progress", "done"), (65, 25, 5, 5))[0]
        pin = START + rng.randint(0, length - duration) if rng.random() < 0.02 else None
        items.append(
            initiative(
                f"i{k:05d}",
                rng.randint(1, 5),
                round(rng.uniform(1.0, 15.0), 1) / 1.5,
                duration=duration,
                status=status,
                depends_on=deps,
                requires=("hiring",) if rng.random() < 0.15 else (),
                deadline=START + rng.randint(1, length) if rng.random() < 0.2 else None,
                pin=pin,
            )
        )
    return roadmap(items, length, default, {}, events)


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[500, 1000, 2000, 5000, 10000])
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    times: list[tuple[int, float, float]] = []
    print(
        "| initiatives | plan (s) | plan, CPU (s) | heuristic alone (s) | solver stopped by "
        "| share of bound | heuristic's share |"
    )
    print("|---:|---:|---:|---:|---|---:|---:|")
    for n in args.sizes:
        model = big_roadmap(n, args.seed)
        t, cpu = time.perf_counter(), time.process_time()
        plan = make_plan(model)
        elapsed, cpu = time.perf_counter() - t, time.process_time() - cpu
        t = time.perf_counter()
        alone = make_plan(model, exact=False)
        heuristic = time.perf_counter() - t
        times.append((n, elapsed, heuristic))
        print(
            f"| {n:,} | {elapsed:.2f} | {cpu:.2f} | {heuristic:.2f} | {plan.solver.status} | "
            f"{plan.objective / plan.bound:.3%} | {alone.objective / plan.bound:.3%} |",
            flush=True,
        )
    for (n0, t0, g0), (n1, t1, g1) in itertools.pairwise(times):
        print(
            f"{n0} -> {n1}: size x{n1 / n0:g}, time x{t1 / t0:.2f} (heuristic alone x{g1 / g0:.2f})"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
