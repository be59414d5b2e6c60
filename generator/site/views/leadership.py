"""What the pages say about the plan itself: capacity per pool and per owner, the current
quarter, how good the plan is, and needs that come too late. Computed here so that the
templates only format."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from ...data.model import Roadmap
from ...planning.plan import Plan
from ...words import number, percent

FULL = 0.01  # points: a pool with less than this left is full


@dataclass(frozen=True)
class PoolRow:
    name: str  # "Function pool", "Team: Knowledge and Self-Service", "Sofia Lindqvist"
    kind: str  # "function", "team", "person", "owner"
    cells: tuple[str, ...]  # per quarter: "12.5 of 14", or "4" for an owner without a limit
    full: tuple[bool, ...]  # per quarter: used up (within 0.01 points), or over


@dataclass(frozen=True)
class LoadCell:
    """One pool in one quarter, for the capacity chart."""

    used: float
    available: float
    label: str  # "4.2 of 8 (53%)", "9 of 9: full", "11 of 9: over"
    state: Literal["open", "full", "over"]


@dataclass(frozen=True)
class LoadLane:
    """A row of the capacity chart: a pool, or all pools together, per quarter."""

    name: str  # "Function pool", "Knowledge and Self-Service", "All pools together"
    kind: Literal["function", "team", "total"]
    cells: tuple[LoadCell, ...]


@dataclass(frozen=True)
class LateNeed:
    initiative: str
    message: str


@dataclass(frozen=True)
class PlanningView:
    quarters: tuple[str, ...]
    pools: tuple[PoolRow, ...]  # the function pool, team pools, people with a limit
    owners: tuple[PoolRow, ...]  # owners without a limit: the points their work takes
    open_note: str  # "" unless the first quarter is only partly open, or already over
    open_title: str  # the heading of that note
    quality: str  # whether the plan is the best the rules allow, in words for readers
    late_needs: tuple[LateNeed, ...]


def planning_view(model: Roadmap, plan: Plan, edition: str = "leadership") -> PlanningView:
    """The leadership edition sees everything; the organisation edition only the needs that
    come too late (they are what it is asked for); the team edition nothing of this."""
    full = _full_view(model, plan)
    if edition == "leadership":
        return full
    late = full.late_needs if edition == "organisation" else ()
    return PlanningView(full.quarters, (), (), "", "", "", late)


def _pool_name(model: Roadmap, key: str) -> str:
    kind, _, name = key.partition(":")
    if kind == "function":
        return "Function pool"
    if kind == "team":
        return f"Team: {model.team_name(name)}"
    return model.person_name(name) or name


def _cell(used: float, available: float) -> LoadCell:
    if used > available + 1e-9:
        return LoadCell(used, available, f"{number(used)} of {number(available)}: over", "over")
    if used >= available - FULL and available > 0:
        return LoadCell(used, available, f"{number(used)} of {number(available)}: full", "full")
    share = f" ({percent(used / available)})" if available > 0 else ""
    return LoadCell(used, available, f"{number(used)} of {number(available)}{share}", "open")


def capacity_lanes(model: Roadmap, plan: Plan) -> tuple[LoadLane, ...]:
    """The capacity chart's rows: the function pool and each team pool on its own (a full
    team shows even when the sum has room), then all of them together when there are
    team pools. People's own limits are in the table below the chart."""
    if not plan.capacity:
        return ()
    keys = [p.pool for p in plan.capacity[0].pools if p.pool.partition(":")[0] != "person"]
    lanes = []
    for key in keys or ["function"]:
        loads = [next((p for p in c.pools if p.pool == key), None) for c in plan.capacity]
        cells = tuple(
            _cell(p.used, p.available) if p else _cell(c.used, c.available)
            for p, c in zip(loads, plan.capacity, strict=True)
        )
        kind: Literal["function", "team"] = "team" if key.startswith("team:") else "function"
        lanes.append(LoadLane(_pool_name(model, key).removeprefix("Team: "), kind, cells))
    if len(lanes) > 1:
        total = tuple(_cell(c.used, c.available) for c in plan.capacity)
        lanes.append(LoadLane("All pools together", "total", total))
    return tuple(lanes)


def _full_view(model: Roadmap, plan: Plan) -> PlanningView:
    quarters = tuple(str(q) for q in plan.horizon)
    rows: list[PoolRow] = []
    for key in (p.pool for p in plan.capacity[0].pools) if plan.capacity else ():
        kind = key.partition(":")[0]
        loads = [next(p for p in c.pools if p.pool == key) for c in plan.capacity]
        rows.append(
            PoolRow(
                _pool_name(model, key),
                kind,
                tuple(f"{number(p.used)} of {number(p.available)}" for p in loads),
                tuple(p.used >= p.available - FULL for p in loads),
            )
        )
    limited = {p.pool.partition(":")[2] for c in plan.capacity[:1] for p in c.pools}
    owners: dict[str, list[float]] = {}
    for placement in plan.scheduled:
        i = model.initiative_by_id[placement.id]
        if not i.owner or i.owner in limited:
            continue
        row = owners.setdefault(i.owner, [0.0] * len(quarters))
        for k in range(placement.start - plan.horizon[0], placement.end - plan.horizon[0] + 1):
            row[k] += i.effort / i.duration
    owner_rows = tuple(
        PoolRow(
            model.person_name(o) or o,
            "owner",
            tuple(number(x) if x else "–" for x in used),
            tuple(False for _ in used),
        )
        for o, used in sorted(owners.items(), key=lambda kv: model.person_name(kv[0]) or kv[0])
    )
    open_note = ""
    if plan.today is not None and plan.open_share < 1.0:
        open_note = (
            f"Planned on {plan.today.isoformat()}: {percent(plan.open_share)} of "
            f"{plan.horizon[0]} is still to come, so only that share of its free capacity is "
            "open to work that has not started yet."
        )
    open_title = "The current quarter"
    if plan.past_note():
        open_note, open_title = plan.past_note() + ".", "Quarters already past"
    # Words for readers: the score, bounds and solver belong in the CLI and the Guide.
    if plan.optimal:
        quality = "This is the best plan the rules allow."
    else:
        quality = (
            "The planner stopped before it could show this is the best plan the rules "
            "allow; a better one may exist (`roadmap plan` says how far off it may be)."
        )
    late = tuple(LateNeed(r.id, r.message) for r in plan.risks if r.kind == "need-late")
    return PlanningView(quarters, tuple(rows), owner_rows, open_note, open_title, quality, late)
