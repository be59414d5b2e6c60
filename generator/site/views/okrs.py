"""View models for the objective pages: the OKR closing that scored each objective, and
the closing of the period before, whose learnings it was set after."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from markupsafe import Markup

from ...data.model import Quarter
from ...okrs.scoring import ObjectiveScore
from .reviews import ReviewView


@dataclass(frozen=True)
class ObjectiveClosings:
    """What an objective page says about OKR closings. Plain values, not the review
    records: a public edition gets the dates and scores only, never a closing's comment,
    learnings or the link to its record (those are leadership-only, like every record)."""

    closed_on: dt.date | None  # the closing that scored this objective, if any
    agreed: float | None  # the score agreed there (None: the computed score stood)
    comment: str  # "" in a public edition
    record: Markup  # the closing's page, "" without review pages
    before_period: str  # the period of the closing before this objective's, or ""
    before_on: dt.date | None
    before_record: Markup
    learnings: tuple[str, ...]  # what that closing learned; () in a public edition


def _period_before(period: str) -> str:
    if "-Q" in period:
        return str(Quarter.parse(period) + (-1))
    return str(int(period) - 1)


def objective_closings(
    scores: tuple[ObjectiveScore, ...], reviews: tuple[ReviewView, ...], *, records: bool
) -> dict[str, ObjectiveClosings]:
    """Per objective id, the closing that scored it and the one of the period before;
    `records` (the leadership edition) adds comments, learnings and links."""
    closes = [r for r in reversed(reviews) if r.record.kind == "okr-close" and r.held]
    by_period = {r.record.period: r for r in closes}
    out = {}
    for s in scores:
        own = next(
            (
                (r, c)
                for r in closes
                for c in r.closings
                if c.objective.objective.id == s.objective.id
            ),
            None,
        )
        before = by_period.get(_period_before(s.objective.period))
        if own is None and before is None:
            continue
        review, closing = own if own else (None, None)
        out[s.objective.id] = ObjectiveClosings(
            closed_on=review.date if review else None,
            agreed=closing.agreed if closing else None,
            comment=closing.comment if closing and records else "",
            record=review.path if review and records else Markup(""),
            before_period=(before.record.period or "") if before else "",
            before_on=before.date if before else None,
            before_record=before.path if before and records else Markup(""),
            learnings=tuple(before.record.learnings) if before and records else (),
        )
    return out
