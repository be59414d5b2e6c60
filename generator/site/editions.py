"""Editions: which pages and which facts each audience's build holds.

A build is one edition. Leadership sees everything, including `internal` notes, the
planner's reasons and scores and risks. The team and organisation editions are made for
a wider, possibly public readership: they show what is planned, done and needed, the
not-doing register with the reasons every reader may see (the data's `reason:`, or the
tool's plain words), and leave out every leadership-only fact. That is done here, on the
view model, before any template runs, so no template (a user's override included) can
print what its edition does not hold. docs/publishing.md states the same rules.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Literal

from ..data.model import DEFAULT_EDITION
from ..errors import RoadmapError
from ..history.changelog import ChangelogEntry
from ..history.diff import PlanDiff, Slot
from ..okrs.health import health_by_period
from .views.roadmap import ItemView, SiteView

Edition = Literal["leadership", "team", "organisation"]
EDITIONS: tuple[Edition, ...] = ("leadership", "team", "organisation")
ALIASES = {"all": "leadership"}  # the name of the leadership build in version 0.1

# The generated views each edition holds (besides home, OKRs, initiatives, calendar,
# changelog and the data-format reference, which every edition has).
EDITION_PAGES: dict[Edition, tuple[str, ...]] = {
    "leadership": ("team", "leadership", "not-doing", "organisation"),
    "team": ("team", "not-doing"),
    "organisation": ("organisation", "not-doing"),
}

# The columns of the exported plan (words.PLAN_COLUMNS) that only leadership sees: the
# planner's quadrant and score and the risks, as on the pages.
LEADERSHIP_COLUMNS = frozenset({"quadrant", "score", "risks"})


def plan_columns(edition: Edition, columns: tuple[str, ...]) -> tuple[str, ...]:
    """The columns of `columns` that an export for `edition` holds."""
    if edition == "leadership":
        return columns
    return tuple(c for c in columns if c not in LEADERSHIP_COLUMNS)


BANNER = (
    '<div class="rm-edition-banner" role="note"><strong>Leadership edition.</strong> '
    "This site holds internal notes, the planner's reasons and what is not being done. "
    "Share it with leadership only; do not publish it where others can read it.</div>"
)


def edition_named(name: str | None, published: str | None) -> Edition:
    """The edition to build: the one asked for, else `publish.audience`, else the default."""
    chosen = name or published or DEFAULT_EDITION  # team: no internal notes
    chosen = ALIASES.get(chosen, chosen)
    if chosen not in EDITIONS:
        raise RoadmapError(
            f"unknown edition '{chosen}'; expected one of: {', '.join(EDITIONS)} "
            "(or all, the same as leadership)"
        )
    return chosen


def with_banner(markdown: str) -> str:
    """The page with the leadership banner first (after its front matter, if any)."""
    if markdown.startswith("---\n"):
        end = markdown.find("\n---\n", 4)
        if end != -1:
            head, body = markdown[: end + 5], markdown[end + 5 :]
            return f"{head}\n{BANNER}\n\n{body}"
    return f"{BANNER}\n\n{markdown}"


def project(view: SiteView, edition: Edition) -> SiteView:
    """The view as `edition` may see it: leadership unchanged, the others without
    internal notes, the planner's reasons, scores, quadrants, risks and the pages of the
    initiatives left out (the register keeps their public reasons)."""
    if edition == "leadership":
        return view
    shown = {i.id for i in view.scheduled} | {i.id for i in view.done}
    hidden = _hidden_objectives(view, edition)

    def visible(ref: str) -> bool:
        return ref.split(".")[0] not in hidden

    def public(i: ItemView) -> ItemView:
        placement = i.placement
        if placement is not None:
            placement = replace(placement, reason="", score=0.0)
        initiative = replace(i.initiative, internal=None, reason=None)
        if edition == "organisation":  # progress check-ins are the team's own business
            initiative = replace(initiative, progress=())
        return replace(
            i,
            initiative=initiative,
            internal=None,
            placement=placement,
            omission=None,
            quadrant="",
            score=None,
            risks=(),
            depends_on=tuple(d for d in i.depends_on if d in shown),
            dependents=tuple(d for d in i.dependents if d in shown),
            supports=tuple((ref, title) for ref, title in i.supports if visible(ref)),
        )

    items = tuple(public(i) for i in view.items if i.id in shown)
    objectives = tuple(o for o in view.objectives if o.objective.id not in hidden)
    by_id = {i.id: i for i in items}

    def keep(seq: tuple[ItemView, ...]) -> tuple[ItemView, ...]:
        return tuple(by_id[i.id] for i in seq if i.id in by_id)

    return replace(
        view,
        items=items,
        scheduled=keep(view.scheduled),
        not_doing=(),
        register=tuple(replace(e, planner_reason="", revisit_passed=False) for e in view.register),
        done=keep(view.done),
        risks=(),
        # A pool per person is a leadership fact (someone's own limit): the public
        # editions keep the function's total and the team pools.
        quarters=tuple(
            replace(
                q,
                items=keep(q.items),
                load=replace(
                    q.load, pools=tuple(p for p in q.load.pools if not p.pool.startswith("person:"))
                ),
            )
            for q in view.quarters
        ),
        needs=tuple(
            (fn, tuple(replace(n, initiative=by_id[n.initiative.id]) for n in ns))
            for fn, ns in view.needs
        ),
        objective_work={k: keep(v) for k, v in view.objective_work.items() if visible(k)},
        work_after={
            k: {i: m for i, m in v.items() if i in by_id}
            for k, v in view.work_after.items()
            if visible(k)
        },
        objectives=objectives,
        objective_children={
            k: tuple(c for c in v if c not in hidden)
            for k, v in view.objective_children.items()
            if k not in hidden
        },
        okr_tree=tuple(entry for entry in view.okr_tree if entry[1].objective.id not in hidden),
        okr_health=health_by_period(objectives, view.today),
        standing={k: v for k, v in view.standing.items() if k not in hidden},
        internal_included=False,
    )


def _hidden_objectives(view: SiteView, edition: Edition) -> frozenset[str]:
    """Objectives the edition does not show (private individual goals, and objectives
    marked `visibility: leadership`), with every objective that cascades from one."""
    hidden = {o.objective.id for o in view.objectives if not o.objective.shown_in(edition)}
    parents = {o.objective.id: o.objective.parent for o in view.objectives}
    for oid in parents:
        chain: str | None = oid
        seen: set[str] = set()
        while chain is not None and chain not in seen:
            seen.add(chain)
            if chain in hidden:
                hidden.add(oid)
                break
            chain = parents.get(chain)
    return frozenset(hidden)


def public_history(entries: list[ChangelogEntry], view: SiteView) -> list[ChangelogEntry]:
    """The changelog for a team or organisation edition (`view` already projected).

    Commit subjects and authors are left out (a subject may quote internal discussion;
    names of people are not for a public site), and so is every change to an initiative
    the edition does not show, every reason and every risk. An entry with nothing left
    is dropped. Key-result targets are kept only for the objectives the edition shows.
    """
    shown = {i.id for i in view.items}
    objectives = {o.objective.id for o in view.objectives}  # private goals left out

    def bare(slot: Slot | None) -> Slot | None:
        """The slot without the planner's reason, and without the kind of a left-out one."""
        if slot is None:
            return None
        return replace(slot, reason="", kind=None)

    out = []
    for e in entries:
        d = e.diff
        diff = PlanDiff(
            base=d.base,
            head=d.head,
            initiatives=tuple(
                replace(
                    c,
                    before=bare(c.before),
                    after=bare(c.after),
                    displaced_by=tuple(x for x in c.displaced_by if x in shown),
                )
                for c in d.initiatives
                if c.id in shown
            ),
            statuses=tuple(s for s in d.statuses if s.id in shown),
            targets=tuple(t for t in d.targets if t.ref.split(".")[0] in objectives),
            risks_introduced=(),
            risks_cleared=(),
            capacity=(),
            horizon=d.horizon,
            # titles of the ids shown only: the titles of left-out work are leadership's
            names=tuple((i, title) for i, title in d.names if i in shown),
        )
        if not diff.empty or e.initial:
            out.append(replace(e, subject="", author="", diff=diff))
    return out
