"""What would make it fit: the smallest single change that brings left-out work into the
plan, or lets work meet a deadline the plan misses.

For each initiative left out for capacity (`no-capacity`) and each missed deadline, a
handful of single changes is tried, each by planning the roadmap again with that change
and nothing else (the change is a one-change scenario, applied by `apply_scenario`):

- a longer `duration` (one or two quarters more: fewer points a quarter);
- another owner, one with a limit of their own who has room (when the owner's own limit
  is what is short);
- more capacity: the pools it draws on raised, in the quarters of one window it could
  use, by what they lack there;
- postponing one piece of flexible work that holds room in those pools and quarters.

A change works when the item is in the new plan (and, for a deadline, ends by it).
Of the changes that work, the smallest is the one that moves the fewest other
initiatives later or out of the plan (a postponed item counts as one); ties go to the
order above (time before people, people before points, points before postponing
other work), then to fewer points added. When the smallest change adds points, the
smallest change within the capacity there is (time, people or postponing) is given
too, since more points are not always to be had. The change is written into the item's reason
("to fit it: ...") and into the deadline risk ("to meet it: ..."), so it shows wherever
those do. Only the first `LIMIT` items (by id) are looked at, so a large roadmap stays
quick; docs/planning.md states the same rule.

Each plan made again costs a full search, so no change is planned whose outcome is known
without it: a change that leaves the item no window ending in time (with unlimited
capacity, after its prerequisites' earliest ends) cannot work; a change that could not
rank below the smallest found so far, even if nothing else moved, cannot be chosen
(changes are tried in order of that least rank, the first of equal ranks winning as
before); and more points or a postponement, which do not depend on the item, are planned
once for every item that tries them. The fits are the same as planning every change.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from ..data.model import (
    InitiativeChange,
    Origin,
    PoolChange,
    Quarter,
    Roadmap,
    Scenario,
)
from ..data.scenarios import apply_scenario
from ..words import number, plural
from .context import make_context
from .milp import DEFAULT_TIME_LIMIT
from .plan import Plan
from .planner import make_plan
from .pools import make_pools, open_share
from .search import problem
from .sequencing import ideal_ends

LIMIT = 12  # items looked at per plan
_KINDS = ("duration", "owner", "capacity", "postpone")
# How small a change is: other initiatives it moves, its kind's place in _KINDS, points.
_Rank = tuple[int, int, float]


@dataclass(frozen=True)
class _Candidate:
    kind: str
    words: str
    scenario: Scenario
    points: float = 0.0  # capacity added
    postponed: str = ""  # the initiative a "postpone" change postpones


@dataclass(frozen=True)
class Fit:
    """The smallest single change found for one item."""

    id: str
    goal: str  # "fit" (left out) or "deadline"
    change: str  # in words
    moved: tuple[str, ...]  # titles of the other initiatives it moves later or out
    # When the change adds points: the smallest change within the capacity there is.
    alternative: str = ""
    alternative_moved: tuple[str, ...] = ()


def _scenario(origin: Origin, **changes: object) -> Scenario:
    return Scenario("fit", "fit", "", origin, **changes)  # type: ignore[arg-type]


def _base(model: Roadmap, key: str, q: Quarter) -> float:
    """The capacity written in the data for pool `key` in quarter `q` (before events)."""
    s = model.settings
    if key == "function":
        return dict(s.capacity_overrides).get(q, s.capacity_default)
    kind, _, name = key.partition(":")
    if kind == "team":
        team = next(t for t in s.team_capacity if t.team == name)
        return dict(team.overrides).get(q, team.default)
    person = model.person_by_id[name]
    return person.limit(q) or 0.0


def _pool_words(model: Roadmap, key: str) -> str:
    if key == "function":
        return "the function's points"
    kind, _, name = key.partition(":")
    if kind == "team":
        return f"the {model.team_name(name)} team's points"
    return f"{model.person_name(name)}'s own points"


def _raise(model: Roadmap, origin: Origin, short: dict[str, dict[Quarter, float]]) -> _Candidate:
    function = PoolChange()
    teams, people, parts, total = [], [], [], 0.0
    for key, by_q in sorted(short.items()):
        overrides = tuple(sorted((q, _base(model, key, q) + n) for q, n in by_q.items()))
        change = PoolChange(None, overrides)
        kind, _, name = key.partition(":")
        if key == "function":
            function = change
        elif kind == "team":
            teams.append((name, change, origin))
        else:
            people.append((name, change, origin))
        for q, n in sorted(by_q.items()):
            parts.append(
                f"{_pool_words(model, key)} in {q} from {number(_base(model, key, q))} "
                f"to {number(_base(model, key, q) + n)}"
            )
            total += n
    words = "raise " + "; ".join(parts)
    sc = _scenario(origin, function=function, teams=tuple(teams), people=tuple(people))
    return _Candidate("capacity", words, sc, total)


def _candidates(model: Roadmap, plan: Plan, item_id: str, last: Quarter) -> list[_Candidate]:
    """The single changes worth trying for one item whose work must end by `last`."""
    item = model.initiative_by_id[item_id]
    origin = item.origin
    h = model.settings.horizon
    out: list[_Candidate] = []
    for more in (1, 2):
        if item.duration + more <= h.length:
            d = item.duration + more
            out.append(
                _Candidate(
                    "duration",
                    f"give it a duration of {plural(d, 'quarter')} "
                    f"({number(item.effort / d)} points a quarter)",
                    _scenario(origin, changes=(InitiativeChange(item_id, origin, duration=d),)),
                )
            )
    pools = make_pools(model)
    keys = [pools.pools[n].key for n in pools.of(item)]
    # Room for work not yet started: what pinned and started work leave, times the share
    # of the quarter still to come, less the other flexible work there. Points written in
    # the data reach the plan scaled by the quarter's events and by that share.
    fixed: dict[tuple[Quarter, str], float] = {}
    flexible: dict[tuple[Quarter, str], float] = {}
    for placed in plan.scheduled:
        other = model.initiative_by_id[placed.id]
        into = fixed if placed.pinned or other.status == "in-progress" else flexible
        for n in pools.of(other):
            for k in range(placed.end - placed.start + 1):
                at = (placed.start + k, pools.pools[n].key)
                into[at] = into.get(at, 0.0) + other.effort / other.duration
    free, scale = {}, {}
    for c in plan.capacity:
        share = open_share(plan.today, c.quarter)
        for p in c.pools:
            at = (c.quarter, p.pool)
            open_room = max(p.available - fixed.get(at, 0.0), 0.0) * share
            free[at] = open_room - flexible.get(at, 0.0)
            base = _base(model, p.pool, c.quarter)
            scale[at] = (p.available / base if base else 1.0) * share
    owner = item.owner
    if owner is not None and f"person:{owner}" in keys:
        for person in sorted(model.people, key=lambda x: x.id):
            if person.id == owner or person.capacity is None:
                continue
            if item.team and person.team and person.team != item.team:
                continue
            handover = InitiativeChange(item_id, origin, owner=person.id)
            out.append(
                _Candidate(
                    "owner",
                    f"give it to {person.name}, who has room",
                    _scenario(origin, changes=(handover,)),
                )
            )
    need = item.effort / item.duration
    holders: dict[tuple[Quarter, str], list[str]] = {}
    for placed in plan.scheduled:
        held = model.initiative_by_id[placed.id]
        if placed.pinned or held.status == "in-progress":
            continue
        for n in pools.of(held):
            for k in range(placed.end - placed.start + 1):
                holders.setdefault((placed.start + k, pools.pools[n].key), []).append(placed.id)
    tried_postpone: set[str] = set()
    for s in range(h.length - item.duration + 1):
        window = [h.start + s + k for k in range(item.duration)]
        if window[-1] > last:
            break
        short: dict[str, dict[Quarter, float]] = {}
        for q in window:
            for key in keys:
                lack = need - max(free.get((q, key), 0.0), 0.0)
                factor = scale.get((q, key), 1.0)
                if lack > 1e-9 and factor > 0:
                    # Round up to half points: what a person would write.
                    short.setdefault(key, {})[q] = -(-(lack / factor) // 0.5) * 0.5
        if not short:
            continue
        out.append(_raise(model, origin, short))
        for q, key in sorted((q, k) for k, by_q in short.items() for q in by_q):
            for holder in sorted(holders.get((q, key), [])):
                if holder in tried_postpone or holder == item_id:
                    continue
                tried_postpone.add(holder)
                change = InitiativeChange(holder, origin, status="postponed")
                out.append(
                    _Candidate(
                        "postpone",
                        f"postpone {model.initiative_by_id[holder].title}",
                        _scenario(origin, changes=(change,)),
                        postponed=holder,
                    )
                )
    return out


def _within_reach(model: Roadmap, item_id: str, last: Quarter, today: dt.date | None) -> bool:
    """Whether any plan of `model` could have the item end by `last`: its earliest end
    with unlimited capacity (a window free of blocks, after its prerequisites' earliest
    ends) is no later. Every plan obeys those rules, so a change that puts the item out
    of reach need not be planned to know that it does not work."""
    ctx = make_context(model, today)
    p = problem(ctx)
    if item_id not in p.ids:
        return True  # not flexible under the change: leave it to the planner
    end = ideal_ends(p)[p.ids.index(item_id)]
    return end is not None and ctx.q(end) <= last


def _works(plan: Plan, item_id: str, last: Quarter) -> bool:
    placed = plan.placement(item_id)
    return placed is not None and placed.end <= last


def _moves(before: Plan, after: Plan, *changed: str) -> tuple[str, ...]:
    """Other initiatives that the change moves later or out of the plan, by id."""
    out = []
    for p in before.scheduled:
        if p.id in changed:
            continue
        q = after.placement(p.id)
        if q is None or q.start > p.start:
            out.append(p.id)
    return tuple(sorted(out))


def find_fits(
    model: Roadmap,
    plan: Plan,
    *,
    today: dt.date | None = None,
    time_limit: float = DEFAULT_TIME_LIMIT,
) -> tuple[Fit, ...]:
    """The smallest single change for each left-out item and missed deadline of `plan`."""
    goals: list[tuple[str, str, Quarter]] = []
    last = model.settings.horizon.end
    for o in plan.not_doing:
        if o.kind == "no-capacity":
            goals.append((o.id, "fit", last))
    for r in plan.risks:
        item = model.initiative_by_id.get(r.id)
        if r.kind == "deadline" and item is not None and item.urgency is not None:
            placed = plan.placement(r.id)
            if placed is not None and not placed.pinned and item.status != "in-progress":
                goals.append((r.id, "deadline", item.urgency.deadline))
    out = []
    # Plans of changes that do not depend on the item (more points, postponing an item),
    # made once for every item that tries them; None when the planner refused the data.
    shared: dict[tuple[str, str], Plan | None] = {}

    def plan_with(c: _Candidate, item_id: str, by: Quarter) -> Plan | None:
        key = None if c.kind in ("duration", "owner") else (c.kind, c.postponed or c.words)
        if key is not None and key in shared:
            return shared[key]
        after: Plan | None = None
        try:
            changed = apply_scenario(model, c.scenario)
            if key is not None or _within_reach(changed, item_id, by, today):
                after = make_plan(changed, today=today, time_limit=time_limit)
        except ValueError:
            pass  # the change makes data the planner cannot take (a pin outside)
        if key is not None:
            shared[key] = after
        return after

    for item_id, goal, by in sorted(goals)[:LIMIT]:
        # The smallest change is the one of least rank, the first in `_candidates`' order
        # among equal ranks. A change's rank is at least `least` (nothing else moves), so
        # trying changes in order of `least` lets every change that cannot beat the
        # smallest so far go unplanned, unless it might be the alternative (no points).
        order = sorted(
            enumerate(_candidates(model, plan, item_id, by)),
            key=lambda t: ((bool(t[1].postponed), _KINDS.index(t[1].kind), t[1].points), t[0]),
        )
        tried: list[tuple[tuple[_Rank, int], _Candidate, tuple[str, ...]]] = []
        smallest: tuple[_Rank, int] | None = None
        smallest_within: tuple[_Rank, int] | None = None  # among changes without points
        for index, c in order:
            least = ((bool(c.postponed), _KINDS.index(c.kind), c.points), index)
            if (smallest is not None and least > smallest) and (
                c.kind == "capacity" or (smallest_within is not None and least > smallest_within)
            ):
                continue
            after = plan_with(c, item_id, by)
            if after is None or not _works(after, item_id, by):
                continue
            moved = _moves(plan, after, item_id, c.postponed)
            # A postponed item is one initiative out of the plan: it counts as one.
            key = ((len(moved) + bool(c.postponed), _KINDS.index(c.kind), c.points), index)
            tried.append((key, c, moved))
            smallest = key if smallest is None else min(smallest, key)
            if c.kind != "capacity":
                smallest_within = key if smallest_within is None else min(smallest_within, key)
        if not tried:
            continue

        def titles(ids: tuple[str, ...]) -> tuple[str, ...]:
            return tuple(model.initiative_by_id[x].title for x in ids)

        _, best, moved = min(tried, key=lambda t: t[0])
        fit = Fit(item_id, goal, best.words, titles(moved))
        within = [t for t in tried if t[1].kind != "capacity"]
        if best.kind == "capacity" and within:
            _, alt, alt_moved = min(within, key=lambda t: t[0])
            fit = replace(fit, alternative=alt.words, alternative_moved=titles(alt_moved))
        out.append(fit)
    return tuple(out)


def _cost(moved: tuple[str, ...]) -> str:
    if not moved:
        return "nothing else moves"
    names = moved[0] if len(moved) == 1 else ", ".join(moved[:-1]) + " and " + moved[-1]
    return f"then {names} {'moves' if len(moved) == 1 else 'move'} later or out"


def fit_words(f: Fit) -> str:
    """The change in a sentence, with what it costs and the alternative without points."""
    text = f"{f.change} ({_cost(f.moved)})"
    if f.alternative:
        text += f"; within the capacity there is: {f.alternative} ({_cost(f.alternative_moved)})"
    return text


def with_fits(
    model: Roadmap,
    plan: Plan,
    *,
    today: dt.date | None = None,
    time_limit: float = DEFAULT_TIME_LIMIT,
) -> Plan:
    """`plan` with what would make each item fit in its reason, and each missed deadline's
    fix in its risk."""
    fits = find_fits(model, plan, today=today, time_limit=time_limit)
    if not fits:
        return plan
    fit = {f.id: f for f in fits if f.goal == "fit"}
    deadline = {f.id: f for f in fits if f.goal == "deadline"}
    not_doing = tuple(
        replace(o, reason=f"{o.reason}. To fit it: {fit_words(fit[o.id])}") if o.id in fit else o
        for o in plan.not_doing
    )
    risks = tuple(
        replace(r, message=f"{r.message}. To meet it: {fit_words(deadline[r.id])}")
        if r.kind == "deadline" and r.id in deadline
        else r
        for r in plan.risks
    )
    return replace(plan, not_doing=not_doing, risks=risks)


def fit_without_displacing(
    before: Plan,
    candidate: Roadmap,
    item_id: str,
    *,
    today: dt.date | None = None,
    time_limit: float = DEFAULT_TIME_LIMIT,
) -> str:
    """What more capacity would let `item_id` (new in `candidate`) into the plan without
    moving any other initiative later or out ("" when no such change is found).

    The pools it draws on are raised by what they lack in `before` (the plan without
    it), window by window; of the changes that work, the one adding the fewest points.
    """
    found: list[tuple[float, str]] = []
    last = candidate.settings.horizon.end
    for c in _candidates(candidate, before, item_id, last):
        if c.kind != "capacity":
            continue
        try:
            after = make_plan(
                apply_scenario(candidate, c.scenario), today=today, time_limit=time_limit
            )
        except ValueError:
            continue
        if after.placement(item_id) is not None and not _moves(before, after, item_id):
            found.append((c.points, c.words))
    return min(found)[1] if found else ""
