"""Time: quarters, the planning horizon, periods, and the events of calendar.yaml."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import cached_property, total_ordering

from .origin import Origin

_QUARTER = re.compile(r"^([0-9]{4})-Q([1-4])$")


@total_ordering
@dataclass(frozen=True)
class Quarter:
    """A calendar quarter such as 2027-Q2; quarters add and subtract like integers."""

    year: int
    number: int

    @classmethod
    def parse(cls, text: str) -> Quarter:
        m = _QUARTER.match(text)
        if not m:
            raise ValueError(f"not a quarter: {text!r}")
        return cls(int(m.group(1)), int(m.group(2)))

    @classmethod
    def of(cls, day: dt.date) -> Quarter:
        return cls(day.year, (day.month - 1) // 3 + 1)

    @property
    def index(self) -> int:
        return self.year * 4 + self.number - 1

    def __add__(self, n: int) -> Quarter:
        i = self.index + n
        return Quarter(i // 4, i % 4 + 1)

    def __sub__(self, other: Quarter) -> int:
        return self.index - other.index

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, Quarter):
            return NotImplemented
        return self.index < other.index

    def __str__(self) -> str:
        return f"{self.year}-Q{self.number}"

    @property
    def first_day(self) -> dt.date:
        return dt.date(self.year, 3 * self.number - 2, 1)

    @property
    def last_day(self) -> dt.date:
        return (self + 1).first_day - dt.timedelta(days=1)


@dataclass(frozen=True)
class Horizon:
    start: Quarter
    length: int

    @cached_property
    def quarters(self) -> tuple[Quarter, ...]:
        return tuple(self.start + i for i in range(self.length))

    @property
    def end(self) -> Quarter:
        return self.start + (self.length - 1)

    def __contains__(self, q: object) -> bool:
        return isinstance(q, Quarter) and self.start <= q <= self.end


def period_days(period: str) -> tuple[dt.date, dt.date]:
    """The first and last day of a period: a quarter (2027-Q1) or a year (2027)."""
    if "-Q" in period:
        q = Quarter.parse(period)
        return q.first_day, q.last_day
    year = int(period)
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def period_key(period: str) -> tuple[int, int]:
    """Sorts periods by start; a year before the quarters that start with it."""
    first, last = period_days(period)
    return first.toordinal(), -last.toordinal()


def working_days(first: dt.date, last: dt.date) -> int:
    """Monday to Friday from `first` to `last`, both counted (0 when `last` is earlier)."""
    if last < first:
        return 0
    weeks, extra = divmod((last - first).days + 1, 7)
    return weeks * 5 + sum((first.weekday() + n) % 7 < 5 for n in range(extra))


def next_working_day(day: dt.date) -> dt.date:
    """`day`, or the Monday after it when it falls on a Saturday or a Sunday."""
    return day + dt.timedelta(days=max(0, 7 - day.weekday()) if day.weekday() >= 5 else 0)


@dataclass(frozen=True)
class Event:
    """An event of calendar.yaml.

    Its effect (capacity_factor, blocks) lasts either its whole `quarter` (written with
    `quarter:`, a `date:` only saying the day it falls on) or the days from `span[0]` to
    `span[1]` (written with `from:` and `to:`), which may touch several quarters. Of a
    quarter it touches in part it covers the share of that quarter's working days
    (Monday to Friday) between the two dates: the capacity factor applies to that share
    of the quarter, and a block keeps work that needs the tag from ending (launching)
    there, while whole quarters under a block stay closed to the work altogether.
    """

    id: str
    title: str
    quarter: Quarter  # the quarter it is listed in: as written, or the one `from` is in
    date: dt.date | None
    description: str
    capacity_factor: float
    blocks: tuple[str, ...]
    origin: Origin = field(compare=False, repr=False)
    teams: tuple[str, ...] = ()  # the team pools it scales; () scales every pool
    span: tuple[dt.date, dt.date] | None = None  # from and to, both days included

    @property
    def first_day(self) -> dt.date:
        """The first day it is shown on: `from`, its date, or its quarter's first day."""
        if self.span is not None:
            return self.span[0]
        return self.date or self.quarter.first_day

    @property
    def last_day(self) -> dt.date:
        if self.span is not None:
            return self.span[1]
        return self.date or self.quarter.last_day

    @property
    def quarters(self) -> tuple[Quarter, ...]:
        """The quarters its effect touches, in order."""
        if self.span is None:
            return (self.quarter,)
        first, last = Quarter.of(self.span[0]), Quarter.of(self.span[1])
        return tuple(first + n for n in range(last - first + 1))

    def share(self, q: Quarter) -> float:
        """The share of `q`'s working days its effect covers: 1 for its whole quarter."""
        if self.span is None:
            return 1.0 if q == self.quarter else 0.0
        first, last = max(self.span[0], q.first_day), min(self.span[1], q.last_day)
        return working_days(first, last) / working_days(q.first_day, q.last_day)

    def factor(self, q: Quarter) -> float:
        """What it multiplies `q`'s capacity by: its factor over the share it covers,
        1 over the rest (a freeze at 0.5 for 2 of 13 weeks leaves 92% of the quarter)."""
        share = self.share(q)
        return 1.0 if share == 0 else 1.0 - share * (1.0 - self.capacity_factor)

    def blocks_whole(self, q: Quarter) -> bool:
        """Its blocks close all of `q` (they keep only launches out of a part quarter)."""
        return self.share(q) == 1.0
