"""The review cadence: OKR setting, mid-quarter review and closing per quarter, plus the
roadmap reviews, as dated events; with the organisation's own events from calendar.yaml,
a subscribable iCalendar file.

Cadence (documented in docs/okrs.md): a quarter's OKR-setting window is the last 14 days of the
preceding quarter; its mid-quarter review is the Monday five weeks after the quarter's
first Monday (the first Monday on or after its first day), i.e. the Monday of week 6;
its closing is its last day. Roadmap reviews start at `review.next` and repeat every
`review.every_months` months inside the horizon; a review that falls on a Saturday or a
Sunday moves to the Monday after it (the next working day). The setting window of the quarter after
the horizon lies inside the horizon, so it is listed too.

Calendar subscribers keep an event by its UID, so a UID names what the event *is* (the
2027-Q2 OKR setting, the first roadmap review of 2027-Q3, the `product-launch` event)
and never its title or date: a renamed roadmap or a moved review updates the event in
place instead of adding a copy. UIDs are scoped by the roadmap's `function`.
"""

from __future__ import annotations

import calendar
import datetime as dt
import os
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from .. import words
from ..data.model import Event, Quarter, Roadmap, next_working_day

EventKind = Literal[
    "okr-setting", "mid-quarter-review", "okr-closing", "roadmap-review", "organisation-event"
]
# Same-day events sort in the order a quarter runs through them.
_KIND_ORDER: dict[EventKind, int] = {
    "organisation-event": 0,
    "okr-closing": 1,
    "roadmap-review": 2,
    "okr-setting": 3,
    "mid-quarter-review": 4,
}
SETTING_DAYS = 14
PRODID = "-//cs-roadmap//roadmap calendar//EN"


@dataclass(frozen=True)
class CadenceEvent:
    kind: EventKind
    start: dt.date
    end: dt.date  # inclusive: the last day of the event
    title: str
    description: str
    uid: str
    quarter: Quarter | None = None  # the quarter whose OKRs it concerns

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def state(self, today: dt.date) -> Literal["past", "now", "upcoming"]:
        if self.end < today:
            return "past"
        return "now" if self.start <= today else "upcoming"


def first_monday(q: Quarter) -> dt.date:
    """The first Monday on or after the quarter's first day."""
    first = q.first_day
    return first + dt.timedelta(days=(7 - first.weekday()) % 7)


def setting_window(q: Quarter) -> tuple[dt.date, dt.date]:
    """The last 14 days of the quarter before `q`, first and last day."""
    last = q.first_day - dt.timedelta(days=1)
    return last - dt.timedelta(days=SETTING_DAYS - 1), last


def mid_quarter_review(q: Quarter) -> dt.date:
    return first_monday(q) + dt.timedelta(weeks=5)


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later, clipped to the month's end (Jan 31 + 1 = Feb 28)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def roadmap_reviews(model: Roadmap) -> tuple[dt.date, ...]:
    """Review dates from `review.next`, every `every_months` months, inside the horizon,
    each moved off a weekend to the next working day."""
    review = model.settings.review
    if review is None or review.next is None:
        return ()
    horizon = model.settings.horizon
    first, last = horizon.start.first_day, horizon.end.last_day
    out = []
    n = 0
    # Counted from the anchor each time, so a review on the 31st stays on month ends.
    while (day := add_months(review.next, n * review.every_months)) <= last:
        held = next_working_day(day)
        if first <= held <= last:
            out.append(held)
        n += 1
    return tuple(out)


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "roadmap"


def _domain(model: Roadmap) -> str:
    return f"{_slug(model.settings.function)}.cs-roadmap"


def cadence_events(model: Roadmap) -> tuple[CadenceEvent, ...]:
    """Every cadence event of the horizon, in date order."""
    settings = model.settings
    domain = _domain(model)
    horizon = settings.horizon
    events = []
    # The window for the quarter after the horizon falls in its last quarter.
    for q in (*horizon.quarters, horizon.end + 1):
        key, previous = str(q).lower(), q + (-1)
        start, end = setting_window(q)
        events.append(
            CadenceEvent(
                "okr-setting",
                start,
                end,
                f"{q} OKR setting",
                f"Set the {q} objectives and key results: the last two weeks of {previous}.",
                f"okr-setting-{key}@{domain}",
                q,
            )
        )
        if q > horizon.end:
            continue
        review = mid_quarter_review(q)
        events.append(
            CadenceEvent(
                "mid-quarter-review",
                review,
                review,
                f"{q} mid-quarter OKR review",
                f"Week 6 of {q}: check in on every key result and adjust the plan.",
                f"mid-quarter-review-{key}@{domain}",
                q,
            )
        )
        events.append(
            CadenceEvent(
                "okr-closing",
                q.last_day,
                q.last_day,
                f"{q} OKR closing",
                f"Score the {q} key results and write down what was learned.",
                f"okr-closing-{key}@{domain}",
                q,
            )
        )
    every = settings.review.every_months if settings.review else 0
    per_quarter: Counter[Quarter] = Counter()
    for day in roadmap_reviews(model):
        q = Quarter.of(day)
        per_quarter[q] += 1
        n = per_quarter[q]  # the first, second, ... review of its quarter
        events.append(
            CadenceEvent(
                "roadmap-review",
                day,
                day,
                "Roadmap review",
                f"Review the roadmap (every {every} months): what changed, what moves, what drops.",
                f"roadmap-review-{str(q).lower()}{'' if n == 1 else f'-{n}'}@{domain}",
                q,
            )
        )
    return _in_order(events)


