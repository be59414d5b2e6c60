"""Which cadence reviews were held: each review record matched to its calendar event.

Matching rules (documented in docs/following.md):

- an `okr-close` record matches the OKR closing of the quarter it closes (a record that
  closes a year matches the closing of that year's fourth quarter);
- a `mid-quarter` or `roadmap` record matches the mid-quarter review or roadmap review
  of the cadence nearest to its day, when that is at most 31 days away;
- each event is matched by one record at most, the first by date; a record that
  matches nothing is a review held outside the cadence.

A past review event without a record was missed, once the roadmap keeps review records
at all: a roadmap without any record in reviews/ has nothing to be missing. A record
dated after today is prepared, not held: its event is not held until that day comes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from ..data.model import Quarter, ReviewKind, ReviewRecord
from .cadence import CadenceEvent, EventKind

REVIEW_EVENTS: dict[EventKind, ReviewKind] = {
    "roadmap-review": "roadmap",
    "mid-quarter-review": "mid-quarter",
    "okr-closing": "okr-close",
}
NEAR_DAYS = 31

Held = Literal["held", "prepared", "missed", "upcoming", "now"]


@dataclass(frozen=True)
class Reviews:
    """Review records against the cadence."""

    records: dict[str, ReviewRecord]  # event uid -> the record that shows it was held
    unscheduled: tuple[ReviewRecord, ...]  # records that match no cadence event
    kept: bool  # whether the roadmap keeps review records at all

    def state(self, event: CadenceEvent, today: dt.date) -> Held | None:
        """held / prepared / missed / upcoming / now for a review event; None for others."""
        if event.kind not in REVIEW_EVENTS:
            return None
        record = self.records.get(event.uid)
        if record is not None:
            return "held" if record.date <= today else "prepared"
        when = event.state(today)
        if when == "past":
            return "missed" if self.kept else None
        return when


def _closed_quarter(record: ReviewRecord) -> Quarter | None:
    if record.period is None:
        return None
    if "-Q" in record.period:
        return Quarter.parse(record.period)
    return Quarter(int(record.period), 4)


def match_reviews(events: Iterable[CadenceEvent], reviews: Iterable[ReviewRecord]) -> Reviews:
    """Match every review record to the cadence event it held (see the module docstring)."""
    by_kind: dict[ReviewKind, list[CadenceEvent]] = {}
    for e in events:
        if e.kind in REVIEW_EVENTS:
            by_kind.setdefault(REVIEW_EVENTS[e.kind], []).append(e)
    taken: dict[str, ReviewRecord] = {}
    unscheduled = []
    for r in sorted(reviews, key=lambda r: r.date):
        candidates = [e for e in by_kind.get(r.kind, []) if e.uid not in taken]
        if r.kind == "okr-close":
            closes = _closed_quarter(r)
            found = [e for e in candidates if e.quarter == closes]
        else:
            near = [e for e in candidates if abs((e.start - r.date).days) <= NEAR_DAYS]
            found = sorted(near, key=lambda e: (abs((e.start - r.date).days), e.start))
        if found:
            taken[found[0].uid] = r
        else:
            unscheduled.append(r)
    return Reviews(taken, tuple(unscheduled), kept=bool(taken or unscheduled))
