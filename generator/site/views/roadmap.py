"""The roadmap as every page sees it: initiatives, quarters, needs, objectives and KPIs.

`build_view` builds it from the model, the plan and the OKR scores, at leadership level;
`editions.project` then takes out what a team or organisation edition may not show,
before any page's view is built from it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from markupsafe import Markup

from ...data.model import Initiative, Quarter, Roadmap
from ...okrs.health import (
    Pace,
    PeriodHealth,
    PeriodState,
    health_by_period,
    key_result_pace,
    objective_health,
    objective_pace,
    period_state,
)
from ...okrs.scoring import KPIStatus, ObjectiveScore, kpi_statuses, score_all
from ...planning.context import key_result_periods
from ...planning.plan import Omission, Placement, Plan, QuarterLoad, Risk
from ...planning.risks import after_key_results
from ...words import INITIATIVE_STATUS, NOT_DOING, badge, plural, points, score
from .calendar import EventRow, event_rows, quarter_events


@dataclass(frozen=True)
class ItemView:
    """One initiative as every page sees it."""

    initiative: Initiative
    owner: str | None
    team: str | None
    team_id: str | None
    status: str
    placement: Placement | None
    omission: Omission | None
    quadrant: str
    score: float | None
    when: str  # "2027-Q2" or "2027-Q2 to 2027-Q3", or "" when not scheduled
    depends_on: tuple[str, ...]
    dependents: tuple[str, ...]
    supports: tuple[tuple[str, str], ...]  # (ref, key-result title)
    risks: tuple[Risk, ...]
    internal: str | None

    @property
    def id(self) -> str:
        return self.initiative.id

    @property
    def supported(self) -> tuple[tuple[str, str], ...]:
        """(objective id, key-result title) for each key result it moves: the objective's
        id names its page."""
        return tuple((ref.split(".")[0], title) for ref, title in self.supports)

    @property
    def effort_words(self) -> str:
        """ "6 points over 2 quarters" """
        i = self.initiative
        return f"{points(i.effort)} over {plural(i.duration, 'quarter')}"

    @property
    def left_out(self) -> str:
        """Why it is not in the plan, in words ("Postponed by decision"), or ""."""
        return NOT_DOING[self.omission.kind] if self.omission else ""


@dataclass(frozen=True)
class QuarterView:
    quarter: Quarter
    label: str
    is_now: bool
    is_past: bool
    load: QuarterLoad
    items: tuple[ItemView, ...]
    events: tuple[str, ...]

    @property
    def percent(self) -> int:
        if self.load.available <= 0:
            return 100 if self.load.used > 0 else 0
        return round(100 * self.load.used / self.load.available)


@dataclass(frozen=True)
class NeedView:
    function: str
    what: str
    by: str
    initiative: ItemView

    @property
    def tentative(self) -> bool:
        """The work that needs it is only proposed: the ask may still go away."""
        return self.initiative.initiative.status == "proposed"


@dataclass(frozen=True)
class Standing:
    """How an objective stands on the day of the build, against its period."""

    state: PeriodState  # "not started", "running" or "closed"
    pace: Pace | None  # a running period's objective with a score
    key_results: dict[str, Pace | None]  # key-result id -> its pace
    text: str  # the standing in a sentence (okrs/health.objective_health)
    summary: str  # short, for a list entry: "score 0.47, 0.67 expected by today"

    @property
    def started(self) -> bool:
        return self.state != "not started"

    @property
    def badge(self) -> Markup:
        """Ahead, on pace or behind in words and colour; "" outside a running period."""
        return badge("pace", self.pace.state) if self.pace else Markup("")


def standing_of(o: ObjectiveScore, today: dt.date) -> Standing:
    state = period_state(o.objective.period, today)
    pace = objective_pace(o, today)
    if state == "not started":
        summary = "not started yet"
    elif pace is not None:
        summary = f"score {score(o.score)}, {score(pace.expected)} expected by today"
    elif state == "closed":
        summary = f"score {score(o.score)}, period ended"
    else:
        summary = f"score {score(o.score)}"
    return Standing(
        state=state,
        pace=pace,
        key_results={
            k.key_result.id: key_result_pace(k, o.objective.period, today) for k in o.key_results
        },
        text=objective_health(o, today),
        summary=summary,
    )


@dataclass(frozen=True)
class SiteView:
    title: str
    function: str
    vision: str
    strategy: str
    today: dt.date
    now: Quarter
    horizon: tuple[Quarter, ...]
    quarters: tuple[QuarterView, ...]
    items: tuple[ItemView, ...]  # every initiative, by id
    scheduled: tuple[ItemView, ...]  # by start, then score
    not_doing: tuple[ItemView, ...]
    done: tuple[ItemView, ...]
    risks: tuple[Risk, ...]
    needs: tuple[tuple[str, tuple[NeedView, ...]], ...]  # grouped by function
    objectives: tuple[ObjectiveScore, ...]
    objective_children: dict[str, tuple[str, ...]]
    objective_work: dict[str, tuple[ItemView, ...]]  # every key-result ref -> initiatives
    # key-result ref -> {initiative id: why it lands too late}: work planned to end after
    # the key result's period (planning/risks.after_key_results)
    work_after: dict[str, dict[str, str]]
    # depth-first: (depth, objective, how it stands today)
    okr_tree: tuple[tuple[int, ObjectiveScore, Standing], ...]
    # one health statement per period, never averaged across periods
    okr_health: tuple[PeriodHealth, ...]
    standing: dict[str, Standing]  # objective id -> how it stands today
    kpis: tuple[KPIStatus, ...]
    events: tuple[EventRow, ...]  # (when, title, effect)
    internal_included: bool
    started: frozenset[str] = frozenset()  # objectives whose period has begun

    @property
    def not_doing_by_kind(self) -> tuple[tuple[str, tuple[ItemView, ...]], ...]:
        """Left-out work grouped by why, decisions last, in the plan's order within."""
        groups: dict[str, list[ItemView]] = {}
        for item in self.not_doing:
            if item.omission is not None:
                groups.setdefault(item.omission.kind, []).append(item)
        order = ("no-capacity", "blocked", "beyond-horizon", "ballast", "postponed", "dropped")
        return tuple((k, tuple(groups[k])) for k in order if k in groups)

    @property
    def breached_kpis(self) -> tuple[KPIStatus, ...]:
        return tuple(k for k in self.kpis if k.status == "breached")

    @property
    def matrix_items(self) -> tuple[ItemView, ...]:
        """Open initiatives in the order the matrix numbers them: by impact, then effort."""
        return tuple(
            sorted(
                (i for i in self.items if i.initiative.status != "done"),
                key=lambda i: (-i.initiative.impact, i.initiative.effort, i.id),
            )
        )

    @property
    def items_by_title(self) -> tuple[ItemView, ...]:
        return tuple(sorted(self.items, key=lambda i: (i.initiative.title.lower(), i.id)))

    @property
    def function_objectives(self) -> tuple[ObjectiveScore, ...]:
        return tuple(o for o in self.objectives if o.objective.level == "function")

    @property
    def next(self) -> Quarter:
        """The quarter after `now`."""
        return self.now + 1

    @property
    def now_items(self) -> tuple[ItemView, ...]:
        """Work the plan puts in this quarter, and work still in progress after its end."""
        return tuple(
            i
            for i in self.scheduled
            if i.placement
            and (
                i.placement.occupies(self.now)
                or (i.initiative.status == "in-progress" and i.placement.end < self.now)
            )
        )

    @property
    def next_items(self) -> tuple[ItemView, ...]:
        nxt = self.now + 1
        return tuple(i for i in self.scheduled if i.placement and i.placement.start == nxt)

    @property
    def later_items(self) -> tuple[ItemView, ...]:
        later = self.now + 2
        return tuple(i for i in self.scheduled if i.placement and i.placement.start >= later)


