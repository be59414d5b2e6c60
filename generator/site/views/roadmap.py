"""The roadmap as every page sees it: initiatives, quarters, needs, objectives and KPIs.

`build_view` builds it from the model, the plan and the OKR scores, at leadership level;
`editions.project` then takes out what a team or organisation edition may not show,
before any page's view is built from it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ...data.model import Initiative, Quarter, Roadmap, period_days
from ...okrs.scoring import KPIStatus, ObjectiveScore, calibration, kpi_statuses, score_all
from ...planning.plan import Omission, Placement, Plan, QuarterLoad, Risk
from ...words import INITIATIVE_STATUS, NOT_DOING, is_are, plural, points
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
    # depth-first: (depth, objective, whether its period has begun)
    okr_tree: tuple[tuple[int, ObjectiveScore, bool], ...]
    calibration: str
    kpis: tuple[KPIStatus, ...]
    events: tuple[EventRow, ...]  # (when, title, effect)
    internal_included: bool
    started: frozenset[str] = frozenset()  # objectives whose period has begun
    not_started_note: str = ""  # what the calibration leaves out, and why

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
    # A period that has not begun has nothing to judge yet: its 0.0 is not "behind".
    started = frozenset(
        o.objective.id for o in objectives if period_days(o.objective.period)[0] <= today
    )
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
        okr_tree=_tree(objectives, children, started),
        objective_work={k: tuple(v) for k, v in work.items()},
        calibration=calibration(o for o in objectives if o.objective.id in started),
        started=started,
        not_started_note=not_started_note(len(objectives) - len(started)),
        kpis=kpi_statuses(model),
        events=event_rows(model),
        internal_included=True,
    )


def not_started_note(n: int) -> str:
    if not n:
        return ""
    those = "objective whose period has" if n == 1 else "objectives whose periods have"
    return f"{n} {those} not started yet {is_are(n)} not judged."


def _tree(
    objectives: tuple[ObjectiveScore, ...], children: dict[str, list[str]], started: frozenset[str]
) -> tuple[tuple[int, ObjectiveScore, bool], ...]:
    by_id = {o.objective.id: o for o in objectives}
    out: list[tuple[int, ObjectiveScore, bool]] = []

    def walk(o: ObjectiveScore, depth: int) -> None:
        out.append((depth, o, o.objective.id in started))
        for child in children.get(o.objective.id, []):
            walk(by_id[child], depth + 1)

    for o in objectives:
        if o.objective.parent is None:
            walk(o, 0)
    return tuple(out)
