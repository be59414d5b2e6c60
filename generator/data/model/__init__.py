"""The typed, immutable roadmap model, built once from schema-valid documents.

Nothing after this stage reads raw YAML dicts. Every entity keeps an `Origin` so that
later checks and lints can still point at `path:line:col`. One module per aggregate;
every public name is importable from here.
"""

from __future__ import annotations

from .calendar import (
    Event,
    Horizon,
    Quarter,
    next_working_day,
    period_days,
    period_key,
    working_days,
)
from .current_state import CurrentState, Friction
from .initiative import (
    Dependency,
    Initiative,
    Need,
    ProgressCheckIn,
    ProgressStatus,
    Status,
    Urgency,
)
from .kpi import KPI, KPIReading
from .okr import LEVELS, CheckIn, KeyResult, Level, Objective
from .origin import Origin
from .review import Decision, ObjectiveClose, ReviewKind, ReviewRecord, closed_quarter
from .roadmap import (
    DEFAULT_EDITION,
    Person,
    Review,
    Roadmap,
    Settings,
    Team,
    TeamCapacity,
    Thresholds,
)
from .scenario import UNPIN, InitiativeChange, PoolChange, Scenario

__all__ = [
    "DEFAULT_EDITION",
    "KPI",
    "LEVELS",
    "UNPIN",
    "CheckIn",
    "CurrentState",
    "Decision",
    "Dependency",
    "Event",
    "Friction",
    "Horizon",
    "Initiative",
    "InitiativeChange",
    "KPIReading",
    "KeyResult",
    "Level",
    "Need",
    "Objective",
    "ObjectiveClose",
    "Origin",
    "Person",
    "PoolChange",
    "ProgressCheckIn",
    "ProgressStatus",
    "Quarter",
    "Review",
    "ReviewKind",
    "ReviewRecord",
    "Roadmap",
    "Scenario",
    "Settings",
    "Status",
    "Team",
    "TeamCapacity",
    "Thresholds",
    "Urgency",
    "closed_quarter",
    "next_working_day",
    "period_days",
    "period_key",
    "working_days",
]
