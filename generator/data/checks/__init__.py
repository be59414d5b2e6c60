"""Cross-file checks and lints, run on the model once every file has passed its schema.

`check_model` is the one entry: the checks (ids are unique, references resolve, there
are no cycles, pins, deadlines, statuses and records are consistent) and then, only when
none of them found an error, the OKR lints. One module per aggregate or concern; every
did-you-mean comes from `suggest`.
"""

from __future__ import annotations

import datetime as dt

from ...errors import Diagnostic
from ..model import Roadmap
from .calendar import check_calendar
from .current_state import check_current_state
from .initiatives import check_initiatives, lint_progress_dates
from .okrs import check_okrs, lint_okrs, supporters
from .pools import check_pools
from .references import check_references
from .reviews import check_reviews
from .scenarios import check_scenarios
from .suggest import Hints

__all__ = ["check_model", "lint_okrs", "supporters"]


def check_model(
    model: Roadmap, today: dt.date | None = None, *, future_check_ins: bool = False
) -> list[Diagnostic]:
    """Every cross-file check, then the lints. With `today`, a lint about a period that
    has ended is a note (it can no longer be fixed, so it never fails --strict); with
    `future_check_ins` too (a day the user named), check-ins dated more than a week after
    it are warned about."""
    hint = Hints()
    out = check_references(model, hint)
    out += check_initiatives(model, hint)
    out += check_okrs(model, hint)
    out += check_reviews(model, hint)
    out += check_current_state(model, hint)
    out += check_pools(model, hint)
    out += check_calendar(model)
    if not any(d.severity == "error" for d in out):
        out += lint_okrs(model, today, future_check_ins=future_check_ins)
        if today is not None and future_check_ins:
            out += lint_progress_dates(model, today)
        out += check_scenarios(model, hint, check_model)
    return out
