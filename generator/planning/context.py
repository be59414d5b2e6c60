"""The planning context: everything the search takes as given, built once from the model.

Steps 1 and 2 of planner.py's docstring happen here, because what they decide is not
the search's to move: the pool is sorted (done, left out by decision or as ballast,
pinned, in progress, flexible), pinned and in-progress work is committed to its
quarters, and every item is scored (its deadline pressure counts from where committed
prerequisites end). What is left of each pool, `room`, is what the search may fill.
"""

from __future__ import annotations

import datetime as dt
import heapq
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from ..data.model import Initiative, Quarter, Roadmap, Thresholds
from .placements import Earliest, Load, Span, earliest
from .plan import OmissionKind, Quadrant
from .pools import Pools, make_pools, open_share
from .priority import Priority, gain, quadrant, unlock_by_id, urgency, value

# How fixed work came to sit where it does (reasons.py words it):
# - pinned: its `quarter:`;
# - room: in progress, the earliest window after its committed prerequisites with room;
# - no-room: in progress, pins and earlier started work fill every window, so the first;
# - no-window: in progress, no window after its prerequisites is left in the horizon;
# - calendar: in progress, the calendar blocks every window it could use.
Commitment = Literal["pinned", "room", "no-room", "no-window", "calendar"]


@dataclass(frozen=True)
class Fixed:
    """A pinned or in-progress item, committed before the search."""

    start: int
    span: int  # quarters it occupies inside the horizon (less than its duration only for
    # in-progress work that runs past the horizon's end)
    how: Commitment
    after: Earliest  # its prerequisites among the work committed before it

    @property
    def pinned(self) -> bool:
        return self.how == "pinned"

    @property
    def end(self) -> int:
        return self.start + self.span - 1


@dataclass(frozen=True)
class Context:
    thresholds: Thresholds
    today: dt.date | None
    share: float  # of the first quarter, open to work not yet started
    shares: tuple[float, ...]  # of each quarter: 0 when it is over, 1 when it is to come
    first: Quarter
    length: int
    items: tuple[Initiative, ...]  # by id
    by_id: Mapping[str, Initiative]
    order: tuple[Initiative, ...]  # prerequisites first, ties by id
    pools: Pools
    capacity: tuple[tuple[float, ...], ...]  # per pool and quarter
    item_pools: Mapping[str, tuple[int, ...]]
    blocks: tuple[Mapping[str, tuple[str, ...]], ...]  # per quarter: tag -> blocking events
    launch_blocks: tuple[Mapping[str, tuple[str, ...]], ...]  # per quarter: tag -> events
    # that cover part of it, so work needing the tag may run there but not end there
    starts: Mapping[str, tuple[int, ...]]  # starts whose window is inside, free of blocks
    quadrant: Mapping[str, Quadrant]
    decided: Mapping[str, OmissionKind]  # left out before any search: postponed, dropped,
    # ballast; prerequisites first
    fixed: Mapping[str, Fixed]  # pins, then in-progress work, in the order committed
    flexible: tuple[Initiative, ...]  # proposed and planned, prerequisites first
    priority: Mapping[str, Priority]
    room: tuple[tuple[float, ...], ...]  # per pool and quarter: open to flexible work
    limit: tuple[tuple[float, ...], ...]  # per pool and quarter: fixed work plus room
    # key-result ref -> (its objective's period, its title), for the ones work supports
    key_results: Mapping[str, tuple[str, str]]

    def q(self, k: int) -> Quarter:
        return self.first + k

    def load(self, i: Initiative) -> float:
        return i.effort / i.duration

    def blocked_in(self, item: Initiative, k: int, ending: bool = False) -> list[str]:
        """'hiring (headcount-freeze)' for each required tag blocked in quarter k; with
        `ending` (the item's last quarter) also the tags it may not end with there."""
        out = _blocked_in(self.blocks[k], item)
        if ending:
            out += [f"{b} for work ending there" for b in _blocked_in(self.launch_blocks[k], item)]
        return out

    def fixed_spans(self) -> dict[str, Span]:
        return {x: (f.start, f.end) for x, f in self.fixed.items()}

    def gains(self, i: Initiative) -> tuple[float, ...]:
        """What the item adds to the objective if it ends in each quarter of the horizon."""
        pr = self.priority[i.id]
        deadline = i.urgency.deadline - self.first if i.urgency else None
        return tuple(gain(pr, e, self.length, deadline) for e in range(self.length))


