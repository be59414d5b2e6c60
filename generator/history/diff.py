"""What changed in the plan between two versions of the roadmap: roadmap discipline made visible.

Both versions are planned in full and the plans compared, so a pull request that adds
one initiative shows every consequence of it: what moved, what fell into the not-doing
list and whose arrival took its place, which risks appeared or went away. The data
side (statuses, key-result targets, capacity) is compared from the models.

Displacement names causes, not bystanders. An initiative that lost ground (moved later,
or left out for a reason other than a decision) lost the quarters of its old place that
it no longer holds. It was displaced by the work that, in the new plan, holds room it
did not hold before in a pool the initiative draws on, in one of those quarters, where
that pool is now too full to take the initiative back. When some of that work changed
itself (it is new, or its own data changed), only that work is named: it is the cause,
the rest moved around it. Work in another pool is never named, however close in time;
an initiative kept out by a calendar block or by less capacity, with no new work in its
way, is displaced by nobody, and its reason says why.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from ..data.model import Quarter, Roadmap
from ..planning.context import make_context
from ..planning.plan import OmissionKind, Plan, Risk
from ..planning.pools import make_pools
from .edits import InitiativeEdit, initiative_edits

SlotState = Literal["scheduled", "not-doing", "done"]
ChangeKind = Literal[
    "added", "removed", "moved", "scheduled", "pushed-out", "reclassified", "completed"
]
# Report order, with the heading each kind gets.
KIND_TITLES: dict[ChangeKind, str] = {
    "pushed-out": "Newly in the not-doing list",
    "moved": "Moved between quarters",
    "added": "Added",
    "removed": "Removed",
    "scheduled": "Brought into the plan",
    "completed": "Done",
    "reclassified": "Left out for a different reason",
}
_DECISIONS = ("ballast", "postponed", "dropped")


@dataclass(frozen=True)
class Slot:
    """Where an initiative sits in one plan."""

    state: SlotState
    start: Quarter | None = None
    end: Quarter | None = None
    kind: OmissionKind | None = None  # why it is not done, for state "not-doing"
    reason: str = ""

    @property
    def quarters(self) -> tuple[Quarter, ...]:
        if self.start is None or self.end is None:
            return ()
        return tuple(self.start + i for i in range(self.end - self.start + 1))

    def same_place(self, other: Slot) -> bool:
        return (self.state, self.start, self.end, self.kind) == (
            other.state,
            other.start,
            other.end,
            other.kind,
        )

    def __str__(self) -> str:
        if self.state == "scheduled":
            return str(self.start) if self.start == self.end else f"{self.start}..{self.end}"
        if self.state == "not-doing":
            return f"not doing ({self.kind})" if self.kind else "not planned"
        return "done"

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"state": self.state}
        if self.state == "scheduled":
            out |= {"start": str(self.start), "end": str(self.end)}
        if self.kind:
            out["kind"] = self.kind
        if self.reason:
            out["reason"] = self.reason
        return out


@dataclass(frozen=True)
class InitiativeChange:
    id: str
    title: str
    before: Slot | None  # None: the initiative is not in the base
    after: Slot | None  # None: it is not in the head
    displaced_by: tuple[str, ...] = ()  # work now holding the room it lost (module doc)

    @property
    def kind(self) -> ChangeKind:
        b, a = self.before, self.after
        if b is None:
            return "added"
        if a is None:
            return "removed"
        if a.state == "done":
            return "completed"
        if a.state == "scheduled":
            return "moved" if b.state == "scheduled" else "scheduled"
        return "pushed-out" if b.state == "scheduled" else "reclassified"


@dataclass(frozen=True)
class StatusChange:
    id: str
    title: str
    before: str
    after: str


@dataclass(frozen=True)
class TargetChange:
    ref: str  # objective-id.kr-id
    title: str
    unit: str
    before: float | None
    after: float | None


@dataclass(frozen=True)
class CapacityChange:
    quarter: Quarter
    before: float
    after: float


@dataclass(frozen=True)
class PlanDiff:
    base: str  # how the two versions are named in the report
    head: str
    initiatives: tuple[InitiativeChange, ...]  # by kind (KIND_TITLES order), then id
    statuses: tuple[StatusChange, ...]
    targets: tuple[TargetChange, ...]
    risks_introduced: tuple[Risk, ...]
    risks_cleared: tuple[Risk, ...]
    capacity: tuple[CapacityChange, ...]
    horizon: tuple[tuple[Quarter, ...], tuple[Quarter, ...]] | None  # (before, after)
    edits: tuple[InitiativeEdit, ...] = ()  # planning fields changed, moved or not
    names: tuple[tuple[str, str], ...] = ()  # (id, title) of every initiative in either
    edition: tuple[str, str] | None = None  # the published edition (before, after), if changed

    @property
    def moved(self) -> bool:
        """Whether the plan itself changed (not only the data behind it)."""
        return bool(
            self.initiatives
            or self.risks_introduced
            or self.risks_cleared
            or self.capacity
            or self.horizon
        )

    @property
    def empty(self) -> bool:
        return not (self.moved or self.statuses or self.targets or self.edits or self.edition)

    def title_of(self, id: str) -> str | None:
        return dict(self.names).get(id)

    def of_kind(self, kind: ChangeKind) -> tuple[InitiativeChange, ...]:
        return tuple(c for c in self.initiatives if c.kind == kind)

    def summary(self) -> str:
        """One line such as `2 moved, 1 added, 1 newly not doing, 1 risk introduced`."""
        words = {
            "pushed-out": "newly not doing",
            "scheduled": "brought in",
            "reclassified": "reclassified",
        }
        parts = [
            f"{len(found)} {words.get(kind, kind)}"
            for kind in KIND_TITLES
            if (found := self.of_kind(kind))
        ]
        counts = [
            (self.statuses, "status change", "status changes"),
            (self.targets, "key-result target changed", "key-result targets changed"),
            (self.edits, "initiative edited", "initiatives edited"),
            (self.risks_introduced, "risk introduced", "risks introduced"),
            (self.risks_cleared, "risk cleared", "risks cleared"),
            (self.capacity, "capacity change", "capacity changes"),
        ]
        parts += [
            f"{len(found)} {one if len(found) == 1 else many}"
            for found, one, many in counts
            if found
        ]
        if self.horizon:
            parts.append("horizon changed")
        if self.edition:
            parts.append(f"published edition {self.edition[0]} -> {self.edition[1]}")
        if self.moved:
            return ", ".join(parts)
        return "; ".join(["no change to the plan", *([", ".join(parts)] if parts else [])])


@dataclass(frozen=True)
class Snapshot:
    """One version of the roadmap with its plan."""

    model: Roadmap
    plan: Plan


def snapshot(model: Roadmap) -> Snapshot:
    from ..planning.planner import make_plan

    return Snapshot(model, make_plan(model))


# --- comparing ----------------------------------------------------------------------------


def _slots(plan: Plan) -> dict[str, Slot]:
    out = {i: Slot("done") for i in plan.done}
    out |= {o.id: Slot("not-doing", kind=o.kind, reason=o.reason) for o in plan.not_doing}
    out |= {p.id: Slot("scheduled", p.start, p.end, reason=p.reason) for p in plan.scheduled}
    return out


def compare(
    base: Snapshot | None, head: Snapshot, base_label: str = "base", head_label: str = "head"
) -> PlanDiff:
    """The differences from `base` to `head`; a missing base means everything is new."""
    before = _slots(base.plan) if base else {}
    after = _slots(head.plan)
    titles = {i.id: i.title for i in base.model.initiatives} if base else {}
    titles |= {i.id: i.title for i in head.model.initiatives}

    claims = _claimants(before, after, base.model if base else None, head.model)
    room = _Room(base, head) if base else None
    changes = []
    for i in sorted(before.keys() | after.keys()):
        b, a = before.get(i), after.get(i)
        if b and a and b.same_place(a):
            continue
        displaced: tuple[str, ...] = ()
        if room and b and a and b.end is not None and _lost_ground(b, a):
            displaced = room.displacers(i, b, a, claims)
        changes.append(InitiativeChange(i, titles[i], b, a, displaced))
    order = list(KIND_TITLES)
    changes.sort(key=lambda c: (order.index(c.kind), c.id))
    names = tuple(sorted(titles.items()))
    if base is None:
        return PlanDiff(
            base_label,
            head_label,
            tuple(changes),
            (),
            (),
            head.plan.risks,
            (),
            (),
            None,
            names=names,
        )
    return PlanDiff(
        base_label,
        head_label,
        tuple(changes),
        _statuses(base.model, head.model),
        _targets(base.model, head.model),
        *_risks(base.plan, head.plan),
        _capacity(base.plan, head.plan),
        None if base.plan.horizon == head.plan.horizon else (base.plan.horizon, head.plan.horizon),
        initiative_edits(base.model, head.model),
        names,
        _edition(base.model, head.model),
    )


def _edition(base: Roadmap, head: Roadmap) -> tuple[str, str] | None:
    before, after = base.settings.published_edition, head.settings.published_edition
    return None if before == after else (before, after)


def _lost_ground(b: Slot, a: Slot) -> bool:
    if b.state != "scheduled" or b.start is None:
        return False
    if a.state == "scheduled":
        return a.start is not None and a.start > b.start
    return a.state == "not-doing" and a.kind not in _DECISIONS


class _Room:
    """Who holds room in which pool and quarter, in the base plan and in the head plan."""

    def __init__(self, base: Snapshot, head: Snapshot) -> None:
        self.head = head
        self.base_holders = self._holders(base)
        self.head_holders = self._holders(head)
        self.head_pools = {i.id: self._pool_keys(head.model, i.id) for i in head.model.initiatives}
        self.free = {
            (c.quarter, p.pool): p.available - p.used for c in head.plan.capacity for p in c.pools
        }
        ctx = make_context(head.model, head.plan.today)
        self.blocks = {ctx.first + k: b for k, b in enumerate(ctx.blocks)}

    @staticmethod
    def _pool_keys(model: Roadmap, initiative: str) -> tuple[str, ...]:
        pools = make_pools(model)
        return tuple(pools.pools[n].key for n in pools.of(model.initiative_by_id[initiative]))

    def _holders(self, snap: Snapshot) -> dict[tuple[Quarter, str], set[str]]:
        pools = make_pools(snap.model)
        out: dict[tuple[Quarter, str], set[str]] = {}
        for p in snap.plan.scheduled:
            keys = [pools.pools[n].key for n in pools.of(snap.model.initiative_by_id[p.id])]
            for q in (p.start + k for k in range(p.end - p.start + 1)):
                for key in keys:
                    out.setdefault((q, key), set()).add(p.id)
        return out

    def displacers(self, i: str, b: Slot, a: Slot, claims: set[str]) -> tuple[str, ...]:
        item = self.head.model.initiative_by_id.get(i)
        if item is None or (a.state == "not-doing" and a.kind != "no-capacity"):
            return ()  # blocked by the calendar or a prerequisite: no pool kept it out
        need = item.effort / item.duration
        lost = [
            q
            for q in b.quarters
            if q not in a.quarters and not any(t in self.blocks.get(q, {}) for t in item.requires)
        ]
        found: set[str] = set()
        for q in lost:
            for key in self.head_pools[i]:
                if self.free.get((q, key), 0.0) + 1e-9 >= need:
                    continue  # room enough there: this pool did not keep it out
                new = self.head_holders.get((q, key), set()) - self.base_holders.get(
                    (q, key), set()
                )
                found |= new - {i}
        causes = {c for c in found if c in claims}
        return tuple(sorted(causes or found))


def _claimants(
    before: dict[str, Slot], after: dict[str, Slot], base: Roadmap | None, head: Roadmap
) -> set[str]:
    """Changed initiatives now taking capacity they did not take before.

    Only initiatives whose own data changed (or that are new) count: the others moved
    because the planner reshuffled around the change, they did not cause it.
    """
    old_items = base.initiative_by_id if base else {}
    out = set()
    for i, a in after.items():
        new = head.initiative_by_id.get(i)
        old = old_items.get(i)
        if a.state != "scheduled" or new is None or new == old:
            continue
        b = before.get(i)
        held = b.quarters if b else ()
        if b and b.start is not None and a.start is not None and a.start > b.start:
            continue  # it moved later: pushed, not pushing
        grew = old is not None and new.effort / new.duration > old.effort / old.duration + 1e-9
        taken = a.quarters if grew and held else tuple(q for q in a.quarters if q not in held)
        if taken:
            out.add(i)
    return out


def _statuses(base: Roadmap, head: Roadmap) -> tuple[StatusChange, ...]:
    old = base.initiative_by_id
    return tuple(
        StatusChange(i.id, i.title, old[i.id].status, i.status)
        for i in head.initiatives
        if i.id in old and old[i.id].status != i.status
    )


def _targets(base: Roadmap, head: Roadmap) -> tuple[TargetChange, ...]:
    old = base.key_result_by_ref
    return tuple(
        TargetChange(ref, kr.title, kr.unit, old[ref].target, kr.target)
        for ref, kr in sorted(head.key_result_by_ref.items())
        if ref in old and old[ref].target != kr.target
    )


def _risks(base: Plan, head: Plan) -> tuple[tuple[Risk, ...], tuple[Risk, ...]]:
    # A risk is the same risk while its subject and kind stay; its wording may change.
    before = {(r.id, r.kind) for r in base.risks}
    after = {(r.id, r.kind) for r in head.risks}
    return (
        tuple(r for r in head.risks if (r.id, r.kind) not in before),
        tuple(r for r in base.risks if (r.id, r.kind) not in after),
    )


def _capacity(base: Plan, head: Plan) -> tuple[CapacityChange, ...]:
    old = {c.quarter: c.available for c in base.capacity}
    return tuple(
        CapacityChange(c.quarter, old[c.quarter], c.available)
        for c in head.capacity
        if c.quarter in old and abs(old[c.quarter] - c.available) > 1e-9
    )


def diff_revisions(data_dir: Path, base: str, head: str | None = None) -> PlanDiff:
    """Plan the data at two git revisions (`head` None: the working tree) and compare.

    A base without the data folder (the pull request that creates the roadmap) counts
    as an empty roadmap, so everything is reported as added.
    """
    from ..data.validate import load_roadmap
    from .git import GitError, load_at, open_repository

    repo = open_repository(data_dir)
    base_commit = repo.resolve(base)
    head_commit = repo.resolve(head) if head is not None else None
    base_model = load_at(repo, base, base_commit)
    if head is None or head_commit is None:
        head_model, _ = load_roadmap(data_dir)
    else:
        loaded = load_at(repo, head, head_commit)
        if loaded is None:
            folder = repo.data_prefix or "data"
            raise GitError(f"{head}: there is no {folder}/ folder at this revision")
        head_model = loaded
    return compare(
        snapshot(base_model) if base_model else None,
        snapshot(head_model),
        base,
        head if head is not None else "working tree",
    )


# --- reports --------------------------------------------------------------------------------
