"""The settings of roadmap.yaml, the teams and people of people.yaml, and the `Roadmap`
aggregate that holds every entity of a data directory."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property

from .calendar import Event, Horizon, Quarter
from .current_state import CurrentState, Friction
from .initiative import Initiative
from .kpi import KPI
from .okr import KeyResult, Objective
from .origin import Origin
from .review import ReviewRecord
from .scenario import Scenario


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
    capacity_overrides: tuple[tuple[Quarter, float], ...] = ()  # only from a scenario

    def limit(self, q: Quarter) -> float | None:
        """Their points in quarter `q`, or None when they have no limit."""
        return dict(self.capacity_overrides).get(q, self.capacity)


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
    scenarios: tuple[Scenario, ...] = ()  # by id; the main plan never reads them

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
    def scenario_by_id(self) -> dict[str, Scenario]:
        return {s.id: s for s in self.scenarios}

    @cached_property
    def kpi_by_id(self) -> dict[str, KPI]:
        return {k.id: k for k in self.kpis}

    @cached_property
    def friction_by_id(self) -> dict[str, Friction]:
        state = self.current_state
        return {f.id: f for f in state.friction} if state else {}

    def capacity(self, q: Quarter) -> float:
        """The function pool's points in a quarter: the base capacity times the factor in
        `q` of every event that is not limited to particular teams."""
        value = self.settings.base_capacity(q)
        for event in self.events:
            if not event.teams:
                value *= event.factor(q)
        return value

    def blocked_tags(self, q: Quarter) -> frozenset[str]:
        """The tags no work may carry into `q`: blocks of events that cover all of it."""
        return frozenset(t for e in self.events if e.blocks_whole(q) for t in e.blocks)

    def launch_blocked_tags(self, q: Quarter) -> frozenset[str]:
        """The tags work may not end (launch) with in `q`: blocks that touch any of it."""
        return frozenset(t for e in self.events if e.share(q) > 0 for t in e.blocks)

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
