"""A review record (reviews/<date>.yaml): a review that was held, its decisions and verdicts."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

from .calendar import Quarter
from .origin import Origin

ReviewKind = Literal["roadmap", "mid-quarter", "okr-close"]


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


def closed_quarter(day: dt.date) -> Quarter:
    """The quarter an okr-close review held on `day` closes: the one whose last day is nearest.

    A closing held in the last days of a quarter or in the first weeks of the next one
    closes the quarter that just ended; of two equally near, the earlier one.
    """
    this = Quarter.of(day)
    before = this + (-1)
    return this if (this.last_day - day) < (day - before.last_day) else before