def _when(p: Placement | None) -> str:
    if p is None:
        return ""
    return str(p.start) if p.start == p.end else f"{p.start} to {p.end}"


def build_view(model: Roadmap, plan: Plan, today: dt.date) -> SiteView:
    """The full, leadership-level view of the roadmap; `editions.project` makes the others."""
    dependents: dict[str, list[str]] = {}
    for i in model.initiatives:
        for d in i.depends_on:
            dependents.setdefault(d.id, []).append(i.id)
    risks_by_id: dict[str, list[Risk]] = {}
    for r in plan.risks:
        risks_by_id.setdefault(r.id, []).append(r)
    kr_titles = model.key_result_by_ref

    def item(i: Initiative) -> ItemView:
        p, o = plan.placement(i.id), plan.omission(i.id)
        quadrant = p.quadrant if p else (o.quadrant if o else "")
        score = p.score if p else (o.score if o else None)
        return ItemView(
            initiative=i,
            owner=model.person_name(i.owner),
            team=model.team_name(i.team),
            team_id=i.team,
            status=INITIATIVE_STATUS[i.status],
            placement=p,
            omission=o,
            quadrant=quadrant,
            score=score,
            when=_when(p),
            depends_on=tuple(d.id for d in i.depends_on),
            dependents=tuple(sorted(dependents.get(i.id, []))),
            supports=tuple((ref, kr_titles[ref].title) for ref in i.supports if ref in kr_titles),
            risks=tuple(risks_by_id.get(i.id, [])),
            internal=i.internal,
        )

    items = tuple(item(i) for i in model.initiatives)
    by_id = {i.id: i for i in items}
    scheduled = tuple(by_id[p.id] for p in plan.scheduled)
    now = Quarter.of(today)
    horizon = plan.horizon
    if now < horizon[0]:
        now = horizon[0]
    quarters = tuple(
        QuarterView(
            quarter=load.quarter,
            label=str(load.quarter),
            is_now=load.quarter == Quarter.of(today),
            is_past=load.quarter < Quarter.of(today),
            load=load,
            items=tuple(i for i in scheduled if i.placement and i.placement.occupies(load.quarter)),
            events=quarter_events(model, load.quarter),
        )
        for load in plan.capacity
    )
    needs: dict[str, list[NeedView]] = {}
    for view_item in scheduled:
        p = view_item.placement
        for n in view_item.initiative.needs:
            by = str(n.by) if n.by else str(p.start) if p else ""
            needs.setdefault(n.source, []).append(NeedView(n.source, n.what, by, view_item))
    objectives = score_all(model)
    standing = {o.objective.id: standing_of(o, today) for o in objectives}
    # A period that has not begun has nothing to judge yet: its 0.0 is not "behind".
    started = frozenset(oid for oid, st in standing.items() if st.started)
    children: dict[str, list[str]] = {}
    for o in model.objectives:
        if o.parent:
            children.setdefault(o.parent, []).append(o.id)
    work: dict[str, list[ItemView]] = {kr: [] for kr in model.key_result_by_ref}
    for view_item in items:
        if view_item.initiative.status in ("dropped", "postponed"):
            continue
        for ref, _ in view_item.supports:
            work.setdefault(ref, []).append(view_item)
    return SiteView(
        title=model.settings.title,
        function=model.settings.function,
        vision=model.settings.vision,
        strategy=model.settings.strategy,
        today=today,
        now=now,
        horizon=horizon,
        quarters=quarters,
        items=items,
        scheduled=scheduled,
        not_doing=tuple(by_id[o.id] for o in plan.not_doing),
        done=tuple(by_id[d] for d in plan.done),
        risks=plan.risks,
        needs=tuple(
            (fn, tuple(sorted(v, key=lambda n: (n.by, n.initiative.id))))
            for fn, v in sorted(needs.items())
        ),
        objectives=objectives,
        objective_children={k: tuple(v) for k, v in children.items()},
        okr_tree=_tree(objectives, children, standing),
        okr_health=health_by_period(objectives, today),
        standing=standing,
        objective_work={k: tuple(v) for k, v in work.items()},
        work_after=_work_after(model, plan),
        started=started,
        kpis=kpi_statuses(model),
        events=event_rows(model),
        internal_included=True,
    )


