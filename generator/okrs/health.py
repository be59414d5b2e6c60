"""How the OKRs stand against the calendar: each period's state, the pace of a running
period, and the health statement per period (rules: docs/okrs.md, "Pace and health").

- A period is *not started* before its first day, *running* from its first to its last
  day, and *closed* after its last day.
- Pace: a key result is expected to move from its baseline to its target in a straight
  line over its period, so by today it is expected to have covered the elapsed share of
  the period (day 45 of 90: 0.50 of the way, the value half-way between baseline and
  target). Its actual progress is its score. It is *ahead* when the score is at least
  `PACE_MARGIN` above the expected share, *behind* when at least `PACE_MARGIN` below,
  and *on pace* in between. An objective is judged the same way on its score (the mean
  of its key results' scores) against the same expected share. A key result without a
  baseline or target has no score and no pace.
- Health is judged per period and never averaged across periods: a running period by
  pace, a closed one by its mean score against the healthy 0.7-0.8 band, a period that
  has not started not at all.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Literal

from ..data.model import KeyResult, Objective, period_days, period_key
from ..words import PACE, percent, plural, quantity, score
from .scoring import KeyResultScore, ObjectiveScore, mean, score_key_result, score_objective

HEALTHY_BAND = (0.7, 0.8)
PACE_MARGIN = 0.1  # a tenth of the way from baseline to target

PeriodState = Literal["not started", "running", "closed"]
PaceState = Literal["ahead", "on-pace", "behind"]


def period_state(period: str, today: dt.date) -> PeriodState:
    first, last = period_days(period)
    if today < first:
        return "not started"
    return "running" if today <= last else "closed"


def elapsed_share(period: str, today: dt.date) -> float:
    """The share of the period's days gone by the end of `today`, 0..1."""
    first, last = period_days(period)
    days = (last - first).days + 1
    gone = (today - first).days + 1
    return min(1.0, max(0.0, gone / days))


def pace_state(actual: float, expected: float) -> PaceState:
    # Rounded to the two decimals a reader sees, so that the words agree with the numbers.
    gap = round(actual, 2) - round(expected, 2)
    if gap >= PACE_MARGIN - 1e-9:
        return "ahead"
    if gap <= -PACE_MARGIN + 1e-9:
        return "behind"
    return "on-pace"


@dataclass(frozen=True)
class Pace:
    """Where a key result or objective of a running period stands against the calendar."""

    expected: float  # the share of the way from baseline to target expected by today
    actual: float  # the score
    state: PaceState
    # For a key result: the value expected by today, in its unit ("" for an objective).
    expected_value: str = ""

    @property
    def words(self) -> str:
        return PACE[self.state]

    @property
    def detail(self) -> str:
        """'0.30 of the way to target, 0.50 expected by today (9.5 hours)'."""
        value = f" ({self.expected_value})" if self.expected_value else ""
        return (
            f"{score(self.actual)} of the way to target, {score(self.expected)} expected by "
            f"today{value}"
        )

    @property
    def text(self) -> str:
        """'Behind: 0.30 of the way to target, 0.50 expected by today (9.5 hours)'."""
        return f"{self.words}: {self.detail}"


def key_result_pace(s: KeyResultScore, period: str, today: dt.date) -> Pace | None:
    """The pace of a key result of a running period, measured on its check-ins up to
    today; None for another period or a key result without a score."""
    if period_state(period, today) != "running":
        return None
    kr = s.key_result
    now = score_key_result(replace(kr, check_ins=tuple(c for c in kr.check_ins if c.date <= today)))
    if now.score is None:
        return None
    expected = elapsed_share(period, today)
    value = ""
    if kr.baseline is not None and kr.target is not None:
        # to one decimal: an expectation, not a measurement
        value = quantity(round(kr.baseline + expected * (kr.target - kr.baseline), 1), kr.unit)
    return Pace(expected, now.score, pace_state(now.score, expected), value)


def objective_pace(s: ObjectiveScore, today: dt.date) -> Pace | None:
    """The pace of an objective of a running period: its score on the check-ins up to
    today against the share of the period gone."""
    period = s.objective.period
    if period_state(period, today) != "running":
        return None
    now = as_of(s.objective, today)
    if now.score is None:
        return None
    expected = elapsed_share(period, today)
    return Pace(expected, now.score, pace_state(now.score, expected))


def as_of(objective: Objective, day: dt.date) -> ObjectiveScore:
    """The objective scored on the check-ins dated up to `day` (a review's view of it)."""

    def upto(kr: KeyResult) -> KeyResult:
        return replace(kr, check_ins=tuple(c for c in kr.check_ins if c.date <= day))

    return score_objective(
        replace(objective, key_results=tuple(upto(k) for k in objective.key_results))
    )


