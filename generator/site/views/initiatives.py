"""View models for the progress of initiatives: work started, not started, delivered.

Started work is every in-progress initiative. Its status is that of its latest progress
check-in, shown in words and colour; the trend compares it with the check-in before.
Done work carries its delivery day: `delivered:`, else the latest check-in's day.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from markupsafe import Markup

from ...data.model import ProgressCheckIn, Quarter
from ...planning.plan import Risk
from ...words import PROGRESS, badge, plural, quantity, signed
from .roadmap import ItemView

_RANK: dict[str, int] = {"on-track": 0, "at-risk": 1, "off-track": 2}


@dataclass(frozen=True)
class Trend:
    symbol: str  # an arrow, for the eye; `words` says the same
    words: str

    @property
    def text(self) -> str:
        return f"{self.symbol} {self.words}"


def trend(check_ins: tuple[ProgressCheckIn, ...]) -> Trend:
    """How the latest check-in compares with the one before it."""
    if not check_ins:
        return Trend("·", "no check-in yet")
    if len(check_ins) == 1:
        return Trend("·", "first check-in")
    before, latest = check_ins[-2], check_ins[-1]
    was = f"{PROGRESS[before.status].lower()} on {before.date}"
    if _RANK[latest.status] < _RANK[before.status]:
        return Trend("↑", f"better: was {was}")
    if _RANK[latest.status] > _RANK[before.status]:
        return Trend("↓", f"worse: was {was}")
    if latest.percent is not None and before.percent is not None:
        moved = latest.percent - before.percent
        done = signed(moved)[0] + plural(abs(moved), "point")
        return Trend("→", f"steady: {done} done since {before.date}")
    return Trend("→", f"steady since {before.date}")


@dataclass(frozen=True)
class StartedView:
    """One in-progress initiative with its latest check-in."""

    item: ItemView
    latest: ProgressCheckIn | None
    badge: Markup
    trend: Trend
    flags: tuple[Markup, ...]  # late, stale
    risks: tuple[Risk, ...]  # the late and stale risks, with their messages
    history: tuple[ProgressCheckIn, ...]  # newest first

    @property
    def percent(self) -> str:
        if self.latest is None or self.latest.percent is None:
            return "–"
        return quantity(self.latest.percent, "%")


def started_view(item: ItemView, today: dt.date) -> StartedView:
    """Its status as of `today`: a check-in dated later does not count yet."""
    progress = tuple(c for c in item.initiative.progress if c.date <= today)
    latest = progress[-1] if progress else None
    risks = tuple(r for r in item.risks if r.kind in ("late", "stale"))
    return StartedView(
        item=item,
        latest=latest,
        badge=badge("progress", latest.status if latest else None),
        trend=trend(progress),
        flags=tuple(badge("progress", r.kind) for r in risks),
        risks=risks,
        history=tuple(reversed(item.initiative.progress)),
    )


def started(items: tuple[ItemView, ...], today: dt.date) -> tuple[StartedView, ...]:
    """Every in-progress initiative, the ones that need attention first.

    Off track before at risk before on track; late or stale work before the rest of its
    status; then by id.
    """
    views = [started_view(i, today) for i in items if i.initiative.status == "in-progress"]

    def urgency(v: StartedView) -> tuple[int, int, str]:
        rank = _RANK[v.latest.status] if v.latest else 1
        return (-rank, -len(v.risks), v.item.id)

    return tuple(sorted(views, key=urgency))


@dataclass(frozen=True)
class CheckInRow:
    """One progress check-in as a row of the initiative's page, newest first."""

    date: dt.date
    counted: bool  # False for a check-in dated after today: it does not set the status yet
    status: str  # "On track"
    done: str  # "40%", or "–"
    note: str


def check_in_rows(item: ItemView, today: dt.date) -> tuple[CheckInRow, ...]:
    return tuple(
        CheckInRow(
            date=c.date,
            counted=c.date <= today,
            status=PROGRESS[c.status],
            done=quantity(c.percent, "%") if c.percent is not None else "–",
            note=c.note,
        )
        for c in reversed(item.initiative.progress)
    )


@dataclass(frozen=True)
class UnstartedView:
    """Work the plan starts in a quarter that has ended, though it has not started."""

    item: ItemView
    due: Quarter  # the quarter the plan starts it in

    @property
    def text(self) -> str:
        """ "still planned; the plan starts it in 2027-Q1, which ended on 2027-03-31" """
        return (
            f"still {self.item.initiative.status}; the plan starts it in {self.due}, which "
            f"ended on {self.due.last_day}"
        )


def unstarted(items: tuple[ItemView, ...], today: dt.date) -> tuple[UnstartedView, ...]:
    """Proposed or planned work whose planned start quarter ended before `today`.

    In order of that quarter, then by id.
    """
    views = [
        UnstartedView(i, i.placement.start)
        for i in items
        if i.initiative.status in ("proposed", "planned")
        and i.placement is not None
        and i.placement.start.last_day < today
    ]
    return tuple(sorted(views, key=lambda v: (v.due, v.item.id)))


@dataclass(frozen=True)
class DeliveredView:
    item: ItemView
    day: dt.date | None

    @property
    def when(self) -> str:
        return self.day.isoformat() if self.day else "date not recorded"


def delivered_day(item: ItemView) -> dt.date | None:
    i = item.initiative
    if i.delivered is not None:
        return i.delivered
    return i.progress[-1].date if i.progress else None


def delivered(items: tuple[ItemView, ...]) -> tuple[DeliveredView, ...]:
    """Done work, most recently delivered first; work without a date last."""
    views = [DeliveredView(i, delivered_day(i)) for i in items if i.initiative.status == "done"]
    dated = sorted((v for v in views if v.day), key=lambda v: (v.day, v.item.id), reverse=True)
    return (*dated, *sorted((v for v in views if not v.day), key=lambda v: v.item.id))


def progress_as_of(check_ins: tuple[ProgressCheckIn, ...], day: dt.date) -> ProgressCheckIn | None:
    """The latest check-in on or before `day`."""
    found = None
    for c in check_ins:
        if c.date <= day:
            found = c
    return found


@dataclass(frozen=True)
class ProgressView:
    """The progress of every initiative an edition shows."""

    started: tuple[StartedView, ...]
    unstarted: tuple[UnstartedView, ...]  # its start quarter has ended, still not started
    delivered: tuple[DeliveredView, ...]
    shown: bool  # whether the edition shows progress check-ins (not to the organisation)
    started_by_id: dict[str, StartedView]
    delivered_by_id: dict[str, DeliveredView]

    @property
    def attention(self) -> tuple[StartedView, ...]:
        """Started work that is not on track, or is late or stale."""
        return tuple(
            s for s in self.started if s.risks or (s.latest and s.latest.status != "on-track")
        )


def progress_view(items: tuple[ItemView, ...], today: dt.date, *, shown: bool) -> ProgressView:
    work = started(items, today)
    done = delivered(items)
    return ProgressView(
        started=work,
        unstarted=unstarted(items, today),
        delivered=done,
        shown=shown,
        started_by_id={s.item.id: s for s in work},
        delivered_by_id={d.item.id: d for d in done},
    )
