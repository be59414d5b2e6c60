"""The typed, immutable roadmap model, built once from schema-valid documents.

Nothing after this stage reads raw YAML dicts. Every entity keeps an `Origin` so that
later checks and lints can still point at `path:line:col`.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import cached_property, total_ordering
from typing import Literal

from ..errors import Diagnostic
from .loader import Document, JsonPath
from .model_living import CurrentState, Friction, KPIReading, ProgressCheckIn, ReviewRecord

Status = Literal["proposed", "planned", "in-progress", "done", "postponed", "dropped"]
Level = Literal["function", "team", "individual"]
LEVELS: tuple[Level, ...] = ("function", "team", "individual")

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
class Origin:
    """Where an entity was written: its file and the JSON path of its mapping."""

    document: Document = field(compare=False, repr=False)
    base: JsonPath = ()

    @property
    def path(self) -> str:
        return self.document.display

    def diagnostic(
        self,
        message: str,
        *sub: str | int,
        key: bool = False,
        severity: Literal["error", "warning", "note"] = "error",
    ) -> Diagnostic:
        return self.document.diagnostic((*self.base, *sub), message, key=key, severity=severity)


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


@dataclass(frozen=True)
class Thresholds:
    impact: int = 3
    effort: float = 8.0


@dataclass(frozen=True)
class Review:
    every_months: int
    next: dt.date | None


@dataclass(frozen=True)
class TeamCapacity:
    """A team's own capacity pool (`capacity.teams.<team>` in roadmap.yaml)."""

    team: str
    default: float
    overrides: tuple[tuple[Quarter, float], ...] = ()

    def base(self, q: Quarter) -> float:
        return dict(self.overrides).get(q, self.default)


# The edition built when roadmap.yaml names none: no internal notes, no leadership page.
DEFAULT_EDITION = "team"


@dataclass(frozen=True)
class Settings:
    title: str
    function: str
    vision: str
    strategy: str
    horizon: Horizon
    capacity_default: float
    capacity_overrides: tuple[tuple[Quarter, float], ...]
    thresholds: Thresholds
    review: Review | None
    origin: Origin
    stale_after_weeks: int = 6
    publish_audience: str | None = None  # the edition `roadmap build` makes by default

    @property
    def published_edition(self) -> str:
        """The edition `roadmap build` makes with no --audience (and the workflow publishes)."""
        return self.publish_audience or DEFAULT_EDITION

    team_capacity: tuple[TeamCapacity, ...] = ()  # by team id

    def base_capacity(self, q: Quarter) -> float:
        return dict(self.capacity_overrides).get(q, self.capacity_default)


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
    source: str  # the `from` field: the function CS needs something from
    what: str
    by: Quarter | None


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

    @property
    def latest_progress(self) -> ProgressCheckIn | None:
        return self.progress[-1] if self.progress else None


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


@dataclass(frozen=True)
class Team:
    id: str
    name: str
    lead: str | None
    function: str | None
    origin: Origin = field(compare=False, repr=False)


@dataclass(frozen=True)
class Person:
    id: str
    name: str
    team: str | None
    role: str | None
    origin: Origin = field(compare=False, repr=False)
    capacity: float | None = None  # points a quarter for the initiatives they own


@dataclass(frozen=True)
class KPI:
    id: str
    name: str
    unit: str
    description: str
    direction: Literal["higher", "lower"]
    threshold: float
    current: float | None
    origin: Origin = field(compare=False, repr=False)
    history: tuple[KPIReading, ...] = ()  # by date

    def better(self, a: float, b: float) -> bool:
        """Whether value `a` is better than `b` for this KPI's direction."""
        return a > b if self.direction == "higher" else a < b


@dataclass(frozen=True)
class CheckIn:
    date: dt.date
    value: float
    note: str


@dataclass(frozen=True)
class KeyResult:
    objective: str
    id: str
    title: str
    unit: str
    description: str
    baseline: float | None
    target: float | None
    check_ins: tuple[CheckIn, ...]  # sorted by date
    kpi: str | None
    origin: Origin = field(compare=False, repr=False)

    @property
    def ref(self) -> str:
        return f"{self.objective}.{self.id}"


@dataclass(frozen=True)
class Objective:
    id: str
    title: str
    description: str
    level: Level
    period: str  # "2027-Q1" or "2027"
    owner: str | None
    team: str | None
    parent: str | None
    key_results: tuple[KeyResult, ...]
    origin: Origin = field(compare=False, repr=False)

    @property
    def annual(self) -> bool:
        return "-Q" not in self.period


@dataclass(frozen=True)
class Roadmap:
    settings: Settings
    initiatives: tuple[Initiative, ...]  # sorted by id
    objectives: tuple[Objective, ...]  # in file order
    kpis: tuple[KPI, ...]
    events: tuple[Event, ...]
    teams: tuple[Team, ...]
    people: tuple[Person, ...]
    has_people_file: bool
    reviews: tuple[ReviewRecord, ...] = ()  # by date
    current_state: CurrentState | None = None

    @cached_property
    def initiative_by_id(self) -> dict[str, Initiative]:
        return {i.id: i for i in self.initiatives}

    @cached_property
    def objective_by_id(self) -> dict[str, Objective]:
        return {o.id: o for o in self.objectives}

    @cached_property
    def key_result_by_ref(self) -> dict[str, KeyResult]:
        return {kr.ref: kr for o in self.objectives for kr in o.key_results}

    @cached_property
    def person_by_id(self) -> dict[str, Person]:
        return {p.id: p for p in self.people}

    @cached_property
    def team_by_id(self) -> dict[str, Team]:
        return {t.id: t for t in self.teams}

    @cached_property
    def kpi_by_id(self) -> dict[str, KPI]:
        return {k.id: k for k in self.kpis}

    @cached_property
    def friction_by_id(self) -> dict[str, Friction]:
        state = self.current_state
        return {f.id: f for f in state.friction} if state else {}

    def capacity(self, q: Quarter) -> float:
        """The function pool's points in a quarter: the base capacity times the factor of
        every event that is not limited to particular teams."""
        value = self.settings.base_capacity(q)
        for event in self.events:
            if event.quarter == q and not event.teams:
                value *= event.capacity_factor
        return value

    def blocked_tags(self, q: Quarter) -> frozenset[str]:
        return frozenset(t for e in self.events if e.quarter == q for t in e.blocks)

    def person_name(self, person_id: str | None) -> str | None:
        if person_id is None:
            return None
        person = self.person_by_id.get(person_id)
        return person.name if person else person_id

    def team_name(self, team_id: str | None) -> str | None:
        if team_id is None:
            return None
        team = self.team_by_id.get(team_id)
        return team.name if team else team_id


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
