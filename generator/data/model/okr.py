"""Objectives and key results (okrs/*.yaml) with the key results' check-ins."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

from .origin import Origin

Level = Literal["function", "team", "individual"]
LEVELS: tuple[Level, ...] = ("function", "team", "individual")


@dataclass(frozen=True)
class CheckIn:
    date: dt.date
    value: float
    note: str


@dataclass(frozen=True)
class KeyResult:
    objective: str
    id: str
    title: str
    unit: str
    description: str
    baseline: float | None
    target: float | None
    check_ins: tuple[CheckIn, ...]  # sorted by date
    kpi: str | None
    origin: Origin = field(compare=False, repr=False)

    @property
    def ref(self) -> str:
        return f"{self.objective}.{self.id}"


@dataclass(frozen=True)
class Objective:
    id: str
    title: str
    description: str
    level: Level
    period: str  # "2027-Q1" or "2027"
    owner: str | None
    team: str | None
    parent: str | None
    key_results: tuple[KeyResult, ...]
    origin: Origin = field(compare=False, repr=False)
    # Who may read it: "team" (the team and leadership editions) or "leadership" only.
    # Individual goals are personal: "leadership" unless the objective says otherwise.
    # No individual objective reaches the organisation edition.
    visibility: str = "team"

    @property
    def annual(self) -> bool:
        return "-Q" not in self.period

    def shown_in(self, edition: str) -> bool:
        """Whether the edition `edition` shows this objective."""
        if edition == "leadership":
            return True
        if self.visibility == "leadership":
            return False
        return not (edition == "organisation" and self.level == "individual")
