"""A KPI (kpis.yaml) with its history of readings."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

from .origin import Origin


@dataclass(frozen=True)
class KPIReading:
    date: dt.date
    value: float
    note: str = ""


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
