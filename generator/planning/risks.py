"""The risks of a finished plan: what it knowingly breaks or cannot promise.

- `over-capacity`: pinned and in-progress work alone needs more points than a pool has
  in a quarter (flexible work never overfills a pool); the risk's id is the quarter and
  its message names the pool, the points and the items.
- `dependency`: a pinned or in-progress item starts before a prerequisite allows, or
  depends on something that is not scheduled.
- `blocked`: a pinned or in-progress item sits in a quarter whose calendar event blocks
  one of its `requires` tags.
- `deadline`: an item ends after its deadline, or is left out as blocked, no-capacity or
  beyond-horizon while it has one (postponing or dropping it is a decision, not a risk).
- `need-late`: an item starts before the quarter by which another function promised
  what it needs (`needs: [{by: ...}]`).
"""

from __future__ import annotations

from ..data.model import Initiative
from ..words import number, points
from .context import Context
from .placements import Placements
from .plan import OmissionKind, Risk
from .reasons import Omitted

NOT_PLACED: tuple[OmissionKind, ...] = ("blocked", "no-capacity", "beyond-horizon")


def find_risks(ctx: Context, pl: Placements, omitted: Omitted) -> list[Risk]:
    """Every risk of the finished plan, by id, kind and message."""
    out = _overloads(ctx, pl)
    for i in ctx.items:
        if i.id in ctx.fixed:
            out += _fixed_risks(ctx, pl, i, omitted)
        out += _deadline(ctx, pl, i, omitted)
        out += _needs(ctx, pl, i)
    out.sort(key=lambda r: (r.id, r.kind, r.message))
    return out


def _overloads(ctx: Context, pl: Placements) -> list[Risk]:
    out = []
    load = pl.load
    for pool, p in enumerate(ctx.pools.pools):
        for k in range(ctx.length):
            if load.used[pool][k] > ctx.capacity[pool][k] + 1e-9:
                loads = ", ".join(
                    f"{x} {number(ctx.load(ctx.by_id[x]))}" for x in sorted(load.occupants[pool][k])
                )
                where = "" if ctx.pools.single else f", {p.label}"
                out.append(
                    Risk(
                        str(ctx.q(k)),
                        "over-capacity",
                        f"{ctx.q(k)}{where}: pinned and in-progress work alone needs "
                        f"{points(load.used[pool][k])}, "
                        f"{number(ctx.capacity[pool][k])} available ({loads})",
                    )
                )
    return out


def _deadline(ctx: Context, pl: Placements, i: Initiative, omitted: Omitted) -> list[Risk]:
    if i.urgency is None:
        return []
    dl = i.urgency.deadline
    if i.id in pl.spans and ctx.q(pl.spans[i.id][1]) > dl:
        end = ctx.q(pl.spans[i.id][1])
        return [Risk(i.id, "deadline", f"ends {end}, after its deadline {dl} ({i.urgency.reason})")]
    if i.id in omitted and omitted[i.id][0] in NOT_PLACED:
        return [
            Risk(
                i.id,
                "deadline",
                f"misses its deadline {dl} ({i.urgency.reason}): not scheduled, {omitted[i.id][0]}",
            )
        ]
    return []


def _needs(ctx: Context, pl: Placements, i: Initiative) -> list[Risk]:
    if i.id not in pl.spans:
        return []
    start = ctx.q(pl.spans[i.id][0])
    return [
        Risk(
            i.id,
            "need-late",
            f"starts {start} but needs {' '.join(n.what.split())} from {n.source} only by {n.by}",
        )
        for n in i.needs
        if n.by is not None and n.by > start
    ]


def _fixed_risks(ctx: Context, pl: Placements, i: Initiative, omitted: Omitted) -> list[Risk]:
    s, end = pl.spans[i.id]
    what = f"pinned to {ctx.q(s)}" if ctx.fixed[i.id].pinned else "in progress"
    out = []
    e = pl.earliest[i.id]
    for dep, lag, allowed in e.allowed:
        if s < allowed:
            out.append(
                Risk(
                    i.id,
                    "dependency",
                    f"{what} but {dep} ends {ctx.q(allowed - 1 - lag)}"
                    f"{f' (lag {lag})' if lag else ''}: it should "
                    f"start in {ctx.q(allowed)} or later",
                )
            )
    for dep in e.missing:
        kind = omitted[dep][0] if dep in omitted else "not scheduled"
        out.append(
            Risk(
                i.id,
                "dependency",
                f"{what} but depends on {dep}, which is not scheduled ({kind})",
            )
        )
    for k in range(s, end + 1):
        blocked = ctx.blocked_in(i, k, ending=k == end)
        if blocked:
            out.append(Risk(i.id, "blocked", f"{what}, but {ctx.q(k)} blocks {', '.join(blocked)}"))
    return out