def _work_after(model: Roadmap, plan: Plan) -> dict[str, dict[str, str]]:
    periods = key_result_periods(model)
    by_id = {i.id: i for i in model.initiatives}
    out: dict[str, dict[str, str]] = {}
    for p in plan.scheduled:
        for late in after_key_results(by_id[p.id], p.start, p.end, periods):
            if late.outside:
                words = (
                    f"Starts {late.start}, after {late.period}, so it cannot move this number "
                    f"in its period: plan it to end by {late.by}, or set this key result in "
                    f"{late.end} or later"
                )
            else:
                words = (
                    f"Ends {late.end}, after {late.period}: it moves this number only in part "
                    "by the period's end"
                )
            out.setdefault(late.ref, {})[p.id] = words
    return out


def _tree(
    objectives: tuple[ObjectiveScore, ...],
    children: dict[str, list[str]],
    standing: dict[str, Standing],
) -> tuple[tuple[int, ObjectiveScore, Standing], ...]:
    by_id = {o.objective.id: o for o in objectives}
    out: list[tuple[int, ObjectiveScore, Standing]] = []

    def walk(o: ObjectiveScore, depth: int) -> None:
        out.append((depth, o, standing[o.objective.id]))
        for child in children.get(o.objective.id, []):
            walk(by_id[child], depth + 1)

    for o in objectives:
        if o.objective.parent is None:
            walk(o, 0)
    return tuple(out)
