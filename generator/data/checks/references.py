"""Checks that hold across aggregates: ids are unique, people and teams resolve, and
the cycle finder the dependency and parent checks share."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TypeVar

from ...errors import Diagnostic
from ..model import Origin, Roadmap
from .suggest import Hint

T = TypeVar("T")


def check_references(m: Roadmap, hint: Hint) -> list[Diagnostic]:
    return _unique(m) + _people_refs(m, hint)


def _duplicates(
    items: Iterable[T],
    key: Callable[[T], str],
    origin: Callable[[T], Origin],
    what: str,
    scope: str = "",
) -> list[Diagnostic]:
    seen: dict[str, Origin] = {}
    out = []
    for item in items:
        k = key(item)
        if k in seen:
            first = seen[k]
            line = first.document.mark((*first.base, "id")).line
            out.append(
                origin(item).diagnostic(
                    f"duplicate {what} id '{k}'{scope} (first defined at {first.path}:{line})", "id"
                )
            )
        else:
            seen[k] = origin(item)
    return out


def _unique(m: Roadmap) -> list[Diagnostic]:
    out = []
    for i in m.initiatives:
        stem = i.origin.document.path.stem
        if stem != i.id and not i.origin.base:  # a scenario's new one is not a file of its own
            out.append(
                i.origin.diagnostic(
                    f"id '{i.id}' does not match the file name '{stem}.yaml'; "
                    "rename the file or change the id",
                    "id",
                )
            )
    out += _duplicates(m.initiatives, lambda i: i.id, lambda i: i.origin, "initiative")
    out += _duplicates(m.objectives, lambda o: o.id, lambda o: o.origin, "objective")
    for o in m.objectives:
        out += _duplicates(
            o.key_results,
            lambda k: k.id,
            lambda k: k.origin,
            "key result",
            f" in objective '{o.id}'",
        )
    out += _duplicates(m.events, lambda e: e.id, lambda e: e.origin, "event")
    out += _duplicates(m.kpis, lambda k: k.id, lambda k: k.origin, "KPI")
    out += _duplicates(m.teams, lambda t: t.id, lambda t: t.origin, "team")
    out += _duplicates(m.people, lambda p: p.id, lambda p: p.origin, "person")
    return out


def _people_refs(m: Roadmap, hint: Hint) -> list[Diagnostic]:
    if not m.has_people_file:
        return []
    people, teams = m.person_by_id, m.team_by_id
    # People often write a name where the id belongs: `owner: Maria Keller`.
    person_named = {p.name.casefold(): p.id for p in m.people}
    team_named = {t.name.casefold(): t.id for t in m.teams}
    out = []

    def by_name(value: str, named: dict[str, str], known: Iterable[str]) -> str:
        found = named.get(value.casefold())
        return f"; use the id '{found}'" if found else hint(value, known)

    def person(origin: Origin, value: str | None, field: str, *at: str | int) -> None:
        """`at`: the path to the field when it is not a key of the entity itself."""
        if value is not None and value not in people:
            out.append(
                origin.diagnostic(
                    f"{field}: unknown person '{value}' (people.yaml lists the people)"
                    f"{by_name(value, person_named, people)}",
                    *(at or (field,)),
                )
            )

    def team(origin: Origin, value: str | None, field: str) -> None:
        if value is not None and value not in teams:
            out.append(
                origin.diagnostic(
                    f"{field}: unknown team '{value}' (people.yaml lists the teams)"
                    f"{by_name(value, team_named, teams)}",
                    field,
                )
            )

    for i in m.initiatives:
        person(i.origin, i.owner, "owner")
        team(i.origin, i.team, "team")
        for n in i.needs:
            person(i.origin, n.contact, f"needs[{n.index}].contact", "needs", n.index, "contact")
    for o in m.objectives:
        person(o.origin, o.owner, "owner")
        team(o.origin, o.team, "team")
    for p in m.people:
        team(p.origin, p.team, "team")
    for t in m.teams:
        person(t.origin, t.lead, "lead")
    return out


def cycles(
    graph: dict[str, list[str]],
    origins: dict[str, Origin],
    what: str,
    field: str,
    *,
    indexed: bool = False,
) -> list[Diagnostic]:
    """Report each cycle once, at the smallest id on it, as `a -> b -> a`.

    With `indexed`, `field` is a list and the report points at the entry that closes
    the cycle's first step rather than at the whole list.
    """
    out = []
    # Each node's known targets, listed once (not again every time the walk returns).
    edges = {n: [t for t in ts if t in graph] for n, ts in graph.items()}
    state: dict[str, int] = {}  # 1 = on the current path, 2 = finished
    reported: set[frozenset[str]] = set()
    for root in sorted(graph):
        if state.get(root):
            continue
        path: list[str] = []
        stack: list[tuple[str, int]] = [(root, 0)]
        while stack:
            node, i = stack.pop()
            if i == 0:
                state[node] = 1
                path.append(node)
            targets = edges[node]
            if i < len(targets):
                stack.append((node, i + 1))
                nxt = targets[i]
                if state.get(nxt) == 1:
                    cycle = path[path.index(nxt) :]
                    key = frozenset(cycle)
                    if key not in reported and len(cycle) > 1:
                        reported.add(key)
                        start = cycle.index(min(cycle))
                        ordered = cycle[start:] + cycle[:start]
                        text = " -> ".join([*ordered, ordered[0]])
                        step = (
                            [graph[ordered[0]].index(ordered[1 % len(ordered)])] if indexed else []
                        )
                        out.append(origins[ordered[0]].diagnostic(f"{what}: {text}", field, *step))
                elif not state.get(nxt):
                    stack.append((nxt, 0))
            else:
                state[node] = 2
                path.pop()
    return out
