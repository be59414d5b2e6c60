"""Edits to the data the planner reads, whether or not they moved the plan.

Raising an initiative's impact from 3 to 5 may leave every quarter as it was; the diff
still says so, because the edit changes how the initiative competes next time. Only the
fields that feed the plan are compared: a reworded description is not a plan change.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..data.model import Initiative, Roadmap
from ..words import number


@dataclass(frozen=True)
class FieldEdit:
    field: str  # as people say it: "impact", "depends on", "pinned to"
    before: str
    after: str


@dataclass(frozen=True)
class InitiativeEdit:
    id: str
    title: str
    fields: tuple[FieldEdit, ...]


def _listed(items: tuple[str, ...]) -> str:
    return ", ".join(items) if items else "none"


def _dependencies(i: Initiative) -> str:
    return _listed(
        tuple(
            d.id + (f" (+{d.lag} quarter{'s' * (d.lag > 1)})" if d.lag else "")
            for d in i.depends_on
        )
    )


# Every field the planner reads, apart from `status` (reported on its own).
PLANNING_FIELDS: tuple[tuple[str, Callable[[Initiative], str]], ...] = (
    ("impact", lambda i: str(i.impact)),
    ("effort", lambda i: number(i.effort)),
    ("duration", lambda i: f"{i.duration} quarter{'s' * (i.duration > 1)}"),
    ("depends on", _dependencies),
    ("requires", lambda i: _listed(i.requires)),
    ("deadline", lambda i: str(i.urgency.deadline) if i.urgency else "none"),
    ("pinned to", lambda i: str(i.pin) if i.pin else "no quarter"),
    ("team", lambda i: i.team or "none"),
)


def initiative_edits(base: Roadmap, head: Roadmap) -> tuple[InitiativeEdit, ...]:
    """Initiatives in both versions whose planning fields changed, by id."""
    old = base.initiative_by_id
    out = []
    for new in sorted(head.initiatives, key=lambda i: i.id):
        before = old.get(new.id)
        if before is None:
            continue
        fields = tuple(
            FieldEdit(name, show(before), show(new))
            for name, show in PLANNING_FIELDS
            if show(before) != show(new)
        )
        if fields:
            out.append(InitiativeEdit(new.id, new.title, fields))
    return tuple(out)
