"""The planner: prioritise the initiative pool and sequence it into the horizon's quarters.

How a plan is made (docs/planning.md states the same for users):

1. Sort the pool. done -> the done list; postponed and dropped -> not doing, with the
   reason from the data; ballast that is neither pinned nor in progress -> not doing.
   Everything else is active.
2. Commit what is not ours to move. Pins stay where they are, whatever they break. Then
   in-progress items, prerequisites first, take their earliest quarter with room in
   every pool they draw on, not before the end (plus lag) of prerequisites that are
   themselves pinned or in progress; flexible prerequisites do not hold started work
   back. Started work is never dropped: when pins and other started work leave it no
   room it takes its earliest quarter anyway (an `over-capacity` risk); when the
   calendar or a prerequisite leaves it no window, it takes the earliest window free of
   blocks, else the first quarter (a `blocked` or `dependency` risk).
3. Score every active item (priority.py) and sequence the flexible ones (proposed,
   planned) into the room that is left, maximising the documented objective: a fast
   heuristic (sequencing.py) finds a good plan, then an exact solver (milp.py) improves
   it and proves how far from the best it can be. Every placement obeys every rule.
4. Explain. Every placement and every omission gets a reason read off the final plan
   (reasons.py); rules that pins and in-progress work break, overloads, missed
   deadlines and late needs become risks (risks.py).

The parts: steps 1 and 2 make the frozen `Context` (context.py), step 3 turns it into
`Placements` (search.py), and step 4 is plain functions of the two. Nothing is set on
the way: each part gets all it reads as arguments.

Ties are broken by id everywhere, and nothing depends on the order of the input or on
the speed of the machine (unless the time limit cuts the solver short, which the plan
reports), so the same data gives a byte-identical plan.
"""

from __future__ import annotations

import datetime as dt

from ..data.model import Roadmap
from .context import Context, make_context
from .milp import DEFAULT_TIME_LIMIT
from .placements import Placements
from .plan import Omission, OmissionKind, Placement, Plan, PoolLoad, QuarterLoad, Risk, Solver
from .priority import Priority, gain, quadrant, unlock_by_id, value
from .reasons import names, omissions, placement_reasons
from .risks import find_risks
from .search import place

__all__ = ["DEFAULT_TIME_LIMIT", "PLANNER_VERSION", "make_plan", "names", "plan_objective"]

# Raise whenever the same data could plan differently: it keys the cache of earlier plans.
PLANNER_VERSION = 9


def make_plan(
    model: Roadmap,
    *,
    today: dt.date | None = None,
    time_limit: float = DEFAULT_TIME_LIMIT,
    exact: bool = True,
) -> Plan:
    """Prioritise and sequence the roadmap's initiatives (see the module docstring).

    `today` is the build date (the current quarter's days that are gone are closed to
    work not yet started); `time_limit` caps the exact solver's wall-clock time;
    `exact=False` keeps the heuristic's plan without running the solver.
    """
    ctx = make_context(model, today)
    placed = place(ctx, time_limit, exact)
    omitted = omissions(ctx, placed)
    return _plan(
        ctx,
        placed,
        placement_reasons(ctx, placed),
        omitted,
        find_risks(ctx, placed, omitted),
        float(time_limit) if exact else 0.0,
    )


def _plan(
    ctx: Context,
    pl: Placements,
    reasons: dict[str, str],
    omitted: dict[str, tuple[OmissionKind, str]],
    risks: list[Risk],
    time_limit: float,
) -> Plan:
    pr = ctx.priority
    placements = [
        Placement(
            x,
            ctx.q(s),
            ctx.q(e),
            pr[x].score,
            pr[x].quadrant,
            reasons[x],
            pinned=x in ctx.fixed and ctx.fixed[x].pinned,
        )
        for x, (s, e) in pl.spans.items()
    ]
    placements.sort(key=lambda p: (p.start, p.id))
    fixed_part = sum(ctx.gains(ctx.by_id[x])[pl.spans[x][1]] for x in sorted(ctx.fixed))
    team_level = ctx.pools.team_level()
    used = pl.load.used
    capacity = tuple(
        QuarterLoad(
            ctx.q(k),
            sum(ctx.capacity[pool][k] for pool in team_level),
            sum(used[pool][k] for pool in team_level),
            tuple(
                PoolLoad(p.key, ctx.capacity[n][k], used[n][k])
                for n, p in enumerate(ctx.pools.pools)
            ),
        )
        for k in range(ctx.length)
    )
    return Plan(
        horizon=tuple(ctx.q(k) for k in range(ctx.length)),
        capacity=capacity,
        scheduled=tuple(placements),
        not_doing=tuple(
            Omission(x, kind, reason, pr[x].score, pr[x].quadrant)
            for x, (kind, reason) in sorted(omitted.items())
        ),
        risks=tuple(risks),
        done=tuple(i.id for i in ctx.items if i.status == "done"),
        objective=fixed_part + pl.objective,
        bound=fixed_part + pl.bound,
        optimal=pl.optimal,
        solver=Solver(pl.status, pl.nodes, time_limit, pl.improved),
        today=ctx.today,
        open_share=ctx.share,
    )


def plan_objective(model: Roadmap, plan: Plan) -> float:
    """The documented objective of a plan, recomputed from the model: each scheduled
    item's value plus unlock, times its earliness, plus the bonus for deadlines met."""
    th = model.settings.thresholds
    unlock = unlock_by_id(model.initiatives, th)
    start = plan.horizon[0]
    total = 0.0
    for p in sorted(plan.scheduled, key=lambda p: p.id):
        i = model.initiative_by_id[p.id]
        deadline = i.urgency.deadline - start if i.urgency else None
        pr = Priority(value(i), 0.0, unlock.get(i.id, 0.0), i.effort, quadrant(i, th))
        total += gain(pr, p.end - start, len(plan.horizon), deadline)
    return total
