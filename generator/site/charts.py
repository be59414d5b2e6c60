"""Static SVG charts, drawn at build time.

They work with JavaScript off, print, carry a <title> and <desc> as their text
alternative, and take their colours from CSS classes that `roadmap.css` maps onto the
Material palette variables, so light and dark mode both read well. All text is
XML-escaped here; nothing from the data reaches the SVG unescaped.
"""

from __future__ import annotations

from collections.abc import Iterable
from xml.sax.saxutils import escape

from ..data.model import KeyResult
from .views import ItemView, SiteView

_QUADRANT_CLASS = {"quick-win": "qw", "strategic": "st", "fill-in": "fi", "ballast": "ba"}


def _e(text: object) -> str:
    return escape(str(text), {'"': "&quot;"})


def _svg(
    width: int, height: int, title: str, desc: str, body: Iterable[str], css_class: str
) -> str:
    # One line: a raw HTML block in Markdown must not contain blank lines.
    inner = "".join(body)
    return (
        f'<svg class="rm-chart {css_class}" role="img" viewBox="0 0 {width} {height}" '
        f'xmlns="http://www.w3.org/2000/svg" preserveAspectRatio="xMinYMin meet">'
        f"<title>{_e(title)}</title><desc>{_e(desc)}</desc>{inner}</svg>"
    )


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def timeline(view: SiteView) -> str:
    """Quarters as columns, each scheduled initiative a bar across the quarters it runs."""
    quarters = [q.quarter for q in view.quarters]
    label_w, col_w, row_h, top = 250, 170, 30, 48
    width = label_w + col_w * len(quarters)
    rows = view.scheduled
    height = top + row_h * max(1, len(rows)) + 12
    out = []
    for n, q in enumerate(view.quarters):
        x = label_w + n * col_w
        cls = "rm-col rm-now" if q.is_now else "rm-col"
        out.append(f'<rect class="{cls}" x="{x}" y="0" width="{col_w}" height="{height}"/>')
        out.append(
            f'<text class="rm-head" x="{x + col_w / 2}" y="20" text-anchor="middle">'
            f"{_e(q.label)}{' (now)' if q.is_now else ''}</text>"
        )
        if q.events:
            out.append(
                f'<text class="rm-event" x="{x + col_w / 2}" y="38" '
                f'text-anchor="middle">{_e(_clip(", ".join(q.events), 28))}</text>'
            )
    for r, item in enumerate(rows):
        p = item.placement
        assert p is not None
        y = top + r * row_h
        start, end = quarters.index(p.start), quarters.index(p.end)
        x = label_w + start * col_w + 4
        w = (end - start + 1) * col_w - 8
        cls = _QUADRANT_CLASS.get(item.quadrant, "st")
        out.append(
            f'<text class="rm-label" x="{label_w - 8}" y="{y + 19}" text-anchor="end">'
            f"{_e(_clip(item.initiative.title, 34))}</text>"
        )
        out.append(
            f'<rect class="rm-bar rm-{cls}" x="{x}" y="{y + 4}" width="{w}" '
            f'height="{row_h - 8}" rx="4"><title>{_e(item.initiative.title)}: '
            f"{_e(item.when)}</title></rect>"
        )
        out.append(
            f'<text class="rm-bar-text" x="{x + 6}" y="{y + 19}">'
            f"{_e(_clip(item.initiative.summary, int(w / 6.5)))}</text>"
        )
    desc = "; ".join(f"{i.initiative.title}: {i.when}" for i in rows) or "Nothing scheduled."
    return _svg(width, height, "Timeline of the roadmap by quarter", desc, out, "rm-timeline")


