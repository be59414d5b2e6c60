"""What if: a scenario applied to the model.

`apply_scenario` is a pure function from (model, scenario) to the model as the scenario
has it. It lives in the data stage so that the checks can check the data as a scenario
has it (`checks/scenarios.py`); the planner then plans that model exactly like the main
data (`planning/scenario.py`).
"""

from __future__ import annotations

from dataclasses import replace

from ..errors import RoadmapError
from .checks.suggest import did_you_mean
from .model import UNPIN, Initiative, PoolChange, Quarter, Roadmap, Scenario, TeamCapacity


def find_scenario(model: Roadmap, scenario_id: str) -> Scenario:
    """The scenario of that id, or a RoadmapError with the closest id."""
    found = model.scenario_by_id.get(scenario_id)
    if found is None:
        known = sorted(model.scenario_by_id)
        listed = ", ".join(known) if known else "none; add files to scenarios/"
        raise RoadmapError(
            f"unknown scenario '{scenario_id}'{did_you_mean(scenario_id, known)} "
            f"(scenarios: {listed})"
        )
    return found


def _overrides(
    old: tuple[tuple[Quarter, float], ...], change: PoolChange
) -> tuple[tuple[Quarter, float], ...]:
    """Overrides after a change: a new default drops the old overrides, listed ones win."""
    kept = {} if change.default is not None else dict(old)
    return tuple(sorted({**kept, **dict(change.overrides)}.items()))


def apply_scenario(model: Roadmap, scenario: Scenario) -> Roadmap:
    """The model as `scenario` has it (its changes applied; no scenarios of its own)."""
    s = model.settings
    f = scenario.function
    pools = {t.team: t for t in s.team_capacity}
    for team, change, _ in scenario.teams:
        old = pools.get(team, TeamCapacity(team, s.capacity_default, s.capacity_overrides))
        pools[team] = TeamCapacity(
            team,
            old.default if change.default is None else change.default,
            _overrides(old.overrides, change),
        )
    settings = replace(
        s,
        capacity_default=s.capacity_default if f.default is None else f.default,
        capacity_overrides=_overrides(s.capacity_overrides, f),
        team_capacity=tuple(pools[t] for t in sorted(pools)),
    )
    limits = {person: change for person, change, _ in scenario.people}
    people = tuple(
        replace(
            p,
            capacity=p.capacity if limits[p.id].default is None else limits[p.id].default,
            capacity_overrides=_overrides(p.capacity_overrides, limits[p.id]),
        )
        if p.id in limits
        else p
        for p in model.people
    )
    replaced = {e.id: e for e in scenario.events}
    known = {e.id for e in model.events}
    events = tuple(replaced.get(e.id, e) for e in model.events) + tuple(
        e for e in scenario.events if e.id not in known
    )
    changes = {c.id: c for c in scenario.changes}

    def changed(i: Initiative) -> Initiative:
        c = changes.get(i.id)
        if c is None:
            return i
        pin = i.pin if c.pin is None else None if c.pin == UNPIN else c.pin
        return replace(
            i,
            status=c.status or i.status,
            owner=c.owner or i.owner,
            team=c.team or i.team,
            duration=c.duration or i.duration,
            effort=i.effort if c.effort is None else c.effort,
            pin=pin if isinstance(pin, Quarter) else None,
        )

    initiatives = tuple(
        sorted((*(changed(i) for i in model.initiatives), *scenario.added), key=lambda i: i.id)
    )
    return replace(
        model,
        settings=settings,
        people=people,
        events=events,
        initiatives=initiatives,
        scenarios=(),
    )
