"""The living roadmap's model values: progress, KPI readings, review records, friction.

Kept apart from model.py, which holds the planning model; `Roadmap` carries these.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from .model import Origin

ProgressStatus = Literal["on-track", "at-risk", "off-track"]
ReviewKind = Literal["roadmap", "mid-quarter", "okr-close"]


@dataclass(frozen=True)
class ProgressCheckIn:
    """One progress check-in on an initiative: how the work stands on a day."""

    date: dt.date
    status: ProgressStatus
    note: str
    percent: float | None = None


@dataclass(frozen=True)
class KPIReading:
    date: dt.date
    value: float
    note: str = ""


@dataclass(frozen=True)
class Decision:
    text: str
    initiative: str | None


@dataclass(frozen=True)
class ObjectiveClose:
    """An okr-close record's verdict on one objective of the closing period."""

    objective: str
    score: float | None
    comment: str
    origin: Origin = field(compare=False, repr=False)


@dataclass(frozen=True)
class ReviewRecord:
    """roadmap/reviews/<date>.yaml: a review that was held, what it decided and learned."""

    date: dt.date
    kind: ReviewKind
    summary: str
    decisions: tuple[Decision, ...]
    learnings: tuple[str, ...]
    attendees: tuple[str, ...]
    period: str | None  # okr-close: the period it closes ("2027-Q1" or "2027")
    objectives: tuple[ObjectiveClose, ...]
    origin: Origin = field(compare=False, repr=False)


@dataclass(frozen=True)
class Friction:
    """A friction point of the current operation (current-state.yaml)."""

    id: str
    title: str
    evidence: str
    metric: str | None
    kpi: str | None
    origin: Origin = field(compare=False, repr=False)


@dataclass(frozen=True)
class CurrentState:
    summary: str
    as_of: dt.date | None
    friction: tuple[Friction, ...]
    origin: Origin = field(compare=False, repr=False)
