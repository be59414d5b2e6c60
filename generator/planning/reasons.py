"""The words of a plan: a reason for every placement and omission, read off the final plan.

`planner.Planner` extends `Explainer`: this half holds the indexed model, the calendar and
the capacity pools, and turns the finished plan into sentences a manager can act on.
Reasons are derived from the plan as it stands, not from the order in which a search
happened to place things, so they hold whichever way the plan was found:

- a scheduled item says why it starts where it does and not earlier: the prerequisite
  that ends just before, or for each earlier start the quarter that was full (in which
  pool, with what) or the event that blocks it;
- a left-out item says why it has no place: a prerequisite left out, the horizon, the
  calendar, or capacity; for capacity, the quarters that were full with what, and what
  it lost to: the lowest-priority flexible work that would have to move for it to fit.
"""

from __future__ import annotations

import datetime as dt
import heapq
from collections.abc import Sequence
from dataclasses import dataclass

from ..data.model import Initiative, Quarter, Roadmap
from .plan import OmissionKind, Quadrant
from .pools import make_pools, open_share
from .priority import Priority, quadrant
from .sequencing import EPS, SHOWN

QUADRANT_WORDS = {
    "quick-win": "quick win",
    "strategic": "strategic",
    "fill-in": "fill-in",
    "ballast": "ballast",
}
ACTIVE = ("proposed", "planned", "in-progress")


def num(x: float) -> str:
    """A number as people write it: 2.4, 12, 0.25."""
    return f"{round(x, 2):g}"


def names(ids: Sequence[str], total: int | None = None) -> str:
    """'a, b, c and 4 more': the first SHOWN of `total` (default: all of `ids`)."""
    total = len(ids) if total is None else total
    shown = ", ".join(ids[:SHOWN])
    more = total - min(len(ids), SHOWN)
    return shown + (f" and {more} more" if more > 0 else "")


