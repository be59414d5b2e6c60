"""The roadmap as every page sees it: initiatives, quarters, needs (the asks to other
functions), the not-doing register, the requests of other functions, objectives and KPIs.

`build_view` builds it from the model, the plan and the OKR scores, at leadership level;
`editions.project` then takes out what a team or organisation edition may not show,
before any page's view is built from it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from markupsafe import Markup

from ...data.model import Initiative, Need, Quarter, Roadmap
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
from ...planning.plan import Omission, Placement, Plan, QuarterLoad, Risk, RiskKind
from ...planning.risks import after_key_results, ask_risks
from ...textsafe import html_link
from ...words import (
    ASK_AGREED,
    ASK_GROUPS,
    ASK_RISK_NOTE,
    ASK_STATUS,
    INITIATIVE_STATUS,
    NOT_DOING,
    NOT_DOING_PUBLIC,
    NOT_DOING_WHY,
    REQUEST_ANSWER,
    REQUEST_LINK,
    badge,
    day,
    plural,
    points,
    revisit_words,
    score,
)
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
    """An ask to another function, behind scheduled work, with what the plan makes of it."""

    function: str
    what: str
    by: str  # as written (2027-Q2 or 2027-05-31), else the quarter the work starts
    initiative: ItemView
    need: Need | None = None
    contact: str | None = None  # the name of the person in CS who owns the ask
    risks: tuple[RiskKind, ...] = ()  # need-declined, need-late, need-unconfirmed
    due: dt.date | None = None  # the last day it is on time (sorts the lists by date)
    passed: bool = False  # its date has passed, and it is not delivered

    @property
    def tentative(self) -> bool:
        """The work that needs it is only proposed: the ask may still go away."""
        return self.initiative.initiative.status == "proposed"

    @property
    def status(self) -> str:
        return self.need.status if self.need else "requested"

    @property
    def status_words(self) -> str:
        return ASK_STATUS[self.status]

    @property
    def badge(self) -> Markup:
        """The ask's state in words and form: Requested, Agreed, Delivered, Declined."""
        return badge("ask", self.status)

    @property
    def flags(self) -> tuple[Markup, ...]:
        """Late, not agreed yet, declined with the work planned: in colour and in words."""
        return tuple(badge("ask-risk", r) for r in self.risks)

    @property
    def notes(self) -> tuple[str, ...]:
        """Why each flag matters, in words."""
        start = str(self.initiative.placement.start) if self.initiative.placement else ""
        return tuple(
            ASK_RISK_NOTE[f"{r}-passed" if r == "need-late" and self.passed else r].format(
                start=start
            )
            for r in self.risks
        )

    @property
    def counterpart(self) -> str:
        return (self.need.counterpart or "") if self.need else ""

    @property
    def due_day(self) -> str:
        """The day it is due, with its weekday: 'Fri 30 Apr 2027' (the calendar's form)."""
        return day(self.due) if self.due else ""

    @property
    def agreed_on(self) -> str:
        return self.need.agreed_on.isoformat() if self.need and self.need.agreed_on else ""

    @property
    def agreed_words(self) -> str:
        """'agreed on 2027-02-03', or ''."""
        return ASK_AGREED.format(day=self.agreed_on) if self.agreed_on else ""

    @property
    def open(self) -> bool:
        """Not delivered yet (declined asks stay open: the work still needs them)."""
        return self.status != "delivered"

    @property
    def group(self) -> str:
        """Its group on the leadership page: its gravest risk, else on-track."""
        return next((g for g in ASK_GROUPS if g in self.risks), "on-track")


@dataclass(frozen=True)
class NotDoingView:
    """One entry of the not-doing register: what we say no to, and why, in plain words."""

    id: str
    title: str
    summary: str
    team_id: str | None
    team: str | None
    kind: str  # the plan's omission kind (postponed, dropped, ballast, no-capacity, ...)
    label: str  # the kind in words for every reader
    reason: str  # the data's `reason:`, else the tool's words
    revisit: str  # "in 2027-Q3", "by 2027-09-30", or ""
    revisit_when: str
    revisit_passed: bool  # leadership only: the revisit date is behind us
    planner_reason: str = ""  # leadership only: the planner's reason, when the tool wrote it

    @property
    def revisit_flag(self) -> Markup:
        """'Revisit due' in colour and words once the revisit date is behind us, else ''."""
        return badge("revisit", "due") if self.revisit_passed else Markup("")


