"""Text and JSON forms of the scored OKR tree and of the cadence calendar.

`roadmap okrs --format json` is part of the contract (docs/okrs.md): {"objectives": [{"id",
"level", "period", "parent", "score", "state", "pace", "key_results": [{"id", "score",
"latest", "pace"}]}], "periods": [{"period", "state", "text"}]}; `pace` is null outside a
running period; the extra keys here (titles, check-ins, KPIs) are allowed.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from typing import Any

from ..data.checks import supporters
from ..data.model import KeyResult, Roadmap
from ..words import number, quantity
from .cadence import CadenceEvent
from .health import (
    Pace,
    health_by_period,
    key_result_pace,
    objective_pace,
    period_state,
)
from .held import match_reviews
from .scoring import (
    KeyResultScore,
    KPIStatus,
    ObjectiveScore,
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


def _pace_words(pace: Pace | None) -> str:
    return f"; {pace.text[0].lower()}{pace.text[1:]}" if pace else ""


def okrs_as_text(model: Roadmap, today: dt.date) -> str:
    """The health of each period, the cascade as an indented tree with scores, pace,
    progress and trends, then the KPIs."""
    scores = {s.objective.id: s for s in score_all(model)}
    support = supporters(model)
    lines = [f"OKRs: {model.settings.title} (as of {today})", ""]
    if not model.objectives:
        lines.append("No objectives yet: add them under okrs/.")
    else:
        lines += [f"- {h.text}" for h in health_by_period(scores.values(), today)] + [""]
    for depth, o in cascade(model):
        s = scores[o.id]
        pad = "    " * depth
        who = model.person_name(o.owner) or model.team_name(o.team)
        facts = ", ".join(x for x in (o.level, o.period, who) if x)
        state = period_state(o.period, today)
        head = "not started" if state == "not started" else bar(s.score)
        lines.append(f"{pad}{o.id}  {head}  ({facts}){_pace_words(objective_pace(s, today))}")
        lines.append(f"{pad}  {o.title}")
        for k in s.key_results:
            kr = k.key_result
            pace = key_result_pace(k, o.period, today)
            head = "not started" if state == "not started" else bar(k.score)
            lines.append(f"{pad}  - {head}  {kr.id}: {kr.title}")
            lines.append(f"{pad}      {_progress(k)}{_pace_words(pace)}")
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


def _pace_payload(pace: Pace | None) -> dict[str, Any] | None:
    if pace is None:
        return None
    return {"state": pace.state, "expected": pace.expected, "actual": pace.actual}


def _kr_payload(
    s: KeyResultScore, support: dict[str, tuple[Any, ...]], period: str, today: dt.date
) -> dict[str, Any]:
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
        "pace": _pace_payload(key_result_pace(s, period, today)),
        "kpi": kr.kpi,
        "check_ins": [
            {"date": c.date.isoformat(), "value": c.value, "score": score} for c, score in s.history
        ],
        "initiatives": [i.id for i in support.get(kr.ref, ())],
    }


def _objective_payload(
    s: ObjectiveScore, depth: int, support: dict[str, tuple[Any, ...]], today: dt.date
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
        "state": period_state(o.period, today),
        "pace": _pace_payload(objective_pace(s, today)),
        "key_results": [_kr_payload(k, support, o.period, today) for k in s.key_results],
    }


def okrs_payload(model: Roadmap, today: dt.date) -> dict[str, Any]:
    """The scored OKR tree as plain data, objectives in cascade order, as of `today`."""
    scores = {s.objective.id: s for s in score_all(model)}
    support = supporters(model)
    return {
        "today": today.isoformat(),
        "objectives": [
            _objective_payload(scores[o.id], depth, support, today) for depth, o in cascade(model)
        ],
        "periods": [
            {"period": h.period, "state": h.state, "elapsed": h.elapsed, "text": h.text}
            for h in health_by_period(scores.values(), today)
        ],
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


def okrs_as_json(model: Roadmap, today: dt.date) -> str:
    payload = okrs_payload(model, today)
    return json.dumps(payload, indent=2, ensure_ascii=False, allow_nan=False) + "\n"


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
