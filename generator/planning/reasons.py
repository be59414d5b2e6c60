"""The words of a plan: a reason for every placement and omission, and the risks.

`planner.Planner` extends `Explainer`: this half holds the indexed model and the
calendar, and turns decisions into sentences a manager can act on (which prerequisite,
which quarter was full and with what, which event blocked it). The other half decides.
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ..data.model import Initiative, Quarter, Roadmap
from .plan import OmissionKind, Quadrant, Risk
from .priority import Priority, quadrant
from .sequencing import EPS, SHOWN, Full, Problem, Trace

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


# A quarter that had no room: (quarter index, points left, first ids there, how many).
Room = tuple[int, float, tuple[str, ...], int]


def room(k: int, left: float, ids: Sequence[str]) -> Room:
    return k, left, tuple(ids[:SHOWN]), len(ids)


def names(ids: Sequence[str], total: int | None = None) -> str:
    """'a, b, c and 4 more': the first SHOWN of `total` (default: all of `ids`)."""
    total = len(ids) if total is None else total
    shown = ", ".join(ids[:SHOWN])
    more = total - min(len(ids), SHOWN)
    return shown + (f" and {more} more" if more > 0 else "")


@dataclass(frozen=True)
class Fixed:
    """A pinned or in-progress item, placed before anything else."""

    start: int
    pinned: bool
    forced: bool  # in progress, placed although pins and in-progress work filled the quarter
    earliest: int
    binding: tuple[str, int] | None  # the prerequisite (id, lag) that set `earliest`
    full: tuple[Room, ...]  # quarters without room it skipped


class Explainer:
    """The indexed model, the calendar, and the text of reasons and risks."""

    # Set while planning (see planner.Planner.plan).
    scheduled: dict[str, tuple[int, int]]  # id -> (start, end) quarter index
    used: list[float]
    occupants: list[list[str]]
    fixed: dict[str, Fixed]
    priority: dict[str, Priority]
    flex_binding: dict[str, tuple[str, int] | None]
    flex_index: dict[str, int]
    fixed_occupants: list[tuple[str, ...]]

    def __init__(self, model: Roadmap) -> None:
        self.model = model
        h = model.settings.horizon
        self.h0, self.length = h.start, h.length
        self.items = sorted(model.initiatives, key=lambda i: i.id)
        self.by_id = {i.id: i for i in self.items}
        self.capacity = [self._capacity(h.start + k) for k in range(self.length)]
        self.blocks = [self._blocks(h.start + k) for k in range(self.length)]
        th = model.settings.thresholds
        self.quadrant: dict[str, Quadrant] = {i.id: quadrant(i, th) for i in self.items}
        self.order = _topological(self.items)
        self._starts: dict[str, tuple[int, ...]] = {}

    # --- the calendar -----------------------------------------------------------------

    def _capacity(self, q: Quarter) -> float:
        # model.capacity() multiplies factors in file order; sorting makes the product,
        # and so the plan, independent of the order events are written in.
        factors = sorted(e.capacity_factor for e in self.model.events if e.quarter == q)
        return self.model.settings.base_capacity(q) * math.prod(factors)

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

    def _earliest(self, i: Initiative) -> tuple[int, tuple[str, int] | None, list[str]]:
        """Earliest start after placed prerequisites; the one that binds; those not placed."""
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

    # --- reasons ----------------------------------------------------------------------

    def _ballast_reason(self, i: Initiative) -> str:
        th = self.model.settings.thresholds
        return (
            f"ballast: impact {i.impact} (below {th.impact}) for effort {num(i.effort)} "
            f"(above {num(th.effort)}); pin it with `quarter:` to do it anyway"
        )

    def _why(self, i: Initiative) -> str:
        pr = self.priority[i.id]
        return f"{QUADRANT_WORDS[pr.quadrant]}, score {num(pr.score)}"

    def _deadline_note(self, i: Initiative, end: int) -> str:
        if i.urgency is None:
            return ""
        met = "meets" if self.q(end) <= i.urgency.deadline else "ends after"
        return f"; {met} its {i.urgency.deadline} deadline"

    def _after(self, binding: tuple[str, int] | None) -> str:
        if binding is None:
            return ""
        lag = f" plus {binding[1]} quarter{'s' * (binding[1] > 1)} lag" if binding[1] else ""
        return f" after {binding[0]}{lag}"

    def _lead(
        self,
        i: Initiative,
        t0: int,
        s: int,
        binding: tuple[str, int] | None,
        full: Sequence[Room],
    ) -> str:
        """Why it starts where it does: as early as allowed, or what held it back."""
        waits = self._waits(i, t0, s, full)
        if not waits:
            return f"earliest quarter{self._after(binding)}"
        fits = (
            "with room"
            if not any(k < s for k in self._blocked_quarters(i, t0, s))
            else (
                "free of calendar blocks" if not full else "with room and free of calendar blocks"
            )
        )
        return f"first quarter{self._after(binding)} {fits}: {waits}"

    def _blocked_quarters(self, i: Initiative, t0: int, s: int) -> list[int]:
        return [k for k in range(t0, min(s + i.duration, self.length)) if self.blocked_in(i, k)]

    def _waits(self, i: Initiative, t0: int, s: int, full: Iterable[Room]) -> str:
        """Why starts t0..s-1 were passed over: full quarters and calendar blocks."""
        notes: dict[int, str] = {}
        for k, left, taken, count in full:
            had = f"{self.q(k)} had {num(max(left, 0.0))} of {num(self.capacity[k])} points left"
            notes.setdefault(k, f"{had} ({names(taken, count)})" if taken else had)
        for start in range(t0, min(s, self.length - i.duration + 1)):
            for k in range(start, start + i.duration):
                blocked = self.blocked_in(i, k)
                if blocked:
                    notes.setdefault(k, f"{self.q(k)} blocks {', '.join(blocked)}")
        return "; ".join(notes[k] for k in sorted(notes))

    def _taken(self, f: Full, p: Problem) -> Room:
        fixed = self.fixed_occupants[f.quarter]
        first = (*fixed[:SHOWN], *(p.ids[j] for j in f.taken_by))[:SHOWN]
        return f.quarter, f.left, first, len(fixed) + f.count

    def _fixed_reason(self, i: Initiative) -> str:
        f = self.fixed[i.id]
        s, end = self.scheduled[i.id]
        if f.pinned:
            lead = f"pinned to {self.q(s)}"
        elif f.forced:
            lead = (
                f"in progress; placed in {self.q(s)}{self._after(f.binding)} although "
                "pinned and in-progress work already fill it"
            )
        elif s == f.earliest == 0:
            lead = "in progress, continues from the first quarter"
        else:
            lead = "in progress; " + self._lead(i, f.earliest, s, f.binding, f.full)
        return f"{lead}; {self._why(i)}{self._deadline_note(i, end)}"

    def _flex_reason(self, i: Initiative, s: int, t: Trace, p: Problem) -> str:
        binding = self.flex_binding[i.id]
        if t.binding is not None:
            j = t.binding
            binding = (p.ids[j], next(lag for k, lag in p.deps[self.flex_index[i.id]] if k == j))
        full = [self._taken(f, p) for f in t.full]
        lead = self._lead(i, t.earliest or 0, s, binding, full)
        return f"{lead}; {self._why(i)}{self._deadline_note(i, s + i.duration - 1)}"

    def _why_not(
        self,
        i: Initiative,
        omitted: dict[str, tuple[OmissionKind, str]],
        trace: list[Trace],
        p: Problem,
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
                return "blocked", f"blocked: depends on {dep.id}, which {state}"
        t0, binding, _ = self._earliest(i)
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
        if not any(s >= t0 for s in self.starts(i)):
            waits = self._waits(i, t0, self.length, ())
            return "blocked", (
                f"blocked: no {d}-quarter window from {self.q(t0)} avoids the calendar: {waits}"
            )
        load = i.effort / d
        most = max(
            min(self.capacity[k] for k in range(s, s + d)) for s in self.starts(i) if s >= t0
        )
        if load > most + EPS:
            return "no-capacity", (
                f"no capacity: it needs {num(load)} points a quarter and no quarter it could "
                f"use has that many in total (at most {num(most)}); split it or give it a "
                "longer duration"
            )
        full: Iterable[Room] = ()
        if i.id in self.flex_index:
            full = [self._taken(f, p) for f in trace[self.flex_index[i.id]].full]
        else:  # in progress, so only pins and in-progress work were there before it
            full = [
                room(k, self.capacity[k] - self.used[k], self.occupants[k])
                for k in range(t0, self.length)
            ]
        return "no-capacity", (
            f"no capacity: it needs {num(load)} points a quarter from "
            f"{self.q(t0)}{self._after(binding)}; "
            f"{self._waits(i, t0, self.length, full)}"
        )

    # --- risks and the result ---------------------------------------------------------

    def _risks(self, omitted: dict[str, tuple[OmissionKind, str]]) -> list[Risk]:
        risks: list[Risk] = []
        for k in range(self.length):
            if self.used[k] > self.capacity[k] + EPS:
                loads = ", ".join(
                    f"{x} {num(self.by_id[x].effort / self.by_id[x].duration)}"
                    for x in sorted(self.occupants[k])
                )
                risks.append(
                    Risk(
                        str(self.q(k)),
                        "over-capacity",
                        f"{self.q(k)}: pinned and in-progress work alone needs "
                        f"{num(self.used[k])} points, {num(self.capacity[k])} "
                        f"available ({loads})",
                    )
                )
        for i in self.items:
            if i.id in self.fixed:
                risks += self._fixed_risks(i, omitted)
            if i.urgency is None:
                continue
            dl = i.urgency.deadline
            if i.id in self.scheduled and self.q(self.scheduled[i.id][1]) > dl:
                end = self.q(self.scheduled[i.id][1])
                risks.append(
                    Risk(
                        i.id,
                        "deadline",
                        f"ends {end}, after its deadline {dl} ({i.urgency.reason})",
                    )
                )
            elif i.id in omitted and omitted[i.id][0] in (
                "blocked",
                "no-capacity",
                "beyond-horizon",
            ):
                risks.append(
                    Risk(
                        i.id,
                        "deadline",
                        f"misses its deadline {dl} "
                        f"({i.urgency.reason}): not scheduled, "
                        f"{omitted[i.id][0]}",
                    )
                )
        return risks

    def _fixed_risks(
        self, i: Initiative, omitted: dict[str, tuple[OmissionKind, str]]
    ) -> list[Risk]:
        s, _ = self.scheduled[i.id]
        what = f"pinned to {self.q(s)}" if self.fixed[i.id].pinned else "in progress"
        out = []
        for dep in sorted(i.depends_on, key=lambda d: d.id):
            pre = self.by_id.get(dep.id)
            if pre is None or pre.status == "done":
                continue
            if dep.id in self.scheduled:
                allowed = self.scheduled[dep.id][1] + 1 + dep.lag
                if s < allowed:
                    out.append(
                        Risk(
                            i.id,
                            "dependency",
                            f"{what} but {dep.id} ends {self.q(allowed - 1 - dep.lag)}"
                            f"{f' (lag {dep.lag})' if dep.lag else ''}: it should "
                            f"start in {self.q(allowed)} or later",
                        )
                    )
            else:
                kind = omitted[dep.id][0] if dep.id in omitted else "not scheduled"
                out.append(
                    Risk(
                        i.id,
                        "dependency",
                        f"{what} but depends on {dep.id}, which is not scheduled ({kind})",
                    )
                )
        for k in range(s, s + i.duration):
            blocked = self.blocked_in(i, k)
            if blocked:
                out.append(
                    Risk(i.id, "blocked", f"{what}, but {self.q(k)} blocks {', '.join(blocked)}")
                )
        return out


def _topological(items: Sequence[Initiative]) -> list[Initiative]:
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
