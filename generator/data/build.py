"""Building the typed model from documents that passed their schema.

Every document here is known to be schema-valid, so construction cannot fail; the
cross-file checks of the checks package run on the result.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from .loader import Document, JsonPath
from .model import (
    KPI,
    UNPIN,
    CheckIn,
    CurrentState,
    Decision,
    Dependency,
    Event,
    Friction,
    Horizon,
    Initiative,
    InitiativeChange,
    KeyResult,
    KPIReading,
    Need,
    Objective,
    ObjectiveClose,
    Origin,
    Person,
    PoolChange,
    ProgressCheckIn,
    Quarter,
    Review,
    ReviewRecord,
    Roadmap,
    Scenario,
    Settings,
    Team,
    TeamCapacity,
    Thresholds,
    Urgency,
    closed_quarter,
)


def _line(text: str) -> str:
    """A one-line text (titles, names): a `|` block scalar's line breaks become spaces."""
    return " ".join(text.split())


def _date(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


def _span(event: dict[str, Any]) -> tuple[dt.date, dt.date]:
    """An event's `from` and `to` (the schema makes them come together)."""
    return dt.date.fromisoformat(event["from"]), dt.date.fromisoformat(event["to"])


def _q(text: str | None) -> Quarter | None:
    return Quarter.parse(text) if text else None


def build_settings(doc: Document) -> Settings:
    d: dict[str, Any] = doc.data
    thresholds = d.get("thresholds", {})
    review = d.get("review")
    return Settings(
        title=_line(d["title"]),
        function=_line(d.get("function", "Customer Service")),
        vision=d.get("vision", ""),
        strategy=d.get("strategy", ""),
        horizon=Horizon(Quarter.parse(d["horizon"]["start"]), d["horizon"]["quarters"]),
        capacity_default=float(d["capacity"]["default"]),
        capacity_overrides=_overrides(d["capacity"]),
        thresholds=Thresholds(thresholds.get("impact", 3), float(thresholds.get("effort", 8))),
        review=Review(review.get("every_months", 3), _date(review.get("next"))) if review else None,
        origin=Origin(doc),
        stale_after_weeks=d.get("progress", {}).get("stale_after_weeks", 6),
        publish_audience=d.get("publish", {}).get("audience"),
        team_capacity=tuple(
            TeamCapacity(team, float(pool["default"]), _overrides(pool))
            for team, pool in sorted(d["capacity"].get("teams", {}).items())
        ),
    )


def _overrides(capacity: dict[str, Any]) -> tuple[tuple[Quarter, float], ...]:
    return tuple(
        sorted((Quarter.parse(k), float(v)) for k, v in capacity.get("overrides", {}).items())
    )


def build_initiative(doc: Document, base: JsonPath = ()) -> Initiative:
    """The initiative of an initiative file, or the one at `base` in a scenario's `add`."""
    d: Any = doc.data
    for key in base:
        d = d[key]
    urgency = d.get("urgency")
    return Initiative(
        id=d["id"],
        title=_line(d["title"]),
        summary=_line(d.get("summary") or d["title"]),
        description=d.get("description", ""),
        owner=d.get("owner"),
        team=d.get("team"),
        status=d["status"],
        impact=d["impact"],
        effort=float(d["effort"]),
        duration=d.get("duration", 1),
        depends_on=tuple(
            Dependency(x) if isinstance(x, str) else Dependency(x["id"], x.get("lag", 0))
            for x in d.get("depends_on", [])
        ),
        requires=tuple(d.get("requires", [])),
        urgency=Urgency(Quarter.parse(urgency["deadline"]), urgency["reason"]) if urgency else None,
        pin=_q(d.get("quarter")),
        supports=tuple(d.get("supports", [])),
        source=d.get("source"),
        requested_by=d.get("requested_by"),
        request_url=d.get("request_url"),
        revisit=_when(d.get("revisit")),
        revisit_when=d.get("revisit_when"),
        needs=tuple(_need(n, k) for k, n in enumerate(d.get("needs", []))),
        success_metrics=tuple(d.get("success_metrics", [])),
        reason=d.get("reason"),
        internal=d.get("internal"),
        origin=Origin(doc, base),
        progress=tuple(
            sorted(
                (
                    ProgressCheckIn(
                        dt.date.fromisoformat(p["date"]),
                        p["status"],
                        p["note"],
                        _num(p.get("percent")),
                    )
                    for p in d.get("progress", [])
                ),
                key=lambda p: p.date,  # stable: of two on one day, the one written last wins
            )
        ),
        delivered=_date(d.get("delivered")),
        addresses=tuple(d.get("addresses", [])),
    )


def _when(text: str | None) -> Quarter | dt.date | None:
    """A quarter or a date (the schema allows either)."""
    if not text:
        return None
    return Quarter.parse(text) if "-Q" in text else dt.date.fromisoformat(text)


def _need(n: dict[str, Any], index: int) -> Need:
    by = _when(n.get("by"))
    return Need(
        n["from"],
        n["what"],
        Quarter.of(by) if isinstance(by, dt.date) else by,
        by_date=by if isinstance(by, dt.date) else None,
        status=n.get("status", "requested"),
        contact=n.get("contact"),
        counterpart=n.get("counterpart"),
        agreed_on=_date(n.get("agreed_on")),
        index=index,
    )


def build_events(doc: Document | None, base: JsonPath = ("events",)) -> list[Event]:
    if doc is None:
        return []
    events: Any = doc.data
    for key in base:
        events = events[key]
    return [
        Event(
            id=e["id"],
            title=_line(e["title"]),
            quarter=Quarter.parse(e["quarter"]) if "quarter" in e else Quarter.of(_span(e)[0]),
            date=_date(e.get("date")),
            description=e.get("description", ""),
            capacity_factor=float(e.get("capacity_factor", 1.0)),
            blocks=tuple(e.get("blocks", [])),
            origin=Origin(doc, (*base, i)),
            teams=tuple(e.get("teams", [])),
            span=_span(e) if "from" in e else None,
        )
        for i, e in enumerate(events)
    ]


def build_people(doc: Document | None) -> tuple[list[Team], list[Person]]:
    if doc is None:
        return [], []
    teams = [
        Team(t["id"], _line(t["name"]), t.get("lead"), t.get("function"), Origin(doc, ("teams", i)))
        for i, t in enumerate(doc.data.get("teams", []))
    ]
    people = [
        Person(
            p["id"],
            _line(p["name"]),
            p.get("team"),
            p.get("role"),
            Origin(doc, ("people", i)),
            float(p["capacity"]) if p.get("capacity") is not None else None,
        )
        for i, p in enumerate(doc.data.get("people", []))
    ]
    return teams, people


def build_kpis(doc: Document | None) -> list[KPI]:
    if doc is None:
        return []
    return [
        KPI(
            id=k["id"],
            name=_line(k["name"]),
            unit=k.get("unit", ""),
            description=k.get("description", ""),
            direction=k["direction"],
            threshold=float(k["threshold"]),
            current=_current(k),
            origin=Origin(doc, ("kpis", i)),
            history=_readings(k),
        )
        for i, k in enumerate(doc.data["kpis"])
    ]


def _readings(k: dict[str, Any]) -> tuple[KPIReading, ...]:
    readings = (
        KPIReading(dt.date.fromisoformat(h["date"]), float(h["value"]), h.get("note", ""))
        for h in k.get("history", [])
    )
    return tuple(sorted(readings, key=lambda r: r.date))


def _current(k: dict[str, Any]) -> float | None:
    """`current`, or else the latest measurement in `history`."""
    if k.get("current") is not None:
        return float(k["current"])
    readings = _readings(k)
    return readings[-1].value if readings else None


def review_date(doc: Document) -> dt.date | None:
    """The day a review record was held: its file name, when that is a real date."""
    try:
        return dt.date.fromisoformat(doc.path.stem) if len(doc.path.stem) == 10 else None
    except ValueError:
        return None


def build_review(doc: Document) -> ReviewRecord:
    d: dict[str, Any] = doc.data
    day = review_date(doc)
    assert day is not None  # validate() refuses a review whose name is not a date
    period = d.get("period")
    if period is None and d["kind"] == "okr-close":
        period = str(closed_quarter(day))
    return ReviewRecord(
        date=day,
        kind=d["kind"],
        summary=d.get("summary", ""),
        decisions=tuple(
            Decision(x["decision"], x.get("initiative")) for x in d.get("decisions", [])
        ),
        learnings=tuple(d.get("learnings", [])),
        attendees=tuple(d.get("attendees", [])),
        period=None if period is None else str(period),
        objectives=tuple(
            ObjectiveClose(
                o["objective"], _num(o.get("score")), o["comment"], Origin(doc, ("objectives", n))
            )
            for n, o in enumerate(d.get("objectives", []))
        ),
        origin=Origin(doc),
    )


def build_current_state(doc: Document | None) -> CurrentState | None:
    if doc is None:
        return None
    d: dict[str, Any] = doc.data
    return CurrentState(
        summary=d.get("summary", ""),
        as_of=_date(d.get("as_of")),
        friction=tuple(
            Friction(
                f["id"],
                f["title"],
                f["evidence"],
                f.get("metric"),
                f.get("kpi"),
                Origin(doc, ("friction", n)),
            )
            for n, f in enumerate(d["friction"])
        ),
        origin=Origin(doc),
    )


def build_objectives(doc: Document) -> list[Objective]:
    out = []
    for i, o in enumerate(doc.data["objectives"]):
        base: JsonPath = ("objectives", i)
        krs = tuple(
            KeyResult(
                objective=o["id"],
                id=k["id"],
                title=_line(k["title"]),
                unit=k.get("unit", ""),
                description=k.get("description", ""),
                baseline=_num(k.get("baseline")),
                target=_num(k.get("target")),
                check_ins=tuple(
                    sorted(
                        (
                            CheckIn(
                                dt.date.fromisoformat(c["date"]),
                                float(c["value"]),
                                c.get("note", ""),
                            )
                            for c in k.get("check_ins", [])
                        ),
                        key=lambda c: c.date,
                    )
                ),
                kpi=k.get("kpi"),
                origin=Origin(doc, (*base, "key_results", j)),
            )
            for j, k in enumerate(o["key_results"])
        )
        out.append(
            Objective(
                id=o["id"],
                title=_line(o["title"]),
                description=o.get("description", ""),
                level=o["level"],
                period=str(o["period"]),
                owner=o.get("owner"),
                team=o.get("team"),
                parent=o.get("parent"),
                key_results=krs,
                origin=Origin(doc, base),
                visibility=o.get(
                    "visibility", "leadership" if o["level"] == "individual" else "team"
                ),
            )
        )
    return out


def _num(value: Any) -> float | None:
    return None if value is None else float(value)


def build_model(docs: list[tuple[Document, str]]) -> Roadmap:
    by_kind: dict[str, list[Document]] = {}
    for doc, kind in docs:
        by_kind.setdefault(kind, []).append(doc)

    def single(kind: str) -> Document | None:
        found = by_kind.get(kind)
        return found[0] if found else None

    settings_doc = single("roadmap")
    assert settings_doc is not None
    teams, people = build_people(single("people"))
    return Roadmap(
        settings=build_settings(settings_doc),
        initiatives=tuple(
            sorted((build_initiative(d) for d in by_kind.get("initiative", [])), key=lambda i: i.id)
        ),
        objectives=tuple(o for d in by_kind.get("okrs", []) for o in build_objectives(d)),
        kpis=tuple(build_kpis(single("kpis"))),
        events=tuple(build_events(single("calendar"))),
        teams=tuple(teams),
        people=tuple(people),
        has_people_file=single("people") is not None,
        reviews=tuple(
            sorted((build_review(d) for d in by_kind.get("review", [])), key=lambda r: r.date)
        ),
        current_state=build_current_state(single("current-state")),
        scenarios=tuple(
            sorted((build_scenario(d) for d in by_kind.get("scenario", [])), key=lambda s: s.id)
        ),
    )


def _pool_change(d: dict[str, Any], default: str = "default") -> PoolChange:
    value = d.get(default)
    return PoolChange(None if value is None else float(value), _overrides(d))


def build_scenario(doc: Document) -> Scenario:
    d: dict[str, Any] = doc.data
    changes: dict[str, Any] = d["changes"]
    capacity: dict[str, Any] = changes.get("capacity", {})
    base = ("changes",)
    return Scenario(
        id=doc.path.stem,
        title=_line(d["title"]),
        description=d.get("description", ""),
        origin=Origin(doc),
        function=_pool_change(capacity),
        teams=tuple(
            (team, _pool_change(pool), Origin(doc, (*base, "capacity", "teams", team)))
            for team, pool in sorted(capacity.get("teams", {}).items())
        ),
        people=tuple(
            (person, _pool_change(limit, "capacity"), Origin(doc, (*base, "people", person)))
            for person, limit in sorted(changes.get("people", {}).items())
        ),
        events=tuple(build_events(doc, (*base, "events")) if "events" in changes else ()),
        changes=tuple(
            InitiativeChange(
                id=x,
                origin=Origin(doc, (*base, "initiatives", x)),
                status=c.get("status"),
                owner=c.get("owner"),
                team=c.get("team"),
                duration=c.get("duration"),
                effort=None if c.get("effort") is None else float(c["effort"]),
                pin=UNPIN if "quarter" in c and c["quarter"] is None else _q(c.get("quarter")),
            )
            for x, c in sorted(changes.get("initiatives", {}).items())
        ),
        added=tuple(
            sorted(
                (
                    build_initiative(doc, (*base, "add", n))
                    for n in range(len(changes.get("add", [])))
                ),
                key=lambda i: i.id,
            )
        ),
    )
