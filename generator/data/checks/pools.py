"""Checks of the capacity pools: the function pool, team pools, and team events.

A team pool (`capacity.teams.<team>` in roadmap.yaml) and an event's `teams:` name teams.
With a people.yaml those are its team ids; without one, teams are free text, so a pool
names a team some initiative has, and an event a team that has a pool.
"""

from __future__ import annotations

from ...errors import Diagnostic
from ..model import Roadmap
from .suggest import Hint


def check_pools(m: Roadmap, hint: Hint) -> list[Diagnostic]:
    return _function_pool(m) + _team_pools(m, hint)


def _function_pool(m: Roadmap) -> list[Diagnostic]:
    h = m.settings.horizon
    out = []
    for q, _ in m.settings.capacity_overrides:
        if q not in h:
            out.append(
                m.settings.origin.diagnostic(
                    f"capacity override for {q} is outside the horizon {h.start}..{h.end}; "
                    "it has no effect",
                    "capacity",
                    "overrides",
                    str(q),
                    key=True,
                    severity="warning",
                )
            )
    return out


def _team_pools(m: Roadmap, hint: Hint) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    s = m.settings
    h = s.horizon
    pools = {p.team for p in s.team_capacity}
    if m.has_people_file:
        known, where = set(m.team_by_id), "people.yaml lists the teams"
    else:
        known, where = {i.team for i in m.initiatives if i.team}, "no initiative has that team"
    for pool in s.team_capacity:
        path = ("capacity", "teams", pool.team)
        if pool.team not in known:
            out.append(
                s.origin.diagnostic(
                    f"capacity.teams: unknown team '{pool.team}' ({where}){hint(pool.team, known)}",
                    *path,
                    key=True,
                )
            )
        for q, _ in pool.overrides:
            if q not in h:
                out.append(
                    s.origin.diagnostic(
                        f"capacity override for team '{pool.team}' in {q} is outside the "
                        f"horizon {h.start}..{h.end}; it has no effect",
                        *path,
                        "overrides",
                        str(q),
                        key=True,
                        severity="warning",
                    )
                )
    event_teams = set(m.team_by_id) if m.has_people_file else pools
    for e in m.events:
        for n, team in enumerate(e.teams):
            if team not in event_teams:
                why = (
                    "people.yaml lists the teams"
                    if m.has_people_file
                    else "capacity.teams in roadmap.yaml lists the team pools"
                )
                out.append(
                    e.origin.diagnostic(
                        f"teams: unknown team '{team}' ({why}){hint(team, event_teams)}",
                        "teams",
                        n,
                    )
                )
    return out
