"""The dependency graph: prerequisites left, the work that waits for them to the right.

Markup (documented, user stylesheets and tests select on it): each initiative is
`<g class="rm-node" data-id="ID">`, each link `<path class="rm-edge" data-from="ID"
data-to="ID">`, drawn from the prerequisite to the dependent.
"""

from __future__ import annotations

from collections.abc import Sequence

from ...words import INITIATIVE_STATUS, QUADRANT
from ..views.roadmap import ItemView
from .layered import Layout, layout
from .style import box_classes, quadrant_class, text_class
from .svg import TextBlock, block, e, legend, svg_root

SIZE, SMALL = 13.0, 12.0
BOX_W, GAP_X, PAD = 200.0, 72.0, 7.0


def _texts(item: ItemView) -> tuple[TextBlock, ...]:
    status = item.initiative.status
    css = "rm-on-pale" if item.placement is None and status != "done" else text_class(status)
    if status == "done":
        when = "Done"
    elif item.placement is not None:
        when = f"{item.when} · {INITIATIVE_STATUS.get(status, status)}"
    else:
        kind = item.omission.kind if item.omission else "left out"
        when = f"Not scheduled ({kind}) · {INITIATIVE_STATUS.get(status, status)}"
    inner = BOX_W - 2 * PAD
    return (
        block(item.initiative.title, inner, SIZE, bold=True, css=f"{css} rm-b", limit=8),
        block(when, inner, SMALL, css=f"{css} rm-small", limit=2),
    )


def _box_class(item: ItemView) -> str:
    if item.placement is None and item.initiative.status != "done":
        return "rm-box rm-out"
    return f"rm-box {box_classes(item.quadrant, item.initiative.status)}"


def dependencies(items: Sequence[ItemView]) -> str:
    """Every initiative that depends on another or is depended on, as a layered graph."""
    linked = {i.id: i for i in items if i.depends_on or i.dependents}
    edges = [(d, i.id) for i in linked.values() for d in i.depends_on if d in linked]
    if not edges:
        return svg_root(
            400,
            40,
            "Dependencies",
            "No initiative depends on another.",
            ['<text class="rm-small" x="4" y="24">No initiative depends on another.</text>'],
            "rm-deps",
        )
    texts = {n: _texts(item) for n, item in linked.items()}
    heights = {n: 2 * PAD + sum(t.height for t in ts) + 2 for n, ts in texts.items()}
    lay = layout(sorted(linked), sorted(edges), heights)
    x = {n: lay.layer[n] * (BOX_W + GAP_X) for n in lay.layer}
    width = len(lay.order) * (BOX_W + GAP_X) - GAP_X
    key, key_h = _legend(list(linked.values()), max(width, 400.0))
    out = [key, f'<g transform="translate(0 {key_h:.1f})">']
    out.append(
        '<defs><marker id="rm-deps-arrow" viewBox="0 0 10 10" refX="10" refY="5" '
        'markerWidth="8" markerHeight="8" orient="auto-start-reverse">'
        '<path class="rm-arrowhead" d="M 0 0 L 10 5 L 0 10 z"/></marker></defs>'
    )
    out.extend(_edges(lay, x, linked))
    for n in sorted(linked):
        item, top = linked[n], lay.y[n]
        full = f"{item.initiative.title} ({texts[n][1].lines[0]})"
        out.append(
            f'<g class="rm-node" data-id="{e(n)}"><title>{e(full)}</title>'
            f'<rect class="{_box_class(item)}" x="{x[n]:.1f}" y="{top:.1f}" width="{BOX_W}" '
            f'height="{lay.height[n]:.1f}" rx="6"/>'
        )
        cursor = top + PAD
        for t in texts[n]:
            out.append(t.svg(x[n] + PAD, cursor))
            cursor += t.height + 2
        out.append("</g>")
    out.append("</g>")
    desc = "; ".join(
        f"{linked[u].initiative.title} comes before {linked[v].initiative.title}"
        for u, v in sorted(edges)
    )
    return svg_root(
        max(width, 400.0),
        lay.bottom + key_h + 4,
        "Dependencies between initiatives",
        desc,
        out,
        "rm-deps",
    )


def _legend(items: list[ItemView], width: float) -> tuple[str, float]:
    """The colours (quadrants of committed work) and the styles in use, and the arrow."""
    solid = [i for i in items if i.placement is not None or i.initiative.status == "done"]
    entries = [
        (f"rm-swatch {quadrant_class(q)}", QUADRANT[q])
        for q in QUADRANT
        if any(i.quadrant == q for i in solid)
    ]
    entries += [
        ("rm-box rm-key rm-solid", "Committed: filled"),
        ("rm-box rm-key rm-pale", "Proposed: dashed outline"),
        ("rm-box rm-out", "Not scheduled: dotted, grey"),
        ("rm-arrow rm-edge-key", "must finish before"),
    ]
    return legend(entries, width)


def _edges(lay: Layout, x: dict[str, float], items: dict[str, ItemView]) -> list[str]:
    # Ports: a box's outgoing edges leave its right side spread over its height, in the
    # order of where they go; incoming ones arrive on its left side the same way.
    def next_y(chain: list[str], k: int) -> float:
        return lay.y[chain[k]] + lay.height[chain[k]] / 2

    outgoing: dict[str, list[tuple[float, tuple[str, str]]]] = {}
    incoming: dict[str, list[tuple[float, tuple[str, str]]]] = {}
    for edge, chain in lay.chains.items():
        outgoing.setdefault(chain[0], []).append((next_y(chain, 1), edge))
        incoming.setdefault(chain[-1], []).append((next_y(chain, -2), edge))
    port_out: dict[tuple[str, str], float] = {}
    port_in: dict[tuple[str, str], float] = {}
    for ports, table in ((port_out, outgoing), (port_in, incoming)):
        for node, ends in table.items():
            ends.sort()
            for k, (_, edge) in enumerate(ends):
                ports[edge] = lay.y[node] + lay.height[node] * (k + 1) / (len(ends) + 1)
    out = []
    for (u, v), chain in sorted(lay.chains.items()):
        px, py = x[u] + BOX_W, port_out[(u, v)]
        d = [f"M {px:.1f} {py:.1f}"]
        for node in chain[1:]:
            nx = x[node]
            ny = port_in[(u, v)] if node == v else lay.y[node] + lay.height[node] / 2
            mid = (px + nx) / 2
            d.append(f"C {mid:.1f} {py:.1f}, {mid:.1f} {ny:.1f}, {nx:.1f} {ny:.1f}")
            px, py = nx, ny
            if node != v:  # through a virtual node: straight across its column
                px = nx + BOX_W
                d.append(f"L {px:.1f} {py:.1f}")
        title = f"{items[u].initiative.title} before {items[v].initiative.title}"
        out.append(
            f'<path class="rm-edge" data-from="{e(u)}" data-to="{e(v)}" d="{" ".join(d)}" '
            f'marker-end="url(#rm-deps-arrow)"><title>{e(title)}</title></path>'
        )
    return out
