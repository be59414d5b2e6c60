"""A layered (Sugiyama-style) layout of a directed acyclic graph, left to right.

1. Layers by longest path: a node sits one layer right of its deepest prerequisite.
2. An edge that spans several layers gets a virtual node in each layer it crosses, so
   every edge only ever joins neighbouring layers.
3. Order within layers by barycentres: sweep right and left, moving each node to the
   mean position of its neighbours in the layer just placed; keep the order with the
   fewest crossings (counted exactly, as inversions).
4. Vertical positions: each node wants the mean height of its neighbours; the closest
   heights that keep the order and the spacing are an isotonic regression (pool
   adjacent violators), done a few times in both directions.

Why no edge can pass through a box: boxes fill their layer's column exactly, edges
cross a column only through a virtual node (a slot in that column's stack, so no box
overlaps its height), and between columns they are curves whose x only grows.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from itertools import pairwise

SWEEPS = 12
ALIGN_PASSES = 6


@dataclass(frozen=True)
class Layout:
    layer: dict[str, int]  # real and virtual nodes
    order: list[list[str]]  # per layer, top to bottom
    y: dict[str, float]  # top of each node's box
    height: dict[str, float]
    chains: dict[tuple[str, str], list[str]]  # edge -> [source, virtual..., target]

    @property
    def bottom(self) -> float:
        return max((self.y[n] + self.height[n] for n in self.y), default=0.0)


def longest_path_layers(
    nodes: Sequence[str], prereqs: Mapping[str, Sequence[str]]
) -> dict[str, int]:
    """Each node's layer: 0 without prerequisites, else one more than the deepest one.

    Depth-first with an explicit stack: recursion overflows on chains of a few hundred.
    """
    depth: dict[str, int] = {}
    known = set(nodes)
    for root in nodes:
        if root in depth:
            continue
        path = {root}
        stack = [(root, iter(prereqs.get(root, ())))]
        while stack:
            node, todo = stack[-1]
            nxt = next((d for d in todo if d in known and d not in depth and d not in path), None)
            if nxt is not None:
                path.add(nxt)
                stack.append((nxt, iter(prereqs.get(nxt, ()))))
                continue
            stack.pop()
            path.discard(node)
            if node not in depth:
                below = [depth[d] for d in prereqs.get(node, ()) if d in depth]
                depth[node] = 1 + max(below, default=-1)
    return depth


def _crossings(upper: list[str], pos: Mapping[str, int], succ: Mapping[str, list[str]]) -> int:
    """Crossings between a layer and the next: inversions among the edges' lower ends."""
    ends = [
        pos[v]
        for u in sorted(upper, key=pos.__getitem__)
        for v in sorted(succ.get(u, ()), key=pos.__getitem__)
    ]
    return _inversions(ends)


def _inversions(seq: list[int]) -> int:
    if len(seq) < 2:
        return 0
    mid = len(seq) // 2
    left, right = sorted(seq[:mid]), sorted(seq[mid:])
    count = _inversions(seq[:mid]) + _inversions(seq[mid:])
    j = 0
    for value in left:
        while j < len(right) and right[j] < value:
            j += 1
        count += j
    return count


def layout(
    nodes: Sequence[str],
    edges: Sequence[tuple[str, str]],
    heights: Mapping[str, float],
    *,
    virtual_height: float = 10.0,
    gap: float = 16.0,
) -> Layout:
    """Lay out `nodes` (in a stable order) with `edges` (prerequisite, dependent)."""
    prereqs: dict[str, list[str]] = {}
    for u, v in edges:
        prereqs.setdefault(v, []).append(u)
    layer = longest_path_layers(nodes, prereqs)
    height = {n: heights[n] for n in nodes}
    succ: dict[str, list[str]] = {}
    pred: dict[str, list[str]] = {}
    chains: dict[tuple[str, str], list[str]] = {}
    for u, v in edges:
        chain = [u]
        for k in range(layer[u] + 1, layer[v]):
            virtual = f"\x00{u}\x00{v}\x00{k}"
            layer[virtual] = k
            height[virtual] = virtual_height
            chain.append(virtual)
        chain.append(v)
        chains[(u, v)] = chain
        for a, b in pairwise(chain):
            succ.setdefault(a, []).append(b)
            pred.setdefault(b, []).append(a)
    n_layers = 1 + max(layer.values(), default=-1)
    order: list[list[str]] = [[] for _ in range(n_layers)]
    for node in [*nodes, *(n for n in layer if n not in heights)]:
        order[layer[node]].append(node)
    order = _order(order, succ, pred)
    return Layout(layer, order, _align(order, succ, pred, height, gap), height, chains)


