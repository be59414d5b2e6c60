"""Checks of calendar.yaml's events: their days make sense and fall near the horizon.

An event is a whole quarter (`quarter:`, perhaps with the `date:` it falls on) or the
days from `from:` to `to:` (the schema makes those two come together). Mixing the two
is an error where the meaning is lost: a `date:` beside `from:`/`to:`, a `quarter:` the
days do not touch, a `date:` outside its `quarter:`. A span longer than a year, or days
more than a year from the horizon, are most likely a wrong year. An event the horizon
does not reach is a warning: it has no effect on the plan.
"""

from __future__ import annotations

import datetime as dt

from ...errors import Diagnostic
from ..model import Event, Horizon, Quarter, Roadmap

LONGEST = 366  # days: an event longer than a year is a typo in a year
FAR = dt.timedelta(days=366)  # from the horizon: a typo in a year


def check_calendar(m: Roadmap) -> list[Diagnostic]:
    h = m.settings.horizon
    out: list[Diagnostic] = []
    for e in m.events:
        problems = _days(e)
        out += problems or _near(e, h)
    return out


def _days(e: Event) -> list[Diagnostic]:
    if e.span is None:
        if e.date is not None and Quarter.of(e.date) != e.quarter:
            return [
                e.origin.diagnostic(
                    f"date: {e.date} is not in quarter {e.quarter} ({e.quarter.first_day} to "
                    f"{e.quarter.last_day}); fix the date or the quarter",
                    "date",
                )
            ]
        return []
    first, last = e.span
    if e.date is not None:
        return [
            e.origin.diagnostic(
                "date: an event falls on one date or runs from: to:, not both; keep from: "
                f"and to: for the days it lasts, or date: {e.date} for a single day",
                "date",
                key=True,
            )
        ]
    if last < first:
        return [
            e.origin.diagnostic(
                f"to: {last} is before from: {first}; expected a day on or after it",
                "to",
            )
        ]
    if (last - first).days + 1 > LONGEST:
        return [
            e.origin.diagnostic(
                f"to: from {first} to {last} is {(last - first).days + 1} days; an event lasts "
                f"at most a year ({LONGEST} days): check the years",
                "to",
            )
        ]
    if e.quarter not in e.quarters:
        touched = ", ".join(str(q) for q in e.quarters)
        return [
            e.origin.diagnostic(
                f"quarter: {e.quarter} is not a quarter that {first} to {last} touches "
                f"({touched}); leave quarter: out, from: and to: say where it falls",
                "quarter",
            )
        ]
    return []


def _near(e: Event, h: Horizon) -> list[Diagnostic]:
    start, end = h.start.first_day, h.end.last_day
    key = "from" if e.span else ("date" if e.date else "quarter")
    where = f"the horizon {h.start}..{h.end} ({start} to {end})"
    if e.first_day > end + FAR or e.last_day < start - FAR:
        side = "after" if e.first_day > end else "before"
        return [
            e.origin.diagnostic(
                f"{key}: {_written(e, key)} is more than a year {side} {where}: check the year",
                key,
            )
        ]
    if not any(q in h for q in e.quarters):
        return [
            e.origin.diagnostic(
                f"{key}: {_written(e, key)} is outside {where}; the event has no effect on "
                "the plan",
                key,
                severity="warning",
            )
        ]
    return []


def _written(e: Event, key: str) -> str:
    if key == "from" and e.span:
        return str(e.span[0])
    return str(e.date) if key == "date" else str(e.quarter)
