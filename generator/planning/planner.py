"""The planner: prioritise the initiative pool and sequence it into the horizon's quarters.

How a plan is made (SPEC.md, "Planning semantics", is the contract):

1. Sort the pool. done -> the done list; postponed and dropped -> not doing, with the
   reason from the data; ballast that is neither pinned nor in progress -> not doing.
   Everything else is active.
2. Commit what is not ours to move. Pins stay where they are, whatever they break. Then
   in-progress items, prerequisites first, take their earliest quarter with room, or
   their earliest possible quarter when pins and other in-progress work already filled
   it: work that has started is not dropped for lack of capacity; the overload is
   reported as an `over-capacity` risk instead.
3. Score every active item (priority.py) and sequence the flexible ones (proposed,
   planned) into the capacity that is left, maximising the documented objective: value
   delivered, earlier, deadlines met (sequencing.py). Every placement obeys every rule.
4. Explain. Every placement and every omission gets a reason a manager can act on:
   which prerequisite, which quarter was full and with what, which event blocked it.
   Rules that pins and in-progress work break, overloads and missed deadlines become
   risks.

Ties are broken by id everywhere, and nothing depends on the order of the input, so
the same data gives a byte-identical plan.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from ..data.model import Initiative, Roadmap
from .plan import Omission, OmissionKind, Placement, Plan, QuarterLoad
from .priority import DEADLINE_BONUS, Priority, plan_value, unlock_values, urgency, value
from .reasons import ACTIVE, Explainer, Fixed, Room, names, num, room
from .sequencing import EPS, Problem, Trace, decode, search

__all__ = ["make_plan", "names", "num", "plan_objective"]


class Planner(Explainer):
    """One planning run; `plan()` returns the frozen Plan."""

    # --- the run ----------------------------------------------------------------------

    def plan(self) -> Plan:
        self.scheduled: dict[str, tuple[int, int]] = {}  # id -> (start, end) index
        self.used = [0.0] * self.length
        self.occupants: list[list[str]] = [[] for _ in range(self.length)]
        self.fixed: dict[str, Fixed] = {}
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
                self._place_fixed(i, Fixed(i.pin - self.h0, True, False, 0, None, ()))
            elif i.status == "in-progress":
                # Started work continues even when it scores as ballast: stopping it is a
                # decision for a person (status postponed or dropped), not for a formula.
                in_progress.append(i)
            elif self.quadrant[i.id] == "ballast":
                omitted[i.id] = ("ballast", self._ballast_reason(i))
            else:
                flexible.append(i)
        for i in in_progress:  # topological order: prerequisites first
            fixed = self._in_progress(i)
            if fixed is not None:
                self._place_fixed(i, fixed)
        self.priority = self._priorities(omitted)
        problem = self._problem(flexible, omitted)
        self.fixed_occupants = [tuple(x) for x in self.occupants]
        flex_start = self._sequence(problem)
        trace: list[Trace] = []
        decode(problem, _rank_of(self._final_order, problem), trace)
        for n, i in enumerate(flexible):
            if flex_start[n] >= 0:
                self._occupy(i, flex_start[n])
        reasons = {i.id: self._fixed_reason(i) for i in self.items if i.id in self.fixed}
        for n, i in enumerate(flexible):
            if flex_start[n] >= 0:
                reasons[i.id] = self._flex_reason(i, flex_start[n], trace[n], problem)
        for i in self.order:  # prerequisites first, so "blocked" can say why they are out
            if i.status in ACTIVE and i.id not in self.scheduled and i.id not in omitted:
                omitted[i.id] = self._why_not(i, omitted, trace, problem)
        return self._result(reasons, omitted)

    def _occupy(self, i: Initiative, s: int) -> None:
        self.scheduled[i.id] = (s, s + i.duration - 1)
        for k in range(s, s + i.duration):
            self.used[k] += i.effort / i.duration
            self.occupants[k].append(i.id)

    def _place_fixed(self, i: Initiative, fixed: Fixed) -> None:
        if not 0 <= fixed.start <= self.length - i.duration:
            raise ValueError(f"{i.id}: pinned outside the horizon; validate the data first")
        self.fixed[i.id] = fixed
        self._occupy(i, fixed.start)

    def _in_progress(self, i: Initiative) -> Fixed | None:
        # Prerequisites that are not placed yet do not hold started work back; a
        # dependency risk reports them once the plan is complete.
        t0, binding, _ = self._earliest(i)
        load = i.effort / i.duration
        starts = [s for s in self.starts(i) if s >= t0]
        full: list[Room] = []
        for s in starts:
            tight = [
                k for k in range(s, s + i.duration) if self.used[k] + load > self.capacity[k] + EPS
            ]
            if not tight:
                return Fixed(s, False, False, t0, binding, tuple(full))
            k = tight[0]
            full.append(room(k, self.capacity[k] - self.used[k], self.occupants[k]))
        return Fixed(starts[0], False, True, t0, binding, tuple(full)) if starts else None

    def _priorities(self, omitted: dict[str, tuple[OmissionKind, str]]) -> dict[str, Priority]:
        counted = {i.id for i in self.items if i.status in ACTIVE and i.id not in omitted}
        dependents: dict[str, list[str]] = {}
        for i in self.items:
            if i.id in counted:
                for dep in i.depends_on:
                    dependents.setdefault(dep.id, []).append(i.id)
        values = {i.id: value(i) for i in self.items if i.id in counted}
        unlock = unlock_values(dependents, values, [i.id for i in reversed(self.order)])
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

    def _problem(
        self, flexible: list[Initiative], omitted: dict[str, tuple[OmissionKind, str]]
    ) -> Problem:
        index = {i.id: n for n, i in enumerate(flexible)}
        self.flex_index = index
        self.flex_binding: dict[str, tuple[str, int] | None] = {}
        earliest: list[int | None] = []
        deps: list[tuple[tuple[int, int], ...]] = []
        dependents: list[list[int]] = [[] for _ in flexible]
        for n, i in enumerate(flexible):
            t0, binding, missing = self._earliest(i)
            flex_deps = tuple(sorted((index[d.id], d.lag) for d in i.depends_on if d.id in index))
            if any(x not in index for x in missing):
                earliest.append(None)  # a prerequisite is postponed, dropped or ballast
            else:
                earliest.append(t0)
            self.flex_binding[i.id] = binding
            deps.append(flex_deps)
            for j, _ in flex_deps:
                dependents[j].append(n)
        return Problem(
            length=self.length,
            capacity=tuple(self.capacity),
            base_used=tuple(self.used),
            ids=tuple(i.id for i in flexible),
            duration=tuple(i.duration for i in flexible),
            load=tuple(i.effort / i.duration for i in flexible),
            value=tuple(self.priority[i.id].value for i in flexible),
            deadline=tuple(i.urgency.deadline - self.h0 if i.urgency else None for i in flexible),
            earliest=tuple(earliest),
            starts=tuple(self.starts(i) for i in flexible),
            deps=tuple(deps),
            dependents=tuple(tuple(sorted(d)) for d in dependents),
        )

    def _sequence(self, p: Problem) -> list[int]:
        ids = p.ids
        pr = [self.priority[x] for x in ids]
        big = 10 * self.length

        def by(key: Callable[[int], tuple[float, ...]]) -> list[int]:
            return sorted(range(len(ids)), key=lambda n: (*key(n), ids[n]))

        orders = [
            by(lambda n: (-pr[n].score,)),
            by(
                lambda n: (
                    -(pr[n].value + (DEADLINE_BONUS if p.deadline[n] is not None else 0.0))
                    / pr[n].effort,
                )
            ),
            by(lambda n: (float(_or(p.deadline[n], big)), -pr[n].score)),
            by(lambda n: (-pr[n].value, -pr[n].score)),
        ]
        self._final_order, start = search(p, orders)
        return start

    def _result(
        self, reasons: dict[str, str], omitted: dict[str, tuple[OmissionKind, str]]
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
        risks = self._risks(omitted)
        risks.sort(key=lambda r: (r.id, r.kind, r.message))
        return Plan(
            horizon=tuple(self.q(k) for k in range(self.length)),
            capacity=tuple(
                QuarterLoad(self.q(k), self.capacity[k], self.used[k]) for k in range(self.length)
            ),
            scheduled=tuple(placements),
            not_doing=tuple(
                Omission(x, kind, reason, pr[x].score, pr[x].quadrant)
                for x, (kind, reason) in sorted(omitted.items())
            ),
            risks=tuple(risks),
            done=tuple(i.id for i in self.items if i.status == "done"),
        )


def _or(value: int | None, default: int) -> int:
    return default if value is None else value


def _rank_of(order: Sequence[int], p: Problem) -> list[int]:
    rank = [0] * len(p.ids)
    for pos, n in enumerate(order):
        rank[n] = pos
    return rank


def make_plan(model: Roadmap) -> Plan:
    """Prioritise and sequence the roadmap's initiatives (see the module docstring)."""
    return Planner(model).plan()


def plan_objective(model: Roadmap, plan: Plan) -> float:
    """The documented objective of a plan: value delivered, earlier, deadlines met."""
    start = plan.horizon[0]
    rows = []
    for p in sorted(plan.scheduled, key=lambda p: p.id):
        i = model.initiative_by_id[p.id]
        deadline = i.urgency.deadline - start if i.urgency else None
        rows.append((value(i), p.end - start, deadline))
    return plan_value(rows, len(plan.horizon))
