"""The exact planner: proven optimality, bounds, limits, the current quarter, late needs."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import replace
from pathlib import Path

import pytest
from conftest import ROOT, Build, RunCli

from generator.data.model import Need, Quarter, Roadmap
from generator.data.validate import load_roadmap
from generator.planning.milp import solve
from generator.planning.plan import Plan
from generator.planning.planner import make_plan, plan_objective
from generator.planning.sequencing import Problem, objective


@pytest.fixture(scope="module")
def example() -> Roadmap:
    return load_roadmap(ROOT / "roadmap")[0]


def where(plan: Plan, id: str) -> str:
    p = plan.placement(id)
    if p is not None:
        return str(p.start) if p.start == p.end else f"{p.start}..{p.end}"
    o = plan.omission(id)
    return o.kind if o else "missing"


def reason(plan: Plan, id: str) -> str:
    p, o = plan.placement(id), plan.omission(id)
    return p.reason if p else o.reason if o else ""


def knapsack() -> Problem:
    """Two quarters of 10 points and four 4-point items of 6, 5, 5 and 4 points: packing by
    value per point (4, then 5, 5, then 6) leaves the 6-point item out; the best plan puts
    6 + 4 in the first quarter and 5 + 5 in the second."""
    effort = (6.0, 5.0, 5.0, 4.0)
    return Problem(
        length=2,
        room=((10.0, 10.0),),
        ids=("a", "b", "c", "d"),
        duration=(1, 1, 1, 1),
        load=effort,
        pools=((0,), (0,), (0,), (0,)),
        gain=tuple((4.0, 3.0) for _ in effort),
        earliest=(0, 0, 0, 0),
        starts=((0, 1),) * 4,
        deps=((), (), (), ()),
        dependents=((), (), (), ()),
    )


def test_the_solver_improves_a_poor_start_and_proves_it_optimal() -> None:
    p = knapsack()
    greedy = [-1, 0, 1, 0]
    assert objective(p, greedy) == 11
    outcome = solve(p, greedy)
    first = {p.ids[i] for i, s in enumerate(outcome.start) if s == 0}
    assert first in ({"a", "d"}, {"b", "c"})
    assert (outcome.objective, outcome.bound, outcome.status) == (14, 14, "optimal")
    assert outcome.optimal


def test_a_plan_states_its_objective_bound_and_whether_it_is_optimal(
    run_cli: RunCli, example: Roadmap
) -> None:
    result = run_cli(
        "plan", "--format", "json", "--data", str(ROOT / "roadmap"), "--today", "2026-12-01"
    )
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["optimal"] is True
    assert data["objective"] == data["bound"]
    assert data["solver"]["status"] == "optimal"
    plan = make_plan(example)
    assert data["objective"] == round(plan.objective, 3)
    assert plan.objective == pytest.approx(plan_objective(example, plan))


def test_the_exact_plan_beats_the_heuristic_where_several_items_must_trade(build: Build) -> None:
    b = build
    items = [
        b.item("i00", 4, 8.9, deadline=4),
        b.item("i03", 1, 2.7, deadline=1),
        b.item("i04", 5, 4.4, duration=2, deps=(("i00", 1), "i03"), status="planned"),
        b.item("i05", 4, 9.2, deps=("i03",), status="planned"),
        b.item("i08", 1, 3.9, duration=2, requires=("hiring",), status="planned"),
        b.item("i09", 4, 1.1, pin=0),
        b.item("i10", 4, 6.8, duration=3),
        b.item("i12", 1, 1.4, duration=2),
        b.item("i14", 1, 2.6, duration=2),
        b.item("i16", 4, 8.6, deps=("i08",), status="planned"),
        b.item("i17", 4, 11.1, deps=("i05",), deadline=0, status="planned"),
        b.item("i18", 1, 5.8),
        b.item("i19", 2, 8.8, duration=3, deps=(("i04", 1),), pin=0, status="planned"),
    ]
    model = b.roadmap(
        items, quarters=5, capacity=20, overrides={0: 16}, events=[b.event("launch", 3, 0.5)]
    )
    heuristic = make_plan(model, exact=False)
    exact = make_plan(model)
    assert heuristic.solver.status == "heuristic" and not heuristic.optimal
    assert heuristic.bound >= exact.bound
    assert (exact.solver.status, exact.optimal) == ("optimal", True)
    assert exact.objective == pytest.approx(197.9)
    assert heuristic.objective == pytest.approx(195.75)
    assert where(heuristic, "i03") == "2027-Q2" and where(exact, "i03") == "2027-Q1"


def crowded(build: Build, n: int) -> Roadmap:
    """n initiatives of mixed size and value, with chains, for about half the capacity."""
    items = [
        build.item(
            f"i{k:03d}",
            1 + k * 7 % 5,
            1 + k * 13 % 9,
            duration=1 + k % 3,
            deps=(f"i{k - 5:03d}",) if k % 4 == 0 and k >= 5 else (),
        )
        for k in range(n)
    ]
    return build.roadmap(items, quarters=6, capacity=n / 2)


def test_the_time_limit_is_a_safety_net_the_plan_reports(build: Build) -> None:
    model = crowded(build, 150)
    cut = make_plan(model, time_limit=1e-6)
    assert cut.solver.status == "time-limit"
    assert cut.solver.time_limit == 1e-6
    assert not cut.optimal and cut.bound > cut.objective
    full = make_plan(model, time_limit=300)  # only the work limit may stop this one
    assert full.solver.status in ("optimal", "work-limit")
    assert cut.bound >= full.objective >= cut.objective
    seen = [p.id for p in cut.scheduled] + [o.id for o in cut.not_doing]
    assert sorted(seen) == sorted(i.id for i in model.initiatives)


def test_same_plan_whatever_the_machine_allows(example: Roadmap) -> None:
    # The solver's search is bounded by work, not time: a generous limit changes nothing.
    assert make_plan(example, time_limit=60).dumps().replace("60.0", "8.0") == (
        make_plan(example).dumps()
    )


# --- the current quarter ---------------------------------------------------------------------


def test_only_the_days_left_of_the_first_quarter_are_open_to_new_work(build: Build) -> None:
    items = [
        build.item("started", 2, 2, status="in-progress"),
        build.item("six", 4, 6),
        build.item("two", 4, 2),
    ]
    model = build.roadmap(items, capacity=10)
    before = make_plan(model, today=dt.date(2026, 12, 20))
    assert (where(before, "six"), where(before, "two")) == ("2027-Q1", "2027-Q1")
    assert before.open_share == 1
    # 2027-02-15: 45 of 90 days are left, so half of the 8 points the started work leaves
    mid = make_plan(model, today=dt.date(2027, 2, 15))
    assert mid.open_share == 0.5
    assert where(mid, "started") == "2027-Q1"
    assert (where(mid, "six"), where(mid, "two")) == ("2027-Q2", "2027-Q1")
    assert reason(mid, "six") == (
        "first quarter with room: 2027-Q1 had 2 of 10 points left, 50% of the quarter still "
        "to come (Started, Two); quick win, score 2.67"
    )
    assert mid.dumps().count('"first_quarter_open": 0.5') == 1


def test_cli_today_reaches_the_planner(run_cli: RunCli, tmp_path: Path) -> None:
    from conftest import write_roadmap

    data = write_roadmap(tmp_path / "roadmap", {"id": "a", "effort": 15})
    args = ["plan", "--format", "json", "--data", str(data)]
    early = json.loads(run_cli(*args, "--today", "2027-01-01").stdout)
    late = json.loads(run_cli(*args, "--today", "2027-03-01").stdout)
    assert early["scheduled"][0]["start"] == "2027-Q1"
    assert late["scheduled"][0]["start"] == "2027-Q2"
    assert (early["today"], late["first_quarter_open"]) == ("2027-01-01", 0.3444)


# --- needs on time ---------------------------------------------------------------------------


def test_a_need_promised_after_the_work_starts_is_a_risk(build: Build) -> None:
    # No day to plan for: only the rule that holds on any day applies.
    sso = Need("IT", "SSO for the help center", build.q(1))
    items = [
        replace(build.item("portal", 4, 4), needs=(sso,)),
        replace(build.item("later", 4, 4, deps=("portal",)), needs=(replace(sso, by=build.q(1)),)),
        replace(build.item("undated", 4, 4), needs=(replace(sso, by=None),)),
    ]
    plan = make_plan(build.roadmap(items, capacity=20))
    assert [(r.id, r.kind, r.message) for r in plan.risks] == [
        (
            "portal",
            "need-late",
            "starts 2027-Q1 but needs SSO for the help center from IT only by 2027-Q2",
        )
    ]


def test_asks_as_commitments_are_read_on_the_plans_day(build: Build) -> None:
    """need-unconfirmed for started work and work starting next quarter, need-late once
    the `by` date has passed, need-declined naming the work; delivered asks raise none."""
    legal = Need("Legal", "Sign-off", build.q(0), by_date=dt.date(2027, 1, 20))
    items = [
        replace(build.item("started", 3, 2, status="in-progress"), needs=(legal,)),
        replace(build.item("next", 3, 2, pin=1), needs=(replace(legal, by_date=None),)),
        replace(
            build.item("later", 3, 2, pin=3),
            needs=(replace(legal, by=build.q(3), by_date=None),),
        ),
        replace(
            build.item("agreed", 3, 2, pin=3),
            needs=(replace(legal, status="agreed", by=build.q(0)),),
        ),
        replace(
            build.item("refused", 3, 2, pin=3),
            needs=(replace(legal, status="declined", by=build.q(3), by_date=None),),
        ),
        replace(
            build.item("handed-over", 3, 2, pin=0),
            needs=(replace(legal, status="delivered"),),
        ),
    ]
    plan = make_plan(build.roadmap(items, capacity=20), today=dt.date(2027, 2, 10))
    assert [(r.id, r.kind, r.message) for r in plan.risks] == [
        (
            "agreed",
            "need-late",
            "needs Sign-off from Legal by 2027-01-20, which has passed (2027-02-10); the ask "
            "is agreed, not delivered",
        ),
        (
            "next",
            "need-unconfirmed",
            "starts 2027-Q2 but Legal has not agreed yet to Sign-off (the ask is still requested)",
        ),
        (
            "refused",
            "need-declined",
            "Legal declined Sign-off, which Refused needs",
        ),
        (
            "started",
            "need-late",
            "needs Sign-off from Legal by 2027-01-20, which has passed (2027-02-10); the ask "
            "is requested, not delivered",
        ),
        (
            "started",
            "need-unconfirmed",
            "started 2027-Q1 but Legal has not agreed yet to Sign-off (the ask is still requested)",
        ),
    ]
    # Without a day, only the rules that hold on any day.
    undated = make_plan(build.roadmap(items, capacity=20))
    assert [(r.id, r.kind) for r in undated.risks] == [("refused", "need-declined")]


def test_plan_json_carries_the_risks_of_asks(run_cli: RunCli) -> None:
    result = run_cli(
        "plan", "--format", "json", "--data", str(ROOT / "roadmap"), "--today", "2027-05-10"
    )
    risks = {(r["id"], r["kind"]) for r in json.loads(result.stdout)["risks"]}
    assert {
        ("credit-complaints-handling", "need-late"),  # Legal's date, 2027-04-30, has passed
        ("kb-overhaul", "need-unconfirmed"),  # starts next quarter, still requested
        ("tier2-hiring", "need-declined"),
    } <= risks


# --- started work is never dropped -----------------------------------------------------------


def test_started_work_is_kept_whatever_blocks_it(build: Build) -> None:
    items = [
        build.item("frozen", 3, 4, status="in-progress", requires=("hiring",)),
        build.item("pre", 3, 4, status="in-progress", duration=3),
        build.item("after", 3, 4, status="in-progress", duration=2, deps=("pre",)),
        build.item("long", 3, 12, status="in-progress", duration=6),
        build.item("waits-on-new", 3, 4, status="in-progress", deps=("new",)),
        build.item("new", 4, 4),
    ]
    events = [build.event(f"freeze-{k}", k, blocks=("hiring",)) for k in range(4)]
    plan = make_plan(build.roadmap(items, capacity=40, events=events))
    assert plan.not_doing == ()
    assert where(plan, "frozen") == "2027-Q1"
    assert reason(plan, "frozen").startswith(
        "in progress; continues in 2027-Q1: the calendar blocks every window it could use;"
    )
    assert where(plan, "after") == "2027-Q1..2027-Q2"
    assert reason(plan, "after").startswith(
        "in progress; continues in 2027-Q1: no window after Pre is left in the horizon;"
    )
    assert where(plan, "long") == "2027-Q1..2027-Q4"
    assert reason(plan, "long").startswith(
        "in progress, continues from the first quarter; it takes 6 quarters, so it runs past "
        "the horizon's end (2027-Q4);"
    )
    # A flexible prerequisite does not hold started work back; the broken order is a risk.
    assert where(plan, "waits-on-new") == "2027-Q1"
    kinds = {(r.id, r.kind) for r in plan.risks}
    assert {("frozen", "blocked"), ("after", "dependency"), ("waits-on-new", "dependency")} <= (
        kinds
    )


# --- the objective: quick wins first ---------------------------------------------------------


def _variants(model: Roadmap) -> dict[str, tuple[Roadmap, dt.date | None]]:
    s = model.settings
    q3 = s.horizon.start + 2
    # The example as it was before it had team and person pools: one pool of 20, 16 in Q3.
    single = replace(
        model,
        settings=replace(
            s, team_capacity=(), capacity_default=20.0, capacity_overrides=((q3, 16.0),)
        ),
        people=tuple(replace(p, capacity=None) for p in model.people),
        events=tuple(e for e in model.events if not e.teams),
    )
    return {
        "as written": (model, None),
        "mid-first-quarter": (model, dt.date(2027, 2, 15)),
        "tight": (replace(model, settings=replace(s, capacity_default=10.0)), None),
        "roomy": (replace(model, settings=replace(s, capacity_default=24.0)), None),
        "one pool": (single, None),
        "one pool, tight": (
            replace(single, settings=replace(single.settings, capacity_default=17.0)),
            dt.date(2027, 1, 20),
        ),
    }


def _first_possible(model: Roadmap, plan: Plan, id: str, today: dt.date | None) -> int:
    """The first start the rules allow, with only pinned and in-progress work in the way."""
    from generator.planning.pools import make_pools, open_share

    h = model.settings.horizon
    i = model.initiative_by_id[id]
    pools = make_pools(model)
    fixed = [[0.0] * h.length for _ in pools.pools]
    for p in plan.scheduled:
        j = model.initiative_by_id[p.id]
        if p.pinned or j.status == "in-progress":
            for k in range(p.start - h.start, p.end - h.start + 1):
                for pool in pools.of(j):
                    fixed[pool][k] += j.effort / j.duration
    t0 = 0
    for dep in i.depends_on:
        p = plan.placement(dep.id)
        if p is not None:
            t0 = max(t0, p.end - h.start + 1 + dep.lag)
    share = open_share(today, h.start)
    for t in range(t0, h.length - i.duration + 1):
        window = range(t, t + i.duration)
        if any(set(i.requires) & model.blocked_tags(h.start + k) for k in window):
            continue
        room = all(
            i.effort / i.duration
            <= (pools.pools[pool].capacity[k] - fixed[pool][k]) * (share if k == 0 else 1) + 1e-9
            for k in window
            for pool in pools.of(i)
        )
        if room:
            return t
    raise AssertionError(f"{id} has no possible start")


def test_quick_wins_come_first_on_the_example_and_its_variants(example: Roadmap) -> None:
    for name, (model, today) in _variants(example).items():
        plan = make_plan(model, today=today)
        start = plan.horizon[0]
        flexible = [
            p
            for p in plan.scheduled
            if not p.pinned and model.initiative_by_id[p.id].status != "in-progress"
        ]
        quick = [p for p in flexible if p.quadrant == "quick-win"]
        rest = [p for p in flexible if p.quadrant != "quick-win"]
        top = max(quick, key=lambda p: (p.score, p.id))
        assert top.start - start == _first_possible(model, plan, top.id, today), name
        mean_quick = sum(p.start - start for p in quick) / len(quick)
        mean_rest = sum(p.start - start for p in rest) / len(rest)
        assert mean_quick <= mean_rest, (name, mean_quick, mean_rest)


# --- what the pages say ------------------------------------------------------------------------


def test_pages_show_pools_the_current_quarter_and_late_needs(example: Roadmap) -> None:
    from generator.site.render import render_site

    day = dt.date(2027, 2, 15)
    plan = make_plan(example, today=day)
    lead = render_site(example, plan, "leadership", today=day).files
    page = lead["leadership.md"]
    assert "### Capacity per pool and per owner" in page
    assert "| Team: Knowledge and Self\\-Service | " in page
    assert "| Sofia Lindqvist | " in page
    assert "Planned on 2027\\-02\\-15: 50% of 2027\\-Q1 is still to come" in page
    assert "best plan the rules allow" in page
    assert "plan value" not in page and "proven" not in page
    org = render_site(example, plan, "organisation", today=day).files["organisation.md"]
    # The asks table says it in colour and in words, with why it matters.
    sso = next(line for line in org.splitlines() if line.startswith("| SSO connector"))
    assert '<span class="rm-ask rm-ask-need-late">Late</span>' in sso
    assert "(the work starts 2027\\-Q1, before that date)" in sso
    assert "Capacity per pool" not in org
    team = render_site(example, plan, "team", today=day).files
    assert not any("Capacity per pool" in str(text) for text in team.values())


def test_a_horizon_that_starts_in_the_past_says_so(example: Roadmap) -> None:
    """Quarters already over are closed to work not started: the plan and the page say so."""
    from generator.planning.text import plan_as_text
    from generator.site.render import render_site

    day = dt.date(2027, 8, 1)
    plan = make_plan(example, today=day)
    assert [str(q) for q in plan.past_quarters] == ["2027-Q1", "2027-Q2"]
    expected = (
        "Planned on 2027-08-01: 2027-Q1 to 2027-Q2 are over, so no work that has not started "
        "is planned there; move horizon.start in roadmap.yaml on to the current quarter at "
        "the next roadmap review"
    )
    assert plan_as_text(example, plan).splitlines()[2] == expected
    page = render_site(example, plan, "leadership", today=day).files["leadership.md"]
    assert '!!! note "Quarters already past"' in page
    assert "2027\\-Q1 to 2027\\-Q2 are over, so no work that has not started" in page
    assert make_plan(example, today=dt.date(2027, 3, 31)).past_quarters == ()
    # Nothing that has not started is put in a quarter that is over; started and pinned
    # work keeps its place.
    started = {i.id for i in example.initiatives if i.status == "in-progress" or i.pin}
    assert started, "the example has started or pinned work"
    for p in plan.scheduled:
        if p.id not in started:
            assert p.start > Quarter.parse("2027-Q2"), f"{p.id} starts in {p.start}, which is over"
    for i in example.initiatives:
        if i.pin:
            assert (place := plan.placement(i.id)) and place.start == i.pin
        elif i.status == "in-progress":
            assert plan.placement(i.id), f"{i.id} is in progress and stays in the plan"


def test_without_highs_the_heuristic_plan_stands_and_says_so(
    build: Build, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sys

    model = crowded(build, 40)
    exact = make_plan(model)
    monkeypatch.setitem(sys.modules, "highspy", None)  # as if it were not installed
    alone = make_plan(model)
    assert (alone.solver.status, alone.optimal, alone.solver.improved) == (
        "heuristic",
        False,
        False,
    )
    assert alone.bound >= exact.objective >= alone.objective
    assert alone.dumps() == make_plan(model, exact=False).dumps().replace(
        '"time_limit": 0.0', '"time_limit": 8.0'
    )