def matrix(view: SiteView, impact_threshold: int, effort_threshold: float) -> str:
    """The impact/effort 2x2 with every initiative that is not done placed on it."""
    items = [i for i in view.items if i.initiative.status != "done"]
    size, pad = 560, 56
    max_effort = max([effort_threshold * 2, *(i.initiative.effort for i in items)]) * 1.05

    def x(effort: float) -> float:
        return pad + (size - 2 * pad) * effort / max_effort

    def y(impact: float) -> float:
        return size - pad - (size - 2 * pad) * (impact - 0.5) / 5

    tx, ty = x(effort_threshold), y(impact_threshold - 0.5)
    out = [
        f'<rect class="rm-q rm-q-qw" x="{pad}" y="{pad}" width="{tx - pad}" height="{ty - pad}"/>',
        f'<rect class="rm-q rm-q-st" x="{tx}" y="{pad}" width="{size - pad - tx}" '
        f'height="{ty - pad}"/>',
        f'<rect class="rm-q rm-q-fi" x="{pad}" y="{ty}" width="{tx - pad}" '
        f'height="{size - pad - ty}"/>',
        f'<rect class="rm-q rm-q-ba" x="{tx}" y="{ty}" width="{size - pad - tx}" '
        f'height="{size - pad - ty}"/>',
        f'<text class="rm-qlabel" x="{pad + 6}" y="{pad + 16}">Quick wins</text>',
        f'<text class="rm-qlabel" x="{size - pad - 6}" y="{pad + 16}" text-anchor="end">'
        "Strategic</text>",
        f'<text class="rm-qlabel" x="{pad + 6}" y="{size - pad - 8}">Fill-ins</text>',
        f'<text class="rm-qlabel" x="{size - pad - 6}" y="{size - pad - 8}" '
        'text-anchor="end">Ballast</text>',
        f'<text class="rm-axis" x="{size / 2}" y="{size - 16}" text-anchor="middle">'
        "Effort (capacity points) →</text>",
        f'<text class="rm-axis" x="16" y="{size / 2}" text-anchor="middle" '
        f'transform="rotate(-90 16 {size / 2})">Impact →</text>',
    ]
    # Numbered dots with a legend beside the square: labels on the dots would overlap
    # wherever several initiatives share an impact level and a similar effort.
    seen: dict[tuple[int, int], int] = {}
    ordered = sorted(items, key=lambda i: (-i.initiative.impact, i.initiative.effort, i.id))
    for n, item in enumerate(ordered, 1):
        i = item.initiative
        key = (round(x(i.effort) / 14), i.impact)
        k = seen.get(key, 0)
        seen[key] = k + 1
        cx, cy = x(i.effort) + 15 * (k % 3), y(i.impact) - 15 * (k // 3)
        cls = _QUADRANT_CLASS.get(item.quadrant, "st")
        if item.placement is None:
            cls += " rm-out"
        out.append(
            f'<circle class="rm-dot rm-{cls}" cx="{cx:.1f}" cy="{cy:.1f}" r="8">'
            f"<title>{_e(i.title)}: impact {i.impact}, effort {i.effort:g}</title>"
            "</circle>"
        )
        out.append(
            f'<text class="rm-dot-num" x="{cx:.1f}" y="{cy + 4:.1f}" '
            f'text-anchor="middle">{n}</text>'
        )
        note = "" if item.placement else " (not scheduled)"
        out.append(
            f'<text class="rm-legend" x="{size + 10}" y="{pad + 4 + (n - 1) * 19}">'
            f"{n}. {_e(_clip(i.title, 34))}{note}</text>"
        )
    desc = "; ".join(
        f"{i.initiative.title}: impact {i.initiative.impact}, effort {i.initiative.effort:g}, "
        f"{i.quadrant}"
        for i in ordered
    )
    height = max(size, pad + 20 + len(ordered) * 19)
    return _svg(size + 340, height, "Impact and effort of every initiative", desc, out, "rm-matrix")


def capacity(view: SiteView) -> str:
    """Used against available capacity points per quarter."""
    n = len(view.quarters)
    col, height, base, top = 130, 190, 150, 16
    peak = max([1.0, *(max(q.load.available, q.load.used) for q in view.quarters)])
    scale = (base - top) / peak
    out = []
    for k, q in enumerate(view.quarters):
        x = 20 + k * col
        a_h, u_h = q.load.available * scale, q.load.used * scale
        over = q.load.used > q.load.available + 1e-9
        out.append(
            f'<rect class="rm-avail" x="{x}" y="{base - a_h:.1f}" width="{col - 40}" '
            f'height="{a_h:.1f}"/>'
        )
        out.append(
            f'<rect class="rm-used{" rm-over" if over else ""}" x="{x + 10}" '
            f'y="{base - u_h:.1f}" width="{col - 60}" height="{u_h:.1f}"/>'
        )
        out.append(
            f'<text class="rm-head" x="{x + (col - 40) / 2}" y="{base + 18}" '
            f'text-anchor="middle">{_e(q.label)}</text>'
        )
        out.append(
            f'<text class="rm-axis" x="{x + (col - 40) / 2}" y="{base + 34}" '
            f'text-anchor="middle">{q.load.used:g} / {q.load.available:g}</text>'
        )
    desc = "; ".join(
        f"{q.label}: {q.load.used:g} of {q.load.available:g} points used" for q in view.quarters
    )
    return _svg(40 + n * col, height, "Capacity used per quarter", desc, out, "rm-capacity")


def dependencies(view: SiteView) -> str:
    """Initiatives with dependencies, in layers: prerequisites left, dependents right."""
    linked = {i.id for i in view.items if i.depends_on or i.dependents}
    items = {i.id: i for i in view.items if i.id in linked}
    if not items:
        return _svg(
            400,
            40,
            "Dependencies",
            "No initiative depends on another.",
            ['<text class="rm-axis" x="10" y="24">No dependencies.</text>'],
            "rm-deps",
        )
    # A node's layer is one more than its deepest prerequisite's. Depth-first with an
    # explicit stack: recursion overflowed on a chain of a few hundred items.
    depth: dict[str, int] = {}
    for root in sorted(items):
        path = {root}
        stack = [(root, iter(items[root].depends_on))]
        while stack:
            node, todo = stack[-1]
            nxt = next((d for d in todo if d in items and d not in depth and d not in path), None)
            if nxt is not None:
                path.add(nxt)
                stack.append((nxt, iter(items[nxt].depends_on)))
                continue
            stack.pop()
            path.discard(node)
            if node not in depth:
                prereqs = [depth[d] for d in items[node].depends_on if d in depth]
                depth[node] = 1 + max(prereqs, default=-1)

    layers: dict[int, list[str]] = {}
    for node in sorted(items):
        layers.setdefault(depth[node], []).append(node)
    box_w, box_h, gap_x, gap_y = 190, 34, 60, 16
    pos = {}
    for col, nodes in sorted(layers.items()):
        for row, node in enumerate(nodes):
            pos[node] = (10 + col * (box_w + gap_x), 10 + row * (box_h + gap_y))
    width = 20 + (max(layers) + 1) * (box_w + gap_x)
    height = 20 + max(len(v) for v in layers.values()) * (box_h + gap_y)
    out = [
        '<defs><marker id="rm-arrow" viewBox="0 0 10 10" refX="10" refY="5" '
        'markerWidth="7" markerHeight="7" orient="auto-start-reverse">'
        '<path class="rm-arrowhead" d="M 0 0 L 10 5 L 0 10 z"/></marker></defs>'
    ]
    edges = []
    for node, item in sorted(items.items()):
        for d in item.depends_on:
            if d in pos:
                x1, y1 = pos[d][0] + box_w, pos[d][1] + box_h / 2
                x2, y2 = pos[node][0], pos[node][1] + box_h / 2
                out.append(
                    f'<path class="rm-edge" d="M {x1} {y1} C {x1 + 30} {y1}, '
                    f'{x2 - 30} {y2}, {x2} {y2}" marker-end="url(#rm-arrow)"/>'
                )
                edges.append(f"{items[d].initiative.title} before {item.initiative.title}")
    for node, (bx, by) in sorted(pos.items()):
        item = items[node]
        state = "rm-out" if item.placement is None and item.initiative.status != "done" else ""
        cls = _QUADRANT_CLASS.get(item.quadrant, "st")
        out.append(
            f'<rect class="rm-node rm-{cls} {state}" x="{bx}" y="{by}" width="{box_w}" '
            f'height="{box_h}" rx="6"/>'
        )
        out.append(
            f'<text class="rm-node-text" x="{bx + 8}" y="{by + 15}">'
            f"{_e(_clip(item.initiative.title, 27))}</text>"
        )
        sub = item.when or (
            item.initiative.status if item.initiative.status == "done" else "not scheduled"
        )
        out.append(f'<text class="rm-node-sub" x="{bx + 8}" y="{by + 28}">{_e(sub)}</text>')
    return _svg(width, height, "Dependencies between initiatives", "; ".join(edges), out, "rm-deps")


def trend(kr: KeyResult) -> str:
    """Check-ins over time against the baseline and the target."""
    w, h, pad = 420, 150, 30
    values = [c.value for c in kr.check_ins]
    refs = [v for v in (kr.baseline, kr.target) if v is not None]
    lo, hi = min(values + refs), max(values + refs)
    if hi == lo:
        hi, lo = hi + 1, lo - 1
    n = max(1, len(values) - 1)

    def y(v: float) -> float:
        return h - pad - (h - 2 * pad) * (v - lo) / (hi - lo)

    out = []
    for label, v in (("baseline", kr.baseline), ("target", kr.target)):
        if v is not None:
            out.append(
                f'<line class="rm-ref rm-{label}" x1="{pad}" x2="{w - pad}" '
                f'y1="{y(v):.1f}" y2="{y(v):.1f}"/>'
            )
            out.append(
                f'<text class="rm-axis" x="{w - pad}" y="{y(v) - 4:.1f}" '
                f'text-anchor="end">{label} {v:g}</text>'
            )
    points = [(pad + (w - 2 * pad) * k / n, y(c.value)) for k, c in enumerate(kr.check_ins)]
    if len(points) > 1:
        d = " ".join(f"{px:.1f},{py:.1f}" for px, py in points)
        out.append(f'<polyline class="rm-line" points="{d}"/>')
    for (px, py), c in zip(points, kr.check_ins, strict=True):
        out.append(
            f'<circle class="rm-point" cx="{px:.1f}" cy="{py:.1f}" r="4">'
            f"<title>{c.date.isoformat()}: {c.value:g}</title></circle>"
        )
        out.append(
            f'<text class="rm-axis" x="{px:.1f}" y="{h - 8}" text-anchor="middle">'
            f"{c.date.isoformat()[5:]}</text>"
        )
    desc = ", ".join(f"{c.date.isoformat()}: {c.value:g}" for c in kr.check_ins)
    return _svg(w, h, f"Check-ins for {kr.title}", desc or "No check-ins yet.", out, "rm-trend")


def progress(score: float | None) -> str:
    """A small horizontal bar for a 0..1 score."""
    value = 0.0 if score is None else score
    label = "not scored" if score is None else f"{score:.2f}"
    return _svg(
        120,
        14,
        f"Score {label}",
        f"Score {label} of 1.0",
        [
            '<rect class="rm-track" x="0" y="2" width="120" height="10" rx="5"/>',
            f'<rect class="rm-fill" x="0" y="2" width="{120 * value:.1f}" height="10" rx="5"/>',
        ],
        "rm-progress",
    )


def item_anchor(item: ItemView) -> str:
    return f"initiatives/{item.id}.md"
