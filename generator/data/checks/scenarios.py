"""Checks of the scenarios (scenarios/<id>.yaml): every id a change names resolves, and
the data as the scenario has it passes every check.

A change to an initiative, a team pool or a person names one that exists; a new
initiative takes an id no initiative has; an event whose id is new is added, and one
whose id is close to an existing event's is flagged (it most likely misspells it).
Then the scenario is applied and the model checks run on the result (a pin outside the
horizon, a dependency cycle, ...): each error is reported at the scenario's `changes`,
with where it shows in the data as the scenario has it.
"""

from __future__ import annotations

from collections.abc import Callable

from ...errors import Diagnostic
from ..model import Roadmap, Scenario
from ..scenarios import apply_scenario
from .suggest import Hint, closest


def check_scenarios(
    m: Roadmap, hint: Hint, check: Callable[[Roadmap], list[Diagnostic]]
) -> list[Diagnostic]:
    """`check` is the model check (`check_model`), run on each applied scenario."""
    out: list[Diagnostic] = []
    for s in m.scenarios:
        found = _scenario(m, s, hint)
        out += found
        if any(d.severity == "error" for d in found):
            continue
        changed = {
            m.initiative_by_id[c.id].origin.path: c.origin
            for c in s.changes
            if c.id in m.initiative_by_id
        }
        for d in check(apply_scenario(m, s)):
            if d.severity != "error":
                continue
            message = f"scenario '{s.id}': {d.message}"
            if d.path == s.origin.path:  # in the scenario's own new initiatives or events
                out.append(Diagnostic(d.path, d.line, d.col, "error", message))
                continue
            where = changed.get(d.path)
            out.append(
                (where or s.origin).diagnostic(
                    f"{message} (in the data as the scenario has it, at {d.path}:{d.line}:{d.col})",
                    *(() if where else ("changes",)),
                    key=True,
                )
            )
    return out


def _scenario(m: Roadmap, s: Scenario, hint: Hint) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    initiatives = set(m.initiative_by_id)
    added = {i.id for i in s.added}
    people = set(m.person_by_id)
    teams = set(m.team_by_id) if m.has_people_file else {i.team for i in m.initiatives if i.team}
    for c in s.changes:
        if c.id not in initiatives:
            out.append(
                c.origin.diagnostic(
                    f"scenario '{s.id}': unknown initiative '{c.id}'{hint(c.id, initiatives)}",
                    key=True,
                )
            )
        if m.has_people_file and c.owner is not None and c.owner not in people:
            out.append(
                c.origin.diagnostic(
                    f"scenario '{s.id}': unknown owner '{c.owner}'{hint(c.owner, people)}", "owner"
                )
            )
        if m.has_people_file and c.team is not None and c.team not in teams:
            out.append(
                c.origin.diagnostic(
                    f"scenario '{s.id}': unknown team '{c.team}'{hint(c.team, teams)}", "team"
                )
            )
    for team, _, origin in s.teams:
        if team not in teams:
            out.append(
                origin.diagnostic(
                    f"scenario '{s.id}': unknown team '{team}'{hint(team, teams)}", key=True
                )
            )
    for person, change, origin in s.people:
        if person not in people:
            out.append(
                origin.diagnostic(
                    f"scenario '{s.id}': unknown person '{person}'{hint(person, people)}",
                    key=True,
                )
            )
        elif change.default is None and m.person_by_id[person].capacity is None:
            out.append(
                origin.diagnostic(
                    f"scenario '{s.id}': {person} has no capacity in people.yaml, so a "
                    "limit for some quarters needs `capacity` for the others too",
                    key=True,
                )
            )
    events = {e.id for e in m.events}
    for e in s.events:
        near = closest(e.id, events)
        if e.id not in events and near:
            out.append(
                e.origin.diagnostic(
                    f"scenario '{s.id}': event '{e.id}' is not in calendar.yaml, so it is "
                    f"added; did you mean '{near}'?",
                    "id",
                    severity="warning",
                )
            )
        for team in e.teams:
            if team not in teams:
                out.append(
                    e.origin.diagnostic(
                        f"scenario '{s.id}': unknown team '{team}'{hint(team, teams)}", "teams"
                    )
                )
    known = initiatives | added
    for i in s.added:
        if i.id in initiatives:
            out.append(
                i.origin.diagnostic(
                    f"scenario '{s.id}': initiative '{i.id}' exists; change it under "
                    "`changes.initiatives` instead",
                    "id",
                )
            )
        for n, d in enumerate(i.depends_on):
            if d.id not in known:
                out.append(
                    i.origin.diagnostic(
                        f"scenario '{s.id}': unknown initiative '{d.id}'{hint(d.id, known)}",
                        "depends_on",
                        n,
                    )
                )
        if m.has_people_file and i.owner is not None and i.owner not in people:
            out.append(
                i.origin.diagnostic(
                    f"scenario '{s.id}': unknown owner '{i.owner}'{hint(i.owner, people)}",
                    "owner",
                )
            )
        if m.has_people_file and i.team is not None and i.team not in teams:
            out.append(
                i.origin.diagnostic(
                    f"scenario '{s.id}': unknown team '{i.team}'{hint(i.team, teams)}", "team"
                )
            )
    return out
