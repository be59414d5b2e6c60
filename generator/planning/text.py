"""The plan as plain text: per quarter with capacity, then not doing, then risks."""

from __future__ import annotations

from ..data.model import Roadmap
from ..words import number, only, percent, points
from .plan import Plan

NOT_DOING_ORDER = ("no-capacity", "beyond-horizon", "blocked", "ballast", "postponed", "dropped")


def plan_as_text(model: Roadmap, plan: Plan) -> str:
    """A readable plan for a terminal or a pull-request comment."""
    s = model.settings
    lines = [f"{s.title}: {plan.horizon[0]} to {plan.horizon[-1]}"]
    if plan.optimal:
        lines.append(f"Plan value {number(plan.objective)}: the best possible, proven")
    else:
        lines.append(
            f"Plan value {number(plan.objective)}, at most {number(plan.bound)} possible "
            f"(search stopped: {plan.solver.status})"
        )
    if plan.today is not None and 0 < plan.open_share < 1:
        lines.append(
            f"Planned on {plan.today}: {percent(plan.open_share)} of {plan.horizon[0]} "
            "is still to come; only that share of its free capacity is open to new work"
        )
    if plan.past_note():
        lines.append(plan.past_note())
    lines.append("")
    events = {
        q: [
            e.title + (f" ({only(model.team_name(t) or t for t in e.teams)})" if e.teams else "")
            for e in model.events
            if e.share(q) > 0
        ]
        for q in plan.horizon
    }
    for load in plan.capacity:
        q = load.quarter
        over = "  OVER CAPACITY" if load.used > load.available + 1e-9 else ""
        head = f"{q}  {number(load.used)} of {points(load.available)} used{over}"
        if events[q]:
            head += f"  [{'; '.join(events[q])}]"
        lines.append(head)
        running = [p for p in plan.scheduled if p.occupies(q)]
        if not running:
            lines.append("  (nothing scheduled)")
        for p in running:
            i = model.initiative_by_id[p.id]
            span = (
                ""
                if p.start == p.end
                else (
                    f" ({p.start}..{p.end}, continues)"
                    if p.start == q
                    else f" (continued from {p.start})"
                )
            )
            if p.start != q:
                lines.append(f"  ... {p.id}{span}")
                continue
            pin = ", pinned" if p.pinned else ""
            lines.append(
                f"  + {p.id}{span}: {i.title} "
                f"[{p.quadrant}{pin}, {points(i.effort / i.duration)} a quarter]"
            )
            lines.append(f"      why: {p.reason}")
        lines.append("")
    lines.append(f"Not doing ({len(plan.not_doing)})")
    if not plan.not_doing:
        lines.append("  (nothing left out)")
    for o in sorted(plan.not_doing, key=lambda o: (NOT_DOING_ORDER.index(o.kind), o.id)):
        lines.append(f"  - {o.id} [{o.kind}]: {o.reason}")
    lines.append("")
    lines.append(f"Risks ({len(plan.risks)})")
    if not plan.risks:
        lines.append("  (none)")
    for r in plan.risks:
        lines.append(f"  ! {r.id} [{r.kind}]: {r.message}")
    if plan.done:
        lines += ["", f"Done ({len(plan.done)}): {', '.join(plan.done)}"]
    return "\n".join(lines) + "\n"
