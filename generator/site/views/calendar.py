"""View models for the review calendar: each cadence event's day and state (held or
missed), the organisation's events with their days, teams and effect, and the due dates
of the asks to other functions."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, NamedTuple

from markupsafe import Markup

from ... import words
from ...data.model import Event, Quarter, Roadmap
from ...okrs.cadence import CadenceEvent, effect, event_title, teams_only
from ...okrs.held import Reviews
from ...words import ASK_DUE_CONTACT, ASK_DUE_DESCRIPTION, ASK_DUE_TITLE

if TYPE_CHECKING:  # the roadmap view lists the calendar's events: no import at run time
    from .roadmap import NeedView


class EventRow(NamedTuple):
    """An event of calendar.yaml on the calendar page."""

    when: str  # its days with their weekdays, or its quarter
    title: str  # with the teams it is for
    effect: str  # what it does to the plan


def calendar_when(events: tuple[CadenceEvent, ...]) -> dict[str, str]:
    """The When column: each event's day, or first and last day, with their weekdays."""
    return {e.uid: words.days(e.start, e.end) for e in events}


def event_when(e: Event) -> str:
    """'Mon 13 Dec 2027 to Fri 31 Dec 2027', 'Tue 6 Jul 2027 (2027-Q3)' or '2027-Q2, the
    whole quarter'."""
    if e.span is not None:
        return words.days(*e.span)
    return f"{words.day(e.date)} ({e.quarter})" if e.date else f"{e.quarter}, the whole quarter"


def event_label(e: Event, model: Roadmap) -> str:
    """An event where a quarter lists it: its title, with its days when they are not the
    whole quarter, and the teams it is for."""
    days = words.days(*e.span) if e.span else words.day(e.date) if e.date else ""
    extra = ", ".join(x for x in (days, teams_only(e, model)) if x)
    return f"{e.title} ({extra})" if extra else e.title


def quarter_events(model: Roadmap, q: Quarter) -> tuple[str, ...]:
    """The events that act on `q` (an event of some days in each quarter it touches)."""
    return tuple(event_label(e, model) for e in model.events if e.share(q) > 0)


def event_rows(model: Roadmap) -> tuple[EventRow, ...]:
    """Every event of calendar.yaml in the order of its first day."""
    return tuple(
        EventRow(event_when(e), event_title(e, model), effect(e, model) or "No effect on the plan.")
        for e in sorted(model.events, key=lambda e: (e.first_day, e.id))
    )


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


def ask_due_events(function: str, asks: Iterable[NeedView]) -> tuple[CadenceEvent, ...]:
    """The day each open ask of `function` (the view's `open_asks`) is due (a quarter's
    last day for a quarter), for the calendar file: one all-day event per ask, among the
    organisation's events."""
    domain = re.sub(r"[^a-z0-9]+", "-", function.lower()).strip("-") or "roadmap"
    out = []
    for n in asks:
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
