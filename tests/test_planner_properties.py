"""Property-based tests: on random valid roadmaps every plan obeys every hard rule.

The checks below restate the rules of docs/planning.md independently of the planner's
code, so a bug has to get past two different readings of the rules.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import replace

from conftest import Build
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.data.model import Initiative, Quarter, Roadmap
from generator.planning.plan import Plan
from generator.planning.planner import make_plan
from generator.planning.priority import quadrant

EPS = 1e-6
B = Build()
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def roadmaps(draw: st.DrawFn) -> Roadmap:
    length = draw(st.integers(2, 6))
    n = draw(st.integers(0, 12))
    tags = ("hiring", "budget")
    items: list[Initiative] = []
    for k in range(n):
        duration = draw(st.integers(1, min(length + 1, 4)))
        picks = draw(st.sets(st.integers(0, k - 1), max_size=2)) if k else set()
        deps = tuple((f"i{j}", draw(st.integers(0, 2))) for j in sorted(picks))
        status = draw(
            st.sampled_from(
                ("proposed", "proposed", "planned", "in-progress", "done", "postponed", "dropped")
            )
        )
        pin = None
        if duration <= length and draw(st.integers(0, 9)) == 0:
            pin = draw(st.integers(0, length - duration))
        deadline = draw(st.one_of(st.none(), st.integers(0, length + 1)))
        items.append(
            B.item(
                f"i{k}",
                draw(st.integers(1, 5)),
                draw(st.sampled_from((0.5, 1, 2, 3, 4, 6, 8, 9, 12, 20, 30))),
                duration=duration,
                status=status,
                deps=deps,
                pin=pin,
                deadline=deadline,
                requires=tuple(t for t in tags if draw(st.integers(0, 4)) == 0),
            )
        )
    events = []
    for k in range(draw(st.integers(0, 3))):
        event = B.event(
            f"e{k}",
            draw(st.integers(0, length - 1)),
            draw(st.sampled_from((1.0, 0.5, 0.7, 0.9))),
            tuple(t for t in tags if draw(st.booleans())),
        )
        if draw(st.booleans()):  # some days (from:, to:), perhaps across a quarter's end
            first = event.quarter.first_day + dt.timedelta(days=draw(st.integers(0, 89)))
            last = first + dt.timedelta(days=draw(st.integers(0, 120)))
            event = replace(event, span=(first, last))
        events.append(event)
    overrides = draw(
        st.dictionaries(st.integers(0, length - 1), st.sampled_from((0, 4, 15)), max_size=2)
    )
    return B.roadmap(
        items,
        quarters=length,
        capacity=draw(st.sampled_from((2, 5, 10, 20))),
        overrides=overrides,
        events=events,
    )


def _committed(i: Initiative, plan: Plan) -> bool:
    p = plan.placement(i.id)
    return p is not None and (p.pinned or i.status == "in-progress")


def check_rules(model: Roadmap, plan: Plan) -> None:
    h = model.settings.horizon
    ids = [i.id for i in model.initiatives]
    seen = [p.id for p in plan.scheduled] + [o.id for o in plan.not_doing] + list(plan.done)
    assert sorted(seen) == sorted(ids), "every initiative exactly once"
    risk = {(r.id, r.kind) for r in plan.risks}
    by_id = model.initiative_by_id
    end: dict[str, Quarter] = {p.id: p.end for p in plan.scheduled}

    load = {q: 0.0 for q in h.quarters}
    for p in plan.scheduled:
        i = by_id[p.id]
        assert p.reason.strip()
        assert p.start in h and p.end in h
        if i.duration > h.length:  # started work that runs past the horizon
            assert i.status == "in-progress" and (p.start, p.end) == (h.start, h.end)
        else:
            assert p.end - p.start + 1 == i.duration
        assert i.status in ("proposed", "planned", "in-progress")
        if i.pin is not None:
            assert p.pinned and p.start == i.pin
        elif i.status != "in-progress":  # started work continues even as ballast
            assert quadrant(i, model.settings.thresholds) != "ballast"
        committed = _committed(i, plan)
        for k in range(p.end - p.start + 1):
            q = p.start + k
            load[q] += i.effort / i.duration
            if set(i.requires) & model.blocked_tags(q):
                assert committed and (i.id, "blocked") in risk, f"{i.id} sits in a block"
        if set(i.requires) & model.launch_blocked_tags(p.end):  # no launch in a freeze
            assert committed and (i.id, "blocked") in risk, f"{i.id} ends in a block"
        for dep in i.depends_on:
            pre = by_id[dep.id]
            ok = pre.status == "done" or (dep.id in end and p.start - end[dep.id] > dep.lag)
            if not ok:
                assert committed and (i.id, "dependency") in risk, f"{i.id} before {dep.id}"
        if i.urgency and p.end > i.urgency.deadline:
            assert (i.id, "deadline") in risk

    for c in plan.capacity:
        assert abs(c.available - model.capacity(c.quarter)) < EPS
        assert abs(c.used - load[c.quarter]) < EPS
        if c.used > c.available + EPS:
            assert (str(c.quarter), "over-capacity") in risk
            for p in plan.scheduled:
                if p.occupies(c.quarter):
                    assert _committed(by_id[p.id], plan), f"{p.id} overfills {c.quarter}"

    for o in plan.not_doing:
        i = by_id[o.id]
        assert o.reason.strip()
        assert i.status != "in-progress", "started work is never dropped"
        if i.status in ("postponed", "dropped"):
            assert o.kind == i.status
        elif o.kind == "ballast":
            assert quadrant(i, model.settings.thresholds) == "ballast" and i.pin is None
            assert i.status != "in-progress"
        else:
            _check_left_out(model, plan, i, o.kind, end, load)
        has_risk = (i.id, "deadline") in risk
        expected = i.urgency is not None and o.kind in ("blocked", "no-capacity", "beyond-horizon")
        assert has_risk == expected, f"deadline risk for {i.id} ({o.kind})"


def _check_left_out(
    model: Roadmap,
    plan: Plan,
    i: Initiative,
    kind: str,
    end: dict[str, Quarter],
    load: dict[Quarter, float],
) -> None:
    """Left out for a reason that holds: a missing prerequisite, time, calendar or room."""
    h = model.settings.horizon
    missing = [
        d for d in i.depends_on if model.initiative_by_id[d.id].status != "done" and d.id not in end
    ]
    if missing:
        assert kind == "blocked"
        return
    earliest = max([h.start] + [end[d.id] + 1 + d.lag for d in i.depends_on if d.id in end])
    latest = h.end + (1 - i.duration)
    if earliest > latest:
        assert kind == "beyond-horizon"
        return
    windows = [earliest + k for k in range(latest - earliest + 1)]
    free = [
        s
        for s in windows
        if not any(set(i.requires) & model.blocked_tags(s + k) for k in range(i.duration))
        and not set(i.requires) & model.launch_blocked_tags(s + (i.duration - 1))
    ]
    if not free:
        assert kind == "blocked"
        return
    assert kind == "no-capacity"
    per = i.effort / i.duration
    for s in free:  # it really does not fit anywhere, even in the finished plan
        assert any(load[s + k] + per > model.capacity(s + k) + 1e-9 for k in range(i.duration)), (
            f"{i.id} would fit at {s}"
        )


@SETTINGS
@given(roadmaps())
def test_every_plan_obeys_every_hard_rule(model: Roadmap) -> None:
    check_rules(model, make_plan(model))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(roadmaps(), st.randoms(use_true_random=False))
def test_same_plan_whatever_the_input_order(model: Roadmap, rng: random.Random) -> None:
    first = make_plan(model).dumps()
    items, events = list(model.initiatives), list(model.events)
    rng.shuffle(items)
    rng.shuffle(events)
    shuffled = Roadmap(model.settings, tuple(items), (), (), tuple(events), (), (), False)
    assert make_plan(shuffled).dumps() == first
