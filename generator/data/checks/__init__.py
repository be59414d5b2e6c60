"""Cross-file checks and lints, run on the model once every file has passed its schema.

`check_model` is the one entry: the checks (ids are unique, references resolve, there
are no cycles, pins, deadlines, statuses and records are consistent) and then, only when
none of them found an error, the OKR lints. One module per aggregate or concern; every
did-you-mean comes from `suggest`.
"""

from __future__ import annotations

from ...errors import Diagnostic
from ..model import Roadmap
from .current_state import check_current_state
from .initiatives import check_initiatives
from .okrs import check_okrs, lint_okrs, supporters
from .pools import check_pools
from .references import check_references
from .reviews import check_reviews
from .scenarios import check_scenarios
from .suggest import Hints

__all__ = ["check_model", "lint_okrs", "plural", "supporters"]


def check_model(model: Roadmap) -> list[Diagnostic]:
    hint = Hints()
    out = check_references(model, hint)
    out += check_initiatives(model, hint)
    out += check_okrs(model, hint)
    out += check_reviews(model, hint)
    out += check_current_state(model, hint)
    out += check_pools(model, hint)
    if not any(d.severity == "error" for d in out):
        out += lint_okrs(model)
        out += check_scenarios(model, hint, check_model)
    return out
