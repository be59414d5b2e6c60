"""`roadmap propose`: a new request, evaluated against the current plan.

Roadmap discipline: a new initiative is only worth adding if it beats what it displaces.
This plans the roadmap twice, without and with the proposal, and reports the
difference: where the proposal lands (or why it does not), which initiatives move later
or fall out, which deadlines or dependencies break, and how the plan's objective
changes. No file is written.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from ..data.build import build_initiative
from ..data.checks import check_model
from ..data.loader import LoadError, load_file
from ..data.model import Roadmap
from ..data.schema import check_document
from ..errors import DataError
from ..textsafe import md_text
from ..words import INTAKE_HOW_TO_ADD, number, points
from .fit import fit_without_displacing
from .plan import Omission, Placement, Plan, Risk
from .planner import DEFAULT_TIME_LIMIT, make_plan
from .pools import make_pools


@dataclass(frozen=True)
class Change:
    """One initiative whose place in the plan differs once the proposal is in."""

    id: str
    before: str  # "2027-Q2..2027-Q3" or a not-doing kind
    after: str
    effect: str  # "later", "earlier", "dropped out", "now scheduled", "moved"
    reason: str  # the reason it has in the new plan


@dataclass(frozen=True)
class Short:
    """A pool the proposal draws on with less room in a quarter than it needs there."""

    pool: str  # in words: 'team cs-ops', 'the function pool'
    quarter: str
    free: float
    need: float


@dataclass(frozen=True)
class Proposal:
    id: str
    replaces: bool  # the file redefines an initiative the roadmap already has
    placement: Placement | None
    omission: Omission | None
    changes: tuple[Change, ...]
    new_risks: tuple[Risk, ...]
    resolved_risks: tuple[Risk, ...]
    objective_before: float
    objective_after: float
    # (pool, quarter, points free in the plan without it, points a quarter it needs):
    # each quarter of the horizon where a pool it draws on has less room than it needs
    short: tuple[Short, ...] = ()
    # When it would displace work or stay out: the least capacity that would let it in
    # with every other initiative keeping its place ("" when none was found or needed).
    to_fit: str = ""

    @property
    def gain(self) -> float:
        return self.objective_after - self.objective_before

    def to_json(self) -> dict[str, Any]:
        p, o = self.placement, self.omission
        return {
            "id": self.id,
            "replaces": self.replaces,
            "placement": {
                "start": str(p.start),
                "end": str(p.end),
                "score": round(p.score, 2),
                "quadrant": p.quadrant,
                "reason": p.reason,
            }
            if p
            else None,
            "not_doing": {
                "kind": o.kind,
                "score": round(o.score, 2),
                "quadrant": o.quadrant,
                "reason": o.reason,
            }
            if o
            else None,
            "changes": [
                {
                    "id": c.id,
                    "before": c.before,
                    "after": c.after,
                    "effect": c.effect,
                    "reason": c.reason,
                }
                for c in self.changes
            ],
            "new_risks": [
                {"id": r.id, "kind": r.kind, "message": r.message} for r in self.new_risks
            ],
            "resolved_risks": [
                {"id": r.id, "kind": r.kind, "message": r.message} for r in self.resolved_risks
            ],
            "objective": {
                "before": round(self.objective_before, 2),
                "after": round(self.objective_after, 2),
                "change": round(self.gain, 2),
            },
            "to_fit": self.to_fit or None,
        }

    def dumps(self) -> str:
        return json.dumps(self.to_json(), indent=2, ensure_ascii=False) + "\n"


def load_proposal(path: Path, model: Roadmap) -> tuple[Roadmap, bool]:
    """The roadmap with the proposal added (or replacing its namesake); DataError if invalid."""
    try:
        doc = load_file(path)
    except LoadError as exc:
        raise DataError([exc.diagnostic]) from None
    problems = check_document(doc, "initiative")
    if problems:
        raise DataError(problems)
    item = build_initiative(doc)
    replaces = item.id in model.initiative_by_id
    others = tuple(i for i in model.initiatives if i.id != item.id)
    candidate = replace(model, initiatives=tuple(sorted((*others, item), key=lambda i: i.id)))
    # Only problems the proposal brings in count: the roadmap itself was valid.
    known = set(check_model(model))
    # The file name need not match the id yet: a request is often drafted elsewhere.
    fresh = [
        d
        for d in check_model(candidate)
        if d not in known
        and d.severity == "error"
        and "does not match the file name" not in d.message
    ]
    if fresh:
        raise DataError(fresh)
    return candidate, replaces


def _where(plan: Plan, initiative_id: str) -> tuple[str, Placement | None]:
    p = plan.placement(initiative_id)
    if p is not None:
        return (str(p.start) if p.start == p.end else f"{p.start}..{p.end}"), p
    o = plan.omission(initiative_id)
    return (o.kind if o else "done"), None


def evaluate(
    model: Roadmap,
    candidate: Roadmap,
    proposal_id: str,
    replaces: bool,
    *,
    today: dt.date | None = None,
    time_limit: float = DEFAULT_TIME_LIMIT,
) -> Proposal:
    """Compare the plan without and with the proposal."""
    before = make_plan(model, today=today, time_limit=time_limit)
    after = make_plan(candidate, today=today, time_limit=time_limit)
    changes = []
    for i in candidate.initiatives:
        if i.id == proposal_id:
            continue
        was, p0 = _where(before, i.id)
        now, p1 = _where(after, i.id)
        if was == now:
            continue
        if p0 and p1:
            effect = "later" if p1.end > p0.end or p1.start > p0.start else "earlier"
        elif p0:
            effect = "dropped out"
        elif p1:
            effect = "now scheduled"
        else:
            effect = "moved"
        reason = p1.reason if p1 else next(o.reason for o in after.not_doing if o.id == i.id)
        changes.append(Change(i.id, was, now, effect, reason))
    key = {"dropped out": 0, "later": 1, "moved": 2, "earlier": 3, "now scheduled": 4}
    changes.sort(key=lambda c: (key[c.effect], c.id))
    old_risks, new_risks = set(before.risks), set(after.risks)
    item = candidate.initiative_by_id[proposal_id]
    pools = make_pools(candidate)
    drawn = [pools.pools[n] for n in pools.of(item)]
    need = item.effort / item.duration
    short = []
    for load in before.capacity:
        for pool in drawn:
            got = next((x for x in load.pools if x.pool == pool.key), None)
            if got is not None and got.available - got.used < need - 1e-9:
                free = max(0.0, got.available - got.used)
                short.append(Short(pool.label, str(load.quarter), free, need))
    to_fit = ""
    if changes or after.placement(proposal_id) is None:
        to_fit = fit_without_displacing(
            before, candidate, proposal_id, today=today, time_limit=time_limit
        )
    return Proposal(
        id=proposal_id,
        replaces=replaces,
        placement=after.placement(proposal_id),
        omission=after.omission(proposal_id),
        changes=tuple(changes),
        new_risks=tuple(r for r in after.risks if r not in old_risks),
        resolved_risks=tuple(r for r in before.risks if r not in new_risks),
        objective_before=before.objective,
        objective_after=after.objective,
        short=tuple(short),
        to_fit=to_fit,
    )


def propose(
    model: Roadmap,
    path: Path,
    *,
    today: dt.date | None = None,
    time_limit: float = DEFAULT_TIME_LIMIT,
) -> Proposal:
    """Load the proposal file and evaluate it against the model's plan."""
    candidate, replaces = load_proposal(path, model)
    new_ids = {i.id for i in candidate.initiatives} - {i.id for i in model.initiatives}
    proposal_id = next(iter(new_ids)) if new_ids else _changed(model, candidate)
    return evaluate(model, candidate, proposal_id, replaces, today=today, time_limit=time_limit)


