"""Cross-file checks of the living roadmap: progress, review records, the current state.

Run from `checks.check_model` once every file passed its schema. Errors are references
that do not resolve and fields that contradict each other; notes point at friction
nothing addresses and at active work that addresses no friction.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from ..errors import Diagnostic
from .model import Origin, ReviewRecord, Roadmap, period_days

Hint = Callable[[str, Iterable[str]], str]  # a did-you-mean suffix, or ""

# Statuses under which an initiative does no work on a friction point.
_NO_WORK = ("postponed", "dropped")


def check_living(model: Roadmap, hint: Hint) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    out += _initiatives(model, hint)
    for review in model.reviews:
        out += _review(review, model, hint)
    out += _closings(model)
    out += _current_state(model, hint)
    return out


def _initiatives(m: Roadmap, hint: Hint) -> list[Diagnostic]:
    out = []
    friction = m.friction_by_id
    for i in m.initiatives:
        if i.delivered is not None and i.status != "done":
            out.append(
                i.origin.diagnostic(
                    f"delivered: only done work has a delivery date, but the status is "
                    f"{i.status}; set `status: done` or remove `delivered:`",
                    "delivered",
                )
            )
        if i.progress and i.status in ("proposed", "planned"):
            out.append(
                i.origin.diagnostic(
                    f"initiative '{i.id}' has progress check-ins but its status is {i.status}; "
                    "set `status: in-progress` once the work has started",
                    "progress",
                    key=True,
                    severity="warning",
                )
            )
        for n, ref in enumerate(i.addresses):
            if ref in friction:
                continue
            where = (
                f"{hint(ref, friction)}"
                if m.current_state is not None
                else "; there is no current-state.yaml that lists friction points"
            )
            out.append(
                i.origin.diagnostic(
                    f"addresses: unknown friction point '{ref}'{where}", "addresses", n
                )
            )
    return out


def _review(r: ReviewRecord, m: Roadmap, hint: Hint) -> list[Diagnostic]:
    out = []
    for n, d in enumerate(r.decisions):
        if d.initiative is not None and d.initiative not in m.initiative_by_id:
            out.append(
                r.origin.diagnostic(
                    f"decisions[{n}].initiative: unknown initiative '{d.initiative}'"
                    f"{hint(d.initiative, m.initiative_by_id)}",
                    "decisions",
                    n,
                    "initiative",
                )
            )
    if m.has_people_file:
        named = {p.name.casefold(): p.id for p in m.people}
        for n, who in enumerate(r.attendees):
            if who not in m.person_by_id:
                found = named.get(who.replace("-", " ").casefold())
                tip = f"; use the id '{found}'" if found else hint(who, m.person_by_id)
                out.append(
                    r.origin.diagnostic(
                        f"attendees: unknown person '{who}' (people.yaml lists the people){tip}",
                        "attendees",
                        n,
                    )
                )
    if r.kind != "okr-close":
        for key, given in (("period", r.period is not None), ("objectives", bool(r.objectives))):
            if given:
                out.append(
                    r.origin.diagnostic(
                        f"{key}: only an okr-close record closes a period and scores its "
                        f"objectives; this record's kind is {r.kind}",
                        key,
                        key=True,
                    )
                )
        return out
    seen: set[str] = set()
    for close in r.objectives:
        objective = m.objective_by_id.get(close.objective)
        if objective is None:
            out.append(
                close.origin.diagnostic(
                    f"objectives: unknown objective '{close.objective}'"
                    f"{hint(close.objective, m.objective_by_id)}",
                    "objective",
                )
            )
        elif close.objective in seen:
            out.append(
                close.origin.diagnostic(
                    f"objectives: '{close.objective}' is scored twice in this record", "objective"
                )
            )
        elif r.period is not None and period_days(objective.period) != period_days(r.period):
            out.append(
                close.origin.diagnostic(
                    f"objective '{objective.id}' belongs to {objective.period}, but this "
                    f"record closes {r.period}; score it in the closing of its own period",
                    "objective",
                    severity="warning",
                )
            )
        seen.add(close.objective)
    return out


def _closings(m: Roadmap) -> list[Diagnostic]:
    first: dict[str, ReviewRecord] = {}
    out = []
    for r in m.reviews:
        if r.kind != "okr-close" or r.period is None:
            continue
        earlier = first.setdefault(r.period, r)
        if earlier is not r:
            out.append(
                r.origin.diagnostic(
                    f"{r.period} is already closed by {earlier.origin.path}; keep one "
                    "okr-close record per period",
                    "kind",
                    severity="warning",
                )
            )
    return out


def _current_state(m: Roadmap, hint: Hint) -> list[Diagnostic]:
    state = m.current_state
    if state is None:
        return []
    out = []
    seen: dict[str, Origin] = {}
    addressed = {ref for i in m.initiatives if i.status not in _NO_WORK for ref in i.addresses}
    for f in state.friction:
        if f.id in seen:
            line = seen[f.id].document.mark((*seen[f.id].base, "id")).line
            out.append(
                f.origin.diagnostic(
                    f"duplicate friction point id '{f.id}' (first defined at "
                    f"{seen[f.id].path}:{line})",
                    "id",
                )
            )
            continue
        seen[f.id] = f.origin
        if f.kpi is not None and f.kpi not in m.kpi_by_id:
            out.append(
                f.origin.diagnostic(f"kpi: unknown KPI '{f.kpi}'{hint(f.kpi, m.kpi_by_id)}", "kpi")
            )
        if f.id not in addressed:
            out.append(
                f.origin.diagnostic(
                    f"friction point '{f.id}' is addressed by no initiative; name it in the "
                    "`addresses:` of the work that reduces it",
                    "id",
                    severity="note",
                )
            )
    if state.friction:
        for i in m.initiatives:
            if not i.addresses and i.status in ("proposed", "planned", "in-progress"):
                out.append(
                    i.origin.diagnostic(
                        f"initiative '{i.id}' addresses no friction point; add `addresses:` "
                        "with the friction points from current-state.yaml it reduces",
                        "id",
                        severity="note",
                    )
                )
    return out
