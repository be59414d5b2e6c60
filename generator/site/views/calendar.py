"""View models for the review calendar: each cadence event's state, held or missed."""

from __future__ import annotations

import datetime as dt

from markupsafe import Markup

from ...okrs.cadence import CadenceEvent
from ...okrs.held import Reviews


def calendar_marks(
    events: tuple[CadenceEvent, ...], held: Reviews, today: dt.date, root: str, linked: bool
) -> dict[str, Markup]:
    """The state column of the calendar: held (with a link), missed, or past/now/upcoming."""
    marks = {}
    for e in events:
        state = held.state(e, today)
        record = held.records.get(e.uid)
        if state == "held" and record is not None:
            link = f"[record]({root}reviews/{record.date}.md)" if linked else ""
            marks[e.uid] = Markup(f"**held**: {link}" if link else "**held**")
        elif state == "prepared" and record is not None:
            words = f"record prepared for {record.date}"
            link = f"[{words}]({root}reviews/{record.date}.md)" if linked else words
            marks[e.uid] = Markup(f"{e.state(today)}; {link}")
        elif state == "missed":
            marks[e.uid] = Markup("**missed**: no record in reviews/")
        else:
            marks[e.uid] = Markup(e.state(today))
    return marks
