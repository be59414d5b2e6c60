"""The review cadence: OKR setting, mid-quarter review and closing per quarter, plus the
roadmap reviews, as dated events and as a subscribable iCalendar file.

Cadence (SPEC.md, binding): a quarter's OKR-setting window is the last 14 days of the
preceding quarter; its mid-quarter review is the Monday five weeks after the quarter's
first Monday (the first Monday on or after its first day), i.e. the Monday of week 6;
its closing is its last day. Roadmap reviews start at `review.next` and repeat every
`review.every_months` months inside the horizon.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from typing import Literal

from ..data.model import Quarter, Roadmap

EventKind = Literal["okr-setting", "mid-quarter-review", "okr-closing", "roadmap-review"]
# Same-day events sort in the order a quarter runs through them.
_KIND_ORDER: dict[EventKind, int] = {
    "okr-closing": 0,
    "roadmap-review": 1,
    "okr-setting": 2,
    "mid-quarter-review": 3,
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
    """Review dates from `review.next`, every `every_months` months, inside the horizon."""
    review = model.settings.review
    if review is None or review.next is None:
        return ()
    horizon = model.settings.horizon
    first, last = horizon.start.first_day, horizon.end.last_day
    out = []
    n = 0
    # Counted from the anchor each time, so a review on the 31st stays on month ends.
    while (day := add_months(review.next, n * review.every_months)) <= last:
        if day >= first:
            out.append(day)
        n += 1
    return tuple(out)


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "roadmap"


def cadence_events(model: Roadmap) -> tuple[CadenceEvent, ...]:
    """Every cadence event of the horizon, in date order."""
    settings = model.settings
    domain = f"{_slug(settings.title)}.cs-roadmap"
    events = []
    for q in settings.horizon.quarters:
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
    for day in roadmap_reviews(model):
        events.append(
            CadenceEvent(
                "roadmap-review",
                day,
                day,
                "Roadmap review",
                f"Review the roadmap (every {every} months): what changed, what moves, what drops.",
                f"roadmap-review-{day.isoformat()}@{domain}",
                Quarter.of(day),
            )
        )
    return tuple(sorted(events, key=lambda e: (e.start, _KIND_ORDER[e.kind], e.uid)))


def to_ics(events: tuple[CadenceEvent, ...] | list[CadenceEvent], title: str) -> bytes:
    """An iCalendar file of all-day events, the same bytes for the same events.

    DTSTAMP is required on every event; taking it from the data (midnight UTC on the
    first event's day) instead of the clock keeps the output reproducible.
    """
    from icalendar import Calendar, Event  # imported here: only the ics output needs it

    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", title)
    first = min((e.start for e in events), default=dt.date(2000, 1, 1))
    stamp = dt.datetime(first.year, first.month, first.day, tzinfo=dt.UTC)
    for e in events:
        item = Event()
        item.add("uid", e.uid)
        item.add("dtstamp", stamp)
        item.add("dtstart", e.start)
        item.add("dtend", e.end + dt.timedelta(days=1))  # DTEND of a date is exclusive
        item.add("summary", e.title)
        item.add("description", e.description)
        item.add("categories", [e.kind])
        item.add("transp", "TRANSPARENT")  # a marker in the calendar, not a busy block
        cal.add_component(item)
    ics: bytes = cal.to_ical()
    return ics
