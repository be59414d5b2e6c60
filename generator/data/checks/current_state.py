"""Checks of the current state: friction points are unique and their KPIs resolve,
initiatives address friction points that exist; notes point at friction nothing
addresses and at active work that addresses no friction."""

from __future__ import annotations

from ...errors import Diagnostic
from ..model import Origin, Roadmap
from .suggest import Hint

# Statuses under which an initiative does no work on a friction point.
_NO_WORK = ("postponed", "dropped")


def check_current_state(m: Roadmap, hint: Hint) -> list[Diagnostic]:
    return _addresses(m, hint) + _current_state(m, hint)


def _addresses(m: Roadmap, hint: Hint) -> list[Diagnostic]:
    out = []
    friction = m.friction_by_id
    for i in m.initiatives:
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
