"""Sequencing as numbers: place flexible initiatives into quarter indices, and search.

`search.py` turns the planning context into a `Problem` (indices, loads, pools, windows,
the room pins and in-progress work leave in each pool) and the result into placements.
This module knows nothing of text or YAML, which keeps the search fast and easy to
benchmark. It gives the exact solver (milp.py) its starting plan, and is the plan when
no solver runs.

Decoding. A priority order is turned into a plan by serial schedule generation: take
the highest-ranked item whose prerequisites are all decided; place it in its earliest
start that is after every prerequisite's end plus lag, inside the horizon, free of
calendar blocks, and where every quarter it occupies has room for its per-quarter load
in every pool it draws on; or leave it out (and with it, later, everything that depends
on it). Every plan this produces obeys every hard rule, whatever the order. For an
objective that never prefers later over earlier (ours), some order decodes to an
optimal plan: the decoder produces exactly the "active" schedules, and an optimal one
is among them.

Search. Start from several orders (score, value density, deadlines first, value) and
keep the best; then improve it locally: for an item that was left out or pushed later
than its prerequisites allow, move it (with its prerequisites) in front of an item
that took the capacity it needed in a pool they share, swap the two, or send that item
to the back. Accept the first move that raises the objective and start again, until no
move helps or the move budget is spent. The budget shrinks with the number of items so
that the whole search costs about the same number of item placements at any size:
near-linear time.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

EPS = 1e-9
# The search may place this many items in total (each move re-decodes every item).
SEARCH_WORK = 40_000
MIN_MOVES = 4
# Blockers tried per item, nearest first: far-away ones rarely help and cost a decode each.
MAX_BLOCKERS = 12
# A reason names this many of the items that filled a quarter ("a, b, c and 4 more").
SHOWN = 3


@dataclass(frozen=True)
class Problem:
    """The flexible part of a plan. Index i means the i-th flexible initiative."""

    length: int  # quarters in the horizon
    room: tuple[tuple[float, ...], ...]  # per pool and quarter: points open to flexible work
    ids: tuple[str, ...]
    duration: tuple[int, ...]
    load: tuple[float, ...]  # points per occupied quarter, in every pool it draws on
    pools: tuple[tuple[int, ...], ...]  # the pools each item draws on
    gain: tuple[tuple[float, ...], ...]  # its part of the objective, by end quarter
    earliest: tuple[int | None, ...]  # from horizon and fixed prerequisites; None = left out
    starts: tuple[tuple[int, ...], ...]  # starts whose window is inside, free of blocks
    deps: tuple[tuple[tuple[int, int], ...], ...]  # flexible prerequisites (index, lag)
    dependents: tuple[tuple[int, ...], ...]


def decode(p: Problem, rank: Sequence[int]) -> list[int]:
    """Serial schedule generation: the start index of every item, -1 when left out."""
    n = len(p.ids)
    used = [[0.0] * p.length for _ in p.room]
    start = [-1] * n
    pending = [len(d) for d in p.deps]
    heap = [(rank[i], i) for i in range(n) if pending[i] == 0]
    heapq.heapify(heap)
    room = p.room
    while heap:
        _, i = heapq.heappop(heap)
        t0 = p.earliest[i]
        if t0 is not None:
            for j, lag in p.deps[i]:
                if start[j] < 0:
                    t0 = None
                    break
                t0 = max(t0, start[j] + p.duration[j] + lag)
        if t0 is not None:
            load, d, pools = p.load[i], p.duration[i], p.pools[i]
            for s in p.starts[i]:
                if s < t0:
                    continue
                if all(
                    used[pl][q] + load <= room[pl][q] + EPS for q in range(s, s + d) for pl in pools
                ):
                    start[i] = s
                    for q in range(s, s + d):
                        for pl in pools:
                            used[pl][q] += load
                    break
        for k in p.dependents[i]:
            pending[k] -= 1
            if pending[k] == 0:
                heapq.heappush(heap, (rank[k], k))
    return start


def objective(p: Problem, start: Sequence[int]) -> float:
    """The flexible items' part of the objective (see priority.gain)."""
    return sum(p.gain[i][s + p.duration[i] - 1] for i, s in enumerate(start) if s >= 0)


def _ranks(order: Sequence[int]) -> list[int]:
    rank = [0] * len(order)
    for pos, i in enumerate(order):
        rank[i] = pos
    return rank


def _ancestors(p: Problem, i: int) -> set[int]:
    seen: set[int] = set()
    stack = [j for j, _ in p.deps[i]]
    while stack:
        j = stack.pop()
        if j not in seen:
            seen.add(j)
            stack.extend(k for k, _ in p.deps[j])
    return seen


def ideal_ends(p: Problem) -> list[int | None]:
    """The earliest end of every item with unlimited capacity (None: cannot be placed)."""
    ideal: list[int | None] = [None] * len(p.ids)
    pending = [len(d) for d in p.deps]
    ready = [i for i in range(len(p.ids)) if pending[i] == 0]
    while ready:
        i = ready.pop()
        t0 = p.earliest[i]
        for j, lag in p.deps[i]:
            end = ideal[j]
            t0 = None if t0 is None or end is None else max(t0, end + 1 + lag)
        if t0 is not None:
            s = next((s for s in p.starts[i] if s >= t0), None)
            ideal[i] = None if s is None else s + p.duration[i] - 1
        for k in p.dependents[i]:
            pending[k] -= 1
            if pending[k] == 0:
                ready.append(k)
    return ideal