def _changed(model: Roadmap, candidate: Roadmap) -> str:
    old = model.initiative_by_id
    changed = [i.id for i in candidate.initiatives if old.get(i.id) != i]
    return changed[0] if changed else candidate.initiatives[0].id


def proposal_as_text(model: Roadmap, proposal: Proposal) -> str:
    """What the proposal would do to the plan, for a person deciding on it."""
    p, o = proposal.placement, proposal.omission
    lines = []
    verb = "replacing the current definition of" if proposal.replaces else "adding"
    lines.append(f"Proposal: {verb} {proposal.id}")
    if p is not None:
        span = str(p.start) if p.start == p.end else f"{p.start}..{p.end}"
        lines.append(f"  it would be scheduled {span}: {p.reason}")
    elif o is not None:
        lines.append(f"  it would not be scheduled [{o.kind}]: {o.reason}")
    lines.append("")
    if proposal.changes:
        lines.append(f"What it displaces ({len(proposal.changes)})")
        for c in proposal.changes:
            lines.append(f"  - {c.id}: {c.before} -> {c.after} ({c.effect}); {c.reason}")
    else:
        lines.append("What it displaces: nothing; every other initiative keeps its place")
    if proposal.to_fit:
        lines.append(f"To fit it without displacing anything: {proposal.to_fit}")
    lines.append("")
    if proposal.new_risks:
        lines.append(f"Deadlines and dependencies it breaks ({len(proposal.new_risks)})")
        lines += [f"  ! {r.id} [{r.kind}]: {r.message}" for r in proposal.new_risks]
    else:
        lines.append("Deadlines and dependencies it breaks: none")
    if proposal.resolved_risks:
        lines.append(f"Risks it resolves ({len(proposal.resolved_risks)})")
        lines += [f"  + {r.id} [{r.kind}]: {r.message}" for r in proposal.resolved_risks]
    lines.append("")
    sign = "+" if proposal.gain >= 0 else "-"
    lines.append(
        f"Plan value: {number(proposal.objective_before)} -> "
        f"{number(proposal.objective_after)} ({sign}{number(abs(proposal.gain))})"
    )
    if proposal.gain > 1e-9:
        verdict = "the plan is worth more with it"
    elif proposal.gain < -1e-9:
        verdict = "the plan is worth less with it: what it displaces is worth more"
    else:
        verdict = "the plan is worth the same with it"
    lines.append(f"  {verdict}")
    return "\n".join(lines) + "\n"


