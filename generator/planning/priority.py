"""Prioritisation: the quadrant, the score, and the objective a plan is measured by.

Everything here is arithmetic on the model; sequencing lives in `search.py`. The
formulas are documented for users in docs/planning.md: change both together.

The score is a "weighted shortest job first" ratio: what a quarter of delay costs
(the item's own value, the pressure of its deadline, and the value it unlocks for
other initiatives), divided by the capacity points it needs. It orders the work.

The objective is what a plan as a whole is worth. It rewards value delivered and value
unlocked, earlier, quick wins earlier still (momentum), and deadlines met; the planner
maximises it exactly (milp.py) and bench/plan_quality.py measures how close it gets.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from ..data.model import Initiative, Thresholds
from .plan import Quadrant

# Meeting a hard deadline is worth about as much as delivering one high-impact item
# (impact 3 is worth 9), so a deadline outweighs a low-impact item but not a top one.
DEADLINE_BONUS = 10.0
# A prerequisite earns half the value of everything waiting on it: enough to pull it
# ahead of peers, not so much that a trivial enabler outranks the work it enables.
UNLOCK_SHARE = 0.5
# A quick win ending in the first quarter is worth half its value again: quick wins come
# first, to show progress and build momentum for the larger items (see `momentum`).
MOMENTUM = 0.5


@dataclass(frozen=True)
class Priority:
    """One initiative's score and the parts it is made of."""

    value: float  # impact squared
    urgency: float  # deadline pressure, 0 without a deadline
    unlock: float  # share of the value of everything that (transitively) waits on it
    effort: float
    quadrant: Quadrant

    @property
    def score(self) -> float:
        return (self.value + self.urgency + self.unlock) / self.effort

    @property
    def weight(self) -> float:
        """What delivering it in the first quarter adds to the objective (no deadline)."""
        return self.value + self.unlock


def quadrant(item: Initiative, thresholds: Thresholds) -> Quadrant:
    """The impact/effort 2x2: high impact is impact >= threshold, high effort is effort > it."""
    high_impact = item.impact >= thresholds.impact
    high_effort = item.effort > thresholds.effort
    if high_impact:
        return "strategic" if high_effort else "quick-win"
    return "ballast" if high_effort else "fill-in"


def value(item: Initiative) -> float:
    """What delivering an item is worth. Squared, because impact is an ordinal 1-5 scale on
    which a 5 matters far more than five 1s: a linear value would fill quarters with
    fill-ins ahead of the strategic work the 2x2 says to plan deliberately."""
    return float(item.impact * item.impact)


def earliness(end_index: int, length: int) -> float:
    """The share of its worth an item delivers when it ends in quarter `end_index` (0-based)
    of a `length`-quarter horizon: 1 in the first quarter, falling evenly to just over a
    half in the last, so earlier is better but late is still far better than never."""
    return 1.0 - end_index / (2.0 * length)


def momentum(end_index: int, length: int) -> float:
    """A quick win's extra worth, as a share of its value: MOMENTUM when it ends in the
    first quarter, falling evenly towards nothing at the end of the horizon. Quick wins
    are there to show progress early; one delivered late has lost that point."""
    return MOMENTUM * (1.0 - end_index / length)


def gain(pr: Priority, end_index: int, length: int, deadline: int | None) -> float:
    """One scheduled item's part of the objective: (value + unlock) x earliness, plus for
    a quick win value x momentum, plus DEADLINE_BONUS when it ends in or before its
    deadline quarter."""
    total = pr.weight * earliness(end_index, length)
    if pr.quadrant == "quick-win":
        total += pr.value * momentum(end_index, length)
    if deadline is not None and end_index <= deadline:
        total += DEADLINE_BONUS
    return total


def counts_for_unlock(item: Initiative, q: Quadrant) -> bool:
    """Whether an initiative's value counts towards what its prerequisites unlock: active
    work that a decision or the ballast rule has not already left out."""
    if item.status not in ("proposed", "planned", "in-progress"):
        return False
    return q != "ballast" or item.pin is not None or item.status == "in-progress"


def urgency(slack: int | None) -> float:
    """Deadline pressure from the slack, in quarters, between the earliest the item could
    end (its prerequisites' chain, ignoring capacity) and its deadline."""
    if slack is None:
        return 0.0
    return DEADLINE_BONUS / (1 + max(slack, 0))


def unlock_values(
    dependents: Mapping[str, Iterable[str]], values: Mapping[str, float], order: Iterable[str]
) -> dict[str, float]:
    """UNLOCK_SHARE times the value of every initiative that transitively depends on each one.

    `order` must list dependents before their prerequisites (a reverse topological order).
    Reachable sets are bitmasks, so a diamond counts once and 5,000 items stay fast;
    the sums use one popcount per distinct value instead of walking each set.
    """
    ids = list(order)
    bit = {x: 1 << n for n, x in enumerate(ids)}
    by_value: dict[float, int] = {}
    for x in ids:
        if values.get(x, 0.0) > 0:
            by_value[values[x]] = by_value.get(values[x], 0) | bit[x]
    reach: dict[str, int] = {}
    out: dict[str, float] = {}
    for x in ids:
        mask = 0
        for y in dependents.get(x, ()):
            if y in bit:
                mask |= bit[y] | reach.get(y, 0)
        reach[x] = mask
        out[x] = UNLOCK_SHARE * sum(v * (mask & m).bit_count() for v, m in by_value.items())
    return out


def unlock_by_id(items: Iterable[Initiative], thresholds: Thresholds) -> dict[str, float]:
    """Every initiative's unlock value (see unlock_values), from the model alone."""
    pool = sorted(items, key=lambda i: i.id)
    counted = {i.id for i in pool if counts_for_unlock(i, quadrant(i, thresholds))}
    dependents: dict[str, list[str]] = {}
    for i in pool:
        if i.id in counted:
            for dep in i.depends_on:
                dependents.setdefault(dep.id, []).append(i.id)
    values = {i.id: value(i) for i in pool if i.id in counted}
    return unlock_values(dependents, values, _dependents_first(pool))


def _dependents_first(items: list[Initiative]) -> list[str]:
    """A reverse topological order: dependents before their prerequisites. Any such order
    gives the same unlock values; this one depends only on the sorted input."""
    known = {i.id for i in items}
    waiting = {i.id: 0 for i in items}
    prerequisites: dict[str, list[str]] = {}
    for i in items:
        for dep in i.depends_on:
            if dep.id in known:
                waiting[dep.id] += 1
                prerequisites.setdefault(i.id, []).append(dep.id)
    ready = [x for x, n in waiting.items() if n == 0]
    out = []
    while ready:
        x = ready.pop()
        out.append(x)
        for y in prerequisites.get(x, ()):
            waiting[y] -= 1
            if waiting[y] == 0:
                ready.append(y)
    return out
