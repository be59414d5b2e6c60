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

Ties are broken by id everywhere, and nothing depends on the order of the input or on
the speed of the machine (unless the time limit cuts the solver short, which the plan
reports), so the same data gives a byte-identical plan.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from ..data.model import Initiative, Roadmap
from .milp import DEFAULT_TIME_LIMIT, Outcome, loose_bound, solve
from .plan import Omission, OmissionKind, Placement, Plan, PoolLoad, QuarterLoad, Solver
from .priority import (
    DEADLINE_BONUS,
    Priority,
    gain,
    quadrant,
    unlock_by_id,
    urgency,
    value,
)
from .reasons import ACTIVE, Fixed, names, num
from .risks import RiskFinder
from .sequencing import EPS, Problem, objective, search, settle

__all__ = ["DEFAULT_TIME_LIMIT", "PLANNER_VERSION", "make_plan", "names", "num", "plan_objective"]

# Raise whenever the same data could plan differently: it keys the cache of earlier plans.
PLANNER_VERSION = 3


class Planner(RiskFinder):
    """One planning run; `plan()` returns the frozen Plan."""

    def __init__(
        self,
        model: Roadmap,
        today: dt.date | None = None,
        time_limit: float = DEFAULT_TIME_LIMIT,
        exact: bool = True,
    ) -> None:
        super().__init__(model, today)
        self.time_limit = time_limit
        self.exact = exact

    # --- the run ----------------------------------------------------------------------

    def plan(self) -> Plan:
        self.scheduled = {}
        self.used = [[0.0] * self.length for _ in self.capacity]
        self.occupants = [[[] for _ in range(self.length)] for _ in self.capacity]
        self.limit = [list(c) for c in self.capacity]  # fixed work may use everything
        self.fixed = {}
        omitted: dict[str, tuple[OmissionKind, str]] = {}
        flexible: list[Initiative] = []
        in_progress: list[Initiative] = []
        for i in self.order:
            if i.status in ("postponed", "dropped"):
                omitted[i.id] = (
                    i.status,
                    f"{i.status}: {' '.join((i.reason or 'no reason given').split())}",
                )
            elif i.status == "done":
                continue
            elif i.pin is not None:
                s = i.pin - self.h0
                if not 0 <= s <= self.length - i.duration:
                    raise ValueError(f"{i.id}: pinned outside the horizon; validate the data first")
                self._place_fixed(i, Fixed(s, True, f"pinned to {i.pin}", i.duration))
            elif i.status == "in-progress":
                # Started work continues even when it scores as ballast: stopping it is a
                # decision for a person (status postponed or dropped), not for a formula.
                in_progress.append(i)
            elif self.quadrant[i.id] == "ballast":
                omitted[i.id] = ("ballast", self.ballast_reason(i))
            else:
                flexible.append(i)
        for i in in_progress:  # topological order: prerequisites first
            self._place_fixed(i, self._in_progress(i))
        self.priority = self._priorities()
        problem = self._problem(flexible)
        self.limit = [
            [self.used[pool][k] + problem.room[pool][k] for k in range(self.length)]
            for pool in range(len(self.capacity))
        ]
        outcome = self._sequence(problem)
        for n, i in enumerate(flexible):
            if outcome.start[n] >= 0:
                self._occupy(i, outcome.start[n], i.duration)
        reasons = {i.id: self.fixed_reason(i) for i in self.items if i.id in self.fixed}
        for i in flexible:
            if i.id in self.scheduled:
                reasons[i.id] = self.flexible_reason(i)
        for i in self.order:  # prerequisites first, so "blocked" can say why they are out
            if i.status in ACTIVE and i.id not in self.scheduled and i.id not in omitted:
                omitted[i.id] = self.why_not(i, omitted)
        return self._result(reasons, omitted, outcome)

    def _occupy(self, i: Initiative, s: int, span: int) -> None:
        self.scheduled[i.id] = (s, s + span - 1)
        load = self.load(i)
        for k in range(s, s + span):
            for pool in self.item_pools[i.id]:
                self.used[pool][k] += load
                self.occupants[pool][k].append(i.id)

    def _place_fixed(self, i: Initiative, fixed: Fixed) -> None:
        self.fixed[i.id] = fixed
        self._occupy(i, fixed.start, fixed.span)

    def _in_progress(self, i: Initiative) -> Fixed:
        """Where started work continues (see step 2 of the module docstring)."""
        t0, binding, _ = self.earliest(i)
        span = min(i.duration, self.length)
        # Work that runs past the horizon can only start in the first quarter.
        possible = self.starts(i) if i.duration <= self.length else (0,)
        windows = [s for s in possible if s >= t0]
        if not windows:
            s = possible[0] if possible else 0
            why = (
                f"no window after {binding[0]} is left in the horizon"
                if binding and possible
                else "the calendar blocks every window it could use"
            )
            return Fixed(s, False, f"in progress; continues in {self.q(s)}: {why}", span)
        for s in windows:
            if self.tight(i, s) is None:
                if s == t0 == 0:
                    lead = "in progress, continues from the first quarter"
                else:
                    lead = "in progress; " + self.lead(i, t0, s, binding)
                return Fixed(s, False, lead, span)
        s = windows[0]
        return Fixed(
            s,
            False,
            f"in progress; placed in {self.q(s)}{self.after(binding)} although pinned and "
            "in-progress work already fill it",
            span,
        )

    def _priorities(self) -> dict[str, Priority]:
        unlock = unlock_by_id(self.items, self.model.settings.thresholds)
        ideal = self._ideal_ends()
        out = {}
        for i in self.items:
            slack = None
            if i.urgency is not None:
                end = ideal.get(i.id)
                slack = 0 if end is None else i.urgency.deadline - self.h0 - end
            out[i.id] = Priority(
                value(i), urgency(slack), unlock.get(i.id, 0.0), i.effort, self.quadrant[i.id]
            )
        return out

    def _ideal_ends(self) -> dict[str, int]:
        """The earliest end of each item with unlimited capacity (for deadline pressure)."""
        ends: dict[str, int] = {}
        for i in self.order:
            if i.id in self.scheduled:
                ends[i.id] = self.scheduled[i.id][1]
                continue
            t0 = 0
            for dep in i.depends_on:
                pre = self.by_id.get(dep.id)
                if pre is not None and pre.status != "done":
                    t0 = max(t0, ends.get(dep.id, self.length) + 1 + dep.lag)
            s = next((s for s in self.starts(i) if s >= t0), None)
            if s is not None:
                ends[i.id] = s + i.duration - 1
        return ends

    def gains(self, i: Initiative) -> tuple[float, ...]:
        """What the item adds to the objective if it ends in each quarter of the horizon."""
        pr = self.priority[i.id]
        deadline = i.urgency.deadline - self.h0 if i.urgency else None
        return tuple(gain(pr, e, self.length, deadline) for e in range(self.length))

    def _problem(self, flexible: list[Initiative]) -> Problem:
        index = {i.id: n for n, i in enumerate(flexible)}
        earliest: list[int | None] = []
        deps: list[tuple[tuple[int, int], ...]] = []
        dependents: list[list[int]] = [[] for _ in flexible]
        for n, i in enumerate(flexible):
            t0, _, missing = self.earliest(i)
            flex_deps = tuple(sorted((index[d.id], d.lag) for d in i.depends_on if d.id in index))
            # A prerequisite that is postponed, dropped or ballast leaves it out.
            earliest.append(None if any(x not in index for x in missing) else t0)
            deps.append(flex_deps)
            for j, _ in flex_deps:
                dependents[j].append(n)
        room = []
        for pool, cap in enumerate(self.capacity):
            left = [max(cap[k] - self.used[pool][k], 0.0) for k in range(self.length)]
            left[0] *= self.share  # the days of the current quarter that are gone
            room.append(tuple(left))
        return Problem(
            length=self.length,
            room=tuple(room),
            ids=tuple(i.id for i in flexible),
            duration=tuple(i.duration for i in flexible),
            load=tuple(self.load(i) for i in flexible),
            pools=tuple(self.item_pools[i.id] for i in flexible),
            gain=tuple(self.gains(i) for i in flexible),
            earliest=tuple(earliest),
            starts=tuple(self.starts(i) for i in flexible),
            deps=tuple(deps),
            dependents=tuple(tuple(sorted(d)) for d in dependents),
        )

    def _sequence(self, p: Problem) -> Outcome:
        ids = p.ids
        pr = [self.priority[x] for x in ids]
        big = 10 * self.length
        deadline = [self.by_id[x].urgency for x in ids]

        def by(key: Callable[[int], tuple[float, ...]]) -> list[int]:
            return sorted(range(len(ids)), key=lambda n: (*key(n), ids[n]))

        orders = [
            by(lambda n: (-pr[n].score,)),
            by(
                lambda n: (
                    -(pr[n].weight + (DEADLINE_BONUS if deadline[n] else 0.0)) / pr[n].effort,
                )
            ),
            by(lambda n: (float(_deadline_index(self, n, ids, big)), -pr[n].score)),
            by(lambda n: (-pr[n].weight, -pr[n].score)),
        ]
        start = settle(p, search(p, orders)[1])
        self.heuristic_value = objective(p, start)
        if self.exact:
            outcome = solve(p, start, self.time_limit)
        else:
            value = objective(p, start)
            outcome = Outcome(tuple(start), value, loose_bound(p), "heuristic", 0)
        settled = tuple(settle(p, list(outcome.start)))
        if settled != outcome.start:
            value = objective(p, settled)
            return Outcome(settled, value, max(outcome.bound, value), outcome.status, outcome.nodes)
        return outcome

    def _result(
        self,
        reasons: dict[str, str],
        omitted: dict[str, tuple[OmissionKind, str]],
        outcome: Outcome,
    ) -> Plan:
        pr = self.priority
        placements = [
            Placement(
                x,
                self.q(s),
                self.q(e),
                pr[x].score,
                pr[x].quadrant,
                reasons[x],
                pinned=x in self.fixed and self.fixed[x].pinned,
            )
            for x, (s, e) in self.scheduled.items()
        ]
        placements.sort(key=lambda p: (p.start, p.id))
        fixed_part = sum(
            self.gains(self.by_id[x])[self.scheduled[x][1]] for x in sorted(self.fixed)
        )
        team_level = self.pools.team_level()
        capacity = tuple(
            QuarterLoad(
                self.q(k),
                sum(self.capacity[pool][k] for pool in team_level),
                sum(self.used[pool][k] for pool in team_level),
                tuple(
                    PoolLoad(p.key, self.capacity[n][k], self.used[n][k])
                    for n, p in enumerate(self.pools.pools)
                ),
            )
            for k in range(self.length)
        )
        objective_value = fixed_part + outcome.objective
        bound = fixed_part + outcome.bound
        return Plan(
            horizon=tuple(self.q(k) for k in range(self.length)),
            capacity=capacity,
            scheduled=tuple(placements),
            not_doing=tuple(
                Omission(x, kind, reason, pr[x].score, pr[x].quadrant)
                for x, (kind, reason) in sorted(omitted.items())
            ),
            risks=tuple(self.risks(omitted)),
            done=tuple(i.id for i in self.items if i.status == "done"),
            objective=objective_value,
            bound=bound,
            optimal=outcome.optimal,
            solver=Solver(
                outcome.status,
                outcome.nodes,
                float(self.time_limit) if self.exact else 0.0,
                outcome.objective > self.heuristic_value + EPS,
            ),
            today=self.today,
            open_share=self.share,
        )


def _deadline_index(planner: Planner, n: int, ids: tuple[str, ...], default: int) -> int:
    u = planner.by_id[ids[n]].urgency
    return default if u is None else u.deadline - planner.h0


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
    return Planner(model, today, time_limit, exact).plan()


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
