"""View models for "Where we start": the friction points of the current operation and
the work that addresses each."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from markupsafe import Markup

from ...data.model import Friction, Roadmap
from ...words import plural
from .kpis import KPIView
from .roadmap import ItemView, SiteView

ACTIVE = ("proposed", "planned", "in-progress")


@dataclass(frozen=True)
class FrictionView:
    friction: Friction
    work: tuple[ItemView, ...]  # initiatives in the plan (scheduled or done) that address it
    waiting: tuple[ItemView, ...]  # left out of the plan (leadership editions only)
    kpi: KPIView | None

    @property
    def anchor(self) -> Markup:
        """The heading's id, for links to `where-we-start/#<id>` (the id is a slug)."""
        return Markup(f"{{#{self.friction.id}}}")


@dataclass(frozen=True)
class CurrentStateView:
    exists: bool  # whether the data has a current-state.yaml
    summary: str
    as_of: dt.date | None
    friction: tuple[FrictionView, ...]
    addressing_nothing: tuple[ItemView, ...]  # active work that addresses no friction
    by_id: dict[str, FrictionView]

    @property
    def unaddressed(self) -> tuple[FrictionView, ...]:
        return tuple(f for f in self.friction if not f.work)

    @property
    def addressed_count(self) -> int:
        return len(self.friction) - len(self.unaddressed)

    @property
    def addressed_words(self) -> str:
        """ "3 of 4 friction points" (found in the current operation)"""
        return f"{self.addressed_count} of {plural(len(self.friction), 'friction point')}"


def current_state_view(
    model: Roadmap, view: SiteView, kpi_by_id: dict[str, KPIView]
) -> CurrentStateView:
    """The friction points, each with the work in `view` (an edition's) against it."""
    by_id = {i.id: i for i in view.items}  # a public edition holds no left-out work
    in_plan = {i.id for i in view.scheduled} | {i.id for i in view.done}

    def _planned(initiative_id: str) -> bool:
        return initiative_id in in_plan

    def _left_out(initiative_id: str) -> bool:
        return initiative_id in by_id and initiative_id not in in_plan

    state = model.current_state
    friction = tuple(
        FrictionView(
            f,
            tuple(by_id[i.id] for i in model.initiatives if f.id in i.addresses and _planned(i.id)),
            tuple(
                by_id[i.id] for i in model.initiatives if f.id in i.addresses and _left_out(i.id)
            ),
            kpi_by_id.get(f.kpi) if f.kpi else None,
        )
        for f in (state.friction if state else ())
    )
    return CurrentStateView(
        exists=state is not None,
        summary=state.summary if state else "",
        as_of=state.as_of if state else None,
        friction=friction,
        addressing_nothing=tuple(
            by_id[i.id]
            for i in model.initiatives
            if state is not None
            and state.friction
            and not i.addresses
            and _planned(i.id)
            and i.status in ACTIVE
        ),
        by_id={f.friction.id: f for f in friction},
    )
