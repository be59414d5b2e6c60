"""View models for the KPI pages: each KPI's history against its floor, and the breaches.

A KPI's floor is its threshold, or the target of an achieved key result tied to it
(okrs/scoring.py); for a lower-is-better KPI the floor is a ceiling. A value breaches
when it is worse than the floor.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from markupsafe import Markup

from ...data.model import Friction, KPIReading, Roadmap
from ...okrs.scoring import KPIStatus
from ...words import badge, bound, difference, is_are, plural, quantity
from .. import charts
from ..charts.kpi import kpi_trend


@dataclass(frozen=True)
class ReadingView:
    day: dt.date
    value: str  # with its unit
    note: str
    breached: bool

    @property
    def against_floor(self) -> str:
        return "breached" if self.breached else "met"


@dataclass(frozen=True)
class KPIView:
    status: KPIStatus
    badge: Markup
    current: str  # "68%", or "–"
    floor: str  # "72%"
    floor_words: str  # "at least 72%" / "at most 4 hours"
    threshold: str  # the threshold in kpis.yaml, "70%": the floor unless a key result raised it
    raised_by: tuple[tuple[str, str, str], ...]  # (objective id, key result title, ref)
    change: str  # since the reading before, in words
    course: str  # how the readings stood against the floor over the whole history
    readings: tuple[ReadingView, ...]  # newest first
    chart: Markup | None
    friction: tuple[Friction, ...]

    @property
    def id(self) -> str:
        return self.status.kpi.id

    @property
    def breached(self) -> bool:
        return self.status.status == "breached"

    @property
    def breach_text(self) -> str:
        """ "68%, below its floor of 72%" (or "above its ceiling" when lower is better)."""
        side = "below its floor" if self.status.kpi.direction == "higher" else "above its ceiling"
        return f"{self.current}, {side} of {self.floor}"

    @property
    def page(self) -> Markup:
        return Markup(f"kpis/{self.id}.md")  # the id is a slug: nothing to escape


def _change(status: KPIStatus) -> str:
    kpi = status.kpi
    if len(kpi.history) < 2:
        return "no earlier measurement"
    before, latest = kpi.history[-2], kpi.history[-1]
    delta = latest.value - before.value
    if delta == 0:
        return f"unchanged since {before.date}"
    way = "up" if delta > 0 else "down"
    better = "better" if kpi.better(latest.value, before.value) else "worse"
    return f"{way} {difference(abs(delta), kpi.unit)} since {before.date} ({better})"


def _course(history: Sequence[KPIReading], breached: Callable[[float], bool]) -> str:
    """How the measurements stood against today's floor: the current run, then the count.

    "breached since 2027-04-30; 4 of 5 breached since 2026-12-31"
    """
    if not history:
        return "no history yet"
    marks = [breached(r.value) for r in history]
    first, n = history[0].date, len(marks)
    if n == 1:
        return f"{_met(marks[0])} at its one measurement ({first})"
    if all(m == marks[0] for m in marks):
        return f"{_met(marks[0])} at all {n} since {first}"
    start = n - 1
    while marks[start - 1] == marks[-1]:
        start -= 1  # stops before 0: the marks are not all alike
    return (
        f"{_met(marks[-1])} since {history[start].date}; {sum(marks)} of {n} breached since {first}"
    )


def _met(breached: bool) -> str:
    return "breached" if breached else "met"


def kpi_views(
    model: Roadmap, statuses: tuple[KPIStatus, ...], objectives: frozenset[str] | None = None
) -> tuple[KPIView, ...]:
    """Every KPI in kpis.yaml order; `raised_by` names only the key results of
    `objectives` (the ones the edition shows; None: all)."""
    tracked: dict[str, list[Friction]] = {}
    for f in model.current_state.friction if model.current_state else ():
        if f.kpi:
            tracked.setdefault(f.kpi, []).append(f)
    out = []
    for st in statuses:
        kpi = st.kpi

        def breached(value: float, st: KPIStatus = st) -> bool:
            return not (value == st.floor or st.kpi.better(value, st.floor))

        refs = model.key_result_by_ref
        out.append(
            KPIView(
                status=st,
                badge=badge("health", st.status),
                current=quantity(kpi.current, kpi.unit) if kpi.current is not None else "–",
                floor=quantity(st.floor, kpi.unit),
                floor_words=bound(kpi.direction, st.floor, kpi.unit),
                threshold=quantity(kpi.threshold, kpi.unit),
                raised_by=tuple(
                    (refs[r].objective, refs[r].title, r)
                    for r in st.raised_by
                    if objectives is None or refs[r].objective in objectives
                ),
                change=_change(st),
                course=_course(kpi.history, breached),
                readings=tuple(
                    ReadingView(r.date, quantity(r.value, kpi.unit), r.note, breached(r.value))
                    for r in reversed(kpi.history)
                ),
                chart=(
                    charts.figure(kpi_trend(kpi, st.floor), f"{kpi.name} over time")
                    if kpi.history
                    else None
                ),
                friction=tuple(tracked.get(kpi.id, ())),
            )
        )
    return tuple(out)


@dataclass(frozen=True)
class KPIsView:
    """Every KPI, in kpis.yaml order, and the ones breached."""

    all: tuple[KPIView, ...]
    by_id: dict[str, KPIView]

    @property
    def breaches(self) -> tuple[KPIView, ...]:
        return tuple(k for k in self.all if k.breached)

    @property
    def breach_words(self) -> str:
        """ "1 of 4 KPIs is breached:", to be followed by their names."""
        n = len(self.breaches)
        return f"{n} of {plural(len(self.all), 'KPI')} {is_are(n)} breached:"


def kpis_view(
    model: Roadmap, statuses: tuple[KPIStatus, ...], objectives: frozenset[str] | None = None
) -> KPIsView:
    views = kpi_views(model, statuses, objectives)
    return KPIsView(views, {k.id: k for k in views})
