"""The living roadmap on the site: progress, delivery, reviews, KPI history, the starting point.

`build_living` computes everything the pages show (render.py puts it in every page's
context as `living`); `living_pages` adds the pages of their own: a page per review and
their index (leadership editions), a page per KPI and their index, and "Where we start".
The shared templates show the rest through small includes from `templates/living/`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from ..data.model import Friction, Roadmap
from ..history.reviews import ReviewChanges
from ..okrs.cadence import CadenceEvent, cadence_events
from ..okrs.held import match_reviews
from .kpi_views import KPIView, kpi_views
from .progress import (
    STATUS_WORDS,
    DeliveredView,
    StartedView,
    UnstartedView,
    delivered,
    started,
    unstarted,
)
from .review_views import (
    ObjectiveClosings,
    ReviewView,
    calendar_marks,
    objective_closings,
    review_views,
)
from .views import ItemView, SiteView

ACTIVE = ("proposed", "planned", "in-progress")


@dataclass(frozen=True)
class FrictionView:
    friction: Friction
    work: tuple[ItemView, ...]  # initiatives in the plan (scheduled or done) that address it
    waiting: tuple[ItemView, ...]  # left out of the plan (leadership editions only)
    kpi: KPIView | None

    @property
    def anchor(self) -> Markup:
        """The heading's id, for links to `where-we-start/#<id>` (the id is a slug)."""
        return Markup(f"{{#{self.friction.id}}}")


@dataclass(frozen=True)
class LivingView:
    started: tuple[StartedView, ...]
    unstarted: tuple[UnstartedView, ...]  # its start quarter has ended, still not started
    delivered: tuple[DeliveredView, ...]
    kpis: tuple[KPIView, ...]
    reviews: tuple[ReviewView, ...]  # newest first
    review_pages: bool  # whether this edition has a page per review
    progress_shown: bool  # whether it shows progress check-ins (not to the organisation)
    calendar: dict[str, Markup]  # cadence event uid -> its state column
    calendar_nested: dict[str, Markup]  # the same, for a page one folder down
    unscheduled: tuple[ReviewView, ...]
    missed: tuple[CadenceEvent, ...]
    closings: dict[str, ObjectiveClosings]  # objective id -> closings to mention
    friction: tuple[FrictionView, ...]
    addressing_nothing: tuple[ItemView, ...]  # active work that addresses no friction
    state_summary: str
    state_as_of: dt.date | None
    has_current_state: bool
    started_by_id: dict[str, StartedView]
    delivered_by_id: dict[str, DeliveredView]
    friction_by_id: dict[str, FrictionView]
    kpi_by_id: dict[str, KPIView]
    words: dict[str, str]  # progress status -> its words

    @property
    def breaches(self) -> tuple[KPIView, ...]:
        return tuple(k for k in self.kpis if k.breached)

    @property
    def latest_review(self) -> ReviewView | None:
        """The newest review held by today (a record dated later is only prepared)."""
        return next((r for r in self.reviews if r.held), None)

    @property
    def unaddressed(self) -> tuple[FrictionView, ...]:
        return tuple(f for f in self.friction if not f.work)

    @property
    def addressed_count(self) -> int:
        return len(self.friction) - len(self.unaddressed)

    @property
    def attention(self) -> tuple[StartedView, ...]:
        """Started work that is not on track, or is late or stale."""
        return tuple(
            s for s in self.started if s.risks or (s.latest and s.latest.status != "on-track")
        )


