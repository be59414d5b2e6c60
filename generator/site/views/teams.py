"""View models for the page of each team named in people.yaml.

A team page answers what a team lead asks in the monthly session: what is ours and
when, who owns each piece, which key results our work moves, what we wait for from
other teams (and who waits for us) and from other functions (our asks, by date), and
what of ours is not being done and why.
"""

from __future__ import annotations

from dataclasses import dataclass

from ...data.model import Roadmap
from .roadmap import ItemView, NeedView, NotDoingView, SiteView


@dataclass(frozen=True)
class Wait:
    """`waiting` cannot start before `prerequisite`; one of the two is another team's."""

    waiting: ItemView
    prerequisite: ItemView

    @property
    def state(self) -> str:
        """Where the prerequisite stands."""
        t = self.prerequisite
        if t.initiative.status == "done":
            return "done"
        if t.placement is not None:
            return f"planned to finish in {t.placement.end}"
        return "not scheduled"


@dataclass(frozen=True)
class KeyResultWork:
    ref: str
    title: str
    objective_id: str
    objective_title: str
    items: tuple[ItemView, ...]


@dataclass(frozen=True)
class TeamView:
    id: str
    name: str
    lead: str | None
    members: tuple[str, ...]
    scheduled: tuple[ItemView, ...]  # in plan order
    left_out: tuple[ItemView, ...]  # not doing, by id
    done: tuple[ItemView, ...]
    owners: tuple[tuple[str, tuple[ItemView, ...]], ...]  # owner name -> open work
    key_results: tuple[KeyResultWork, ...]
    waits_on: tuple[Wait, ...]  # our work waits for another team's
    waited_on: tuple[Wait, ...]  # another team's work waits for ours
    asks: tuple[NeedView, ...] = ()  # what our scheduled work needs from other functions
    register: tuple[NotDoingView, ...] = ()  # ours, but not done: the public reasons

    @property
    def path(self) -> str:
        return f"teams/{self.id}.md"


def team_views(model: Roadmap, view: SiteView) -> tuple[TeamView, ...]:
    """One view per team in people.yaml, in the order the file lists them."""
    by_id = {i.id: i for i in view.items}
    people = {p.id: p for p in model.people}
    out = []
    for team in model.teams:
        mine = [i for i in view.items if i.team_id == team.id]
        mine_ids = {i.id for i in mine}
        scheduled = tuple(i for i in view.scheduled if i.id in mine_ids)
        left_out = tuple(i for i in view.not_doing if i.id in mine_ids)
        done = tuple(i for i in view.done if i.id in mine_ids)
        open_work = [*scheduled, *left_out]
        owners: dict[str, list[ItemView]] = {}
        for item in open_work:
            owners.setdefault(item.owner or "No owner named", []).append(item)
        krs: dict[str, list[ItemView]] = {}
        for item in open_work:
            if item.initiative.status in ("postponed", "dropped"):
                continue
            for ref, _ in item.supports:
                krs.setdefault(ref, []).append(item)
        key_results = []
        for ref in sorted(krs):
            kr = model.key_result_by_ref[ref]
            objective = model.objective_by_id[kr.objective]
            key_results.append(
                KeyResultWork(ref, kr.title, objective.id, objective.title, tuple(krs[ref]))
            )
        active = [i for i in open_work if i.initiative.status not in ("postponed", "dropped")]
        waits_on = tuple(
            Wait(item, by_id[d])
            for item in active
            for d in item.depends_on
            if d in by_id and by_id[d].team_id != team.id
        )
        waited_on = tuple(
            Wait(by_id[d], item)
            for item in active
            for d in item.dependents
            if d in by_id
            and by_id[d].team_id != team.id
            and by_id[d].initiative.status not in ("postponed", "dropped", "done")
        )
        lead = people[team.lead].name if team.lead and team.lead in people else team.lead
        out.append(
            TeamView(
                id=team.id,
                name=team.name,
                lead=lead,
                members=tuple(p.name for p in model.people if p.team == team.id),
                scheduled=scheduled,
                left_out=left_out,
                done=done,
                owners=tuple((k, tuple(owners[k])) for k in sorted(owners, key=str.lower)),
                key_results=tuple(key_results),
                waits_on=waits_on,
                waited_on=waited_on,
                asks=tuple(n for n in view.asks if n.initiative.team_id == team.id),
                register=tuple(e for e in view.register if e.team_id == team.id),
            )
        )
    return tuple(out)