def _in_order(events: Iterable[CadenceEvent]) -> tuple[CadenceEvent, ...]:
    return tuple(sorted(events, key=lambda e: (e.start, _KIND_ORDER[e.kind], e.uid)))


def teams_only(event: Event, model: Roadmap) -> str:
    """'EMEA Escalation Team only' for an event scoped to teams, else ''."""
    if not event.teams:
        return ""
    return words.only(model.team_name(t) or t for t in event.teams)


def event_title(event: Event, model: Roadmap) -> str:
    """Its title, with the teams it is for: 'Works council (EMEA Escalation Team only)'."""
    teams = teams_only(event, model)
    return f"{event.title} ({teams})" if teams else event.title


def effect(event: Event, model: Roadmap) -> str:
    """What an event does to the plan, in words, naming its teams when it has some."""
    parts = []
    teams = f", {teams_only(event, model)}" if event.teams else ""
    for q in event.quarters:
        share = event.share(q)
        if share == 0:
            continue
        part = "" if share == 1 else f" (over {words.percent(share)} of its working days)"
        if event.capacity_factor != 1:
            parts.append(
                f"Capacity for roadmap work in {q}{part}: "
                f"{words.percent(event.capacity_factor)} of normal{teams}."
            )
        if event.blocks and share == 1:
            parts.append(f"Work that needs {words.series(event.blocks)} cannot run in {q}.")
        elif event.blocks:
            parts.append(f"Work that needs {words.series(event.blocks)} cannot end in {q}.")
    return " ".join(parts)


def _description(event: Event, model: Roadmap) -> str:
    parts = [event.description.strip()] if event.description.strip() else []
    parts.append(effect(event, model))
    return " ".join(p for p in parts if p) or f"An organisation event in {event.quarter}."


def organisation_events(model: Roadmap) -> tuple[CadenceEvent, ...]:
    """The events of calendar.yaml: on their date, over their days, or across their
    whole quarter."""
    domain = _domain(model)
    return _in_order(
        CadenceEvent(
            "organisation-event",
            e.first_day,
            e.last_day,
            event_title(e, model),
            _description(e, model),
            f"event-{e.id}@{domain}",
            e.quarter,
        )
        for e in model.events
    )


def calendar_file_events(model: Roadmap) -> tuple[CadenceEvent, ...]:
    """What the iCalendar file holds: the cadence and the organisation's events."""
    return _in_order((*cadence_events(model), *organisation_events(model)))


def build_stamp() -> dt.datetime:
    """Now, or the moment SOURCE_DATE_EPOCH names (for reproducible builds), in UTC."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC)
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


def to_ics(
    events: tuple[CadenceEvent, ...] | list[CadenceEvent],
    title: str,
    stamp: dt.datetime | None = None,
) -> bytes:
    """An iCalendar file of all-day events.

    DTSTAMP is when the file was made: `stamp`, by default the build time (or
    SOURCE_DATE_EPOCH, so a reproducible build gives the same bytes).
    """
    from icalendar import Calendar
    from icalendar import Event as VEvent  # imported here: only the ics output needs it

    made = (stamp or build_stamp()).astimezone(dt.UTC)
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", title)
    for e in events:
        item = VEvent()
        item.add("uid", e.uid)
        item.add("dtstamp", made)
        item.add("dtstart", e.start)
        item.add("dtend", e.end + dt.timedelta(days=1))  # DTEND of a date is exclusive
        item.add("summary", e.title)
        item.add("description", e.description)
        item.add("categories", [e.kind])
        item.add("transp", "TRANSPARENT")  # a marker in the calendar, not a busy block
        cal.add_component(item)
    ics: bytes = cal.to_ical()
    return ics
