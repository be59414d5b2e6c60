"""An initiative (initiatives/<id>.yaml) with its dependencies, needs, urgency and progress."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

from .calendar import Quarter
from .origin import Origin

Status = Literal["proposed", "planned", "in-progress", "done", "postponed", "dropped"]
ProgressStatus = Literal["on-track", "at-risk", "off-track"]


@dataclass(frozen=True)
class Dependency:
    id: str
    lag: int = 0


@dataclass(frozen=True)
class Urgency:
    deadline: Quarter
    reason: str


@dataclass(frozen=True)
class Need:
    source: str  # the `from` field: the function CS needs something from
    what: str
    by: Quarter | None


@dataclass(frozen=True)
class ProgressCheckIn:
    """One progress check-in on an initiative: how the work stands on a day."""

    date: dt.date
    status: ProgressStatus
    note: str
    percent: float | None = None


@dataclass(frozen=True)
class Initiative:
    id: str
    title: str
    summary: str
    description: str
    owner: str | None
    team: str | None
    status: Status
    impact: int
    effort: float
    duration: int
    depends_on: tuple[Dependency, ...]
    requires: tuple[str, ...]
    urgency: Urgency | None
    pin: Quarter | None
    supports: tuple[str, ...]
    source: str | None
    needs: tuple[Need, ...]
    success_metrics: tuple[str, ...]
    reason: str | None
    internal: str | None
    origin: Origin = field(compare=False, repr=False)
    progress: tuple[ProgressCheckIn, ...] = ()  # by date; of one day, as written
    delivered: dt.date | None = None
    addresses: tuple[str, ...] = ()  # friction ids from current-state.yaml
    requested_by: str | None = None  # who asked for it (a request filed as an issue)

    @property
    def latest_progress(self) -> ProgressCheckIn | None:
        return self.progress[-1] if self.progress else None
