"""The plan: what the planner decided, and its JSON and text forms.

The JSON shape is part of the contract (SPEC.md, `roadmap plan --format json`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cached_property
from typing import Any, Literal

from ..data.model import Quarter

Quadrant = Literal["quick-win", "strategic", "fill-in", "ballast"]
OmissionKind = Literal[
    "ballast", "postponed", "dropped", "blocked", "no-capacity", "beyond-horizon"
]
RiskKind = Literal["deadline", "over-capacity", "dependency", "blocked", "late", "stale"]


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
class QuarterLoad:
    quarter: Quarter
    available: float
    used: float


@dataclass(frozen=True)
class Plan:
    horizon: tuple[Quarter, ...]
    capacity: tuple[QuarterLoad, ...]
    scheduled: tuple[Placement, ...]  # by start quarter, then id
    not_doing: tuple[Omission, ...]  # by id
    risks: tuple[Risk, ...]
    done: tuple[str, ...]

    @cached_property
    def _placements(self) -> dict[str, Placement]:
        return {p.id: p for p in self.scheduled}

    @cached_property
    def _omissions(self) -> dict[str, Omission]:
        return {o.id: o for o in self.not_doing}

    def placement(self, initiative_id: str) -> Placement | None:
        return self._placements.get(initiative_id)

    def omission(self, initiative_id: str) -> Omission | None:
        return self._omissions.get(initiative_id)

    def to_json(self) -> dict[str, Any]:
        return {
            "horizon": [str(q) for q in self.horizon],
            "capacity": {
                str(c.quarter): {"available": round(c.available, 2), "used": round(c.used, 2)}
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