def make_context(model: Roadmap, today: dt.date | None = None) -> Context:
    """Sort, commit and score the roadmap's initiatives for `today` (see the docstring)."""
    h = model.settings.horizon
    th = model.settings.thresholds
    length = h.length
    items = tuple(sorted(model.initiatives, key=lambda i: i.id))
    by_id = {i.id: i for i in items}
    pools = make_pools(model)
    capacity = tuple(tuple(p.capacity) for p in pools.pools)
    item_pools = {i.id: pools.of(i) for i in items}
    blocks = tuple(_blocks(model, h.start + k, whole=True) for k in range(length))
    launch_blocks = tuple(_blocks(model, h.start + k, whole=False) for k in range(length))
    starts = {i.id: _starts(i, blocks, launch_blocks, length) for i in items}
    quadrants: dict[str, Quadrant] = {i.id: quadrant(i, th) for i in items}
    order = tuple(topological(items))

    decided: dict[str, OmissionKind] = {}
    pinned: list[tuple[Initiative, int]] = []
    in_progress: list[Initiative] = []
    flexible: list[Initiative] = []
    for i in order:
        if i.status in ("postponed", "dropped"):
            decided[i.id] = i.status
        elif i.status == "done":
            continue
        elif i.pin is not None:
            s = i.pin - h.start
            if not 0 <= s <= length - i.duration:
                raise ValueError(f"{i.id}: pinned outside the horizon; validate the data first")
            pinned.append((i, s))
        elif i.status == "in-progress":
            # Started work continues even when it scores as ballast: stopping it is a
            # decision for a person (status postponed or dropped), not for a formula.
            in_progress.append(i)
        elif quadrants[i.id] == "ballast":
            decided[i.id] = "ballast"
        else:
            flexible.append(i)

    load = Load(capacity)  # fixed work may use everything
    fixed: dict[str, Fixed] = {}
    spans: dict[str, Span] = {}

    def commit(i: Initiative, f: Fixed) -> None:
        fixed[i.id] = f
        spans[i.id] = (f.start, f.end)
        load.add(i.id, item_pools[i.id], i.effort / i.duration, spans[i.id])

    for i, s in pinned:
        commit(i, Fixed(s, i.duration, "pinned", earliest(i, by_id, spans)))
    for i in in_progress:  # topological order: prerequisites first
        commit(i, _in_progress(i, earliest(i, by_id, spans), starts[i.id], item_pools, load))

    # The current quarter's days that are gone are closed to work not yet started: only
    # `share` of what fixed work leaves there is open to the search.
    shares = tuple(open_share(today, h.start + k) for k in range(length))
    room = []
    for pool, cap in enumerate(capacity):
        left = [max(cap[k] - load.used[pool][k], 0.0) * shares[k] for k in range(length)]
        room.append(tuple(left))
    limit = tuple(
        tuple(load.used[pool][k] + room[pool][k] for k in range(length))
        for pool in range(len(capacity))
    )
    return Context(
        thresholds=th,
        today=today,
        share=shares[0],
        shares=shares,
        first=h.start,
        length=length,
        items=items,
        by_id=by_id,
        order=order,
        pools=pools,
        capacity=capacity,
        item_pools=item_pools,
        blocks=blocks,
        launch_blocks=launch_blocks,
        starts=starts,
        quadrant=quadrants,
        decided=decided,
        fixed=fixed,
        flexible=tuple(flexible),
        priority=_priorities(items, order, th, spans, starts, quadrants, h.start, length),
        room=tuple(room),
        limit=limit,
        key_results=key_result_periods(model),
    )


def key_result_periods(model: Roadmap) -> dict[str, tuple[str, str]]:
    """Key-result ref -> (its objective's period, its title)."""
    return {
        ref: (model.objective_by_id[kr.objective].period, kr.title)
        for ref, kr in model.key_result_by_ref.items()
        if kr.objective in model.objective_by_id
    }


