"""The Scenarios page (leadership edition only): each what-if against the plan.

The comparison itself is `history/scenarios.py` (`roadmap compare`); this module turns
it into what the page shows: per scenario, what moves, what comes in and what drops
out (each with where it was and where it goes, and what took its room), the deadlines
it misses that the plan meets, the pools it leaves short, and its timeline.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from markupsafe import Markup

from ...history.diff import InitiativeChange, Slot
from ...history.scenarios import ADDED, LEFT_OUT, MOVED, Comparison, ScenarioResult
from ...words import NOT_DOING, number, plural
from .. import charts
from .roadmap import build_view


@dataclass(frozen=True)
class ChangeView:
    """One initiative the scenario treats differently from the plan."""

    id: str
    title: str
    before: str  # where the plan has it, in words
    after: str  # where the scenario has it, in words
    displaced_by: str  # titles of the work that took its room, or a dash
    why: str  # the scenario plan's reason for where it is, or a dash


@dataclass(frozen=True)
class ShortPool:
    """A pool the scenario uses more fully than the plan does, in one quarter."""

    pool: str
    quarter: str
    main: str  # "6 of 8 points"
    scenario: str


@dataclass(frozen=True)
class ScenarioView:
    id: str
    title: str
    description: str
    summary: str  # one sentence: what moves, comes in and drops out
    moved: tuple[ChangeView, ...]
    added: tuple[ChangeView, ...]
    left_out: tuple[ChangeView, ...]
    missed: tuple[str, ...]  # titles of initiatives whose deadline only the scenario misses
    met: tuple[str, ...]  # titles of initiatives whose deadline only the scenario meets
    full: tuple[ShortPool, ...]  # pool quarters full in the scenario, not in the plan
    proven: bool  # the scenario's plan is proven the best its rules allow
    timeline: Markup


def _where(slot: Slot | None) -> str:
    if slot is None:
        return "not in the data"
    if slot.state == "scheduled":
        return str(slot.start) if slot.start == slot.end else f"{slot.start} to {slot.end}"
    if slot.state == "done":
        return "done"
    return f"not doing: {NOT_DOING.get(slot.kind or '', 'left out').lower()}"


def _change(c: InitiativeChange, titles: dict[str, str]) -> ChangeView:
    return ChangeView(
        c.id,
        c.title,
        _where(c.before),
        _where(c.after),
        ", ".join(titles.get(x, x) for x in c.displaced_by) or "–",
        (c.after.reason if c.after and c.after.reason else "") or "–",
    )


def _pool_name(key: str, names: dict[str, str]) -> str:
    if key == "function":
        return "The whole function"
    kind, _, name = key.partition(":")
    who = names.get(name, name)
    return f"Team {who}" if kind == "team" else f"{who}'s own time"


def _full(main: Comparison, r: ScenarioResult, names: dict[str, str]) -> tuple[ShortPool, ...]:
    before = {(q.quarter, p.pool): p for q in main.main.plan.capacity for p in q.pools}
    out = []
    for q in r.outcome.plan.capacity:
        for p in q.pools:
            b = before.get((q.quarter, p.pool))
            now_full = p.used >= p.available - 1e-9 and p.available > 0
            was_full = b is not None and b.used >= b.available - 1e-9 and b.available > 0
            if now_full and not was_full:
                out.append(
                    ShortPool(
                        _pool_name(p.pool, names),
                        str(q.quarter),
                        f"{number(b.used)} of {number(b.available)}" if b else "none",
                        f"{number(p.used)} of {number(p.available)}",
                    )
                )
    return tuple(out)


def _summary(moved: int, added: int, left: int) -> str:
    if not (moved or added or left):
        return "The plan would not change."
    parts = []
    if moved:
        parts.append(f"{plural(moved, 'initiative')} would move")
    if added:
        parts.append(f"{plural(added, 'initiative')} would come in")
    if left:
        parts.append(f"{plural(left, 'initiative')} would drop out")
    text = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
    return text[0].upper() + text[1:] + "."


def scenario_views(comparison: Comparison, today: dt.date) -> tuple[ScenarioView, ...]:
    """Every scenario of `comparison`, in the order it holds them."""
    main = comparison.main
    m_met, m_missed = main.deadlines()
    out = []
    for r in comparison.scenarios:
        model = r.outcome.model
        titles = {i.id: i.title for i in main.model.initiatives}
        titles |= {i.id: i.title for i in model.initiatives}
        names = {p.id: p.name for p in model.people} | {t.id: t.name for t in model.teams}
        met, missed = r.outcome.deadlines()
        moved = tuple(_change(c, titles) for c in r.of(MOVED))
        added = tuple(_change(c, titles) for c in r.of(ADDED))
        left = tuple(_change(c, titles) for c in r.of(LEFT_OUT))
        view = build_view(model, r.outcome.plan, today)
        out.append(
            ScenarioView(
                id=r.scenario.id,
                title=r.scenario.title,
                description=r.scenario.description,
                summary=_summary(len(moved), len(added), len(left)),
                moved=moved,
                added=added,
                left_out=left,
                missed=tuple(titles[x] for x in missed if x not in m_missed),
                met=tuple(titles[x] for x in met if x not in m_met),
                full=_full(comparison, r, names),
                proven=r.outcome.plan.optimal,
                timeline=charts.timeline_figure(view.scheduled, view.quarters, r.scenario.title),
            )
        )
    return tuple(out)
