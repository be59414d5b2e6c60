"""The risks of a finished plan: what it knowingly breaks or cannot promise.

- `over-capacity`: pinned and in-progress work alone needs more points than a pool has
  in a quarter (flexible work never overfills a pool); the risk's id is the quarter and
  its message names the pool, the points and the items.
- `dependency`: a pinned or in-progress item starts before a prerequisite allows, or
  depends on something that is not scheduled.
- `blocked`: a pinned or in-progress item sits in a quarter whose calendar event blocks
  one of its `requires` tags.
- `deadline`: an item ends after its deadline, or is left out as blocked, no-capacity or
  beyond-horizon while it has one (postponing or dropping it is a decision, not a risk).
- `need-late`: an item starts before the quarter by which another function is to deliver
  what it needs (`needs: [{by: ...}]`), or the `by` of such an ask has passed (on the
  plan's day) and the ask is neither delivered nor declined.
- `need-unconfirmed`: an item that has started, or starts in the quarter after the
  plan's day (or earlier), needs an ask that is still `requested`: nobody in the other
  function has agreed to it.
- `need-declined`: a scheduled item needs an ask the other function declined.
- `after-key-result`: an item starts in a quarter that begins after the period of a key
  result it `supports:` (work starting in 2027-Q1 cannot move a 2026-Q4 number); the risk
  says what to do: end the work within the period, or move the key result to the period
  the work can affect. `plan_findings` gives the same as positioned warnings for
  `roadmap validate` (notes once that period has ended), and a note for work that starts
  inside the period but ends after it (it moves the number only in part).

The rules for one ask are `ask_risks`, which the pages use too, so that an ask shows as
late or unconfirmed exactly when the plan says so.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from ..data.model import Initiative, Need, Quarter, Roadmap, period_days
from ..errors import Diagnostic
from ..words import number, points
from .context import Context, key_result_periods
from .placements import Placements
from .plan import OmissionKind, Plan, Risk, RiskKind
from .reasons import Omitted

NOT_PLACED: tuple[OmissionKind, ...] = ("blocked", "no-capacity", "beyond-horizon")


def find_risks(ctx: Context, pl: Placements, omitted: Omitted) -> list[Risk]:
    """Every risk of the finished plan, by id, kind and message."""
    out = _overloads(ctx, pl)
    for i in ctx.items:
        if i.id in ctx.fixed:
            out += _fixed_risks(ctx, pl, i, omitted)
        out += _deadline(ctx, pl, i, omitted)
        out += _needs(ctx, pl, i)
        out += _after_key_results(ctx, pl, i)
    out.sort(key=lambda r: (r.id, r.kind, r.message))
    return out


def _overloads(ctx: Context, pl: Placements) -> list[Risk]:
    out = []
    load = pl.load
    for pool, p in enumerate(ctx.pools.pools):
        for k in range(ctx.length):
            if load.used[pool][k] > ctx.capacity[pool][k] + 1e-9:
                loads = ", ".join(
                    f"{x} {number(ctx.load(ctx.by_id[x]))}" for x in sorted(load.occupants[pool][k])
                )
                where = "" if ctx.pools.single else f", {p.label}"
                out.append(
                    Risk(
                        str(ctx.q(k)),
                        "over-capacity",
                        f"{ctx.q(k)}{where}: pinned and in-progress work alone needs "
                        f"{points(load.used[pool][k])}, "
                        f"{number(ctx.capacity[pool][k])} available ({loads})",
                    )
                )
    return out


def _deadline(ctx: Context, pl: Placements, i: Initiative, omitted: Omitted) -> list[Risk]:
    if i.urgency is None:
        return []
    dl = i.urgency.deadline
    if i.id in pl.spans and ctx.q(pl.spans[i.id][1]) > dl:
        end = ctx.q(pl.spans[i.id][1])
        return [Risk(i.id, "deadline", f"ends {end}, after its deadline {dl} ({i.urgency.reason})")]
    if i.id in omitted and omitted[i.id][0] in NOT_PLACED:
        return [
            Risk(
                i.id,
                "deadline",
                f"misses its deadline {dl} ({i.urgency.reason}): not scheduled, {omitted[i.id][0]}",
            )
        ]
    return []


def ask_risks(
    n: Need, start: Quarter, started: bool, today: dt.date | None
) -> tuple[RiskKind, ...]:
    """The risks one ask raises for work that is scheduled to start in `start` (and has
    `started` already, or not); `today` is the plan's day (None: no day-bound risks)."""
    if n.status == "delivered":
        return ()
    if n.status == "declined":
        return ("need-declined",)
    out: list[RiskKind] = []
    if (n.by is not None and n.by > start) or (today is not None and n.late_on(today)):
        out.append("need-late")
    soon = today is not None and (started or start <= Quarter.of(today) + 1)
    if n.status == "requested" and soon:
        out.append("need-unconfirmed")
    return tuple(out)


