"""View models for the review calendar: each cadence event's state, held or missed, and
the due dates of the asks to other functions."""

from __future__ import annotations

import datetime as dt
import re

from markupsafe import Markup

from ...okrs.cadence import CadenceEvent
from ...okrs.held import Reviews
from ...words import ASK_DUE_CONTACT, ASK_DUE_DESCRIPTION, ASK_DUE_TITLE
from .roadmap import SiteView


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


def ask_due_events(view: SiteView) -> tuple[CadenceEvent, ...]:
    """The day each open ask is due (a quarter's last day for a quarter), for the
    calendar file: one all-day event per ask, among the organisation's events."""
    domain = re.sub(r"[^a-z0-9]+", "-", view.function.lower()).strip("-") or "roadmap"
    out = []
    for n in view.open_asks:
        if n.due is None or n.need is None:
            continue
        contact = ASK_DUE_CONTACT.format(name=n.contact) if n.contact else ""
        out.append(
            CadenceEvent(
                "organisation-event",
                n.due,
                n.due,
                ASK_DUE_TITLE.format(function=n.function, what=" ".join(n.what.split())),
                ASK_DUE_DESCRIPTION.format(
                    work=n.initiative.initiative.title,
                    by=n.by,
                    status=n.status_words,
                    contact=contact,
                ),
                f"ask-{n.initiative.id}-{n.need.index}@{domain}.cs-roadmap",
            )
        )
    return tuple(out)
