"""Risks from following the plan: started work that is `late` or `stale`.

They depend on the day the plan is read, not only on the data, so they are added to a
plan after it is made (`with_progress_risks`), by every command that knows "today".

- `late`: an in-progress initiative whose planned end (the last day of the last
  quarter the plan gives it) has passed.
- `stale`: an in-progress initiative whose latest progress check-in is older than
  `progress.stale_after_weeks` (default 6); without any check-in, counted from the
  first day of the quarter the plan starts it in. A check-in dated after today does
  not count yet (most often it is a mistyped date, which must not hide a stale item).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from ..data.model import Initiative, Quarter, Roadmap
from .plan import Plan, Risk


def progress_risks(model: Roadmap, plan: Plan, today: dt.date) -> tuple[Risk, ...]:
    """The late and stale risks of the work in progress on `today`."""
    out = []
    limit = model.settings.stale_after_weeks
    for i in model.initiatives:
        if i.status != "in-progress":
            continue
        placement = plan.placement(i.id)
        if placement is not None and placement.end.last_day < today:
            now = Quarter.of(today)
            # Started work has no end of its own: it ends where its start and duration
            # put it. The duration that makes it end in the current quarter is the fix.
            needed = now - placement.start + 1
            out.append(
                Risk(
                    i.id,
                    "late",
                    f"planned to end in {placement.end} (by {placement.end.last_day}) but "
                    f"still in progress on {today}; mark it done, or set `duration: {needed}` "
                    f"so that it ends in {now}, and say why in a progress check-in "
                    f"(`roadmap checkin {i.id}`)",
                )
            )
        stale = _stale(i, placement.start.first_day if placement else None, today, limit)
        if stale:
            out.append(Risk(i.id, "stale", stale))
    return tuple(out)


def _stale(i: Initiative, started: dt.date | None, today: dt.date, limit: int) -> str | None:
    latest = next((c for c in reversed(i.progress) if c.date <= today), None)
    since = latest.date if latest else started
    if since is None or (today - since).days <= 7 * limit:
        return None
    weeks = (today - since).days // 7
    if latest is None:
        return (
            f"no progress check-in since it started on {since}, {weeks} weeks ago (the "
            f"limit is {limit}); a new check-in is due"
        )
    return (
        f"the latest progress check-in is from {since}, {weeks} weeks ago (the limit is "
        f"{limit}); a new check-in is due"
    )


def with_progress_risks(model: Roadmap, plan: Plan, today: dt.date) -> Plan:
    """`plan` with the late and stale risks of `today` among its risks, in the usual order."""
    extra = progress_risks(model, plan, today)
    if not extra:
        return plan
    risks = sorted((*plan.risks, *extra), key=lambda r: (r.id, r.kind, r.message))
    return replace(plan, risks=tuple(risks))
