"""OKR scoring, the calibration note, KPI floors and the OKR lints.

Scoring follows the spec: a key result scores (latest - baseline) / (target - baseline)
clipped to 0..1, which also works for lower-is-better targets; an objective scores the
mean of its own scored key results.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .errors import Diagnostic
from .model import KPI, KeyResult, Objective, Roadmap


@dataclass(frozen=True)
class KeyResultScore:
    key_result: KeyResult
    latest: float | None
    score: float | None


@dataclass(frozen=True)
class ObjectiveScore:
    objective: Objective
    score: float | None
    key_results: tuple[KeyResultScore, ...]


def score_key_result(kr: KeyResult) -> KeyResultScore:
    latest = kr.check_ins[-1].value if kr.check_ins else None
    if kr.baseline is None or kr.target is None:
        return KeyResultScore(kr, latest, None)
    if latest is None:
        return KeyResultScore(kr, None, 0.0)
    if kr.baseline == kr.target:
        return KeyResultScore(kr, latest, 1.0 if latest == kr.target else 0.0)
    raw = (latest - kr.baseline) / (kr.target - kr.baseline)
    return KeyResultScore(kr, latest, min(1.0, max(0.0, raw)))


def score_objective(objective: Objective) -> ObjectiveScore:
    krs = tuple(score_key_result(k) for k in objective.key_results)
    scored = [k.score for k in krs if k.score is not None]
    return ObjectiveScore(objective, sum(scored) / len(scored) if scored else None, krs)


def score_all(model: Roadmap) -> tuple[ObjectiveScore, ...]:
    return tuple(score_objective(o) for o in model.objectives)


def calibration(scores: tuple[ObjectiveScore, ...] | list[ObjectiveScore]) -> str:
    """A plain-words note on how ambitious the set of OKRs looks."""
    values = [s.score for s in scores if s.score is not None]
    if not values:
        return "No key result has been scored yet."
    mean = sum(values) / len(values)
    if all(v >= 0.99 for v in values):
        return (f"Every objective scores 1.0 (mean {mean:.2f}): the targets are probably "
                "too easy; set the next ones further out.")
    if mean < 0.7:
        return (f"The mean score is {mean:.2f}, below the healthy 0.7-0.8 band: the work is "
                "behind or the targets are over-ambitious.")
    if mean <= 0.8:
        return f"The mean score is {mean:.2f}: a healthy stretch (0.7-0.8)."
    return (f"The mean score is {mean:.2f}, above the 0.7-0.8 band: the targets may be "
            "too safe.")


@dataclass(frozen=True)
class KPIStatus:
    kpi: KPI
    floor: float  # the threshold, raised by achieved key results tied to the KPI
    raised_by: tuple[str, ...]  # refs of the key results that raised it
    healthy: bool | None  # None when there is no current value


def kpi_statuses(model: Roadmap) -> tuple[KPIStatus, ...]:
    """Each KPI's floor and health; an achieved key result tied to it raises the floor."""
    out = []
    for kpi in model.kpis:
        floor, raised = kpi.threshold, []
        for o in model.objectives:
            for kr in o.key_results:
                s = score_key_result(kr)
                if kr.kpi != kpi.id or s.score is None or s.score < 1.0 or kr.target is None:
                    continue
                better = kr.target > floor if kpi.direction == "higher" else kr.target < floor
                if better:
                    floor = kr.target
                    raised.append(kr.ref)
        healthy = None
        if kpi.current is not None:
            healthy = kpi.current >= floor if kpi.direction == "higher" else kpi.current <= floor
        out.append(KPIStatus(kpi, floor, tuple(raised), healthy))
    return tuple(out)


# --- lints ---------------------------------------------------------------------------

_ACTIVITY = re.compile(
    r"^\s*(complete|completed|implement|implemented|launch|launched|roll(ed)? out|deliver|"
    r"delivered|build|create|finish|ship|deploy|introduce|set up|migrate|run)\b",
    re.IGNORECASE,
)
_CONTINUATION = re.compile(r"^\s*(maintain|keep|sustain|continue|preserve)\b", re.IGNORECASE)


def lint_okrs(model: Roadmap) -> list[Diagnostic]:
    """Warnings (and notes) about OKRs that are probably outputs, KPIs or orphans."""
    out: list[Diagnostic] = []
    supported = {ref for i in model.initiatives for ref in i.supports}
    for o in model.objectives:
        n = len(o.key_results)
        if n < 3 or n > 5:
            out.append(o.origin.diagnostic(
                f"objective '{o.id}' has {n} key result{'s' if n != 1 else ''}; "
                "3 to 5 keep it focused and measurable", "key_results", severity="warning"))
        if _CONTINUATION.match(o.title):
            out.append(o.origin.diagnostic(
                f"objective '{o.id}' describes continuation ('{o.title.split()[0]}'): that is "
                "a KPI floor, not an objective; describe the change you want", "title",
                severity="warning"))
        for kr in o.key_results:
            if kr.baseline is None or kr.target is None:
                missing = " and ".join(
                    n for n, v in (("baseline", kr.baseline), ("target", kr.target)) if v is None
                )
                out.append(kr.origin.diagnostic(
                    f"key result '{kr.ref}' has no {missing}: it is probably an output, not an "
                    "outcome; state where the number is and where it should go", "title",
                    severity="warning"))
            elif kr.baseline == kr.target:
                out.append(kr.origin.diagnostic(
                    f"key result '{kr.ref}' has baseline equal to target ({kr.target:g}): it "
                    "describes no change", "target", severity="warning"))
            if _ACTIVITY.match(kr.title):
                out.append(kr.origin.diagnostic(
                    f"key result '{kr.ref}' is phrased as an activity "
                    f"('{' '.join(kr.title.split()[:2])}'); name the measurable result instead",
                    "title", severity="warning"))
            if supported and kr.ref not in supported:
                out.append(kr.origin.diagnostic(
                    f"key result '{kr.ref}' has no initiative behind it (no `supports:` names "
                    "it)", "id", severity="warning"))
    if model.objectives:
        for i in model.initiatives:
            if not i.supports and i.status not in ("done", "dropped", "postponed"):
                out.append(i.origin.diagnostic(
                    f"initiative '{i.id}' supports no key result", "id", severity="note"))
    return out