def calibration(scores: Iterable[ObjectiveScore]) -> str:
    """How ambitious a set of closed OKRs looks, from its objective scores, in plain words.

    Objectives without a single check-in were never measured; their 0.0 would say
    nothing about ambition, so they are left out of the note (and counted).
    """
    scores = list(scores)
    measured = [
        s
        for s in scores
        if s.score is not None and any(k.key_result.check_ins for k in s.key_results)
    ]
    waiting = sum(1 for s in scores if s.score is not None) - len(measured)
    values = [s.score for s in measured if s.score is not None]
    average = mean(values)
    later = f" ({plural(waiting, 'objective')} without check-ins not counted)" if waiting else ""
    if average is None:
        return "No objective was measured: give key results a baseline, a target and check-ins."
    low, high = HEALTHY_BAND
    shown = round(average, 2)  # decide on the number the reader sees
    of = plural(len(values), "measured objective") + later
    if all(v >= 0.95 for v in values):
        return (
            f"Every objective scored at or near 1.0 (mean {average:.2f} over {of}): the "
            "targets were probably too easy; set the next ones further out."
        )
    if shown < 0.6:
        return (
            f"The mean score is {average:.2f} over {of}, well below the healthy "
            f"{low}-{high} band: the work fell behind or the targets were over-ambitious."
        )
    if shown < low:
        return (
            f"The mean score is {average:.2f} over {of}, just below the healthy {low}-{high} "
            "band: look at the key results that lagged."
        )
    if shown <= high:
        return f"The mean score is {average:.2f} over {of}: a healthy stretch ({low}-{high})."
    return (
        f"The mean score is {average:.2f} over {of}, above the {low}-{high} band: the "
        "targets may have been too safe."
    )


@dataclass(frozen=True)
class PeriodHealth:
    """The health statement of one period's objectives."""

    period: str
    state: PeriodState
    objectives: tuple[ObjectiveScore, ...]
    paces: tuple[Pace | None, ...]  # per objective, for a running period
    elapsed: float  # the share of the period gone (0 before it, 1 after it)
    text: str

    @property
    def behind(self) -> tuple[ObjectiveScore, ...]:
        return tuple(
            o for o, p in zip(self.objectives, self.paces, strict=True) if p and p.state == "behind"
        )

    @property
    def tone(self) -> str:
        """'good', 'warn' or 'none': the colour a page gives the statement."""
        if self.state == "running":
            return "warn" if self.behind else "good"
        return "none"


def _running_text(period: str, today: dt.date, paces: Sequence[Pace | None]) -> str:
    first, last = period_days(period)
    day = (today - first).days + 1
    days = (last - first).days + 1
    counts = {
        s: sum(1 for p in paces if p and p.state == s) for s in ("ahead", "on-pace", "behind")
    }
    judged = [f"{plural(n, 'objective')} {PACE[s].lower()}" for s, n in counts.items() if n]
    unscored = sum(1 for p in paces if p is None)
    if unscored:
        judged.append(f"{plural(unscored, 'objective')} without a score")
    share = elapsed_share(period, today)
    return (
        f"{period} is running (day {day} of {days}, {percent(share)} through): "
        f"{score(share)} of the way to target is expected by today; "
        + (", ".join(judged) if judged else "no objectives")
        + "."
    )


def health_by_period(scores: Iterable[ObjectiveScore], today: dt.date) -> tuple[PeriodHealth, ...]:
    """One health statement per period, in period order (a year before its quarters)."""
    periods: dict[str, list[ObjectiveScore]] = {}
    for s in sorted(scores, key=lambda s: period_key(s.objective.period)):
        periods.setdefault(s.objective.period, []).append(s)
    out = []
    for period, items in periods.items():
        state = period_state(period, today)
        paces = tuple(objective_pace(s, today) for s in items)
        if state == "not started":
            first, _ = period_days(period)
            text = (
                f"{period} has not started (it begins on {first}): "
                f"{plural(len(items), 'objective')}, not judged yet."
            )
        elif state == "running":
            text = _running_text(period, today, paces)
        else:
            text = f"{period} has ended. {calibration(items)}"
        out.append(
            PeriodHealth(period, state, tuple(items), paces, elapsed_share(period, today), text)
        )
    return tuple(out)


def objective_health(s: ObjectiveScore, today: dt.date) -> str:
    """One objective's standing in words: its closing score, not started, or (running) how
    far it is against the expectation; the pace word itself is the badge beside it."""
    state = period_state(s.objective.period, today)
    if state == "not started":
        return f"Not started: {s.objective.period} begins on {period_days(s.objective.period)[0]}."
    if state == "closed":
        return f"{s.objective.period} has ended: score {score(s.score)}."
    pace = objective_pace(s, today)
    if pace is None:
        return f"{s.objective.period} is running; no key result has a baseline and a target."
    return f"{pace.detail[:1].upper()}{pace.detail[1:]}."
