"""The words of a plan: a reason for every placement and omission, read off the final plan.

Reasons are derived from the plan as it stands, not from the order in which a search
happened to place things, so they hold whichever way the plan was found:

- a scheduled item says why it starts where it does and not earlier: the prerequisite
  that ends just before, or for each earlier start the quarter that was full (in which
  pool, with what) or the event that blocks it;
- a left-out item says why it has no place: a prerequisite left out, the horizon, the
  calendar, or capacity; for capacity, the quarters that were full with what, and what
  it lost to: the lowest-priority flexible work that would have to move for it to fit.

Started work is the one exception: it was committed before the flexible work existed
(context.py), so its reason speaks of the pins and earlier started work it found then;
`_fixed_leads` rebuilds that load in the order it was committed.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from ..data.model import Initiative
from ..words import number, plural, points, quadrant_word
from .context import Context, Fixed
from .placements import Load, Placements, Span
from .plan import OmissionKind
from .sequencing import EPS, SHOWN

ACTIVE = ("proposed", "planned", "in-progress")
Omitted = Mapping[str, tuple[OmissionKind, str]]


def names(ids: Sequence[str], total: int | None = None) -> str:
    """'a, b, c and 4 more': the first SHOWN of `total` (default: all of `ids`)."""
    total = len(ids) if total is None else total
    shown = ", ".join(ids[:SHOWN])
    more = total - min(len(ids), SHOWN)
    return shown + (f" and {more} more" if more > 0 else "")


def listing(ids: Sequence[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    return ids[0] if len(ids) == 1 else f"{', '.join(ids[:-1])} and {ids[-1]}"


# --- the plan's reasons -------------------------------------------------------------------


def placement_reasons(ctx: Context, pl: Placements) -> dict[str, str]:
    """Why every scheduled item sits where it does."""
    leads = _fixed_leads(ctx)
    out = {}
    for x, f in ctx.fixed.items():
        i = ctx.by_id[x]
        lead = leads[x]
        if f.span < i.duration:
            lead += (
                f"; it takes {plural(i.duration, 'quarter')}, so it runs past the horizon's end "
                f"({ctx.q(ctx.length - 1)})"
            )
        out[x] = f"{lead}; {_why(ctx, i)}{_deadline_note(ctx, i, f.end)}"
    for i in ctx.flexible:
        if i.id in pl.spans:
            s, end = pl.spans[i.id]
            e = pl.earliest[i.id]
            lead = _lead(ctx, pl.load, i, e.start, s, e.binding, (s, end))
            out[i.id] = f"{lead}; {_why(ctx, i)}{_deadline_note(ctx, i, end)}"
    return out


def omissions(ctx: Context, pl: Placements) -> dict[str, tuple[OmissionKind, str]]:
    """Why every active item that is not scheduled is left out, by kind."""
    out: dict[str, tuple[OmissionKind, str]] = {}
    for x, kind in ctx.decided.items():
        i = ctx.by_id[x]
        if kind == "ballast":
            out[x] = (kind, _ballast_reason(ctx, i))
        else:
            out[x] = (kind, f"{i.status}: {' '.join((i.reason or 'no reason given').split())}")
    for i in ctx.order:  # prerequisites first, so "blocked" can say why they are out
        if i.status in ACTIVE and i.id not in pl.spans and i.id not in out:
            out[i.id] = _why_not(ctx, pl, i, out)
    return out


def _fixed_leads(ctx: Context) -> dict[str, str]:
    """How each pinned or in-progress item came to sit where it does, against the load of
    the work committed before it (pins first, then started work, prerequisites first)."""
    load = Load(ctx.capacity)
    out = {}
    for x, f in ctx.fixed.items():
        i = ctx.by_id[x]
        out[x] = _fixed_lead(ctx, load, i, f)
        load.add(x, ctx.item_pools[x], ctx.load(i), (f.start, f.end))
    return out


def _fixed_lead(ctx: Context, load: Load, i: Initiative, f: Fixed) -> str:
    s, t0, binding = f.start, f.after.start, f.after.binding
    if f.how == "pinned":
        return f"pinned to {i.pin}"
    if f.how in ("no-window", "calendar"):
        why = (
            f"no window after {_named(ctx, binding[0])} is left in the horizon"
            if f.how == "no-window" and binding
            else "the calendar blocks every window it could use"
        )
        return f"in progress; continues in {ctx.q(s)}: {why}"
    if f.how == "no-room":
        return (
            f"in progress; placed in {ctx.q(s)}{_after(ctx, binding)} although pinned and "
            "in-progress work already fill it"
        )
    if s == t0 == 0:
        return "in progress, continues from the first quarter"
    return "in progress; " + _lead(ctx, load, i, t0, s, binding, None)


# --- capacity and the calendar, in words --------------------------------------------------
# `own` is where the item itself sits when it is scheduled: what it uses there does not
# count against it (a window it passed over may overlap its own).


def _full_note(ctx: Context, load: Load, i: Initiative, k: int, pool: int, own: Span | None) -> str:
    left = max(load.left(pool, k, ctx.load(i), own), 0.0)
    where = "" if ctx.pools.single else f" in {ctx.pools.pools[pool].label}"
    share = ""
    if ctx.shares[k] == 0.0:
        share = ", a quarter already over"
    elif ctx.shares[k] < 1.0:
        share = f", {round(ctx.shares[k] * 100):g}% of the quarter still to come"
    others = [x for x in load.largest(pool, k) if x != i.id][:SHOWN]
    here = load.occupants[pool][k]
    count = len(here) - (i.id in here)
    had = f"{ctx.q(k)} had {number(left)} of {points(ctx.capacity[pool][k])} left{where}"
    return f"{had}{share} ({names(_titles(ctx, others), count)})" if others else had + share


def _waits(ctx: Context, load: Load, i: Initiative, t0: int, s: int, own: Span | None) -> str:
    """Why starts t0..s-1 were passed over: full quarters and calendar blocks."""
    notes: dict[int, str] = {}
    allowed = set(ctx.starts[i.id])
    for t in range(t0, min(s, ctx.length - i.duration + 1)):
        if t not in allowed:
            for k in range(t, t + i.duration):
                blocked = ctx.blocked_in(i, k, ending=k == t + i.duration - 1)
                if blocked:
                    notes.setdefault(k, f"{ctx.q(k)} blocks {', '.join(blocked)}")
            continue
        full = load.tight(ctx.item_pools[i.id], ctx.load(i), t, i.duration, own)
        if full is not None:
            notes.setdefault(full[0], _full_note(ctx, load, i, *full, own))
    return "; ".join(notes[k] for k in sorted(notes))


def _lost_to(ctx: Context, pl: Placements, i: Initiative, t0: int) -> str:
    """For a left-out item: the fewest lowest-priority flexible items that would have to
    move for it to fit, and where it would then go; '' when only fixed work is there."""
    load = pl.load
    best: tuple[int, int, list[str]] | None = None
    for t in ctx.starts[i.id]:
        if t < t0:
            continue
        movers: set[str] = set()
        for k in range(t, t + i.duration):
            for pool in ctx.item_pools[i.id]:
                need = load.used[pool][k] + ctx.load(i) - load.limit[pool][k]
                flexible = sorted(
                    (x for x in load.occupants[pool][k] if x not in ctx.fixed),
                    key=lambda x: (ctx.priority[x].score, x),
                )
                freed = sum(ctx.load(ctx.by_id[x]) for x in movers if x in flexible)
                for x in flexible:
                    if freed >= need - EPS:
                        break
                    if x not in movers:
                        movers.add(x)
                        freed += ctx.load(ctx.by_id[x])
                if freed < need - EPS:
                    movers = {"-"}  # fixed work alone leaves too little room
        if "-" in movers or not movers:
            continue
        if best is None or len(movers) < best[0]:
            best = (len(movers), t, sorted(movers))
    if best is None:
        return ""
    _, t, moving = best
    verb = "it moved" if len(moving) == 1 else "they moved"
    return f"; it lost to {listing(_titles(ctx, moving))}: it would fit in {ctx.q(t)} if {verb}"


# --- the parts of a reason ----------------------------------------------------------------


def _ballast_reason(ctx: Context, i: Initiative) -> str:
    th = ctx.thresholds
    return (
        f"ballast: impact {i.impact} (below {th.impact}) for effort {number(i.effort)} "
        f"(above {number(th.effort)}); pin it with `quarter:` to do it anyway"
    )


def _why(ctx: Context, i: Initiative) -> str:
    pr = ctx.priority[i.id]
    return f"{quadrant_word(pr.quadrant)}, score {number(pr.score)}"


def _deadline_note(ctx: Context, i: Initiative, end: int) -> str:
    if i.urgency is None:
        return ""
    met = "meets" if ctx.q(end) <= i.urgency.deadline else "ends after"
    return f"; {met} its {i.urgency.deadline} deadline"


def _named(ctx: Context, id: str) -> str:
    """An initiative as people know it: by its title."""
    item = ctx.by_id.get(id)
    return item.title if item is not None else id


def _titles(ctx: Context, ids: Sequence[str]) -> list[str]:
    return [_named(ctx, x) for x in ids]


def _after(ctx: Context, binding: tuple[str, int] | None) -> str:
    if binding is None:
        return ""
    lag = f" plus {binding[1]} quarter{'s' * (binding[1] > 1)} lag" if binding[1] else ""
    return f" after {_named(ctx, binding[0])}{lag}"


def _lead(
    ctx: Context,
    load: Load,
    i: Initiative,
    t0: int,
    s: int,
    binding: tuple[str, int] | None,
    own: Span | None,
) -> str:
    """Why it starts where it does: as early as allowed, or what held it back."""
    waits = _waits(ctx, load, i, t0, s, own)
    if not waits:
        return f"earliest quarter{_after(ctx, binding)}"
    allowed = set(ctx.starts[i.id])
    blocked = any(t not in allowed for t in range(t0, s))
    full = any(t in allowed for t in range(t0, s))
    fits = (
        "with room and free of calendar blocks"
        if blocked and full
        else "free of calendar blocks"
        if blocked
        else "with room"
    )
    return f"first quarter{_after(ctx, binding)} {fits}: {waits}"


_STATE: dict[OmissionKind, str] = {
    "postponed": "is postponed",
    "dropped": "is dropped",
    "ballast": "is ballast (not scheduled unless pinned)",
    "blocked": "is blocked itself",
    "no-capacity": "did not fit: no capacity",
    "beyond-horizon": "cannot finish inside the horizon",
}


def _why_not(
    ctx: Context, pl: Placements, i: Initiative, omitted: Omitted
) -> tuple[OmissionKind, str]:
    for dep in sorted(i.depends_on, key=lambda d: d.id):
        if dep.id in omitted:
            state = _STATE[omitted[dep.id][0]]
            return "blocked", f"blocked: depends on {_named(ctx, dep.id)}, which {state}"
    e = pl.earliest[i.id]
    t0, binding = e.start, e.binding
    d = i.duration
    if d > ctx.length:
        return "beyond-horizon", (
            f"beyond the horizon: it takes {plural(d, 'quarter')} and the horizon has {ctx.length}"
        )
    if t0 > ctx.length - d:
        return "beyond-horizon", (
            f"beyond the horizon: it cannot start before {ctx.q(t0)} (after "
            f"{_named(ctx, binding[0]) if binding else 'its prerequisites'}) and takes {d} "
            f"quarter{'s' * (d > 1)}; the horizon ends {ctx.q(ctx.length - 1)}"
        )
    windows = [s for s in ctx.starts[i.id] if s >= t0]
    if not windows:
        return "blocked", (
            f"blocked: no {d}-quarter window from {ctx.q(t0)} avoids the calendar: "
            f"{_waits(ctx, pl.load, i, t0, ctx.length, None)}"
        )
    # The most room any window offers: the smallest pool-quarter of each window.
    most, tightest = max(
        min(
            (pl.load.limit[pool][k], pool) for k in range(s, s + d) for pool in ctx.item_pools[i.id]
        )
        for s in windows
    )
    if ctx.load(i) > most + EPS:
        where = "" if ctx.pools.single else f" in {ctx.pools.pools[tightest].label}"
        return "no-capacity", (
            f"no capacity: it needs {points(ctx.load(i))} a quarter and no quarter it "
            f"could use has that many in total (at most {number(most)}{where}); split it or "
            "give it a longer duration"
        )
    return "no-capacity", (
        f"no capacity: it needs {points(ctx.load(i))} a quarter from "
        f"{ctx.q(t0)}{_after(ctx, binding)}; "
        f"{_waits(ctx, pl.load, i, t0, ctx.length, None)}{_lost_to(ctx, pl, i, t0)}"
    )
