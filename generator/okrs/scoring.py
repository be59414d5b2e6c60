"""OKR scoring, KPI floors and the cascade (pace and health: okrs/health.py; lints:
data/checks/okrs.py).

Scoring (documented in docs/okrs.md): a key result's `latest` is the value of its check-in with
the latest date; it scores (latest - baseline) / (target - baseline) clipped to 0..1,
which also works for lower-is-better targets (both numerator and denominator turn
negative). No check-ins score 0.0; baseline == target scores 1.0 only when latest
equals target; without baseline or target the score is None and is left out of means.
An objective scores the mean of its own scored key results; children are not mixed in.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

from ..data.model import KPI, CheckIn, KeyResult, Objective, Roadmap, period_key


@dataclass(frozen=True)
class KeyResultScore:
    key_result: KeyResult
    latest: float | None
    score: float | None
    # every check-in in date order with its score at that point: the trend
    history: tuple[tuple[CheckIn, float | None], ...] = ()

    @property
    def latest_date(self) -> dt.date | None:
        return self.history[-1][0].date if self.history else None


@dataclass(frozen=True)
class ObjectiveScore:
    objective: Objective
    score: float | None
    key_results: tuple[KeyResultScore, ...]


def latest_check_in(kr: KeyResult) -> CheckIn | None:
    """The check-in with the latest date; of two on the same date, the one listed last."""
    if not kr.check_ins:
        return None
    return max(enumerate(kr.check_ins), key=lambda pair: (pair[1].date, pair[0]))[1]


def score_value(kr: KeyResult, value: float | None) -> float | None:
    """The score the key result would have if `value` were its latest measurement."""
    baseline, target = kr.baseline, kr.target
    if (
        baseline is None
        or target is None
        or not (math.isfinite(baseline) and math.isfinite(target))
    ):
        return None
    if value is None or math.isnan(value):
        return 0.0
    if baseline == target:
        return 1.0 if math.isclose(value, target, rel_tol=1e-9, abs_tol=1e-12) else 0.0
    raw = (value - baseline) / (target - baseline)
    return min(1.0, max(0.0, raw))


def score_key_result(kr: KeyResult) -> KeyResultScore:
    latest = latest_check_in(kr)
    ordered = sorted(enumerate(kr.check_ins), key=lambda pair: (pair[1].date, pair[0]))
    history = tuple((c, score_value(kr, c.value)) for _, c in ordered)
    value = latest.value if latest else None
    return KeyResultScore(kr, value, score_value(kr, value), history)


def mean(values: Sequence[float]) -> float | None:
    """The mean, or None of nothing."""
    return math.fsum(values) / len(values) if values else None


def score_objective(objective: Objective) -> ObjectiveScore:
    krs = tuple(score_key_result(k) for k in objective.key_results)
    return ObjectiveScore(objective, mean([k.score for k in krs if k.score is not None]), krs)


def score_all(model: Roadmap) -> tuple[ObjectiveScore, ...]:
    return tuple(score_objective(o) for o in model.objectives)


# --- KPIs -----------------------------------------------------------------------------


@dataclass(frozen=True)
class KPIStatus:
    kpi: KPI
    floor: float  # the threshold, raised by achieved key results tied to the KPI
    raised_by: tuple[str, ...]  # refs of the key results that raised it, in order
    healthy: bool | None  # None when there is no current value

    @property
    def status(self) -> Literal["healthy", "breached", "no data"]:
        if self.healthy is None:
            return "no data"
        return "healthy" if self.healthy else "breached"


def kpi_statuses(model: Roadmap) -> tuple[KPIStatus, ...]:
    """Each KPI's floor and health; an achieved key result tied to it raises the floor.

    "Raises" is direction-aware: for a lower-is-better KPI the floor is a ceiling and an
    achieved target below it lowers it. A target that is not better than the current
    floor leaves it alone, so a floor never loosens.
    """
    out = []
    for kpi in model.kpis:
        floor, raised = kpi.threshold, []
        for o in model.objectives:
            for kr in o.key_results:
                if kr.kpi != kpi.id or kr.target is None or not math.isfinite(kr.target):
                    continue
                if score_key_result(kr).score == 1.0 and kpi.better(kr.target, floor):
                    floor = kr.target
                    raised.append(kr.ref)
        healthy = None
        if kpi.current is not None and not math.isnan(kpi.current):
            healthy = kpi.current == floor or kpi.better(kpi.current, floor)
        out.append(KPIStatus(kpi, floor, tuple(raised), healthy))
    return tuple(out)


# --- the cascade and the links to initiatives -----------------------------------------


def cascade(model: Roadmap) -> tuple[tuple[int, Objective], ...]:
    """Every objective once, depth-first from the roots, as (depth, objective).

    Roots and siblings are ordered by period (an annual objective before the quarters of
    its year), then as written. An objective whose parent chain never reaches a root
    (which validation rejects) is shown as a root rather than lost.
    """
    order = {o.id: n for n, o in enumerate(model.objectives)}
    children: dict[str, list[Objective]] = {}
    for o in model.objectives:
        if o.parent is not None and o.parent != o.id and o.parent in model.objective_by_id:
            children.setdefault(o.parent, []).append(o)

    def sort(items: Iterable[Objective]) -> list[Objective]:
        return sorted(items, key=lambda o: (*period_key(o.period), order[o.id]))

    out: list[tuple[int, Objective]] = []
    seen: set[str] = set()

    def walk(roots: list[Objective]) -> None:
        stack = [(0, o) for o in reversed(sort(roots))]
        while stack:
            depth, o = stack.pop()
            if o.id in seen:
                continue
            seen.add(o.id)
            out.append((depth, o))
            stack.extend((depth + 1, c) for c in reversed(sort(children.get(o.id, []))))

    walk(
        [
            o
            for o in model.objectives
            if o.parent is None or o.parent == o.id or o.parent not in model.objective_by_id
        ]
    )
    walk([o for o in model.objectives if o.id not in seen])
    return tuple(out)