def _positions(order: list[list[str]]) -> dict[str, int]:
    return {n: k for nodes in order for k, n in enumerate(nodes)}


def _total_crossings(order: list[list[str]], succ: Mapping[str, list[str]]) -> int:
    pos = _positions(order)
    return sum(_crossings(order[k], pos, succ) for k in range(len(order) - 1))


def _order(
    order: list[list[str]], succ: Mapping[str, list[str]], pred: Mapping[str, list[str]]
) -> list[list[str]]:
    best, best_crossings = [list(x) for x in order], _total_crossings(order, succ)
    current = [list(x) for x in order]
    for sweep in range(SWEEPS):
        if best_crossings == 0:
            break
        down = sweep % 2 == 0
        layers = range(1, len(current)) if down else range(len(current) - 2, -1, -1)
        neighbours = pred if down else succ
        for k in layers:
            ref = _positions([current[k - 1] if down else current[k + 1]])
            here = {n: i for i, n in enumerate(current[k])}
            current[k] = sorted(current[k], key=partial(_barycentre, ref, neighbours, here))
        crossings = _total_crossings(current, succ)
        if crossings < best_crossings:
            best, best_crossings = [list(x) for x in current], crossings
    return best


def _barycentre(
    ref: Mapping[str, int], neighbours: Mapping[str, list[str]], here: Mapping[str, int], n: str
) -> tuple[float, int]:
    """Where a node wants to be: the mean position of its neighbours in the layer placed.

    A node without neighbours there keeps its place.
    """
    near = [ref[m] for m in neighbours.get(n, ()) if m in ref]
    return (sum(near) / len(near) if near else float(here[n]), here[n])


def _pav(desired: list[float], offsets: list[float]) -> list[float]:
    """Closest tops to `desired` (least squares) with top[i+1] >= top[i] + offsets[i]."""
    # Shift out the spacing: z[i] = top[i] - sum(offsets[:i]) must be non-decreasing.
    shift, acc = [], 0.0
    for k in range(len(desired)):
        shift.append(acc)
        if k < len(offsets):
            acc += offsets[k]
    target = [d - s for d, s in zip(desired, shift, strict=True)]
    blocks: list[list[float]] = []  # [mean, weight]
    for t in target:
        blocks.append([t, 1.0])
        while len(blocks) > 1 and blocks[-2][0] > blocks[-1][0]:
            m2, w2 = blocks.pop()
            m1, w1 = blocks.pop()
            blocks.append([(m1 * w1 + m2 * w2) / (w1 + w2), w1 + w2])
    z: list[float] = []
    for mean, weight in blocks:
        z.extend([mean] * int(weight))
    return [v + s for v, s in zip(z, shift, strict=True)]


def _align(
    order: list[list[str]],
    succ: Mapping[str, list[str]],
    pred: Mapping[str, list[str]],
    height: Mapping[str, float],
    gap: float,
) -> dict[str, float]:
    y: dict[str, float] = {}
    for nodes in order:  # start stacked from the top
        top = 0.0
        for n in nodes:
            y[n] = top
            top += height[n] + gap

    def centre(n: str) -> float:
        return y[n] + height[n] / 2

    for sweep in range(ALIGN_PASSES):
        down = sweep % 2 == 0
        layers = range(1, len(order)) if down else range(len(order) - 2, -1, -1)
        neighbours = pred if down else succ
        for k in layers:
            nodes = order[k]
            desired = []
            for n in nodes:
                near = [centre(m) for m in neighbours.get(n, ())]
                want = sum(near) / len(near) if near else centre(n)
                desired.append(want - height[n] / 2)
            offsets = [height[n] + gap for n in nodes[:-1]]
            for n, top in zip(nodes, _pav(desired, offsets), strict=True):
                y[n] = top
    low = min(y.values(), default=0.0)
    return {n: round(v - low, 1) for n, v in y.items()}
