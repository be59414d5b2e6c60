"""Step 3 of planner.py's docstring: sequence the flexible work into the room left.

The context becomes a `Problem` of plain numbers (sequencing.py); a fast heuristic
finds a good plan from several priority orders, the exact solver (milp.py) improves it
and proves how far from the best it can be, and the result comes back as `Placements`.
"""

from __future__ import annotations

from collections.abc import Callable

from .context import Context
from .milp import DEFAULT_TIME_LIMIT, Outcome, loose_bound, solve
from .placements import Load, Placements, Span, earliest
from .priority import DEADLINE_BONUS
from .sequencing import EPS, Problem, objective, search, settle


def problem(ctx: Context) -> Problem:
    """The flexible work, with the room and earliest starts that fixed work leaves."""
    flexible = ctx.flexible
    fixed = ctx.fixed_spans()
    index = {i.id: n for n, i in enumerate(flexible)}
    first: list[int | None] = []
    deps: list[tuple[tuple[int, int], ...]] = []
    dependents: list[list[int]] = [[] for _ in flexible]
    for n, i in enumerate(flexible):
        after = earliest(i, ctx.by_id, fixed)
        flex_deps = tuple(sorted((index[d.id], d.lag) for d in i.depends_on if d.id in index))
        # A prerequisite that is postponed, dropped or ballast leaves it out.
        first.append(None if any(x not in index for x in after.missing) else after.start)
        deps.append(flex_deps)
        for j, _ in flex_deps:
            dependents[j].append(n)
    return Problem(
        length=ctx.length,
        room=ctx.room,
        ids=tuple(i.id for i in flexible),
        duration=tuple(i.duration for i in flexible),
        load=tuple(ctx.load(i) for i in flexible),
        pools=tuple(ctx.item_pools[i.id] for i in flexible),
        gain=tuple(ctx.gains(i) for i in flexible),
        earliest=tuple(first),
        starts=tuple(ctx.starts[i.id] for i in flexible),
        deps=tuple(deps),
        dependents=tuple(tuple(sorted(d)) for d in dependents),
    )


def place(ctx: Context, time_limit: float = DEFAULT_TIME_LIMIT, exact: bool = True) -> Placements:
    """The finished plan's placements: the fixed work, then the flexible work the search
    placed (each in prerequisites-first order, which is also the order loads add up)."""
    p = problem(ctx)
    outcome, heuristic = _sequence(ctx, p, time_limit, exact)
    spans: dict[str, Span] = ctx.fixed_spans()
    for n, i in enumerate(ctx.flexible):
        s = outcome.start[n]
        if s >= 0:
            spans[i.id] = (s, s + i.duration - 1)
    load = Load(ctx.limit)
    for x, span in spans.items():
        i = ctx.by_id[x]
        load.add(x, ctx.item_pools[x], ctx.load(i), span)
    return Placements(
        spans=spans,
        load=load,
        earliest={i.id: earliest(i, ctx.by_id, spans) for i in ctx.items},
        objective=outcome.objective,
        bound=outcome.bound,
        optimal=outcome.optimal,
        status=outcome.status,
        nodes=outcome.nodes,
        improved=outcome.objective > heuristic + EPS,
    )


def _sequence(ctx: Context, p: Problem, time_limit: float, exact: bool) -> tuple[Outcome, float]:
    """The search's outcome and the heuristic's objective it started from."""
    ids = p.ids
    pr = [ctx.priority[x] for x in ids]
    deadline = [ctx.by_id[x].urgency for x in ids]
    # Items without a deadline sort after every deadline in the horizon.
    due = [10 * ctx.length if u is None else u.deadline - ctx.first for u in deadline]

    def by(key: Callable[[int], tuple[float, ...]]) -> list[int]:
        return sorted(range(len(ids)), key=lambda n: (*key(n), ids[n]))

    orders = [
        by(lambda n: (-pr[n].score,)),
        by(lambda n: (-(pr[n].weight + (DEADLINE_BONUS if deadline[n] else 0.0)) / pr[n].effort,)),
        by(lambda n: (float(due[n]), -pr[n].score)),
        by(lambda n: (-pr[n].weight, -pr[n].score)),
    ]
    start = settle(p, search(p, orders)[1])
    heuristic = objective(p, start)
    if exact:
        outcome = solve(p, start, time_limit)
    else:
        outcome = Outcome(tuple(start), heuristic, loose_bound(p), "heuristic", 0)
    # The solver's plan may leave an item later than it could start on its own; settling
    # it only raises the objective, and afterwards the reasons hold ("earliest quarter").
    settled = tuple(settle(p, list(outcome.start)))
    if settled != outcome.start:
        value = objective(p, settled)
        outcome = Outcome(settled, value, max(outcome.bound, value), outcome.status, outcome.nodes)
    return outcome, heuristic
