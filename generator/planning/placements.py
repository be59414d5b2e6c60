"""Where work sits: the load on every pool and quarter, the earliest start after
prerequisites, and the placements value a plan is read from.

The same three questions are asked of a plan in three states: while pinned and
in-progress work is committed (context.py), when the flexible work is handed to the
search (search.py), and of the finished plan, when reasons and risks are read off it
(reasons.py, risks.py). `Load` and `earliest` answer them for any state, so the rules
are written once; `Placements` holds the answers for the finished plan.
"""

from __future__ import annotations

import heapq
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from ..data.model import Initiative
from .plan import SolverStatus
from .sequencing import EPS, SHOWN

Span = tuple[int, int]  # (start, end) quarter index, both inside the horizon


class Load:
    """Points used in every pool and quarter, and by whom, filled one placement at a time.

    `limit` is the most that placed work may fill a pool-quarter to: the whole capacity
    while fixed work is committed, less for the finished plan (the current quarter's days
    that are gone are closed to work not yet started). Once a `Placements` holds a Load,
    nothing adds to it.
    """

    def __init__(self, limit: Sequence[Sequence[float]]) -> None:
        self.limit = [list(row) for row in limit]
        self.length = len(self.limit[0])
        self.used = [[0.0] * self.length for _ in self.limit]
        self.occupants: list[list[list[str]]] = [
            [[] for _ in range(self.length)] for _ in self.limit
        ]
        self._amount: dict[str, float] = {}
        self._largest: dict[tuple[int, int], list[str]] = {}

    def add(self, id: str, pools: tuple[int, ...], amount: float, span: Span) -> None:
        self._amount[id] = amount
        for k in range(span[0], span[1] + 1):
            for pool in pools:
                self.used[pool][k] += amount
                self.occupants[pool][k].append(id)
                self._largest.pop((pool, k), None)

    def left(self, pool: int, k: int, amount: float, own: Span | None) -> float:
        """Room for an item of `amount` a quarter; `own` is where it already sits, if it
        does (a window it is asked about may overlap its own)."""
        mine = amount if own is not None and own[0] <= k <= own[1] else 0.0
        return self.limit[pool][k] - self.used[pool][k] + mine

    def tight(
        self, pools: tuple[int, ...], amount: float, start: int, duration: int, own: Span | None
    ) -> tuple[int, int] | None:
        """The first (quarter, pool) of a window without room for the item, else None."""
        for k in range(start, min(start + duration, self.length)):
            for pool in pools:
                if amount > self.left(pool, k, amount, own) + EPS:
                    return k, pool
        return None

    def largest(self, pool: int, k: int) -> list[str]:
        """The first few items in a pool and quarter, largest load first. Cached until the
        pool-quarter changes: a finished plan's reasons ask for the same ones often."""
        key = (pool, k)
        if key not in self._largest:
            self._largest[key] = heapq.nsmallest(
                SHOWN + 1, self.occupants[pool][k], key=lambda x: (-self._amount[x], x)
            )
        return self._largest[key]


@dataclass(frozen=True)
class Earliest:
    """The earliest start after an item's scheduled prerequisites (done ones are satisfied)."""

    start: int
    binding: tuple[str, int] | None  # the prerequisite (id, lag) that sets `start`
    allowed: tuple[tuple[str, int, int], ...]  # each scheduled one: id, lag, first start
    missing: tuple[str, ...]  # prerequisites not scheduled


def earliest(
    item: Initiative, by_id: Mapping[str, Initiative], spans: Mapping[str, Span]
) -> Earliest:
    """Prerequisites by id; the first of those ending last binds."""
    t0, binding = 0, None
    allowed: list[tuple[str, int, int]] = []
    missing: list[str] = []
    for dep in sorted(item.depends_on, key=lambda d: d.id):
        pre = by_id.get(dep.id)
        if pre is None or pre.status == "done":
            continue
        if dep.id in spans:
            after = spans[dep.id][1] + 1 + dep.lag
            allowed.append((dep.id, dep.lag, after))
            if after > t0:
                t0, binding = after, (dep.id, dep.lag)
        else:
            missing.append(dep.id)
    return Earliest(t0, binding, tuple(allowed), tuple(missing))


@dataclass(frozen=True)
class Placements:
    """The finished plan as numbers: where every scheduled item sits (fixed work first, in
    the order it was committed, then the flexible work the search placed), the load that
    puts on each pool, each item's earliest start after its prerequisites, and what the
    search could prove about the flexible part of the objective."""

    spans: Mapping[str, Span]
    load: Load
    earliest: Mapping[str, Earliest]  # every item, against `spans`
    objective: float  # the flexible items' part of the objective
    bound: float  # a proven upper bound on that part
    optimal: bool
    status: SolverStatus
    nodes: int
    improved: bool  # the exact solver beat the heuristic's plan