INTAKE_MARK = "<!-- roadmap-intake -->"  # the first line of the comment the workflow updates


def proposal_as_markdown(proposal: Proposal, title: str, *, written: str | None = None) -> str:
    """The evaluation of a request as a Markdown comment (the text from the issue escaped)."""
    p, o = proposal.placement, proposal.omission
    lines = [INTAKE_MARK, f"## Request: {md_text(title)} (`{proposal.id}`)", ""]
    if p is not None:
        span = str(p.start) if p.start == p.end else f"{p.start} to {p.end}"
        lines.append(f"**It would be scheduled {span}.** {md_text(p.reason)}")
    elif o is not None:
        lines.append(f"**It would not be scheduled** ({o.kind}). {md_text(o.reason)}")
    sign = "+" if proposal.gain >= 0 else "-"
    lines += [
        "",
        f"Plan value: {number(proposal.objective_before)} without it, "
        f"{number(proposal.objective_after)} with it ({sign}{number(abs(proposal.gain))}).",
        "",
        f"### What it displaces ({len(proposal.changes)})",
        "",
    ]
    if proposal.changes:
        lines += [
            f"- `{c.id}`: {c.before} → {c.after} ({c.effect}); {md_text(c.reason)}"
            for c in proposal.changes
        ]
    else:
        lines.append("Nothing: every other initiative keeps its place.")
    if proposal.to_fit:
        lines += ["", f"To fit it without displacing anything: {md_text(proposal.to_fit)}."]
    lines += ["", f"### Deadlines and dependencies it breaks ({len(proposal.new_risks)})", ""]
    if proposal.new_risks:
        lines += [f"- `{r.id}` ({r.kind}): {md_text(r.message)}" for r in proposal.new_risks]
    else:
        lines.append("None.")
    if proposal.resolved_risks:
        lines += ["", f"### Risks it resolves ({len(proposal.resolved_risks)})", ""]
        lines += [f"- `{r.id}` ({r.kind}): {md_text(r.message)}" for r in proposal.resolved_risks]
    lines += ["", f"### Short pools ({len(proposal.short)})", ""]
    if proposal.short:
        lines += [
            f"- {s.quarter}: {s.pool} has {points(s.free)} free; it needs "
            f"{points(s.need)} a quarter"
            for s in proposal.short
        ]
    else:
        lines.append("None: every pool it draws on has room for it in every quarter.")
    lines.append("")
    if written:
        lines.append(f"Added as `{written}` with status proposed.")
    else:
        lines.append(f"Nothing is written yet: {INTAKE_HOW_TO_ADD}.")
    return "\n".join(lines) + "\n"
