"""The planner, rule by rule and reason by reason, on small roadmaps built in code."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import replace

import pytest
from conftest import _ORIGIN as ORIGIN
from conftest import ROOT, Build, RunCli

from generator.data.model import Event, Roadmap, Thresholds, working_days
from generator.planning.context import make_context
from generator.planning.fit import with_fits
from generator.planning.plan import Plan
from generator.planning.planner import make_plan, plan_objective
from generator.planning.priority import DEADLINE_BONUS, Priority, earliness, quadrant
from generator.planning.text import plan_as_text


def where(plan: Plan, id: str) -> str:
    p = plan.placement(id)
    if p is not None:
        return str(p.start) if p.start == p.end else f"{p.start}..{p.end}"
    o = plan.omission(id)
    return o.kind if o else ("done" if id in plan.done else "missing")


def reason(plan: Plan, id: str) -> str:
    p, o = plan.placement(id), plan.omission(id)
    return p.reason if p else o.reason if o else ""


def risks(plan: Plan, kind: str) -> list[str]:
    return [f"{r.id}: {r.message}" for r in plan.risks if r.kind == kind]


# --- prioritisation -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("impact", "effort", "expected"),
    [
        (3, 8, "quick-win"),
        (5, 8.5, "strategic"),
        (2, 8, "fill-in"),
        (2, 9, "ballast"),
        (1, 1, "fill-in"),
        (3, 100, "strategic"),
    ],
)
def test_quadrant_uses_thresholds(build: Build, impact: int, effort: float, expected: str) -> None:
    assert quadrant(build.item("a", impact, effort), Thresholds(3, 8.0)) == expected


def test_score_is_value_plus_urgency_plus_unlock_per_point(build: Build) -> None:
    # b and c wait on a, d waits on both b and c: a unlocks b, c and d once each.
    items = [
        build.item("a", 2, 4),
        build.item("b", 3, 2, deps=("a",)),
        build.item("c", 1, 2, deps=("a",)),
        build.item("d", 4, 2, deps=("b", "c")),
        build.item("e", 3, 3, deadline=0),
    ]
    plan = make_plan(build.roadmap(items, capacity=20))
    score = {p.id: p.score for p in plan.scheduled}
    assert score["a"] == pytest.approx((4 + 0.5 * (9 + 1 + 16)) / 4)
    assert score["d"] == pytest.approx(16 / 2)
    # e can end in quarter 0 at the earliest and must: no slack, full deadline pressure
    assert score["e"] == pytest.approx((9 + DEADLINE_BONUS) / 3)


def test_deadline_pressure_falls_with_slack(build: Build) -> None:
    plan = make_plan(
        build.roadmap(
            [build.item("near", 3, 3, deadline=1), build.item("far", 3, 3, deadline=3)], capacity=20
        )
    )
    assert plan.placement("near").score == pytest.approx((9 + DEADLINE_BONUS / 2) / 3)
    assert plan.placement("far").score == pytest.approx((9 + DEADLINE_BONUS / 4) / 3)


# --- what is and is not planned ----------------------------------------------------------


def test_every_initiative_exactly_once(build: Build) -> None:
    items = [
        build.item("done-one", status="done"),
        build.item("later", status="postponed", reason="After the merger."),
        build.item("never", status="dropped", reason="Product covers it."),
        build.item("ballast", 1, 12),
        build.item("go", 4, 3),
    ]
    plan = make_plan(build.roadmap(items))
    assert plan.done == ("done-one",)
    assert where(plan, "later") == "postponed"
    assert reason(plan, "later") == "postponed: After the merger."
    assert reason(plan, "never") == "dropped: Product covers it."
    assert where(plan, "ballast") == "ballast"
    assert reason(plan, "ballast") == (
        "ballast: impact 1 (below 3) for effort 12 (above 8); pin it to a quarter to do it anyway"
    )
    assert where(plan, "go") == "2027-Q1"
    assert reason(plan, "go") == "earliest quarter; quick win, score 5.33"
    assert plan.risks == ()


def test_pinned_ballast_is_scheduled(build: Build) -> None:
    plan = make_plan(build.roadmap([build.item("ivr", 1, 12, pin=2)], capacity=20))
    assert where(plan, "ivr") == "2027-Q3"
    assert plan.placement("ivr").pinned
    assert reason(plan, "ivr") == "pinned to 2027-Q3; ballast, score 0.08"


def test_duration_spreads_effort_and_stays_inside_the_horizon(build: Build) -> None:
    plan = make_plan(
        build.roadmap(
            [build.item("long", 4, 12, duration=3), build.item("huge", 4, 12, duration=5)]
        )
    )
    assert where(plan, "long") == "2027-Q1..2027-Q3"
    assert [c.used for c in plan.capacity] == [4, 4, 4, 0]
    assert where(plan, "huge") == "beyond-horizon"
    assert reason(plan, "huge") == ("beyond the horizon: it takes 5 quarters and the horizon has 4")


def test_capacity_defaults_overrides_and_event_factors(build: Build) -> None:
    model = build.roadmap(
        [],
        capacity=20,
        overrides={2: 16},
        events=[build.event("launch", 2, 0.5), build.event("fye", 3, 0.9)],
    )
    assert [c.available for c in make_plan(model).capacity] == [20, 20, 8, 18]


def test_no_capacity_names_the_full_quarters_and_what_took_them(build: Build) -> None:
    items = [build.item("big", 5, 8, duration=4), build.item("small", 3, 3)]
    plan = make_plan(build.roadmap(items, capacity=4))
    assert where(plan, "big") == "2027-Q1..2027-Q4"
    assert where(plan, "small") == "no-capacity"
    assert reason(plan, "small") == (
        "no capacity: it needs 3 points a quarter from 2027-Q1; "
        "2027-Q1 had 2 of 4 points left (Big); 2027-Q2 had 2 of 4 points left (Big); "
        "2027-Q3 had 2 of 4 points left (Big); 2027-Q4 had 2 of 4 points left (Big); "
        "it lost to Big: it would fit in 2027-Q1 if it moved"
    )


def test_item_bigger_than_any_quarter_says_so(build: Build) -> None:
    plan = make_plan(build.roadmap([build.item("giant", 5, 30)], capacity=10))
    assert where(plan, "giant") == "no-capacity"
    assert "no quarter it could use has that many in total (at most 10)" in reason(plan, "giant")


def test_waiting_for_room_is_explained(build: Build) -> None:
    items = [build.item("first", 5, 8), build.item("second", 4, 6)]
    plan = make_plan(build.roadmap(items, capacity=10))
    assert where(plan, "second") == "2027-Q2"
    assert reason(plan, "second") == (
        "first quarter with room: 2027-Q1 had 2 of 10 points left (First); quick win, score 2.67"
    )


# --- dependencies -------------------------------------------------------------------------


def test_dependent_starts_after_prerequisite_end_plus_lag(build: Build) -> None:
    items = [
        build.item("a", 4, 4, duration=2),
        build.item("b", 4, 2, deps=(("a", 1),)),
        build.item("c", 4, 2, deps=("a",)),
    ]
    plan = make_plan(build.roadmap(items, capacity=20, quarters=6))
    assert where(plan, "a") == "2027-Q1..2027-Q2"
    assert where(plan, "c") == "2027-Q3"
    assert reason(plan, "c") == "earliest quarter after A; quick win, score 8"
    assert where(plan, "b") == "2027-Q4"
    assert reason(plan, "b").startswith("earliest quarter after A plus 1 quarter lag;")


def test_done_prerequisite_is_satisfied(build: Build) -> None:
    items = [build.item("a", status="done"), build.item("b", deps=("a",))]
    assert where(make_plan(build.roadmap(items)), "b") == "2027-Q1"


def test_dependent_of_a_decision_is_blocked(build: Build) -> None:
    items = [
        build.item("wfm", status="postponed"),
        build.item("ivr", 1, 12),
        build.item("a", deps=("wfm",)),
        build.item("b", deps=("ivr",)),
        build.item("c", deps=("a",)),
    ]
    plan = make_plan(build.roadmap(items))
    assert reason(plan, "a") == "blocked: depends on Wfm, which is postponed"
    assert reason(plan, "b") == (
        "blocked: depends on Ivr, which is ballast (not scheduled unless pinned)"
    )
    assert reason(plan, "c") == "blocked: depends on A, which is blocked itself"


def test_dependent_of_something_that_did_not_fit_is_blocked(build: Build) -> None:
    items = [build.item("wfm", 4, 30), build.item("rollout", 4, 2, deps=("wfm",))]
    plan = make_plan(build.roadmap(items, capacity=10))
    assert where(plan, "wfm") == "no-capacity"
    assert reason(plan, "rollout") == ("blocked: depends on Wfm, which did not fit: no capacity")


def test_late_prerequisite_pushes_beyond_the_horizon(build: Build) -> None:
    items = [build.item("a", 4, 4, duration=3), build.item("b", 4, 2, duration=2, deps=("a",))]
    plan = make_plan(build.roadmap(items, capacity=20))
    assert where(plan, "b") == "beyond-horizon"
    assert reason(plan, "b") == (
        "beyond the horizon: it cannot start before 2027-Q4 (after A) "
        "and takes 2 quarters; the horizon ends 2027-Q4"
    )


# --- calendar blocks ------------------------------------------------------------------------


def test_freeze_keeps_hiring_work_out_of_its_quarter(build: Build) -> None:
    model = build.roadmap(
        [build.item("hire", 4, 4, requires=("hiring",))],
        events=[build.event("freeze", 0, blocks=("hiring",))],
    )
    plan = make_plan(model)
    assert where(plan, "hire") == "2027-Q2"
    assert reason(plan, "hire") == (
        "first quarter free of calendar blocks: 2027-Q1 blocks hiring (freeze); quick win, score 4"
    )


def test_freeze_everywhere_blocks_with_the_events_named(build: Build) -> None:
    model = build.roadmap(
        [build.item("hire", 4, 4, duration=2, requires=("hiring",))],
        events=[
            build.event("freeze-1", 1, blocks=("hiring",)),
            build.event("freeze-2", 2, blocks=("hiring",)),
        ],
    )
    plan = make_plan(model)
    assert where(plan, "hire") == "blocked"
    assert reason(plan, "hire") == (
        "blocked: no 2-quarter window from 2027-Q1 avoids the calendar: "
        "2027-Q2 blocks hiring (freeze-1); 2027-Q3 blocks hiring (freeze-2)"
    )


# --- pins and in-progress work --------------------------------------------------------------


def test_pins_are_kept_and_every_broken_rule_is_a_risk(build: Build) -> None:
    items = [
        build.item("pre", 4, 4, pin=1),
        build.item("pinned", 4, 8, deps=("pre",), pin=1, requires=("hiring",)),
        build.item("heavy", 4, 8, pin=1),
        build.item("gone", status="dropped"),
        build.item("orphan", 4, 2, deps=("gone",), pin=0),
    ]
    model = build.roadmap(items, events=[build.event("freeze", 1, blocks=("hiring",))])
    plan = make_plan(model)
    assert where(plan, "pinned") == "2027-Q2"
    assert risks(plan, "dependency") == [
        "orphan: pinned to 2027-Q1 but depends on gone, which is not scheduled (dropped)",
        "pinned: pinned to 2027-Q2 but pre ends 2027-Q2: it should start in 2027-Q3 or later",
    ]
    assert risks(plan, "blocked") == [
        "pinned: pinned to 2027-Q2, but 2027-Q2 blocks hiring (freeze)"
    ]
    assert risks(plan, "over-capacity") == [
        "2027-Q2: 2027-Q2: pinned and in-progress work alone needs 20 points, 10 available "
        "(heavy 8, pinned 8, pre 4)"
    ]


def test_flexible_work_never_exceeds_capacity_left_by_pins(build: Build) -> None:
    items = [build.item("pin", 4, 12, pin=0), build.item("flex", 5, 2)]
    plan = make_plan(build.roadmap(items, capacity=10))
    assert where(plan, "flex") == "2027-Q2"
    assert plan.capacity[0].used == 12


def test_in_progress_goes_first_from_the_first_quarter(build: Build) -> None:
    items = [build.item("ongoing", 2, 6, status="in-progress"), build.item("shiny", 5, 6)]
    plan = make_plan(build.roadmap(items, capacity=10))
    assert where(plan, "ongoing") == "2027-Q1"
    assert reason(plan, "ongoing") == (
        "in progress, continues from the first quarter; fill-in, score 0.67"
    )
    assert where(plan, "shiny") == "2027-Q2"


def test_in_progress_beyond_capacity_is_kept_as_a_risk(build: Build) -> None:
    items = [
        build.item("pin", 4, 8, pin=0),
        build.item("ongoing", 4, 6, status="in-progress", duration=4),
    ]
    plan = make_plan(build.roadmap(items, capacity=8, quarters=4))
    assert where(plan, "ongoing") == "2027-Q1..2027-Q4"
    assert reason(plan, "ongoing").startswith(
        "in progress; placed in 2027-Q1 although pinned and in-progress work already fill it"
    )
    assert [r.id for r in plan.risks] == ["2027-Q1"]


def test_in_progress_ballast_continues_but_new_ballast_waits(build: Build) -> None:
    plan = make_plan(
        build.roadmap([build.item("old", 1, 12, status="in-progress"), build.item("new", 1, 12)])
    )
    assert where(plan, "old") != "ballast"
    assert plan.placement("old") is not None
    assert plan.placement("old").quadrant == "ballast"
    assert where(plan, "new") == "ballast"


# --- deadlines -----------------------------------------------------------------------------


def test_deadline_risks(build: Build) -> None:
    items = [
        build.item("late", 5, 10, deadline=0, pin=1),
        build.item("squeezed", 3, 12, deadline=2),
        build.item("decided", 3, 2, deadline=1, status="postponed"),
        build.item("met", 3, 2, deadline=3),
    ]
    plan = make_plan(build.roadmap(items, capacity=10))
    assert risks(plan, "deadline") == [
        "late: ends 2027-Q2, after its deadline 2027-Q1 (regulation)",
        "squeezed: misses its deadline 2027-Q3 (regulation): not scheduled, no-capacity",
    ]
    assert reason(plan, "met").endswith("; meets its 2027-Q4 deadline")


def test_deadline_work_goes_first(build: Build) -> None:
    items = [build.item("big", 5, 10), build.item("regulatory", 2, 10, deadline=0)]
    plan = make_plan(build.roadmap(items, capacity=10, thresholds=(2, 10.0)))
    assert where(plan, "regulatory") == "2027-Q1"
    assert where(plan, "big") == "2027-Q2"


# --- objective, determinism, output --------------------------------------------------------


def test_objective_is_value_times_earliness_plus_deadline_bonus(build: Build) -> None:
    items = [build.item("a", 4, 10, duration=2, deadline=1), build.item("b", 2, 2)]
    model = build.roadmap(items, capacity=10)
    plan = make_plan(model)
    assert where(plan, "a") == "2027-Q1..2027-Q2"
    assert where(plan, "b") == "2027-Q1"
    expected = 16 * earliness(1, 4) + DEADLINE_BONUS + 4 * earliness(0, 4)
    assert plan_objective(model, plan) == pytest.approx(expected)


def test_same_plan_whatever_the_input_order(build: Build) -> None:
    items = [
        build.item(
            f"i{n}",
            1 + n % 5,
            2 + n % 7,
            duration=1 + n % 2,
            deps=(f"i{n - 3}",) if n >= 3 and n % 4 == 0 else (),
            deadline=n % 4 if n % 5 == 0 else None,
        )
        for n in range(14)
    ]
    events = [
        build.event("launch", 1, 0.7),
        build.event("fye", 1, 0.9),
        build.event("freeze", 2, blocks=("hiring",)),
    ]
    first = make_plan(build.roadmap(items, events=events)).dumps()
    rng = random.Random(7)
    for _ in range(5):
        rng.shuffle(items)
        rng.shuffle(events)
        assert make_plan(build.roadmap(items, events=events, sort=False)).dumps() == first


def test_text_view_lists_quarters_not_doing_and_risks(build: Build) -> None:
    items = [
        build.item("a", 4, 4),
        build.item("b", 4, 2, deps=("a",)),
        build.item("c", status="dropped", reason="No longer needed."),
        build.item("p", 4, 12, pin=3),
    ]
    model = build.roadmap(items, events=[build.event("launch", 1, 0.5)])
    text = plan_as_text(model, make_plan(model))
    assert "2027-Q1  4 of 10 points used\n  + a: A [quick-win, 4 points a quarter]" in text
    assert "2027-Q2  2 of 5 points used  [launch]" in text
    assert "2027-Q4  12 of 10 points used  OVER CAPACITY" in text
    assert "  - c [dropped]: dropped: No longer needed." in text
    assert "Risks (1)\n  ! 2027-Q4 [over-capacity]" in text


def test_example_roadmap_plans_every_initiative_once() -> None:
    from generator.data.validate import load_roadmap

    model, _ = load_roadmap(ROOT / "roadmap")
    plan = make_plan(model)
    seen = [p.id for p in plan.scheduled] + [o.id for o in plan.not_doing] + list(plan.done)
    assert sorted(seen) == sorted(i.id for i in model.initiatives)
    assert all(p.reason for p in plan.scheduled) and all(o.reason for o in plan.not_doing)


def test_cli_plan_json_is_byte_identical_across_runs(run_cli: RunCli) -> None:
    args = ["plan", "--format", "json", "--data", str(ROOT / "roadmap")]
    first = run_cli(*args)
    second = run_cli(*args)
    assert first.exit_code == 0
    assert first.stdout == second.stdout
    text = run_cli("plan", "--data", str(ROOT / "roadmap"))
    assert text.exit_code == 0 and "Not doing" in text.stdout


def test_replace_keeps_model_frozen(build: Build) -> None:
    # make_plan must not depend on or change anything but its argument
    model = build.roadmap([build.item("a")])
    before = replace(model)
    make_plan(model)
    assert model == before


# --- readings docs/planning.md settles ("Questions the rules answer") --------------------


def _priority(model: Roadmap, id: str) -> Priority:
    return make_context(model).priority[id]


def test_done_work_adds_no_unlock_and_the_planner_does_not_look_past_it(build: Build) -> None:
    items = [
        build.item("base", 3, 2),
        build.item("shipped", 3, 2, status="done", deps=("base",)),
        build.item("after", 5, 2, deps=("shipped",)),
    ]
    model = build.roadmap(items)
    assert _priority(model, "base").unlock == 0.0  # "after" waits only through done work
    assert _priority(model, "shipped").unlock == 0.5 * 25


def test_a_dependent_that_also_waits_on_dropped_work_still_counts(build: Build) -> None:
    items = [
        build.item("enabler", 3, 2),
        build.item("gone", 3, 2, status="dropped"),
        build.item("both", 5, 2, deps=("enabler", "gone")),
    ]
    model = build.roadmap(items)
    assert _priority(model, "enabler").unlock == 0.5 * 25
    assert make_plan(model).omission("both").kind == "blocked"  # type: ignore[union-attr]


def test_started_work_takes_room_prerequisites_first_then_by_id_not_by_score(
    build: Build,
) -> None:
    items = [
        build.item("b-low", 1, 4, status="in-progress"),
        build.item("c-top", 5, 4, status="in-progress"),
        build.item("a-mid", 3, 4, status="in-progress", deps=("c-top",)),
    ]
    plan = make_plan(build.roadmap(items, capacity=4))
    # Of the items whose prerequisites have their place, the smallest id goes first:
    # b-low, then c-top, then a-mid (which waits on c-top). Score plays no part.
    assert [where(plan, x) for x in ("b-low", "c-top", "a-mid")] == [
        "2027-Q1",
        "2027-Q2",
        "2027-Q3",
    ]


def test_started_work_without_a_window_after_its_prerequisite_may_land_in_a_full_quarter(
    build: Build,
) -> None:
    items = [
        build.item("late-pin", 3, 2, pin=3),
        build.item("full", 3, 10, pin=0),
        build.item("started", 3, 4, status="in-progress", deps=("late-pin",)),
    ]
    plan = make_plan(build.roadmap(items, capacity=10))
    assert where(plan, "started") == "2027-Q1"  # the earliest window free of blocks
    assert [r.id for r in plan.risks if r.kind == "over-capacity"] == ["2027-Q1"]
    assert [r.id for r in plan.risks if r.kind == "dependency"] == ["started"]


def test_a_team_scoped_event_scales_only_that_teams_pool_and_its_peoples_limits(
    build: Build,
) -> None:
    from test_planner_pools import of, pooled

    items = [of(build.item("mine", 3, 4), owner="maria"), of(build.item("ops", 3, 4), team="ops")]
    model = pooled(build, items, people={"maria": 6})
    model = replace(
        model,
        people=tuple(replace(p, team="ops") for p in model.people),
        events=(Event("council", "Council", build.q(0), None, "", 0.5, (), ORIGIN, ("ops",)),),
    )
    q1 = make_plan(model).capacity[0]
    # ops has no pool: its work draws on the function pool, which the event leaves whole;
    # maria is in ops, so her own limit is halved.
    assert {p.pool: p.available for p in q1.pools} == {"function": 10, "person:maria": 3}


def test_an_owner_without_a_team_draws_on_the_function_pool_and_their_limit(
    build: Build,
) -> None:
    from test_planner_pools import of, pooled

    items = [of(build.item("solo", 3, 2), owner="maria")]
    model = pooled(build, items, teams={"kb": 5}, people={"maria": 4})
    model = replace(model, people=tuple(replace(p, team="kb") for p in model.people))
    used = {p.pool: p.used for p in make_plan(model).capacity[0].pools}
    # Maria is in team kb, but the initiative names no team: the function pool pays.
    assert used == {"function": 2, "team:kb": 0, "person:maria": 2}


def test_pins_and_started_work_enter_urgency_where_they_sit(build: Build) -> None:
    items = [
        build.item("pinned-late", 3, 2, deadline=0, pin=2),
        build.item("after-pin", 3, 2, deps=("pinned-late",), deadline=3),
    ]
    model = build.roadmap(items)
    # Pinned past its deadline: no slack, the full bonus. Its dependent can end one
    # quarter after the pin at the earliest, in 2027-Q4, its deadline: no slack either.
    assert _priority(model, "pinned-late").urgency == DEADLINE_BONUS
    assert _priority(model, "after-pin").urgency == DEADLINE_BONUS


# --- what would make it fit ---------------------------------------------------------------


def _fits(model: Roadmap) -> dict[str, str]:
    from generator.planning.fit import find_fits

    return {f"{f.id} {f.goal}": f.change for f in find_fits(model, make_plan(model))}


def test_left_out_work_gets_the_smallest_change_that_brings_it_in(build: Build) -> None:
    items = [build.item("a", 5, 8), build.item("b", 5, 8), build.item("x", 1, 6)]
    model = build.roadmap(items, quarters=2, capacity=10)
    assert make_plan(model).omission("x").kind == "no-capacity"  # type: ignore[union-attr]
    # A longer duration still needs 3 points a quarter where 2 are free; postponing a or
    # b would drop it: more points in one quarter is the change that moves nothing.
    assert _fits(model) == {"x fit": "raise the function's points in 2027-Q1 from 10 to 14"}
    plan = with_fits(model, make_plan(model))
    # More points are not always there: the smallest change within today's capacity too.
    assert reason(plan, "x").endswith(
        ". To fit it: raise the function's points in 2027-Q1 from 10 to 14 (nothing else "
        "moves); within the capacity there is: postpone A (nothing else moves)"
    )


def test_time_comes_before_points_when_both_would_do(build: Build) -> None:
    items = [build.item("a", 5, 7), build.item("b", 5, 7), build.item("x", 1, 6)]
    model = build.roadmap(items, quarters=2, capacity=10)
    assert _fits(model) == {"x fit": "give it a duration of 2 quarters (3 points a quarter)"}


def test_a_missed_deadline_gets_what_would_meet_it(build: Build) -> None:
    items = [build.item("fixed", 3, 8, pin=0), build.item("due", 3, 4, deadline=0)]
    model = build.roadmap(items, quarters=3, capacity=10)
    plan = make_plan(model)
    assert where(plan, "due") == "2027-Q2" and risks(plan, "deadline")
    assert _fits(model) == {"due deadline": "raise the function's points in 2027-Q1 from 10 to 12"}
    (risk,) = (r for r in with_fits(model, plan).risks if r.kind == "deadline")
    assert risk.message.endswith(
        ". To meet it: raise the function's points in 2027-Q1 from 10 to 12 (nothing else moves)"
    )


def test_a_change_known_not_to_work_is_not_planned(
    build: Build, monkeypatch: pytest.MonkeyPatch
) -> None:
    from generator.planning import fit

    items = [build.item("fixed", 3, 8, pin=0), build.item("due", 3, 4, deadline=0)]
    model = build.roadmap(items, quarters=3, capacity=10)
    planned = []
    monkeypatch.setattr(fit, "make_plan", lambda m, **k: planned.append(m) or make_plan(m, **k))
    # A duration of 2 or 3 quarters cannot end in 2027-Q1: only more points are planned.
    assert _fits(model) == {"due deadline": "raise the function's points in 2027-Q1 from 10 to 12"}
    assert len(planned) == 1


def test_postponing_is_offered_only_when_it_frees_enough(build: Build) -> None:
    from generator.planning.fit import find_fits

    items = [
        build.item("a", 5, 6, pin=0),
        build.item("b", 4, 4),
        build.item("c", 2, 4),
        build.item("x", 3, 6, deadline=0),
    ]
    model = build.roadmap(items, quarters=2, capacity=10)
    (fit,) = find_fits(model, make_plan(model))
    # The pin holds 6 of 2027-Q1's 10 points and B the other 4: postponing B frees 4 of
    # the 6 that x needs, so only more points meet the deadline, and there is no
    # alternative within the capacity there is.
    assert (fit.id, fit.goal, fit.change) == (
        "x",
        "deadline",
        "raise the function's points in 2027-Q1 from 10 to 16",
    )
    assert (fit.moved, fit.alternative) == ((), "")


# --- events of some days (from: and to:) ----------------------------------------------------

# 2027-Q1 has 64 working days (1 January 2027 is a Friday); a freeze from Monday 4
# January to Friday 15 January covers 10 of them.
FREEZE = (dt.date(2027, 1, 4), dt.date(2027, 1, 15))


def _freeze(build: Build, factor: float = 1.0, blocks: tuple[str, ...] = (), **kw: object) -> Event:
    return Event("freeze", "Freeze", build.q(0), None, "", factor, blocks, ORIGIN, **kw)  # type: ignore[arg-type]


def test_a_part_quarter_event_scales_the_share_of_working_days_it_covers(build: Build) -> None:
    spanned = build.roadmap([], events=[_freeze(build, 0.0, span=FREEZE)])
    whole = build.roadmap([], events=[_freeze(build, 0.0)])
    assert working_days(build.q(0).first_day, build.q(0).last_day) == 64
    assert [c.available for c in make_plan(spanned).capacity][:2] == [10 * 54 / 64, 10]
    assert [c.available for c in make_plan(whole).capacity][:2] == [0, 10]


def test_a_span_over_a_year_end_scales_both_quarters_it_touches(build: Build) -> None:
    holidays = Event(
        "holidays",
        "Holidays",
        build.q(0),
        None,
        "",
        0.5,
        (),
        ORIGIN,
        span=(dt.date(2027, 3, 22), dt.date(2027, 4, 2)),
    )
    assert holidays.quarters == (build.q(0), build.q(1))
    assert holidays.share(build.q(0)) == 8 / 64  # Mon 22 to Wed 31 March
    assert holidays.share(build.q(1)) == 2 / 65  # Thu 1 and Fri 2 April
    assert holidays.share(build.q(2)) == 0
    capacity = make_plan(build.roadmap([], events=[holidays])).capacity
    assert [round(c.available, 3) for c in capacity] == [9.375, 9.846, 10, 10]


def test_a_two_week_freeze_keeps_launches_out_of_its_quarter_not_the_work(build: Build) -> None:
    items = [
        build.item("one-quarter", 4, 2, requires=("release",)),
        build.item("two-quarters", 4, 4, duration=2, requires=("release",)),
    ]
    spanned = make_plan(
        build.roadmap(items, events=[_freeze(build, blocks=("release",), span=FREEZE)])
    )
    # It may not end in 2027-Q1, the freeze's quarter; work that runs on past it may start there.
    assert where(spanned, "one-quarter") == "2027-Q2"
    assert where(spanned, "two-quarters") == "2027-Q1..2027-Q2"
    assert "2027-Q1 blocks release (freeze) for work ending there" in reason(spanned, "one-quarter")
    # The same freeze written for its quarter, or as one date: in it (which says only the
    # day it falls on), keeps the work out of all of the quarter.
    for day in (None, FREEZE[0]):
        event = replace(_freeze(build, blocks=("release",)), date=day)
        whole = make_plan(build.roadmap(items, events=[event]))
        assert where(whole, "one-quarter") == "2027-Q2"
        assert where(whole, "two-quarters") == "2027-Q2..2027-Q3"


def test_a_pin_that_ends_in_a_part_quarter_freeze_is_a_blocked_risk(build: Build) -> None:
    items = [build.item("pinned", 4, 2, pin=0, requires=("release",))]
    plan = make_plan(
        build.roadmap(items, events=[_freeze(build, blocks=("release",), span=FREEZE)])
    )
    assert where(plan, "pinned") == "2027-Q1"
    assert [r.split(", but ")[1] for r in risks(plan, "blocked")] == [
        "2027-Q1 blocks release (freeze) for work ending there"
    ]


def test_the_plan_as_text_names_the_teams_of_an_event(build: Build) -> None:
    council = Event("council", "Council", build.q(0), None, "", 0.5, (), ORIGIN, ("ops",))
    freeze = _freeze(build, span=(dt.date(2027, 3, 29), dt.date(2027, 4, 9)))
    model = build.roadmap([], events=[council, freeze])
    heads = [line for line in plan_as_text(model, make_plan(model)).splitlines() if "  [" in line]
    # The freeze runs from 2027-Q1 into 2027-Q2: both quarters list it.
    assert [h.split("  [")[1] for h in heads] == ["Council (ops only); Freeze]", "Freeze]"]
