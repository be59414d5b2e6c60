"""An initiative (initiatives/<id>.yaml) with its dependencies, needs, urgency and progress."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

from .calendar import Quarter
from .origin import Origin

Status = Literal["proposed", "planned", "in-progress", "done", "postponed", "dropped"]
AskStatus = Literal["requested", "agreed", "delivered", "declined"]
ProgressStatus = Literal["on-track", "at-risk", "off-track"]


@dataclass(frozen=True)
class Dependency:
    id: str
    lag: int = 0


@dataclass(frozen=True)
class Urgency:
    deadline: Quarter
    reason: str


@dataclass(frozen=True)
class Need:
    """An ask to another function: what CS needs from it, by when, and where it stands."""

    source: str  # the `from` field: the function CS needs something from
    what: str
    by: Quarter | None  # the quarter it is due in (of `by_date` when written as a date)
    by_date: dt.date | None = None  # `by:` written as a date
    status: AskStatus = "requested"
    contact: str | None = None  # the person in CS who owns the ask
    counterpart: str | None = None  # who in the other function answers for it
    agreed_on: dt.date | None = None
    index: int = 0  # its place in `needs:`, for messages

    @property
    def due(self) -> dt.date | None:
        """The last day it is on time: the date, or the last day of the quarter."""
        if self.by_date is not None:
            return self.by_date
        return self.by.last_day if self.by is not None else None

    @property
    def by_text(self) -> str:
        """`by:` as written: 2027-05-31 or 2027-Q2; "" without one."""
        if self.by_date is not None:
            return self.by_date.isoformat()
        return str(self.by) if self.by is not None else ""

    def late_on(self, today: dt.date) -> bool:
        """Its date has passed and it is not delivered (declined is a risk of its own)."""
        due = self.due
        return due is not None and due < today and self.status in ("requested", "agreed")


@dataclass(frozen=True)
class ProgressCheckIn:
    """One progress check-in on an initiative: how the work stands on a day."""

    date: dt.date
    status: ProgressStatus
    note: str
    percent: float | None = None


@dataclass(frozen=True)
class Initiative:
    id: str
    title: str
    summary: str
    description: str
    owner: str | None
    team: str | None
    status: Status
    impact: int
    effort: float
    duration: int
    depends_on: tuple[Dependency, ...]
    requires: tuple[str, ...]
    urgency: Urgency | None
    pin: Quarter | None
    supports: tuple[str, ...]
    source: str | None
    needs: tuple[Need, ...]
    success_metrics: tuple[str, ...]
    reason: str | None
    internal: str | None
    origin: Origin = field(compare=False, repr=False)
    progress: tuple[ProgressCheckIn, ...] = ()  # by date; of one day, as written
    delivered: dt.date | None = None
    addresses: tuple[str, ...] = ()  # friction ids from current-state.yaml
    requested_by: str | None = None  # who asked for it (a request filed as an issue)
    request_url: str | None = None  # a link to that request
    revisit: Quarter | dt.date | None = None  # when to look at left-out work again
    revisit_when: str | None = None  # what would bring it back, in words

    @property
    def revisit_day(self) -> dt.date | None:
        """The day the revisit is due by: the date, or the last day of the quarter."""
        if isinstance(self.revisit, Quarter):
            return self.revisit.last_day
        return self.revisit

    @property
    def latest_progress(self) -> ProgressCheckIn | None:
        return self.progress[-1] if self.progress else None
