"""Checks and lints of objectives and key results.

The checks (errors) say that parents and KPIs resolve and that objectives cascade
downwards without a cycle; the lints (warnings and notes) point at objectives and key
results that are probably outputs, KPIs or orphans. The lints run only once every check
passed, so every reference resolves.
"""

from __future__ import annotations

import re

from ...errors import Diagnostic
from ...words import plural
from ..model import LEVELS, Initiative, KeyResult, Objective, Roadmap, period_days
from .references import cycles
from .suggest import Hint

# Statuses under which an initiative does no work for a key result.
NO_WORK = ("postponed", "dropped")


def is_milestone(period: str, parent_period: str) -> bool:
    """A quarter (`2027-Q2`) inside an annual objective's year (`2027`)."""
    return "-Q" in period and "-Q" not in parent_period and period.split("-")[0] == parent_period


def check_okrs(m: Roadmap, hint: Hint) -> list[Diagnostic]:
    out = _okr_refs(m, hint)
    out += cycles(
        {o.id: [o.parent] if o.parent else [] for o in m.objectives},
        {o.id: o.origin for o in m.objectives},
        "parent cycle",
        "parent",
    )
    return out


def _okr_refs(m: Roadmap, hint: Hint) -> list[Diagnostic]:
    out = []
    objectives = m.objective_by_id
    for o in m.objectives:
        if o.parent is not None:
            parent = objectives.get(o.parent)
            if parent is None:
                out.append(
                    o.origin.diagnostic(
                        f"parent: unknown objective '{o.parent}'{hint(o.parent, objectives)}",
                        "parent",
                    )
                )
            elif parent.id == o.id:
                out.append(
                    o.origin.diagnostic(
                        f"parent: objective '{o.id}' cannot cascade from itself", "parent"
                    )
                )
            elif o.level == parent.level and is_milestone(o.period, parent.period):
                pass  # a quarterly milestone of an annual objective at its own level
            elif o.level == parent.level and "-Q" in o.period and "-Q" not in parent.period:
                out.append(
                    o.origin.diagnostic(
                        f"period {o.period} is not in {parent.period}, the year of the "
                        f"{parent.level} objective '{parent.id}'; a quarterly milestone of an "
                        "annual objective lies inside its year",
                        "period",
                    )
                )
            elif LEVELS.index(o.level) <= LEVELS.index(parent.level):
                out.append(
                    o.origin.diagnostic(
                        f"a {o.level} objective cannot cascade from the {parent.level} objective "
                        f"'{parent.id}'; a child sits below its parent "
                        "(function -> team -> individual)"
                        + (
                            ", or is a quarterly milestone of an annual objective at its level"
                            if o.level == parent.level
                            else ""
                        ),
                        "level",
                    )
                )
        for k in o.key_results:
            if k.kpi is not None and k.kpi not in m.kpi_by_id:
                out.append(
                    k.origin.diagnostic(
                        f"kpi: unknown KPI '{k.kpi}'{hint(k.kpi, m.kpi_by_id)}", "kpi"
                    )
                )
    return out


def supporters(model: Roadmap) -> dict[str, tuple[Initiative, ...]]:
    """For each key result ref, the initiatives doing work for it (not postponed/dropped)."""
    found: dict[str, list[Initiative]] = {ref: [] for ref in model.key_result_by_ref}
    for i in model.initiatives:
        if i.status in NO_WORK:
            continue
        for ref in dict.fromkeys(i.supports):
            if ref in found:
                found[ref].append(i)
    return {ref: tuple(items) for ref, items in found.items()}


# --- lints ---------------------------------------------------------------------------

_LEAD = r"^\s*(?:to\s+|we\s+will\s+|we'll\s+)?"
# Imperative verbs only: past participles ("Published articles without a review",
# "Resolved escalations rated 4 or 5") usually name what a metric counts.
_ACTIVITY = re.compile(
    _LEAD + r"(complete|implement|launch|roll[ -]out|deliver|build|create|finish|ship|deploy|"
    r"introduce|set[ -]up|migrate|run|publish|hire|train|conduct|write|rewrite|design|"
    r"redesign|develop|define|document|establish|organi[sz]e|install|integrate|kick[ -]off|"
    r"start|begin|update|upgrade|add|go[ -]live)(?=[\s:,.]|$)",
    re.IGNORECASE,
)
_CONTINUATION = re.compile(
    _LEAD + r"(maintain|maintaining|keep|keeping|sustain|sustaining|continue|continuing|"
    r"preserve|preserving|remain|stay|hold)(?=[\s:,.]|$)",
    re.IGNORECASE,
)