def _needs(ctx: Context, pl: Placements, i: Initiative) -> list[Risk]:
    if i.id not in pl.spans:
        return []
    start = ctx.q(pl.spans[i.id][0])
    today = ctx.today
    out = []
    for n in i.needs:
        what = " ".join(n.what.split())
        for kind in ask_risks(n, start, i.status == "in-progress", today):
            if kind == "need-declined":
                message = f"{n.source} declined {what}, which {i.title} needs"
            elif kind == "need-unconfirmed":
                verb = "started" if i.status == "in-progress" else "starts"
                message = (
                    f"{verb} {start} but {n.source} has not agreed yet to {what} "
                    f"(the ask is still requested)"
                )
            elif today is not None and n.late_on(today):
                message = (
                    f"needs {what} from {n.source} by {n.by_text}, which has passed "
                    f"({today.isoformat()}); the ask is {n.status}, not delivered"
                )
            else:
                message = f"starts {start} but needs {what} from {n.source} only by {n.by_text}"
            out.append(Risk(i.id, kind, message))
    return out


def _after_key_results(ctx: Context, pl: Placements, i: Initiative) -> list[Risk]:
    if i.id not in pl.spans:
        return []
    s, e = pl.spans[i.id]
    return [
        Risk(i.id, "after-key-result", late.message)
        for late in after_key_results(i, ctx.q(s), ctx.q(e), ctx.key_results)
        if late.outside
    ]


@dataclass(frozen=True)
class LateForKeyResult:
    """Work planned to end after the period of a key result it supports."""

    index: int  # of the entry in `supports:`
    ref: str
    period: str  # the key result's
    start: Quarter  # the work's, as planned
    end: Quarter
    outside: bool  # all of the work is after the period (not only its end)
    message: str  # for `roadmap validate` and the plan: names the key result

    @property
    def by(self) -> Quarter:
        """The last quarter the work could end in to move the number in its period."""
        return Quarter.of(period_days(self.period)[1])


def after_key_results(
    i: Initiative, start: Quarter, end: Quarter, key_results: Mapping[str, tuple[str, str]]
) -> list[LateForKeyResult]:
    """Each key result whose period is over before the quarter `end` the work ends in;
    `key_results` maps a ref to (period, title)."""
    out = []
    for n, ref in enumerate(i.supports):
        if ref not in key_results or ref in i.supports[:n]:
            continue
        period, title = key_results[ref]
        last = period_days(period)[1]
        if end.first_day <= last:
            continue
        # Started work may have begun inside the period: only its end is known to be after.
        outside = start.first_day > last and i.status not in ("in-progress", "done")
        what = f"the key result '{title}'"  # the entry of `supports:` names its id
        if outside:
            message = (
                f"starts {start}, after {period}, the period of {what} it supports, so it "
                f"cannot move that number: plan it to end by {Quarter.of(last)}, or move the "
                f"key result to a period the work can affect ({end} or later)"
            )
        else:
            message = (
                f"ends {end}, after {period}, the period of {what} it supports: it can move "
                "that number only in part by the period's end; if the key result counts on "
                f"the finished work, move it to {end} or later"
            )
        out.append(LateForKeyResult(n, ref, period, start, end, outside, message))
    return out


def plan_findings(model: Roadmap, plan: Plan, today: dt.date) -> list[Diagnostic]:
    """The plan's findings a person fixes in the data, as diagnostics at the place to
    change (`roadmap validate`): work planned to start after the period of a key result
    it supports is a warning (a note once that period has ended: history stays); work
    that starts inside the period and ends after it is a note."""
    key_results = key_result_periods(model)
    by_id = {i.id: i for i in model.initiatives}
    out = []
    for p in plan.scheduled:
        i = by_id[p.id]
        for late in after_key_results(i, p.start, p.end, key_results):
            closed = period_days(late.period)[1] < today
            out.append(
                i.origin.diagnostic(
                    f"initiative '{i.id}' {late.message}",
                    "supports",
                    late.index,
                    severity="warning" if late.outside and not closed else "note",
                )
            )
    return out


def _fixed_risks(ctx: Context, pl: Placements, i: Initiative, omitted: Omitted) -> list[Risk]:
    s, end = pl.spans[i.id]
    what = f"pinned to {ctx.q(s)}" if ctx.fixed[i.id].pinned else "in progress"
    out = []
    e = pl.earliest[i.id]
    for dep, lag, allowed in e.allowed:
        if s < allowed:
            out.append(
                Risk(
                    i.id,
                    "dependency",
                    f"{what} but {dep} ends {ctx.q(allowed - 1 - lag)}"
                    f"{f' (lag {lag})' if lag else ''}: it should "
                    f"start in {ctx.q(allowed)} or later",
                )
            )
    for dep in e.missing:
        kind = omitted[dep][0] if dep in omitted else "not scheduled"
        out.append(
            Risk(
                i.id,
                "dependency",
                f"{what} but depends on {dep}, which is not scheduled ({kind})",
            )
        )
    for k in range(s, end + 1):
        blocked = ctx.blocked_in(i, k, ending=k == end)
        if blocked:
            out.append(Risk(i.id, "blocked", f"{what}, but {ctx.q(k)} blocks {', '.join(blocked)}"))
    return out
