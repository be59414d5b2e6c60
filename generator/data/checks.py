"""Cross-file checks, run on the model once every file has passed its own schema.

Ids are unique, references resolve, there are no cycles, and pins, deadlines and
statuses are consistent with the horizon.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable
from typing import TypeVar

from ..errors import Diagnostic
from .checks_living import check_living
from .model import LEVELS, Initiative, Origin, Roadmap
from .pool_checks import check_pools

T = TypeVar("T")


class _Hints:
    """Did-you-mean hints for one check run.

    Each set of known names is sorted once and each unknown name matched once: a
    thousand references to one renamed id in a large roadmap cost one difflib search,
    not a thousand searches over every id.
    """

    def __init__(self) -> None:
        self._sorted: dict[int, tuple[Iterable[str], list[str]]] = {}
        self._found: dict[tuple[str, int], str] = {}

    def __call__(self, name: str, known: Iterable[str]) -> str:
        key = (name, id(known))
        if key not in self._found:
            # Keep `known` alive beside its sorted copy so its id cannot be reused.
            _, names = self._sorted.setdefault(id(known), (known, sorted(known)))
            close = difflib.get_close_matches(name, names, n=1, cutoff=0.6)
            self._found[key] = f"; did you mean '{close[0]}'?" if close else ""
        return self._found[key]


def check_model(model: Roadmap) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    out += _unique(model)
    hint = _Hints()
    out += _initiative_refs(model, hint)
    out += _okr_refs(model, hint)
    out += _people_refs(model, hint)
    out += _cycles(
        {i.id: [d.id for d in i.depends_on] for i in model.initiatives},
        {i.id: i.origin for i in model.initiatives},
        "dependency cycle",
        "depends_on",
        indexed=True,
    )
    out += _cycles(
        {o.id: [o.parent] if o.parent else [] for o in model.objectives},
        {o.id: o.origin for o in model.objectives},
        "parent cycle",
        "parent",
    )
    out += _horizon(model)
    out += check_living(model, hint)
    out += check_pools(model)
    return out


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
        if stem != i.id:
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


def _initiative_refs(m: Roadmap, _hint: _Hints) -> list[Diagnostic]:
    out = []
    ids = m.initiative_by_id
    for i in m.initiatives:
        seen: set[str] = set()
        for n, dep in enumerate(i.depends_on):
            if dep.id == i.id:
                out.append(i.origin.diagnostic(f"'{i.id}' depends on itself", "depends_on", n))
            elif dep.id not in ids:
                out.append(
                    i.origin.diagnostic(
                        f"depends_on: unknown initiative '{dep.id}'{_hint(dep.id, ids)}",
                        "depends_on",
                        n,
                    )
                )
            if dep.id in seen:
                out.append(
                    i.origin.diagnostic(f"depends_on lists '{dep.id}' twice", "depends_on", n)
                )
            seen.add(dep.id)
        for n, ref in enumerate(i.supports):
            obj_id, _, kr_id = ref.partition(".")
            if obj_id not in m.objective_by_id:
                out.append(
                    i.origin.diagnostic(
                        f"supports: unknown objective '{obj_id}' in '{ref}'"
                        f"{_hint(obj_id, m.objective_by_id)}",
                        "supports",
                        n,
                    )
                )
            elif ref not in m.key_result_by_ref:
                krs = [k.id for k in m.objective_by_id[obj_id].key_results]
                out.append(
                    i.origin.diagnostic(
                        f"supports: objective '{obj_id}' has no key result '{kr_id}'"
                        f"{_hint(kr_id, krs)}",
                        "supports",
                        n,
                    )
                )
        if i.status in ("postponed", "dropped") and not i.reason:
            out.append(
                i.origin.diagnostic(
                    f"a {i.status} initiative needs a `reason:` saying why", "status"
                )
            )
    return out


def _okr_refs(m: Roadmap, _hint: _Hints) -> list[Diagnostic]:
    out = []
    objectives = m.objective_by_id
    for o in m.objectives:
        if o.parent is not None:
            parent = objectives.get(o.parent)
            if parent is None:
                out.append(
                    o.origin.diagnostic(
                        f"parent: unknown objective '{o.parent}'{_hint(o.parent, objectives)}",
                        "parent",
                    )
                )
            elif parent.id == o.id:
                out.append(
                    o.origin.diagnostic(
                        f"parent: objective '{o.id}' cannot cascade from itself", "parent"
                    )
                )
            elif LEVELS.index(o.level) <= LEVELS.index(parent.level):
                out.append(
                    o.origin.diagnostic(
                        f"a {o.level} objective cannot cascade from the {parent.level} objective "
                        f"'{parent.id}'; a child sits below its parent "
                        "(function -> team -> individual)",
                        "level",
                    )
                )
        for k in o.key_results:
            if k.kpi is not None and k.kpi not in m.kpi_by_id:
                out.append(
                    k.origin.diagnostic(
                        f"kpi: unknown KPI '{k.kpi}'{_hint(k.kpi, m.kpi_by_id)}", "kpi"
                    )
                )
    return out


def _people_refs(m: Roadmap, _hint: _Hints) -> list[Diagnostic]:
    if not m.has_people_file:
        return []
    people, teams = m.person_by_id, m.team_by_id
    # People often write a name where the id belongs: `owner: Maria Keller`.
    person_named = {p.name.casefold(): p.id for p in m.people}
    team_named = {t.name.casefold(): t.id for t in m.teams}
    out = []

    def by_name(value: str, named: dict[str, str], known: Iterable[str]) -> str:
        found = named.get(value.casefold())
        return f"; use the id '{found}'" if found else _hint(value, known)

    def person(origin: Origin, value: str | None, field: str) -> None:
        if value is not None and value not in people:
            out.append(
                origin.diagnostic(
                    f"{field}: unknown person '{value}' (people.yaml lists the people)"
                    f"{by_name(value, person_named, people)}",
                    field,
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
    for o in m.objectives:
        person(o.origin, o.owner, "owner")
        team(o.origin, o.team, "team")
    for p in m.people:
        team(p.origin, p.team, "team")
    for t in m.teams:
        person(t.origin, t.lead, "lead")
    return out


def _cycles(
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


def _horizon(m: Roadmap) -> list[Diagnostic]:
    h = m.settings.horizon
    out = []
    for i in m.initiatives:
        out += _pin(i, m)
        if (
            i.urgency
            and i.urgency.deadline < h.start
            and i.status not in ("done", "dropped", "postponed")
        ):
            out.append(
                i.origin.diagnostic(
                    f"urgency.deadline {i.urgency.deadline} is before the horizon starts "
                    f"({h.start}); move the deadline or mark the initiative done",
                    "urgency",
                    "deadline",
                )
            )
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


def _pin(i: Initiative, m: Roadmap) -> list[Diagnostic]:
    h = m.settings.horizon
    if i.pin is None or i.status in ("done", "postponed", "dropped"):
        return []
    if i.pin not in h:
        return [
            i.origin.diagnostic(
                f"quarter {i.pin} is outside the horizon {h.start}..{h.end}; "
                "pin it inside the horizon or remove the pin",
                "quarter",
            )
        ]
    end = i.pin + (i.duration - 1)
    if end not in h:
        return [
            i.origin.diagnostic(
                f"pinned to {i.pin} with duration {i.duration}, it would end in {end}, after "
                f"the horizon ends ({h.end})",
                "quarter",
            )
        ]
    return []
