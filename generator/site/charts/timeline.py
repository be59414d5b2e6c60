"""The timeline: quarters as columns, each scheduled initiative a box across its quarters.

Boxes carry the whole title, the status in words with the owner, and the whole
summary, wrapped to the box; the row grows to fit. Work that does not overlap in time
shares a row (greedy lane packing in plan order). A legend at the top names every
colour and style.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ...words import INITIATIVE_STATUS, QUADRANT
from ..views.roadmap import ItemView, QuarterView
from .style import (
    STANDALONE_CSS,
    box_classes,
    quadrant_class,
    status_classes,
    text_class,
)
from .svg import TextBlock, block, e, legend, svg_root

SIZE, SMALL = 13.0, 12.0
PAD = 7.0  # inside a box
GAP = 6.0  # between rows and around boxes
MIN_COLUMN = 150.0  # six quarters fit a desktop page without its table of contents
# Enough for the longest title (120 characters) and summary (240) the schema allows.
TITLE_LINES, SUMMARY_LINES = 10, 18


@dataclass(frozen=True)
class _Box:
    item: ItemView
    first: int  # column index
    span: int
    texts: tuple[TextBlock, ...]

    @property
    def height(self) -> float:
        return PAD * 2 + sum(t.height for t in self.texts) + 2 * (len(self.texts) - 1)


def _box(item: ItemView, first: int, span: int, inner: float) -> _Box:
    status = item.initiative.status
    css = text_class(status)
    meta = INITIATIVE_STATUS.get(status, status)
    if status == "in-progress":
        meta = "▶ " + meta
    if item.owner:
        meta += f" · {item.owner}"
    texts = [
        block(item.initiative.title, inner, SIZE, bold=True, css=f"{css} rm-b", limit=TITLE_LINES),
        block(meta, inner, SMALL, css=f"{css} rm-small", limit=2),
    ]
    if item.initiative.summary != item.initiative.title:
        texts.append(block(item.initiative.summary, inner, SIZE, css=css, limit=SUMMARY_LINES))
    return _Box(item, first, span, tuple(texts))


def _lanes(boxes: list[_Box]) -> list[list[_Box]]:
    """Pack boxes into rows: each goes into the first row that is free from its quarter."""
    lanes: list[list[_Box]] = []
    ends: list[int] = []
    for b in boxes:
        for n, end in enumerate(ends):
            if end < b.first:
                lanes[n].append(b)
                ends[n] = b.first + b.span - 1
                break
        else:
            lanes.append([b])
            ends.append(b.first + b.span - 1)
    return lanes


def _legend(items: Sequence[ItemView], width: float) -> tuple[list[str], float]:
    """Swatches for the colours and styles in use, wrapped to the width."""
    quadrants = [q for q in QUADRANT if any(i.quadrant == q for i in items)]
    statuses = [
        s
        for s in ("proposed", "planned", "in-progress")
        if any(i.initiative.status == s for i in items)
    ]
    entries: list[tuple[str, str]] = [
        (f"rm-swatch {quadrant_class(q)}", QUADRANT[q]) for q in quadrants
    ]
    for s in statuses:
        word = {
            "proposed": "Proposed: dashed outline",
            "planned": "Planned: solid",
            "in-progress": "In progress: solid, heavy outline",
        }[s]
        entries.append((f"rm-box rm-key {status_classes(s)}", word))
    key, height = legend(entries, width)
    return [key], height


def timeline(
    items: Sequence[ItemView],
    quarters: Sequence[QuarterView],
    *,
    width: float = 900.0,
    standalone: bool = False,
    title: str = "Timeline of the roadmap by quarter",
    heading: str = "",
) -> str:
    """The timeline of `items` (scheduled ones) over `quarters`, `width` px wide or wider."""
    labels = [q.quarter for q in quarters]
    col = max(MIN_COLUMN, width / max(1, len(quarters)))
    total_w = col * len(quarters)
    out: list[str] = []
    legend, y = _legend(items, total_w)
    if heading:  # a chart that travels alone says what it is
        head = block(heading, total_w - 8, 18, bold=True, css="rm-b rm-heading", limit=2)
        legend = [head.svg(0, 0), *(_shift(part, head.height + 10) for part in legend)]
        y += head.height + 10
    # Quarter headings, with the calendar events that shape each quarter beneath.
    head_blocks = []
    for q in quarters:
        name = q.label + (" (now)" if q.is_now else "")
        parts = [block(name, col - 12, SIZE, bold=True, css="rm-head", limit=1)]
        if q.events:
            parts.append(
                block("; ".join(q.events), col - 12, SMALL, css="rm-small rm-muted", limit=6)
            )
        head_blocks.append(parts)
    head_h = max(sum(b.height for b in parts) for parts in head_blocks) + 10
    body_top = y + head_h
    rows: list[str] = []
    cursor = body_top + GAP
    boxes = []
    for item in items:
        p = item.placement
        if p is None or p.start not in labels or p.end not in labels:
            continue
        first = labels.index(p.start)
        span = labels.index(p.end) - first + 1
        boxes.append(_box(item, first, span, span * col - 2 * GAP - 2 * PAD))
    for lane in _lanes(boxes):
        lane_h = max(b.height for b in lane)
        for b in lane:
            rows.append(_draw(b, col, cursor, lane_h))
        cursor += lane_h + GAP
    height = cursor + GAP
    if standalone:
        out.append(f'<rect class="rm-bg" x="0" y="0" width="{total_w:.1f}" height="{height:.1f}"/>')
    for n, q in enumerate(quarters):
        x = n * col
        cls = "rm-col rm-now" if q.is_now else "rm-col"
        out.append(
            f'<rect class="{cls}" x="{x:.1f}" y="{y:.1f}" width="{col:.1f}" '
            f'height="{height - y:.1f}"/>'
        )
        top = y + 6
        for hb in head_blocks[n]:
            out.append(hb.svg(x + col / 2, top, anchor="middle"))
            top += hb.height
    out.extend(legend)
    out.extend(rows)
    desc = "; ".join(
        f"{i.initiative.title}: {i.when}, {INITIATIVE_STATUS.get(i.initiative.status, '')}"
        for i in items
        if i.placement
    )
    return svg_root(
        total_w,
        height,
        title,
        desc or "Nothing scheduled.",
        out,
        "rm-timeline",
        style=STANDALONE_CSS if standalone else "",
    )


def _shift(element: str, dy: float) -> str:
    return f'<g transform="translate(0 {dy:.1f})">{element}</g>'


def _draw(b: _Box, col: float, top: float, lane_h: float) -> str:
    item = b.item
    x = b.first * col + GAP
    w = b.span * col - 2 * GAP
    cls = box_classes(item.quadrant, item.initiative.status)
    full = f"{item.initiative.title}: {item.initiative.summary} ({item.when})"
    parts = [
        f'<g class="rm-item" data-id="{e(item.id)}"><title>{e(full)}</title>'
        f'<rect class="rm-box {cls}" x="{x:.1f}" y="{top:.1f}" width="{w:.1f}" '
        f'height="{lane_h:.1f}" rx="5"/>'
    ]
    cursor = top + PAD
    for t in b.texts:
        parts.append(t.svg(x + PAD, cursor))
        cursor += t.height + 2
    parts.append("</g>")
    return "".join(parts)
