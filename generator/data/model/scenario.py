"""A what-if (scenarios/<id>.yaml): changes to capacity, the calendar and initiatives
that `roadmap plan --scenario` and `roadmap compare` plan under. The main plan never
reads it; applying one is `planning/scenario.py`."""

from __future__ import annotations

from dataclasses import dataclass, field

from .calendar import Event, Quarter
from .initiative import Initiative, Status
from .origin import Origin

UNPIN = "unpin"  # `quarter: null` in an initiative change: the pin is removed


@dataclass(frozen=True)
class PoolChange:
    """New capacity of one pool: `default` for every quarter, `overrides` for some."""

    default: float | None = None
    overrides: tuple[tuple[Quarter, float], ...] = ()


@dataclass(frozen=True)
class InitiativeChange:
    id: str
    origin: Origin = field(compare=False, repr=False)
    status: Status | None = None
    owner: str | None = None
    team: str | None = None
    duration: int | None = None
    effort: float | None = None
    pin: Quarter | str | None = None  # a quarter, UNPIN, or None (unchanged)


@dataclass(frozen=True)
class Scenario:
    id: str
    title: str
    description: str
    origin: Origin = field(compare=False, repr=False)
    function: PoolChange = PoolChange()
    teams: tuple[tuple[str, PoolChange, Origin], ...] = ()  # by team id
    people: tuple[tuple[str, PoolChange, Origin], ...] = ()  # by person id
    events: tuple[Event, ...] = ()  # replace the event of the same id, else added
    changes: tuple[InitiativeChange, ...] = ()  # by id
    added: tuple[Initiative, ...] = ()  # new initiatives, by id
