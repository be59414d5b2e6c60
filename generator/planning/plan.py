"""The plan: what the planner decided, and its JSON form.

The JSON shape is part of the contract that docs/planning.md states
(`roadmap plan --format json`): keys may be added, never renamed.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from functools import cached_property
from typing import Any, Literal

from ..data.model import Quarter

Quadrant = Literal["quick-win", "strategic", "fill-in", "ballast"]
OmissionKind = Literal[
    "ballast", "postponed", "dropped", "blocked", "no-capacity", "beyond-horizon"
]
RiskKind = Literal[
    "deadline",
    "over-capacity",
    "dependency",
    "blocked",
    "need-late",
    "need-unconfirmed",
    "need-declined",
    "late",
    "stale",
    "after-key-result",
]
SolverStatus = Literal["optimal", "work-limit", "time-limit", "heuristic"]


@dataclass(frozen=True)
class Placement:
    id: str
    start: Quarter
    end: Quarter
    score: float
    quadrant: Quadrant
    reason: str
    pinned: bool = False

    def occupies(self, q: Quarter) -> bool:
        return self.start <= q <= self.end


@dataclass(frozen=True)
class Omission:
    id: str
    kind: OmissionKind
    reason: str
    score: float
    quadrant: Quadrant


@dataclass(frozen=True)
class Risk:
    id: str
    kind: RiskKind
    message: str


@dataclass(frozen=True)
class PoolLoad:
    """One capacity pool in one quarter: function, team:<id> or person:<id>."""

    pool: str
    available: float
    used: float


@dataclass(frozen=True)
class QuarterLoad:
    """A quarter's capacity: the function's total (the function pool and every team pool
    together) and, in `pools`, every pool on its own."""

    quarter: Quarter
    available: float
    used: float
    pools: tuple[PoolLoad, ...] = ()


@dataclass(frozen=True)
class Solver:
    """How the plan was found: `optimal` (proven), `work-limit` or `time-limit` (the
    search stopped; `bound` says how far off it may be), `heuristic` (no solver ran)."""

    status: SolverStatus
    nodes: int = 0
    time_limit: float = 0.0
    improved: bool = False  # the solver found a better plan than the heuristic's


@dataclass(frozen=True)
class Plan:
    horizon: tuple[Quarter, ...]
    capacity: tuple[QuarterLoad, ...]
    scheduled: tuple[Placement, ...]  # by start quarter, then id
    not_doing: tuple[Omission, ...]  # by id
    risks: tuple[Risk, ...]
    done: tuple[str, ...]
    objective: float = 0.0  # the documented objective of this plan
    bound: float = 0.0  # a proven upper bound on the objective of any plan
    optimal: bool = False  # objective == bound, within the solver's tolerance
    solver: Solver = Solver("heuristic")
    today: dt.date | None = None  # the build date the plan was made for
    open_share: float = 1.0  # share of the first quarter open to work not yet started

    @cached_property
    def _placements(self) -> dict[str, Placement]:
        return {p.id: p for p in self.scheduled}

    @cached_property
    def _omissions(self) -> dict[str, Omission]:
        return {o.id: o for o in self.not_doing}

    @property
    def past_quarters(self) -> tuple[Quarter, ...]:
        """Quarters of the horizon that ended before `today`: closed to work not started."""
        if self.today is None:
            return ()
        return tuple(q for q in self.horizon if q.last_day < self.today)

    def past_note(self) -> str:
        """What the plan says when its horizon starts in the past ("" when it does not)."""
        past = self.past_quarters
        if not past:
            return ""
        span = str(past[0]) if len(past) == 1 else f"{past[0]} to {past[-1]}"
        return (
            f"Planned on {self.today}: {span} {'is' if len(past) == 1 else 'are'} over, so "
            "no work that has not started is planned there; move horizon.start in "
            "roadmap.yaml on to the current quarter at the next roadmap review"
        )

    def placement(self, initiative_id: str) -> Placement | None:
        return self._placements.get(initiative_id)

    def omission(self, initiative_id: str) -> Omission | None:
        return self._omissions.get(initiative_id)

    def to_json(self) -> dict[str, Any]:
        return {
            "horizon": [str(q) for q in self.horizon],
            "objective": round(self.objective, 3),
            "bound": round(self.bound, 3),
            "optimal": self.optimal,
            "solver": {
                "status": self.solver.status,
                "nodes": self.solver.nodes,
                "time_limit": self.solver.time_limit,
                "improved": self.solver.improved,
            },
            "today": self.today.isoformat() if self.today else None,
            "first_quarter_open": round(self.open_share, 4),
            "capacity": {
                str(c.quarter): {
                    "available": round(c.available, 2),
                    "used": round(c.used, 2),
                    "pools": {
                        p.pool: {"available": round(p.available, 2), "used": round(p.used, 2)}
                        for p in c.pools
                    },
                }
                for c in self.capacity
            },
            "scheduled": [
                {
                    "id": p.id,
                    "start": str(p.start),
                    "end": str(p.end),
                    "score": round(p.score, 2),
                    "quadrant": p.quadrant,
                    "pinned": p.pinned,
                    "reason": p.reason,
                }
                for p in self.scheduled
            ],
            "not_doing": [
                {
                    "id": o.id,
                    "kind": o.kind,
                    "score": round(o.score, 2),
                    "quadrant": o.quadrant,
                    "reason": o.reason,
                }
                for o in self.not_doing
            ],
            "risks": [{"id": r.id, "kind": r.kind, "message": r.message} for r in self.risks],
            "done": list(self.done),
        }

    def dumps(self) -> str:
        return json.dumps(self.to_json(), indent=2, ensure_ascii=False) + "\n"