def _lint_objective(o: Objective, model: Roadmap) -> list[Diagnostic]:
    out = []
    n = len(o.key_results)
    if n < 3 or n > 5:
        out.append(
            o.origin.diagnostic(
                f"objective '{o.id}' has {plural(n, 'key result')}; 3 to 5 keep it focused and "
                "measurable",
                "key_results",
                severity="warning",
            )
        )
    m = _CONTINUATION.match(o.title)
    if m:
        out.append(
            o.origin.diagnostic(
                f"objective '{o.id}' describes continuation ('{m.group(1)}'): that is a KPI "
                "floor, not an objective; describe the change you want, or move the metric to "
                "kpis.yaml",
                "title",
                severity="warning",
            )
        )
    parent = model.objective_by_id.get(o.parent) if o.parent else None
    if parent is not None and parent.id != o.id:
        first, last = period_days(o.period)
        p_first, p_last = period_days(parent.period)
        if first < p_first or last > p_last:
            out.append(
                o.origin.diagnostic(
                    f"period {o.period} of objective '{o.id}' is not inside the period "
                    f"{parent.period} of its parent '{parent.id}'; a child objective serves its "
                    "parent within the parent's period",
                    "period",
                    severity="warning",
                )
            )
    return out


def _lint_key_result(
    kr: KeyResult,
    model: Roadmap,
    support: dict[str, tuple[Initiative, ...]],
    named: dict[str, list[Initiative]],
) -> list[Diagnostic]:
    out = []
    if kr.baseline is None or kr.target is None:
        missing = (
            "neither baseline nor target"
            if kr.baseline is None and kr.target is None
            else "no baseline"
            if kr.baseline is None
            else "no target"
        )
        out.append(
            kr.origin.diagnostic(
                f"key result '{kr.ref}' has {missing}: it is probably an output, not an "
                "outcome; state where the number stands and where it should go",
                "id",
                severity="warning",
            )
        )
    elif kr.baseline == kr.target:
        out.append(
            kr.origin.diagnostic(
                f"key result '{kr.ref}' has baseline equal to target ({kr.target:g}): it "
                "describes no change and scores 1.0 only on an exact hit; if the number should "
                "hold, make it a KPI",
                "target",
                severity="warning",
            )
        )
    m = _ACTIVITY.match(kr.title)
    if m:
        out.append(
            kr.origin.diagnostic(
                f"key result '{kr.ref}' is phrased as an activity ('{m.group(1)}'): that is an "
                "output; name the number that changes when the work succeeds",
                "title",
                severity="warning",
            )
        )
    if not support.get(kr.ref):
        idle = [f"{i.id} ({i.status})" for i in named.get(kr.ref, ())]
        why = (
            f"only {', '.join(idle)} {'names' if len(idle) == 1 else 'name'} it"
            if idle
            else "no initiative names it in `supports:`"
        )
        out.append(
            kr.origin.diagnostic(
                f"key result '{kr.ref}' has no work behind it: {why}", "id", severity="warning"
            )
        )
    kpi = model.kpi_by_id.get(kr.kpi) if kr.kpi else None
    if (
        kpi is not None
        and kr.baseline is not None
        and kr.target is not None
        and kr.baseline != kr.target
        and kpi.better(kr.baseline, kr.target)
    ):
        out.append(
            kr.origin.diagnostic(
                f"key result '{kr.ref}' moves from {kr.baseline:g} to {kr.target:g}, but KPI "
                f"'{kpi.id}' is better when {kpi.direction}; check the target or the `kpi:` link",
                "kpi",
                severity="warning",
            )
        )
    return out


def lint_okrs(model: Roadmap) -> list[Diagnostic]:
    """Warnings (and notes) about OKRs that are probably outputs, KPIs or orphans.

    Runs after the cross-file checks passed, so every reference resolves.
    """
    out: list[Diagnostic] = []
    support = supporters(model)
    # Who names each key result, whatever their status: looking it up per key result
    # instead would scan every initiative for every unsupported key result (n squared).
    named: dict[str, list[Initiative]] = {}
    for i in model.initiatives:
        for ref in dict.fromkeys(i.supports):
            named.setdefault(ref, []).append(i)
    for o in model.objectives:
        out += _lint_objective(o, model)
        for kr in o.key_results:
            out += _lint_key_result(kr, model, support, named)
    # Without any OKRs there is nothing to support; one note per initiative would be noise.
    for i in model.initiatives if model.objectives else ():
        if not i.supports and i.status not in ("done", *NO_WORK):
            out.append(
                i.origin.diagnostic(
                    f"initiative '{i.id}' supports no key result; add `supports:` with the key "
                    "results it moves (objective-id.key-result-id)",
                    "id",
                    severity="note",
                )
            )
    return out
