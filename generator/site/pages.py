"""The page table: every generated page of one edition, in navigation order, with its context.

`site_pages` builds the view models of every page concern once, then lists the pages as
`Page(path, title, template, context, in_nav)`; the navigation is the pages with
`in_nav`, in table order (`navigation`). Each page kind has its context type below: a
user's template override reads exactly these keys (docs/templates.md lists them).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, TypedDict

from markupsafe import Markup

from ..data.model import Roadmap, Thresholds
from ..history.changelog import ChangelogEntry
from ..history.reviews import ReviewChanges
from ..history.scenarios import Comparison
from ..okrs.cadence import CadenceEvent, cadence_events
from ..okrs.held import match_reviews
from ..okrs.scoring import ObjectiveScore
from ..planning.plan import Plan
from ..textsafe import md_text
from ..words import NOT_DOING
from . import charts
from .editions import EDITION_PAGES, Edition
from .views.calendar import calendar_marks, calendar_when
from .views.changelog import HistoryEntry, history_entries
from .views.current_state import CurrentStateView, FrictionView, current_state_view
from .views.home import NeedsAttention, needs_attention
from .views.initiatives import (
    CheckInRow,
    DeliveredView,
    ProgressView,
    StartedView,
    check_in_rows,
    delivered,
    progress_view,
)
from .views.kpis import KPIsView, KPIView, kpis_view
from .views.leadership import PlanningView, capacity_lanes, planning_view
from .views.okrs import ObjectiveClosings, objective_closings
from .views.present import DeckView, deck_view
from .views.reviews import ReviewsView, ReviewView, review_views
from .views.roadmap import ItemView, SiteView, Standing
from .views.scenarios import ScenarioView, scenario_views
from .views.teams import TeamView, team_views

# The edition views, by the name of their page and template.
VIEW_TITLES = {
    "team": "Team",
    "leadership": "Leadership",
    "not-doing": "Not doing",
    "organisation": "Organisation",
}


@dataclass(frozen=True)
class Shows:
    """Which of the edition pages this edition has: templates test these to link to them."""

    team: bool
    leadership: bool
    organisation: bool
    not_doing: bool

    @classmethod
    def of(cls, views: tuple[str, ...]) -> Shows:
        return cls(
            "team" in views, "leadership" in views, "organisation" in views, "not-doing" in views
        )


class PageContext(TypedDict):
    """What every page but the changelog sees."""

    view: SiteView
    audience: Edition
    shows: Shows
    svg: dict[str, Markup]
    thresholds: Thresholds
    kind_labels: dict[str, str]
    planning: PlanningView
    teams: tuple[TeamView, ...]
    progress: ProgressView
    kpis: KPIsView
    reviews: ReviewsView
    current_state: CurrentStateView
    root: str
    link: dict[str, Markup]


class HomeContext(PageContext):
    attention: NeedsAttention


class TeamPageContext(PageContext):
    team: TeamView
    timeline: Markup


class ObjectiveContext(PageContext):
    objective: ObjectiveScore
    trends: dict[str, Markup]
    owner: str | None
    work: dict[str, tuple[ItemView, ...]]
    bars: dict[str, Markup]
    parent: ObjectiveScore | None
    children: list[ObjectiveScore]
    closing: ObjectiveClosings | None
    standing: Standing


class CalendarContext(PageContext):
    cadence: tuple[CadenceEvent, ...]
    when: dict[str, str]
    marks: dict[str, Markup]


class InitiativeContext(PageContext):
    item: ItemView
    started: StartedView | None
    delivered: DeliveredView | None
    check_ins: tuple[CheckInRow, ...]
    addresses: tuple[tuple[str, FrictionView | None], ...]


class ReviewContext(PageContext):
    review: ReviewView
    newer: ReviewView | None
    older: ReviewView | None


class KPIContext(PageContext):
    kpi: KPIView


class ScenariosContext(PageContext):
    scenarios: tuple[ScenarioView, ...]


class PresentContext(PageContext):
    deck: DeckView


class ChangelogContext(TypedDict):
    view: SiteView
    audience: Edition
    history: list[HistoryEntry]


@dataclass(frozen=True)
class Page:
    path: str  # relative to the docs root, e.g. "initiatives/kb-overhaul.md"
    title: str
    template: str
    context: PageContext | ChangelogContext
    in_nav: bool = False  # pages per initiative, objective, team and so on are not
    wide: bool = False  # a page whose chart needs the width: no table of contents beside it


def navigation(pages: list[Page]) -> list[Any]:
    """The MkDocs-style nav: the pages marked for it, in table order.

    Pages per initiative and per objective are reached from their index pages, not
    from the navigation: a theme repeats the navigation on every page, so listing them
    all there would make the site grow with the square of the roadmap's size.
    """
    return [{p.title: p.path} for p in pages if p.in_nav]


def _links(view: SiteView, root: str) -> dict[str, Markup]:
    """A Markdown link to every initiative page, from a page `root` levels deep."""
    return {
        i.id: Markup(f"[{md_text(i.initiative.title)}]({root}initiatives/{i.id}.md)")
        for i in view.items
    }


def site_pages(
    model: Roadmap,
    plan: Plan,
    view: SiteView,
    audience: Edition,
    *,
    history: list[ChangelogEntry],
    review_changes: dict[dt.date, ReviewChanges],
    comparison: Comparison | None = None,
) -> list[Page]:
    """Every page of the edition `audience`; `view` is already projected for it.

    `comparison` (the scenarios against the plan) makes the Scenarios page, which only
    the leadership edition has.
    """
    views = EDITION_PAGES[audience]
    has_reviews = "leadership" in views  # review records are for the leadership edition
    t = model.settings.thresholds
    svg = {
        "timeline": charts.timeline_figure(view.scheduled, view.quarters, "the roadmap"),
        "matrix": charts.figure(
            charts.matrix(view.matrix_items, t.impact, t.effort), "Impact and effort matrix"
        ),
        "capacity": charts.figure(
            charts.capacity(view.quarters, capacity_lanes(model, plan)),
            "Capacity per quarter, pool by pool",
        ),
        "dependencies": charts.figure(
            charts.dependencies(view.items), "Dependencies between initiatives"
        ),
    }
    events = cadence_events(model)
    held = match_reviews(events, model.reviews)
    progress = progress_view(view.items, view.today, shown="team" in views)
    all_reviews = review_views(
        model,
        view.items,
        delivered(view.items),
        view.objectives,
        held,
        events,
        review_changes,
        view.today,
    )
    unscheduled = {r.date for r in held.unscheduled}
    reviews = ReviewsView(
        all=all_reviews if has_reviews else (),
        pages=has_reviews,
        unscheduled=tuple(r for r in all_reviews if r.date in unscheduled) if has_reviews else (),
        missed=tuple(e for e in events if held.state(e, view.today) == "missed"),
    )
    kpis = kpis_view(model, view.kpis, frozenset(o.objective.id for o in view.objectives))
    state = current_state_view(model, view, kpis.by_id)
    closings = objective_closings(view.objectives, all_reviews, records=has_reviews)
    teams = team_views(model, view) if "team" in views else ()
    base: PageContext = {
        "view": view,
        "audience": audience,
        "shows": Shows.of(views),
        "svg": svg,
        "thresholds": t,
        "kind_labels": NOT_DOING,
        "planning": planning_view(model, plan, audience),
        "teams": teams,
        "progress": progress,
        "kpis": kpis,
        "reviews": reviews,
        "current_state": state,
        "root": "",
        "link": _links(view, ""),
    }
    # Pages one folder down share the link table of their depth.
    nested: PageContext = {**base, "root": "../", "link": _links(view, "../")}
    scores = {o.objective.id: o for o in view.objectives}

    pages = [
        Page(
            "index.md",
            "Home",
            "home.md.j2",
            HomeContext(
                **base, attention=needs_attention(kpis, progress, work_shown="team" in views)
            ),
            in_nav=True,
        )
    ]
    if state.exists:
        pages.append(
            Page("where-we-start/index.md", "Where we start", "current-state.md.j2", nested, True)
        )
    pages += [
        Page(f"{v}.md", VIEW_TITLES[v], f"{v}.md.j2", base, True, wide=v == "team") for v in views
    ]
    if comparison is not None and comparison.scenarios and audience == "leadership":
        pages.append(
            Page(
                "scenarios.md",
                "Scenarios",
                "scenarios.md.j2",
                ScenariosContext(**base, scenarios=scenario_views(comparison, view.today)),
                in_nav=True,
            )
        )
    for team in teams:
        timeline = charts.timeline_figure(team.scheduled, view.quarters, team.name)
        pages.append(
            Page(
                team.path,
                team.name,
                "team-page.md.j2",
                TeamPageContext(**nested, team=team, timeline=timeline),
                wide=True,
            )
        )
    pages.append(Page("okrs/index.md", "OKRs", "okrs.md.j2", nested, True))
    for o in view.objectives:
        pages.append(
            Page(
                f"okrs/{o.objective.id}.md",
                o.objective.title,
                "objective.md.j2",
                ObjectiveContext(
                    **nested,
                    objective=o,
                    trends={
                        k.key_result.id: charts.figure(
                            charts.trend(k.key_result), f"Check-ins: {k.key_result.title}"
                        )
                        for k in o.key_results
                        if k.key_result.check_ins
                    },
                    owner=model.person_name(o.objective.owner),
                    work=view.objective_work,
                    bars={k.key_result.id: Markup(charts.progress(k.score)) for k in o.key_results},
                    parent=scores.get(o.objective.parent or ""),
                    children=[scores[c] for c in view.objective_children.get(o.objective.id, ())],
                    closing=closings.get(o.objective.id),
                    standing=view.standing[o.objective.id],
                ),
            )
        )
    if kpis.all:
        pages.append(Page("kpis/index.md", "KPIs", "kpis.md.j2", nested, True))
        pages += [
            Page(str(k.page), k.status.kpi.name, "kpi.md.j2", KPIContext(**nested, kpi=k))
            for k in kpis.all
        ]
    pages.append(Page("initiatives/index.md", "Initiatives", "initiatives.md.j2", nested, True))
    for item in view.items:
        pages.append(
            Page(
                f"initiatives/{item.id}.md",
                item.initiative.title,
                "initiative.md.j2",
                InitiativeContext(
                    **nested,
                    item=item,
                    started=progress.started_by_id.get(item.id),
                    delivered=progress.delivered_by_id.get(item.id),
                    check_ins=check_in_rows(item, view.today),
                    addresses=tuple(
                        (ref, state.by_id.get(ref)) for ref in item.initiative.addresses
                    ),
                ),
            )
        )
    deck = deck_view(
        view,
        edition=audience,
        progress=progress,
        kpis=kpis,
        reviews=all_reviews if has_reviews else (),
    )
    pages.append(
        Page(
            "present/index.md",
            "Present",
            "present.html.j2",
            PresentContext(**nested, deck=deck),
            in_nav=True,
        )
    )
    pages.append(
        Page(
            "calendar.md",
            "Calendar",
            "calendar.md.j2",
            CalendarContext(
                **base,
                cadence=events,
                when=calendar_when(events),
                marks=calendar_marks(events, held, view.today, "", has_reviews),
            ),
            in_nav=True,
        )
    )
    if reviews.all:
        pages.append(Page("reviews/index.md", "Reviews", "reviews.md.j2", nested, True))
        for n, r in enumerate(reviews.all):
            newer = reviews.all[n - 1] if n > 0 else None
            older = reviews.all[n + 1] if n + 1 < len(reviews.all) else None
            pages.append(
                Page(
                    str(r.path),
                    r.title,
                    "review.md.j2",
                    ReviewContext(**nested, review=r, newer=newer, older=older),
                )
            )
    pages.append(
        Page(
            "changelog.md",
            "Changelog",
            "changelog.md.j2",
            ChangelogContext(view=view, audience=audience, history=history_entries(history)),
            in_nav=True,
        )
    )
    return pages
