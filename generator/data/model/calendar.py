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


@dataclass(frozen=True)
class Event:
    id: str
    title: str
    quarter: Quarter
    date: dt.date | None
    description: str
    capacity_factor: float
    blocks: tuple[str, ...]
    origin: Origin = field(compare=False, repr=False)
    teams: tuple[str, ...] = ()  # the team pools it scales; () scales every pool
