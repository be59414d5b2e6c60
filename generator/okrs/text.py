"""Text and JSON forms of the scored OKR tree and of the cadence calendar.

`roadmap okrs --format json` is part of the contract (docs/okrs.md): {"objectives": [{"id",
"level", "period", "parent", "score", "key_results": [{"id", "score", "latest"}]}]};
the extra keys here (titles, check-ins, KPIs, the calibration note) are allowed.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from typing import Any

from ..data.checks import supporters
from ..data.model import KeyResult, Roadmap, period_key
from ..words import number, quantity
from .cadence import CadenceEvent
from .held import match_reviews
from .scoring import (
    KeyResultScore,
    KPIStatus,
    ObjectiveScore,
    calibration,
    cascade,
    kpi_statuses,
    score_all,
)

BAR_WIDTH = 10


def bar(score: float | None) -> str:
    """`[#######---] 0.70`, or a blank bar of the same width when there is no score."""
    if score is None:
        return f"[{'no score':^{BAR_WIDTH}}]     "
    # Rounded down, so only a key result that is fully achieved shows a full bar.
    filled = math.floor(score * BAR_WIDTH + 1e-9)
    return f"[{'#' * filled}{'-' * (BAR_WIDTH - filled)}] {score:.2f}"


def _progress(s: KeyResultScore) -> str:
    kr = s.key_result
    if kr.baseline is not None and kr.target is not None:
        span = f"{quantity(kr.baseline, kr.unit)} -> {quantity(kr.target, kr.unit)}"
    elif kr.target is not None:
        span = f"target {quantity(kr.target, kr.unit)}, no baseline"
    elif kr.baseline is not None:
        span = f"baseline {quantity(kr.baseline, kr.unit)}, no target"
    else:
        span = "no baseline or target"
    if s.latest is None:
        return f"{span}; no check-ins yet"
    text = f"{span}; latest {quantity(s.latest, kr.unit)} on {s.latest_date}"
    if len(s.history) > 1:
        text += "; trend " + " -> ".join(number(c.value) for c, _ in s.history)
    return text


def _work(kr: KeyResult, support: dict[str, tuple[Any, ...]]) -> str:
    ids = [i.id for i in support.get(kr.ref, ())]
    return "work: " + (", ".join(ids) if ids else "none")


def _kpi_limit(status: KPIStatus) -> str:
    kpi = status.kpi
    sign = ">=" if kpi.direction == "higher" else "<="
    text = f"floor {sign} {quantity(status.floor, kpi.unit)}"
    if status.raised_by:
        text += f" (threshold {number(kpi.threshold)}, raised by {', '.join(status.raised_by)})"
    return text


def _table(rows: list[list[str]], indent: str = "  ") -> list[str]:
    widths = [max(len(r[c]) for r in rows) for c in range(len(rows[0]))]
    return [
        (indent + "  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True))).rstrip()
        for row in rows
    ]


def _by_period(scores: dict[str, ObjectiveScore]) -> str:
    periods: dict[str, list[ObjectiveScore]] = {}
    for s in sorted(scores.values(), key=lambda s: period_key(s.objective.period)):
        periods.setdefault(s.objective.period, []).append(s)
    parts = []
    for period, items in periods.items():
        values = [s.score for s in items if s.score is not None]
        mean = f"{sum(values) / len(values):.2f}" if values else "no score"
        parts.append(f"{period} {mean} ({len(items)})")
    return "Mean score by period (objectives): " + ", ".join(parts)


def okrs_as_text(model: Roadmap) -> str:
    """The cascade as an indented tree with scores, progress and trends, then the KPIs."""
    scores = {s.objective.id: s for s in score_all(model)}
    support = supporters(model)
    lines = [f"OKRs: {model.settings.title}", ""]
    if not model.objectives:
        lines.append("No objectives yet: add them under okrs/.")
    else:
        lines += [f"Calibration: {calibration(scores.values())}", _by_period(scores), ""]
    for depth, o in cascade(model):
        s = scores[o.id]
        pad = "    " * depth
        who = model.person_name(o.owner) or model.team_name(o.team)
        facts = ", ".join(x for x in (o.level, o.period, who) if x)
        lines.append(f"{pad}{o.id}  {bar(s.score)}  ({facts})")
        lines.append(f"{pad}  {o.title}")
        for k in s.key_results:
            kr = k.key_result
            lines.append(f"{pad}  - {bar(k.score)}  {kr.id}: {kr.title}")
            lines.append(f"{pad}      {_progress(k)}")
            extra = _work(kr, support) + (f"; sets the floor of KPI {kr.kpi}" if kr.kpi else "")
            lines.append(f"{pad}      {extra}")
        lines.append("")
    statuses = kpi_statuses(model)
    if statuses:
        lines.append("KPIs")
        rows = [
            [
                st.kpi.id,
                st.kpi.name,
                "current "
                + (
                    quantity(st.kpi.current, st.kpi.unit)
                    if st.kpi.current is not None
                    else "unknown"
                ),
                st.status,
                _kpi_limit(st),
            ]
            for st in statuses
        ]
        lines += _table(rows)
        lines.append("")
    return "\n".join(lines)


def _kr_payload(s: KeyResultScore, support: dict[str, tuple[Any, ...]]) -> dict[str, Any]:
    kr = s.key_result
    return {
        "id": kr.id,
        "ref": kr.ref,
        "title": kr.title,
        "unit": kr.unit,
        "baseline": kr.baseline,
        "target": kr.target,
        "latest": s.latest,
        "latest_date": s.latest_date.isoformat() if s.latest_date else None,
        "score": s.score,
        "kpi": kr.kpi,
        "check_ins": [
            {"date": c.date.isoformat(), "value": c.value, "score": score} for c, score in s.history
        ],
        "initiatives": [i.id for i in support.get(kr.ref, ())],
    }


def _objective_payload(
    s: ObjectiveScore, depth: int, support: dict[str, tuple[Any, ...]]
) -> dict[str, Any]:
    o = s.objective
    return {
        "id": o.id,
        "title": o.title,
        "level": o.level,
        "period": o.period,
        "parent": o.parent,
        "owner": o.owner,
        "team": o.team,
        "depth": depth,
        "score": s.score,
        "key_results": [_kr_payload(k, support) for k in s.key_results],
    }


def okrs_payload(model: Roadmap) -> dict[str, Any]:
    """The scored OKR tree as plain data, objectives in cascade order."""
    scores = {s.objective.id: s for s in score_all(model)}
    support = supporters(model)
    return {
        "objectives": [
            _objective_payload(scores[o.id], depth, support) for depth, o in cascade(model)
        ],
        "calibration": calibration(scores.values()),
        "kpis": [
            {
                "id": st.kpi.id,
                "name": st.kpi.name,
                "unit": st.kpi.unit,
                "direction": st.kpi.direction,
                "threshold": st.kpi.threshold,
                "floor": st.floor,
                "raised_by": list(st.raised_by),
                "current": st.kpi.current,
                "status": st.status,
            }
            for st in kpi_statuses(model)
        ],
    }


def okrs_as_json(model: Roadmap) -> str:
    return json.dumps(okrs_payload(model), indent=2, ensure_ascii=False, allow_nan=False) + "\n"


def _when(e: CadenceEvent) -> str:
    first = e.start.strftime("%a %Y-%m-%d")
    return first if e.days == 1 else f"{first} to {e.end.strftime('%a %Y-%m-%d')}"


def calendar_as_text(model: Roadmap, events: tuple[CadenceEvent, ...], today: dt.date) -> str:
    """Every cadence event in date order; past ones marked, the current and next flagged."""
    h = model.settings.horizon
    lines = [f"Cadence: {model.settings.title}, {h.start} to {h.end} (today {today})", ""]
    upcoming = [e for e in events if e.state(today) == "upcoming"]
    following = upcoming[0] if upcoming else None
    held = match_reviews(events, model.reviews)
    rows = []
    for e in events:
        state = e.state(today)
        mark: str = "next" if e is following else ("" if state == "upcoming" else state)
        if held.state(e, today) in ("held", "prepared", "missed"):
            mark = f"{state}, {held.state(e, today)}"
        record = held.records.get(e.uid)
        rows.append(
            [mark, _when(e), e.title + (f" (reviews/{record.date}.yaml)" if record else "")]
        )
    lines += _table(rows) if rows else ["  no events"]
    for r in held.unscheduled:
        how = "held" if r.date <= today else "prepared"
        lines.append(f"  {how} outside the cadence: {r.kind} review (reviews/{r.date}.yaml)")
    past = sum(e.state(today) == "past" for e in events)
    lines += [
        "",
        f"{len(events)} events, {past} past. As iCalendar: roadmap calendar --format ics",
        "",
    ]
    if model.settings.review is None or model.settings.review.next is None:
        lines.insert(
            -1, "No roadmap reviews: set review.next (and review.every_months) in roadmap.yaml."
        )
    return "\n".join(lines)