def _candidates(p: Problem, start: Sequence[int], ideal: Sequence[int | None]) -> list[int]:
    """Items that did worse than they could alone: left out, or later than ideal."""
    out = []
    for i in range(len(p.ids)):
        best = ideal[i]
        if best is not None and (start[i] < 0 or start[i] + p.duration[i] - 1 > best):
            out.append((-p.gain[i][best], p.ids[i], i))
    return [i for _, _, i in sorted(out)]


def _blockers(p: Problem, i: int, start: Sequence[int], pos: Sequence[int]) -> list[int]:
    """Items ranked before i that occupy, in a pool i draws on, a quarter i could have
    used; nearest first."""
    t0 = p.earliest[i] or 0
    first = min((s for s in p.starts[i] if s >= t0), default=p.length)
    mine = set(p.pools[i])
    out = [
        j
        for j in range(len(p.ids))
        if j != i
        and start[j] >= 0
        and pos[j] < pos[i]
        and start[j] + p.duration[j] > first
        and not mine.isdisjoint(p.pools[j])
    ]
    return sorted(out, key=lambda j: -pos[j])


def _moves(p: Problem, order: list[int], start: Sequence[int], i: int) -> Iterator[list[int]]:
    """Orders to try for item i or one of its prerequisites t (an item may be late because
    a prerequisite was): t ahead of a blocker b, swapped with b, b sent last, t first."""
    pos = _ranks(order)
    for t in [i, *sorted(_ancestors(p, i), key=lambda k: -pos[k])]:
        group = _ancestors(p, t) | {t}
        for b in _blockers(p, t, start, pos)[:MAX_BLOCKERS]:
            # Prerequisites already ahead of b stay where they are; the rest move with t.
            late = [k for k in order if k in group and pos[k] > pos[b]]
            moving = set(late)
            before = [k for k in order if pos[k] < pos[b]]
            between = [k for k in order if pos[b] < pos[k] <= pos[t] and k not in moving]
            after = [k for k in order if pos[k] > pos[t] and k not in moving]
            yield before + late + [b] + between + after
            yield before + late + between + [b] + after
            yield [k for k in order if k != b] + [b]
        front = [k for k in order if k in group] + [k for k in order if k not in group]
        yield front
        if t != i:  # the prerequisite early, the item itself wherever room is left
            yield [k for k in front if k != i] + [i]


def search(p: Problem, orders: Sequence[Sequence[int]]) -> tuple[list[int], list[int]]:
    """The best order found and its decoded starts (see the module docstring)."""
    n = len(p.ids)
    if n == 0:
        return [], []
    ideal = ideal_ends(p)
    budget = max(MIN_MOVES, SEARCH_WORK // n)
    best: tuple[float, list[int], list[int]] = (-1.0, [], [])
    for k, order in enumerate(orders):
        # Each start gets an equal share of what the budget has left; a local optimum
        # reached from one start is often escaped from another.
        share = budget // (len(orders) - k)
        value, order_k, start_k, used = _climb(p, list(order), ideal, share)
        budget -= used
        if value > best[0] + EPS:
            best = (value, order_k, start_k)
    return best[1], best[2]


def _climb(
    p: Problem, order: list[int], ideal: Sequence[int | None], budget: int
) -> tuple[float, list[int], list[int], int]:
    """First-improvement hill climbing from one order; returns what it reached."""
    start = decode(p, _ranks(order))
    best = objective(p, start)
    used = 0
    improved = True
    while improved and used < budget:
        improved = False
        for i in _candidates(p, start, ideal):
            for new_order in _moves(p, order, start, i):
                used += 1
                s = decode(p, _ranks(new_order))
                value = objective(p, s)
                if value > best + EPS:
                    order, start, best = new_order, s, value
                    improved = True
                    break
                if used >= budget:
                    break
            if improved or used >= budget:
                break
    return best, order, start, used


def settle(p: Problem, start: Sequence[int]) -> list[int]:
    """Move every item to its earliest start with room and place left-out items that fit,
    until nothing moves. Each step raises the objective (an earlier end is worth more), so
    an optimal plan is left as it is; afterwards no item could start earlier on its own,
    which is what the reasons say."""
    start = list(start)
    used = [[0.0] * p.length for _ in p.room]

    def add(i: int, s: int, sign: float) -> None:
        for q in range(s, s + p.duration[i]):
            for pl in p.pools[i]:
                used[pl][q] += sign * p.load[i]

    def fits(i: int, s: int) -> bool:
        return all(
            used[pl][q] + p.load[i] <= p.room[pl][q] + EPS
            for q in range(s, s + p.duration[i])
            for pl in p.pools[i]
        )

    for i, s in enumerate(start):
        if s >= 0:
            add(i, s, 1.0)
    moved = True
    while moved:
        moved = False
        for i in range(len(p.ids)):  # prerequisites before dependents (topological)
            t0 = p.earliest[i]
            if t0 is None or any(start[j] < 0 for j, _ in p.deps[i]):
                continue
            for j, lag in p.deps[i]:
                t0 = max(t0, start[j] + p.duration[j] + lag)
            if start[i] >= 0:
                add(i, start[i], -1.0)
            for s in p.starts[i]:
                if s >= t0 and (start[i] < 0 or s < start[i]) and fits(i, s):
                    start[i] = s
                    moved = True
                    break
            if start[i] >= 0:
                add(i, start[i], 1.0)
    return start
