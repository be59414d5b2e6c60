"""Checks of review records: decisions and attendees resolve, only an okr-close record
scores objectives, each objective is scored in the closing of its own period, and each
period is closed once."""

from __future__ import annotations

from ...errors import Diagnostic
from ..model import ReviewRecord, Roadmap, period_days
from .suggest import Hint


def check_reviews(m: Roadmap, hint: Hint) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    for review in m.reviews:
        out += _review(review, m, hint)
    out += _closings(m)
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
