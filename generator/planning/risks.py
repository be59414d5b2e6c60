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

from .plan import OmissionKind, Risk
from .reasons import Explainer, num

NOT_PLACED: tuple[OmissionKind, ...] = ("blocked", "no-capacity", "beyond-horizon")


class RiskFinder(Explainer):
    def risks(self, omitted: dict[str, tuple[OmissionKind, str]]) -> list[Risk]:
        out = self._overloads()
        for i in self.items:
            if i.id in self.fixed:
                out += self._fixed_risks(i.id, omitted)
            out += self._deadline(i.id, omitted)
            out += self._needs(i.id)
        out.sort(key=lambda r: (r.id, r.kind, r.message))
        return out

    def _overloads(self) -> list[Risk]:
        out = []
        for pool, p in enumerate(self.pools.pools):
            for k in range(self.length):
                if self.used[pool][k] > self.capacity[pool][k] + 1e-9:
                    loads = ", ".join(
                        f"{x} {num(self.load(self.by_id[x]))}"
                        for x in sorted(self.occupants[pool][k])
                    )
                    where = "" if self.pools.single else f", {p.label}"
                    out.append(
                        Risk(
                            str(self.q(k)),
                            "over-capacity",
                            f"{self.q(k)}{where}: pinned and in-progress work alone needs "
                            f"{num(self.used[pool][k])} points, "
                            f"{num(self.capacity[pool][k])} available ({loads})",
                        )
                    )
        return out

    def _deadline(self, id: str, omitted: dict[str, tuple[OmissionKind, str]]) -> list[Risk]:
        i = self.by_id[id]
        if i.urgency is None:
            return []
        dl = i.urgency.deadline
        if id in self.scheduled and self.q(self.scheduled[id][1]) > dl:
            end = self.q(self.scheduled[id][1])
            return [
                Risk(id, "deadline", f"ends {end}, after its deadline {dl} ({i.urgency.reason})")
            ]
        if id in omitted and omitted[id][0] in NOT_PLACED:
            return [
                Risk(
                    id,
                    "deadline",
                    f"misses its deadline {dl} ({i.urgency.reason}): not scheduled, "
                    f"{omitted[id][0]}",
                )
            ]
        return []

    def _needs(self, id: str) -> list[Risk]:
        if id not in self.scheduled:
            return []
        i = self.by_id[id]
        start = self.q(self.scheduled[id][0])
        return [
            Risk(
                id,
                "need-late",
                f"starts {start} but needs {' '.join(n.what.split())} from {n.source} "
                f"only by {n.by}",
            )
            for n in i.needs
            if n.by is not None and n.by > start
        ]

    def _fixed_risks(self, id: str, omitted: dict[str, tuple[OmissionKind, str]]) -> list[Risk]:
        i = self.by_id[id]
        s, end = self.scheduled[id]
        what = f"pinned to {self.q(s)}" if self.fixed[id].pinned else "in progress"
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
                            id,
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
                        id,
                        "dependency",
                        f"{what} but depends on {dep.id}, which is not scheduled ({kind})",
                    )
                )
        for k in range(s, end + 1):
            blocked = self.blocked_in(i, k)
            if blocked:
                out.append(
                    Risk(id, "blocked", f"{what}, but {self.q(k)} blocks {', '.join(blocked)}")
                )
        return out
