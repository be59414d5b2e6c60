"""`roadmap compare`: the main plan and each scenario's plan, side by side.

Every plan is solved like the main plan (`planning/scenario.py` applies the scenario);
what moves, is added or is left out is the plan comparison of `diff.py`, from the main
plan to the scenario's.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from ..data.model import Roadmap, Scenario
from ..planning.milp import DEFAULT_TIME_LIMIT
from ..planning.plan import Plan
from ..planning.scenario import find_scenario, plan_under
from ..words import number
from .diff import InitiativeChange, PlanDiff, Snapshot
from .diff import compare as compare_plans


@dataclass(frozen=True)
class Outcome:
    """One plan as `roadmap compare` shows it."""

    plan: Plan
    model: Roadmap

    def deadlines(self) -> tuple[list[str], list[str]]:
        """The initiatives with a deadline whose deadline the plan meets, and misses."""
        ends = {p.id: p.end for p in self.plan.scheduled}
        met: list[str] = []
        missed: list[str] = []
        for i in self.model.initiatives:
            if i.urgency is None or i.status in ("done", "dropped", "postponed"):
                continue
            end = ends.get(i.id)
            (met if end is not None and end <= i.urgency.deadline else missed).append(i.id)
        return met, missed

    def as_json(self) -> dict[str, Any]:
        met, missed = self.deadlines()
        return {
            "objective": round(self.plan.objective, 6),
            "bound": round(self.plan.bound, 6),
            "optimal": self.plan.optimal,
            "deadlines": {"met": met, "missed": missed},
            "capacity": [
                {
                    "quarter": str(q.quarter),
                    "pools": [
                        {
                            "pool": p.pool,
                            "available": round(p.available, 6),
                            "used": round(p.used, 6),
                        }
                        for p in q.pools
                    ],
                }
                for q in self.plan.capacity
            ],
        }


def _change(c: InitiativeChange) -> dict[str, Any]:
    return {
        "id": c.id,
        "change": c.kind,
        "before": c.before.to_json() if c.before else None,
        "after": c.after.to_json() if c.after else None,
        "displaced_by": list(c.displaced_by),
    }


# The change kinds of diff.py that `compare` reports as moved, added and left out.
MOVED = ("moved",)
ADDED = ("added", "scheduled")
LEFT_OUT = ("pushed-out", "removed", "reclassified")


@dataclass(frozen=True)
class ScenarioResult:
    scenario: Scenario
    outcome: Outcome
    diff: PlanDiff  # from the main plan to the scenario's

    def of(self, kinds: tuple[str, ...]) -> tuple[InitiativeChange, ...]:
        return tuple(c for c in self.diff.initiatives if c.kind in kinds)


@dataclass(frozen=True)
class Comparison:
    main: Outcome
    scenarios: tuple[ScenarioResult, ...]

    def as_json(self) -> dict[str, Any]:
        return {
            "main": self.main.as_json(),
            "scenarios": [
                {
                    "id": r.scenario.id,
                    "title": r.scenario.title,
                    **r.outcome.as_json(),
                    "moved": [_change(c) for c in r.of(MOVED)],
                    "added": [_change(c) for c in r.of(ADDED)],
                    "left_out": [_change(c) for c in r.of(LEFT_OUT)],
                }
                for r in self.scenarios
            ],
        }

    def dumps(self) -> str:
        return json.dumps(self.as_json(), indent=2, ensure_ascii=False) + "\n"


def compare(
    model: Roadmap,
    ids: tuple[str, ...] = (),
    *,
    today: dt.date,
    time_limit: float = DEFAULT_TIME_LIMIT,
    main_plan: Plan | None = None,
) -> Comparison:
    """The main plan and the plan of each scenario named (every scenario when none is).

    `main_plan` is the main data's plan for `today` when the caller has made it already
    (with its progress risks), so that it is not solved twice.
    """
    chosen = [find_scenario(model, x) for x in ids] if ids else list(model.scenarios)
    if main_plan is None:
        main_model, main = plan_under(model, None, today=today, time_limit=time_limit)
    else:
        main_model, main = model, main_plan
    base = Snapshot(main_model, main)
    results = []
    for s in chosen:
        target, planned = plan_under(model, s, today=today, time_limit=time_limit)
        diff = compare_plans(base, Snapshot(target, planned), "main", s.id)
        results.append(ScenarioResult(s, Outcome(planned, target), diff))
    return Comparison(Outcome(main, main_model), tuple(results))


def _value(plan: Plan) -> str:
    best = "best possible, proven" if plan.optimal else f"at most {number(plan.bound)} possible"
    return f"{number(plan.objective)} ({best})"


def _load(used: float, available: float) -> str:
    return f"{number(used)}/{number(available)}"


def comparison_as_text(c: Comparison) -> str:
    """The main plan and each scenario's, side by side (`roadmap compare`)."""
    if not c.scenarios:
        return "No scenarios: add files to scenarios/ (see docs/planning.md).\n"
    met, missed = c.main.deadlines()
    lines: list[str] = []
    for r in c.scenarios:
        s_met, s_missed = r.outcome.deadlines()
        name = r.scenario.id
        width = max(len(name), len("main"), 16)
        lines += [
            f"Scenario {name}: {r.scenario.title}",
            f"  {'':18}{'main':<{width + 22}}{name}",
            f"  {'plan value':18}{_value(c.main.plan):<{width + 22}}{_value(r.outcome.plan)}",
            f"  {'deadlines met':18}{len(met):<{width + 22}}{len(s_met)}",
            f"  {'deadlines missed':18}{', '.join(missed) or '-':<{width + 22}}"
            f"{', '.join(s_missed) or '-'}",
        ]
        for title, kinds in (("Moved", MOVED), ("Added", ADDED), ("Left out", LEFT_OUT)):
            found = r.of(kinds)
            lines.append(f"  {title}: {'none' if not found else ''}".rstrip())
            for x in found:
                by = f"; displaced by {', '.join(x.displaced_by)}" if x.displaced_by else ""
                lines.append(f"    {x.id}: {x.before or 'new'} -> {x.after or 'gone'}{by}")
        lines.append("  Capacity used of available, main | scenario:")
        quarters = [str(q.quarter) for q in r.outcome.plan.capacity]
        lines.append("    " + f"{'pool':24}" + "".join(f"{q:<20}" for q in quarters).rstrip())
        before = {(str(q.quarter), p.pool): p for q in c.main.plan.capacity for p in q.pools}
        pools = sorted(
            {p.pool for q in r.outcome.plan.capacity for p in q.pools} | {k[1] for k in before}
        )
        after = {(str(q.quarter), p.pool): p for q in r.outcome.plan.capacity for p in q.pools}
        for pool in pools:
            cells = []
            for q in quarters:
                b, a = before.get((q, pool)), after.get((q, pool))
                cells.append(
                    f"{_load(b.used, b.available) if b else '-'} | "
                    f"{_load(a.used, a.available) if a else '-'}"
                )
            lines.append("    " + f"{pool:24}" + "".join(f"{x:<20}" for x in cells).rstrip())
        lines.append("")
    return "\n".join(lines)
