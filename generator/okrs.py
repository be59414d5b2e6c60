"""OKR scoring, the calibration note, KPI floors, the cascade and the OKR lints.

Scoring (SPEC.md, binding): a key result's `latest` is the value of its check-in with
the latest date; it scores (latest - baseline) / (target - baseline) clipped to 0..1,
which also works for lower-is-better targets (both numerator and denominator turn
negative). No check-ins score 0.0; baseline == target scores 1.0 only when latest
equals target; without baseline or target the score is None and is left out of means.
An objective scores the mean of its own scored key results; children are not mixed in.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

from .errors import Diagnostic
from .model import KPI, CheckIn, Initiative, KeyResult, Objective, Quarter, Roadmap

HEALTHY_BAND = (0.7, 0.8)
# Initiatives in these states do no work, so they do not count as support for a key result.
_NO_WORK = ("postponed", "dropped")


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


def _mean(values: Sequence[float]) -> float | None:
    return math.fsum(values) / len(values) if values else None


def score_objective(objective: Objective) -> ObjectiveScore:
    krs = tuple(score_key_result(k) for k in objective.key_results)
    return ObjectiveScore(objective, _mean([k.score for k in krs if k.score is not None]), krs)


def score_all(model: Roadmap) -> tuple[ObjectiveScore, ...]:
    return tuple(score_objective(o) for o in model.objectives)


def calibration(scores: Iterable[ObjectiveScore]) -> str:
    """A plain-words note on how ambitious a set of OKRs looks, from its objective scores.

    Objectives without a single check-in have not started being measured; their 0.0
    would say nothing about ambition, so they are left out of the note (and named).
    """
    scores = list(scores)
    measured = [
        s
        for s in scores
        if s.score is not None and any(k.key_result.check_ins for k in s.key_results)
    ]
    waiting = sum(1 for s in scores if s.score is not None) - len(measured)
    values = [s.score for s in measured if s.score is not None]
    mean = _mean(values)
    later = (
        f" ({_plural(waiting, 'objective')} without check-ins yet not counted)" if waiting else ""
    )
    if mean is None:
        return (
            "No objective has been measured yet: give key results a baseline, a target "
            "and check-ins."
        )
    low, high = HEALTHY_BAND
    shown = round(mean, 2)  # decide on the number the reader sees
    of = _plural(len(values), "measured objective") + later
    if all(v >= 0.95 for v in values):
        return (
            f"Every objective scores at or near 1.0 (mean {mean:.2f} over {of}): the "
            "targets are probably too easy; set the next ones further out."
        )
    if shown < 0.6:
        return (
            f"The mean score is {mean:.2f} over {of}, well below the healthy "
            f"{low}-{high} band: the work is behind or the targets are over-ambitious."
        )
    if shown < low:
        return (
            f"The mean score is {mean:.2f} over {of}, just below the healthy {low}-{high} "
            "band: look at the key results that lag."
        )
    if shown <= high:
        return f"The mean score is {mean:.2f} over {of}: a healthy stretch ({low}-{high})."
    return (
        f"The mean score is {mean:.2f} over {of}, above the {low}-{high} band: the "
        "targets may be too safe."
    )


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


def _better(kpi: KPI, a: float, b: float) -> bool:
    return a > b if kpi.direction == "higher" else a < b


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
                if score_key_result(kr).score == 1.0 and _better(kpi, kr.target, floor):
                    floor = kr.target
                    raised.append(kr.ref)
        healthy = None
        if kpi.current is not None and not math.isnan(kpi.current):
            healthy = kpi.current == floor or _better(kpi, kpi.current, floor)
        out.append(KPIStatus(kpi, floor, tuple(raised), healthy))
    return tuple(out)


# --- the cascade and the links to initiatives -----------------------------------------


def period_days(period: str) -> tuple[dt.date, dt.date]:
    """The first and last day of a period: a quarter (2027-Q1) or a year (2027)."""
    if "-Q" in period:
        q = Quarter.parse(period)
        return q.first_day, q.last_day
    year = int(period)
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def period_key(period: str) -> tuple[int, int]:
    """Sorts periods by start; a year before the quarters that start with it."""
    first, last = period_days(period)
    return first.toordinal(), -last.toordinal()


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


def supporters(model: Roadmap) -> dict[str, tuple[Initiative, ...]]:
    """For each key result ref, the initiatives doing work for it (not postponed/dropped)."""
    found: dict[str, list[Initiative]] = {ref: [] for ref in model.key_result_by_ref}
    for i in model.initiatives:
        if i.status in _NO_WORK:
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


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'s' if n != 1 else ''}"


def _lint_objective(o: Objective, model: Roadmap) -> list[Diagnostic]:
    out = []
    n = len(o.key_results)
    if n < 3 or n > 5:
        out.append(
            o.origin.diagnostic(
                f"objective '{o.id}' has {_plural(n, 'key result')}; 3 to 5 keep it focused and "
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
        and _better(kpi, kr.baseline, kr.target)
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
        if not i.supports and i.status not in ("done", *_NO_WORK):
            out.append(
                i.origin.diagnostic(
                    f"initiative '{i.id}' supports no key result; add `supports:` with the key "
                    "results it moves (objective-id.key-result-id)",
                    "id",
                    severity="note",
                )
            )
    return out
