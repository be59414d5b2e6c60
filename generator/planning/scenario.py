"""What if: the plan under a scenario (`roadmap plan --scenario`).

The scenario is applied by `data/scenarios.py` (`apply_scenario`, a pure function from
model and scenario to model); the result is planned exactly like the main data.
Comparing scenario plans with the main plan is `history/scenarios.py`.
"""

from __future__ import annotations

import datetime as dt

from ..data.model import Roadmap, Scenario
from ..data.scenarios import apply_scenario, find_scenario
from .milp import DEFAULT_TIME_LIMIT
from .plan import Plan
from .planner import make_plan
from .progress import with_progress_risks

__all__ = ["apply_scenario", "find_scenario", "plan_under"]


def plan_under(
    model: Roadmap,
    scenario: Scenario | None,
    *,
    today: dt.date,
    time_limit: float = DEFAULT_TIME_LIMIT,
) -> tuple[Roadmap, Plan]:
    """The model under `scenario` (or the main one) and its plan with progress risks."""
    target = model if scenario is None else apply_scenario(model, scenario)
    made = make_plan(target, today=today, time_limit=time_limit)
    return target, with_progress_risks(target, made, today)