@dataclass(frozen=True)
class RequestView:
    """A request of another function (`requested_by:`) and CS's answer to it."""

    id: str
    title: str
    answer: str
    url: str | None
    linked: bool  # the edition has a page for the initiative

    @property
    def link(self) -> Markup:
        """A link to the request itself, or '' when the data has none."""
        return html_link(self.url, REQUEST_LINK) if self.url else Markup("")


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
    register: tuple[NotDoingView, ...] = ()  # the not-doing register, by id
    requests: tuple[tuple[str, tuple[RequestView, ...]], ...] = ()  # by requesting function

    @property
    def asks(self) -> tuple[NeedView, ...]:
        """Every ask behind scheduled work, by date (then initiative)."""
        return tuple(sorted((n for _, ns in self.needs for n in ns), key=_by_date))

    @property
    def open_asks(self) -> tuple[NeedView, ...]:
        """The asks not delivered yet, by date: the calendar's due dates."""
        return tuple(n for n in self.asks if n.open)

    @property
    def asks_by_risk(self) -> tuple[tuple[str, tuple[NeedView, ...]], ...]:
        """The open asks in the leadership page's groups, gravest first, by date within."""
        groups: dict[str, list[NeedView]] = {}
        for n in self.asks:
            if n.open:
                groups.setdefault(n.group, []).append(n)
        return tuple((ASK_GROUPS[g], tuple(groups[g])) for g in ASK_GROUPS if g in groups)

    @property
    def register_by_kind(self) -> tuple[tuple[str, tuple[NotDoingView, ...]], ...]:
        """The register grouped by kind of no, decisions first, by title within."""
        groups: dict[str, list[NotDoingView]] = {}
        for e in self.register:
            groups.setdefault(e.kind, []).append(e)
        order = ("postponed", "dropped", "ballast", "no-capacity", "blocked", "beyond-horizon")
        return tuple(
            (NOT_DOING_PUBLIC[k], tuple(sorted(groups[k], key=lambda e: (e.title.lower(), e.id))))
            for k in order
            if k in groups
        )

    @property
    def revisits_due(self) -> tuple[NotDoingView, ...]:
        return tuple(e for e in self.register if e.revisit_passed)

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


def _by_date(n: NeedView) -> tuple[dt.date, str, str]:
    return (n.due or dt.date.max, n.initiative.id, n.what)


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
            by = n.by_text or (str(p.start) if p else "")
            in_progress = view_item.initiative.status == "in-progress"
            needs.setdefault(n.source, []).append(
                NeedView(
                    n.source,
                    n.what,
                    by,
                    view_item,
                    need=n,
                    contact=model.person_name(n.contact) if n.contact else None,
                    risks=ask_risks(n, p.start, in_progress, plan.today) if p else (),
                    due=n.due or (p.start.first_day if p else None),
                    passed=plan.today is not None and n.late_on(plan.today),
                )
            )
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
        needs=tuple((fn, tuple(sorted(v, key=_by_date))) for fn, v in sorted(needs.items())),
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
        register=_register(model, plan, today),
        requests=_requests(model, plan),
    )


def _public_reason(model: Roadmap, plan: Plan, o: Omission) -> str:
    """Why it is not done, for every reader: the data's `reason:`, else the tool's words."""
    i = model.initiative_by_id[o.id]
    if i.reason:
        return " ".join(i.reason.split())
    end = str(plan.horizon[-1])
    if o.kind == "blocked":
        left_out = {x.id for x in plan.not_doing}
        waiting = [d.id for d in sorted(i.depends_on, key=lambda d: d.id) if d.id in left_out]
        if not waiting:
            return NOT_DOING_WHY["blocked-calendar"].format(end=end)
        return NOT_DOING_WHY["blocked"].format(waits_for=model.initiative_by_id[waiting[0]].title)
    return NOT_DOING_WHY[o.kind].format(end=end)


def _register(model: Roadmap, plan: Plan, today: dt.date) -> tuple[NotDoingView, ...]:
    out = []
    for o in plan.not_doing:
        i = model.initiative_by_id[o.id]
        day = i.revisit_day
        out.append(
            NotDoingView(
                id=i.id,
                title=i.title,
                summary=i.summary,
                team_id=i.team,
                team=model.team_name(i.team),
                kind=o.kind,
                label=NOT_DOING_PUBLIC[o.kind],
                reason=_public_reason(model, plan, o),
                revisit=revisit_words(str(i.revisit), isinstance(i.revisit, dt.date))
                if i.revisit is not None
                else "",
                revisit_when=" ".join((i.revisit_when or "").split()),
                revisit_passed=day is not None and day < today,
                planner_reason="" if o.kind in ("postponed", "dropped") else o.reason,
            )
        )
    return tuple(out)


def _requests(model: Roadmap, plan: Plan) -> tuple[tuple[str, tuple[RequestView, ...]], ...]:
    """Every request of another function with its answer, by function, then title."""
    groups: dict[str, list[RequestView]] = {}
    for i in model.initiatives:
        if not i.requested_by:
            continue
        p, o = plan.placement(i.id), plan.omission(i.id)
        if o is not None:
            answer = REQUEST_ANSWER["not-doing"].format(reason=_public_reason(model, plan, o))
        elif p is not None:
            key = i.status if i.status in ("proposed", "in-progress") else "planned"
            answer = REQUEST_ANSWER[key].format(when=_when(p), end=p.end)
        else:
            answer = REQUEST_ANSWER["done"]
        groups.setdefault(" ".join(i.requested_by.split()), []).append(
            RequestView(i.id, i.title, answer, i.request_url, linked=o is None)
        )
    return tuple(
        (fn, tuple(sorted(v, key=lambda r: (r.title.lower(), r.id))))
        for fn, v in sorted(groups.items(), key=lambda kv: kv[0].lower())
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