def build_living(
    model: Roadmap,
    view: SiteView,
    *,
    review_pages: bool,
    progress_shown: bool = True,
    changes: dict[dt.date, ReviewChanges] | None = None,
) -> LivingView:
    """Everything the living-roadmap parts of the pages show, for one edition."""
    events = cadence_events(model)
    held = match_reviews(events, model.reviews)
    done = delivered(view.items)
    reviews = review_views(
        model, view.items, done, view.objectives, held, events, changes or {}, view.today
    )
    kpis = kpi_views(model, view.kpis)
    kpi_by_id = {k.id: k for k in kpis}
    by_id = {i.id: i for i in view.items}  # a public edition holds no left-out work
    in_plan = {i.id for i in view.scheduled} | {i.id for i in view.done}

    def _planned(initiative_id: str) -> bool:
        return initiative_id in in_plan

    def _left_out(initiative_id: str) -> bool:
        return initiative_id in by_id and initiative_id not in in_plan

    state = model.current_state
    friction = tuple(
        FrictionView(
            f,
            tuple(by_id[i.id] for i in model.initiatives if f.id in i.addresses and _planned(i.id)),
            tuple(
                by_id[i.id] for i in model.initiatives if f.id in i.addresses and _left_out(i.id)
            ),
            kpi_by_id.get(f.kpi) if f.kpi else None,
        )
        for f in (state.friction if state else ())
    )
    unscheduled = {r.date for r in held.unscheduled}
    work = started(view.items, view.today)
    return LivingView(
        started=work,
        unstarted=unstarted(view.items, view.today),
        delivered=done,
        kpis=kpis,
        reviews=reviews if review_pages else (),  # records are for the leadership edition
        review_pages=review_pages,
        progress_shown=progress_shown,
        calendar=calendar_marks(events, held, view.today, "", review_pages),
        calendar_nested=calendar_marks(events, held, view.today, "../", review_pages),
        unscheduled=tuple(r for r in reviews if r.date in unscheduled) if review_pages else (),
        missed=tuple(e for e in events if held.state(e, view.today) == "missed"),
        closings=objective_closings(view.objectives, reviews, records=review_pages),
        friction=friction,
        addressing_nothing=tuple(
            by_id[i.id]
            for i in model.initiatives
            if state is not None
            and state.friction
            and not i.addresses
            and _planned(i.id)
            and i.status in ACTIVE
        ),
        state_summary=state.summary if state else "",
        state_as_of=state.as_of if state else None,
        has_current_state=state is not None,
        started_by_id={s.item.id: s for s in work},
        delivered_by_id={d.item.id: d for d in done},
        friction_by_id={f.friction.id: f for f in friction},
        kpi_by_id=kpi_by_id,
        words={k: v for k, v in STATUS_WORDS.items()},
    )


@dataclass(frozen=True)
class LivingPage:
    path: str
    title: str
    template: str
    context: dict[str, Any]


def living_pages(living: LivingView, base: dict[str, Any]) -> list[LivingPage]:
    """The pages of their own; `base` is the shared context of a page one folder down."""
    pages = []
    if living.review_pages and living.reviews:
        pages.append(LivingPage("reviews/index.md", "Reviews", "reviews.md.j2", base))
        for n, r in enumerate(living.reviews):
            newer = living.reviews[n - 1] if n > 0 else None
            older = living.reviews[n + 1] if n + 1 < len(living.reviews) else None
            pages.append(
                LivingPage(
                    str(r.path),
                    r.title,
                    "review.md.j2",
                    {**base, "review": r, "newer": newer, "older": older},
                )
            )
    if living.kpis:
        pages.append(LivingPage("kpis/index.md", "KPIs", "kpis.md.j2", base))
        for k in living.kpis:
            pages.append(
                LivingPage(str(k.page), k.status.kpi.name, "kpi.md.j2", {**base, "kpi": k})
            )
    if living.has_current_state:
        pages.append(
            LivingPage("where-we-start/index.md", "Where we start", "current-state.md.j2", base)
        )
    return pages


def living_nav(living: LivingView) -> dict[str, list[Any]]:
    """Navigation entries, keyed by the entry they follow."""
    after: dict[str, list[Any]] = {"Home": [], "OKRs": [], "Calendar": []}
    if living.has_current_state:
        after["Home"].append({"Where we start": "where-we-start/index.md"})
    if living.kpis:
        after["OKRs"].append({"KPIs": "kpis/index.md"})
    if living.review_pages and living.reviews:
        after["Calendar"].append({"Reviews": "reviews/index.md"})
    return after
