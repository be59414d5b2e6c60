"""The current operation (current-state.yaml) and its friction points."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from .origin import Origin


@dataclass(frozen=True)
class Friction:
    """A friction point of the current operation (current-state.yaml)."""

    id: str
    title: str
    evidence: str
    metric: str | None
    kpi: str | None
    origin: Origin = field(compare=False, repr=False)


@dataclass(frozen=True)
class CurrentState:
    summary: str
    as_of: dt.date | None
    friction: tuple[Friction, ...]
    origin: Origin = field(compare=False, repr=False)