def _in_progress(
    i: Initiative,
    after: Earliest,
    starts: tuple[int, ...],
    item_pools: Mapping[str, tuple[int, ...]],
    load: Load,
) -> Fixed:
    """Where started work continues: its earliest window after committed prerequisites
    with room in every pool it draws on. Flexible prerequisites do not hold it back, and
    it is never dropped: without room it takes its earliest window anyway (reported as an
    over-capacity risk), without a window the first one free of blocks, else the first
    quarter (a blocked or dependency risk)."""
    t0 = after.start
    span = min(i.duration, load.length)
    # Work that runs past the horizon can only start in the first quarter.
    possible = starts if i.duration <= load.length else (0,)
    windows = [s for s in possible if s >= t0]
    if not windows:
        how: Commitment = "no-window" if after.binding and possible else "calendar"
        return Fixed(possible[0] if possible else 0, span, how, after)
    for s in windows:
        if load.tight(item_pools[i.id], i.effort / i.duration, s, i.duration, None) is None:
            return Fixed(s, span, "room", after)
    return Fixed(windows[0], span, "no-room", after)


def _priorities(
    items: Sequence[Initiative],
    order: Sequence[Initiative],
    th: Thresholds,
    fixed: Mapping[str, Span],
    starts: Mapping[str, tuple[int, ...]],
    quadrants: Mapping[str, Quadrant],
    first: Quarter,
    length: int,
) -> dict[str, Priority]:
    unlock = unlock_by_id(items, th)
    ideal = _ideal_ends(order, fixed, starts, length)
    out = {}
    for i in items:
        slack = None
        if i.urgency is not None:
            end = ideal.get(i.id)
            slack = 0 if end is None else i.urgency.deadline - first - end
        out[i.id] = Priority(
            value(i), urgency(slack), unlock.get(i.id, 0.0), i.effort, quadrants[i.id]
        )
    return out


def _ideal_ends(
    order: Sequence[Initiative],
    fixed: Mapping[str, Span],
    starts: Mapping[str, tuple[int, ...]],
    length: int,
) -> dict[str, int]:
    """The earliest end of each item with unlimited capacity (for deadline pressure):
    committed work ends where it sits, the rest after its prerequisites' ideal ends."""
    ends: dict[str, int] = {}
    by_id = {i.id: i for i in order}
    for i in order:
        if i.id in fixed:
            ends[i.id] = fixed[i.id][1]
            continue
        t0 = 0
        for dep in i.depends_on:
            pre = by_id.get(dep.id)
            if pre is not None and pre.status != "done":
                t0 = max(t0, ends.get(dep.id, length) + 1 + dep.lag)
        s = next((s for s in starts[i.id] if s >= t0), None)
        if s is not None:
            ends[i.id] = s + i.duration - 1
    return ends


def _blocks(model: Roadmap, q: Quarter, whole: bool) -> dict[str, tuple[str, ...]]:
    """The blocks of events that cover all of `q` (`whole`), or only part of it."""
    out: dict[str, list[str]] = {}
    for e in sorted(model.events, key=lambda e: e.id):
        if e.share(q) > 0 and e.blocks_whole(q) == whole:
            for tag in e.blocks:
                out.setdefault(tag, []).append(e.id)
    return {t: tuple(v) for t, v in out.items()}


def _blocked_in(blocks: Mapping[str, tuple[str, ...]], item: Initiative) -> list[str]:
    return [f"{t} ({', '.join(blocks[t])})" for t in item.requires if t in blocks]


def _starts(
    item: Initiative,
    blocks: Sequence[Mapping[str, tuple[str, ...]]],
    launch_blocks: Sequence[Mapping[str, tuple[str, ...]]],
    length: int,
) -> tuple[int, ...]:
    """Starts whose window no block closes, and whose last quarter lets the item end."""
    d = item.duration
    return tuple(
        s
        for s in range(length - d + 1)
        if not any(_blocked_in(blocks[k], item) for k in range(s, s + d))
        and not _blocked_in(launch_blocks[s + d - 1], item)
    )


def topological(items: Sequence[Initiative]) -> list[Initiative]:
    """Prerequisites before dependents, ties by id (validation has ruled out cycles)."""
    by_id = {i.id: i for i in items}
    waiting = {i.id: {d.id for d in i.depends_on if d.id in by_id} for i in items}
    dependents: dict[str, list[str]] = {}
    for x, pres in waiting.items():
        for y in pres:
            dependents.setdefault(y, []).append(x)
    ready = [x for x, pres in waiting.items() if not pres]
    heapq.heapify(ready)
    out = []
    while ready:
        x = heapq.heappop(ready)
        out.append(by_id[x])
        for y in dependents.get(x, ()):
            waiting[y].discard(x)
            if not waiting[y]:
                heapq.heappush(ready, y)
    if len(out) != len(items):
        raise ValueError("dependency cycle among initiatives; validate the data first")
    return out
