"""View models for review records: their pages, the calendar's held and missed marks, and
the links from objective pages to the OKR closing that scored them or came before them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from markupsafe import Markup

from ..data.model import ProgressCheckIn, Quarter, ReviewRecord, Roadmap
from ..history.report import markdown_sections
from ..history.reviews import ReviewChanges
from ..okrs.cadence import CadenceEvent
from ..okrs.held import Reviews
from ..okrs.scoring import ObjectiveScore
from .progress import DeliveredView, badge, progress_as_of
from .views import ItemView

KIND_TITLES = {
    "roadmap": "Roadmap review",
    "mid-quarter": "Mid-quarter OKR review",
    "okr-close": "OKR closing",
}

Sections = list[tuple[str, list[tuple[Markup, Markup]]]]


@dataclass(frozen=True)
class ClosingView:
    objective: ObjectiveScore
    agreed: float | None
    comment: str


@dataclass(frozen=True)
class WorkAtReview:
    item: ItemView
    check_in: ProgressCheckIn | None  # the latest one on or before the review
    badge: Markup


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

    @property
    def date(self) -> dt.date:
        return self.record.date


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
                title=f"{KIND_TITLES[r.kind]}, {r.date}",
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
            )
        )
        previous = r.date
    return tuple(reversed(out))


def _between(day: dt.date | None, after: dt.date | None, until: dt.date) -> bool:
    return day is not None and day <= until and (after is None or day > after)


def _lower_first(title: str) -> str:
    """ "Roadmap review" -> "roadmap review"; "2027-Q1 OKR closing" stays as it is."""
    return title[:1].lower() + title[1:]


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
        out.append(WorkAtReview(item, check_in, badge(check_in.status)))
    return tuple(out)


def calendar_marks(
    events: tuple[CadenceEvent, ...], held: Reviews, today: dt.date, root: str, linked: bool
) -> dict[str, Markup]:
    """The state column of the calendar: held (with a link), missed, or past/now/upcoming."""
    marks = {}
    for e in events:
        state = held.state(e, today)
        record = held.records.get(e.uid)
        if state == "held" and record is not None:
            link = f"[record]({root}reviews/{record.date}.md)" if linked else ""
            marks[e.uid] = Markup(f"**held**: {link}" if link else "**held**")
        elif state == "prepared" and record is not None:
            words = f"record prepared for {record.date}"
            link = f"[{words}]({root}reviews/{record.date}.md)" if linked else words
            marks[e.uid] = Markup(f"{e.state(today)}; {link}")
        elif state == "missed":
            marks[e.uid] = Markup("**missed**: no record in reviews/")
        else:
            marks[e.uid] = Markup(e.state(today))
    return marks


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
