"""View models for review records: a page per record and their index, leadership only."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from markupsafe import Markup

from ...data.model import ProgressCheckIn, ReviewRecord, Roadmap
from ...history.report import markdown_sections
from ...history.reviews import ReviewChanges
from ...okrs.cadence import CadenceEvent
from ...okrs.health import Pace, as_of, objective_pace
from ...okrs.held import Reviews
from ...okrs.scoring import ObjectiveScore
from ...words import REVIEW_KIND, badge, quantity
from .initiatives import DeliveredView, progress_as_of
from .roadmap import ItemView

Sections = list[tuple[str, list[tuple[Markup, Markup]]]]


@dataclass(frozen=True)
class ClosingView:
    objective: ObjectiveScore
    agreed: float | None
    comment: str


@dataclass(frozen=True)
class PaceAtReview:
    """An objective of a running period as a mid-quarter review saw it: scored on the
    check-ins dated up to the review, against the share of its period gone by then."""

    objective: ObjectiveScore
    pace: Pace
    badge: Markup


@dataclass(frozen=True)
class WorkAtReview:
    item: ItemView
    check_in: ProgressCheckIn | None  # the latest one on or before the review
    badge: Markup

    @property
    def done(self) -> str:
        """The share done at that check-in, "40%", or "–"."""
        if self.check_in is None or self.check_in.percent is None:
            return "–"
        return quantity(self.check_in.percent, "%")


@dataclass(frozen=True)
class ReviewView:
    record: ReviewRecord
    title: str  # "Roadmap review, 2027-03-15"
    path: Markup  # "reviews/2027-03-15.md"
    slot: str  # the cadence event it held ("roadmap review", "2027-Q1 OKR closing"), or ""
    due: dt.date | None  # the day that event was due; None outside the cadence
    attendees: tuple[str, ...]
    since: dt.date | None  # the previous review
    delivered: tuple[DeliveredView, ...]  # since the previous review
    changes: Sections  # what changed in the plan since the previous review
    changes_note: str  # said instead when there are no sections
    closings: tuple[ClosingView, ...]
    unclosed: tuple[ObjectiveScore, ...]  # objectives of the period without a comment
    work: tuple[WorkAtReview, ...]
    held: bool  # False for a record dated after today: prepared, not held yet
    pace: tuple[PaceAtReview, ...] = ()  # a mid-quarter review: each running objective

    @property
    def date(self) -> dt.date:
        return self.record.date

    @property
    def decision_count(self) -> int:
        return len(self.record.decisions)

    @property
    def learning_count(self) -> int:
        return len(self.record.learnings)


def _changes(change: ReviewChanges | None) -> tuple[Sections, str]:
    if change is None or change.since is None:
        return [], (
            "This is the first review on record, so there is no earlier review to compare "
            "with; each later review lists what changed since the one before."
        )
    if change.diff is None:
        return [], f"What changed since the {change.since} review is not known: {change.why_not}."
    if change.diff.empty:
        return [], (
            f"The git history of the data shows no change to the plan between the "
            f"{change.since} review and this one."
        )
    sections = [
        (heading, [(Markup(line), Markup(detail)) for line, detail in items])
        for heading, items in markdown_sections(change.diff)
    ]
    return sections, ""


def review_views(
    model: Roadmap,
    items: tuple[ItemView, ...],
    delivered: tuple[DeliveredView, ...],
    scores: tuple[ObjectiveScore, ...],
    held: Reviews,
    events: tuple[CadenceEvent, ...],
    changes: dict[dt.date, ReviewChanges],
    today: dt.date,
) -> tuple[ReviewView, ...]:
    """One view per review record, newest first."""
    slots = {r.date: e for e in events if (r := held.records.get(e.uid)) is not None}
    by_objective = {s.objective.id: s for s in scores}
    out = []
    previous: dt.date | None = None
    for r in model.reviews:
        sections, note = _changes(changes.get(r.date))
        closings = tuple(
            ClosingView(by_objective[c.objective], c.score, c.comment)
            for c in r.objectives
            if c.objective in by_objective
        )
        commented = {c.objective.objective.id for c in closings}
        slot = slots.get(r.date)
        out.append(
            ReviewView(
                record=r,
                title=f"{REVIEW_KIND[r.kind]}, {r.date}",
                path=Markup(f"reviews/{r.date}.md"),
                slot=_lower_first(slot.title) if slot else "",
                due=slot.start if slot else None,
                attendees=tuple(model.person_name(p) or p for p in r.attendees),
                since=previous,
                delivered=tuple(
                    d
                    for d in delivered
                    if d.day is not None
                    and d.day <= r.date
                    and (previous is None or d.day > previous)
                ),
                changes=sections,
                changes_note=note,
                closings=closings,
                unclosed=tuple(
                    s
                    for s in scores
                    if r.period is not None
                    and s.objective.period == r.period
                    and s.objective.id not in commented
                ),
                work=_work_at(items, r.date),
                held=r.date <= today,
                pace=_pace_at(scores, r.date) if r.kind == "mid-quarter" else (),
            )
        )
        previous = r.date
    return tuple(reversed(out))


def _lower_first(title: str) -> str:
    """ "Roadmap review" -> "roadmap review"; "2027-Q1 OKR closing" stays as it is."""
    return title[:1].lower() + title[1:]


def _pace_at(scores: tuple[ObjectiveScore, ...], day: dt.date) -> tuple[PaceAtReview, ...]:
    out = []
    for s in scores:
        then = as_of(s.objective, day)
        pace = objective_pace(then, day)
        if pace is not None:
            out.append(PaceAtReview(then, pace, badge("pace", pace.state)))
    return tuple(out)


def _work_at(items: tuple[ItemView, ...], day: dt.date) -> tuple[WorkAtReview, ...]:
    """In-progress work that had reported by the review, with its status then."""
    out = []
    for item in items:
        if item.initiative.status not in ("in-progress", "done"):
            continue
        check_in = progress_as_of(item.initiative.progress, day)
        delivered = item.initiative.delivered
        if check_in is None or (delivered is not None and delivered <= day):
            continue
        out.append(WorkAtReview(item, check_in, badge("progress", check_in.status)))
    return tuple(out)


@dataclass(frozen=True)
class ReviewsView:
    """The review records an edition shows (none but in the leadership edition)."""

    all: tuple[ReviewView, ...]  # newest first
    pages: bool  # whether this edition has a page per review
    unscheduled: tuple[ReviewView, ...]  # held outside the cadence
    missed: tuple[CadenceEvent, ...]  # due, past, and without a record

    @property
    def latest(self) -> ReviewView | None:
        """The newest review held by today (a record dated later is only prepared)."""
        return next((r for r in self.all if r.held), None)