def listing(ids: Sequence[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    return ids[0] if len(ids) == 1 else f"{', '.join(ids[:-1])} and {ids[-1]}"


@dataclass(frozen=True)
class Fixed:
    """A pinned or in-progress item, placed before anything else."""

    start: int
    pinned: bool
    lead: str  # why it sits there, worded when it was placed (see Planner._in_progress)
    span: int  # quarters it occupies inside the horizon (less than its duration only
    # for in-progress work that runs past the horizon's end)


class Explainer:
    """The indexed model, the calendar, the pools, and the text of reasons."""

    # Set while planning (see planner.Planner.plan).
    scheduled: dict[str, tuple[int, int]]  # id -> (start, end) quarter index
    used: list[list[float]]  # per pool and quarter, everything placed
    occupants: list[list[list[str]]]  # per pool and quarter
    limit: list[list[float]]  # per pool and quarter: the most flexible work may fill to
    fixed: dict[str, Fixed]
    priority: dict[str, Priority]

    def __init__(self, model: Roadmap, today: dt.date | None = None) -> None:
        self.model = model
        h = model.settings.horizon
        self.h0, self.length = h.start, h.length
        self.items = sorted(model.initiatives, key=lambda i: i.id)
        self.by_id = {i.id: i for i in self.items}
        self.pools = make_pools(model)
        self.capacity = [list(p.capacity) for p in self.pools.pools]
        self.item_pools = {i.id: self.pools.of(i) for i in self.items}
        self.today = today
        self.share = open_share(today, h.start)
        self.blocks = [self._blocks(h.start + k) for k in range(self.length)]
        th = model.settings.thresholds
        self.quadrant: dict[str, Quadrant] = {i.id: quadrant(i, th) for i in self.items}
        self.order = topological(self.items)
        self._starts: dict[str, tuple[int, ...]] = {}
        self._largest_cache: dict[tuple[int, int], list[str]] = {}

    # --- the calendar -----------------------------------------------------------------

    def _blocks(self, q: Quarter) -> dict[str, tuple[str, ...]]:
        out: dict[str, list[str]] = {}
        for e in sorted(self.model.events, key=lambda e: e.id):
            if e.quarter == q:
                for tag in e.blocks:
                    out.setdefault(tag, []).append(e.id)
        return {t: tuple(v) for t, v in out.items()}

    def q(self, k: int) -> Quarter:
        return self.h0 + k

    def blocked_in(self, item: Initiative, k: int) -> list[str]:
        """'hiring (headcount-freeze)' for each required tag blocked in quarter k."""
        return [
            f"{t} ({', '.join(self.blocks[k][t])})" for t in item.requires if t in self.blocks[k]
        ]

    def starts(self, item: Initiative) -> tuple[int, ...]:
        """Starts whose whole window lies in the horizon, free of calendar blocks."""
        if item.id not in self._starts:
            d = item.duration
            self._starts[item.id] = tuple(
                s
                for s in range(self.length - d + 1)
                if not any(self.blocked_in(item, k) for k in range(s, s + d))
            )
        return self._starts[item.id]

    def earliest(self, i: Initiative) -> tuple[int, tuple[str, int] | None, list[str]]:
        """Earliest start after scheduled prerequisites; the one that binds; those not
        scheduled (done ones are satisfied)."""
        t0, binding, missing = 0, None, []
        for dep in sorted(i.depends_on, key=lambda d: d.id):
            pre = self.by_id.get(dep.id)
            if pre is None or pre.status == "done":
                continue
            if dep.id in self.scheduled:
                after = self.scheduled[dep.id][1] + 1 + dep.lag
                if after > t0:
                    t0, binding = after, (dep.id, dep.lag)
            else:
                missing.append(dep.id)
        return t0, binding, missing

    # --- capacity in the finished plan -------------------------------------------------

    def load(self, i: Initiative) -> float:
        return i.effort / i.duration

    def _mine(self, i: Initiative, pool: int, k: int) -> float:
        """What i itself uses of a pool in quarter k (it may overlap an earlier window)."""
        where = self.scheduled.get(i.id)
        return self.load(i) if where and where[0] <= k <= where[1] else 0.0

    def tight(self, i: Initiative, s: int) -> tuple[int, int] | None:
        """The first (quarter, pool) of a start-s window without room for i, else None."""
        for k in range(s, min(s + i.duration, self.length)):
            for pool in self.item_pools[i.id]:
                left = self.limit[pool][k] - self.used[pool][k] + self._mine(i, pool, k)
                if self.load(i) > left + EPS:
                    return k, pool
        return None

    def _full_note(self, i: Initiative, k: int, pool: int) -> str:
        left = max(self.limit[pool][k] - self.used[pool][k] + self._mine(i, pool, k), 0.0)
        where = "" if self.pools.single else f" in {self.pools.pools[pool].label}"
        share = ""
        if k == 0 and self.share < 1.0:
            share = f", {round(self.share * 100):g}% of the quarter still to come"
        others = [x for x in self._largest(pool, k) if x != i.id][:SHOWN]
        count = len(self.occupants[pool][k]) - (i.id in self.occupants[pool][k])
        had = f"{self.q(k)} had {num(left)} of {num(self.capacity[pool][k])} points left{where}"
        return f"{had}{share} ({names(others, count)})" if others else had + share

    def _largest(self, pool: int, k: int) -> list[str]:
        """The first few items in a pool and quarter, largest load first (computed once:
        reasons are read off a finished plan)."""
        key = (pool, k)
        if key not in self._largest_cache:
            here = self.occupants[pool][k]
            self._largest_cache[key] = heapq.nsmallest(
                SHOWN + 1, here, key=lambda x: (-self.load(self.by_id[x]), x)
            )
        return self._largest_cache[key]

    def waits(self, i: Initiative, t0: int, s: int) -> str:
        """Why starts t0..s-1 were passed over: full quarters and calendar blocks."""
        notes: dict[int, str] = {}
        allowed = set(self.starts(i))
        for t in range(t0, min(s, self.length - i.duration + 1)):
            if t not in allowed:
                for k in range(t, t + i.duration):
                    blocked = self.blocked_in(i, k)
                    if blocked:
                        notes.setdefault(k, f"{self.q(k)} blocks {', '.join(blocked)}")
                continue
            full = self.tight(i, t)
            if full is not None:
                notes.setdefault(full[0], self._full_note(i, *full))
        return "; ".join(notes[k] for k in sorted(notes))

    def lost_to(self, i: Initiative, t0: int) -> str:
        """For a left-out item: the fewest lowest-priority flexible items that would have to
        move for it to fit, and where it would then go; '' when only fixed work is there."""
        best: tuple[int, int, list[str]] | None = None
        for t in self.starts(i):
            if t < t0:
                continue
            movers: set[str] = set()
            for k in range(t, t + i.duration):
                for pool in self.item_pools[i.id]:
                    need = self.used[pool][k] + self.load(i) - self.limit[pool][k]
                    flexible = sorted(
                        (x for x in self.occupants[pool][k] if x not in self.fixed),
                        key=lambda x: (self.priority[x].score, x),
                    )
                    freed = sum(self.load(self.by_id[x]) for x in movers if x in flexible)
                    for x in flexible:
                        if freed >= need - EPS:
                            break
                        if x not in movers:
                            movers.add(x)
                            freed += self.load(self.by_id[x])
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
        return f"; it lost to {listing(moving)}: it would fit in {self.q(t)} if {verb}"

    # --- reasons ----------------------------------------------------------------------

    def ballast_reason(self, i: Initiative) -> str:
        th = self.model.settings.thresholds
        return (
            f"ballast: impact {i.impact} (below {th.impact}) for effort {num(i.effort)} "
            f"(above {num(th.effort)}); pin it with `quarter:` to do it anyway"
        )

    def why(self, i: Initiative) -> str:
        pr = self.priority[i.id]
        return f"{QUADRANT_WORDS[pr.quadrant]}, score {num(pr.score)}"

    def deadline_note(self, i: Initiative, end: int) -> str:
        if i.urgency is None:
            return ""
        met = "meets" if self.h0 + end <= i.urgency.deadline else "ends after"
        return f"; {met} its {i.urgency.deadline} deadline"

    def named(self, id: str) -> str:
        """An initiative as people know it: its title, then its id."""
        item = self.by_id.get(id)
        return f"{item.title} ({id})" if item is not None else id

    def after(self, binding: tuple[str, int] | None) -> str:
        if binding is None:
            return ""
        lag = f" plus {binding[1]} quarter{'s' * (binding[1] > 1)} lag" if binding[1] else ""
        return f" after {self.named(binding[0])}{lag}"

    def lead(self, i: Initiative, t0: int, s: int, binding: tuple[str, int] | None) -> str:
        """Why it starts where it does: as early as allowed, or what held it back."""
        waits = self.waits(i, t0, s)
        if not waits:
            return f"earliest quarter{self.after(binding)}"
        allowed = set(self.starts(i))
        blocked = any(t not in allowed for t in range(t0, s))
        full = any(t in allowed for t in range(t0, s))
        fits = (
            "with room and free of calendar blocks"
            if blocked and full
            else "free of calendar blocks"
            if blocked
            else "with room"
        )
        return f"first quarter{self.after(binding)} {fits}: {waits}"

    def fixed_reason(self, i: Initiative) -> str:
        f = self.fixed[i.id]
        _, end = self.scheduled[i.id]
        lead = f.lead
        if f.span < i.duration:
            lead += (
                f"; it takes {i.duration} quarters, so it runs past the horizon's end "
                f"({self.q(self.length - 1)})"
            )
        return f"{lead}; {self.why(i)}{self.deadline_note(i, end)}"

    def flexible_reason(self, i: Initiative) -> str:
        s, end = self.scheduled[i.id]
        t0, binding, _ = self.earliest(i)
        return f"{self.lead(i, t0, s, binding)}; {self.why(i)}{self.deadline_note(i, end)}"

    def why_not(
        self, i: Initiative, omitted: dict[str, tuple[OmissionKind, str]]
    ) -> tuple[OmissionKind, str]:
        for dep in sorted(i.depends_on, key=lambda d: d.id):
            if dep.id in omitted:
                kind, _ = omitted[dep.id]
                state = {
                    "postponed": "is postponed",
                    "dropped": "is dropped",
                    "ballast": "is ballast (not scheduled unless pinned)",
                    "blocked": "is blocked itself",
                    "no-capacity": "did not fit: no capacity",
                    "beyond-horizon": "cannot finish inside the horizon",
                }[kind]
                return "blocked", f"blocked: depends on {self.named(dep.id)}, which {state}"
        t0, binding, _ = self.earliest(i)
        d = i.duration
        if d > self.length:
            return "beyond-horizon", (
                f"beyond the horizon: it takes {d} quarters and the horizon has {self.length}"
            )
        if t0 > self.length - d:
            return "beyond-horizon", (
                f"beyond the horizon: it cannot start before {self.q(t0)} (after "
                f"{binding[0] if binding else 'its prerequisites'}) and takes {d} "
                f"quarter{'s' * (d > 1)}; the horizon ends {self.q(self.length - 1)}"
            )
        windows = [s for s in self.starts(i) if s >= t0]
        if not windows:
            return "blocked", (
                f"blocked: no {d}-quarter window from {self.q(t0)} avoids the calendar: "
                f"{self.waits(i, t0, self.length)}"
            )
        # The most room any window offers: the smallest pool-quarter of each window.
        most, tightest = max(
            min(
                (self.limit[pool][k], pool)
                for k in range(s, s + d)
                for pool in self.item_pools[i.id]
            )
            for s in windows
        )
        if self.load(i) > most + EPS:
            where = "" if self.pools.single else f" in {self.pools.pools[tightest].label}"
            return "no-capacity", (
                f"no capacity: it needs {num(self.load(i))} points a quarter and no quarter it "
                f"could use has that many in total (at most {num(most)}{where}); split it or "
                "give it a longer duration"
            )
        return "no-capacity", (
            f"no capacity: it needs {num(self.load(i))} points a quarter from "
            f"{self.q(t0)}{self.after(binding)}; "
            f"{self.waits(i, t0, self.length)}{self.lost_to(i, t0)}"
        )


def topological(items: Sequence[Initiative]) -> list[Initiative]:
    """Prerequisites before dependents, ties by id (validation has ruled out cycles)."""
    by_id = {i.id: i for i in items}
    waiting = {i.id: {d.id for d in i.depends_on if d.id in by_id} for i in items}
    dependents: dict[str, list[str]] = {}
    for x, pres in waiting.items():
        for y in pres:
            dependents.setdefault(y, []).append(x)
    ready = [x for x, pres in waiting.items() if not pres]
    heapq.heapify(ready)
    out = []
    while ready:
        x = heapq.heappop(ready)
        out.append(by_id[x])
        for y in dependents.get(x, ()):
            waiting[y].discard(x)
            if not waiting[y]:
                heapq.heappush(ready, y)
    if len(out) != len(items):
        raise ValueError("dependency cycle among initiatives; validate the data first")
    return out
