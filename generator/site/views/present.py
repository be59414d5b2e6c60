"""The slides of present mode (`present/` in every edition) and of the review pack PDF
(`roadmap export pack`): the same deck, for the two meetings the roadmap serves.

The monthly team session walks the timeline, now / next / later, the progress of
started work, KPI health and what we need from other functions; leadership's monthly
planning session also sees the last review's decisions and the risks and decisions
due. Each edition's deck is made from that edition's (projected) views, so a slide
holds nothing its edition's pages do not.

A slide is one of three shapes (columns of cards, a table, a list), so that one
template lays out every slide. Long content continues on a next slide ("2 of 2")
rather than shrinking the text: a slide is read from the back of a room.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ...words import INITIATIVE_STATUS, NOT_DOING, PROGRESS, plural
from .initiatives import ProgressView
from .kpis import KPIsView
from .reviews import ReviewView
from .roadmap import ItemView, SiteView

CARDS_PER_COLUMN = 5  # cards in one column of a slide before it continues
CARDS_WITH_TEXT = 4  # the same for cards that carry a summary
ROWS_PER_SLIDE = 6  # table rows, or list items, on one slide before it continues


@dataclass(frozen=True)
class Card:
    title: str
    text: str = ""  # one line under the title (a summary, a team)
    tag: str = ""  # a short state word ("In progress")


@dataclass(frozen=True)
class Column:
    title: str
    cards: tuple[Card, ...]
    note: str = ""  # said instead of cards when there are none


@dataclass(frozen=True)
class Slide:
    id: str  # the slide's anchor: "timeline", "timeline-2"
    heading: str
    lead: str = ""  # one sentence under the heading
    columns: tuple[Column, ...] = ()
    header: tuple[str, ...] = ()  # a table's column names
    rows: tuple[tuple[str, ...], ...] = ()
    items: tuple[str, ...] = ()


@dataclass(frozen=True)
class DeckView:
    title: str
    subtitle: str  # the edition and the day
    slides: tuple[Slide, ...]

    @property
    def headings(self) -> tuple[str, ...]:
        return tuple(s.heading for s in self.slides)


def _card(item: ItemView, text: str = "") -> Card:
    return Card(item.initiative.title, text, INITIATIVE_STATUS.get(item.initiative.status, ""))


def _continued(slides: list[Slide]) -> list[Slide]:
    """Number the slides of one kind that continue each other: "Timeline (1 of 2)"."""
    if len(slides) < 2:
        return slides
    n = len(slides)
    return [
        Slide(
            s.id if k == 0 else f"{s.id}-{k + 1}",
            f"{s.heading} ({k + 1} of {n})",
            s.lead,
            s.columns,
            s.header,
            s.rows,
            s.items,
        )
        for k, s in enumerate(slides)
    ]


def _column_slides(
    id: str,
    heading: str,
    lead: str,
    columns: Sequence[tuple[str, Sequence[Card], str]],
    per: int = CARDS_PER_COLUMN,
) -> list[Slide]:
    pages = max([1, *(-(-len(cards) // per) for _, cards, _ in columns)])
    out = []
    for k in range(pages):
        part = tuple(
            Column(
                title,
                tuple(cards[k * per : (k + 1) * per]),
                note if k == 0 else "",
            )
            for title, cards, note in columns
        )
        out.append(Slide(id, heading, lead if k == 0 else "", columns=part))
    return _continued(out)


def _table_slides(
    id: str, heading: str, lead: str, header: tuple[str, ...], rows: Sequence[tuple[str, ...]]
) -> list[Slide]:
    if not rows:
        return [Slide(id, heading, lead)]
    chunks = [rows[k : k + ROWS_PER_SLIDE] for k in range(0, len(rows), ROWS_PER_SLIDE)]
    return _continued(
        [
            Slide(id, heading, lead if k == 0 else "", header=header, rows=tuple(c))
            for k, c in enumerate(chunks)
        ]
    )


def _list_slides(id: str, heading: str, lead: str, items: Sequence[str]) -> list[Slide]:
    if not items:
        return [Slide(id, heading, lead)]
    chunks = [items[k : k + ROWS_PER_SLIDE] for k in range(0, len(items), ROWS_PER_SLIDE)]
    return _continued(
        [Slide(id, heading, lead if k == 0 else "", items=tuple(c)) for k, c in enumerate(chunks)]
    )


def deck_view(
    view: SiteView,
    *,
    edition: str,
    progress: ProgressView,
    kpis: KPIsView,
    reviews: Sequence[ReviewView],
) -> DeckView:
    """The slides of one edition; `view` and the other views are already its own."""
    slides: list[Slide] = []
    edition_words = {
        "team": "Team edition",
        "leadership": "Leadership edition",
        "organisation": "Organisation edition",
    }[edition]
    slides.append(
        Slide(
            "title",
            view.title,
            f"{edition_words}, as of {view.today.isoformat()}. {view.horizon[0]} to "
            f"{view.horizon[-1]}; now is {view.now}.",
            items=tuple(line for line in (view.vision.strip().split("\n")[0],) if line),
        )
    )
    slides += _column_slides(
        "timeline",
        "The timeline",
        f"What is planned, quarter by quarter, from {view.horizon[0]} to {view.horizon[-1]}.",
        [
            (
                q.label,
                [
                    _card(i, i.team or "")
                    for i in q.items
                    if i.placement and i.placement.start == q.quarter
                ],
                "Nothing starts this quarter." + (f" {'; '.join(q.events)}." if q.events else ""),
            )
            for q in view.quarters
        ],
    )
    now = [
        i
        for i in view.scheduled
        if i.placement and i.placement.start <= view.now <= i.placement.end
    ]
    next_q = view.now + 1
    soon = [i for i in view.scheduled if i.placement and i.placement.start == next_q]
    later = [i for i in view.scheduled if i.placement and i.placement.start > next_q]
    slides += _column_slides(
        "now-next-later",
        "Now, next, later",
        f"Now is {view.now}; next is {next_q}.",
        [
            ("Now", [_card(i, i.initiative.summary) for i in now], "Nothing under way."),
            (
                "Next",
                [_card(i, i.initiative.summary) for i in soon],
                "Nothing starts next quarter.",
            ),
            ("Later", [_card(i, i.when) for i in later], "Nothing later in the horizon."),
        ],
        per=CARDS_WITH_TEXT,
    )
    if progress.shown:
        rows = [
            (
                s.item.initiative.title,
                " · ".join(
                    [PROGRESS[s.latest.status] if s.latest else "No check-in yet"]
                    + [r.kind.capitalize() for r in s.risks]
                ),
                s.percent,
                s.latest.note if s.latest else "",
            )
            for s in progress.started
        ]
        slides += _table_slides(
            "progress",
            "Progress on started work",
            f"{plural(len(rows), 'initiative')} in progress; those that need attention first.",
            ("Initiative", "Status", "Done", "Latest note"),
            rows,
        )
    slides += _table_slides(
        "kpis",
        "KPI health",
        kpis.breach_words.rstrip(":") + "." if kpis.all else "No KPIs are tracked yet.",
        ("KPI", "Now", "Must be", "Health"),
        [
            (k.status.kpi.name, k.current, k.floor_words, "Breached" if k.breached else "Healthy")
            for k in kpis.all
        ],
    )
    if edition == "leadership":
        held = [r for r in reviews if r.held]
        last = held[0] if held else None
        if last is None:
            slides.append(
                Slide("last-review", "What the last review decided", "No review held yet.")
            )
        else:
            titles = {i.id: i.initiative.title for i in view.items}
            decisions = [
                f"{titles.get(d.initiative, d.initiative)}: {d.text}" if d.initiative else d.text
                for d in last.record.decisions
            ]
            slides += _list_slides(
                "last-review",
                "What the last review decided",
                f"{last.title}: {plural(len(decisions), 'decision')}.",
                decisions or ["No decisions recorded."],
            )
    needs = [
        (function, n.what, n.by, n.initiative.initiative.title)
        for function, group in view.needs
        for n in group
    ]
    slides += _table_slides(
        "needs",
        "What we need from other functions",
        f"{plural(len(needs), 'ask')} of other functions, by function."
        if needs
        else "Nothing: none of the work needs another function.",
        ("From", "What", "By", "For"),
        needs,
    )
    if edition == "leadership":
        titles = {i.id: i.initiative.title for i in view.items}
        risks = [(titles.get(r.id, r.id), r.kind.replace("-", " "), r.message) for r in view.risks]
        slides += _table_slides(
            "risks",
            "Risks and decisions due",
            f"{plural(len(risks), 'risk')} the plan knowingly carries."
            if risks
            else "The plan breaks no rule.",
            ("About", "Kind", "What"),
            risks,
        )
        waiting = [
            f"{i.initiative.title}: {NOT_DOING.get(i.omission.kind, '').lower()}"
            for i in view.not_doing
            if i.omission and i.omission.kind in ("no-capacity", "blocked")
        ]
        if waiting:
            slides += _list_slides(
                "left-out",
                "Left out for capacity or a block",
                "To decide: give them room, or say no openly.",
                waiting,
            )
    return DeckView(
        _line(view.title),
        f"{edition_words}, {view.today.isoformat()}",
        tuple(_one_line(s) for s in slides),
    )


MAX_CHARS = 160  # of one text on a slide; the pages hold the whole text


def _line(text: str) -> str:
    """Text on a slide is one line (a line break from the data is a space), and short:
    a longer text ends in an ellipsis, so that every slide fits its screen and page."""
    line = " ".join(text.split())
    return line if len(line) <= MAX_CHARS else line[: MAX_CHARS - 1].rstrip() + "…"


def _one_line(s: Slide) -> Slide:
    return Slide(
        s.id,
        _line(s.heading),
        _line(s.lead),
        tuple(
            Column(
                _line(c.title),
                tuple(Card(_line(x.title), _line(x.text), x.tag) for x in c.cards),
                _line(c.note),
            )
            for c in s.columns
        ),
        s.header,
        tuple(tuple(_line(cell) for cell in row) for row in s.rows),
        tuple(_line(i) for i in s.items),
    )
