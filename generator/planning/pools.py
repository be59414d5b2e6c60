"""Capacity pools: whose time an initiative's points come out of.

Initiative work is done by the same managers who run the daily operation, so capacity
is not one number for the whole function. There are three kinds of pool:

- the **function** pool, `capacity.default` and `capacity.overrides` in roadmap.yaml;
- a **team** pool, `capacity.teams.<team>`: an initiative whose `team` has a pool draws
  on that pool *instead of* the function pool;
- a **person** limit, `capacity:` of a person in people.yaml: an initiative draws on its
  owner's limit *as well as* on its team's or the function's pool.

A calendar event scales the pools of its quarter by its `capacity_factor`: every pool
when it names no `teams`, else only those teams' pools and the limits of their people.
An event of `from:` to `to:` scales each quarter it touches over the share of that
quarter's working days it covers (`Event.factor`): 0.5 over 2 of 13 weeks is 0.92.
Factors are multiplied in sorted order so that the order of events in the file cannot
change a plan by a rounding difference.

The current quarter: the days already gone are gone for work that has not started.
Only the share of days left (days left, counting today, over the days of the quarter)
of the room that pinned and in-progress work leave in that quarter is open to other
work. A quarter of the horizon that is already over (its start was not moved on) has no
room at all for work that has not started; done, pinned and in-progress work stay where
they are.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from typing import Literal

from ..data.model import Initiative, Quarter, Roadmap

PoolKind = Literal["function", "team", "person"]


@dataclass(frozen=True)
class Pool:
    kind: PoolKind
    name: str  # "" for the function, else the team or person id
    capacity: tuple[float, ...]  # points per horizon quarter, events applied
    title: str = ""  # the team's or the person's name, as people know them

    @property
    def key(self) -> str:
        """The pool's name in plan JSON: function, team:<id>, person:<id>."""
        return self.kind if self.kind == "function" else f"{self.kind}:{self.name}"

    @property
    def label(self) -> str:
        """The pool in a sentence: 'the function pool', 'the CS Operations pool', 'Maria
        Keller's own limit' (names, not ids: reasons are read by people)."""
        if self.kind == "function":
            return "the function pool"
        if self.kind == "team":
            return f"the {self.title or self.name} pool"
        return f"{self.title or self.name}'s own limit"


@dataclass(frozen=True)
class Pools:
    pools: tuple[Pool, ...]  # the function first, then teams, then people, each by id
    team_index: dict[str, int]
    person_index: dict[str, int]

    def of(self, item: Initiative) -> tuple[int, ...]:
        """The pools an initiative draws on: its team's or the function's, and its owner's."""
        first = self.team_index.get(item.team or "", 0)
        person = self.person_index.get(item.owner or "")
        return (first,) if person is None else (first, person)

    @property
    def single(self) -> bool:
        """Only the function pool: reasons need not name it."""
        return len(self.pools) == 1

    def team_level(self) -> tuple[int, ...]:
        """The pools that split the function between them (function and teams)."""
        return tuple(n for n, p in enumerate(self.pools) if p.kind != "person")


def _factor(model: Roadmap, q: Quarter, team: str | None) -> float:
    factors = sorted(
        e.factor(q)
        for e in model.events
        if e.share(q) > 0 and (not e.teams or (team is not None and team in e.teams))
    )
    return math.prod(factors)


def make_pools(model: Roadmap) -> Pools:
    s = model.settings
    quarters = s.horizon.quarters
    pools = [
        Pool("function", "", tuple(s.base_capacity(q) * _factor(model, q, None) for q in quarters))
    ]
    team_index: dict[str, int] = {}
    for t in sorted(s.team_capacity, key=lambda t: t.team):
        team_index[t.team] = len(pools)
        pools.append(
            Pool(
                "team",
                t.team,
                tuple(t.base(q) * _factor(model, q, t.team) for q in quarters),
                model.team_name(t.team) or t.team,
            )
        )
    person_index: dict[str, int] = {}
    for p in sorted(model.people, key=lambda p: p.id):
        if p.capacity is not None:
            person_index[p.id] = len(pools)
            pools.append(
                Pool(
                    "person",
                    p.id,
                    tuple((p.limit(q) or 0.0) * _factor(model, q, p.team) for q in quarters),
                    p.name or p.id,
                )
            )
    return Pools(tuple(pools), team_index, person_index)


def open_share(today: dt.date | None, quarter: Quarter) -> float:
    """The share of `quarter` still open to work not yet started on `today`.

    All of a quarter to come, none of one that is over, and of the current quarter the
    days left counting today over its days.
    """
    if today is None or quarter.first_day > today:
        return 1.0
    if quarter.last_day < today:
        return 0.0
    days = (quarter.last_day - quarter.first_day).days + 1
    return ((quarter.last_day - today).days + 1) / days
