"""Capacity per team and per person: the data, its checks, and the plans made with it."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from conftest import Build, MakeRoadmap, RunCli
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.data.model import Initiative, Origin, Person, Roadmap, TeamCapacity
from generator.planning.plan import Plan
from generator.planning.planner import make_plan

ORIGIN = Origin(Build().item("x").origin.document)


def pooled(
    build: Build,
    items: list[Initiative],
    teams: dict[str, float] | None = None,
    people: dict[str, float] | None = None,
    **kwargs: object,
) -> Roadmap:
    model = build.roadmap(items, **kwargs)  # type: ignore[arg-type]
    settings = replace(
        model.settings,
        team_capacity=tuple(TeamCapacity(t, float(v)) for t, v in sorted((teams or {}).items())),
    )
    persons = tuple(
        Person(p, p.capitalize(), None, None, ORIGIN, float(v))
        for p, v in sorted((people or {}).items())
    )
    return replace(model, settings=settings, people=persons)


def of(item: Initiative, team: str | None = None, owner: str | None = None) -> Initiative:
    return replace(item, team=team, owner=owner)


def where(plan: Plan, id: str) -> str:
    p = plan.placement(id)
    if p is not None:
        return str(p.start) if p.start == p.end else f"{p.start}..{p.end}"
    o = plan.omission(id)
    return o.kind if o else "missing"


def reason(plan: Plan, id: str) -> str:
    p, o = plan.placement(id), plan.omission(id)
    return p.reason if p else o.reason if o else ""


def test_a_team_with_a_pool_draws_on_it_instead_of_the_function_pool(build: Build) -> None:
    items = [
        of(build.item("kb", 5, 6), team="knowledge"),
        of(build.item("sso", 4, 4), team="knowledge"),
        build.item("macros", 4, 8),
        build.item("dash", 4, 2),
    ]
    plan = make_plan(pooled(build, items, teams={"knowledge": 8}, capacity=10))
    assert (where(plan, "kb"), where(plan, "sso")) == ("2027-Q1", "2027-Q2")
    assert (where(plan, "macros"), where(plan, "dash")) == ("2027-Q1", "2027-Q1")
    assert reason(plan, "sso") == (
        "first quarter with room: 2027-Q1 had 2 of 8 points left in the knowledge pool (Kb); "
        "quick win, score 4"
    )
    q1 = plan.capacity[0]
    assert (q1.available, q1.used) == (18, 16)
    assert [(p.pool, p.available, p.used) for p in q1.pools] == [
        ("function", 10, 10),
        ("team:knowledge", 8, 6),
    ]


def test_an_owner_limit_holds_on_top_of_the_team_pool(build: Build) -> None:
    items = [
        of(build.item("a", 4, 3), owner="maria"),
        of(build.item("b", 4, 3), owner="maria"),
        of(build.item("c", 4, 3), owner="jonas"),
    ]
    plan = make_plan(pooled(build, items, people={"maria": 4}, capacity=20))
    assert (where(plan, "a"), where(plan, "b"), where(plan, "c")) == (
        "2027-Q1",
        "2027-Q2",
        "2027-Q1",
    )
    assert reason(plan, "b") == (
        "first quarter with room: 2027-Q1 had 1 of 4 points left in Maria's own limit (A); "
        "quick win, score 5.33"
    )
    assert plan.dumps().count('"person:maria"') == 4


def test_an_event_for_some_teams_scales_only_their_pools(build: Build) -> None:
    rota = replace(build.event("rota", 0, 0.5), teams=("emea",))
    launch = build.event("launch", 1, 0.5)
    model = pooled(
        build,
        [of(build.item("x", 3, 1), owner="aisha")],
        teams={"emea": 10},
        people={"aisha": 4},
        capacity=20,
        events=[rota, launch],
    )
    model = replace(
        model, people=tuple(replace(p, team="emea") for p in model.people), has_people_file=True
    )
    plan = make_plan(model)
    pools = {(str(c.quarter), p.pool): p.available for c in plan.capacity for p in c.pools}
    assert pools[("2027-Q1", "function")] == 20
    assert pools[("2027-Q1", "team:emea")] == 5
    assert pools[("2027-Q1", "person:aisha")] == 2
    assert pools[("2027-Q2", "function")] == 10
    assert pools[("2027-Q2", "team:emea")] == 5
    assert pools[("2027-Q2", "person:aisha")] == 2


def test_fixed_work_that_overfills_a_pool_is_a_risk_naming_it(build: Build) -> None:
    items = [
        of(build.item("pin", 4, 6, pin=0), team="ops", owner="maria"),
        of(build.item("pin2", 4, 3, pin=0), team="ops", owner="maria"),
        of(build.item("new", 4, 1), team="ops"),
    ]
    plan = make_plan(pooled(build, items, teams={"ops": 8}, people={"maria": 5}, capacity=20))
    assert [r.message for r in plan.risks if r.kind == "over-capacity"] == [
        "2027-Q1, Maria's own limit: pinned and in-progress work alone needs 9 points, "
        "5 available (pin 6, pin2 3)",
        "2027-Q1, the ops pool: pinned and in-progress work alone needs 9 points, 8 available "
        "(pin 6, pin2 3)",
    ]
    assert where(plan, "new") == "2027-Q2"


def test_too_big_for_its_pool_names_the_pool(build: Build) -> None:
    items = [of(build.item("big", 4, 6), team="ops")]
    plan = make_plan(pooled(build, items, teams={"ops": 5}, capacity=20))
    assert reason(plan, "big") == (
        "no capacity: it needs 6 points a quarter and no quarter it could use has that many "
        "in total (at most 5 in the ops pool); split it or give it a longer duration"
    )


@st.composite
def pooled_roadmaps(draw: st.DrawFn) -> Roadmap:
    b = Build()
    length = draw(st.integers(2, 5))
    items = []
    for k in range(draw(st.integers(1, 12))):
        duration = draw(st.integers(1, min(length, 3)))
        picks = draw(st.sets(st.integers(0, k - 1), max_size=2)) if k else set()
        status = draw(st.sampled_from(("proposed", "planned", "in-progress")))
        pin = draw(st.one_of(st.none(), st.integers(0, length - duration)))
        item = b.item(
            f"i{k}",
            draw(st.integers(1, 5)),
            draw(st.sampled_from((1, 2, 3, 4, 6, 8))),
            duration=duration,
            status=status,
            deps=tuple(f"i{j}" for j in sorted(picks)),
            pin=pin if draw(st.integers(0, 6)) == 0 else None,
        )
        items.append(
            of(
                item,
                team=draw(st.sampled_from((None, "ops", "kb"))),
                owner=draw(st.sampled_from((None, "maria", "jonas"))),
            )
        )
    return pooled(
        b,
        items,
        teams={"ops": draw(st.sampled_from((2, 4, 6))), "kb": draw(st.sampled_from((3, 5)))},
        people={"maria": draw(st.sampled_from((2, 3, 5)))},
        quarters=length,
        capacity=draw(st.sampled_from((3, 6, 10))),
    )


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(pooled_roadmaps())
def test_flexible_work_never_exceeds_a_team_or_person_limit(model: Roadmap) -> None:
    plan = make_plan(model)
    h = model.settings.horizon
    limits = {"function": {q: model.settings.capacity_default for q in h.quarters}}
    for t in model.settings.team_capacity:
        limits[f"team:{t.team}"] = {q: t.default for q in h.quarters}
    for p in model.people:
        limits[f"person:{p.id}"] = {q: p.capacity or 0.0 for q in h.quarters}
    load: dict[str, dict[object, float]] = {k: dict.fromkeys(h.quarters, 0.0) for k in limits}
    fixed: dict[str, dict[object, bool]] = {k: dict.fromkeys(h.quarters, False) for k in limits}
    for p in plan.scheduled:
        i = model.initiative_by_id[p.id]
        team = f"team:{i.team}" if f"team:{i.team}" in limits else "function"
        mine = [team] + ([f"person:{i.owner}"] if f"person:{i.owner}" in limits else [])
        for k in range(p.end - p.start + 1):
            for pool in mine:
                load[pool][p.start + k] += i.effort / i.duration
                if p.pinned or i.status == "in-progress":
                    fixed[pool][p.start + k] = True
    for pool, quarters in load.items():
        for q, used in quarters.items():
            if used > limits[pool][q] + 1e-6:
                # only fixed work may overfill a pool, and that is reported
                assert fixed[pool][q]
                assert any(r.kind == "over-capacity" and r.id == str(q) for r in plan.risks)
    for c in plan.capacity:
        for p in c.pools:
            assert abs(p.used - load[p.pool][c.quarter]) < 1e-6
    # No flexible item could start earlier on its own: what every reason claims.
    ends = {p.id: p.end for p in plan.scheduled}
    for p in plan.scheduled:
        i = model.initiative_by_id[p.id]
        if p.pinned or i.status == "in-progress":
            continue
        team = f"team:{i.team}" if f"team:{i.team}" in limits else "function"
        mine = [team] + ([f"person:{i.owner}"] if f"person:{i.owner}" in limits else [])
        first = max([h.start] + [ends[d.id] + 1 + d.lag for d in i.depends_on if d.id in ends])
        per = i.effort / i.duration
        for s in range(first - h.start, p.start - h.start):
            window = [h.start + s + k for k in range(i.duration)]
            overlap = [q for q in window if p.start <= q <= p.end]
            fits = all(
                load[pool][q] - (per if q in overlap else 0.0) + per <= limits[pool][q] + 1e-6
                for q in window
                for pool in mine
            )
            assert not fits, f"{i.id} could start in {window[0]}: {p.reason}"


# --- the data: schema and cross-file checks ---------------------------------------------------


PEOPLE = {
    "teams": [{"id": "knowledge", "name": "Knowledge"}, {"id": "cs-ops", "name": "Ops"}],
    "people": [{"id": "maria", "name": "Maria", "team": "cs-ops", "capacity": 4}],
}


def test_pools_are_checked_against_the_teams(make_roadmap: MakeRoadmap, run_cli: RunCli) -> None:
    data = make_roadmap(
        {"id": "a", "team": "knowledge", "owner": "maria"},
        settings={
            "capacity": {
                "default": 20,
                "teams": {
                    "knowlege": {"default": 5},
                    "cs-ops": {"default": 5, "overrides": {"2029-Q1": 2}},
                },
            }
        },
        files={
            "people.yaml": PEOPLE,
            "calendar.yaml": {
                "events": [{"id": "rota", "title": "Rota", "quarter": "2027-Q2", "teams": ["ops"]}]
            },
        },
    )
    result = run_cli("validate", "--data", data)
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    root = Path(data)
    assert lines[:3] == [
        f"{root / 'calendar.yaml'}:6:5: error: teams: unknown team 'ops' (people.yaml lists "
        "the teams); did you mean 'cs-ops'?",
        f"{root / 'roadmap.yaml'}:8:5: error: capacity.teams: unknown team 'knowlege' "
        "(people.yaml lists the teams); did you mean 'knowledge'?",
        f"{root / 'roadmap.yaml'}:13:9: warning: capacity override for team 'cs-ops' in "
        "2029-Q1 is outside the horizon 2027-Q1..2027-Q4; it has no effect",
    ]


def test_pool_fields_are_in_the_schemas(make_roadmap: MakeRoadmap, run_cli: RunCli) -> None:
    data = make_roadmap(
        {"id": "a"},
        settings={"capacity": {"default": 20, "teams": {"cs-ops": {"default": -1}}}},
        files={
            "people.yaml": {
                "teams": [{"id": "cs-ops", "name": "Ops"}],
                "people": [{"id": "maria", "name": "Maria", "capacity": "lots"}],
            }
        },
    )
    result = run_cli("validate", "--data", data)
    assert result.exit_code == 1
    assert "capacity.teams.cs-ops.default" in result.stderr or "-1" in result.stderr
    assert "'lots'" in result.stderr


def test_the_example_roadmap_plans_with_team_and_person_pools() -> None:
    from generator.data.validate import load_roadmap

    model, _ = load_roadmap(Path(__file__).resolve().parent.parent / "roadmap")
    plan = make_plan(model)
    pools = [p.pool for p in plan.capacity[0].pools]
    assert [p for p in pools if p.startswith("team:")] == [
        "team:emea-escalations",
        "team:knowledge",
    ]
    assert any(p.startswith("person:") for p in pools)
    assert any(e.teams for e in model.events)
    assert plan.optimal
